import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chiSquareTest,
  contingencyCrossTable,
  fisherExactTest,
  mcnemarExactTest,
  mcnemarTest,
} from '../../src/stats/contingency.js';
import { StatsError } from '../../src/stats/result.js';
import type { TestAlternative } from '../../src/stats/ttest.js';

type Num = number | string;
interface Ref {
  chisq: {
    table: Num[][];
    correct: boolean;
    statistic: Num[];
    parameter: Num[];
    p_value: Num[];
    expected: Num[][];
    residuals: Num[][];
    stdres: Num[][];
    method: string;
    small: boolean;
  }[];
  fisher: {
    table: Num[][];
    alternative: string;
    conf_level: number;
    or: number;
    p_value: Num[];
    estimate: Num[];
    conf_int: Num[];
    tight: { estimate: Num[]; conf_int: Num[] };
  }[];
  mcnemar: {
    table: Num[][];
    correct: boolean;
    statistic: Num[];
    parameter: Num[];
    p_value: Num[];
    method: string;
    exact: { p_value: Num[]; conf_int: Num[] } | null;
  }[];
}

const ref = JSON.parse(readFileSync(new URL('../reference/contingency.json', import.meta.url), 'utf8')) as Ref;

function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN;
}
const mat = (m: Num[][]): number[][] => m.map((r) => r.map(num));
const alt = (a: string): TestAlternative => (a === 'two.sided' ? 'two-sided' : (a as TestAlternative));

function close(actual: number, expected: number, rel = 1e-6, abs = 0): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const tol = Math.max(rel * Math.abs(expected), abs);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
function closeMatrix(a: number[][], e: Num[][], rel = 1e-9): void {
  expect(a.length).toBe(e.length);
  a.forEach((row, i) => row.forEach((v, j) => close(v, num(e[i][j]), rel, 1e-12)));
}

describe('χ² test of independence against R chisq.test (tests/reference/contingency.R)', () => {
  it('covers 2×2 with and without Yates, larger tables and small expected counts', () => {
    expect(ref.chisq.some((c) => c.table.length === 2 && c.table[0].length === 2 && c.correct)).toBe(true);
    expect(ref.chisq.some((c) => c.table.length === 2 && c.table[0].length === 2 && !c.correct)).toBe(true);
    expect(ref.chisq.some((c) => c.small)).toBe(true);
    expect(ref.chisq.some((c) => c.table.length > 2)).toBe(true);
  });
  ref.chisq.forEach((c, i) => {
    it(`case ${i + 1}: ${c.table.length}×${c.table[0].length}, correct = ${c.correct}`, () => {
      const r = chiSquareTest(mat(c.table), { correct: c.correct });
      close(r.statistic, num(c.statistic[0]), 1e-9, 1e-12);
      expect(r.df).toBe(num(c.parameter[0]));
      close(r.p, num(c.p_value[0]), 1e-6);
      closeMatrix(r.expected, c.expected);
      closeMatrix(r.residuals, c.residuals);
      closeMatrix(r.stdres, c.stdres);
      expect(r.yates).toBe(c.method.includes('Yates'));
      expect(r.smallExpected).toBe(c.small);
      if (c.small) expect(r.notes.join(' ')).toMatch(/below 5/);
    });
  });
  it('TSDoc example', () => {
    // R: chisq.test(matrix(c(12, 7, 5, 16), 2)): X-squared = 4.8123, df = 1, p-value = 0.02826
    const r = chiSquareTest([
      [12, 5],
      [7, 16],
    ]);
    expect(r.apa()).toBe('χ²(1, N = 40) = 4.81, p = .028');
    expect(r.statistic).toBeCloseTo(4.8123, 4);
  });
  it('Agresti (2007, Table 2.5) gender × party identification: X² = 30.07, df = 2, adjusted residuals 4.50, 0.70, −5.32', () => {
    const r = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(r.statistic).toBeCloseTo(30.07, 2);
    expect(r.df).toBe(2);
    expect(r.p).toBeLessThan(1e-6);
    expect(r.stdres[0].map((v) => Number(v.toFixed(2)))).toEqual([4.5, 0.7, -5.32]);
    expect(r.yates).toBe(false);
  });
  it('empty margins, empty tables and bad cells are errors', () => {
    expect(() =>
      chiSquareTest([
        [1, 0, 3],
        [2, 0, 4],
      ]),
    ).toThrow(/column 2 has no observations/);
    expect(() =>
      chiSquareTest([
        [0, 0],
        [2, 4],
      ]),
    ).toThrow(/row 1 has no observations/);
    expect(() =>
      chiSquareTest([
        [0, 0],
        [0, 0],
      ]),
    ).toThrow(/empty/);
    expect(() => chiSquareTest([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/non-negative/);
    expect(() =>
      chiSquareTest([
        [1, NaN],
        [3, 4],
      ]),
    ).toThrow(StatsError);
  });
});

describe("Fisher's exact test against R fisher.test", () => {
  it('covers alternatives, a null OR ≠ 1 and tables at the ends of the support', () => {
    expect(new Set(ref.fisher.map((c) => c.alternative)).size).toBe(3);
    expect(ref.fisher.some((c) => c.or !== 1)).toBe(true);
    expect(ref.fisher.some((c) => num(c.estimate[0]) === 0)).toBe(true);
    expect(ref.fisher.some((c) => num(c.estimate[0]) === Infinity)).toBe(true);
  });
  ref.fisher.forEach((c, i) => {
    it(`case ${i + 1}: ${JSON.stringify(c.table)}, ${c.alternative}, or = ${c.or}`, () => {
      const opts = { alternative: alt(c.alternative), confLevel: c.conf_level, or: c.or };
      const r = fisherExactTest(mat(c.table), opts);
      close(r.p, num(c.p_value[0]), 1e-6);
      // default root tolerance = R's uniroot default: reproduces fisher.test itself
      close(r.estimate!.value, num(c.estimate[0]), 1e-6, 1e-9);
      close(r.ci!.lower, num(c.conf_int[0]), 1e-6, 1e-9);
      close(r.ci!.upper, num(c.conf_int[1]), 1e-6, 1e-9);
      // tight tolerance: the exact conditional MLE and CI (R replica with uniroot tol = 1e-10)
      const t = fisherExactTest(mat(c.table), { ...opts, tolRoot: 1e-10 });
      close(t.estimate!.value, num(c.tight.estimate[0]), 1e-6, 1e-9);
      close(t.ci!.lower, num(c.tight.conf_int[0]), 1e-6, 1e-9);
      close(t.ci!.upper, num(c.tight.conf_int[1]), 1e-6, 1e-9);
      expect(t.p).toBe(r.p);
    });
  });
  it('TSDoc example (R: p = 0.4857)', () => {
    expect(fisherExactTest([[3, 1], [1, 3]]).p).toBeCloseTo(0.4857142857142857, 12);
  });
  it("Fisher's tea-tasting: [[3, 1], [1, 3]], greater, p = 17/70 (Agresti, 2002, §3.5)", () => {
    expect(fisherExactTest([[3, 1], [1, 3]], { alternative: 'greater' }).p).toBeCloseTo(17 / 70, 12);
  });
  it('rejects non-2×2 and non-integer tables', () => {
    expect(() => fisherExactTest([[1, 2, 3], [4, 5, 6]])).toThrow(/only 2×2/);
    expect(() => fisherExactTest([[1.5, 2], [3, 4]])).toThrow(/integers/);
    expect(() => fisherExactTest([[0, 0], [0, 0]])).toThrow(/empty/);
  });
});

describe('McNemar against R mcnemar.test and binom.test', () => {
  ref.mcnemar.forEach((c, i) => {
    it(`case ${i + 1}: ${c.table.length}×${c.table.length}, correct = ${c.correct}`, () => {
      const r = mcnemarTest(mat(c.table), { correct: c.correct });
      close(r.statistic, num(c.statistic[0]), 1e-9, 1e-12);
      expect(r.df).toBe(num(c.parameter[0]));
      close(r.p, num(c.p_value[0]), 1e-6);
      expect(r.method.includes('continuity')).toBe(c.method.includes('continuity'));
      if (c.exact) {
        const e = mcnemarExactTest(mat(c.table));
        close(e.p, num(c.exact.p_value[0]), 1e-6);
        const toOr = (p: number) => (p >= 1 ? Infinity : p / (1 - p));
        close(e.ci!.lower, toOr(num(c.exact.conf_int[0])), 1e-6, 1e-12);
        close(e.ci!.upper, toOr(num(c.exact.conf_int[1])), 1e-6, 1e-12);
      }
    });
  });
  it('TSDoc examples', () => {
    // R: mcnemar.test(matrix(c(20, 3, 12, 15), 2)): McNemar's chi-squared = 4.2667, df = 1, p = 0.03887
    expect(mcnemarTest([[20, 12], [3, 15]]).apa()).toBe('χ²(1, N = 50) = 4.27, p = .039');
    // R: binom.test(12, 15)$p.value = 0.03515625
    const e = mcnemarExactTest([[20, 12], [3, 15]]);
    expect(e.p).toBeCloseTo(0.03515625, 12);
    expect(e.estimate!.value).toBe(4);
    expect(e.apa()).toMatch(/^b = 12, c = 3, p = \.035, OR = 4\.00, 95% CI \[/);
  });
  it('Agresti (2007, Table 8.1) presidential approval: McNemar z² = 17.36 without correction', () => {
    const r = mcnemarTest(
      [
        [794, 150],
        [86, 570],
      ],
      { correct: false },
    );
    expect(r.statistic).toBeCloseTo(4096 / 236, 12);
    expect(r.statistic).toBeCloseTo(17.36, 2);
    expect(r.method).toBe("McNemar's χ² test");
  });
  it('no discordant pairs is an error (R: NaN)', () => {
    expect(() => mcnemarTest([[5, 0], [0, 7]])).toThrow(/both 0/);
    expect(() => mcnemarExactTest([[5, 0], [0, 7]])).toThrow(/no discordant pairs/);
    expect(() => mcnemarTest([[5, 1, 2], [0, 7, 1]])).toThrow(/square/);
  });
  it('without correction b = c gives χ² = 0, and the correction is skipped when b = c (as R)', () => {
    const r = mcnemarTest([[5, 4], [4, 7]]);
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
    expect(r.method).not.toMatch(/continuity/);
  });
});

describe('contingencyCrossTable', () => {
  it('TSDoc example: drops incomplete cases and sorts levels', () => {
    const t = contingencyCrossTable(['a', 'a', 'b', null], ['y', 'n', 'y', 'y']);
    expect(t.table).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(t.rowLevels).toEqual(['a', 'b']);
    expect(t.colLevels).toEqual(['n', 'y']);
    expect(t.missing).toBe(1);
  });
  it('numeric levels sort numerically; unknown levels throw', () => {
    expect(contingencyCrossTable([10, 9, 10], [1, 2, 2]).rowLevels).toEqual(['9', '10']);
    expect(() => contingencyCrossTable(['a'], ['b'], { rowLevels: ['x'] })).toThrow(/not among the given levels/);
  });
});
