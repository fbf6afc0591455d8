/**
 * The generator library: the TSDoc examples, design validation with actionable messages, the latent-model
 * helpers (Cholesky factor reproduces the trait correlations; rounding), and in-memory records.
 */
import { describe, expect, it } from 'vitest';
import {
  brokenSampleFiles,
  sampleDrawTraits,
  generateSample,
  readSampleInstruments,
  sampleRoundClip,
  SAMPLE_CONSTRUCTS,
  SAMPLE_TRAIT_CORRELATIONS,
  sampleCholesky,
  sampleDataFiles,
  sampleDesign,
  SampleDesignError,
  sampleToCsv,
  sampleToRecords,
} from '../../src/sample/index.js';
import { createRng } from '../../src/stats/random.js';

const defs = readSampleInstruments();

describe('TSDoc examples', () => {
  it('generateSample: prepost-1997 has 112 rows, first HS-0001', () => {
    const data = generateSample(sampleDesign('prepost-1997'));
    expect(data.rows.length).toBe(112);
    expect(data.rows[0].participantId).toBe('HS-0001');
  });
  it('sampleDesign: attrition scales with n', () => {
    expect(sampleDesign('fivewaves-2013', { n: { homestart: 118 } }).groups[0].present).toEqual([118, 104, 90, 78, 66]);
  });
  it('sampleToCsv: header starts with the fixed columns', () => {
    const text = sampleToCsv(generateSample(sampleDesign('prepost-1997')));
    expect(text.split('\n')[1].slice(0, 53)).toBe('participant_id,group,wave,date,age,single_parent,site');
  });
  it('readSampleInstruments: PSOC has 16 items', () => {
    expect(defs.psoc?.items.length).toBe(16);
  });
  it('brokenSampleFiles and sampleDataFiles: names in fixed order', () => {
    expect(brokenSampleFiles(defs).map((f) => f.name)).toEqual([
      'dutch-excel-export.csv',
      'utf8-bom.csv',
      'out-of-range.csv',
      'duplicate.csv',
      'identifying-column.csv',
      'long-layout.csv',
      'wide-layout.csv',
    ]);
    expect(sampleDataFiles(defs).map((f) => f.path)[0]).toBe('synthetic-1997-prepost.csv');
  });
});

describe('design validation', () => {
  it('rejects attrition that increases, does not start at n, or has the wrong length', () => {
    const d = sampleDesign('fivewaves-2013');
    d.groups[0].present = [59, 52, 53, 39, 33];
    expect(() => generateSample(d, defs)).toThrow(SampleDesignError);
    expect(() => generateSample(d, defs)).toThrow(/never increase.*wave 3 has 53 after 52/);
    d.groups[0].present = [58, 52, 45, 39, 33];
    expect(() => generateSample(d, defs)).toThrow(/present\[0\] must equal n \(59\)/);
    d.groups[0].present = [59, 52];
    expect(() => generateSample(d, defs)).toThrow(/lists 2 waves but the design has 5/);
  });
  it('rejects an unknown group override, a missing definition, bad rates and GAS without options', () => {
    expect(() => sampleDesign('control-2005', { n: { norm: 10 } })).toThrow(/has no group 'norm'; groups: homestart, control/);
    expect(() => generateSample(sampleDesign('control-2005'), { nosik: defs.nosik })).toThrow(/no definition with that id.*"id": "psoc"/);
    const bad = sampleDesign('norm-2008');
    bad.missingItems = { oneItemRate: 0.8, severalItemsRate: 0.3 };
    expect(() => generateSample(bad, defs)).toThrow(/missing-item rates/);
    const noGas = sampleDesign('prepost-1997');
    delete noGas.gas;
    expect(() => generateSample(noGas, defs)).toThrow(/gas options/);
    const zero = sampleDesign('norm-2008', { n: { norm: 0 } });
    expect(() => generateSample(zero, defs)).toThrow(/n must be a whole number 1–9999; got 0/);
  });
  it('everyone can drop out: present may reach 0 without hanging', () => {
    const d = sampleDesign('fivewaves-2013', { n: { homestart: 3, control: 2, norm: 1 } });
    d.groups[0].present = [3, 0, 0, 0, 0];
    const data = generateSample(d, defs);
    expect(data.rows.filter((r) => r.group === 'homestart').map((r) => r.wave)).toEqual(['T1', 'T1', 'T1']);
  });
});

describe('latent model helpers', () => {
  it('the Cholesky factor reproduces the trait correlation matrix (L·Lᵀ = R to 1e-12)', () => {
    const l = sampleCholesky(SAMPLE_TRAIT_CORRELATIONS);
    const n = SAMPLE_CONSTRUCTS.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i][k] * l[j][k];
        expect(Math.abs(s - SAMPLE_TRAIT_CORRELATIONS[i][j])).toBeLessThan(1e-12);
      }
    }
    expect(() => sampleCholesky([[1, 2], [2, 1]])).toThrow(/not positive definite/);
  });
  it('drawn traits have the intended correlations (n = 20,000, within ±0.03)', () => {
    const rng = createRng(42);
    const draws = Array.from({ length: 20000 }, () => sampleDrawTraits(rng));
    const corr = (a: (typeof SAMPLE_CONSTRUCTS)[number], b: (typeof SAMPLE_CONSTRUCTS)[number]) => {
      const xs = draws.map((d) => d[a]);
      const ys = draws.map((d) => d[b]);
      const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
      const my = ys.reduce((s, y) => s + y, 0) / ys.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < xs.length; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
        syy += (ys[i] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(corr('parentStress', 'depression')).toBeCloseTo(0.7, 1);
    expect(Math.abs(corr('parentStress', 'competence') + 0.5)).toBeLessThan(0.03);
    expect(Math.abs(corr('childProblems', 'hassles') - 0.45)).toBeLessThan(0.03);
  });
  it('sampleRoundClip rounds half away from zero and clips', () => {
    expect([2.5, -2.5, 3.49, 7.2, -0.2, 0.5].map((y) => sampleRoundClip(y, -2, 6))).toEqual([3, -2, 3, 6, 0, 1]);
    expect(sampleRoundClip(-3.5, -2, 2)).toBe(-2);
  });
});

describe('sampleToRecords', () => {
  it('gives one record per participant × wave × instrument with item ids as keys', () => {
    const data = generateSample(sampleDesign('prepost-1997', { n: { homestart: 3 } }), defs);
    const recs = sampleToRecords(data, defs);
    expect(recs.length).toBe(3 * 2 * 5);
    const first = recs[0];
    expect(first).toMatchObject({ participantId: 'HS-0001', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'nosik' });
    expect(Object.keys(first.items).length).toBe(25);
    expect(first.items['01']).toBe(data.rows[0].values.nosik_01);
    const gas = recs.find((r) => r.instrument === 'gas')!;
    expect(Object.keys(gas.items)).toEqual(['1', '2', '3', '4', '5']);
    expect(Object.values(gas.items).every((v) => v === null || v <= 0)).toBe(true);
    expect(Object.keys(gas.weights!)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('sampleDataPath', () => {
  it('resolves design ids and relative paths inside sample-data/', async () => {
    const { sampleDataPath } = await import('../../src/sample/index.js');
    const { existsSync } = await import('node:fs');
    expect(sampleDataPath('fivewaves-2013').endsWith('sample-data/synthetic-2013-fivewaves.csv')).toBe(true);
    expect(existsSync(sampleDataPath('fivewaves-2013'))).toBe(true);
    expect(existsSync(sampleDataPath('broken/duplicate.csv'))).toBe(true);
    expect(() => sampleDataPath('../package.json')).toThrow(/inside sample-data/);
  });
});
