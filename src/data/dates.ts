/**
 * Dates as Dutch exports write them, for measurement dates. On top of {@link parseDate} (ISO
 * `2019-03-12`, day-first `12-03-2019`, `12/3/2019`, `12.3.2019`):
 * - two-digit years, day first: `12-3-19` → 2019-03-12. The century is the one that puts the date
 *   no later than ten years from now (`12-3-19` → 2019, `12-3-85` → 1985), as SPSS and Excel do
 *   with a window; measurement dates of a study are never a century off;
 * - Excel serial day numbers (`43536` → 2019-03-12), only for spreadsheet input (XLSX cells whose
 *   date format was lost): 1 = 1900-01-01 with Excel's 1900 leap-year bug, 60 = 1900-02-29 refused.
 * The registration loaders keep the stricter {@link parseDate} (two-digit years refused there).
 */
import { parseDate } from './validate.js';

function ymd(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Converts an Excel serial day number to ISO (1900 date system).
 * @example excelSerialToIso(43536) // '2019-03-12'
 */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466 || serial === 60) return undefined;
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0); // Excel counts 29-2-1900
  const t = new Date(Date.UTC(1899, 11, 31) + days * 86400000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * Parses a measurement date: {@link parseDate}, then two-digit years, then (with `spreadsheet`)
 * Excel serial numbers. Missing cells give `null`, invalid ones `undefined`.
 * @example parseMeasurementDate('12-3-19') // '2019-03-12'
 * @example parseMeasurementDate('43536', { spreadsheet: true }) // '2019-03-12'
 */
export function parseMeasurementDate(text: string, options: { spreadsheet?: boolean; now?: Date } = {}): string | null | undefined {
  const d = parseDate(text);
  if (d !== undefined) return d;
  const t = text.trim();
  const m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2})$/.exec(t);
  if (m) {
    const yy = Number(m[4]);
    const limit = (options.now ?? new Date()).getUTCFullYear() + 10;
    const y = 2000 + yy <= limit ? 2000 + yy : 1900 + yy;
    return ymd(y, Number(m[3]), Number(m[1]));
  }
  if (options.spreadsheet && /^\d{1,7}(?:\.\d+)?$/.test(t)) return excelSerialToIso(Number(t));
  return undefined;
}
