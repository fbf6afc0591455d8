/**
 * Published cells: how a count of a publication is printed under the decisions of the disclosure
 * control (shown, "<t", "x", "." left out), and percentages and statistics that are printed only
 * when their counts are. Shared by every publication of the set (the annual report, report.ts, and
 * the local evaluation, local-evaluation.ts), so a count has one status and one look everywhere.
 * Internal: not in the impact barrel (report.ts re-exports the public names).
 */
import { registrationCodes, type RegistrationCategories, type RegistrationLabelKind } from './labels.js';
import { globalKey, type CellLedger } from './publication.js';
import { displayCount, type CellStatus } from './suppression.js';
import type { ImpactScope } from './figures.js';
import type { PublishedCell, PublishedTable, ReportLang } from './report.js';

/** The counts of one publication and their statuses, as the cell helpers read them. */
export interface Pub {
  ledger: CellLedger;
  status: Array<CellStatus | 'withheld'>;
  threshold: number;
  scope: ImpactScope;
  /**
   * Positions only ({@link printedCountKeys}): the tables are built from the same definitions, but a count
   * cell is one shared placeholder per ledger cell that names it, and every other cell one shared placeholder
   * (no values, marks, percentages or statistics worked out; `status` is not read).
   */
  positionsOnly?: PublishedCell[];
}

/** The global key (publication.ts) of each published count cell, for naming cells without printing values. */
const CELL_KEYS = new WeakMap<PublishedCell, string>();
/** The ledger cell of each placeholder count cell of a positions-only publication ({@link Pub.positionsOnly}). */
const CELL_INDEX = new WeakMap<PublishedCell, number>();
/** What a positions-only publication prints in place of every cell that is not a count (percentages, statistics). */
const PLACEHOLDER: PublishedCell = Object.freeze({ kind: 'text', value: null, mark: null, status: null, digits: 0 }) as PublishedCell;

export function countCell(pub: Pub, key: string): PublishedCell {
  const i = pub.ledger.index.get(key);
  if (pub.positionsOnly) {
    if (i === undefined) return PLACEHOLDER;
    let cell = pub.positionsOnly[i];
    if (cell === undefined) {
      cell = pub.positionsOnly[i] = { kind: 'count', value: null, mark: null, status: null, digits: 0 };
      CELL_INDEX.set(cell, i);
    }
    return cell;
  }
  if (i === undefined) return { kind: 'count', value: null, mark: '', status: null, digits: 0 };
  const st = pub.status[i];
  const v = pub.ledger.values[i];
  const cell: PublishedCell =
    st === 'withheld'
      ? { kind: 'count', value: null, mark: '.', status: 'withheld', digits: 0 }
      : { kind: 'count', value: st === 'shown' ? v : null, mark: st === 'shown' ? null : displayCount(v, st, pub.threshold), status: st, digits: 0 };
  CELL_KEYS.set(cell, globalKey(pub.scope, pub.ledger.keys[i]));
  return cell;
}

/**
 * Where each count of a publication is printed: global key (publication.ts) → places such as
 * `table "verwijzers", row "School", column "2024 n"`. Names only, never values.
 */
export function publishedCellPlaces(pub: { tables: PublishedTable[] }): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const t of pub.tables) {
    for (const r of t.rows) {
      r.cells.forEach((c, j) => {
        const k = CELL_KEYS.get(c);
        if (k === undefined) return;
        const place = `table "${t.id}", row "${r.label}", column "${t.columns[j + 1]}"`;
        const l = places.get(k);
        if (l) l.push(place);
        else places.set(k, [place]);
      });
    }
  }
  return places;
}

/**
 * The global keys of the counts a publication prints, in the order of {@link publishedCellPlaces} (the
 * printed-cell set of a publication, without building the names of the places).
 */
export function publishedCellKeys(pub: { tables: PublishedTable[] }): Set<string> {
  const keys = new Set<string>();
  for (const t of pub.tables) {
    for (const r of t.rows) {
      for (const c of r.cells) {
        const k = CELL_KEYS.get(c);
        if (k !== undefined) keys.add(k);
      }
    }
  }
  return keys;
}

/**
 * The global keys of the counts printed by the tables of a positions-only publication ({@link Pub.positionsOnly}:
 * the same tables as the published ones, every count a placeholder for its ledger cell), in the order of
 * {@link publishedCellKeys} on the published tables. Tables left out have no rows, as when published.
 */
export function positionKeys(pub: Pub, tables: PublishedTable[]): Set<string> {
  const keys = new Set<string>();
  const seen = new Uint8Array(pub.ledger.keys.length);
  for (const t of tables) {
    for (const r of t.rows) {
      for (const c of r.cells) {
        const i = CELL_INDEX.get(c);
        if (i !== undefined && !seen[i]) {
          seen[i] = 1;
          keys.add(globalKey(pub.scope, pub.ledger.keys[i]));
        }
      }
    }
  }
  return keys;
}

/** A count's value when it is printed as a number, else null (what a percentage of it may use). */
function shownValue(pub: Pub, key: string): number | null {
  const i = pub.ledger.index.get(key);
  return i !== undefined && pub.status[i] === 'shown' ? pub.ledger.values[i] : null;
}

export function isShown(pub: Pub, key: string): boolean {
  const i = pub.ledger.index.get(key);
  return i !== undefined && pub.status[i] === 'shown';
}

export function percentCell(pub: Pub, key: string, baseKey: string, digits = 0): PublishedCell {
  if (pub.positionsOnly) return PLACEHOLDER;
  const c = shownValue(pub, key);
  const b = shownValue(pub, baseKey);
  if (c === null || b === null) return { kind: 'percent', value: null, mark: 'x', status: 'secondary', digits };
  if (b === 0) return { kind: 'percent', value: null, mark: '–', status: null, digits };
  return { kind: 'percent', value: (c / b) * 100, mark: null, status: 'shown', digits };
}

/** A statistic shown only when computed on at least `threshold` records (and its guard counts are visible). */
export function statCell(pub: Pub, value: number, n: number, digits: number, guards: string[] = []): PublishedCell {
  if (pub.positionsOnly) return PLACEHOLDER;
  if (n < pub.threshold) return { kind: 'stat', value: null, mark: `n<${pub.threshold}`, status: 'small-n', digits };
  if (guards.some((g) => !isShown(pub, g))) return { kind: 'stat', value: null, mark: 'x', status: 'secondary', digits };
  if (!Number.isFinite(value)) return { kind: 'stat', value: null, mark: '–', status: null, digits };
  return { kind: 'stat', value, mark: null, status: 'shown', digits };
}

export function plainCell(value: number): PublishedCell {
  return { kind: 'plain', value, mark: null, status: null, digits: 0 };
}

export function textCell(text: string): PublishedCell {
  return { kind: 'text', value: null, mark: text, status: null, digits: 0 };
}

export function codesWith(kind: RegistrationLabelKind, present: Record<string, number>[], categories?: RegistrationCategories): string[] {
  const codes = registrationCodes(kind, categories);
  const extra = new Set<string>();
  for (const rec of present) for (const [k, v] of Object.entries(rec)) if (!codes.includes(k) && v > 0) extra.add(k);
  return [...codes, ...[...extra].sort()];
}


const numberFormats = new Map<string, Intl.NumberFormat>();

export function fmtNumber(v: number, digits: number, lang: ReportLang): string {
  // one formatter per language and number of digits (toLocaleString builds a new one on every call)
  const key = `${lang}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(v);
}

/** What a cell prints in the HTML report (localised numbers). */
export function reportCellText(c: PublishedCell, lang: ReportLang): string {
  if (c.kind === 'text') return c.mark ?? '';
  if (c.value === null) return c.mark ?? '';
  const s = fmtNumber(c.value, c.digits, lang);
  return c.kind === 'percent' ? `${s}%` : s;
}

/** What a cell holds in CSV/XLSX: the number (rounded to its digits) or the mark. */
export function reportCellValue(c: PublishedCell): string | number {
  if (c.kind === 'text') return c.mark ?? '';
  if (c.value === null) return c.mark ?? '';
  const f = 10 ** c.digits;
  return Math.round(c.value * f) / f;
}
