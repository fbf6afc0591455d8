import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  hlmClinicalSignificance,
  CLINICAL_SIGNIFICANCE_CATEGORIES as CATS,
  clinicalSignificance,
  hagemanArrindellCutoffs,
  jacobsonTruaxCutoffs,
  type CutoffType,
} from '../../src/stats/clinical-significance.js';
import type { RciMethod } from '../../src/stats/reliable-change.js';
import { StatsError } from '../../src/stats/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, '../reference/reliable_change.json'), 'utf8')) as {
  datasets: Record<string, { pre: (number | null)[]; post: (number | null)[] }>;
  clinicalSignificance: Array<{
    name: string;
    dataset: string;
    method: RciMethod;
    reliability: number;
    direction: 'higher-better' | 'higher-worse';
    cutoff: CutoffType;
    functional: [number, number];
    clinical?: [number, number];
    criticalValue?: number;
    sdPre?: number;
    group?: (string | null)[];
    result: {
      groups: null | Array<{
        group: string;
        n: number;
        nMissing: number;
        counts: Record<string, number>;
        clinicalBefore: number;
        clinicalAfter: number;
        groupLevel: null | { zChanged: number; zFunctional: number; changed: number; functional: number };
      }>;
      cutoffs: { a: number; b: number | null; c: number | null };
      cutoff: number;
      clinical: { mean: number; sd: number };
      rows: Array<{ index: number; rci: number; csIndiv: number | null; clinicalPre: boolean; functionalPost: boolean; category: string }>;
      counts: Record<string, number>;
      clinicalBefore: number;
      clinicalAfter: number;
      groupLevel: null | { zChanged: number; zFunctional: number; changed: number; functional: number; reliabilityPost: number };
      criticalValue: number;
    };
  }>;
};

function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

const DAS = ref.datasets.das;

describe('clinicalSignificance against the Python re-implementation', () => {
  for (const c of ref.clinicalSignificance) {
    it(c.name, () => {
      const d = ref.datasets[c.dataset];
      const r = clinicalSignificance(d.pre, d.post, {
        method: c.method,
        reliability: c.reliability,
        direction: c.direction,
        cutoff: c.cutoff,
        functional: { mean: c.functional[0], sd: c.functional[1] },
        ...(c.clinical ? { clinical: { mean: c.clinical[0], sd: c.clinical[1] } } : {}),
        ...(c.criticalValue !== undefined ? { criticalValue: c.criticalValue } : {}),
        ...(c.sdPre !== undefined ? { sdPre: c.sdPre } : {}),
        ...(c.group !== undefined ? { group: c.group } : {}),
      });
      const e = c.result;
      if (e.groups) {
        expect(r.groups.map((g) => g.group)).toEqual(e.groups.map((g) => g.group));
        r.groups.forEach((g, i) => {
          const x = e.groups![i];
          expect(g.n).toBe(x.n);
          expect(g.nMissing).toBe(x.nMissing);
          for (const [k, v] of Object.entries(x.counts)) expect(g.summary[k as keyof typeof g.summary].successes).toBe(v);
          expect(g.clinicalRange.before.successes).toBe(x.clinicalBefore);
          expect(g.clinicalRange.after.successes).toBe(x.clinicalAfter);
          if (x.n === 0) {
            expect(Number.isNaN(g.summary.recovered.estimate)).toBe(true);
            expect(g.summary.recovered.reason).toMatch(/0\/0/);
          }
          if (x.groupLevel) {
            close(g.groupLevel!.zChanged, x.groupLevel.zChanged, 1e-10);
            close(g.groupLevel!.zFunctional, x.groupLevel.zFunctional, 1e-10);
            close(g.groupLevel!.changed, x.groupLevel.changed, 1e-10);
            close(g.groupLevel!.functional, x.groupLevel.functional, 1e-10);
          } else if (c.method === 'HA') {
            expect(g.groupLevel!.reason).toMatch(/at least 2/);
          } else {
            expect(g.groupLevel).toBeNull();
          }
        });
        expect(r.groupMissing).toBe(2);
        expect(r.apa()).toContain('lost to follow-up (n = 0): recovered n/a (no cases)');
      } else {
        expect(r.groups).toEqual([]);
      }
      close(r.cutoff, e.cutoff, 1e-12);
      close(r.cutoffs.a, e.cutoffs.a, 1e-12);
      close(r.cutoffs.b, e.cutoffs.b as number, 1e-12);
      close(r.cutoffs.c, e.cutoffs.c as number, 1e-12);
      close(r.clinical.mean, e.clinical.mean, 1e-12);
      close(r.clinical.sd, e.clinical.sd, 1e-12);
      close(r.criticalValue, e.criticalValue, 1e-12);
      expect(r.rows.length).toBe(e.rows.length);
      r.rows.forEach((row, i) => {
        const x = e.rows[i];
        expect(row.index).toBe(x.index);
        close(row.rci, x.rci, 1e-9);
        expect(row.clinicalPre).toBe(x.clinicalPre);
        expect(row.functionalPost).toBe(x.functionalPost);
        expect(row.category).toBe(x.category);
        if (x.csIndiv !== null) close(row.csIndiv as number, x.csIndiv, 1e-9);
        else expect(row.csIndiv).toBeUndefined();
      });
      for (const [k, v] of Object.entries(e.counts)) expect(r.summary[k as keyof typeof r.summary].successes).toBe(v);
      expect(r.clinicalRange.before.successes).toBe(e.clinicalBefore);
      expect(r.clinicalRange.after.successes).toBe(e.clinicalAfter);
      if (e.groupLevel) {
        const g = r.groupLevel!;
        close(g.zChanged, e.groupLevel.zChanged, 1e-10);
        close(g.zFunctional, e.groupLevel.zFunctional, 1e-10);
        close(g.changed, e.groupLevel.changed, 1e-10);
        close(g.functional, e.groupLevel.functional, 1e-10);
        close(g.reliabilityPost, e.groupLevel.reliabilityPost, 1e-12);
      } else {
        expect(r.groupLevel).toBeNull();
      }
      const total = Object.values(r.summary).reduce((s, p) => s + p.successes, 0);
      expect(total).toBe(r.n);
    });
  }
});

describe('Jacobson & Truax (1991) DAS example (TSDoc example)', () => {
  it('cut-off c = 95.93 with Spanier (1976) norms; 14 recovered, 5 improved, 10 unchanged, 1 deteriorated', () => {
    const cs = clinicalSignificance(DAS.pre, DAS.post, {
      reliability: 0.96,
      sdPre: 17.8,
      criticalValue: 1.96,
      direction: 'higher-better',
      cutoff: 'c',
      clinical: { mean: 70.7, sd: 23.8 },
      functional: { mean: 114.8, sd: 17.8 },
    });
    expect(cs.cutoff.toFixed(2)).toBe('95.93');
    expect(CATS.map((k) => cs.summary[k].successes)).toEqual([14, 5, 10, 1, 0]);
    expect(cs.clinicalRange.before.successes).toBe(26);
    expect(cs.clinicalRange.after.successes).toBe(10);
    expect(cs.rciParameters.sDiff.toFixed(4)).toBe('5.0346');
  });
});

describe('cut-offs', () => {
  it('Jacobson & Truax a, b, c for the DAS with Spanier (1976) norms (higher = better)', () => {
    const cuts = jacobsonTruaxCutoffs({ mean: 70.7, sd: 23.8 }, { mean: 114.8, sd: 17.8 }, 'higher-better');
    close(cuts.a, 70.7 + 2 * 23.8, 1e-14); // 118.3
    close(cuts.b, 114.8 - 2 * 17.8, 1e-14); // 79.2
    close(cuts.c, (23.8 * 114.8 + 17.8 * 70.7) / (23.8 + 17.8), 1e-14);
    expect(cuts.c.toFixed(2)).toBe('95.93');
  });
  it('are mirrored for higher-worse scales; c does not depend on direction', () => {
    const up = jacobsonTruaxCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 4 }, 'higher-better');
    const down = jacobsonTruaxCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 4 }, 'higher-worse');
    expect(down.a).toBe(20);
    expect(down.b).toBe(23);
    expect(up.a).toBe(40);
    expect(down.c).toBe(up.c);
    close(down.c, (5 * 15 + 4 * 30) / 9, 1e-14);
  });
  it('without functional norms only a is defined; b and c then throw in clinicalSignificance', () => {
    const cuts = jacobsonTruaxCutoffs({ mean: 30, sd: 5 }, undefined, 'higher-worse');
    expect(cuts.a).toBe(20);
    expect(Number.isNaN(cuts.b) && Number.isNaN(cuts.c)).toBe(true);
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 0.9, direction: 'higher-better', cutoff: 'c' })).toThrow(
      /functional/,
    );
  });
  it('Hageman–Arrindell true cut-offs shrink the SDs by √reliability', () => {
    const h = hagemanArrindellCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 4 }, 0.8, 'higher-worse');
    const se = 5 * Math.sqrt(0.2);
    const rf = (16 - se * se) / 16;
    close(h.reliabilityClinical, 0.8, 1e-14);
    close(h.a, 30 - 2 * 5 * Math.sqrt(0.8), 1e-14);
    close(h.b, 15 + 2 * 4 * Math.sqrt(rf), 1e-14);
    close(h.c, (5 * Math.sqrt(0.8) * 15 + 4 * Math.sqrt(rf) * 30) / (5 * Math.sqrt(0.8) + 4 * Math.sqrt(rf)), 1e-14);
    expect(() => hagemanArrindellCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 2 }, 0.8, 'higher-worse')).toThrow(/functional SD/);
    // TSDoc example
    expect(h.a.toFixed(4)).toBe('21.0557');
    expect(h.b.toFixed(4)).toBe('21.6332');
    expect(h.c.toFixed(4)).toBe('21.3873');
    expect(h.seMeasurement.toFixed(4)).toBe('2.2361');
    close(h.reliabilityFunctional, 0.6875, 1e-14);
  });
  it('norm SD 0 is an error', () => {
    expect(() => jacobsonTruaxCutoffs({ mean: 30, sd: 0 }, undefined, 'higher-worse')).toThrow(StatsError);
    expect(() =>
      clinicalSignificance(DAS.pre, DAS.post, { reliability: 0.9, direction: 'higher-better', cutoff: 'c', functional: { mean: 100, sd: 0 } }),
    ).toThrow(/SD must be positive/);
  });
});

describe('categories on a hand-made example (higher = worse, cut-off a = 20 + 2·5 … given)', () => {
  // clinical M = 30, SD = 5 → a = 20 for higher-worse. r = .9, S_diff from sdPre = 5: √2·5·√.1 = 2.236; 1.96·S_diff = 4.38.
  const pre = [28, 28, 28, 18, 18, 25, 22];
  const post = [15, 21, 27, 25, 19, 31, 20];
  const r = clinicalSignificance(pre, post, {
    reliability: 0.9,
    direction: 'higher-worse',
    cutoff: 'a',
    clinical: { mean: 30, sd: 5 },
    sdPre: 5,
    criticalValue: 1.96,
  });
  it('recovered / improved / unchanged / harmed / deteriorated follow clinicalsignificance', () => {
    expect(r.cutoff).toBe(20);
    expect(r.rows.map((x) => x.category)).toEqual([
      'recovered', // 28 → 15: −13, reliable, crossed below 20
      'improved', // 28 → 21: −7, reliable, still above 20
      'unchanged', // 28 → 27
      'harmed', // 18 → 25: +7, reliable, from functional into clinical
      'unchanged', // 18 → 19
      'deteriorated', // 25 → 31: +6, reliable, was already clinical
      'unchanged', // 22 → 20: −2, and 20 is on the cut-off: neither clinical nor functional
    ]);
    expect(r.rows[6].functionalPost).toBe(false);
    expect(r.rows[6].clinicalPost).toBe(false);
  });
  it('summary with Wilson CIs and shares in the clinical range', () => {
    expect(r.summary.recovered.successes).toBe(1);
    expect(r.summary.unchanged.successes).toBe(3);
    expect(r.clinicalRange.before.successes).toBe(5); // 28, 28, 28, 25, 22
    expect(r.clinicalRange.after.successes).toBe(4); // 21, 27, 25, 31
    expect(r.summary.recovered.ci.method).toMatch(/Wilson/);
    expect(r.clinical.source).toBe('given');
    expect(r.apa()).toBe(
      'Clinical significance (JT RCI, r = .90, critical 1.96, cut-off a = 20.00; n = 7): recovered 1 (14.3%, 95% CI [2.6, 51.3]), ' +
        'improved 1 (14.3%, 95% CI [2.6, 51.3]), unchanged 3 (42.9%, 95% CI [15.8, 75.0]), deteriorated 1 (14.3%, 95% CI [2.6, 51.3]), ' +
        'harmed 1 (14.3%, 95% CI [2.6, 51.3]); in clinical range 71.4% before, 57.1% after',
    );
  });
  it('tidy table and JSON record cut-off choice, norms and reliability', () => {
    const t = r.table();
    expect(t[0]).toMatchObject({ index: 0, pre: 28, post: 15, category: 'recovered', clinicalPre: true, functionalPost: true });
    const j = JSON.parse(JSON.stringify(r.toJSON()));
    expect(j.cutoffType).toBe('a');
    expect(j.cutoff).toBe(20);
    expect(j.reliability).toBe(0.9);
    expect(j.clinical).toEqual({ mean: 30, sd: 5, source: 'given' });
    expect(j.functional).toBeNull();
    expect(j.missing).toBe('listwise');
    expect(j.rows).toHaveLength(7);
  });
});

describe('edge cases', () => {
  it('missing pre or post is excluded and counted', () => {
    const r = clinicalSignificance([28, null, 28, 18], [15, 20, NaN, 25], {
      reliability: 0.9,
      direction: 'higher-worse',
      clinical: { mean: 30, sd: 5 },
      sdPre: 5,
    });
    expect(r.n).toBe(2);
    expect(r.nMissing).toBe(2);
    expect(r.excluded).toEqual([1, 2]);
  });
  it('nobody with complete data: every share is 0/0 = NaN with a reason', () => {
    const r = clinicalSignificance([null, 3], [4, null], {
      reliability: 0.9,
      direction: 'higher-worse',
      clinical: { mean: 30, sd: 5 },
      sdPre: 5,
    });
    expect(r.n).toBe(0);
    expect(Number.isNaN(r.summary.recovered.estimate)).toBe(true);
    expect(Number.isNaN(r.summary.recovered.ci.lower)).toBe(true);
    expect(r.summary.recovered.reason).toMatch(/0\/0/);
    expect(r.apa()).toContain('n/a');
  });
  it('reliability outside (0, 1) and SD_pre = 0 are errors', () => {
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 1, direction: 'higher-better' })).toThrow(StatsError);
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 0, direction: 'higher-better' })).toThrow(StatsError);
    expect(() => clinicalSignificance([4, 4, 4], [1, 2, 3], { reliability: 0.8, direction: 'higher-worse' })).toThrow(/SD/);
  });
  it('group labels must match the number of people', () => {
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 0.8, direction: 'higher-better', group: ['a', 'b'] })).toThrow(
      /one label per person/,
    );
  });
  it('invalid cut-off type is an error', () => {
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 0.8, direction: 'higher-better', cutoff: 'd' as CutoffType })).toThrow(
      /cutoff/,
    );
  });
});

describe('hlmClinicalSignificance (cs_combined with rci_method = "HLM"; definition written out with lme4 in tests/reference/lmm.R)', () => {
  const lmm = JSON.parse(readFileSync(new URL('../reference/lmm.json', import.meta.url), 'utf8'));
  const d = lmm.cases.missing_waves.data;
  const h = lmm.extras.hlm;
  it('cut-off a from the first measurements, categories from EB-slope RCI, first and last measurement', () => {
    const r = hlmClinicalSignificance({ id: d.participant, time: d.time, outcome: d.score }, { direction: 'higher-worse', cutoff: 'a' });
    expect(r.rciMethod).toBe('HLM');
    expect(Math.abs(r.cutoff - h.cutoff_a)).toBeLessThan(1e-9);
    expect(r.rows.map((x) => x.category)).toEqual(h.combined);
    expect(r.n).toBe(h.id.length);
    expect(r.nMissing).toBe(h.n_excluded);
    expect(r.apa()).toMatch(/HLM RCI, empirical-Bayes slopes/);
  });
});
