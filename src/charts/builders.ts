/**
 * Chart builders: small typed functions that turn tidy result rows into Vega-Lite specs.
 * Each returns a plain JSON spec (no rendering); render with `renderSvg`/`renderPng`/`saveChart`
 * or show in a notebook with `showChart`. Labels in English or Dutch (`lang`), colours from the
 * colour-blind-safe palette in `theme.ts`, groups always in the same colour.
 */
import { GROUP_COLORS, CATEGORY_COLORS, PALETTE, label, type Lang } from './theme.js';
import type { VegaLiteSpec } from './render.js';

export interface CommonChartOptions {
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

/**
 * Charts never carry participant ids: vega writes every data point into the SVG's accessibility
 * labels, so even a pseudonymous id would be published with the figure. Each distinct id becomes a
 * running number (1, 2, …) in order of first appearance, consistent within one chart.
 */
export function participantNumbers(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) if (!out.has(id)) out.set(id, String(out.size + 1));
  return out;
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
}

/** Means with 95% CIs per group over waves (lines with error bars), optional norm band. */
export function interactionPlot(rows: MeanRow[], options: InteractionPlotOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = uniq(rows.map((r) => r.group));
  // Waves on a numeric axis (T3 → 3) so the groups can be dodged a little and still be joined by lines.
  const dodge = 0.06;
  const data = rows.map((r) => ({
    ...r,
    groupLabel: label(r.group, lang),
    x: waveNumber(r.wave) + (groups.indexOf(r.group) - (groups.length - 1) / 2) * dodge,
  }));
  const waveNumbers = uniq(rows.map((r) => waveNumber(r.wave))).sort((a, b) => a - b);
  const color = { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) };
  const x = {
    field: 'x',
    type: 'quantitative',
    title: label('wave', lang),
    scale: { domain: [waveNumbers[0] - 0.4, waveNumbers[waveNumbers.length - 1] + 0.4], nice: false, zero: false },
    axis: { values: waveNumbers, labelExpr: "'T' + datum.value", grid: false },
  };
  const yTitle = options.yTitle ?? label('mean', lang);
  const layers: Record<string, unknown>[] = [];
  if (options.normBand) {
    layers.push({
      data: { values: [{ lower: options.normBand.lower, upper: options.normBand.upper, text: options.normBand.label ?? label('norm', lang) }] },
      layer: [
        { mark: { type: 'rect', color: PALETTE.grey, opacity: 0.18 }, encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, color: '#555', fontSize: 10 }, encoding: { text: { field: 'text' }, y: { field: 'upper', type: 'quantitative' }, x: { value: (options.width ?? 420) - 4 } } },
      ],
    });
  }
  layers.push({
    data: { values: data },
    layer: [
      { mark: { type: 'line', point: { size: 50 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } }, color, tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'wave' }, { field: 'mean', format: '.2f' }, { field: 'lower', format: '.2f' }, { field: 'upper', format: '.2f' }, { field: 'n' }] } },
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: yTitle }, y2: { field: 'upper' }, color } },
    ],
  });
  return {
    title: options.title,
    width: options.width ?? 420,
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

/** One line per participant from pre to post, with the group mean drawn bold; one panel per group. */
export function pairedSlopePlot(rows: PairedRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const pre = label('pre', lang);
  const post = label('post', lang);
  const num = participantNumbers(rows.map((r) => r.participant));
  const values = rows.flatMap((r) => [
    { participant: num.get(r.participant), group: label(r.group ?? 'homestart', lang), time: pre, score: r.pre },
    { participant: num.get(r.participant), group: label(r.group ?? 'homestart', lang), time: post, score: r.post },
  ]);
  const groups = uniq(rows.map((r) => r.group ?? 'homestart'));
  const x = { field: 'time', type: 'ordinal', title: null, sort: [pre, post], scale: { padding: 0.3 }, axis: { labelAngle: 0 } };
  const y = { field: 'score', type: 'quantitative', title: options.yTitle ?? label('score', lang), scale: { zero: false } };
  const layer = [
    { mark: { type: 'line', opacity: 0.25, strokeWidth: 1 }, encoding: { x, y, detail: { field: 'participant' }, color: { value: PALETTE.grey } } },
    { mark: { type: 'line', strokeWidth: 3, point: true }, encoding: { x, y: { ...y, aggregate: 'mean' }, color: { field: 'group', type: 'nominal', legend: null, scale: groupScale(groups, lang) } } },
  ];
  const panel = { width: options.width ?? 220, height: options.height ?? 300 };
  if (groups.length === 1) return { title: options.title, ...panel, data: { values }, layer };
  return {
    title: options.title,
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

/** Histogram of change scores per group with a zero line. */
export function changeDistribution(rows: ChangeRow[], options: CommonChartOptions & { binStep?: number } = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = uniq(rows.map((r) => r.group));
  return {
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 240,
    data: { values: rows.map((r) => ({ ...r, groupLabel: label(r.group, lang) })) },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.7, binSpacing: 1 },
        encoding: {
          x: { field: 'change', type: 'quantitative', bin: options.binStep ? { step: options.binStep } : { maxbins: 20 }, title: options.yTitle ?? label('change', lang) },
          y: { aggregate: 'count', type: 'quantitative', title: label('participants', lang), stack: null },
          color: { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) },
        },
      },
      { mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { datum: 0 } } },
    ],
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

/** Pre (x) vs post (y) with the no-change diagonal, the reliable-change band and the cut-off. */
export function jacobsonTruaxPlot(points: JacobsonTruaxPoint[], options: JacobsonTruaxOptions): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const all = points.flatMap((p) => [p.pre, p.post]);
  const pad = Math.max(options.reliableChange, 1);
  const domain = options.domain ?? [Math.min(...all) - pad, Math.max(...all) + pad];
  const [lo, hi] = domain;
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
    layers.push(
      { data: { values: [{ c: options.cutoff }] }, mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { x: { field: 'c', type: 'quantitative' } } },
      { data: { values: [{ c: options.cutoff }] }, mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { y: { field: 'c', type: 'quantitative' } } },
    );
  }
  const num = participantNumbers(points.map((p) => p.participant));
  layers.push({
    data: { values: points.map((p) => ({ ...p, participant: num.get(p.participant), categoryLabel: label(p.category, lang) })) },
    mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
    encoding: {
      x: { field: 'pre', ...xEnc },
      y: { field: 'post', ...yEnc },
      color: { field: 'categoryLabel', type: 'nominal', title: null, scale },
      tooltip: [{ field: 'participant' }, { field: 'pre' }, { field: 'post' }, { field: 'categoryLabel', title: 'category' }],
    },
  });
  return { title: options.title, width: options.width ?? 360, height: options.height ?? 360, layer: layers };
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
}

/** Effect sizes with CIs across outcomes, a zero line, optional reference lines (e.g. ±0.2). */
export function forestPlot(rows: ForestRow[], options: CommonChartOptions & { xTitle?: string; references?: number[]; labelLimit?: number } = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  // long outcome names ("NOSIK ouderdomein (parent domain)") need more than vega's default 180 px
  const y = { field: 'outcome', type: 'nominal', title: null, sort: rows.map((r) => r.outcome), axis: { labelLimit: options.labelLimit ?? 440 } };
  const x = { type: 'quantitative', title: options.xTitle ?? label('effectSize', lang) };
  const refs = options.references ?? [];
  return {
    title: options.title,
    width: options.width ?? 380,
    height: options.height ?? Math.max(60, 28 * rows.length),
    data: { values: rows },
    layer: [
      { data: { values: [{ v: 0 }, ...refs.map((v) => ({ v }))] }, mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { field: 'v', type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 2, color: PALETTE.blue }, encoding: { y, x: { field: 'lower', ...x }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 70, shape: 'square', color: PALETTE.blue }, encoding: { y, x: { field: 'estimate', ...x }, tooltip: [{ field: 'outcome' }, { field: 'estimate', format: '.2f' }, { field: 'lower', format: '.2f' }, { field: 'upper', format: '.2f' }] } },
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

/** Distribution of GAS T-scores before and after, with the expected level (T = 50) marked. */
export function gasAttainmentChart(rows: GasRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const pre = label('pre', lang);
  const post = label('post', lang);
  const num = participantNumbers(rows.map((r) => r.participant));
  const values = rows.flatMap((r) => [
    { participant: num.get(r.participant), time: pre, t: r.before },
    { participant: num.get(r.participant), time: post, t: r.after },
  ]);
  return {
    title: options.title,
    width: options.width ?? 380,
    height: options.height ?? 260,
    data: { values },
    layer: [
      { mark: { type: 'boxplot', extent: 1.5, size: 40 }, encoding: { x: { field: 'time', type: 'ordinal', sort: [pre, post], title: null, axis: { labelAngle: 0 } }, y: { field: 't', type: 'quantitative', title: options.yTitle ?? 'GAS T-score', scale: { zero: false } }, color: { field: 'time', type: 'nominal', legend: null, scale: { domain: [pre, post], range: [PALETTE.grey, PALETTE.blue] } } } },
      { data: { values: [{ v: 50 }] }, mark: { type: 'rule', color: PALETTE.vermillion, strokeDash: [6, 4] }, encoding: { y: { field: 'v', type: 'quantitative' } } },
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

/** 100% stacked bars of Jacobson–Truax categories per group. */
export function categoryBars(rows: CategoryShareRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const cats = ['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed'];
  const values = rows.map((r) => ({ ...r, groupLabel: label(r.group, lang), categoryLabel: label(r.category, lang), order: cats.indexOf(r.category) }));
  return {
    title: options.title,
    width: options.width ?? 380,
    height: options.height ?? Math.max(80, 40 * uniq(rows.map((r) => r.group)).length),
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'groupLabel', type: 'nominal', title: null, sort: uniq(rows.map((r) => label(r.group, lang))) },
      x: { field: 'count', type: 'quantitative', stack: 'normalize', title: label('percent', lang), axis: { format: '%' } },
      color: { field: 'categoryLabel', type: 'nominal', title: null, scale: { domain: cats.map((c) => label(c, lang)), range: cats.map((c) => CATEGORY_COLORS[c]) } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'categoryLabel' }, { field: 'count' }],
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

/** Individual trajectories (thin) with group means (bold) and the n at each wave written under the axis. */
export function trajectoryPlot(rows: TrajectoryRow[], options: CommonChartOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = uniq(rows.map((r) => r.group));
  const waves = uniq(rows.map((r) => r.wave)).sort(waveOrder);
  const num = participantNumbers(rows.map((r) => r.participant));
  const values = rows.map((r) => ({ ...r, participant: num.get(r.participant), groupLabel: label(r.group, lang) }));
  const x = { field: 'wave', type: 'ordinal', title: label('wave', lang), sort: waves, axis: { labelAngle: 0 } };
  const y = { field: 'score', type: 'quantitative', title: options.yTitle ?? label('score', lang), scale: { zero: false } };
  const color = { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) };
  return {
    title: options.title,
    data: { values },
    vconcat: [
      {
        width: options.width ?? 420,
        height: options.height ?? 260,
        layer: [
          { mark: { type: 'line', opacity: 0.12, strokeWidth: 1 }, encoding: { x, y, detail: { field: 'participant' }, color } },
          { mark: { type: 'line', strokeWidth: 3, point: true }, encoding: { x, y: { ...y, aggregate: 'mean' }, color } },
        ],
      },
      {
        width: options.width ?? 420,
        height: 16 * groups.length + 4,
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x: { ...x, axis: null },
          y: { field: 'groupLabel', type: 'nominal', title: label('n', lang), axis: { domain: false, ticks: false } },
          text: { aggregate: 'count', type: 'quantitative' },
          color: { ...color, legend: null },
        },
      },
    ],
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
