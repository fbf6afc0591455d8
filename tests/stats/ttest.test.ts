import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatsError } from '../../src/stats/result.js';
import {
  type TestAlternative,
  tTestOneSample,
  tTestPaired,
  tTestStudent,
  tTestTwoSample,
  tTestWelch,
} from '../../src/stats/ttest.js';

type Num = number | string;
interface HTest {
  statistic: Num[];
  parameter: Num[];
  p_value: Num[];
  conf_int: Num[];
  estimate: Num[];
  method: string;
}
interface TCase {
  type: 'one' | 'paired' | 'student' | 'welch';
  alternative: string;
  conf_level: number;
  mu: number;
  x: Num[];
  y: Num[];
  r: HTest & { stderr: Num[] };
}

const ref = JSON.parse(readFileSync(new URL('../reference/tests.json', import.meta.url), 'utf8')) as { ttest: TCase[] };

/** Decodes the fixture encoding: "Inf"/"-Inf"/"NA". */
export function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN;
}
const data = (v: Num[]): (number | null)[] => v.map((z) => (z === 'NA' ? null : num(z)));
const alt = (a: string): TestAlternative => (a === 'two.sided' ? 'two-sided' : (a as TestAlternative));

function close(actual: number, expected: number, rel = 1e-6): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const tol = rel * Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('t-tests against R t.test (tests/reference/tests.R)', () => {
  it('has all four kinds, three alternatives and missing values among the cases', () => {
    const kinds = new Set(ref.ttest.map((c) => c.type));
    const alts = new Set(ref.ttest.map((c) => c.alternative));
    expect(kinds.size).toBe(4);
    expect(alts.size).toBe(3);
    expect(ref.ttest.some((c) => c.x.includes('NA'))).toBe(true);
  });

  ref.ttest.forEach((c, i) => {
    it(`case ${i + 1}: ${c.type}, ${c.alternative}, conf ${c.conf_level}, nx = ${c.x.length}`, () => {
      const opts = { alternative: alt(c.alternative), mu: c.mu, confLevel: c.conf_level };
      const x = data(c.x);
      const y = data(c.y);
      const res =
        c.type === 'one'
          ? tTestOneSample(x, opts)
          : c.type === 'paired'
            ? tTestPaired(x, y, opts)
            : c.type === 'student'
              ? tTestStudent(x, y, opts)
              : tTestWelch(x, y, opts);
      close(res.statistic, num(c.r.statistic[0]));
      close(res.df as number, num(c.r.parameter[0]));
      close(res.p, num(c.r.p_value[0]));
      close(res.ci!.lower, num(c.r.conf_int[0]));
      close(res.ci!.upper, num(c.r.conf_int[1]));
      close(res.stderr, num(c.r.stderr[0]));
      const est = c.type === 'one' || c.type === 'paired' ? num(c.r.estimate[0]) : num(c.r.estimate[0]) - num(c.r.estimate[1]);
      close(res.estimate!.value, est, 1e-9);
      expect(res.ci!.level).toBe(c.conf_level);
      expect(res.missingHandling).toBe('listwise');
      // the attached effect size is the one matching the test: d = t·√(1/n₁ + 1/n₂) (Student), d_z = t/√n (paired)
      if (c.mu !== 0) expect(res.effectSize).toBeNull();
      else if (c.type === 'student') close(res.effectSize!.value, res.statistic * Math.sqrt(1 / res.nX + 1 / res.nY), 1e-9);
      else if (c.type === 'paired') close(res.effectSize!.value, res.statistic / Math.sqrt(res.n), 1e-9);
      else if (c.type === 'welch' && res.nX >= 2 && res.nY >= 2) expect(res.effectSize!.symbol).toBe('d');
      else if (c.type === 'one') expect(res.effectSize).toBeNull();
      const nMissing = c.x.filter((v) => v === 'NA').length + c.y.filter((v) => v === 'NA').length;
      if (c.type === 'paired') {
        // listwise: a pair is dropped when either side is missing
        const dropped = c.x.filter((v, k) => v === 'NA' || c.y[k] === 'NA').length;
        expect(res.missing).toBe(dropped);
        expect(res.n).toBe(c.x.length - dropped);
      } else {
        expect(res.missing).toBe(nMissing);
      }
    });
  });
});

describe('t-test TSDoc examples and hand-checked values', () => {
  it('one-sample example (R: t = 2.4555, df = 5, p = 0.05746)', () => {
    const r = tTestOneSample([5.1, 4.9, 5.6, 5.8, 6.0, 5.2], { mu: 5 });
    close(r.p, 0.05745627, 1e-6);
    expect(r.apa()).toBe('t(5) = 2.46, p = .057, M = 5.43, 95% CI [4.98, 5.89]');
  });
  it('paired example', () => {
    // effect size: R effectsize::cohens_d(x, y, paired = TRUE) = 0.96 [-0.16, 2.01]
    expect(tTestPaired([12, 15, 11, 18, 14], [10, 14, 12, 15, 11]).apa()).toBe(
      't(4) = 2.14, p = .099, d_z = 0.96, 95% CI [-0.16, 2.01]',
    );
    expect(tTestPaired([12, 15, 11, 18, 14], [10, 14, 12, 15, 11], { effectSize: false }).apa()).toBe(
      't(4) = 2.14, p = .099, M_diff = 1.60, 95% CI [-0.48, 3.68]',
    );
  });
  it('Student example', () => {
    // effect size: R effectsize::cohens_d(x, y) = 1.71 [0.09, 3.25]
    expect(tTestTwoSample([3, 5, 4, 6, 7], [1, 2, 4, 3], { varEqual: true }).apa()).toBe(
      't(7) = 2.55, p = .038, d = 1.71, 95% CI [0.09, 3.25]',
    );
    expect(tTestTwoSample([3, 5, 4, 6, 7], [1, 2, 4, 3], { varEqual: true, effectSize: false }).apa()).toBe(
      't(7) = 2.55, p = .038, M_diff = 2.50, 95% CI [0.18, 4.82]',
    );
  });
  it('Student / Welch wrapper examples', () => {
    expect(tTestStudent([3, 5, 4, 6, 7], [1, 2, 4, 3]).df).toBe(7);
    expect(tTestWelch([3, 5, 4, 6, 7], [1, 2, 4, 3]).apa()).toBe('t(6.98) = 2.61, p = .035, d = 1.71, 95% CI [0.09, 3.25]');
  });
  it('Welch df on a textbook case: n=(5,4) equals the Welch–Satterthwaite formula', () => {
    const x = [3, 5, 4, 6, 7];
    const y = [1, 2, 4, 3];
    const r = tTestWelch(x, y);
    const v1 = 2.5 / 5; // var(x) = 2.5
    const v2 = 1.6666666666666667 / 4; // var(y) = 5/3
    close(r.df as number, (v1 + v2) ** 2 / (v1 ** 2 / 4 + v2 ** 2 / 3), 1e-12);
    expect(r.apa()).toMatch(/^t\(6\.\d\d\) = /);
  });
  it('one-sided CI has an infinite bound', () => {
    const r = tTestOneSample([1, 2, 3, 4, 5], { alternative: 'greater', mu: 2 });
    expect(r.ci!.upper).toBe(Infinity);
    expect(r.apa()).toContain('∞]');
  });
  it('attaching an effect size changes the APA line to the d form', () => {
    const r = tTestOneSample([5.1, 4.9, 5.6, 5.8, 6.0, 5.2], { mu: 5 }).withEffectSize({
      symbol: 'd',
      value: 1.0024,
      ci: { lower: 0.01, upper: 1.94, level: 0.95, method: 'test' },
    });
    expect(r.apa()).toBe('t(5) = 2.46, p = .057, d = 1.00, 95% CI [0.01, 1.94]');
    expect(r.toJSON().effectSize).toMatchObject({ symbol: 'd', value: 1.0024 });
  });
});

describe('t-test edge cases', () => {
  it('n < 2 is a StatsError naming the count', () => {
    expect(() => tTestOneSample([3])).toThrow(StatsError);
    expect(() => tTestOneSample([3, null, NaN])).toThrow(/at least 2 non-missing values \(got 1, 2 missing\)/);
    expect(() => tTestPaired([1, 2], [3, null])).toThrow(/complete pairs/);
    expect(() => tTestWelch([1], [2, 3, 4])).toThrow(/x needs at least 2/);
    expect(() => tTestStudent([1], [2])).toThrow(/at least 3/);
  });
  it('Student test with one value in a group works as R (pooled variance from the other)', () => {
    const r = tTestStudent([10], [1, 2, 4, 3]);
    // R: t.test(10, c(1,2,4,3), var.equal=TRUE): t = 5.196152, df = 3
    close(r.statistic, 5.196152422706631, 1e-9);
    expect(r.df).toBe(3);
  });
  it('all missing is a StatsError', () => {
    expect(() => tTestOneSample([null, null, NaN])).toThrow(StatsError);
  });
  it('zero variance: "essentially constant" as R', () => {
    expect(() => tTestOneSample([2, 2, 2, 2])).toThrow(/essentially constant/);
    expect(() => tTestPaired([1, 2, 3], [0, 1, 2])).toThrow(/essentially constant/);
    expect(() => tTestWelch([1, 1, 1], [2, 2, 2])).toThrow(/essentially constant/);
  });
  it('zero differences around 0 with zero variance also throws (se = 0)', () => {
    expect(() => tTestPaired([1, 2, 3], [1, 2, 3])).toThrow(StatsError);
  });
  it('rejects bad options', () => {
    expect(() => tTestOneSample([1, 2, 3], { confLevel: 1.2 })).toThrow(/confidence level/);
    expect(() => tTestOneSample([1, 2, 3], { alternative: 'bigger' as TestAlternative })).toThrow(/alternative/);
    expect(() => tTestOneSample([1, 2, 3], { mu: NaN })).toThrow(/mu/);
  });
  it('toJSON carries method, n, missing handling and the CI method', () => {
    const j = tTestPaired([1, 2, 3, null], [0, 2, 1, 5], { effectSize: false }).toJSON();
    expect(j).toMatchObject({ method: 'Paired t-test', n: 3, missing: 1, missingHandling: 'listwise', df: 2 });
    expect((j.ci as { method: string }).method).toMatch(/t interval/);
    expect(j.notes).toEqual(['1 incomplete pair(s) dropped listwise.']);
  });
});
