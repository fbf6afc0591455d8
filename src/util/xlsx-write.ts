/**
 * Writing result tables as an Excel workbook (XLSX): one sheet per table, numbers stored as
 * numbers (unrounded, so a reader can recompute), text as text, missing values (null, undefined,
 * NaN, ±Infinity) as empty cells. The `xlsx` (SheetJS) package is loaded on first call, so code
 * that never writes a workbook never pays for it.
 */
import { createRequire } from 'node:module';
import { writeFileAtomic } from './atomic-write.js';
import { OutputCache, outputKey, outputMakerTag } from './output-cache.js';

/** One sheet of a workbook. */
export interface XlsxSheet {
  /** Sheet name (Excel allows at most 31 characters and none of `: \ / ? * [ ]`; cleaned and de-duplicated). */
  name: string;
  /** Rows as plain objects. */
  rows: ReadonlyArray<Record<string, unknown>>;
  /** Column order (default: the union of the rows' keys in first-seen order). */
  columns?: readonly string[];
  /** Optional title written in the first row, above the header. */
  title?: string;
  /** Optional note written two rows below the table (e.g. "Synthetic data; p Holm-adjusted."). */
  note?: string;
}

interface SheetJs {
  utils: {
    book_new(): unknown;
    aoa_to_sheet(aoa: unknown[][]): unknown;
    book_append_sheet(wb: unknown, ws: unknown, name: string): void;
  };
  write(wb: unknown, opts: { type: 'buffer'; bookType: 'xlsx'; compression?: boolean }): Buffer;
}

let sheetJs: SheetJs | undefined;
/**
 * SheetJS's "mini" build of the same package (`xlsx/dist/xlsx.mini.min.js`): the XLSX writer without
 * the codepage tables, which only reading old binary formats needs (the reader, data/csv.ts, loads the
 * full build). Loads in a tenth of the time and writes the same bytes.
 */
function xlsxLib(): SheetJs {
  if (!sheetJs) sheetJs = createRequire(import.meta.url)('xlsx/dist/xlsx.mini.min.js') as SheetJs;
  return sheetJs;
}

/** A cell value as SheetJS stores it: finite numbers, strings and booleans as is; anything missing as null. */
function xlsxCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/** Cleans a sheet name to what Excel accepts and makes it unique within the workbook. */
export function xlsxSheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  let base = name.replace(/[:\\/?*[\]]/g, '-').trim() || 'Sheet';
  base = base.slice(0, 31);
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    out = base.slice(0, 31 - suffix.length) + suffix;
  }
  return out;
}

const WORKBOOK_FORMAT = 'homestart-impact workbook 1';
let workbookMaker: string | undefined;

/**
 * The workbook as XLSX bytes. Each sheet: a header row with the column names, then one row per
 * object. Throws a sentence when there is no sheet.
 *
 * `options.cache`: a private folder of kept workbooks (util/output-cache.ts; the annual report gives its audit-proof
 * folder): the workbook of the same sheets made by the same SheetJS and this module's same code is read from there
 * instead of being made again (SheetJS is then not loaded), and one made now is kept. The same bytes either way.
 * The caller ends its run with `pruneOutputCache(folder)` (util/output-cache.ts), which removes older workbooks.
 * @example
 * const bytes = xlsxWorkbookBuffer([{ name: 'outcomes', rows: [{ outcome: 'PSOC total', d_z: 0.41 }] }]);
 * // reading it back with loadMeasurementsFromBuffer / SheetJS gives the same header and numbers
 */
export function xlsxWorkbookBuffer(sheets: readonly XlsxSheet[], options: { cache?: string | null } = {}): Buffer {
  if (sheets.length === 0) throw new Error('xlsxWorkbookBuffer: give at least one sheet (a table of rows).');
  if (!options.cache) return makeWorkbook(sheets);
  const cache = new OutputCache<string>(options.cache, 'workbook-', WORKBOOK_FORMAT);
  let key: string | null;
  try {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    key = outputKey((workbookMaker ??= outputMakerTag(WORKBOOK_FORMAT, ['xlsx'], [new URL(`./xlsx-write${ext}`, import.meta.url)])), sheets);
  } catch {
    key = null; // a value canonicalText cannot hold (a function, a Map, a cycle): made, not kept
  }
  const kept = key ? cache.read(key, (v): v is string => typeof v === 'string') : null;
  if (kept !== null) return Buffer.from(kept, 'base64');
  const bytes = makeWorkbook(sheets);
  // (SheetJS may give a Uint8Array rather than a Buffer: its own toString is not base64)
  if (key) cache.write(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
  return bytes;
}

/** {@link xlsxWorkbookBuffer}'s bytes, made by SheetJS. */
function makeWorkbook(sheets: readonly XlsxSheet[]): Buffer {
  const X = xlsxLib();
  const wb = X.utils.book_new();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const columns = sheet.columns ? [...sheet.columns] : [...new Set(sheet.rows.flatMap((r) => Object.keys(r)))];
    const aoa: unknown[][] = [...(sheet.title ? [[sheet.title]] : []), columns, ...sheet.rows.map((r) => columns.map((c) => xlsxCell(r[c])))];
    if (sheet.note) aoa.push([], [sheet.note]);
    const name = xlsxSheetName(sheet.name, taken);
    taken.add(name.toLowerCase());
    X.utils.book_append_sheet(wb, X.utils.aoa_to_sheet(aoa), name);
  }
  return X.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
}

/** Writes the sheets to an `.xlsx` file atomically (see {@link xlsxWorkbookBuffer}). */
export function writeXlsx(path: string, sheets: readonly XlsxSheet[]): void {
  writeFileAtomic(path, xlsxWorkbookBuffer(sheets));
}
