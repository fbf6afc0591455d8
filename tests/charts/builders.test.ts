import { describe, expect, it, vi } from 'vitest';
import {
  interactionPlot, pairedSlopePlot, changeDistribution, jacobsonTruaxPlot, forestPlot,
  gasAttainmentChart, categoryBars, trajectoryPlot, waveOrder, waveNumber, participantNumbers, disclosureStep, binStart, binPosition,
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

  it('change distribution: bins computed here, one panel per group (no overlapping bars), labelled zero line', async () => {
    const spec = changeDistribution(paired.map((p) => ({ group: p.group, change: p.post - p.pre })), { binStep: 2 });
    const panels = spec.vconcat as any[];
    expect(panels).toHaveLength(2);
    const bars = panels[0].layer[0];
    expect(bars.mark.opacity).toBeUndefined();
    expect(panels[0].data.values.map(({ text, ...v }: any) => v)).toEqual([
      { groupLabel: 'Home-Start', start: 8, end: 10, bin: '8–10', count: 1 },
      { groupLabel: 'Home-Start', start: -2, end: 0, bin: '-2–0', count: 1 },
    ]);
    expect(panels[0].data.values[0].text).toBe('Home-Start, change 8–10: 1');
    expect(bars.encoding.color.scale.domain).toEqual(['Home-Start', 'Comparison group']);
    expect(panels[0].layer[1].data.values).toEqual([{ v: 0, text: 'no change' }]);
    // the x axis holds every bin and 0
    expect(bars.encoding.x.scale.domain).toEqual([-2, 10]);
    const svg = await svgOf(spec);
    expect(svg).toContain('no change');
  });

  it('Jacobson–Truax plot: diagonal, band of ±RC around it, cut-off on both axes, category colours', async () => {
    const pts = paired.map((p, i) => ({ ...p, category: ['recovered', 'unchanged', 'harmed'][i] }));
    const spec = jacobsonTruaxPlot(pts, { reliableChange: 5, cutoff: 56, domain: [40, 70] });
    const layers = spec.layer as any[];
    const [b0, b1] = layers[0].data.values;
    expect(b0.y2 - b0.y).toBeCloseTo(10, 12);
    expect(b0.x - b0.y).toBeCloseTo(5, 12);
    expect(b1.x).toBeGreaterThan(70);
    expect(layers[1].data.values[0].x).toBe(layers[1].data.values[0].y);
    expect(layers[2].encoding.x.field).toBe('c');
    expect(layers[3].encoding.y.field).toBe('c');
    expect(layers[4].data.values[0].text).toBe('cut-off 56');
    const scale = layers[5].encoding.color.scale;
    expect(scale.range).toEqual(['recovered', 'improved', 'unchanged', 'deteriorated', 'harmed'].map((c) => CATEGORY_COLORS[c]));
    const svg = await svgOf(spec);
    expect(svg).toContain('Recovered');
  });

  it('forest plot keeps the outcome order and draws reference lines', async () => {
    const rows = [
      { outcome: 'PSOC total', estimate: 0.4, lower: 0.1, upper: 0.7 },
      { outcome: 'NOSIK parent', estimate: -0.3, lower: -0.6, upper: 0 },
    ];
    const spec = forestPlot([...rows, { outcome: 'Stress', estimate: 1.1, lower: 0.8, upper: 1.45, reversed: true }], { references: [-0.2, 0.2], referenceLabel: '(small)', signNote: 'Positive = improvement.' });
    const layers = spec.layer as any[];
    expect(layers[0].data.values.map((v: any) => v.v)).toEqual([0, -0.2, 0.2]);
    expect(layers[1].data.values.map((v: any) => v.text)).toEqual(['0', '−0.2', '0.2']);
    expect(layers[2].encoding.y.sort).toEqual(['PSOC total', 'NOSIK parent', 'Stress †']);
    // the axis holds every interval (never cut at the edge)
    const [lo, hi] = layers[2].encoding.x.scale.domain;
    expect(lo).toBeLessThan(-0.6);
    expect(hi).toBeGreaterThan(1.45);
    expect((spec.title as any).subtitle).toEqual(['Positive = improvement.', 'Dashed lines: −0.2 and 0.2 (small).']);
    const svg = await svgOf(spec);
    expect(svg).toContain('NOSIK parent');
  });

  it('GAS chart marks the expected level T = 50', async () => {
    const rows = [{ participant: 'a', before: 35, after: 55 }, { participant: 'b', before: 40, after: 60 }];
    const priv = gasAttainmentChart(rows, { disclosure: 'private' });
    expect((priv.layer as any[])[1].data.values).toEqual([{ v: 50, text: 'expected level (T = 50)' }]);
    expect(await svgOf(priv)).toContain('expected level (T = 50)');
    // share mode: counts per bin, before and after side by side, the bin holding 50 marked
    const share = gasAttainmentChart(rows);
    expect((share.layer as any[])[0].encoding.xOffset.field).toBe('time');
    expect((share.layer as any[])[1].data.values[0].bin).toBe('50–55');
    expect(JSON.stringify(share)).not.toMatch(/"(35|55|40|60)"|: (35|55|40|60)[,}]/);
    await svgOf(share);
  });

  it('category bars are normalised and ordered from recovered to harmed', async () => {
    const spec = categoryBars([{ group: 'homestart', category: 'harmed', count: 1 }, { group: 'homestart', category: 'recovered', count: 3 }], { lang: 'nl' });
    const enc = spec.encoding as any;
    expect(enc.x.stack).toBe('normalize');
    expect((spec.data as any).values).toEqual([]); // a group of 4 is left out in share mode
    const priv = categoryBars([{ group: 'homestart', category: 'harmed', count: 1 }, { group: 'homestart', category: 'recovered', count: 3 }], { lang: 'nl', disclosure: 'private' });
    const values = (priv.data as any).values;
    expect(values.map((v: any) => v.order)).toEqual([4, 0]);
    expect(values[1].categoryLabel).toBe(label('recovered', 'nl'));
    await svgOf(priv);
  });

  it('trajectory plot counts n per wave and group in its lower panel', async () => {
    const rows = [
      { participant: 'a', group: 'homestart', wave: 'T1', score: 1 },
      { participant: 'a', group: 'homestart', wave: 'T2', score: 2 },
      { participant: 'b', group: 'homestart', wave: 'T1', score: 3 },
    ];
    const spec = trajectoryPlot(rows, { disclosure: 'private', seed: 1 });
    expect(((spec.vconcat as any[])[1]).encoding.text.field).toBe('n');
    const svg = await svgOf(spec);
    expect(svg).toContain('PRIVATE (individual values)');
    // share mode: no individual line, and a mean of fewer than 5 is left out with a sentence
    const shared = trajectoryPlot(rows);
    expect((shared.data as any).values.filter((v: any) => v.kind !== 'n')).toEqual([]);
    expect((shared.title as any).subtitle).toContain('Groups of fewer than 5 participants are not shown.');
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
      pairedSlopePlot(paired, { disclosure: 'private' }),
      jacobsonTruaxPlot(pts, { reliableChange: 5, disclosure: 'private' }),
      trajectoryPlot(traj, { disclosure: 'private' }),
      gasAttainmentChart(gas, { disclosure: 'private' }),
    ];
    for (const spec of specs) {
      const svg = await renderSvg(spec);
      for (const id of ['HS-1', 'HS-2', 'CG-1']) {
        expect(JSON.stringify(spec)).not.toContain(id);
        expect(svg).not.toContain(id);
      }
    }
    const m = participantNumbers(['b', 'a', 'b', 'c'], 7);
    expect([...m.keys()]).toEqual(['b', 'a', 'c']);
    expect([...m.values()].sort()).toEqual(['1', '2', '3']);
  });

  it('share mode: individual scores only as bins (the @examples of disclosureStep), slope lines per bin pair', async () => {
    expect(disclosureStep([40, 52, 61, 75])).toBe(5);
    expect(disclosureStep([1, 2, 3])).toBe(2);
    expect(binStart(57, 5)).toBe(55);
    expect(binPosition(55, 5, true)).toBe(57.5);
    expect(binPosition(4, 2, true)).toBe(4.5);
    const people = Array.from({ length: 8 }, (_, i) => ({ participant: `HS-${i}`, group: 'homestart', pre: 50 + i, post: 58 + i }));
    const spec = pairedSlopePlot(people);
    const pairs = (spec.data as any).values.filter((v: any) => v.kind === 'pair');
    for (const v of pairs) expect(Number.isInteger(v.score)).toBe(false);
    expect(pairs.reduce((a: number, v: any) => a + v.count, 0)).toBe(16); // 8 people × 2 ends
    const meanRow = (spec.data as any).values.find((v: any) => v.kind === 'mean');
    expect(meanRow.score).toBe(53.5);
    const jt = jacobsonTruaxPlot(people.map((p) => ({ ...p, category: 'improved' })), { reliableChange: 4 });
    const pts = (jt.layer as any[]).at(-1).data.values;
    expect(pts.reduce((a: number, v: any) => a + v.count, 0)).toBe(8);
    for (const v of pts) expect(Number.isInteger(v.pre) || Number.isInteger(v.post)).toBe(false);
    await svgOf(jt);
  });

  it('a single-group slope plot is a plain layered chart (no facet)', async () => {
    const spec = pairedSlopePlot(paired.filter((p) => p.group === 'homestart'));
    expect(spec.facet).toBeUndefined();
    expect(spec.spec).toBeUndefined();
    expect((spec.layer as any[]).length).toBe(2);
    expect((spec.data as any).values.some((v: any) => v.kind === 'mean')).toBe(false); // 2 people: no mean in share mode
    await svgOf(spec);
  });

  it('category bars keep the groups in the order given, forest plots leave room for long labels', () => {
    const spec = categoryBars([
      { group: 'homestart', category: 'recovered', count: 1 },
      { group: 'control', category: 'recovered', count: 2 },
    ], { disclosure: 'private' });
    expect((spec.encoding as any).y.sort).toEqual(['Home-Start (n = 1)', 'Comparison group (n = 2)']);
    const f = forestPlot([{ outcome: 'x', estimate: 0, lower: -1, upper: 1 }]);
    expect((f.layer as any[])[2].encoding.y.axis.labelLimit).toBe(440);
  });

  it('every builder compiles without vega-lite warnings (a notebook shows them as errors), in both modes', async () => {
    const warns: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void warns.push(a.join(' ')));
    try {
      const people = ['homestart', 'control'].flatMap((g) => Array.from({ length: 8 }, (_v, i) => ({ participant: `${g}-${i}`, group: g, pre: 40 + 3 * i, post: 45 + 2 * i })));
      const traj = people.flatMap((p) => ['T1', 'T2', 'T3'].map((w, k) => ({ participant: p.participant, group: p.group, wave: w, score: p.pre + k })));
      for (const disclosure of ['share', 'private'] as const) {
        await renderSvg(trajectoryPlot(traj, { disclosure }));
        await renderSvg(pairedSlopePlot(people, { disclosure }));
        await renderSvg(changeDistribution(people.map((p) => ({ group: p.group, change: p.post - p.pre })), { disclosure }));
        await renderSvg(jacobsonTruaxPlot(people.map((p) => ({ ...p, category: 'improved' })), { reliableChange: 5, cutoff: 50, disclosure }));
        await renderSvg(gasAttainmentChart(people.map((p) => ({ participant: p.participant, before: p.pre, after: p.post })), { disclosure }));
        await renderSvg(categoryBars([{ group: 'homestart', category: 'improved', count: 6 }, { group: 'homestart', category: 'unchanged', count: 2 }], { disclosure }));
      }
      await renderSvg(interactionPlot(means, { referenceLine: { value: 61, label: 'cut-off' }, normBand: { lower: 63, upper: 66 } }));
      await renderSvg(forestPlot([{ outcome: 'x', estimate: 0.3, lower: -0.1, upper: 0.7, reversed: true }], { references: [-0.2, 0.2], signNote: 's' }));
    } finally {
      spy.mockRestore();
    }
    expect(warns).toEqual([]);
  });

  it('orders waves numerically', () => {
    expect(['T10', 'T2', 'T1'].sort(waveOrder)).toEqual(['T1', 'T2', 'T10']);
    expect(waveNumber('T12')).toBe(12);
  });
});
