import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { funnelCommonBand, funnelCurveSizes, funnelLimits, funnelPlot, type FunnelIndicator, type FunnelLimits } from '../../src/stats/funnel.js';
import { binomial, poisson } from '../../src/stats/distributions.js';
import { StatsError } from '../../src/stats/result.js';

interface LimitCase { kind: FunnelIndicator; target: number; size: number; exact: number[]; normal: number[] }
interface SetCase {
  name: string; kind: FunnelIndicator; numerators: number[]; sizes: number[]; targetGiven: boolean; target: number;
  z: number[]; winsorLower: number; winsorUpper: number; phi: number; tau2: number; chisq: number; df: number; p: number;
  zMultiplicative: number[]; zAdditive: number[];
  [k: string]: unknown;
}
const ref = JSON.parse(readFileSync(new URL('../reference/funnel.json', import.meta.url), 'utf8')) as { p: number[]; limits: LimitCase[]; sets: SetCase[] };

function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-12) + 1e-14);
}
/** R's order: p = 0.001, 0.025, 0.975, 0.999. */
const asR = (l: FunnelLimits) => [l.outer.lower, l.inner.lower, l.inner.upper, l.outer.upper];

describe('funnel limits = base R (tests/reference/funnel.R: qbinom/pbinom, qpois/ppois interpolation; qnorm)', () => {
  expect(ref.p).toEqual([0.001, 0.025, 0.975, 0.999]);
  for (const c of ref.limits) {
    it(`${c.kind} target ${c.target}, size ${c.size}`, () => {
      const exactOk = c.kind === 'rate' || Number.isInteger(c.size);
      if (exactOk) asR(funnelLimits(c.target, c.size, { indicator: c.kind })).forEach((v, i) => close(v, c.exact[i], 1e-9));
      asR(funnelLimits(c.target, c.size, { indicator: c.kind, method: 'normal' })).forEach((v, i) => close(v, c.normal[i], 1e-9));
    });
  }
  it('the exact limits approach the normal ones for large n, and lie inside [0, 1]', () => {
    const e = funnelLimits(0.3, 20000);
    const n = funnelLimits(0.3, 20000, { method: 'normal' });
    expect(Math.abs(e.outer.upper - n.outer.upper)).toBeLessThan(2e-4);
    for (const c of ref.limits.filter((x) => x.kind === 'proportion')) for (const v of c.exact) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('funnelPlot = base R on four unit sets (z-scores, Winsorised φ, DerSimonian–Laird τ², bands)', () => {
  for (const s of ref.sets) {
    const units = s.numerators.map((y, i) => ({ label: `S${i + 1}`, numerator: y, denominator: s.sizes[i] }));
    const opts = { indicator: s.kind, ...(s.targetGiven ? { target: s.target } : {}) };
    it(`${s.name}: target, z, φ, τ², χ²`, () => {
      const f = funnelPlot(units, opts);
      close(f.target, s.target, 1e-12);
      expect(f.targetSource).toBe(s.targetGiven ? 'given' : 'pooled');
      f.units.forEach((u, i) => close(u.z, s.z[i], 1e-9));
      close(f.overdispersion.winsorLower, s.winsorLower, 1e-9);
      close(f.overdispersion.winsorUpper, s.winsorUpper, 1e-9);
      close(f.overdispersion.phi, s.phi, 1e-9);
      close(f.overdispersion.tau2, s.tau2, 1e-9);
      close(f.overdispersion.chiSquare, s.chisq, 1e-9);
      expect(f.overdispersion.df).toBe(s.df);
      close(f.overdispersion.p, s.p, 1e-7);
    });
    for (const m of ['exact', 'normal', 'multiplicative', 'additive'] as const) {
      it(`${s.name}: ${m} limits and bands`, () => {
        const f = funnelPlot(units, m === 'exact' || m === 'normal' ? { ...opts, method: m } : { ...opts, overdispersion: m });
        const lims = s[`limits_${m}`] as number[][];
        const bands = s[`bands_${m}`] as string[];
        f.units.forEach((u, i) => {
          asR(u.limits).forEach((v, k) => close(v, lims[i][k], 1e-9));
          expect(u.side ? `${u.band}-${u.side}` : u.band).toBe(bands[i]);
        });
        if (m === 'multiplicative') f.units.forEach((u, i) => close(u.zAdjusted, (s.zMultiplicative as number[])[i], 1e-9));
        if (m === 'additive') f.units.forEach((u, i) => close(u.zAdjusted, (s.zAdditive as number[])[i], 1e-9));
        expect(f.limitMethod).toBe(m === 'exact' ? 'exact' : 'normal');
      });
    }
  }
  it('counts, JSON and the APA sentence (en, nl) agree with the bands', () => {
    const s = ref.sets[0];
    const f = funnelPlot(s.numerators.map((y, i) => ({ numerator: y, denominator: s.sizes[i] })));
    const bands = s.bands_exact as string[];
    const c = f.counts();
    expect(c.units).toBe(bands.length);
    expect(c.beyondAbove).toBe(bands.filter((b) => b === 'beyond-above').length);
    expect(c.beyondBelow).toBe(bands.filter((b) => b === 'beyond-below').length);
    expect(c.betweenBelow).toBe(bands.filter((b) => b === 'between-below').length);
    expect(c.within + c.betweenAbove + c.betweenBelow + c.beyondAbove + c.beyondBelow).toBe(c.units);
    const j = f.toJSON() as { counts: typeof c; units: unknown[]; levels: { inner: number; outer: number } };
    expect(j.counts).toEqual(c);
    expect(j.units).toHaveLength(20);
    expect(j.levels).toEqual({ inner: 0.95, outer: 0.998 });
    expect(JSON.parse(JSON.stringify(f))).toEqual(JSON.parse(JSON.stringify(j)));
    const en = f.apa({ unit: 'sites' });
    expect(c.betweenAbove + c.betweenBelow).toBe(1);
    expect(en).toContain('Of 20 sites, 1 lies between the 95% and 99.8% limits (0 above, 1 below) and 2 beyond the 99.8% limits (1 above, 1 below)');
    expect(en).toContain(`${c.beyondAbove + c.beyondBelow} beyond the 99.8% limits (${c.beyondAbove} above, ${c.beyondBelow} below)`);
    expect(en).toContain(`target ${s.target.toFixed(2).slice(1)}`);
    expect(en).toContain(`χ²(19) = ${s.chisq.toFixed(2)}, p = ${s.p.toFixed(3).slice(1)}`);
    const nl = f.apa({ lang: 'nl', unit: 'locaties' });
    expect(nl).toContain('Van de 20 locaties');
    expect(nl).toContain(`doelwaarde ,${s.target.toFixed(2).slice(2)}`);
    expect(nl).toContain('99,8%-grenzen');
    expect(nl).not.toMatch(/\d\.\d/);
  });
  it('exact bands are exact one-sided tests: 1 of 1 and 2 of 2 (target .55) lie above the interpolated 99.8% line but are within', () => {
    const s = ref.sets.find((x) => x.name === 'tiny')!;
    const f = funnelPlot(s.numerators.map((y, i) => ({ numerator: y, denominator: s.sizes[i] })), { target: 0.55 });
    expect(f.units[0].value).toBeGreaterThan(f.units[0].limits.outer.upper);
    expect(f.units[1].value).toBeGreaterThan(f.units[1].limits.outer.upper);
    expect([f.units[0].band, f.units[1].band]).toEqual(['within', 'within']);
    // 11 of 12: P(Y ≥ 11) = 12·.55¹¹·.45 + .55¹² = .0084 → between; 12 of 12: .55¹² = .00077 → beyond
    expect(12 * 0.55 ** 11 * 0.45 + 0.55 ** 12).toBeGreaterThan(0.001);
    expect([f.units[2].band, f.units[5].band]).toEqual(['between', 'beyond']);
  });
  it('multiplicative adjustment never narrows the limits (φ̂ < 1 → φ = 1)', () => {
    const s = ref.sets.find((x) => x.name === 'per-volunteer')!;
    expect(s.phi).toBeLessThan(1);
    const units = s.numerators.map((y, i) => ({ numerator: y, denominator: s.sizes[i] }));
    const plain = funnelPlot(units, { indicator: 'rate', method: 'normal' });
    const mult = funnelPlot(units, { indicator: 'rate', overdispersion: 'multiplicative' });
    mult.units.forEach((u, i) => close(u.limits.outer.upper, plain.units[i].limits.outer.upper, 1e-14));
  });
});

describe('documented examples', () => {
  it('funnelLimits(0.62, 54)', () => {
    const l = funnelLimits(0.62, 54);
    expect(l.inner.lower.toFixed(12)).toBe('0.479303108168');
    expect(l.inner.upper.toFixed(12)).toBe('0.738150713666');
    close(funnelLimits(0.62, 54, { method: 'normal' }).outer.upper, 0.62 + 3.090232306167813 * Math.sqrt((0.62 * 0.38) / 54), 1e-12);
  });
  it('funnelPlot: bands and z of the three-site example', () => {
    const f = funnelPlot([{ label: 'A', numerator: 37, denominator: 38 }, { label: 'B', numerator: 1, denominator: 10 }, { label: 'C', numerator: 15, denominator: 21 }], { target: 0.69 });
    expect(f.units.map((u) => `${u.band}${u.side ? '-' + u.side : ''}`)).toEqual(['beyond-above', 'beyond-below', 'within']);
    close(f.units[0].z, (37 / 38 - 0.69) / Math.sqrt((0.69 * 0.31) / 38), 1e-14);
    expect(f.units[0].z.toFixed(4)).toBe('3.7811') // R: (37/38 - 0.69) / sqrt(0.69 * 0.31 / 38);
  });
  it('binomial.quantile / poisson = R qbinom, ppois, qpois', () => {
    expect(binomial.quantile(0.975, 54, 0.62)).toBe(40); // R qbinom(0.975, 54, 0.62)
    expect(binomial.quantile(0.001, 10, 0.03)).toBe(0);
    expect(binomial.quantile(binomial.cdf(3, 10, 0.4), 10, 0.4)).toBe(3); // fuzz: q = F(k) gives k
    close(poisson.cdf(2, 3), 0.4231900811268435, 1e-14); // R ppois(2, 3)
    expect(poisson.quantile(0.975, 3)).toBe(7); // R qpois(0.975, 3)
    expect(poisson.quantile(0.5, 0)).toBe(0);
  });
  it('funnelCurveSizes: log-spaced, whole numbers for exact binomial limits, both ends included', () => {
    const s = funnelCurveSizes([3, 250, 40], true, 20);
    expect(s[0]).toBe(3);
    expect(s[s.length - 1]).toBe(250);
    expect(s.every((n) => Number.isInteger(n))).toBe(true);
    expect(funnelCurveSizes([0.5, 8], false, 4)).toEqual([0.5, 0.5 * 2 ** (4 / 3), 0.5 * 2 ** (8 / 3), 8].map((x, i) => (i === 3 ? 8 : x)));
  });
  it('curve(): limits at every drawn size equal funnelLimits', () => {
    const f = funnelPlot([{ numerator: 5, denominator: 9 }, { numerator: 30, denominator: 60 }], { target: 0.4 });
    const c = f.curve([9, 20]);
    expect(c[1]).toEqual(funnelLimits(0.4, 20));
  });
});

describe('funnelCommonBand: the band every unit shares, as funnelPlot classifies each', () => {
  it('documented examples', () => {
    expect(funnelCommonBand([{ numerator: 0, denominator: 40 }, { numerator: 4, denominator: 40 }], { target: 0.62 })).toEqual({ band: 'beyond', side: 'below' });
    expect(funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 30, denominator: 40 }], { target: 0.62 })).toEqual({ band: 'within', side: null });
    expect(funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 35, denominator: 40 }], { target: 0.62 })).toBeNull();
  });
  it('agrees with funnelPlot on every range of counts and sizes (proportion and rate, exact and normal)', () => {
    let nulls = 0;
    let shared = 0;
    for (const [indicator, target] of [['proportion', 0.3], ['proportion', 0.62], ['rate', 1.4]] as const) {
      for (const method of ['exact', 'normal'] as const) {
        for (let n0 = 1; n0 <= 60; n0 += 7) {
          for (const width of [0, 2, 9]) {
            for (let lo = 0; lo <= n0; lo += 3) {
              // a bar (one size, counts lo … lo + width) and a line (one count, sizes n0 … n0 + width)
              const bar = Array.from({ length: width + 1 }, (_, k) => ({ numerator: lo + k, denominator: n0 + width })).filter((u) => indicator === 'rate' || u.numerator <= u.denominator);
              const line = Array.from({ length: width + 1 }, (_, k) => ({ numerator: lo, denominator: n0 + k }));
              for (const cases of [bar, line]) {
                if (cases.length === 0) continue;
                const units = funnelPlot(cases, { indicator, target, method }).units;
                const same = units.every((u) => u.band === units[0].band && u.side === units[0].side);
                const got = funnelCommonBand(cases, { indicator, target, method });
                expect(got).toEqual(same ? { band: units[0].band, side: units[0].side } : null);
                if (got === null) nulls++;
                else shared++;
              }
            }
          }
        }
      }
    }
    // both outcomes occur (the comparison is not vacuous)
    expect(nulls).toBeGreaterThan(50);
    expect(shared).toBeGreaterThan(50);
  });
  it('refuses what funnelPlot refuses', () => {
    expect(() => funnelCommonBand([], { target: 0.5 })).toThrow(/no units/);
    expect(() => funnelCommonBand([{ numerator: 6, denominator: 5 }], { target: 0.5 })).toThrow(/cannot exceed 1/);
    expect(() => funnelCommonBand([{ numerator: 1, denominator: 5 }], { target: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => funnelCommonBand([{ numerator: 1, denominator: 7.5 }], { target: 0.5 })).toThrow(/whole number of cases/);
  });
});

describe('edge cases give sentences', () => {
  it('refuses bad input', () => {
    expect(() => funnelPlot([])).toThrow(StatsError);
    expect(() => funnelPlot([{ numerator: 0, denominator: 0 }])).toThrow(/size 0; every unit needs a size above 0/);
    expect(() => funnelPlot([{ numerator: 6, denominator: 5 }])).toThrow(/cannot exceed 1/);
    expect(() => funnelPlot([{ numerator: 1.5, denominator: 5 }])).toThrow(/whole number/);
    expect(() => funnelPlot([{ numerator: 0, denominator: 5 }, { numerator: 0, denominator: 3 }])).toThrow(/pooled value Σy\/Σn of the units is 0/);
    expect(() => funnelLimits(1, 10)).toThrow(/strictly between 0 and 1/);
    expect(() => funnelLimits(0.5, 7.5)).toThrow(/whole number of cases/);
    expect(() => funnelLimits(0, 10, { indicator: 'rate' })).toThrow(/positive number/);
    expect(() => funnelPlot([{ numerator: 1, denominator: 5 }], { winsorise: 0.5 })).toThrow(/Winsorising fraction/);
  });
  it('a non-integer size is fine for a rate (exact Poisson) and for normal binomial limits', () => {
    expect(funnelLimits(1.2, 7.5, { indicator: 'rate' }).inner.upper).toBeGreaterThan(1.2);
    expect(funnelLimits(0.5, 7.5, { method: 'normal' }).inner.upper).toBeGreaterThan(0.5);
  });
});
