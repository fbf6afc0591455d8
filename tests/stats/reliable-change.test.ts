import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeRci, hlmReliableChange, reliableChange, rciCriticalValue, type RciMethod, type ReliableChangeResult } from '../../src/stats/reliable-change.js';
import { StatsError } from '../../src/stats/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, '../reference/reliable_change.json'), 'utf8')) as {
  datasets: Record<string, { pre: (number | null)[]; post: (number | null)[] }>;
  rci: Array<{
    name: string;
    dataset: string;
    method: RciMethod;
    reliability: number;
    direction: 'higher-better' | 'higher-worse';
    options: { r_post?: number; sd_pre?: number; crit?: number };
    criticalValue: number;
    params: Record<string, number>;
    index: number[];
    rci: number[];
    preTrue?: number[];
    categories: string[];
    counts: Record<string, number>;
    nMissing: number;
    groupLevel?: { zChanged: number; changed: number };
  }>;
};

/** |a − b| ≤ tol·max(1, |b|) */
function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

const DAS = ref.datasets.das;

describe('reliableChange against the Python re-implementation of clinicalsignificance', () => {
  for (const c of ref.rci) {
    it(c.name, () => {
      const d = ref.datasets[c.dataset];
      const r = reliableChange(d.pre, d.post, {
        method: c.method,
        reliability: c.reliability,
        direction: c.direction,
        ...(c.options.r_post !== undefined ? { reliabilityPost: c.options.r_post } : {}),
        ...(c.options.sd_pre !== undefined ? { sdPre: c.options.sd_pre } : {}),
        ...(c.options.crit !== undefined ? { criticalValue: c.options.crit } : {}),
      });
      expect(r.n).toBe(c.index.length);
      expect(r.nMissing).toBe(c.nMissing);
      close(r.criticalValue, c.criticalValue, 1e-12);
      for (const [k, v] of Object.entries(c.params)) close(r.parameters[k as keyof typeof r.parameters], v, 1e-10);
      expect(r.rows.map((x) => x.index)).toEqual(c.index);
      r.rows.forEach((row, i) => {
        close(row.rci, c.rci[i], 1e-9);
        expect(row.category).toBe(c.categories[i]);
        if (c.preTrue) close(row.preTrue as number, c.preTrue[i], 1e-10);
      });
      expect(r.summary.improved.successes).toBe(c.counts.improved);
      expect(r.summary.unchanged.successes).toBe(c.counts.unchanged);
      expect(r.summary.deteriorated.successes).toBe(c.counts.deteriorated);
      if (c.groupLevel) {
        close(r.groupLevel!.zChanged, c.groupLevel.zChanged, 1e-10);
        close(r.groupLevel!.changed, c.groupLevel.changed, 1e-10);
        expect(r.apa()).toMatch(/estimated to have changed for the better$/);
      } else {
        expect(r.groupLevel).toBeNull();
      }
    });
  }
});

describe('Jacobson & Truax (1991) DAS example', () => {
  it('S_diff = √2·17.8·√(1 − .96) = 5.0346 and a change of ≥ 9.87 DAS points is reliable', () => {
    const r = reliableChange(DAS.pre, DAS.post, { reliability: 0.96, sdPre: 17.8, direction: 'higher-better', criticalValue: 1.96 });
    close(r.parameters.seMeasurement, 3.56, 1e-12);
    close(r.parameters.sDiff, Math.SQRT2 * 3.56, 1e-12);
    expect(r.parameters.sDiff.toFixed(4)).toBe('5.0346');
    // couple 1: 90.5 → 97, change 6.5 < 9.87 → not reliable; couple 2: 74 → 124, RC = 50/5.0346 = 9.93
    close(r.rows[0].rci, 6.5 / (Math.SQRT2 * 3.56), 1e-12);
    expect(r.rows[0].category).toBe('unchanged');
    expect(r.rows[1].rci.toFixed(2)).toBe('9.93');
    expect(r.rows[1].category).toBe('improved');
    // couple 29: 80 → 60.5 (−19.5) reliably deteriorated
    expect(r.rows[28].category).toBe('deteriorated');
    expect(r.reference.sdPre).toBe('given');
    expect(r.apa()).toBe(
      'Jacobson–Truax RCI (Jacobson & Truax, 1991) (r = .96, S_diff = 5.03, critical |RCI| = 1.96; n = 30): ' +
        'improved 19 (63.3%, 95% CI [45.5, 78.1]), unchanged 10 (33.3%, 95% CI [19.2, 51.2]), deteriorated 1 (3.3%, 95% CI [0.6, 16.7])',
    );
  });
});

describe('critical values', () => {
  it('two-sided z for JT…NK, one-sided for HA, as in cs_distribution()', () => {
    close(rciCriticalValue('JT'), 1.959963984540054, 1e-14);
    close(rciCriticalValue('HA'), 1.6448536269514729, 1e-14);
    close(rciCriticalValue('EN', 0.1), 1.6448536269514729, 1e-14);
  });
  it('a configurable critical value changes the classification', () => {
    const strict = reliableChange(DAS.pre, DAS.post, { reliability: 0.84, direction: 'higher-better', criticalValue: 3 });
    const loose = reliableChange(DAS.pre, DAS.post, { reliability: 0.84, direction: 'higher-better' });
    expect(strict.summary.improved.successes).toBeLessThan(loose.summary.improved.successes);
    for (const row of strict.rows) expect(row.category === 'improved').toBe(row.rci > 3);
  });
});

describe('direction', () => {
  it('flipping the direction swaps improved and deteriorated; the RCI itself keeps the sign of post − pre', () => {
    const up = reliableChange(DAS.pre, DAS.post, { reliability: 0.84, direction: 'higher-better' });
    const down = reliableChange(DAS.pre, DAS.post, { reliability: 0.84, direction: 'higher-worse' });
    expect(down.summary.improved.successes).toBe(up.summary.deteriorated.successes);
    expect(down.summary.deteriorated.successes).toBe(up.summary.improved.successes);
    up.rows.forEach((row, i) => expect(down.rows[i].rci).toBe(row.rci));
  });
});

describe('edge cases', () => {
  const pre = [10, 12, 14, 16, 18];
  const post = [9, 13, 10, 20, 12];
  it('reliability ≥ 1 or ≤ 0 is an error', () => {
    for (const rel of [1, 1.2, 0, -0.3, NaN]) {
      expect(() => reliableChange(pre, post, { reliability: rel, direction: 'higher-better' })).toThrow(StatsError);
    }
    expect(() => reliableChange(pre, post, { reliability: 0.8, direction: 'higher-better', method: 'NK', reliabilityPost: 1 })).toThrow(
      /reliabilityPost/,
    );
  });
  it('SD_pre = 0 is an error (and sdPre from norms rescues it)', () => {
    expect(() => reliableChange([5, 5, 5], [4, 6, 7], { reliability: 0.8, direction: 'higher-better' })).toThrow(/pre-test SD is 0/);
    const r = reliableChange([5, 5, 5], [4, 6, 7], { reliability: 0.8, direction: 'higher-better', sdPre: 2 });
    close(r.parameters.sDiff, Math.sqrt(2 * 4 * 0.2), 1e-14);
    // computeRci TSDoc example
    expect(computeRci([5, 5, 5], [4, 6, 7], { reliability: 0.8, direction: 'higher-better', sdPre: 2 }).params.sDiff.toFixed(4)).toBe('1.2649');
    expect(() => reliableChange(pre, post, { reliability: 0.8, direction: 'higher-better', sdPre: 0 })).toThrow(StatsError);
  });
  it('pre or post missing: excluded and counted', () => {
    const r = reliableChange([10, null, 14, 16, NaN, 18], [9, 13, undefined, 20, 12, 11], { reliability: 0.8, direction: 'higher-worse' });
    expect(r.n).toBe(3);
    expect(r.nMissing).toBe(3);
    expect(r.excluded).toEqual([1, 2, 4]);
    expect(r.rows.map((x) => x.index)).toEqual([0, 3, 5]);
    expect(r.apa()).toContain('3 excluded for missing pre or post');
  });
  it('fewer than 2 complete pairs without a norm SD is an error; with sdPre and nobody left the summary is NaN with a reason', () => {
    expect(() => reliableChange([1, null], [2, 3], { reliability: 0.8, direction: 'higher-better' })).toThrow(/at least 2/);
    const r = reliableChange([null, null], [2, 3], { reliability: 0.8, direction: 'higher-better', sdPre: 5 });
    expect(r.n).toBe(0);
    expect(Number.isNaN(r.summary.improved.estimate)).toBe(true);
    expect(r.summary.improved.reason).toMatch(/0\/0/);
  });
  it('HA: r_DD ≤ 0 (change no larger than error) is an error, not a NaN', () => {
    // post = pre + tiny noise: the difference scores are almost pure measurement error
    const x = [10, 20, 30, 40, 50, 60];
    const y = [10.5, 19.6, 30.4, 39.5, 50.6, 59.4];
    expect(() => reliableChange(x, y, { reliability: 0.7, direction: 'higher-better', method: 'HA' })).toThrow(/r_DD/);
  });
  it('HA: equal change for everyone is an error', () => {
    expect(() => reliableChange([1, 2, 3, 4], [3, 4, 5, 6], { reliability: 0.7, direction: 'higher-better', method: 'HA' })).toThrow(
      StatsError,
    );
  });
  it('unknown method and mismatched lengths are errors', () => {
    expect(() => reliableChange(pre, post, { reliability: 0.8, direction: 'higher-better', method: 'XYZ' as RciMethod })).toThrow(/Unknown RCI/);
    expect(() => reliableChange([1, 2, 3], [1, 2], { reliability: 0.8, direction: 'higher-better' })).toThrow(/same length/);
  });
  it('toJSON carries method, parameters, n and missing handling', () => {
    const j = reliableChange(pre, post, { reliability: 0.8, direction: 'higher-better', method: 'GLN' }).toJSON();
    expect(j.rciMethod).toBe('GLN');
    expect(j.missing).toBe('listwise');
    expect(j.n).toBe(5);
    expect(JSON.parse(JSON.stringify(j)).summary.improved.ci.method).toMatch(/Wilson/);
  });
});

describe('properties (fast-check)', () => {
  it('JT: RCI = change / S_diff and the categories are a partition consistent with the critical value', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.05, max: 0.98, noNaN: true }),
        fc.boolean(),
        (pairs, rel, better) => {
          const pre = pairs.map((p) => p[0]);
          const post = pairs.map((p) => p[1]);
          let r: ReliableChangeResult;
          try {
            r = reliableChange(pre, post, { reliability: rel, direction: better ? 'higher-better' : 'higher-worse' });
          } catch (e) {
            return e instanceof StatsError && /SD is 0/.test((e as Error).message);
          }
          const s = better ? 1 : -1;
          const total = r.summary.improved.successes + r.summary.unchanged.successes + r.summary.deteriorated.successes;
          return (
            total === r.n &&
            r.rows.every(
              (row) =>
                Math.abs(row.rci - row.change / r.parameters.sDiff) <= 1e-12 * Math.max(1, Math.abs(row.rci)) &&
                (row.category === 'improved') === s * row.rci > r.criticalValue &&
                (row.category === 'deteriorated') === s * row.rci < -r.criticalValue,
            )
          );
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('hlmReliableChange (clinicalsignificance rci_method = "HLM", definition written out with lme4 in tests/reference/lmm.R)', () => {
  const lmm = JSON.parse(readFileSync(join(here, '../reference/lmm.json'), 'utf8'));
  const d = lmm.cases.missing_waves.data;
  const h = lmm.extras.hlm;
  const r = hlmReliableChange({ id: d.participant, time: d.time, outcome: d.score }, { direction: 'higher-worse' });
  it('EB slopes, conditional SDs, RCI and categories per person', () => {
    expect(r.rciMethod).toBe('HLM');
    expect(r.n).toBe(h.id.length);
    expect(r.nMissing).toBe(h.n_excluded);
    expect(r.rows.map((x) => x.id)).toEqual(h.id);
    r.rows.forEach((x, i) => {
      expect(Math.abs(x.ebSlope! - h.eb[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(h.eb[i])));
      expect(Math.abs(x.ebSd! - h.sd[i]) / h.sd[i]).toBeLessThan(1e-4);
      expect(Math.abs(x.rci - h.rci[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(h.rci[i])));
      expect(x.category).toBe(h.category_lower_better[i]);
      expect(x.pre).toBe(h.pre[i]);
      expect(x.post).toBe(h.post[i]);
    });
    expect(r.summary.improved.successes).toBe(h.category_lower_better.filter((c: string) => c === 'improved').length);
    expect(r.apa()).toMatch(/^HLM reliable change.*excluded for fewer than 3 measurements/);
  });
  it('refuses pre–post data for HLM in computeRci with a sentence', () => {
    expect(() => computeRci([1, 2], [2, 3], { reliability: 0.8, direction: 'higher-better', method: 'HLM' })).toThrow(/repeated measurements/);
  });
});
