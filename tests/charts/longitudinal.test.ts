import { describe, expect, it } from 'vitest';
import { growthCurvePlot, spaghettiPlot, randomParticipantNumbers, renderSvg, GROUP_COLORS } from '../../src/charts/index.js';

function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

const predicted = [0, 3, 6, 12, 18].flatMap((t) => [
  { group: 'homestart', time: t, estimate: 55 + 0.4 * t, lower: 53 + 0.4 * t, upper: 57 + 0.4 * t },
  { group: 'control', time: t, estimate: 60 + 0.1 * t, lower: 58 + 0.1 * t, upper: 62 + 0.1 * t },
]);
const observed = [['T1', 0], ['T2', 3], ['T3', 6], ['T4', 12], ['T5', 18]].flatMap(([w, t]) => [
  { group: 'homestart', wave: w as string, time: t as number, mean: 55 + 0.4 * (t as number) + 0.5, lower: 52, upper: 70, n: 40 },
  { group: 'control', wave: w as string, time: t as number, mean: 60 + 0.1 * (t as number) - 0.5, lower: 57, upper: 65, n: 40 },
]);

describe('longitudinal charts', () => {
  it('growth curves: bands, lines and observed means on a time axis to scale, groups in their colours, Dutch labels', async () => {
    const spec = growthCurvePlot(predicted, observed, { title: 'PSOC', yTitle: 'PSOC totaal', lang: 'nl' });
    const s = strings(spec);
    expect(s).toContain('Vergelijkingsgroep');
    expect(s).toContain('Maanden sinds de voormeting');
    const layers = spec.layer as any[];
    expect(layers[0].layer[0].mark.type).toBe('area');
    expect(layers[0].layer[1].encoding.color.scale.range).toEqual([GROUP_COLORS.homestart, GROUP_COLORS.control]);
    expect(layers[0].layer[0].encoding.x.axis.values).toEqual([0, 3, 6, 12, 18]);
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('PSOC totaal');
    expect(svg).toContain('T5');
  });

  it('spaghetti: numbered in a random (seeded) order, never by id; one panel per group', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `HS-${String(i + 1).padStart(4, '0')}`);
    const rows = ids.flatMap((id, i) => [0, 6, 12].slice(0, 1 + (i % 3)).map((t) => ({ participant: id, group: i < 15 ? 'homestart' : 'control', time: t, score: 50 + i + t })));
    const spec = spaghettiPlot(rows, { yTitle: 'PSOC', seed: 5 });
    const s = strings(spec);
    expect(s.some((x) => /HS-\d{4}/.test(x))).toBe(false);
    const values = (spec.data as any).values as Array<{ participant: string; score: number }>;
    // participant 1 is not the first id (random order), and numbering is a permutation of 1..30
    const nums = new Set(values.map((v) => Number(v.participant)));
    expect([...nums].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const order = ids.map((id) => randomParticipantNumbers(ids, 5).get(id));
    expect(order).not.toEqual(ids.map((_, i) => String(i + 1)));
    expect(randomParticipantNumbers(ids, 5)).toEqual(randomParticipantNumbers(ids, 5));
    expect(randomParticipantNumbers(ids, 6)).not.toEqual(randomParticipantNumbers(ids, 5));
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/HS-\d{4}/);
    expect(svg).toContain('Home-Start');
  });
});
