import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeAttrition, MAR_SENTENCE } from '../../src/designs/index.js';
import { expectClose, scoredSample } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const REF: any = JSON.parse(readFileSync(new URL('../reference/path_models.json', import.meta.url), 'utf8')).attrition;

describe('analyzeAttrition on synthetic-2013-fivewaves.csv against R (table, t.test, hedges_g, fisher.test)', async () => {
  const { scores } = await scoredSample('fivewaves-2013');
  const a = analyzeAttrition(scores, { outcomes: ['psoc:total', 'nosik:total'] });

  it('patterns of missing waves per group equal R table()', () => {
    const ours = a.patterns.map((p) => `${p.group} ${p.pattern} ${p.n}`).sort();
    const theirs = REF.patterns.map((p: { group: string; pattern: string; Freq: number }) => `${p.group} ${p.pattern} ${p.Freq}`).sort();
    expect(ours).toEqual(theirs);
    expect(a.counts.find((c) => c.group === 'homestart')).toEqual({ group: 'homestart', started: 59, completers: 33, dropouts: 26, intermittent: 0 });
    expect(a.counts.find((c) => c.group === 'control')).toMatchObject({ started: 56, completers: 45 });
    expect(a.patterns.every((p) => p.monotone)).toBe(true);
  });

  it('completers vs dropouts at baseline: Welch t, Hedges g (numeric) and Fisher (single parent)', () => {
    let numeric = 0;
    let binary = 0;
    for (const ref of REF.comparisons) {
      const mine = a.comparisons.find((c) => c.group === ref.group && c.variable === ref.variable)!;
      expect(mine, `${ref.group} ${ref.variable}`).toBeDefined();
      if (ref.variable === 'single_parent') {
        expect(mine.kind).toBe('binary');
        const t = ref.table; // rows completer TRUE/FALSE, cols single 1/0
        expect([mine.nCompleters, mine.nDropouts]).toEqual([t[0][0] + t[0][1], t[1][0] + t[1][1]]);
        expectClose(mine.p, ref.p, 1e-9, 'fisher p');
        const num = (v: number | string) => (v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : (v as number));
        if (Number.isFinite(num(ref.odds_ratio))) expectClose(mine.effect, num(ref.odds_ratio), 1e-4, 'fisher OR (uniroot tolerance)');
        else expect(mine.effect).toBe(num(ref.odds_ratio));
        if (Number.isFinite(num(ref.or_upper))) expectClose(mine.effectUpper, num(ref.or_upper), 1e-3, 'fisher OR upper');
        else expect(mine.effectUpper).toBe(num(ref.or_upper));
        binary++;
      } else {
        expect(mine.kind).toBe('numeric');
        expect([mine.nCompleters, mine.nDropouts]).toEqual([ref.n_completers, ref.n_dropouts]);
        expectClose(mine.completers, ref.mean_completers, 1e-12);
        expectClose(mine.dropouts, ref.mean_dropouts, 1e-12);
        expectClose(mine.t, ref.t, 1e-9, 't');
        expectClose(mine.df, ref.df, 1e-9, 'df');
        expectClose(mine.p, ref.p, 1e-8, 'p');
        expectClose(mine.effect, ref.g, 1e-9, 'g');
        expectClose(mine.effectLower, ref.g_lower_exact, 1e-8, 'g lower (ncp, uniroot)', 1e-9);
        expectClose(mine.effectUpper, ref.g_upper_exact, 1e-8, 'g upper (ncp, uniroot)', 1e-9);
        expectClose(mine.effectLower, ref.g_lower, 5e-3, 'g lower (effectsize optimiser)', 1e-4);
        numeric++;
      }
    }
    expect([numeric, binary]).toEqual([9, 3]);
  });

  it('states the MAR assumption and writes sentences and tables', () => {
    expect(a.marNote).toBe(MAR_SENTENCE);
    expect(MAR_SENTENCE).toMatch(/missing at random \(MAR\)/);
    expect(a.apa()).toMatch(/Home-Start: 59 started, 33 measured at T5 \(56%\), 26 dropped out\./);
    expect(a.tables.map((t) => t.id)).toEqual(['attrition-patterns', 'attrition-baseline']);
    expect(JSON.stringify(a.toJSON())).not.toMatch(/HS-\d{4}/);
  });

  it('intermittent patterns are flagged; bad options are sentences', () => {
    // remove T2 for one completer → X.XXX (intermittent)
    const id = scores.find((s) => s.group === 'homestart' && s.wave === 'T5')!.participantId;
    const b = analyzeAttrition(scores.filter((s) => !(s.participantId === id && s.wave === 'T2')), { outcomes: ['psoc:total'] });
    const p = b.patterns.find((x) => x.group === 'homestart' && x.pattern === 'X.XXX')!;
    expect(p).toMatchObject({ n: 1, monotone: false, lastWave: 'T5' });
    expect(b.counts.find((c) => c.group === 'homestart')!.intermittent).toBe(1);
    expect(() => analyzeAttrition(scores, { completerWave: 'T9' })).toThrow(/completer wave T9 is not among/);
    expect(() => analyzeAttrition(scores, { waves: ['T1'] })).toThrow(/at least two waves/);
  });
});
