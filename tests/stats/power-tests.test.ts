import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { powerAnova, powerChiSquare, powerCorrelation, powerTTestUnequal } from '../../src/stats/power-tests.js';

// R pwr 1.3 (tests/reference/power2.R → power2.json). Powers are closed form (1e-8); quantities pwr solves with
// uniroot's default tolerance (~1e-4) are compared at 1e-4, and ours are checked to reproduce the target power to 1e-8.
const ref = JSON.parse(readFileSync(new URL('../reference/power2.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('powerTTestUnequal = pwr.t2n.test', () => {
  it('power, both directions, and solving for n2, d, α', () => {
    const c = ref.t2n;
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, d: 0.5 }).power, c.power)).toBeLessThan(1e-8);
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, d: -0.5, alternative: 'less' }).power, c.power_less)).toBeLessThan(1e-8);
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, d: 0.5, alternative: 'greater' }).power, c.power_greater)).toBeLessThan(1e-8);
    const n2 = powerTTestUnequal({ n1: 40, d: 0.5, power: 0.8 });
    expect(rel(n2.n, c.n2)).toBeLessThan(1e-4);
    expect(n2.solvedFor).toBe('n');
    expect(rel(powerTTestUnequal({ n1: 40, n2: n2.n, d: 0.5 }).power, 0.8)).toBeLessThan(1e-8);
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, power: 0.8 }).effect, c.d)).toBeLessThan(1e-4);
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, power: 0.8, alternative: 'less' }).effect, c.d_less)).toBeLessThan(1e-4);
    expect(rel(powerTTestUnequal({ n1: 30, n2: 60, d: 0.5, power: 0.8 }).alpha, c.alpha)).toBeLessThan(1e-4);
    expect(n2.apa()).toMatch(/^n = 153\.\d\d \(154\) in the second group for d = 0\.50, α = \.050, power = \.80$/);
    expect(() => powerTTestUnequal({ n1: 30, d: 0.5 })).toThrow(/give all but one/);
    expect(() => powerTTestUnequal({ n1: 30, n2: 30, d: -0.5, alternative: 'greater' })).toThrow(/must be positive/);
  });
});

describe('powerAnova = pwr.anova.test, powerCorrelation = pwr.r.test, powerChiSquare = pwr.chisq.test', () => {
  it('ANOVA', () => {
    const c = ref.anova;
    expect(rel(powerAnova({ k: 3, f: 0.25, power: 0.8 }).n, c.n)).toBeLessThan(1e-4);
    expect(rel(powerAnova({ k: 4, n: 20, f: 0.3 }).power, c.power)).toBeLessThan(1e-8);
    expect(rel(powerAnova({ k: 3, n: 30, power: 0.9 }).effect, c.f)).toBeLessThan(1e-4);
    expect(rel(powerAnova({ k: 3, n: 30, f: 0.3, power: 0.8 }).alpha, c.alpha)).toBeLessThan(1e-4);
  });
  it('correlation', () => {
    const c = ref.r;
    expect(rel(powerCorrelation({ r: 0.3, power: 0.8 }).n, c.n)).toBeLessThan(1e-4);
    expect(rel(powerCorrelation({ n: 50, r: 0.3 }).power, c.power)).toBeLessThan(1e-10);
    expect(rel(powerCorrelation({ n: 50, r: 0.3, alternative: 'greater' }).power, c.power_greater)).toBeLessThan(1e-10);
    expect(rel(powerCorrelation({ n: 50, r: -0.3, alternative: 'less' }).power, c.power_less)).toBeLessThan(1e-10);
    expect(rel(powerCorrelation({ n: 60, power: 0.8 }).effect, c.r)).toBeLessThan(1e-4);
  });
  it('χ²', () => {
    const c = ref.chisq;
    expect(rel(powerChiSquare({ w: 0.3, df: 2, power: 0.8 }).n, c.n)).toBeLessThan(1e-4);
    expect(rel(powerChiSquare({ w: 0.2, n: 150, df: 3 }).power, c.power)).toBeLessThan(1e-8);
    expect(rel(powerChiSquare({ n: 100, df: 1, power: 0.8 }).effect, c.w)).toBeLessThan(1e-4);
  });
});
