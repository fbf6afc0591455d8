import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval, fmtPercentWithCI, proportionCI, wilsonInterval } from '../../src/stats/proportion.js';
import { StatsError } from '../../src/stats/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, '../reference/proportion.json'), 'utf8')) as {
  cases: Array<{ x: number; n: number; level: number; wilson: [number, number]; clopperPearson: [number, number] }>;
};

function close(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-300) + 1e-15);
}

describe('Wilson score interval = R prop.test(correct = FALSE)', () => {
  for (const c of ref.cases) {
    it(`${c.x}/${c.n} at ${c.level}`, () => {
      const r = wilsonInterval(c.x, c.n, c.level);
      close(r.ci.lower, c.wilson[0], 1e-9);
      close(r.ci.upper, c.wilson[1], 1e-9);
      expect(r.estimate).toBe(c.x / c.n);
      expect(r.ci.level).toBe(c.level);
    });
  }
});

describe('Clopper–Pearson interval = R binom.test', () => {
  for (const c of ref.cases) {
    it(`${c.x}/${c.n} at ${c.level}`, () => {
      const r = clopperPearsonInterval(c.x, c.n, c.level);
      close(r.ci.lower, c.clopperPearson[0], 1e-8);
      close(r.ci.upper, c.clopperPearson[1], 1e-8);
    });
  }
});

describe('documented examples and formatting', () => {
  it('12/30', () => {
    const r = wilsonInterval(12, 30);
    expect(r.ci.lower.toFixed(4)).toBe('0.2459');
    expect(r.ci.upper.toFixed(4)).toBe('0.5768');
    expect(r.apa()).toBe('12/30 = .40, 95% CI [.25, .58]');
    expect(fmtPercentWithCI(r)).toBe('40.0%, 95% CI [24.6, 57.7]');
    expect(clopperPearsonInterval(12, 30).ci.lower.toFixed(4)).toBe('0.2266');
    expect(clopperPearsonInterval(12, 30).ci.upper.toFixed(4)).toBe('0.5940');
    expect(proportionCI(12, 30, { method: 'clopper-pearson' }).ci.method).toMatch(/Clopper/);
    expect(proportionCI(12, 30).ci.method).toMatch(/Wilson/);
  });
  it('0/0 is NaN with a reason, not an error', () => {
    for (const r of [proportionCI(0, 0), clopperPearsonInterval(0, 0)]) {
      expect(Number.isNaN(r.estimate)).toBe(true);
      expect(Number.isNaN(r.ci.lower) && Number.isNaN(r.ci.upper)).toBe(true);
      expect(r.reason).toBe('no cases: a proportion of 0/0 is undefined');
      expect(r.toJSON().reason).toBe(r.reason);
    }
    expect(proportionCI(0, 0).apa()).toMatch(/undefined/);
    expect(fmtPercentWithCI(proportionCI(0, 0))).toBe('n/a (no cases)');
  });
  it('bounds stay in [0, 1] at the extremes', () => {
    expect(wilsonInterval(0, 5).ci.lower).toBe(0);
    expect(wilsonInterval(5, 5).ci.upper).toBe(1);
  });
  it('invalid counts and levels are errors', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(StatsError);
    expect(() => wilsonInterval(-1, 2)).toThrow(StatsError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(StatsError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(StatsError);
    expect(() => clopperPearsonInterval(1, -2)).toThrow(StatsError);
  });
});

describe('properties (fast-check)', () => {
  it('Wilson and Clopper–Pearson intervals lie in [0, 1] and contain the estimate', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.min(n, Math.floor(f * (n + 1)));
        const w = wilsonInterval(x, n);
        const c = clopperPearsonInterval(x, n);
        const p = x / n;
        return (
          w.ci.lower >= 0 && w.ci.upper <= 1 && w.ci.lower <= p && p <= w.ci.upper &&
          c.ci.lower >= 0 && c.ci.upper <= 1 && c.ci.lower <= p && p <= c.ci.upper
        );
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
