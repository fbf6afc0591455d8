import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { changeDirectionSign, changeScores, completePrePostIndices, standardizedResponseMean } from '../../src/stats/change.js';
import { StatsError } from '../../src/stats/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, '../reference/change.json'), 'utf8')) as {
  cases: Array<{
    name: string;
    level: number;
    pre: (number | null)[];
    post: (number | null)[];
    n: number;
    nMissing: number;
    srm: number;
    meanChange: number;
    sdChange: number;
    ncp: [number, number];
    normal: [number, number];
    se: number;
    effectsize: { d: number; ci: [number, number] };
  }>;
};

function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('changeScores', () => {
  it('documented example: raw, percentage and direction-aware change; pre = 0 and missing', () => {
    const r = changeScores([10, 0, 8], [7, 2, null], { direction: 'higher-worse' });
    expect(r.rows[0]).toEqual({ index: 0, pre: 10, post: 7, change: -3, percentChange: -30, improvement: 3 });
    expect(Number.isNaN(r.rows[1].percentChange)).toBe(true);
    expect(r.rows[1].percentReason).toBe('pre = 0: percentage change is undefined');
    expect(r.rows[1].improvement).toBe(-2);
    expect(r.nMissing).toBe(1);
    expect(r.excluded).toEqual([2]);
    expect(r.counts).toEqual({ better: 1, same: 0, worse: 1 });
  });
  it('higher-better keeps the sign; negative pre uses |pre| so the percentage has the sign of the change', () => {
    const r = changeScores([-4, 20, 5], [-2, 15, 5], { direction: 'higher-better' });
    expect(r.rows.map((x) => x.percentChange)).toEqual([50, -25, 0]);
    expect(r.rows.map((x) => x.improvement)).toEqual([2, -5, 0]);
    expect(r.meanChange).toBe(-1);
    close(r.sdChange, Math.sqrt(((2 + 1) ** 2 + (-5 + 1) ** 2 + 1) / 2), 1e-15);
    expect(r.apa()).toBe('M change = -1.00, SD = 3.61, n = 3; 1 better, 1 same, 1 worse (higher-better)');
    expect(r.toJSON().missing).toBe('listwise');
  });
  it('helpers (TSDoc examples)', () => {
    expect(changeDirectionSign('higher-worse')).toBe(-1);
    expect(changeDirectionSign('higher-better')).toBe(1);
    expect(completePrePostIndices([1, null, 3], [2, 2, NaN], 'demo')).toEqual({ keep: [0], excluded: [1, 2] });
  });
  it('errors: bad direction, unequal lengths', () => {
    expect(() => changeScores([1], [2], { direction: 'up' as never })).toThrow(StatsError);
    expect(() => changeScores([1, 2], [2], { direction: 'higher-better' })).toThrow(/same length/);
  });
  it('all missing gives an empty table with NaN means', () => {
    const r = changeScores([null, 1], [2, NaN], { direction: 'higher-better' });
    expect(r.n).toBe(0);
    expect(Number.isNaN(r.meanChange)).toBe(true);
  });
});

describe('standardizedResponseMean against R (uniroot on pt(ncp), effectsize::cohens_d(paired = TRUE))', () => {
  for (const c of ref.cases) {
    it(`${c.name}, level ${c.level}`, () => {
      const r = standardizedResponseMean(c.pre, c.post, { level: c.level });
      expect(r.n).toBe(c.n);
      expect(r.nMissing).toBe(c.nMissing);
      close(r.srm, c.srm, 1e-12);
      close(r.srm, c.effectsize.d, 1e-12);
      close(r.meanChange, c.meanChange, 1e-12);
      close(r.sdChange, c.sdChange, 1e-12);
      close(r.ci.lower, c.ncp[0], 1e-8);
      close(r.ci.upper, c.ncp[1], 1e-8);
      // effectsize solves with Nelder–Mead (abstol 1e-9 on the summed p error): agrees to ~1e-7 mostly,
      // 4e-4 on one limit of the 'stress' data where optim stops early.
      close(r.ci.lower, c.effectsize.ci[0], 5e-4);
      close(r.ci.upper, c.effectsize.ci[1], 5e-4);
      const n = standardizedResponseMean(c.pre, c.post, { level: c.level, ciMethod: 'normal' });
      close(n.se, c.se, 1e-12);
      close(n.ci.lower, c.normal[0], 1e-12);
      close(n.ci.upper, c.normal[1], 1e-12);
    });
  }
  it('documented example', () => {
    const r = standardizedResponseMean([10, 12, 9, 14, 11], [8, 11, 9, 10, 7]);
    expect(r.srm).toBeCloseTo(-1.2298373876248845, 14);
    expect(r.apa()).toBe('SRM = -1.23, 95% CI [-2.40, 0.01], n = 5');
    expect(r.ci.method).toMatch(/noncentral t/);
  });
  it('direction higher-worse flips the sign so that positive = improvement', () => {
    const a = standardizedResponseMean([10, 12, 9, 14, 11], [8, 11, 9, 10, 7], { direction: 'higher-worse' });
    const b = standardizedResponseMean([10, 12, 9, 14, 11], [8, 11, 9, 10, 7]);
    expect(a.srm).toBe(-b.srm);
    close(a.ci.lower, -b.ci.upper, 1e-9);
    expect(a.toJSON().direction).toBe('higher-worse');
  });
  it('edge cases: n < 2, zero SD of change, bad level', () => {
    expect(() => standardizedResponseMean([1, null], [2, 3])).toThrow(/at least 2/);
    expect(() => standardizedResponseMean([1, 2, 3], [2, 3, 4])).toThrow(/SD of change = 0/);
    expect(() => standardizedResponseMean([1, 2, 3], [2, 5, 4], { level: 1 })).toThrow(StatsError);
    expect(() => standardizedResponseMean([1, 2, 3], [2, 5, 4], { ciMethod: 'boot' as never })).toThrow(StatsError);
  });
});
