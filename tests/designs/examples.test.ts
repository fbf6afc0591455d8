/** The @example lines of the design functions' TSDoc, asserted. */
import { describe, expect, it } from 'vitest';
import { analyzeDesign, analyzePrePost, analyzeVersusControl, analyzeVersusNorm, analyzeWaves, parseDesignOutcome } from '../../src/designs/index.js';
import { StatsError } from '../../src/stats/result.js';
import { scoredSample } from './helpers.js';

describe('TSDoc examples of src/designs', () => {
  it('analyzePrePost', async () => {
    const { scores, records } = await scoredSample('prepost-1997');
    const r = analyzePrePost(scores, { outcomes: ['psoc:total'], records });
    expect(r.outcomes[0].n).toBe(54);
    expect(r.sentences[0].startsWith('PSOC: Total sense of competence: M = 57.69 (SD = 12.10) at T1, M = 63.35 (SD = 12.19) at T2, t(53) = 4.68, p < .001 (Holm-adjusted p < .001), d_z = 0.64, 95% CI [')).toBe(true);
  });

  it('analyzeVersusControl', async () => {
    const { scores } = await scoredSample('control-2005');
    const r = analyzeVersusControl(scores, { outcomes: ['nosik:total'] });
    expect(r.outcomes[0].difference.toFixed(4)).toBe('-8.4186');
    expect(r.sentences[0]).toBe(
      'NOSIK: Total parenting stress: adjusted post-test means 79.59 (Home-Start) vs 88.01 (Comparison group), difference = -8.42, 95% CI [-13.42, -3.41], F(1, 96) = 11.14, p = .001 (Holm-adjusted p = .001), ηp² = .104; d_ppc2 = -0.52, 95% CI [-0.82, -0.21]; group × time F(1, 99) = 11.92, p < .001.',
    );
  });

  it('analyzeVersusNorm', async () => {
    const c = await scoredSample('control-2005');
    const n = await scoredSample('norm-2008');
    const r = analyzeVersusNorm([...c.scores, ...n.scores], { outcomes: ['nosik:total'], records: [...c.records, ...n.records] });
    const hs = r.outcomes.find((o) => o.group === 'homestart')!;
    expect(hs.cutoff.toFixed(3)).toBe('82.774');
    expect(hs.clinicalAfter.toFixed(4)).toBe('0.3529');
    expect(hs.clinicalBefore.toFixed(3)).toBe('0.627');
    expect(hs.recovered).toBe(9);
  });

  it('analyzeWaves', async () => {
    const { scores } = await scoredSample('fivewaves-2013');
    const r = analyzeWaves(scores);
    expect(r.outcomes[0].periods.map((p) => `${p.group} ${p.period}`).slice(0, 4)).toEqual(['homestart T1–T3', 'homestart T3–T5', 'homestart T1–T5', 'control T1–T3']);
    expect(r.outcomes[0].mixed.nExcluded).toBe(42);
  });

  it('analyzeDesign and parseDesignOutcome', async () => {
    const { scores } = await scoredSample('prepost-1997');
    expect((analyzeDesign('gas', scores).outcomes[0] as { positive: number }).positive).toBe(48);
    expect(parseDesignOutcome('nosik:total')).toEqual({ instrument: 'nosik', scale: 'total' });
    expect(() => parseDesignOutcome('nosik')).toThrow(StatsError);
    expect(() => parseDesignOutcome('nosik')).toThrow('Outcome "nosik" is not of the form instrument:scale (e.g. nosik:total).');
  });
});
