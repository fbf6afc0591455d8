import { describe, expect, it } from 'vitest';
import {
  interactionPlot, pairedSlopePlot, changeDistribution, jacobsonTruaxPlot, forestPlot,
  gasAttainmentChart, categoryBars, trajectoryPlot, waveOrder, waveNumber, participantNumbers,
  renderSvg, renderPng, compileVegaLite, withTheme, GROUP_COLORS, CATEGORY_COLORS, label,
  type VegaLiteSpec,
} from '../../src/charts/index.js';

const means = [
  { group: 'homestart', wave: 'T1', mean: 60, lower: 58, upper: 62, n: 54 },
  { group: 'homestart', wave: 'T2', mean: 64, lower: 62, upper: 66, n: 50 },
  { group: 'control', wave: 'T1', mean: 59, lower: 57, upper: 61, n: 51 },
  { group: 'control', wave: 'T2', mean: 60, lower: 58, upper: 62, n: 49 },
];
const paired = [
  { participant: 'HS-1', group: 'homestart', pre: 50, post: 58 },
  { participant: 'HS-2', group: 'homestart', pre: 55, post: 54 },
  { participant: 'CG-1', group: 'control', pre: 52, post: 53 },
];

/** Every string in a spec, so tests can ask "does this label occur?" */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

async function svgOf(spec: VegaLiteSpec): Promise<string> {
  const svg = await renderSvg(spec);
  expect(svg.startsWith('<svg')).toBe(true);
  return svg;
}

describe('chart builders', () => {
  it('interaction plot: numeric waves dodged per group, CI rules, norm band, Dutch labels', async () => {
    const spec = interactionPlot(means, { title: 'PSOC', yTitle: 'PSOC totaal', lang: 'nl', normBand: { lower: 63, upper: 66 } });
    const s = strings(spec);
    expect(s).toContain('Vergelijkingsgroep');
    expect(s).toContain('Normgroep');
    expect(s).toContain('Meting');
    const dataLayer = (spec.layer as any[])[1];
    const xs = dataLayer.data.values.filter((v: any) => v.wave === 'T1').map((v: any) => v.x);
    expect(xs).toHaveLength(2);
    expect(xs[0]).not.toBe(xs[1]); // dodged
    expect(Math.abs(xs[0] - 1)).toBeLessThan(0.1);
    const colorScale = dataLayer.layer[0].encoding.color.scale;
    expect(colorScale.range).toEqual([GROUP_COLORS.homestart, GROUP_COLORS.control]);
    const svg = await svgOf(spec);
    expect(svg).toContain('PSOC totaal');
    expect(svg).toContain('Vergelijkingsgroep');
  });

  it('paired slope plot: one line per participant, facet per group', async () => {
    const spec = pairedSlopePlot(paired, { title: 'slopes' });
    expect((spec.data as any).values).toHaveLength(6);
    expect(spec.facet).toBeDefined();
    const svg = await svgOf(spec);
    expect(svg).toContain('Pre-test');
    expect(svg).toContain('Post-test');
  });

  it('change distribution: histogram with zero rule', async () => {
    const spec = changeDistribution(paired.map((p) => ({ group: p.group, change: p.post - p.pre })), { binStep: 2 });
    expect((spec.layer as any[])[0].encoding.x.bin).toEqual({ step: 2 });
    expect((spec.layer as any[])[1].encoding.x).toEqual({ datum: 0 });
    await svgOf(spec);
  });

  it('Jacobson–Truax plot: diagonal, band of ±RC around it, cut-off on both axes, category colours', async () => {
    const pts = paired.map((p, i) => ({ ...p, category: ['recovered', 'unchanged', 'harmed'][i] }));
    const spec = jacobsonTruaxPlot(pts, { reliableChange: 5, cutoff: 56, domain: [40, 70] });
    const layers = spec.layer as any[];
    expect(layers[0].data.values).toEqual([{ x: 40, y: 35, y2: 45 }, { x: 70, y: 65, y2: 75 }]);
    expect(layers[1].data.values).toEqual([{ x: 40, y: 40 }, { x: 70, y: 70 }]);
    expect(layers[2].encoding.x.field).toBe('c');
    expect(layers[3].encoding.y.field).toBe('c');
    const scale = layers[4].encoding.color.scale;
    expect(scale.range).toEqual(['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed'].map((c) => CATEGORY_COLORS[c]));
    const svg = await svgOf(spec);
    expect(svg).toContain('Recovered');
  });

  it('forest plot keeps the outcome order and draws reference lines', async () => {
    const rows = [
      { outcome: 'PSOC total', estimate: 0.4, lower: 0.1, upper: 0.7 },
      { outcome: 'NOSIK parent', estimate: -0.3, lower: -0.6, upper: 0 },
    ];
    const spec = forestPlot(rows, { references: [-0.2, 0.2] });
    const layers = spec.layer as any[];
    expect(layers[0].data.values).toEqual([{ v: 0 }, { v: -0.2 }, { v: 0.2 }]);
    expect(layers[1].encoding.y.sort).toEqual(['PSOC total', 'NOSIK parent']);
    const svg = await svgOf(spec);
    expect(svg).toContain('NOSIK parent');
  });

  it('GAS chart marks the expected level T = 50', async () => {
    const spec = gasAttainmentChart([{ participant: 'a', before: 35, after: 55 }, { participant: 'b', before: 40, after: 60 }]);
    expect((spec.layer as any[])[1].data.values).toEqual([{ v: 50 }]);
    await svgOf(spec);
  });

  it('category bars are normalised and ordered from recovered to harmed', async () => {
    const spec = categoryBars([{ group: 'homestart', category: 'harmed', count: 1 }, { group: 'homestart', category: 'recovered', count: 3 }], { lang: 'nl' });
    const enc = spec.encoding as any;
    expect(enc.x.stack).toBe('normalize');
    const values = (spec.data as any).values;
    expect(values.map((v: any) => v.order)).toEqual([4, 0]);
    expect(values[1].categoryLabel).toBe(label('recovered', 'nl'));
    await svgOf(spec);
  });

  it('trajectory plot counts n per wave and group in its lower panel', async () => {
    const rows = [
      { participant: 'a', group: 'homestart', wave: 'T1', score: 1 },
      { participant: 'a', group: 'homestart', wave: 'T2', score: 2 },
      { participant: 'b', group: 'homestart', wave: 'T1', score: 3 },
    ];
    const spec = trajectoryPlot(rows);
    expect(((spec.vconcat as any[])[1]).encoding.text.aggregate).toBe('count');
    const svg = await svgOf(spec);
    // n = 2 at T1, 1 at T2
    expect(svg).toMatch(/>2<\/text>/);
    expect(svg).toMatch(/>1<\/text>/);
  });

  it('every spec compiles with the theme (bundled font) and renders a PNG', async () => {
    const spec = withTheme(interactionPlot(means));
    expect((spec.config as any).font).toBe('DejaVu Sans');
    const vg = await compileVegaLite(spec);
    expect(vg.$schema).toMatch(/vega\/v\d/);
    const png = await renderPng(spec, { scale: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5000);
  });

  it('never publishes participant ids: individual-level charts use running numbers', async () => {
    const pts = paired.map((p) => ({ ...p, category: 'unchanged' }));
    const traj = paired.map((p) => ({ participant: p.participant, group: p.group, wave: 'T1', score: p.pre }));
    const gas = paired.map((p) => ({ participant: p.participant, before: 40, after: 55 }));
    const specs = [
      pairedSlopePlot(paired),
      jacobsonTruaxPlot(pts, { reliableChange: 5 }),
      trajectoryPlot(traj),
      gasAttainmentChart(gas),
    ];
    for (const spec of specs) {
      const svg = await renderSvg(spec);
      for (const id of ['HS-1', 'HS-2', 'CG-1']) {
        expect(JSON.stringify(spec)).not.toContain(id);
        expect(svg).not.toContain(id);
      }
    }
    expect([...participantNumbers(['b', 'a', 'b', 'c']).entries()]).toEqual([['b', '1'], ['a', '2'], ['c', '3']]);
  });

  it('a single-group slope plot is a plain layered chart (no facet)', async () => {
    const spec = pairedSlopePlot(paired.filter((p) => p.group === 'homestart'));
    expect(spec.facet).toBeUndefined();
    expect(spec.spec).toBeUndefined();
    expect((spec.layer as any[]).length).toBe(2);
    await svgOf(spec);
  });

  it('category bars keep the groups in the order given, forest plots leave room for long labels', () => {
    const spec = categoryBars([
      { group: 'homestart', category: 'recovered', count: 1 },
      { group: 'control', category: 'recovered', count: 2 },
    ]);
    expect((spec.encoding as any).y.sort).toEqual(['Home-Start', 'Comparison group']);
    const f = forestPlot([{ outcome: 'x', estimate: 0, lower: -1, upper: 1 }]);
    expect((f.layer as any[])[1].encoding.y.axis.labelLimit).toBe(440);
  });

  it('orders waves numerically', () => {
    expect(['T10', 'T2', 'T1'].sort(waveOrder)).toEqual(['T1', 'T2', 'T10']);
    expect(waveNumber('T12')).toBe(12);
  });
});
