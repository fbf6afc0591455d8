/**
 * Views of loaded data: rejects as a CSV a researcher can open next to the original file, records
 * and scores as flat rows, and a danfojs DataFrame for notebooks (danfojs is loaded lazily).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MeasurementRecord, RejectRow, ScoreRow } from './types.js';
import { toCsv } from '../util/csv-write.js';


/**
 * Rejected rows as CSV (comma-separated, UTF-8): columns `file`, `row`, `reasons` (joined by
 * " | "), then every original column in order of first appearance, holding the value as read.
 * Identifying columns were never stored in a `RejectRow`, so they cannot appear here.
 * @example
 * rejectsToCsv([{ file: 'a.csv', row: 3, values: { participant_id: 'HS-1', nosik_01: '9' }, reasons: ['a.csv, row 3, column "nosik_01": value "9" is outside …'] }])
 * // 'file,row,reasons,participant_id,nosik_01\r\na.csv,3,"a.csv, row 3, column ""nosik_01"": value ""9"" is outside …",HS-1,9\r\n'
 */
export function rejectsToCsv(rejects: readonly RejectRow[]): string {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rejects) for (const k of Object.keys(r.values)) if (!seen.has(k)) {
    seen.add(k);
    cols.push(k);
  }
  // A unit reject (one instrument at one wave of an otherwise accepted row) says which unit.
  const anyUnit = rejects.some((r) => r.unit);
  const rows = rejects.map((r) => ({ file: r.file, row: r.row, ...(anyUnit ? { rejected: r.unit ? `${r.unit.instrument} ${r.unit.wave}` : 'row' } : {}), reasons: r.reasons.join(' | '), ...r.values }));
  return toCsv(['file', 'row', ...(anyUnit ? ['rejected'] : []), 'reasons', ...cols], rows, { eol: '\r\n' });
}

/**
 * Writes {@link rejectsToCsv} to a file (synchronously; UTF-8 with BOM so Excel shows accents right).
 * @example writeRejectsCsv(result.rejects, 'rejects.csv') // file starts with '\ufefffile,row,reasons,…'
 */
export function writeRejectsCsv(rejects: readonly RejectRow[], path: string): void {
  writeFileSync(path, '\ufeff' + rejectsToCsv(rejects), 'utf8');
}

/** One item (or scale or weight) value of one record as a flat row. */
export interface LongMeasurementRow {
  participant_id: string;
  group: string;
  wave: string;
  wave_index: number;
  date: string | null;
  instrument: string;
  kind: 'item' | 'scale' | 'weight';
  id: string;
  value: number | null;
  [covariate: string]: string | number | null;
}

/**
 * Records back to the long layout: one row per item, scale and weight value (covariates as extra
 * columns after the fixed ones). The inverse of loading a long file, up to row order.
 * @example
 * recordsToLongRows(records)[0]
 * // { participant_id: 'HS-0001', group: 'homestart', wave: 'T1', wave_index: 1, date: '2024-03-01',
 * //   instrument: 'nosik', kind: 'item', id: '01', value: 4, age: 31, single_parent: 1 }   (tests/fixtures/data/long.csv)
 */
export function recordsToLongRows(records: readonly MeasurementRecord[]): LongMeasurementRow[] {
  const out: LongMeasurementRow[] = [];
  for (const r of records) {
    const base = { participant_id: r.participantId, group: r.group, wave: r.wave, wave_index: r.waveIndex, date: r.date ?? null, instrument: r.instrument };
    const add = (kind: LongMeasurementRow['kind'], values: Record<string, number | null> | undefined) => {
      if (!values) return;
      for (const [id, value] of Object.entries(values)) {
        const row = { ...base, kind, id, value } as LongMeasurementRow;
        for (const [k, v] of Object.entries(r.covariates)) if (!(k in row)) row[k] = v;
        out.push(row);
      }
    };
    add('item', r.items);
    add('scale', r.scales);
    add('weight', r.weights);
  }
  return out;
}

/** Fixed columns of a flat score table, in order; covariates follow (sorted). */
export const SCORE_COLUMNS = [
  'participant_id', 'group', 'wave', 'date', 'instrument', 'scale', 'score',
  'items_expected', 'items_answered', 'items_prorated', 'origin', 'missing_reason',
] as const;

/**
 * Score rows as a flat table (snake_case columns like the input files, covariates spread into
 * their own columns after the fixed ones), ready for CSV, XLSX or a DataFrame.
 * @example
 * scoresToRows(scores).columns.slice(0, 3) // ['participant_id', 'group', 'wave']
 */
export function scoresToRows(scores: readonly ScoreRow[]): { columns: string[]; rows: Array<Record<string, string | number | null>> } {
  const covariateNames = new Set<string>();
  for (const s of scores) for (const k of Object.keys(s.covariates)) covariateNames.add(k);
  const covariates = [...covariateNames].filter((c) => !(SCORE_COLUMNS as readonly string[]).includes(c)).sort();
  const rows = scores.map((s) => {
    const row: Record<string, string | number | null> = {
      participant_id: s.participantId,
      group: s.group,
      wave: s.wave,
      date: s.date ?? null,
      instrument: s.instrument,
      scale: s.scale,
      score: s.score,
      items_expected: s.itemsExpected,
      items_answered: s.itemsAnswered,
      items_prorated: s.itemsProrated,
      origin: s.origin,
      missing_reason: s.missingReason ?? null,
    };
    for (const c of covariates) row[c] = s.covariates[c] ?? null;
    return row;
  });
  return { columns: [...SCORE_COLUMNS, ...covariates], rows };
}

/**
 * How to install the optional peer dependency danfojs-node in a project of your own. danfojs-node
 * 1.2 depends on `xlsx` by a URL outside the npm registry and on `@tensorflow/tfjs-node` (a native
 * download at install time); the two overrides replace them with registry packages that work the
 * same for DataFrames (SheetJS 0.18.5 and the pure-JavaScript TensorFlow.js 3.21.0).
 */
export const DANFOJS_INSTALL_HINT = [
  'Add to your package.json:',
  '  "overrides": { "xlsx": "0.18.5", "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@3.21.0" }',
  'then run: npm install danfojs-node@^1.2.0',
].join('\n');

let danfoModule: { DataFrame: new (data: unknown, options?: unknown) => DanfoDataFrame } | undefined;

/** danfojs-node, required on first use from the project that installed homestart-impact. */
function loadDanfo(): { DataFrame: new (data: unknown, options?: unknown) => DanfoDataFrame } {
  if (danfoModule) return danfoModule;
  try {
    danfoModule = createRequire(import.meta.url)('danfojs-node') as typeof danfoModule & object;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    const what = /['"]danfojs-node['"]/.test((err as Error).message)
      ? 'which is not installed in this project'
      : `which is installed but could not load (${(err as Error).message.split('\n')[0]})`;
    throw new Error(`toDataFrame needs the optional package danfojs-node, ${what}. ${DANFOJS_INSTALL_HINT}`);
  }
  return danfoModule;
}

/** The parts of a danfojs DataFrame this module relies on. */
export interface DanfoDataFrame {
  shape: [number, number];
  columns: string[];
  values: unknown[][];
  [key: string]: unknown;
}

/**
 * A danfojs-node DataFrame of flat rows (e.g. from {@link recordsToLongRows} or
 * {@link scoresToRows}). Columns are the union of the rows' keys; missing cells are null.
 * danfojs-node is loaded on first call (it is heavy; the CLI never pays for it).
 * @example toDataFrame(recordsToLongRows(records)).shape // [11, 11] for tests/fixtures/data/long.csv
 */
export function toDataFrame(rows: ReadonlyArray<Record<string, unknown>>): DanfoDataFrame {
  const danfo = loadDanfo();
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) {
    seen.add(k);
    cols.push(k);
  }
  const data = rows.map((r) => cols.map((c) => (r[c] === undefined ? null : r[c])));
  return new danfo.DataFrame(data, { columns: cols });
}
