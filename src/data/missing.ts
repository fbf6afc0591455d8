/**
 * Declared missing values: codes such as 99, -9 or 999 that a researcher (or an SPSS file) has
 * declared to mean "no answer". They are distinct from invalid values:
 *
 * - a **declared** code is stored as missing (`null`) with the reason `declared missing (99)`,
 *   counted separately in every summary, and never becomes a score — neither as an item value nor
 *   as a scale-level value (a `nosik_tot_nameting = 99` of a dropout is missing, not a total of 99);
 * - an **invalid** value (a 7 on a 1–6 item, a typo) stays an error.
 *
 * Declarations come from four places, all unioned for a column: the whole file (CLI
 * `--missing 99,-9`), an instrument definition (`"missing": [99]` at instrument or item level), a
 * mapping file (`"missing"`: a list for the whole file, or column / instrument → list), and an SPSS
 * file's own user-missing values (discrete values and ranges). The check runs before any range or
 * number check, so a code inside the valid range (99 on a 25–150 total) is caught too.
 */
import { parseNumber } from './csv.js';

/** A set of declared codes: discrete values and closed ranges. */
export interface MissingCodes {
  values: number[];
  ranges: Array<[number, number]>;
}

/** What a declaration may look like in JSON or on the command line. */
export type MissingDeclaration = string | number | Array<string | number> | { values?: number[]; ranges?: Array<[number, number]> };

const RANGE = /^\s*(-?[\d.,]+)\s*(?:\.\.|:|thru|through|t\/m|tot en met)\s*(-?[\d.,]+)\s*$/i;

function num(text: string, where: string): number {
  const v = parseNumber(text);
  if (v === null || Number.isNaN(v)) throw new RangeError(`${where}: "${text.trim()}" is not a number; declare missing codes as numbers such as 99,-9 or a range 97..99.`);
  return v;
}

/**
 * Parses a declaration: `"99,-9,999"` (the CLI's `--missing`; `;` also separates), a range
 * `"97..99"` (also `97:99`, `97 thru 99`, `97 t/m 99`), a number, a list of those, or
 * `{ values, ranges }`. Returns undefined for an empty declaration.
 * @throws RangeError naming `where` when a part is not a number.
 * @example parseMissingCodes('99,-9, 97..98') // { values: [99, -9], ranges: [[97, 98]] }
 */
export function parseMissingCodes(decl: MissingDeclaration | undefined, where = '--missing'): MissingCodes | undefined {
  if (decl === undefined || decl === null) return undefined;
  const out: MissingCodes = { values: [], ranges: [] };
  const add = (part: string | number) => {
    if (typeof part === 'number') {
      if (!Number.isFinite(part)) throw new RangeError(`${where}: ${part} is not a finite number.`);
      out.values.push(part);
      return;
    }
    const t = part.trim();
    if (t === '') return;
    const m = RANGE.exec(t);
    if (m) {
      const lo = num(m[1], where);
      const hi = num(m[2], where);
      if (lo > hi) throw new RangeError(`${where}: the range "${t}" runs backwards; write the low end first.`);
      out.ranges.push([lo, hi]);
    } else out.values.push(num(t, where));
  };
  if (typeof decl === 'number') add(decl);
  else if (typeof decl === 'string') {
    // "99,-9" separates with commas; "99;-9" with semicolons. A decimal comma needs the semicolon form.
    const parts = decl.includes(';') ? decl.split(';') : decl.split(',');
    parts.forEach(add);
  } else if (Array.isArray(decl)) decl.forEach(add);
  else {
    for (const v of decl.values ?? []) add(v);
    for (const [lo, hi] of decl.ranges ?? []) {
      if (!(lo <= hi)) throw new RangeError(`${where}: the range ${lo}..${hi} runs backwards; write the low end first.`);
      out.ranges.push([lo, hi]);
    }
  }
  return out.values.length || out.ranges.length ? out : undefined;
}

/** The union of several declarations (undefined ones skipped). */
export function unionMissingCodes(...list: Array<MissingCodes | undefined>): MissingCodes | undefined {
  const out: MissingCodes = { values: [], ranges: [] };
  for (const c of list) {
    if (!c) continue;
    for (const v of c.values) if (!out.values.includes(v)) out.values.push(v);
    for (const r of c.ranges) if (!out.ranges.some((x) => x[0] === r[0] && x[1] === r[1])) out.ranges.push(r);
  }
  return out.values.length || out.ranges.length ? out : undefined;
}

/** Writes codes back as text: `99, -9, 97..98`. */
export function describeMissingCodes(c: MissingCodes): string {
  return [...c.values.map(String), ...c.ranges.map(([lo, hi]) => `${lo}..${hi}`)].join(', ');
}

/**
 * The declared code a cell holds, as text (`"99"`), or undefined when the cell is not a declared
 * code (also for blanks, which are missing anyway, and for text that is not a number).
 * Numbers compare by value: `99`, `99.0` and `99,0` all match a declared 99.
 * @example declaredCode(' 99 ', parseMissingCodes('99,-9')) // '99'
 * @example declaredCode('5', parseMissingCodes('99,-9'))    // undefined
 */
export function declaredCode(raw: string, codes: MissingCodes | undefined): string | undefined {
  if (!codes) return undefined;
  const v = parseNumber(raw);
  if (v === null || Number.isNaN(v)) return undefined;
  if (codes.values.includes(v)) return String(v);
  for (const [lo, hi] of codes.ranges) if (v >= lo && v <= hi) return String(v);
  return undefined;
}

/** The reason stored for a declared code: `declared missing (99)`. */
export function declaredReason(code: string): string {
  return `declared missing (${code})`;
}

/** Counts of declared missing values found while loading, by code. */
export interface MissingTally {
  /** Cells holding a declared code. */
  count: number;
  /** Code → number of cells. */
  byCode: Record<string, number>;
}

/**
 * Where declarations come from, resolved per measurement column: the file-level codes, the
 * instrument's, the item's (instrument definition), the mapping's per-instrument and per-column
 * codes, and the column's own (SPSS user-missing values).
 */
export class DeclaredMissing {
  readonly tally: MissingTally = { count: 0, byCode: {} };
  private readonly byInstrument = new Map<string, MissingCodes>();
  private readonly byColumn = new Map<string, MissingCodes>();

  constructor(readonly file?: MissingCodes) {}

  addInstrument(instrument: string, codes: MissingCodes | undefined): void {
    if (codes) this.byInstrument.set(instrument, unionMissingCodes(this.byInstrument.get(instrument), codes)!);
  }

  /** `column` is compared as normalised by the caller (lower case). */
  addColumn(column: string, codes: MissingCodes | undefined): void {
    if (codes) this.byColumn.set(column, unionMissingCodes(this.byColumn.get(column), codes)!);
  }

  /** All codes that apply to one column of an instrument (plus an item's own definition codes). */
  forColumn(column: string, instrument: string | undefined, itemCodes?: MissingCodes): MissingCodes | undefined {
    return unionMissingCodes(this.file, instrument ? this.byInstrument.get(instrument) : undefined, this.byColumn.get(column), itemCodes);
  }

  get any(): boolean {
    return !!this.file || this.byInstrument.size > 0 || this.byColumn.size > 0;
  }

  count(code: string): void {
    this.tally.count++;
    this.tally.byCode[code] = (this.tally.byCode[code] ?? 0) + 1;
  }
}

/** One line for summaries: `declared missing values: 37 (99: 30, -9: 7)`. */
export function tallyLine(t: MissingTally): string {
  const parts = Object.entries(t.byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c}: ${n}`);
  return `declared missing values: ${t.count}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Adds what declared codes and set-missing values did to one scale score (used by the scoring
 * engine): a scale using an invalid value stored as missing is not scored (reason names the items);
 * a missing score says which declared codes made it so (`declared missing (99): 25 items`), and a
 * declared scale-level value (`nosik_tot = 99`) gives `declared missing (99)` instead of a score.
 */
export function annotateMissing(
  row: { score: number | null; itemsProrated: number; missingReason?: string },
  rec: { declaredMissing?: Record<string, string>; invalidMissing?: Record<string, string> },
  itemIds: readonly string[],
  scaleId: string,
): void {
  const inv = rec.invalidMissing;
  if (inv) {
    const bad = itemIds.filter((id) => inv[id] !== undefined);
    if (inv[`scale:${scaleId}`] !== undefined) bad.push(`scale ${scaleId}`);
    if (bad.length) {
      row.score = null;
      row.itemsProrated = 0;
      const what = `${bad.length === 1 ? 'item' : 'items'} ${bad.join(', ')} had an invalid value, stored as missing by set-missing; not scored`;
      row.missingReason = row.missingReason && !/^scale score missing$/.test(row.missingReason) ? `${what}; ${row.missingReason}` : what;
      return;
    }
  }
  const dec = rec.declaredMissing;
  if (!dec || row.score !== null) return;
  const scaleCode = dec[`scale:${scaleId}`];
  const byCode = new Map<string, number>();
  for (const id of itemIds) {
    const c = dec[id];
    if (c !== undefined) byCode.set(c, (byCode.get(c) ?? 0) + 1);
  }
  const parts: string[] = [];
  for (const [c, n] of byCode) parts.push(`${declaredReason(c)}: ${n} item${n === 1 ? '' : 's'}${c === scaleCode ? ` and the given ${scaleId} score` : ''}`);
  if (scaleCode !== undefined && !byCode.has(scaleCode)) parts.unshift(itemIds.length && byCode.size ? `${declaredReason(scaleCode)}: the given ${scaleId} score` : declaredReason(scaleCode));
  if (!parts.length) return;
  const base = row.missingReason && row.missingReason !== 'scale score missing' ? row.missingReason : '';
  row.missingReason = base ? `${base}; ${parts.join('; ')}` : parts.join('; ');
}
