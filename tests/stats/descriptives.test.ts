import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describe as describeStats, describeBy } from '../../src/stats/descriptives.js';
import { StatsError } from '../../src/stats/result.js';

type Case = Record<string, number> & { x: (number | null)[] };
const ref = JSON.parse(readFileSync(new URL('../reference/descriptives.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  tidy: { rows: { group: string; wave: number; score: number | null }[] };
  grouped: (Record<string, number> & { group: string; wave: number })[];
};

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function checkAgainst(r: ReturnType<typeof describeStats>, c: Record<string, number>): void {
  expect(r.n).toBe(c.n);
  expect(r.missing).toBe(c.missing);
  for (const [ours, theirs] of [
    [r.mean, c.mean], [r.sd, c.sd], [r.se, c.se], [r.ci.lower, c.ci_lower], [r.ci.upper, c.ci_upper],
    [r.q1, c.q1], [r.median, c.median], [r.q3, c.q3], [r.iqr, c.iqr], [r.min, c.min], [r.max, c.max],
    [r.skewnessSE, c.skew_se], [r.kurtosisSE, c.kurt_se],
  ] as const) {
    expect(rel(ours, theirs)).toBeLessThan(1e-10);
  }
}

describe('describe() against R (mean, sd, t.test CI, quantile type 7, e1071, psych)', () => {
  it('matches every reference case to 1e-10 relative, for all three skewness/kurtosis types', () => {
    expect(ref.cases.length).toBe(6);
    for (const c of ref.cases) {
      const r2 = describeStats(c.x, { level: c.level });
      checkAgainst(r2, c);
      expect(rel(r2.skewness, c.skew2)).toBeLessThan(1e-10);
      expect(rel(r2.kurtosis, c.kurt2)).toBeLessThan(1e-10);
      const r1 = describeStats(c.x, { level: c.level, type: 1 });
      expect(rel(r1.skewness, c.skew1)).toBeLessThan(1e-10);
      expect(rel(r1.kurtosis, c.kurt1)).toBeLessThan(1e-10);
      const r3 = describeStats(c.x, { level: c.level, type: 3 });
      expect(rel(r3.skewness, c.skew3)).toBeLessThan(1e-10);
      expect(rel(r3.kurtosis, c.kurt3)).toBeLessThan(1e-10);
      // psych::describe uses type 3
      expect(rel(r3.skewness, c.psych_skew)).toBeLessThan(1e-10);
      expect(rel(r3.kurtosis, c.psych_kurtosis)).toBeLessThan(1e-10);
    }
  });
  it('names its estimator and CI method, and serialises', () => {
    const r = describeStats([1, 2, 3, 4, 10]);
    expect(r.momentEstimator).toMatch(/G1\/G2.*SPSS/);
    expect(r.ci.method).toMatch(/t distribution/);
    expect(r.toJSON()).toMatchObject({ method: 'Descriptive statistics', missingHandling: 'listwise', n: 5 });
    expect(r.toRow().iqr).toBe(r.iqr);
  });
  it('TSDoc example', () => {
    expect(describeStats([2, 4, 4, 5, 7, 9, null]).apa()).toBe('M = 5.17, SD = 2.48, 95% CI [2.56, 7.77], n = 6');
  });
});

describe('describe() edge cases', () => {
  it('all missing: n = 0, NaN everywhere, with a note', () => {
    const r = describeStats([null, NaN, undefined]);
    expect(r.n).toBe(0);
    expect(r.missing).toBe(3);
    expect(r.mean).toBeNaN();
    expect(r.notes[0]).toMatch(/No non-missing values/);
  });
  it('n = 1: mean/median defined, SD/CI NaN with a note', () => {
    const r = describeStats([4]);
    expect(r.mean).toBe(4);
    expect(r.median).toBe(4);
    expect(r.sd).toBeNaN();
    expect(r.ci.lower).toBeNaN();
    expect(r.notes.join(' ')).toMatch(/at least two/);
  });
  it('all values equal: SD 0, CI degenerate, skewness/kurtosis NaN with a reason', () => {
    const r = describeStats([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(r.sd).toBeCloseTo(0, 15);
    expect(r.skewness).toBeNaN();
    expect(r.kurtosis).toBeNaN();
    expect(r.notes.join(' ')).toMatch(/zero variance/);
  });
  it('n = 3: G1 defined, G2 needs n ≥ 4', () => {
    const r = describeStats([1, 2, 7]);
    expect(Number.isFinite(r.skewness)).toBe(true);
    expect(r.kurtosis).toBeNaN();
    expect(r.notes.join(' ')).toMatch(/n ≥ 4/);
  });
  it('rejects a bad level or type', () => {
    expect(() => describeStats([1, 2, 3], { level: 95 })).toThrow(StatsError);
    expect(() => describeStats([1, 2, 3], { type: 4 as 1 })).toThrow(StatsError);
  });
});

describe('describeBy() on a tidy table', () => {
  it('gives one row per group × wave, sorted, matching R per cell', () => {
    const res = describeBy(ref.tidy.rows, { value: 'score', by: ['group', 'wave'] });
    const rows = res.rows();
    expect(rows.length).toBe(ref.grouped.length);
    rows.forEach((row, i) => {
      const c = ref.grouped[i];
      expect(row.group).toBe(c.group);
      expect(row.wave).toBe(c.wave);
      expect(row.variable).toBe('score');
      checkAgainst(res.groups[i].result, c);
      expect(rel(row.skewness, c.skew2)).toBeLessThan(1e-10);
    });
    expect(res.apa()).toMatch(/^group = control, wave = 1: M = /);
    expect((res.toJSON().rows as unknown[]).length).toBe(6);
  });
  it('puts missing keys last and counts non-numeric values as missing', () => {
    const res = describeBy(
      [
        { g: 'b', v: 1 },
        { g: null, v: 2 },
        { g: 'a', v: 3 },
        { g: 'a', v: 'x' },
        { g: 'a', v: 5 },
      ],
      { value: 'v', by: ['g'] },
    );
    expect(res.rows().map((r) => r.g)).toEqual(['a', 'b', null]);
    expect(res.rows()[0]).toMatchObject({ n: 2, missing: 1, mean: 4 });
  });
});

describe('describeBy TSDoc example', () => {
  it('two groups', () => {
    const rows = describeBy([{ g: 'a', v: 1 }, { g: 'a', v: 3 }, { g: 'b', v: 5 }, { g: 'b', v: 9 }], { value: 'v', by: ['g'] }).rows();
    expect(rows.map((r) => [r.g, r.variable, r.n, r.mean])).toEqual([['a', 'v', 2, 2], ['b', 'v', 2, 7]]);
    expect(rows[0].sd).toBeCloseTo(Math.SQRT2, 14);
    expect(rows[1].sd).toBeCloseTo(2 * Math.SQRT2, 14);
  });
});
