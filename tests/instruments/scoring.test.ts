/**
 * scoreRecords: every shipped instrument scores a hand-computed record (arithmetic in the
 * comments); prorating at and beyond the limit; reverse keys; counts; per-item ranges; scale-level
 * pass-through; GAS through the engine; and a naive re-implementation as a property check.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultInstruments, scoreRecords } from '../../src/instruments/index.js';
import type { MeasurementRecord } from '../../src/data/types.js';
import { ids, itemsFrom, record, row } from './records.js';

const reg = defaultInstruments();
const close = (a: number | null, b: number) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
};

// NOSIK record: item i (1…25) = ((i − 1) mod 6) + 1 → 1,2,3,4,5,6,1,2,3,4,5,6,1,2,3,4,5,6,1,2,3,4,5,6,1
const nosikValues = Array.from({ length: 25 }, (_, i) => (i % 6) + 1);
const nosik = (missing: string[] = []) => {
  const items = itemsFrom(ids(25), nosikValues);
  for (const m of missing) items[m] = null;
  return record('nosik', items);
};

describe('NOSIK (sums, prorating at and beyond the limit)', () => {
  it('complete record', () => {
    const { scores, issues } = scoreRecords([nosik()], reg);
    expect(issues).toEqual([]);
    // parent = items 01–14: (1+…+6) + (1+…+6) + 1 + 2 = 21 + 21 + 3 = 45
    expect(row(scores, 'parent')).toMatchObject({ score: 45, itemsExpected: 14, itemsAnswered: 14, itemsProrated: 0, origin: 'item-level' });
    // child = items 15–25: 3+4+5+6+1+2+3+4+5+6+1 = 40
    expect(row(scores, 'child').score).toBe(40);
    // depression = items 01, 04, 07, 10, 13: 1 + 4 + 1 + 4 + 1 = 11
    expect(row(scores, 'depression').score).toBe(11);
    // total = 45 + 40 = 85
    expect(row(scores, 'total')).toMatchObject({ score: 85, itemsExpected: 25, itemsAnswered: 25 });
    expect(scores.map((s) => s.scale)).toEqual(['parent', 'child', 'depression', 'total']);
    expect(scores[0]).toMatchObject({ participantId: 'P001', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'nosik' });
  });

  it('one missing item in a subscale (at its limit of 1) and in the total (within 2): prorated', () => {
    const { scores } = scoreRecords([nosik(['03'])], reg); // item 03 = 3
    // parent: answered 13 items sum 45 − 3 = 42 → 42 / 13 × 14 = 45.230769…
    expect(row(scores, 'parent')).toMatchObject({ itemsExpected: 14, itemsAnswered: 13, itemsProrated: 1 });
    close(row(scores, 'parent').score, (42 / 13) * 14);
    // total: (85 − 3) / 24 × 25 = 85.416666…
    close(row(scores, 'total').score, (82 / 24) * 25);
    expect(row(scores, 'depression')).toMatchObject({ score: 11, itemsProrated: 0 });
  });

  it('two missing in the parent domain (beyond its limit), total at its limit of 2', () => {
    const { scores } = scoreRecords([nosik(['02', '03'])], reg); // 2 + 3
    expect(row(scores, 'parent')).toMatchObject({
      score: null,
      itemsExpected: 14,
      itemsAnswered: 12,
      itemsProrated: 0,
      missingReason: '2 of 14 items missing; at most 1 may be prorated',
    });
    // total: (85 − 5) / 23 × 25 = 86.956521…
    close(row(scores, 'total').score, (80 / 23) * 25);
    expect(row(scores, 'total').itemsProrated).toBe(2);
  });

  it('four missing: total null with the reason sentence; child prorated', () => {
    const { scores } = scoreRecords([nosik(['02', '03', '15', '20'])], reg); // 15 = 3, 20 = 2
    expect(row(scores, 'total')).toMatchObject({ score: null, itemsAnswered: 21, missingReason: '4 of 25 items missing; at most 2 may be prorated' });
    expect(row(scores, 'child').missingReason).toBe('2 of 11 items missing; at most 1 may be prorated');
    const one = scoreRecords([nosik(['15'])], reg).scores;
    // child: (40 − 3) / 10 × 11 = 40.7
    close(row(one, 'child').score, 40.7);
  });

  it('all items missing: every scale null, nothing prorated', () => {
    const { scores } = scoreRecords([nosik(ids(25))], reg);
    expect(scores.every((s) => s.score === null && s.itemsAnswered === 0 && s.itemsProrated === 0)).toBe(true);
    expect(row(scores, 'total').missingReason).toBe('25 of 25 items missing; at most 2 may be prorated');
  });

  it('items absent from the record (long layout) count as missing like nulls', () => {
    const rec = nosik();
    delete rec.items['03'];
    close(row(scoreRecords([rec], reg).scores, 'parent').score, (42 / 13) * 14);
  });
});

describe('PSOC (reverse keys)', () => {
  // raw item i (1…16) = (i mod 6) + 1 → 2,3,4,5,6,1,2,3,4,5,6,1,2,3,4,5
  const raw = Array.from({ length: 16 }, (_, i) => ((i + 1) % 6) + 1);
  it('satisfaction items are scored 7 − x', () => {
    const { scores, issues } = scoreRecords([record('psoc', itemsFrom(ids(16), raw))], reg);
    expect(issues).toEqual([]);
    // satisfaction (2,3,4,5,8,9,12,14,16) raw 3,4,5,6,3,4,1,3,5 → keyed 4,3,2,1,4,3,6,4,2 = 29 (= 9·7 − 34)
    expect(row(scores, 'satisfaction').score).toBe(29);
    // efficacy (1,6,7,10,11,13,15) raw 2,1,2,5,6,2,4 = 22 (not reversed)
    expect(row(scores, 'efficacy').score).toBe(22);
    // total = 29 + 22 = 51 (the raw sum would be 56)
    expect(row(scores, 'total').score).toBe(51);
  });

  it('prorating uses the keyed values: item 12 (raw 1 → 6) missing', () => {
    const items = itemsFrom(ids(16), raw);
    items['12'] = null;
    const { scores } = scoreRecords([record('psoc', items)], reg);
    // satisfaction: (29 − 6) / 8 × 9 = 25.875
    close(row(scores, 'satisfaction').score, 25.875);
    // total: (51 − 6) / 15 × 16 = 48
    close(row(scores, 'total').score, 48);
  });

  it('the documented example (efficacy 27 / 6 × 7 = 31.5)', () => {
    const rec = {
      participantId: 'P1', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'psoc',
      items: { '01': 5, '06': 4, '07': 6, '10': 3, '11': 5, '13': 4, '15': null }, scales: {}, covariates: {},
      source: { file: 'psoc.csv', rows: [2] },
    };
    expect(scoreRecords([rec]).scores.find((s) => s.scale === 'efficacy')).toMatchObject({
      score: 31.5, itemsExpected: 7, itemsAnswered: 6, itemsProrated: 1,
    });
  });
});

describe('Daily Hassles (per-item response ranges)', () => {
  const fIds = ids(20, 'f');
  const iIds = ids(20, 'i');
  it('frequency 1–4 and intensity 1–5 are checked per item', () => {
    // f01 = 1, f02…f20 = 4 → 1 + 19·4 = 77; i01…i20 = 5 → 100 (5 is valid for intensity only)
    const items = { ...itemsFrom(fIds, [1, ...Array(19).fill(4)]), ...itemsFrom(iIds, Array(20).fill(5)) };
    const { scores, issues } = scoreRecords([record('pdh', items)], reg);
    expect(issues).toEqual([]);
    expect(row(scores, 'frequency').score).toBe(77);
    expect(row(scores, 'intensity').score).toBe(100);
    expect(scores[0].instrument).toBe('daily-hassles');
  });

  it('a 5 on a frequency item is out of range: reported, treated as missing, prorated within the limit', () => {
    const items = { ...itemsFrom(fIds, [1, 5, ...Array(18).fill(4)]), ...itemsFrom(iIds, Array(20).fill(5)) };
    const { scores, issues } = scoreRecords([record('pdh', items)], reg);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', rule: 'out-of-range', file: 'test.csv', row: 2, column: 'pdh_f02', value: '5' });
    expect(issues[0].message).toBe(
      'test.csv, row 2, column "pdh_f02": participant "P001", wave T1: item f02 has value 5, outside its response range 1…4; treated as missing.',
    );
    // frequency: answered 19 items: 1 + 18·4 = 73 → 73 / 19 × 20 = 76.842105…
    close(row(scores, 'frequency').score, (73 / 19) * 20);
    expect(row(scores, 'frequency').itemsProrated).toBe(1);
  });

  it('non-integers and non-numbers are reported and treated as missing', () => {
    const items: Record<string, any> = { ...itemsFrom(fIds, Array(20).fill(2)), ...itemsFrom(iIds, Array(20).fill(3)) };
    items.f03 = 2.5;
    items.i04 = 'often';
    const { scores, issues } = scoreRecords([record('pdh', items)], reg);
    expect(issues.map((i) => [i.rule, i.column])).toEqual([['not-an-integer', 'pdh_f03'], ['not-a-number', 'pdh_i04']]);
    close(row(scores, 'frequency').score, 40); // 19 × 2 / 19 × 20
    close(row(scores, 'intensity').score, 60); // 19 × 3 / 19 × 20
  });
});

describe('Life events (counts)', () => {
  // 01–15: 0,1,2,3,1,0,0,2,1,0,3,0,0,1,0; y01–y15: 1 at y02 and y05
  const le = [0, 1, 2, 3, 1, 0, 0, 2, 1, 0, 3, 0, 0, 1, 0];
  const y = Array.from({ length: 15 }, (_, i) => (i === 1 || i === 4 ? 1 : 0));
  it('counts events by code', () => {
    const { scores, issues } = scoreRecords([record('le', { ...itemsFrom(ids(15), le), ...itemsFrom(ids(15, 'y'), y) })], reg);
    expect(issues).toEqual([]);
    // occurred (1, 2 or 3): items 02,03,04,05,08,09,11,14 → 8
    expect(row(scores, 'total').score).toBe(8);
    // negative (1): 02, 05, 09, 14 → 4
    expect(row(scores, 'negative').score).toBe(4);
    // positive (2): 03, 08 → 2
    expect(row(scores, 'positive').score).toBe(2);
    // past year: y02, y05 → 2
    expect(row(scores, 'past_year').score).toBe(2);
  });

  it('no prorating by default: one unanswered event makes the count unknown', () => {
    const yy: Array<number | null> = [...y];
    yy[2] = null;
    const { scores } = scoreRecords([record('le', { ...itemsFrom(ids(15), le), ...itemsFrom(ids(15, 'y'), yy) })], reg);
    expect(row(scores, 'past_year')).toMatchObject({ score: null, missingReason: '1 of 15 items missing; none may be prorated' });
    expect(row(scores, 'total').score).toBe(8);
  });

  it('with maxMissing 1 a count is prorated as (count among answered / answered) × n', () => {
    const def: any = structuredClone(reg.require('life-events'));
    def.scales[1].maxMissing = 1;
    const custom = reg.extend([def]);
    const items = { ...itemsFrom(ids(15), le), ...itemsFrom(ids(15, 'y'), y) };
    items['06'] = null; // a 0 (did not occur)
    const { scores } = scoreRecords([record('le', items)], custom);
    // negative: 4 among 14 answered → 4 / 14 × 15 = 4.285714…
    close(row(scores, 'negative').score, (4 / 14) * 15);
    expect(row(scores, 'negative').itemsProrated).toBe(1);
  });
});

describe('GAS through the engine', () => {
  const gas = (goals: Array<number | null>, extra: Partial<MeasurementRecord> = {}) =>
    record('gas', itemsFrom(['1', '2', '3', '4', '5'], goals), extra);

  it('unweighted goals [2, 1, 1, –, –]: T = 50 + 40/√4.8, mean attainment 4/3', () => {
    const { scores, issues } = scoreRecords([gas([2, 1, 1, null, null])], reg);
    expect(issues).toEqual([]);
    close(row(scores, 't_score').score, 68.25741858350554);
    expect(row(scores, 't_score')).toMatchObject({ itemsExpected: 3, itemsAnswered: 3, itemsProrated: 0 });
    close(row(scores, 'mean_attainment').score, 4 / 3);
  });

  it('weights from record.weights (or items weight_<goal>): [2, –, −1] with [3, –, 1] → 50 + 50/√11.8', () => {
    const a = scoreRecords([gas([2, null, -1, null, null], { weights: { '1': 3, '3': 1 } })], reg);
    expect(a.issues).toEqual([]);
    close(row(a.scores, 't_score').score, 64.55556274348955);
    const b = scoreRecords([record('gas', { '1': 2, '3': -1, weight_1: 3, weight_3: 1 })], reg);
    expect(b.issues).toEqual([]);
    close(row(b.scores, 't_score').score, 64.55556274348955);
    // mean attainment is unweighted: (2 − 1) / 2
    expect(row(a.scores, 'mean_attainment').score).toBe(0.5);
  });

  it('no goal scored → null "no goal scored"', () => {
    const { scores } = scoreRecords([gas([null, null, null, null, null])], reg);
    expect(scores.map((s) => [s.scale, s.score, s.missingReason, s.itemsExpected])).toEqual([
      ['t_score', null, 'no goal scored', 0],
      ['mean_attainment', null, 'no goal scored', 0],
    ]);
  });

  it('a non-positive weight: null T with an out-of-range issue; partial weights: weight 1 with a warning', () => {
    const bad = scoreRecords([gas([2, 1, null, null, null], { weights: { '1': 0, '2': 1 } })], reg);
    expect(row(bad.scores, 't_score')).toMatchObject({ score: null, missingReason: 'goal 1 has weight 0; weights must be positive numbers' });
    expect(bad.issues.map((i) => [i.severity, i.rule, i.column])).toEqual([['error', 'out-of-range', 'gas_weight_1']]);
    expect(row(bad.scores, 'mean_attainment').score).toBe(1.5);

    const partial = scoreRecords([gas([2, 1, null, null, null], { weights: { '1': 2 } })], reg);
    // Σwx = 2·2 + 1·1 = 5; Σw = 3; Σw² = 5: √(.7·5 + .3·9) = √6.2
    close(row(partial.scores, 't_score').score, 50 + 50 / Math.sqrt(6.2));
    expect(partial.issues.map((i) => [i.severity, i.rule])).toEqual([['warning', 'inconsistent']]);
    expect(partial.issues[0].message).toMatch(/weights are given for some scored goals but not for goal 2; weight 1 assumed there\./);
  });

  it('more scored goals than gas.maxGoals: null with a reason and an error', () => {
    const def: any = structuredClone(reg.require('gas'));
    def.gas.maxGoals = 3;
    const { scores, issues } = scoreRecords([gas([1, 1, 1, 1, null])], reg.extend([def]));
    expect(row(scores, 't_score')).toMatchObject({ score: null, missingReason: '4 goals scored; at most 3 are allowed' });
    expect(issues.map((i) => [i.severity, i.rule])).toEqual([['error', 'out-of-range']]);
  });

  it('goal values outside −2…+2 are rejected like any item', () => {
    const { scores, issues } = scoreRecords([gas([3, 1, null, null, null])], reg);
    expect(issues[0]).toMatchObject({ rule: 'out-of-range', column: 'gas_1' });
    close(row(scores, 't_score').score, 60); // only goal 2 (+1) remains: 50 + 10
  });
});

describe('scale-level input', () => {
  it('passes through within the scale range; out of range → null + reason + issue; absent scales are not emitted', () => {
    const rec = record('nosik', {}, { scales: { total: 80, parent: 90, child: null } });
    const { scores, issues } = scoreRecords([rec], reg);
    expect(scores.map((s) => s.scale)).toEqual(['parent', 'child', 'total']);
    expect(row(scores, 'total')).toMatchObject({ score: 80, origin: 'scale-level', itemsExpected: 25, itemsAnswered: 0, itemsProrated: 0 });
    expect(row(scores, 'parent')).toMatchObject({
      score: null,
      origin: 'scale-level',
      missingReason: 'the given parent score 90 is outside the scale range 14…84',
    });
    expect(row(scores, 'child')).toMatchObject({ score: null, missingReason: 'scale score missing' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', rule: 'out-of-range', column: 'nosik_parent', value: '90' });
  });

  it('GAS T-scores pass through within the derived range [19.85, 80.15]', () => {
    const { scores, issues } = scoreRecords([record('gas', {}, { scales: { t_score: 62.5, mean_attainment: 2.5 } })], reg);
    expect(row(scores, 't_score').score).toBe(62.5);
    expect(row(scores, 'mean_attainment').score).toBeNull();
    expect(issues.map((i) => i.column)).toEqual(['gas_mean_attainment']);
  });

  it('items and a given score that disagree: the computed score is kept with an inconsistent warning', () => {
    const rec = nosik();
    rec.scales = { total: 99, parent: 45.004 }; // parent within the 0.01 tolerance
    const { scores, issues } = scoreRecords([rec], reg);
    expect(row(scores, 'total')).toMatchObject({ score: 85, origin: 'item-level' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', rule: 'inconsistent', column: 'nosik_total' });
    expect(issues[0].message).toMatch(/the given total score 99 differs from the score computed from the items \(85\); the computed score is used\./);
    expect(scoreRecords([rec], reg, { consistencyTolerance: 20 }).issues).toEqual([]);
  });

  it('a given score is used when the items cannot be scored', () => {
    const rec = nosik(['01', '02', '03', '04']);
    rec.scales = { total: 88 };
    const { scores } = scoreRecords([rec], reg);
    expect(row(scores, 'total')).toMatchObject({ score: 88, origin: 'scale-level', itemsAnswered: 21 });
  });

  it('unknown scale keys are warned about and ignored; case variants are accepted', () => {
    const { scores, issues } = scoreRecords([record('psoc', {}, { scales: { Total: 60, stress: 3 } })], reg);
    expect(row(scores, 'total').score).toBe(60);
    expect(issues.map((i) => [i.severity, i.rule, i.column])).toEqual([['warning', 'unknown-scale', 'psoc_stress']]);
  });
});

describe('records the engine cannot score', () => {
  it('unknown instrument: one error per record, no rows', () => {
    const { scores, issues } = scoreRecords([record('cbcl', { '01': 1 })], reg);
    expect(scores).toEqual([]);
    expect(issues[0]).toMatchObject({ severity: 'error', rule: 'unknown-instrument', value: 'cbcl' });
    expect(issues[0].message).toMatch(/unknown instrument 'cbcl'; known: daily-hassles, gas, life-events, nosik, psoc\. Record not scored\./);
  });

  it('unknown items are warned about; case variants of item ids are read', () => {
    const items: Record<string, number | null> = itemsFrom(ids(16), Array(16).fill(3));
    items.X99 = 4;
    const { issues } = scoreRecords([record('psoc', items)], reg);
    expect(issues.map((i) => [i.rule, i.column])).toEqual([['unknown-item', 'psoc_X99']]);
    // "F01" … "F20" instead of "f01" … "f20"
    const hassles = { ...itemsFrom(ids(20, 'F'), Array(20).fill(2)), ...itemsFrom(ids(20, 'i'), Array(20).fill(1)) };
    const r = scoreRecords([record('pdh', hassles)], reg);
    expect(r.issues).toEqual([]);
    expect(row(r.scores, 'frequency').score).toBe(40);
  });

  it('options.instruments restricts scoring; rows keep date and covariates', () => {
    const recs = [nosik(), record('psoc', itemsFrom(ids(16), Array(16).fill(3)), { date: '2024-03-01', covariates: { age: 31 } })];
    const { scores } = scoreRecords(recs, reg, { instruments: ['PSOC'] });
    expect(new Set(scores.map((s) => s.instrument))).toEqual(new Set(['psoc']));
    expect(scores[0]).toMatchObject({ date: '2024-03-01', covariates: { age: 31 } });
    expect(() => scoreRecords(recs, reg, { instruments: ['cbcl'] })).toThrow(/unknown instrument 'cbcl'/);
  });

  it('the record source rows are named in issues: one row → row field; several → listed in the message', () => {
    const rec = record('psoc', { '01': 9 }, { source: { file: 'long.csv', rows: [4, 5, 6] } });
    const { issues } = scoreRecords([rec], reg);
    expect(issues[0].row).toBeUndefined();
    expect(issues[0].message).toMatch(/^long\.csv, column "psoc_01": participant "P001", wave T1 \(rows 4, 5, 6\): item 01 has value 9/);
  });
});

describe('agrees with a naive re-implementation on random records', () => {
  /** Straightforward scoring straight from the definition, no plans or buffers. */
  function naive(rec: MeasurementRecord) {
    const def = reg.require(rec.instrument);
    return def.scales.map((sc) => {
      const vals: number[] = [];
      for (const id of sc.items) {
        const v = rec.items[id];
        if (v === null || v === undefined) continue;
        const it = def.items.find((i) => i.id === id)!;
        const r = it.response ?? def.response;
        if (sc.method === 'count') vals.push(sc.countValues!.includes(v) ? 1 : 0);
        else vals.push(it.reverse ? r.min + r.max - v : v);
      }
      const n = sc.items.length;
      const miss = n - vals.length;
      if (vals.length === 0 || miss > (sc.maxMissing ?? 0)) return null;
      const m = vals.reduce((a, b) => a + b, 0) / vals.length;
      return sc.method === 'mean' ? m : m * n;
    });
  }

  it.each(['nosik', 'psoc', 'daily-hassles', 'life-events'])('%s', (id) => {
    const def = reg.require(id);
    const itemArb = fc.tuple(...def.items.map((it) => {
      const r = it.response ?? def.response;
      return fc.option(fc.integer({ min: r.min, max: r.max }), { freq: 8, nil: null });
    }));
    fc.assert(
      fc.property(itemArb, (vals) => {
        const rec = record(id, itemsFrom(def.items.map((i) => i.id), vals as Array<number | null>));
        const got = scoreRecords([rec], reg).scores.map((s) => s.score);
        const want = naive(rec);
        return got.every((g, k) => (g === null ? want[k] === null : want[k] !== null && Math.abs(g - (want[k] as number)) < 1e-9));
      }),
      { numRuns: 150 },
    );
  });
});
