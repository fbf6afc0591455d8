/**
 * Charts of the annual impact report: small typed builders that turn *published* (already
 * suppressed) figures into Vega-Lite specs. A hidden value (null) is never drawn as a bar or a
 * point; its printed mark ("<5" or "x") is written where the bar would be, so a reader sees that a
 * category exists without seeing its size. Colours from the shared colour-blind-safe palette.
 */
import { PALETTE } from './theme.js';
import type { VegaLiteSpec } from './render.js';

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
