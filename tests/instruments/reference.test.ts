/**
 * Scores of simulated records against tests/reference/instrument_scoring.json, written by
 * tests/reference/instrument_scoring.R: psych::scoreItems (impute = "none": mean of the answered,
 * reverse-keyed items; × n for prorated sums; NA beyond maxMissing) for PSOC, NOSIK and Daily
 * Hassles; base-R counts for life events; the Kiresuk–Sherman T written out in base R for GAS.
 * Closed-form: agreement to 1e-10 relative.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultInstruments, scoreRecords } from '../../src/instruments/index.js';
import type { MeasurementRecord } from '../../src/data/types.js';

interface Case {
  instrument: string;
  items: string[];
  rows: Array<Array<number | null>>;
  weights?: Array<Array<number | null>>;
  scores: Record<string, Array<number | null>>;
}
const ref = JSON.parse(readFileSync(fileURLToPath(new URL('../reference/instrument_scoring.json', import.meta.url)), 'utf8')) as {
  cases: Case[];
};
const reg = defaultInstruments();

function records(c: Case): MeasurementRecord[] {
  return c.rows.map((vals, r) => {
    const items: Record<string, number | null> = {};
    c.items.forEach((id, j) => (items[id] = vals[j]));
    const rec: MeasurementRecord = {
      participantId: `R${r + 1}`, group: 'homestart', wave: 'T1', waveIndex: 1, instrument: c.instrument,
      items, scales: {}, covariates: {}, source: { file: 'reference.json', rows: [r + 2] },
    };
    if (c.weights) {
      rec.weights = {};
      c.items.forEach((id, j) => (rec.weights![id] = c.weights![r][j]));
    }
    return rec;
  });
}

function compare(got: Array<number | null>, want: Array<number | null>): { compared: number; nulls: number } {
  expect(got).toHaveLength(want.length);
  let compared = 0;
  let nulls = 0;
  want.forEach((w, i) => {
    if (w === null) {
      expect(got[i], `row ${i + 1}`).toBeNull();
      nulls++;
    } else {
      expect(got[i], `row ${i + 1}`).not.toBeNull();
      expect(Math.abs((got[i] as number) - w) / Math.max(1, Math.abs(w)), `row ${i + 1}: ${got[i]} vs ${w}`).toBeLessThan(1e-10);
      compared++;
    }
  });
  return { compared, nulls };
}

describe('scores agree with the R reference (tests/reference/instrument_scoring.R)', () => {
  it.each(ref.cases.map((c) => [c.instrument, c] as const))('%s', (_, c) => {
    const { scores, issues } = scoreRecords(records(c), reg);
    expect(issues).toEqual([]);
    let nullsAll = 0;
    for (const [scale, want] of Object.entries(c.scores)) {
      if (scale === 't_score_unweighted') continue;
      const got = scores.filter((s) => s.scale === scale).map((s) => s.score);
      const { compared, nulls } = compare(got, want);
      expect(compared).toBeGreaterThan(20); // the fixture really exercises the scale
      nullsAll += nulls;
    }
    if (c.instrument !== 'gas') expect(nullsAll).toBeGreaterThan(0); // and the missing-data limit
    if (c.instrument === 'gas') {
      const unweighted = records(c).map((r) => ({ ...r, weights: undefined }));
      const got = scoreRecords(unweighted, reg).scores.filter((s) => s.scale === 't_score').map((s) => s.score);
      compare(got, c.scores.t_score_unweighted);
    }
  });

  it('the fixture includes prorated rows (missing items within the limit)', () => {
    const psoc = ref.cases.find((c) => c.instrument === 'psoc')!;
    const { scores } = scoreRecords(records(psoc), reg);
    expect(scores.filter((s) => s.itemsProrated > 0 && s.score !== null).length).toBeGreaterThan(10);
  });
});
