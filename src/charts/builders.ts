/**
 * Chart builders: small typed functions that turn tidy result rows into Vega-Lite specs.
 * Each returns a plain JSON spec (no rendering); render with `renderSvg`/`renderPng`/`saveChart`
 * or show in a notebook with `showChart`. Labels in English or Dutch (`lang`), colours from the
 * colour-blind-safe palette in `theme.ts`, groups always in the same colour.
 *
 * Disclosure. vega writes every data point of a spec into the SVG's accessibility labels, and the
 * spec itself (`.vl.json`) holds its data, so a chart publishes whatever rows it was given. Every
 * builder that receives individual scores therefore has two modes (`disclosure`):
 * - `'share'` (the default): no individual exact value leaves the builder. Individual displays are
 *   binned ({@link disclosureStep}: a score is shown as the bin it falls in, e.g. "55–60", and people
 *   in the same bins are drawn as one mark with a count); group statistics (means, CIs, category
 *   shares) of fewer than `minGroupSize` people (default {@link DEFAULT_MIN_GROUP_SIZE}) are left
 *   out and the chart says so.
 * - `'private'`: exact individual values (for the analyst's own screen), participants numbered by
 *   a seeded random permutation ({@link participantNumbers}); the chart title says PRIVATE.
 */
import { GROUP_COLORS, CATEGORY_COLORS, PALETTE, label, type Lang } from './theme.js';
import type { VegaLiteSpec } from './render.js';
import { createRng } from '../stats/random.js';
import { randomInt } from 'node:crypto';

/** `share`: no individual exact values (binned displays, small groups left out); `private`: exact values. */
export type DisclosureMode = 'share' | 'private';

/** Smallest group whose statistics (mean, CI, shares) a shared output shows. */
export const DEFAULT_MIN_GROUP_SIZE = 5;

export interface DisclosureOptions {
  /** Default `'share'`: nothing individual is published exactly (see the module notes). */
  disclosure?: DisclosureMode;
  /** Share mode: smallest group for a group statistic (default 5). */
  minGroupSize?: number;
  /** Private mode: seed of the permutation that numbers participants (default: a fresh random seed). */
  seed?: number;
}

export interface CommonChartOptions extends DisclosureOptions {
  title?: string;
  /** Axis title for the outcome (e.g. "PSOC total"). */
  yTitle?: string;
  lang?: Lang;
  width?: number;
  height?: number;
}

/** Colour scale of the groups (fixed colour per group, in the order given). */
export function groupScale(groups: string[], lang: Lang) {
  const domain = groups.map((g) => label(g, lang));
  const range = groups.map((g, i) => GROUP_COLORS[g] ?? Object.values(PALETTE)[i % 8]);
  return { domain, range };
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function modeOf(o: DisclosureOptions): DisclosureMode {
  return o.disclosure ?? 'share';
}

function minGroup(o: DisclosureOptions): number {
  return o.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
}

/** The chart title, with "PRIVATE" in front in private mode (individual values inside). */
function chartTitle(title: string | undefined, o: DisclosureOptions & { lang?: Lang }, subtitle?: string | string[]): unknown {
  const priv = modeOf(o) === 'private';
  const mark = o.lang === 'nl' ? 'VERTROUWELIJK (individuele waarden)' : 'PRIVATE (individual values)';
  const text = priv ? `${mark}${title ? ` — ${title}` : ''}` : title;
  if (text === undefined && !subtitle) return undefined;
  return subtitle ? { text: text ?? '', subtitle } : text;
}

/** Sentence shown under a shared chart from which small groups were left out. */
export function smallGroupSentence(n: number, lang: Lang = 'en'): string {
  return lang === 'nl' ? `Groepen met minder dan ${n} deelnemers zijn niet getoond.` : `Groups of fewer than ${n} participants are not shown.`;
}

/**
 * Charts never carry participant ids: vega writes every data point into the SVG's accessibility
 * labels, so even a pseudonymous id would be published with the figure. Each distinct id gets a
 * number 1…n drawn by a seeded random permutation (Fisher–Yates with xoshiro128**), so the numbers
 * follow neither the ids nor the order of the data file. Without a seed, a fresh random seed is used
 * (numbers then differ between runs); give `seed` for a reproducible figure.
 *
 * @example
 * const m = participantNumbers(['b', 'a', 'b', 'c'], 7);
 * [...m.values()].sort(); // ['1', '2', '3'] (a permutation, fixed by the seed)
 */
export function participantNumbers(ids: readonly string[], seed?: number): Map<string, string> {
  const distinct = uniq([...ids]);
  const numbers = createRng(seed ?? randomInt(2 ** 31)).shuffle(distinct.map((_, i) => i + 1));
  return new Map(distinct.map((id, i) => [id, String(numbers[i])]));
}

function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/**
 * Bin width that shared charts use to show individual scores: a "nice" step (1, 2, 2.5, 5 × 10^k) of
 * about 1/`bins` of the range, at least 2 when every value is a whole number (so a bin always holds two
 * possible scores and never pins one exactly).
 *
 * @example
 * disclosureStep([40, 52, 61, 75]); // 5
 * disclosureStep([1, 2, 3]);        // 2
 */
export function disclosureStep(values: readonly number[], bins = 8): number {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return 1;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  let step = niceStep((hi - lo) / bins);
  if (v.every((x) => Number.isInteger(x)) && step < 2) step = 2;
  return step;
}

/** The bin `[start, start + step)` a value falls in. */
export function binStart(x: number, step: number): number {
  return +(Math.floor(x / step + 1e-9) * step).toPrecision(12);
}

/**
 * Where a bin is drawn: its midpoint, moved half a point down when that midpoint is a whole number
 * and the data are whole numbers (so the drawn position is never a score anyone can have).
 */
export function binPosition(start: number, step: number, integerData: boolean): number {
  const mid = start + step / 2;
  return integerData && Number.isInteger(mid) ? mid - 0.5 : mid;
}

function binLabel(start: number, step: number): string {
  const f = (x: number) => String(+x.toPrecision(10));
  return `${f(start)}–${f(start + step)}`;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

// ---------------------------------------------------------------------------------------------
// Interaction plot: means ± 95% CI by group over waves, the norm group as a band

export interface MeanRow {
  group: string;
  wave: string;
  mean: number;
  lower: number;
  upper: number;
  n: number;
}

export interface InteractionPlotOptions extends CommonChartOptions {
  /** Norm (reference) range drawn as a horizontal band, e.g. the norm group's 95% CI or mean ± 1 SD. */
  normBand?: { lower: number; upper: number; label?: string };
  /** A labelled horizontal reference line, e.g. the clinical cut-off. */
  referenceLine?: { value: number; label: string };
}

/** Means with 95% CIs per group over waves (lines with error bars), optional norm band and reference line; the y axis holds every CI. */
export function interactionPlot(input: MeanRow[], options: InteractionPlotOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const k = minGroup(options);
  const rows = modeOf(options) === 'share' ? input.filter((r) => r.n >= k) : input;
  const dropped = rows.length < input.length;
  const groups = uniq(rows.map((r) => r.group));
  // Waves on a numeric axis (T3 → 3) so the groups can be dodged a little and still be joined by lines.
  const dodge = 0.06;
  const data = rows.map((r) => ({
    ...r,
    groupLabel: label(r.group, lang),
    x: waveNumber(r.wave) + (groups.indexOf(r.group) - (groups.length - 1) / 2) * dodge,
  }));
  const waveNumbers = uniq(input.map((r) => waveNumber(r.wave))).sort((a, b) => a - b);
  const color = { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) };
  const x = {
    field: 'x',
    type: 'quantitative',
    title: label('wave', lang),
    scale: { domain: [waveNumbers[0] - 0.4, waveNumbers[waveNumbers.length - 1] + 0.4], nice: false, zero: false },
    axis: { values: waveNumbers, labelExpr: "'T' + datum.value", grid: false },
  };
  const yTitle = options.yTitle ?? label('mean', lang);
  const yVals = [...rows.flatMap((r) => [r.lower, r.upper, r.mean]), ...(options.normBand ? [options.normBand.lower, options.normBand.upper] : []), ...(options.referenceLine ? [options.referenceLine.value] : [])].filter(Number.isFinite);
  const span = yVals.length ? Math.max(...yVals) - Math.min(...yVals) : 1;
  const yScale = yVals.length ? { domain: [Math.min(...yVals) - 0.05 * span, Math.max(...yVals) + 0.08 * span], nice: false, zero: false } : { zero: false };
  const width = options.width ?? 420;
  const layers: Record<string, unknown>[] = [];
  if (options.normBand) {
    layers.push({
      data: { values: [{ lower: options.normBand.lower, upper: options.normBand.upper, text: options.normBand.label ?? label('norm', lang) }] },
      layer: [
        { mark: { type: 'rect', color: PALETTE.grey, opacity: 0.18 }, encoding: { y: { field: 'lower', type: 'quantitative', scale: yScale, title: yTitle }, y2: { field: 'upper' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, color: '#555', fontSize: 10 }, encoding: { text: { field: 'text' }, y: { field: 'upper', type: 'quantitative' }, x: { value: width - 4 } } },
      ],
    });
  }
  if (options.referenceLine) {
    layers.push({
      data: { values: [{ v: options.referenceLine.value, text: options.referenceLine.label }] },
      layer: [
        { mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { y: { field: 'v', type: 'quantitative', scale: yScale, title: yTitle } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, color: PALETTE.vermillion, fontSize: 10 }, encoding: { text: { field: 'text' }, y: { field: 'v', type: 'quantitative' }, x: { value: 0 } } },
      ],
    });
  }
  layers.push({
    data: { values: data },
    layer: [
      { mark: { type: 'line', point: { size: 50 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle, scale: yScale }, color, tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'wave' }, { field: 'mean', format: '.2f' }, { field: 'lower', format: '.2f' }, { field: 'upper', format: '.2f' }, { field: 'n' }] } },
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: yTitle, scale: yScale }, y2: { field: 'upper' }, color } },
    ],
  });
  const ci = lang === 'nl' ? 'Foutbalken: 95%-betrouwbaarheidsinterval van het gemiddelde.' : 'Error bars: 95% confidence interval of the mean.';
  return {
    title: chartTitle(options.title, options, dropped ? [ci, smallGroupSentence(k, lang)] : ci),
    width,
    height: options.height ?? 280,
    layer: layers,
  };
}

// ---------------------------------------------------------------------------------------------
// Paired slope plot: each participant's pre and post score

export interface PairedRow {
  participant: string;
  group?: string;
  pre: number;
  post: number;
}

/**
 * One line per participant from pre to post (share mode: one line per pair of score bins, as thick as
 * the number of people in it), with the group mean drawn bold; one panel per group.
 */
export function pairedSlopePlot(rows: PairedRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const share = modeOf(options) === 'share';
  const k = minGroup(options);
  const pre = label('pre', lang);
  const post = label('post', lang);
  const groups = uniq(rows.map((r) => r.group ?? 'homestart'));
  const values: Record<string, unknown>[] = [];
  const notes: string[] = [];
  if (share) {
    const step = disclosureStep(rows.flatMap((r) => [r.pre, r.post]));
    const whole = rows.every((r) => Number.isInteger(r.pre) && Number.isInteger(r.post));
    const cells = new Map<string, { group: string; a: number; b: number; count: number }>();
    for (const r of rows) {
      const g = r.group ?? 'homestart';
      const a = binStart(r.pre, step);
      const b = binStart(r.post, step);
      const key = `${g}|${a}|${b}`;
      const c = cells.get(key) ?? { group: g, a, b, count: 0 };
      c.count++;
      cells.set(key, c);
    }
    let i = 0;
    for (const c of cells.values()) {
      i++;
      const text = `${binLabel(c.a, step)} → ${binLabel(c.b, step)}: ${c.count}`;
      values.push({ kind: 'pair', pair: String(i), group: label(c.group, lang), time: pre, score: binPosition(c.a, step, whole), bin: binLabel(c.a, step), count: c.count, text });
      values.push({ kind: 'pair', pair: String(i), group: label(c.group, lang), time: post, score: binPosition(c.b, step, whole), bin: binLabel(c.b, step), count: c.count, text });
    }
    notes.push(lang === 'nl' ? `Individuele scores afgerond op klassen van ${step} (middelpunt getoond); lijndikte = aantal deelnemers.` : `Individual scores shown as bins of width ${step} (midpoints); line width = number of participants.`);
  } else {
    const num = participantNumbers(rows.map((r) => r.participant), options.seed);
    for (const r of rows) {
      const g = label(r.group ?? 'homestart', lang);
      values.push({ kind: 'pair', pair: num.get(r.participant), group: g, time: pre, score: r.pre, count: 1 });
      values.push({ kind: 'pair', pair: num.get(r.participant), group: g, time: post, score: r.post, count: 1 });
    }
  }
  let dropped = false;
  for (const g of groups) {
    const gr = rows.filter((r) => (r.group ?? 'homestart') === g);
    if (share && gr.length < k) {
      dropped = true;
      continue;
    }
    values.push({ kind: 'mean', group: label(g, lang), time: pre, score: mean(gr.map((r) => r.pre)), n: gr.length });
    values.push({ kind: 'mean', group: label(g, lang), time: post, score: mean(gr.map((r) => r.post)), n: gr.length });
  }
  if (dropped) notes.push(smallGroupSentence(k, lang));
  notes.push(lang === 'nl' ? 'Dikke lijn: groepsgemiddelde.' : 'Bold line: group mean.');
  const x = { field: 'time', type: 'ordinal', title: null, sort: [pre, post], scale: { padding: 0.3 }, axis: { labelAngle: 0 } };
  const y = { field: 'score', type: 'quantitative', title: options.yTitle ?? label('score', lang), scale: { zero: false } };
  const pairTooltip = share ? [{ field: 'bin', title: label('score', lang) }, { field: 'count', title: label('participants', lang) }] : [{ field: 'pair', title: '#' }, { field: 'score' }];
  const layer = [
    {
      transform: [{ filter: "datum.kind === 'pair'" }],
      mark: { type: 'line', opacity: share ? 0.5 : 0.25, strokeCap: 'round' },
      encoding: {
        x, y, detail: { field: 'pair' }, color: { value: PALETTE.grey },
        strokeWidth: share ? { field: 'count', type: 'quantitative', title: label('participants', lang), scale: { range: [1, 6] } } : { value: 1 },
        tooltip: pairTooltip,
        ...(share ? { description: { field: 'text' } } : {}),
      },
    },
    {
      transform: [{ filter: "datum.kind === 'mean'" }],
      mark: { type: 'line', strokeWidth: 3, point: true },
      encoding: { x, y, color: { field: 'group', type: 'nominal', legend: null, scale: groupScale(groups, lang) }, tooltip: [{ field: 'group' }, { field: 'time' }, { field: 'score', format: '.2f', title: label('mean', lang) }, { field: 'n' }] },
    },
  ];
  const panel = { width: options.width ?? 220, height: options.height ?? 300 };
  const title = chartTitle(options.title, options, notes);
  if (groups.length === 1) return { title, ...panel, data: { values }, layer };
  return {
    title,
    data: { values },
    facet: { column: { field: 'group', title: null, sort: groups.map((g) => label(g, lang)) } },
    spec: { ...panel, layer },
  };
}

// ---------------------------------------------------------------------------------------------
// Change distribution

export interface ChangeRow {
  group: string;
  change: number;
}

/**
 * Histogram of change scores with a labelled zero line; one panel per group (stacked vertically on
 * the same x axis, so bars never overlap and every colour is in the legend). The bins are computed
 * here (never from raw values in the spec); in share mode a bin is at least 2 points wide for whole-number
 * changes, so no bar pins one person's exact change.
 */
export function changeDistribution(rows: ChangeRow[], options: CommonChartOptions & { binStep?: number } = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = uniq(rows.map((r) => r.group));
  const changes = rows.map((r) => r.change).filter(Number.isFinite);
  const step = options.binStep ?? (modeOf(options) === 'share' ? disclosureStep(changes, 16) : niceStep(((Math.max(...changes) - Math.min(...changes)) || 1) / 16));
  const counts = new Map<string, { group: string; start: number; count: number }>();
  for (const r of rows) {
    if (!Number.isFinite(r.change)) continue;
    const s = binStart(r.change, step);
    const key = `${r.group}|${s}`;
    const c = counts.get(key) ?? { group: r.group, start: s, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  const values = [...counts.values()].map((c) => ({
    groupLabel: label(c.group, lang), start: c.start, end: c.start + step, bin: binLabel(c.start, step), count: c.count,
    text: `${label(c.group, lang)}, ${label('change', lang).toLowerCase()} ${binLabel(c.start, step)}: ${c.count}`,
  }));
  const xTitle = options.yTitle ?? label('change', lang);
  const xs = values.flatMap((v) => [v.start, v.end]).concat([0]);
  const xScale = { domain: [Math.min(...xs), Math.max(...xs)], nice: false };
  const zeroText = lang === 'nl' ? 'geen verandering' : 'no change';
  const layer = [
    {
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: { field: 'start', type: 'quantitative', title: xTitle, scale: xScale },
        x2: { field: 'end' },
        y: { field: 'count', type: 'quantitative', title: label('participants', lang) },
        y2: { datum: 0 },
        color: { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) },
        tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'bin', title: xTitle }, { field: 'count', title: label('participants', lang) }],
        description: { field: 'text' },
      },
    },
    { data: { values: [{ v: 0, text: zeroText }] }, layer: [
      { mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { field: 'v', type: 'quantitative', scale: xScale } } },
      { mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 2, fontSize: 10, color: '#333' }, encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'text' } } },
    ] },
  ];
  const width = options.width ?? 420;
  const note = lang === 'nl' ? `Klassebreedte ${step}.` : `Bin width ${step}.`;
  if (groups.length === 1) return { title: chartTitle(options.title, options, note), width, height: options.height ?? 200, data: { values }, layer };
  // one panel per group: the zero line layer has its own data, which a facet cannot split, so vconcat.
  return {
    title: chartTitle(options.title, options, note),
    vconcat: groups.map((g) => ({
      width,
      height: options.height ?? 120,
      data: { values: values.filter((v) => v.groupLabel === label(g, lang)) },
      layer,
    })),
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}

// ---------------------------------------------------------------------------------------------
// Jacobson–Truax plot

export interface JacobsonTruaxPoint {
  participant: string;
  pre: number;
  post: number;
  category: 'recovered' | 'improved' | 'unchanged' | 'deteriorated' | 'harmed' | string;
  group?: string;
}

export interface JacobsonTruaxOptions extends CommonChartOptions {
  /** Half-width of the reliable-change band in raw score units: 1.96 · S_diff. */
  reliableChange: number;
  /** Clinical cut-off (raw score); drawn on both axes. */
  cutoff?: number;
  /** Axis range; derived from the data when absent. */
  domain?: [number, number];
}

/**
 * Pre (x) vs post (y) with the no-change diagonal, the reliable-change band and the labelled cut-off.
 * Share mode: people are counted per cell of a score grid and category (point size = count), so a
 * point stands for a bin of scores, not one person's exact pair.
 */
export function jacobsonTruaxPlot(points: JacobsonTruaxPoint[], options: JacobsonTruaxOptions): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const share = modeOf(options) === 'share';
  const all = points.flatMap((p) => [p.pre, p.post]);
  const pad = Math.max(options.reliableChange, 1);
  // share mode: the axis range comes from the bins, so it never reveals the lowest or highest score
  const step = disclosureStep(all, 12);
  const auto: [number, number] = share
    ? [binStart(Math.min(...all) - pad, step), binStart(Math.max(...all) + pad, step) + step]
    : [Math.min(...all) - pad, Math.max(...all) + pad];
  const domain = options.domain ?? auto;
  // the diagonal and the band run a little past the axes (clipped), so their end points are not
  // round numbers that could be read as someone's score
  const lo = domain[0] - 0.37 * step;
  const hi = domain[1] + 0.37 * step;
  const rc = options.reliableChange;
  const band = [
    { x: lo, y: lo - rc, y2: lo + rc },
    { x: hi, y: hi - rc, y2: hi + rc },
  ];
  const cats = ['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed'];
  const scale = { domain: cats.map((c) => label(c, lang)), range: cats.map((c) => CATEGORY_COLORS[c]) };
  const xEnc = { type: 'quantitative', scale: { domain, nice: false }, title: `${label('pre', lang)}${options.yTitle ? ` — ${options.yTitle}` : ''}` };
  const yEnc = { type: 'quantitative', scale: { domain, nice: false }, title: `${label('post', lang)}${options.yTitle ? ` — ${options.yTitle}` : ''}` };
  const layers: Record<string, unknown>[] = [
    { data: { values: band }, mark: { type: 'area', color: PALETTE.grey, opacity: 0.2, clip: true }, encoding: { x: { field: 'x', ...xEnc }, y: { field: 'y', ...yEnc }, y2: { field: 'y2' } } },
    { data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] }, mark: { type: 'line', color: '#333', strokeWidth: 1, clip: true }, encoding: { x: { field: 'x', ...xEnc }, y: { field: 'y', ...yEnc } } },
  ];
  if (options.cutoff !== undefined) {
    const text = `${lang === 'nl' ? 'afkappunt' : 'cut-off'} ${+options.cutoff.toFixed(1)}`;
    layers.push(
      { data: { values: [{ c: options.cutoff }] }, mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { x: { field: 'c', type: 'quantitative' } } },
      { data: { values: [{ c: options.cutoff }] }, mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { y: { field: 'c', type: 'quantitative' } } },
      { data: { values: [{ c: options.cutoff, text }] }, mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 10, color: PALETTE.vermillion }, encoding: { y: { field: 'c', type: 'quantitative' }, x: { value: 0 }, text: { field: 'text' } } },
    );
  }
  const notes = [lang === 'nl' ? 'Diagonaal: geen verandering; grijze band: geen betrouwbare verandering (|RCI| ≤ 1,96).' : 'Diagonal: no change; grey band: no reliable change (|RCI| ≤ 1.96).'];
  if (share) {
    const cells = new Map<string, { a: number; b: number; category: string; count: number }>();
    for (const p of points) {
      const a = binStart(p.pre, step);
      const b = binStart(p.post, step);
      const key = `${a}|${b}|${p.category}`;
      const c = cells.get(key) ?? { a, b, category: p.category, count: 0 };
      c.count++;
      cells.set(key, c);
    }
    const whole = all.every((v) => Number.isInteger(v));
    const values = [...cells.values()].map((c) => ({
      pre: binPosition(c.a, step, whole), post: binPosition(c.b, step, whole), preBin: binLabel(c.a, step), postBin: binLabel(c.b, step), categoryLabel: label(c.category, lang), count: c.count,
      text: `${label('pre', lang)} ${binLabel(c.a, step)}, ${label('post', lang)} ${binLabel(c.b, step)}, ${label(c.category, lang)}: ${c.count}`,
    }));
    layers.push({
      data: { values },
      mark: { type: 'point', filled: true, opacity: 0.85 },
      encoding: {
        x: { field: 'pre', ...xEnc },
        y: { field: 'post', ...yEnc },
        color: { field: 'categoryLabel', type: 'nominal', title: null, scale },
        size: { field: 'count', type: 'quantitative', title: label('participants', lang), scale: { range: [30, 300], zero: false }, legend: { format: 'd' } },
        tooltip: [{ field: 'preBin', title: label('pre', lang) }, { field: 'postBin', title: label('post', lang) }, { field: 'categoryLabel' }, { field: 'count', title: label('participants', lang) }],
        description: { field: 'text' },
      },
    });
    notes.push(lang === 'nl' ? `Scores in klassen van ${step}; puntgrootte = aantal deelnemers.` : `Scores in bins of ${step}; point size = number of participants.`);
  } else {
    const num = participantNumbers(points.map((p) => p.participant), options.seed);
    layers.push({
      data: { values: points.map((p) => ({ pre: p.pre, post: p.post, participant: num.get(p.participant), categoryLabel: label(p.category, lang) })) },
      mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
      encoding: {
        x: { field: 'pre', ...xEnc },
        y: { field: 'post', ...yEnc },
        color: { field: 'categoryLabel', type: 'nominal', title: null, scale },
        tooltip: [{ field: 'participant', title: '#' }, { field: 'pre' }, { field: 'post' }, { field: 'categoryLabel' }],
      },
    });
  }
  return { title: chartTitle(options.title, options, notes), width: options.width ?? 360, height: options.height ?? 360, layer: layers };
}

// ---------------------------------------------------------------------------------------------
// Forest plot

export interface ForestRow {
  outcome: string;
  estimate: number;
  lower: number;
  upper: number;
  /** Optional sub-label, e.g. the comparison or the group. */
  group?: string;
  /** The sign was reversed against the table (a lower score is better): the label gets a dagger (†) and the chart says so. */
  reversed?: boolean;
}

export interface ForestPlotOptions extends CommonChartOptions {
  xTitle?: string;
  /** Reference lines, e.g. [-0.2, 0.2]; each is labelled with its value (and `referenceLabel`). */
  references?: number[];
  /** Text beside the reference values, e.g. "small effect". */
  referenceLabel?: string;
  /** The sign convention, stated under the title (e.g. "Positive = improvement. † sign reversed against Table 2."). */
  signNote?: string;
  labelLimit?: number;
}

/**
 * Effect sizes with CIs across outcomes, a labelled zero line and labelled reference lines; the x axis
 * always holds every interval, 0 and the reference lines (never cut at the edge).
 */
export function forestPlot(rows: ForestRow[], options: ForestPlotOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const data = rows.map((r) => ({ ...r, outcomeLabel: r.reversed ? `${r.outcome} †` : r.outcome }));
  // long outcome names ("NOSIK ouderdomein (parent domain)") need more than vega's default 180 px
  const y = { field: 'outcomeLabel', type: 'nominal', title: null, sort: data.map((r) => r.outcomeLabel), axis: { labelLimit: options.labelLimit ?? 440 } };
  const refs = options.references ?? [];
  const xs = [0, ...refs, ...rows.flatMap((r) => [r.lower, r.upper, r.estimate])].filter(Number.isFinite);
  const span = Math.max(...xs) - Math.min(...xs) || 1;
  const xScale = { domain: [Math.min(...xs) - 0.06 * span, Math.max(...xs) + 0.06 * span], nice: false, zero: false };
  const x = { type: 'quantitative', title: options.xTitle ?? label('effectSize', lang), scale: xScale };
  const fmtRef = (v: number) => (lang === 'nl' ? String(v).replace('.', ',') : String(v)).replace('-', '−');
  const refValues = [{ v: 0, text: '0', dash: [1, 0] }, ...refs.map((v) => ({ v, text: fmtRef(v), dash: [3, 3] }))];
  const refNote = refs.length && options.referenceLabel
    ? `${lang === 'nl' ? 'Stippellijnen' : 'Dashed lines'}: ${refs.map(fmtRef).join(lang === 'nl' ? ' en ' : ' and ')} ${options.referenceLabel}.`
    : undefined;
  const subtitle = [options.signNote, refNote].filter((x): x is string => !!x);
  const height = options.height ?? Math.max(60, 28 * rows.length);
  return {
    title: chartTitle(options.title, options, subtitle.length ? subtitle : undefined),
    width: options.width ?? 380,
    height,
    data: { values: data },
    layer: [
      { data: { values: refValues }, mark: { type: 'rule', color: '#888' }, encoding: { x: { field: 'v', ...x }, strokeDash: { field: 'dash', type: 'nominal', scale: null, legend: null } } },
      { data: { values: refValues }, mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 9, color: '#555', y: 0 }, encoding: { x: { field: 'v', ...x }, text: { field: 'text' } } },
      { mark: { type: 'rule', strokeWidth: 2, color: PALETTE.blue }, encoding: { y, x: { field: 'lower', ...x }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 70, shape: 'square', color: PALETTE.blue }, encoding: { y, x: { field: 'estimate', ...x }, tooltip: [{ field: 'outcomeLabel', title: label('outcome', lang) }, { field: 'estimate', format: '.2f' }, { field: 'lower', format: '.2f' }, { field: 'upper', format: '.2f' }] } },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// GAS attainment chart

export interface GasRow {
  participant: string;
  /** T-score at baseline and at the end. */
  before: number;
  after: number;
}

/**
 * GAS T-scores before and after with the expected level (T = 50) labelled. Private mode: box plots;
 * share mode: counts per T-score bin, before and after side by side (box-plot whiskers and outliers
 * would be individual values).
 */
export function gasAttainmentChart(rows: GasRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const pre = label('pre', lang);
  const post = label('post', lang);
  const yTitle = options.yTitle ?? (lang === 'nl' ? 'GAS T-score' : 'GAS T-score');
  const expected = lang === 'nl' ? 'verwacht niveau (T = 50)' : 'expected level (T = 50)';
  const timeScale = { domain: [pre, post], range: [PALETTE.grey, PALETTE.blue] };
  if (modeOf(options) === 'share') {
    const step = Math.max(5, disclosureStep(rows.flatMap((r) => [r.before, r.after])));
    const counts = new Map<string, { time: string; start: number; count: number }>();
    for (const r of rows) {
      for (const [time, v] of [[pre, r.before], [post, r.after]] as const) {
        if (!Number.isFinite(v)) continue;
        const s = binStart(v, step);
        const key = `${time}|${s}`;
        const c = counts.get(key) ?? { time, start: s, count: 0 };
        c.count++;
        counts.set(key, c);
      }
    }
    const values = [...counts.values()].map((c) => ({ time: c.time, bin: binLabel(c.start, step), mid: c.start, count: c.count }));
    // every bin from the lowest to the highest (and the one holding T = 50), empty ones included
    const starts = values.map((v) => v.mid).concat([binStart(50, step)]);
    const order: string[] = [];
    for (let x = Math.min(...starts); x <= Math.max(...starts) + 1e-9; x += step) order.push(binLabel(binStart(x + step / 2, step), step));
    const fifty = binLabel(binStart(50, step), step);
    return {
      title: chartTitle(options.title, options, lang === 'nl' ? `Aantal gezinnen per klasse van ${step} T-punten; de klasse met T = 50 is gemarkeerd.` : `Families per bin of ${step} T points; the bin holding T = 50 is marked.`),
      width: options.width ?? 380,
      height: options.height ?? 240,
      data: { values },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'bin', type: 'ordinal', sort: order, title: yTitle, axis: { labelAngle: 0 } }, xOffset: { field: 'time', sort: [pre, post] }, y: { field: 'count', type: 'quantitative', title: label('families', lang) }, color: { field: 'time', type: 'nominal', title: null, scale: timeScale }, tooltip: [{ field: 'time' }, { field: 'bin' }, { field: 'count' }] } },
        ...(fifty ? [{ data: { values: [{ bin: fifty, text: expected }] }, layer: [
          { mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { x: { field: 'bin', type: 'ordinal', sort: order } } },
          { mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 2, fontSize: 10, color: PALETTE.vermillion }, encoding: { x: { field: 'bin', type: 'ordinal', sort: order }, text: { field: 'text' } } },
        ] }] : []),
      ],
    };
  }
  const num = participantNumbers(rows.map((r) => r.participant), options.seed);
  const values = rows.flatMap((r) => [
    { participant: num.get(r.participant), time: pre, t: r.before },
    { participant: num.get(r.participant), time: post, t: r.after },
  ]);
  return {
    title: chartTitle(options.title, options),
    width: options.width ?? 380,
    height: options.height ?? 260,
    data: { values },
    layer: [
      { mark: { type: 'boxplot', extent: 1.5, size: 40 }, encoding: { x: { field: 'time', type: 'ordinal', sort: [pre, post], title: null, axis: { labelAngle: 0 } }, y: { field: 't', type: 'quantitative', title: yTitle, scale: { zero: false } }, color: { field: 'time', type: 'nominal', legend: null, scale: timeScale } } },
      { data: { values: [{ v: 50, text: expected }] }, layer: [
        { mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { y: { field: 'v', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 10, color: PALETTE.vermillion }, encoding: { y: { field: 'v', type: 'quantitative' }, x: { value: 0 }, text: { field: 'text' } } },
      ] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Stacked bars of change categories by group

export interface CategoryShareRow {
  group: string;
  category: string;
  count: number;
}

/** 100% stacked bars of Jacobson–Truax categories per group (share mode: groups of fewer than `minGroupSize` left out). */
export function categoryBars(input: CategoryShareRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const k = minGroup(options);
  const totals = new Map<string, number>();
  for (const r of input) totals.set(r.group, (totals.get(r.group) ?? 0) + r.count);
  const rows = modeOf(options) === 'share' ? input.filter((r) => (totals.get(r.group) ?? 0) >= k) : input;
  const dropped = rows.length < input.length;
  const cats = ['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed'];
  const values = rows.map((r) => ({
    ...r, groupLabel: `${label(r.group, lang)} (n = ${totals.get(r.group)})`, categoryLabel: label(r.category, lang), order: cats.indexOf(r.category),
    text: `${label(r.group, lang)}, ${label(r.category, lang)}: ${r.count} (${((100 * r.count) / (totals.get(r.group) ?? 1)).toFixed(1)}%)`,
  }));
  return {
    title: chartTitle(options.title, options, dropped ? smallGroupSentence(k, lang) : undefined),
    width: options.width ?? 380,
    height: options.height ?? Math.max(80, 40 * uniq(rows.map((r) => r.group)).length),
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'groupLabel', type: 'nominal', title: null, sort: uniq(values.map((r) => r.groupLabel)) },
      x: { field: 'count', type: 'quantitative', stack: 'normalize', title: label('percent', lang), axis: { format: '%' } },
      color: { field: 'categoryLabel', type: 'nominal', title: null, scale: { domain: cats.map((c) => label(c, lang)), range: cats.map((c) => CATEGORY_COLORS[c]) } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'categoryLabel' }, { field: 'count' }],
      description: { field: 'text' },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Trajectories with n per wave

export interface TrajectoryRow {
  participant: string;
  group: string;
  wave: string;
  score: number;
}

/**
 * Group means (bold) per wave with the n at each wave written under the axis; in private mode also
 * each participant's trajectory (thin). Share mode shows no individual line and leaves out means of
 * fewer than `minGroupSize` people.
 */
export function trajectoryPlot(rows: TrajectoryRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const share = modeOf(options) === 'share';
  const k = minGroup(options);
  const rank = (g: string) => (['homestart', 'control', 'norm'].indexOf(g) + 4) % 4; // known groups first, in study order
  const groups = uniq(rows.map((r) => r.group)).sort((a, b) => rank(a) - rank(b));
  const waves = uniq(rows.map((r) => r.wave)).sort(waveOrder);
  const values: Record<string, unknown>[] = [];
  let dropped = false;
  for (const g of groups) {
    for (const w of waves) {
      const cell = rows.filter((r) => r.group === g && r.wave === w);
      if (cell.length === 0) continue;
      values.push({ kind: 'n', groupLabel: label(g, lang), wave: w, n: cell.length });
      if (share && cell.length < k) {
        dropped = true;
        continue;
      }
      values.push({ kind: 'mean', groupLabel: label(g, lang), wave: w, score: mean(cell.map((r) => r.score)), n: cell.length });
    }
  }
  if (!share) {
    const num = participantNumbers(rows.map((r) => r.participant), options.seed);
    for (const r of rows) values.push({ kind: 'person', participant: num.get(r.participant), groupLabel: label(r.group, lang), wave: r.wave, score: r.score });
  }
  const x = { field: 'wave', type: 'ordinal', title: label('wave', lang), sort: waves, axis: { labelAngle: 0 }, scale: { padding: 0.2 } };
  const y = { field: 'score', type: 'quantitative', title: options.yTitle ?? label('score', lang), scale: { zero: false } };
  const color = { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang), legend: { orient: 'right' } };
  const notes = [share ? (lang === 'nl' ? 'Lijnen: groepsgemiddelden per meting; n per meting onder de grafiek.' : 'Lines: group means per wave; n per wave below the chart.') : (lang === 'nl' ? 'Dunne lijnen: individuele deelnemers; dikke lijnen: groepsgemiddelden.' : 'Thin lines: individual participants; bold lines: group means.')];
  if (dropped) notes.push(smallGroupSentence(k, lang));
  const width = options.width ?? 420;
  const main: Record<string, unknown>[] = [];
  if (!share) main.push({ transform: [{ filter: "datum.kind === 'person'" }], mark: { type: 'line', opacity: 0.15, strokeWidth: 1 }, encoding: { x, y, detail: { field: 'participant' }, color } });
  main.push({ transform: [{ filter: "datum.kind === 'mean'" }], mark: { type: 'line', strokeWidth: 3, point: true }, encoding: { x, y, color, tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'wave' }, { field: 'score', format: '.2f', title: label('mean', lang) }, { field: 'n' }] } });
  return {
    title: chartTitle(options.title, options, notes),
    data: { values },
    spacing: 4,
    vconcat: [
      { width, height: options.height ?? 260, layer: main },
      {
        width,
        height: 16 * groups.length,
        transform: [{ filter: "datum.kind === 'n'" }],
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x: { ...x, axis: null },
          y: { field: 'groupLabel', type: 'nominal', title: null, sort: groups.map((g) => label(g, lang)), axis: { domain: false, ticks: false, labelExpr: "'n ' + datum.label" } },
          text: { field: 'n', type: 'quantitative' },
          color,
        },
      },
    ],
    resolve: { scale: { color: 'shared' } },
  };
}

/** The number of a wave label: "T3" → 3. */
export function waveNumber(wave: string): number {
  const n = Number(wave.replace(/\D/g, ''));
  return Number.isFinite(n) ? n : NaN;
}

/** Sorts wave labels T1, T2, …, T10 numerically. */
export function waveOrder(a: string, b: string): number {
  const na = Number(a.replace(/\D/g, ''));
  const nb = Number(b.replace(/\D/g, ''));
  return Number.isNaN(na) || Number.isNaN(nb) || na === nb ? a.localeCompare(b) : na - nb;
}
