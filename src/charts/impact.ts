/**
 * Charts of the annual impact report: small typed builders that turn *published* (already
 * suppressed) figures into Vega-Lite specs. A hidden value (null) is never drawn as a bar or a
 * point; its printed mark ("<5" or "x") is written where the bar would be, so a reader sees that a
 * category exists without seeing its size. Colours from the shared colour-blind-safe palette.
 */
import { PALETTE } from './theme.js';
import type { VegaLiteSpec } from './render.js';
import type { PublishedFunnel, PublishedFunnelPoint, PublishedFunnelRange } from '../impact/site-comparison.js';

export interface ImpactChartOptions {
  /**
   * Word a screen reader says for a hidden (suppressed) value, e.g. "hidden" or "verborgen" (default
   * "hidden"). A hidden bar is announced as "<category>: hidden (<mark>)", never as a value of 0.
   */
  hiddenLabel?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
}

/** One point of a series over the years; `value` null when suppressed. */
export interface ImpactTrendRow {
  year: number;
  series: string;
  value: number | null;
}

const SERIES_COLORS = [PALETTE.blue, PALETTE.orange, PALETTE.bluishGreen, PALETTE.vermillion, PALETTE.reddishPurple, PALETTE.skyBlue];

/**
 * Lines over the years (e.g. families registered, supported and closed per year). Suppressed points
 * are left out, so a line has a gap rather than a made-up value.
 * @example
 * const spec = impactTrendChart([{ year: 2023, series: 'Supported', value: 40 }, { year: 2024, series: 'Supported', value: null }]);
 * spec.layer.length           // 2 (lines and points)
 * spec.data.values.length     // 1: the hidden 2024 value is left out
 */
export function impactTrendChart(rows: ImpactTrendRow[], options: ImpactChartOptions = {}): VegaLiteSpec {
  const series = [...new Set(rows.map((r) => r.series))];
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const values = rows.filter((r) => r.value !== null).map((r) => ({ ...r, yearLabel: String(r.year) }));
  const x = { field: 'yearLabel', type: 'ordinal', title: options.xTitle ?? null, sort: years.map(String), axis: { labelAngle: 0, grid: false } };
  const y = { field: 'value', type: 'quantitative', title: options.yTitle ?? null };
  const color = { field: 'series', type: 'nominal', title: null, sort: series, scale: { domain: series, range: SERIES_COLORS.slice(0, series.length) }, legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 400, columnPadding: 18 } };
  return {
    title: options.title,
    width: options.width ?? 520,
    height: options.height ?? 220,
    data: { values },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
      { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color, tooltip: [{ field: 'series' }, { field: 'yearLabel', title: 'year' }, { field: 'value' }] } },
    ],
  };
}

/** What a screen reader says for one bar: the printed value, or that it is hidden (never "0"). */
function ariaText(r: ImpactBarRow, hiddenLabel = 'hidden'): string {
  const what = r.group ? `${r.category}, ${r.group}` : r.category;
  return r.value === null ? `${what}: ${hiddenLabel} (${r.display})` : `${what}: ${r.display}`;
}

/** One bar: a category, its value (null when suppressed) and what is printed next to it. */
export interface ImpactBarRow {
  category: string;
  value: number | null;
  display: string;
  /** Optional group for grouped bars (e.g. the year). */
  group?: string;
}

/**
 * Horizontal bars, largest first unless `keepOrder`; the printed value at the end of each bar, the
 * suppression mark where a hidden bar would be.
 * @example
 * const spec = impactBarChart([{ category: 'School', value: 12, display: '12%' }, { category: 'Other', value: null, display: 'x' }]);
 * spec.data.values // [{ category: 'School', value: 12, shown: true, display: '12%', aria: 'School: 12%' }, { category: 'Other', value: 0, shown: false, display: 'x', aria: 'Other: hidden (x)' }]
 */
export function impactBarChart(rows: ImpactBarRow[], options: ImpactChartOptions & { keepOrder?: boolean; color?: string; percent?: boolean } = {}): VegaLiteSpec {
  const ordered = options.keepOrder ? rows : [...rows].sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const domain = ordered.map((r) => r.category);
  const values = ordered.map((r) => ({ category: r.category, value: r.value ?? 0, shown: r.value !== null, display: r.display, aria: ariaText(r, options.hiddenLabel) }));
  const y = { field: 'category', type: 'nominal', title: null, sort: domain, axis: { labelLimit: 400, grid: false } };
  // a floor on the axis so that a chart of tiny or hidden values does not repeat "0%, 0%, 1%" ticks
  const max = Math.max(options.percent ? 10 : 5, ...rows.map((r) => r.value ?? 0));
  const x = { field: 'value', type: 'quantitative', title: options.xTitle ?? null, scale: { domain: [0, max * 1.15] }, axis: options.percent ? { format: '.0f', labelExpr: "datum.label + '%'", tickMinStep: 1 } : { tickMinStep: 1, format: ',d' } };
  return {
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? Math.max(60, 22 * rows.length),
    data: { values },
    layer: [
      { transform: [{ filter: 'datum.shown' }], mark: { type: 'bar', color: options.color ?? PALETTE.blue, cornerRadiusEnd: 2 }, encoding: { y, x, description: { field: 'aria' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' }, encoding: { y, x, text: { field: 'display' }, description: { field: 'aria' } } },
    ],
  };
}

/**
 * Grouped vertical bars (e.g. volunteer flow: registered, trained, stopped, active, for two years).
 * Hidden values show their mark instead of a bar.
 * @example
 * const spec = impactGroupedBarChart([{ category: 'Registered', group: '2024', value: 25, display: '25' }]);
 * spec.facet.column.field // 'category' (one panel per category, one bar per group)
 */
export function impactGroupedBarChart(rows: ImpactBarRow[], options: ImpactChartOptions = {}): VegaLiteSpec {
  const categories = [...new Set(rows.map((r) => r.category))];
  const groups = [...new Set(rows.map((r) => r.group ?? ''))];
  const values = rows.map((r) => ({ category: r.category, group: r.group ?? '', value: r.value ?? 0, shown: r.value !== null, display: r.display, aria: ariaText(r, options.hiddenLabel) }));
  const colors = [PALETTE.skyBlue, PALETTE.blue, PALETTE.orange, PALETTE.bluishGreen];
  return {
    title: options.title,
    width: options.width ?? 110,
    height: options.height ?? 200,
    data: { values },
    facet: { column: { field: 'category', type: 'nominal', title: null, sort: categories, header: { labelOrient: 'bottom', labelFontSize: 11 } } },
    spec: {
      width: options.width ?? 110,
      height: options.height ?? 200,
      layer: [
        {
          transform: [{ filter: 'datum.shown' }],
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'group', type: 'nominal', title: null, sort: groups, axis: null },
            y: { field: 'value', type: 'quantitative', title: options.yTitle ?? null },
            color: { field: 'group', type: 'nominal', title: null, sort: groups, scale: { domain: groups, range: colors.slice(0, groups.length) }, legend: { orient: 'top' } },
            description: { field: 'aria' },
          },
        },
        {
          mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 10, color: '#333' },
          encoding: {
            x: { field: 'group', type: 'nominal', sort: groups, axis: null },
            y: { field: 'value', type: 'quantitative' },
            text: { field: 'display' },
            description: { field: 'aria' },
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  };
}

/** One site on a funnel plot (already cleared for publication). */
export interface ImpactFunnelPoint {
  name: string;
  size: number;
  value: number;
  band: 'within' | 'between' | 'beyond';
  /** What a screen reader and the tooltip say, e.g. "Zwolle: 12 of 18 (67%), within the 95% limits". */
  aria: string;
}

/** A funnel plot's data: target, limit lines and points (values as proportions or rates, not percentages). */
export interface ImpactFunnelData {
  target: number;
  /** Show values as percentages (a proportion indicator). */
  percent: boolean;
  points: ImpactFunnelPoint[];
  /**
   * Sites known only to lie in a range: vertical bars (a range of the count at one size) or, with `sizeLower`, the
   * line through the possible points from (sizeLower, upper) to (size, lower) — through `path` (size, value) when
   * given (a count over each possible size is a curve y/n, not a straight line), else straight.
   */
  ranges?: Array<{ name: string; size: number; sizeLower?: number; lower: number; upper: number; path?: Array<[number, number]>; aria: string }>;
  limits: Array<{ size: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
  /** The chart's text alternative (the summary sentence). */
  description: string;
  /** A line under the title, e.g. how many sites are not shown. */
  subtitle?: string;
}

/** Labels of a funnel plot's legend (band names, limit names, target). */
export interface ImpactFunnelLabels {
  within: string;
  between: string;
  beyond: string;
  limit95: string;
  limit998: string;
  target: string;
  /** Legend entry of the sites drawn as a bar or segment (a count known only within a range). */
  range: string;
}

const FUNNEL_LABELS_EN: ImpactFunnelLabels = {
  within: 'within 95% limits',
  between: 'between 95% and 99.8% limits',
  beyond: 'beyond 99.8% limits',
  limit95: '95% limits',
  limit998: '99.8% limits',
  target: 'national value',
  range: 'known only as a range',
};

/**
 * Funnel plot (Spiegelhalter, 2005): the sites' values against their size, the national value as a line and
 * the 95% (dashed) and 99.8% (solid) control limits; points coloured by band (within, between, beyond).
 * The spec's `description` (the summary sentence) is the SVG's accessible name; every point carries its own
 * description ("name: y of n (p%), band"). Only points given are drawn: the caller decides which sites may be
 * shown (see `publishedSiteFunnels`, disclosure rule).
 * @example
 * const spec = impactFunnelChart({ target: 0.6, percent: true, points: [{ name: 'A', size: 20, value: 0.7, band: 'within', aria: 'A: 14 of 20' }], limits: [{ size: 20, lower95: 0.38, upper95: 0.8, lower998: 0.3, upper998: 0.86 }], description: 'National value 60%.' });
 * spec.layer.length // 3 (limit lines, national value, sites)
 * spec.description  // 'National value 60%.'
 */
export function impactFunnelChart(data: ImpactFunnelData, options: ImpactChartOptions & { labels?: Partial<ImpactFunnelLabels> } = {}): VegaLiteSpec {
  const L = { ...FUNNEL_LABELS_EN, ...(options.labels ?? {}) };
  const k = data.percent ? 100 : 1;
  const lines = data.limits.flatMap((l) => [
    { size: l.size, y: l.lower95 * k, limit: L.limit95, side: 'lower' },
    { size: l.size, y: l.upper95 * k, limit: L.limit95, side: 'upper' },
    { size: l.size, y: l.lower998 * k, limit: L.limit998, side: 'lower' },
    { size: l.size, y: l.upper998 * k, limit: L.limit998, side: 'upper' },
  ]);
  const bandLabel = { within: L.within, between: L.between, beyond: L.beyond };
  const points = data.points.map((p) => ({ name: p.name, size: p.size, y: p.value * k, band: bandLabel[p.band], aria: p.aria }));
  // each range one polyline (one path, one description): a bar's two ends, a line's possible points in order of size
  const ranges = (data.ranges ?? []).flatMap((r, id) => {
    const path: Array<[number, number]> = r.path ?? (r.sizeLower === undefined ? [[r.size, r.upper], [r.size, r.lower]] : [[r.sizeLower, r.upper], [r.size, r.lower]]);
    return path.map(([size, value], order) => ({ id, name: r.name, size, y: value * k, order, aria: r.aria }));
  });
  const ys = [...lines.map((l) => l.y), ...points.map((p) => p.y), ...ranges.map((r) => r.y), data.target * k];
  const yMax = data.percent ? Math.min(100, Math.max(...ys)) : Math.max(...ys);
  const yMin = Math.max(0, Math.min(...ys));
  const x = { field: 'size', type: 'quantitative', title: options.xTitle ?? null, scale: { zero: true, nice: true }, axis: { tickMinStep: 1, format: ',d' } };
  const y = { field: 'y', type: 'quantitative', title: options.yTitle ?? null, scale: { domain: [yMin, yMax], nice: true }, axis: data.percent ? { format: '.0f', labelExpr: "datum.label + '%'" } : {} };
  const bands = [L.within, L.between, L.beyond];
  return {
    title: data.subtitle && options.title ? { text: options.title, subtitle: data.subtitle } : options.title,
    description: data.description,
    width: options.width ?? 420,
    height: options.height ?? 260,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', color: PALETTE.grey, strokeWidth: 1.5, interpolate: 'linear' },
        encoding: {
          x,
          y,
          detail: { field: 'side' },
          strokeDash: { field: 'limit', type: 'nominal', title: null, sort: [L.limit95, L.limit998], scale: { domain: [L.limit95, L.limit998], range: [[5, 3], [1, 0]] }, legend: { orient: 'right', labelLimit: 260 } },
          description: { field: 'limit' },
        },
      },
      { data: { values: [{ y: data.target * k }] }, mark: { type: 'rule', color: PALETTE.black, strokeWidth: 1 }, encoding: { y: { field: 'y', type: 'quantitative' }, description: { value: `${L.target}` } } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 55, opacity: 0.9 },
        encoding: {
          x,
          y,
          color: { field: 'band', type: 'nominal', title: null, sort: bands, scale: { domain: bands, range: [PALETTE.blue, PALETTE.orange, PALETTE.vermillion] }, legend: { orient: 'right', labelLimit: 260 } },
          shape: { field: 'band', type: 'nominal', sort: bands, scale: { domain: bands, range: ['circle', 'square', 'diamond'] }, legend: null },
          tooltip: [{ field: 'aria', title: ' ' }],
          description: { field: 'aria' },
        },
      },
      // the ranges last, over the points: thin lines that a cloud of points would otherwise hide
      ...(ranges.length
        ? [
            {
              data: { values: ranges.map((r) => ({ ...r, kind: L.range })) },
              mark: { type: 'line', strokeWidth: 3, opacity: 0.75, strokeCap: 'round', interpolate: 'linear' },
              encoding: {
                x,
                y,
                detail: { field: 'id' },
                order: { field: 'order' },
                color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [L.range], range: [PALETTE.skyBlue] }, legend: { orient: 'right', labelLimit: 260 } },
                tooltip: [{ field: 'aria', title: ' ' }],
                description: { field: 'aria' },
              },
            },
          ]
        : []),
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent', strokeDash: 'independent' } },
  };
}

/** What a screen reader (and the tooltip) says for one plotted site. */
export function funnelPointText(f: PublishedFunnel, p: PublishedFunnelPoint, lang: 'nl' | 'en'): string {
  const nl = lang === 'nl';
  const band =
    p.band === 'within'
      ? nl ? 'binnen de 95%-grenzen' : 'within the 95% limits'
      : p.band === 'between'
        ? nl ? `tussen de 95%- en 99,8%-grenzen, ${p.side === 'above' ? 'erboven' : 'eronder'}` : `between the 95% and 99.8% limits, ${p.side}`
        : nl ? `buiten de 99,8%-grenzen, ${p.side === 'above' ? 'erboven' : 'eronder'}` : `beyond the 99.8% limits, ${p.side}`;
  if (f.kind === 'proportion') return `${p.name}: ${p.numerator} ${nl ? 'van' : 'of'} ${p.size} (${(p.value * 100).toFixed(0)}%), ${band}`;
  const rate = p.value.toFixed(2);
  return nl
    ? `${p.name}: ${p.numerator} gezinnen, ${p.size} vrijwilligers (${rate.replace('.', ',')} per vrijwilliger), ${band}`
    : `${p.name}: ${p.numerator} families, ${p.size} volunteers (${rate} per volunteer), ${band}`;
}

/** What a screen reader (and the tooltip) says for a site drawn as a range (a small count of a shown size). */
export function funnelRangeText(f: PublishedFunnel, r: PublishedFunnelRange, lang: 'nl' | 'en'): string {
  const nl = lang === 'nl';
  const band =
    r.band === null
      ? nl ? 'onbepaald' : 'undetermined'
      : r.band === 'within'
        ? nl ? 'binnen de 95%-grenzen bij elke waarde' : 'within the 95% limits at every value'
        : nl ? `buiten de 95%-grenzen bij elke waarde, ${r.side === 'above' ? 'erboven' : 'eronder'}` : `outside the 95% limits at every value, ${r.side}`;
  const n = r.numerator.lower === r.numerator.upper ? `${r.numerator.lower}` : `${r.numerator.lower}–${r.numerator.upper}`;
  const size = r.sizeLower !== undefined ? `${r.sizeLower}–${r.size}` : `${r.size}`;
  if (f.kind === 'proportion') return `${r.name}: ${n} ${nl ? 'van' : 'of'} ${size}, ${band}`;
  return nl ? `${r.name}: ${n} gezinnen, ${size} vrijwilligers, ${band}` : `${r.name}: ${n} families, ${size} volunteers, ${band}`;
}

/** The Vega-Lite spec of one published funnel (null when it is not drawn). */
export function funnelChartSpec(f: PublishedFunnel, lang: 'nl' | 'en'): VegaLiteSpec | null {
  if (!f.drawn || f.target === null) return null;
  const nl = lang === 'nl';
  const sites = (k: number) => (nl ? `${k} ${k === 1 ? 'locatie' : 'locaties'}` : `${k} ${k === 1 ? 'site' : 'sites'}`);
  const subtitle = f.notShown > 0 ? (nl ? `Niet getoond (kleine aantallen): ${sites(f.notShown)}` : `Not shown (small counts): ${sites(f.notShown)}`) : undefined;
  // a line's possible points (n, y/n) for every size it can have: a curve, drawn through them
  const path = (r: PublishedFunnelRange): Array<[number, number]> | undefined =>
    r.sizeLower === undefined ? undefined : Array.from({ length: r.size - r.sizeLower + 1 }, (_, k) => [r.sizeLower! + k, r.numerator.lower / (r.sizeLower! + k)] as [number, number]);
  const ranges = (f.ranges ?? []).map((r) => ({ name: r.name, size: r.size, ...(r.sizeLower !== undefined ? { sizeLower: r.sizeLower, path: path(r) } : {}), lower: r.lower, upper: r.upper, aria: funnelRangeText(f, r, lang) }));
  return impactFunnelChart(
    { target: f.target, percent: f.kind === 'proportion', points: f.points.map((p) => ({ name: p.name, size: p.size, value: p.value, band: p.band, aria: funnelPointText(f, p, lang) })), ranges, limits: f.limits, description: `${f.title}. ${f.sentence}`, subtitle },
    {
      title: f.title,
      xTitle: f.sizeLabel,
      yTitle: f.kind === 'proportion' ? (nl ? 'Percentage' : 'Percentage') : nl ? 'Gezinnen per vrijwilliger' : 'Families per volunteer',
      ...(nl ? { labels: { within: 'binnen 95%-grenzen', between: 'tussen 95%- en 99,8%-grenzen', beyond: 'buiten 99,8%-grenzen', limit95: '95%-grenzen', limit998: '99,8%-grenzen', target: 'landelijke waarde', range: 'alleen als bereik bekend' } } : {}),
    },
  );
}
