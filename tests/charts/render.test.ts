/**
 * The chart renderer loads vega and vega-lite from the one-file builds in their packages (render.ts,
 * `vegaLibs`) instead of their ES module graphs: the SVG must be the same bytes either way, for every kind
 * of chart the library draws (the report's charts in both languages, a funnel with points and ranges, the
 * study charts). And it loads none of their ES modules (checked on the built library, as tests/cli/startup.test.ts
 * checks the CLI's start-up: `npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSvg, withTheme, type VegaLiteSpec } from '../../src/charts/render.js';
import { forestPlot, interactionPlot, trajectoryPlot } from '../../src/charts/builders.js';
import { funnelChartSpec } from '../../src/charts/impact.js';
import { computeFigures, publishFigures, reportChartSpecs } from '../../src/impact/index.js';
import { SITE_INDICATORS, siteComparisonFunnel, type SiteIndicatorComparison } from '../../src/impact/site-comparison.js';
import { funnelPlot } from '../../src/stats/funnel.js';
import { dalfsenFixture } from '../impact/figures.fixture.js';

/** The SVG as the packages' ES modules render it (what renderSvg did before it loaded the one-file builds). */
async function svgByModules(spec: VegaLiteSpec): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const view = new vega.View(vega.parse(vl.compile(withTheme(spec) as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function specs(): Array<[string, VegaLiteSpec]> {
  const fig = computeFigures(dalfsenFixture(), { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: '2025-03-31' });
  const out: Array<[string, VegaLiteSpec]> = [];
  for (const lang of ['nl', 'en'] as const) {
    const charts = reportChartSpecs(publishFigures(fig, { lang }));
    for (const [k, spec] of Object.entries(charts)) out.push([`report ${lang} ${k}`, spec as VegaLiteSpec]);
  }
  const funnel = funnelPlot(
    [
      { label: 'Zwolle', numerator: 30, denominator: 41 },
      { label: 'Dalfsen', numerator: 9, denominator: 22 },
      { label: 'Kampen', numerator: 55, denominator: 60 },
      { label: 'Ommen', numerator: 4, denominator: 15 },
    ],
    { target: 0.62 },
  );
  const published = siteComparisonFunnel({ indicator: SITE_INDICATORS[0], funnel } as unknown as SiteIndicatorComparison, 'nl')!;
  out.push(['funnel', funnelChartSpec({ ...published, ranges: [{ name: 'Raalte', size: 30, numerator: { lower: 1, upper: 4 }, lower: 1 / 30, upper: 4 / 30, band: 'beyond', side: 'below', mark: '<5' }], notShown: 2 }, 'nl')!]);
  out.push(['interaction', interactionPlot([
    { group: 'A', wave: 'T0', mean: 10, lower: 8, upper: 12, n: 20 },
    { group: 'A', wave: 'T1', mean: 13, lower: 11, upper: 15, n: 18 },
    { group: 'B', wave: 'T0', mean: 11, lower: 9, upper: 13, n: 21 },
    { group: 'B', wave: 'T1', mean: 11.5, lower: 9.5, upper: 13.5, n: 19 },
  ])]);
  out.push(['forest', forestPlot([{ outcome: 'NOSIK ouderdomein (parent domain)', estimate: 0.4, lower: 0.1, upper: 0.7 }, { outcome: 'NOSIK kinddomein', estimate: 0.2, lower: -0.1, upper: 0.5, reversed: true }])]);
  const rows = [];
  for (let p = 0; p < 12; p++) for (const [w, wave] of ['T0', 'T1', 'T2'].entries()) rows.push({ participant: `p${p}`, group: p % 2 ? 'interventie' : 'controle', wave, score: 10 + ((p * 7 + w * 3) % 9) });
  out.push(['trajectory', trajectoryPlot(rows)]);
  return out;
}

describe('renderSvg: the one-file builds of vega and vega-lite draw what their ES modules draw', () => {
  it('every chart kind: the same SVG bytes', async () => {
    const all = specs();
    expect(all.length).toBeGreaterThan(12);
    for (const [name, spec] of all) {
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg, name).toBe(await svgByModules(spec));
    }
  }, 60_000);
});

const ROOT = join(import.meta.dirname, '../..');
/** Registers a resolve hook that prints every ES module URL resolved to stderr. */
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + "\\\\n"); return r; }'));
`)}`;

describe('renderSvg loads the one-file builds, not the ES module graphs', () => {
  it('rendering a chart resolves no module of vega, vega-lite or d3', () => {
    const script = `const r = await import(${JSON.stringify(join(ROOT, 'dist/charts/render.js'))}); const svg = await r.renderSvg({ data: { values: [{ a: 'x', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } }); console.log(svg.slice(0, 4));`;
    const run = spawnSync(process.execPath, ['--import', TRACE, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('<svg');
    const urls = run.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice(9));
    expect(urls.some((u) => u.endsWith('/dist/charts/render.js')), 'the trace sees the renderer').toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(vega|d3)/.test(u))).toEqual([]);
  });
});
