/** Test helpers: build MeasurementRecords and find score rows. */
import type { MeasurementRecord, ScoreRow } from '../../src/data/types.js';

export function record(
  instrument: string,
  items: Record<string, number | null>,
  extra: Partial<MeasurementRecord> = {},
): MeasurementRecord {
  return {
    participantId: 'P001',
    group: 'homestart',
    wave: 'T1',
    waveIndex: 1,
    instrument,
    items,
    scales: {},
    covariates: {},
    source: { file: 'test.csv', rows: [2] },
    ...extra,
  };
}

/** Items `<ids>` filled from `values` in order. */
export function itemsFrom(ids: string[], values: Array<number | null>): Record<string, number | null> {
  if (ids.length !== values.length) throw new Error(`${ids.length} ids but ${values.length} values`);
  const out: Record<string, number | null> = {};
  ids.forEach((id, i) => (out[id] = values[i]));
  return out;
}

/** "01" … "nn" (or with a letter prefix). */
export function ids(n: number, prefix = '', width = 2): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}

export function row(scores: ScoreRow[], scale: string, participantId?: string): ScoreRow {
  const r = scores.find((s) => s.scale === scale && (participantId === undefined || s.participantId === participantId));
  if (!r) throw new Error(`no score row for scale ${scale}`);
  return r;
}
