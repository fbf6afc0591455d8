/**
 * Edge cases: every one gives a clear StatsError or a row with NaN and the reason, never a silent
 * number or a hang.
 */
import { describe, expect, it } from 'vitest';
import type { ScoreRow } from '../../src/data/types.js';
import { analyzeDesign, analyzeGas, analyzePrePost, analyzeVersusControl, analyzeWaves } from '../../src/designs/index.js';
import { StatsError } from '../../src/stats/result.js';

function row(id: string, group: string, wave: string, instrument: string, scale: string, score: number | null, covariates: Record<string, number> = {}): ScoreRow {
  return {
    participantId: id, group, wave, waveIndex: Number(wave.slice(1)), instrument, scale, score,
    itemsExpected: 16, itemsAnswered: score === null ? 0 : 16, itemsProrated: 0, origin: 'scale-level', covariates,
  };
}

function prepost(pre: Array<number | null>, post: Array<number | null>, group = 'homestart', scale = 'total', instrument = 'psoc'): ScoreRow[] {
  return pre.flatMap((x, i) => [row(`P${i}`, group, 'T1', instrument, scale, x), row(`P${i}`, group, 'T2', instrument, scale, post[i])]);
}

describe('design edge cases', () => {
  it('all post-test scores missing: the row stays, NaN with the reason; the sentence says "not tested"', () => {
    const r = analyzePrePost(prepost([50, 52, 55], [null, null, null]));
    const o = r.outcomes[0];
    expect(o.n).toBe(0);
    expect(o.nExcluded).toBe(3);
    expect(Number.isNaN(o.t)).toBe(true);
    expect(o.error).toMatch(/at least 2|pairs|n < 2/i);
    expect(r.sentences[0]).toMatch(/not tested/);
    expect(Number.isNaN(o.pHolm)).toBe(true);
  });

  it('every change equal (zero variance of the differences): t and d_z refused with a reason', () => {
    const r = analyzePrePost(prepost([50, 52, 55, 60], [52, 54, 57, 62]));
    expect(Number.isNaN(r.outcomes[0].t)).toBe(true);
    expect(Number.isNaN(r.outcomes[0].dz)).toBe(true);
    expect(r.outcomes[0].error).toMatch(/constant|same|zero/i);
  });

  it('one complete pair: refused per outcome, not thrown', () => {
    const r = analyzePrePost(prepost([50, 52], [55, null]));
    expect(r.outcomes[0].n).toBe(1);
    expect(r.outcomes[0].error).toBeDefined();
  });

  it('scale-level input without a definition reliability and without items: reliable change NaN with the reason', () => {
    const r = analyzePrePost(prepost([80, 90, 85, 70, 95], [75, 80, 86, 60, 90], 'homestart', 'total', 'nosik'));
    expect(r.outcomes[0].reliabilitySource).toBe('none');
    expect(r.outcomes[0].error).toMatch(/no item data/);
    expect(Number.isFinite(r.outcomes[0].t)).toBe(true);
  });

  it('a user-given reliability overrides the definition and the α estimate; an impossible one is refused', () => {
    const pre = [80, 90, 85, 70, 95];
    const r = analyzePrePost(prepost(pre, [75, 80, 86, 60, 90], 'homestart', 'total', 'nosik'), { reliabilities: { 'nosik:total': 0.9 } });
    expect(r.outcomes[0].reliabilitySource).toBe('user');
    expect(r.outcomes[0].reliability).toBe(0.9);
    const m = pre.reduce((a, b) => a + b) / pre.length;
    const sdPre = Math.sqrt(pre.reduce((a, b) => a + (b - m) ** 2, 0) / (pre.length - 1));
    expect(r.outcomes[0].sDiff).toBeCloseTo(Math.SQRT2 * sdPre * Math.sqrt(0.1), 12);
    expect(() => analyzePrePost(prepost(pre, pre, 'homestart', 'total', 'nosik'), { reliabilities: { 'nosik:total': 1 } })).toThrow(/strictly between 0 and 1/);
  });

  it('unknown outcome, absent group, a single wave: StatsError sentences', () => {
    const data = prepost([50, 52, 55], [51, 56, 58]);
    expect(() => analyzePrePost(data, { outcomes: ['psoc:totl'] })).toThrow(/has no scale "totl"/);
    expect(() => analyzePrePost(data, { outcomes: ['nosik'] })).toThrow(StatsError);
    expect(() => analyzePrePost(data, { group: 'control' })).toThrow(/no participants in group "control"/);
    expect(() => analyzePrePost(data.filter((s) => s.wave === 'T1'))).toThrow(/needs two waves/);
    expect(() => analyzeDesign('nonsense' as never, data)).toThrow(/Unknown design/);
  });

  it('GAS: no change at all → sign and Wilcoxon refused with the reason; fewer than 2 families → StatsError', () => {
    const same = prepost([40, 45, 50], [40, 45, 50], 'homestart', 't_score', 'gas');
    const g = analyzeGas(same);
    expect(g.outcomes[0].positive).toBe(0);
    expect(g.outcomes[0].ties).toBe(3);
    expect(Number.isNaN(g.outcomes[0].signP)).toBe(true);
    expect(g.outcomes[0].error).toMatch(/sign test/);
    expect(() => analyzeGas(prepost([40], [50], 'homestart', 't_score', 'gas'))).toThrow(/only 1 family/);
    expect(() => analyzeGas(prepost([40, 41], [50, 52]))).toThrow(/no gas:t_score scores/);
  });

  it('versus control: missing comparison group is refused; a constant covariate is reported per outcome', () => {
    const hs = prepost([50, 52, 55, 49], [54, 58, 57, 55]);
    expect(() => analyzeVersusControl(hs)).toThrow(/no participants in group "control"/);
    const both = [
      ...[50, 52, 55, 49, 51].flatMap((x, i) => [row(`H${i}`, 'homestart', 'T1', 'psoc', 'total', x, { age: 30 }), row(`H${i}`, 'homestart', 'T2', 'psoc', 'total', x + 3 + (i % 3), { age: 30 })]),
      ...[48, 53, 50, 47, 52].flatMap((x, i) => [row(`C${i}`, 'control', 'T1', 'psoc', 'total', x, { age: 30 }), row(`C${i}`, 'control', 'T2', 'psoc', 'total', x + (i % 2), { age: 30 })]),
    ];
    const r = analyzeVersusControl(both, { covariates: ['age'] });
    expect(Number.isNaN(r.outcomes[0].F)).toBe(true);
    expect(r.outcomes[0].error).toMatch(/ANCOVA.*age/);
    // d_ppc2 and the interaction still computed
    expect(Number.isFinite(r.outcomes[0].dppc2)).toBe(true);
    expect(Number.isFinite(r.outcomes[0].interactionF)).toBe(true);
  });

  it('waves: a group without complete participants → mixed ANOVA refused with a note, periods still computed', () => {
    const data: ScoreRow[] = [];
    for (let i = 0; i < 6; i++) for (const w of ['T1', 'T2', 'T3']) data.push(row(`H${i}`, 'homestart', w, 'psoc', 'total', 50 + i + Number(w[1]) * (i % 3)));
    for (let i = 0; i < 4; i++) for (const w of ['T1', 'T2']) data.push(row(`C${i}`, 'control', w, 'psoc', 'total', 48 + i * 2 + Number(w[1])));
    const r = analyzeWaves(data);
    expect(r.outcomes[0].mixed.error).toMatch(/control/);
    expect(r.notes.join(' ')).toMatch(/mixed ANOVA not computed/);
    expect(r.outcomes[0].periods.find((p) => p.group === 'homestart' && p.period === 'T1–T3')!.n).toBe(6);
    expect(r.outcomes[0].periods.find((p) => p.group === 'control' && p.period === 'T2–T3')!.error).toBeDefined();
  });
});
