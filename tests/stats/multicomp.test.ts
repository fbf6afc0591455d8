import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PAdjustMethod, pAdjust, pAdjustResult } from '../../src/stats/multicomp.js';
import { StatsError } from '../../src/stats/result.js';

type Num = number | string;
type Case = { p: Num[] } & Record<string, Num[]>;
const ref = JSON.parse(readFileSync(new URL('../reference/tests.json', import.meta.url), 'utf8')) as { padjust: Case[] };

const num = (v: Num): number => (typeof v === 'number' ? v : NaN);
const methods: PAdjustMethod[] = ['holm', 'hochberg', 'bonferroni', 'BH', 'BY', 'hommel'];

describe('pAdjust against R p.adjust (tests/reference/tests.R)', () => {
  it('fixtures include NA and tied p-values', () => {
    expect(ref.padjust.some((c) => c.p.includes('NA'))).toBe(true);
    expect(ref.padjust.some((c) => c.p.length > 2 && c.p[0] === c.p[1])).toBe(true);
  });
  ref.padjust.forEach((c, i) => {
    for (const m of methods) {
      it(`case ${i + 1} (m = ${c.p.length}), ${m}`, () => {
        const p = c.p.map((v) => (v === 'NA' ? null : num(v)));
        const got = pAdjust(p, m);
        const want = c[m].map(num);
        expect(got.length).toBe(want.length);
        got.forEach((g, k) => {
          if (Number.isNaN(want[k])) expect(g).toBeNaN();
          else expect(Math.abs(g - want[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, want[k]));
        });
      });
    }
  });
});

describe('pAdjust examples and edge cases', () => {
  it('TSDoc examples (R: p.adjust(c(0.01, 0.04, 0.03, NA, 0.2), "holm" / "BH"))', () => {
    const holm = pAdjust([0.01, 0.04, 0.03, NaN, 0.2], 'holm');
    expect(holm.slice(0, 3)).toEqual([0.04, 0.09, 0.09]);
    expect(holm[3]).toBeNaN();
    expect(holm[4]).toBeCloseTo(0.2, 15);
    const bh = pAdjust([0.01, 0.04, 0.03, NaN, 0.2], 'BH');
    expect(bh[0]).toBeCloseTo(0.04, 15);
    expect(bh[1]).toBeCloseTo(0.16 / 3, 15);
    expect(bh[2]).toBeCloseTo(0.16 / 3, 15);
    expect(bh[4]).toBeCloseTo(0.2, 15);
  });
  it('a single p-value and an empty input are returned unchanged', () => {
    expect(pAdjust([0.03], 'bonferroni')).toEqual([0.03]);
    expect(pAdjust([], 'holm')).toEqual([]);
    expect(pAdjust([NaN, 0.2], 'holm')[1]).toBe(0.2);
  });
  it('all missing stays all NaN', () => {
    const r = pAdjust([null, undefined, NaN], 'BH');
    expect(r.every((v) => Number.isNaN(v))).toBe(true);
  });
  it('rejects values outside [0, 1] and unknown methods', () => {
    expect(() => pAdjust([0.2, 1.2])).toThrow(StatsError);
    expect(() => pAdjust([0.2, -0.1])).toThrow(/not a probability/);
    expect(() => pAdjust([0.2], 'fdr' as PAdjustMethod)).toThrow(/unknown method/);
  });
  it('Holm ≤ Bonferroni and BH ≤ Holm, elementwise', () => {
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];
    const b = pAdjust(p, 'bonferroni');
    const h = pAdjust(p, 'holm');
    const bh = pAdjust(p, 'BH');
    p.forEach((_, i) => {
      expect(h[i]).toBeLessThanOrEqual(b[i]);
      expect(bh[i]).toBeLessThanOrEqual(h[i]);
    });
  });
  it('result object: labels and APA line (TSDoc example)', () => {
    const r = pAdjustResult([0.01, 0.04, 0.03], 'holm', ['SDQ', 'PSI', 'GAS']);
    expect(r.apa()).toBe('SDQ: p = .010, p_adj = .030; PSI: p = .040, p_adj = .060; GAS: p = .030, p_adj = .060 (Holm, m = 3)');
    expect(r.toJSON()).toMatchObject({ adjustment: 'holm', m: 3, labels: ['SDQ', 'PSI', 'GAS'] });
    expect(() => pAdjustResult([0.1, 0.2], 'holm', ['a'])).toThrow(/labels/);
  });
});

describe('pAdjust properties (fast-check)', () => {
  it('adjusted p ≥ p, ≤ 1, and the order of the p-values is preserved', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }), fc.constantFrom(...methods), (p, m) => {
        const a = pAdjust(p, m);
        for (let i = 0; i < p.length; i++) {
          expect(a[i]).toBeGreaterThanOrEqual(p[i] - 1e-15);
          expect(a[i]).toBeLessThanOrEqual(1);
          for (let j = 0; j < p.length; j++) if (p[i] < p[j]) expect(a[i]).toBeLessThanOrEqual(a[j] + 1e-15);
        }
      }),
      { numRuns: 60 },
    );
  });
});
