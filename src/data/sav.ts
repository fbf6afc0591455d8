/**
 * SPSS system files (`.sav`, also `.zsav`), as SPSS, PSPP and R haven write them: the researcher's
 * main format. Read whole from bytes (files of questionnaire studies are small), with
 * - variables: numeric and string (short, long and very long strings > 255 bytes), long variable
 *   names (record 7.13), variable labels, print formats;
 * - value labels (records 3/4; long-string labels 7.21), which travel with the data: a group code
 *   1 labelled "Home-Start" becomes the group homestart, a wave code labelled "nameting" a wave;
 * - user-missing values: up to three discrete values, a range (with LO/HI), or a range plus one
 *   value; they become declared missing codes (`src/data/missing.ts`);
 * - dates: numeric variables with a date format (DATE, ADATE, EDATE, SDATE, JDATE, DATETIME,
 *   YMDHMS, …; seconds since 14 October 1582) become ISO dates `2019-03-12` (with the time for
 *   DATETIME);
 * - compression: none, bytecode (SPSS's default) and zlib (`.zsav`, `$FL3`);
 * - character encodings: the encoding record (7.20) when present, else the code page in the
 *   machine integer record (7.3, e.g. 1252 for files written by SPSS before version 16), else
 *   Windows-1252; the result says which and why.
 *
 * Written for this project instead of using the `sav-reader` npm package, which was evaluated:
 * it decodes every string as UTF-8 (accented labels of pre-16 files come out garbled) and reads
 * asynchronously in a way that does not fit the loader's row callbacks. Checked against files made
 * by R haven (`write_sav`, compressed, uncompressed and zsav) and PSPP (`SAVE /COMPRESSED`,
 * Windows-1252); see `tests/fixtures/data/spss/`.
 */
import { inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { DataError, makeIssue, type DataIssue } from './issues.js';
import type { MissingCodes } from './missing.js';

/** One variable of a .sav file. */
export interface SavVariable {
  /** The (long) variable name as SPSS shows it. */
  name: string;
  /** The 8-byte short name of the dictionary. */
  shortName: string;
  label?: string;
  type: 'numeric' | 'string';
  /** String width in bytes (0 for numeric). */
  width: number;
  /** Print format, e.g. `F8.2`, `EDATE10`, `A20`. */
  format: string;
  /** The value's kind for output: a date, a date-time, or a plain value. */
  kind: 'number' | 'date' | 'datetime' | 'string';
  /** Value labels: value (number, or trimmed string) → label. */
  valueLabels: Map<number | string, string>;
  /** User-missing values: discrete values and at most one range (numeric) or strings. */
  missing?: { values: Array<number | string>; range?: [number, number] };
  /** Dictionary slot index (0-based) and number of 8-byte slots (for very long strings: the sum over segments). */
  slot: number;
  slots: number;
  /** Very long strings: the segments' slot widths in bytes. */
  segments?: number[];
}

export interface SavFile {
  file: string;
  magic: '$FL2' | '$FL3';
  product: string;
  compression: 'none' | 'bytecode' | 'zlib';
  encoding: string;
  /** One sentence saying how the encoding was chosen. */
  encodingNote: string;
  variables: SavVariable[];
  /** Cases: one value per variable; numbers, strings (right-trimmed) or null (system-missing). */
  cases: Array<Array<number | string | null>>;
  issues: DataIssue[];
}

const SYSMIS_BITS = 0xffefffffffffffffn;
const HIGHEST_BOUND = 1.7e308;
const LOWEST_BOUND = -1.7e308;

/** Print-format type codes → name; date types marked. */
const FORMATS: Record<number, [string, 'number' | 'date' | 'datetime' | 'string']> = {
  1: ['A', 'string'], 2: ['AHEX', 'string'], 3: ['COMMA', 'number'], 4: ['DOLLAR', 'number'], 5: ['F', 'number'], 6: ['IB', 'number'],
  7: ['PIBHEX', 'number'], 8: ['P', 'number'], 9: ['PIB', 'number'], 10: ['PK', 'number'], 11: ['RB', 'number'], 12: ['RBHEX', 'number'],
  15: ['Z', 'number'], 16: ['N', 'number'], 17: ['E', 'number'], 20: ['DATE', 'date'], 21: ['TIME', 'number'], 22: ['DATETIME', 'datetime'],
  23: ['ADATE', 'date'], 24: ['JDATE', 'date'], 25: ['DTIME', 'number'], 26: ['WKDAY', 'number'], 27: ['MONTH', 'number'], 28: ['MOYR', 'date'],
  29: ['QYR', 'date'], 30: ['WKYR', 'date'], 31: ['PCT', 'number'], 32: ['DOT', 'number'], 33: ['CCA', 'number'], 34: ['CCB', 'number'],
  35: ['CCC', 'number'], 36: ['CCD', 'number'], 37: ['CCE', 'number'], 38: ['EDATE', 'date'], 39: ['SDATE', 'date'], 40: ['MTIME', 'number'],
  41: ['YMDHMS', 'datetime'],
};

/** Windows code pages seen in record 7.3 → iconv-lite names. */
const CODE_PAGES: Record<number, string> = {
  65001: 'utf-8', 1252: 'windows-1252', 1250: 'windows-1250', 1251: 'windows-1251', 1253: 'windows-1253', 1254: 'windows-1254',
  28591: 'iso-8859-1', 28605: 'iso-8859-15', 20127: 'windows-1252', 437: 'cp437', 850: 'cp850', 2: 'windows-1252', 3: 'windows-1252',
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly le: boolean, readonly file: string) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw savError(this.file, `the file ends early (at byte ${this.pos}, ${n} more expected); it may be truncated`);
  }
  i32(): number {
    this.need(4);
    const v = this.le ? this.buf.readInt32LE(this.pos) : this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.le ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  i64(): number {
    this.need(8);
    const v = this.le ? this.buf.readBigInt64LE(this.pos) : this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }
}

function savError(file: string, text: string): DataError {
  const issue = makeIssue('error', 'unreadable-file', { file }, `this SPSS file cannot be read: ${text} (rule unreadable-file).`);
  return new DataError(issue.message, [issue]);
}

/** Whether bytes start like an SPSS system file (`$FL2` or `$FL3`). */
export function isSavBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x24 && bytes[1] === 0x46 && bytes[2] === 0x4c && (bytes[3] === 0x32 || bytes[3] === 0x33);
}

interface RawVar {
  type: number;
  label?: Buffer;
  nMissing: number;
  missing: Buffer[];
  print: number;
  name: Buffer;
}

/**
 * Reads an SPSS system file from bytes.
 * @throws DataError (rule `unreadable-file`) with a sentence when the bytes are not a readable .sav.
 * @example
 * const sav = readSav(readFileSync('tests/fixtures/data/spss/dutch-export.sav'), 'dutch-export.sav');
 * sav.variables.find((v) => v.name === 'groep')?.valueLabels.get(1) // 'Home-Start'
 */
export function readSav(bytes: Buffer, file = '<memory>'): SavFile {
  if (!isSavBytes(bytes)) throw savError(file, 'it does not start with $FL2 or $FL3');
  if (bytes.length < 176) throw savError(file, 'the header is incomplete');
  const magic = bytes.subarray(0, 4).toString('latin1') as '$FL2' | '$FL3';
  const layoutLE = bytes.readInt32LE(64);
  const le = layoutLE === 2 || layoutLE === 3;
  const r = new Reader(bytes, le, file);
  r.pos = 4;
  const product = r.bytes(60).toString('latin1').replace(/^@\(#\) /, '').trim();
  r.i32(); // layout code
  r.i32(); // nominal case size
  const compressionCode = r.i32();
  r.i32(); // weight index
  const ncases = r.i32();
  const bias = r.f64();
  r.bytes(9 + 8 + 64 + 3);
  const compression = compressionCode === 0 ? 'none' : compressionCode === 1 ? 'bytecode' : compressionCode === 2 ? 'zlib' : undefined;
  if (!compression) throw savError(file, `unknown compression code ${compressionCode}`);

  const raws: RawVar[] = [];
  const labelSets: Array<{ labels: Array<[Buffer, Buffer]>; vars: number[] }> = [];
  let encodingName: string | undefined;
  let codePage: number | undefined;
  let longNames: Buffer | undefined;
  let veryLong: Buffer | undefined;
  const longLabels: Buffer[] = [];
  const longMissing: Buffer[] = [];
  let sysmis = -Number.MAX_VALUE;
  for (;;) {
    const rec = r.i32();
    if (rec === 2) {
      const type = r.i32();
      const hasLabel = r.i32();
      const nMissing = r.i32();
      const print = r.i32();
      r.i32(); // write format
      const name = r.bytes(8);
      const v: RawVar = { type, nMissing, missing: [], print, name };
      if (hasLabel === 1) {
        const len = r.i32();
        v.label = r.bytes(len);
        r.bytes((4 - (len % 4)) % 4);
      }
      for (let k = 0; k < Math.abs(nMissing); k++) v.missing.push(r.bytes(8));
      raws.push(v);
    } else if (rec === 3) {
      const n = r.i32();
      const labels: Array<[Buffer, Buffer]> = [];
      for (let k = 0; k < n; k++) {
        const value = r.bytes(8);
        const len = r.bytes(1)[0];
        const label = r.bytes(len);
        r.bytes((8 - ((len + 1) % 8)) % 8);
        labels.push([value, label]);
      }
      if (r.i32() !== 4) throw savError(file, 'a value label record is not followed by its variable list');
      const nv = r.i32();
      const vars: number[] = [];
      for (let k = 0; k < nv; k++) vars.push(r.i32() - 1);
      labelSets.push({ labels, vars });
    } else if (rec === 6) {
      const n = r.i32();
      r.bytes(80 * n);
    } else if (rec === 7) {
      const subtype = r.i32();
      const size = r.i32();
      const count = r.i32();
      const data = r.bytes(size * count);
      if (subtype === 3 && size === 4 && count >= 8) codePage = le ? data.readInt32LE(28) : data.readInt32BE(28);
      else if (subtype === 4 && size === 8 && count >= 1) sysmis = le ? data.readDoubleLE(0) : data.readDoubleBE(0);
      else if (subtype === 13) longNames = data;
      else if (subtype === 14) veryLong = data;
      else if (subtype === 20) encodingName = data.toString('latin1').trim();
      else if (subtype === 21) longLabels.push(data);
      else if (subtype === 22) longMissing.push(data);
    } else if (rec === 999) {
      r.i32();
      break;
    } else throw savError(file, `unknown record type ${rec} at byte ${r.pos - 4}`);
  }

  // Encoding: record 7.20, else the code page of record 7.3, else Windows-1252.
  let encoding: string;
  let encodingNote: string;
  if (encodingName && iconv.encodingExists(encodingName)) {
    encoding = encodingName.toLowerCase() === 'utf-8' || encodingName.toLowerCase() === 'utf8' ? 'utf-8' : encodingName.toLowerCase();
    encodingNote = `encoding record of the file says ${encodingName}`;
  } else if (codePage !== undefined && CODE_PAGES[codePage]) {
    encoding = CODE_PAGES[codePage];
    encodingNote = `no encoding record (as in files from SPSS before version 16); code page ${codePage} in the machine record → ${encoding}`;
  } else {
    encoding = 'windows-1252';
    encodingNote = `no encoding record${codePage !== undefined ? ` and unknown code page ${codePage}` : ''}; read as Windows-1252 (SPSS's default for Dutch Windows)`;
  }
  const text = (b: Buffer) => iconv.decode(b, encoding);
  const issues: DataIssue[] = [];

  // Variables (skipping continuation slots), long names, very long strings.
  const vars: SavVariable[] = [];
  const bySlot = new Map<number, SavVariable>();
  for (let slot = 0; slot < raws.length; slot++) {
    const rv = raws[slot];
    if (rv.type < 0) continue;
    const fmtType = (rv.print >> 16) & 0xff;
    const fmtW = (rv.print >> 8) & 0xff;
    const fmtD = rv.print & 0xff;
    const [fmtName, fmtKind] = FORMATS[fmtType] ?? ['F', 'number'];
    const shortName = text(rv.name).trim();
    const width = rv.type;
    const v: SavVariable = {
      name: shortName,
      shortName,
      type: width === 0 ? 'numeric' : 'string',
      width,
      format: `${fmtName}${fmtW}${fmtD && width === 0 ? `.${fmtD}` : ''}`,
      kind: width > 0 ? 'string' : fmtKind === 'string' ? 'number' : fmtKind,
      valueLabels: new Map(),
      slot,
      slots: width === 0 ? 1 : Math.ceil(width / 8),
    };
    if (rv.label) v.label = text(rv.label).trim();
    if (rv.nMissing !== 0) {
      if (width === 0) {
        const nums = rv.missing.map((b) => (le ? b.readDoubleLE(0) : b.readDoubleBE(0)));
        // LO and HI are written as the lowest / highest finite doubles (PSPP: -DBL_MAX's neighbour).
        if (rv.nMissing < 0) v.missing = { values: nums.slice(2), range: [nums[0] <= LOWEST_BOUND ? -Infinity : nums[0], nums[1] >= HIGHEST_BOUND ? Infinity : nums[1]] };
        else v.missing = { values: nums };
      } else v.missing = { values: rv.missing.map((b) => text(b).trimEnd()) };
    }
    vars.push(v);
    bySlot.set(slot, v);
  }
  if (longNames) {
    for (const pair of text(longNames).split('\t')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const short = pair.slice(0, eq).trim();
      const v = vars.find((x) => x.shortName === short);
      if (v) v.name = pair.slice(eq + 1).replace(/\0+$/, '');
    }
  }
  if (veryLong) {
    for (const part of text(veryLong).split(/\0?\t/)) {
      const m = /^([^=]+)=0*(\d+)/.exec(part.replace(/^\0+/, ''));
      if (!m) continue;
      const idx = vars.findIndex((x) => x.shortName === m[1].trim());
      if (idx < 0) continue;
      const v = vars[idx];
      const width = Number(m[2]);
      const nseg = Math.ceil(width / 252);
      const segs = vars.slice(idx, idx + nseg);
      v.segments = segs.map((s) => s.width);
      v.width = width;
      v.slots = segs.reduce((a, s) => a + s.slots, 0);
      vars.splice(idx + 1, nseg - 1);
    }
  }

  // Value labels (numeric and short strings).
  for (const set of labelSets) {
    for (const vi of set.vars) {
      const v = bySlot.get(vi);
      if (!v) continue;
      for (const [value, label] of set.labels) {
        const key = v.type === 'numeric' ? (le ? value.readDoubleLE(0) : value.readDoubleBE(0)) : text(value).trimEnd();
        v.valueLabels.set(key, text(label).trim());
      }
    }
  }
  // Long string value labels (7.21).
  for (const data of longLabels) {
    const lr = new Reader(data, le, file);
    while (lr.pos < data.length) {
      const name = text(lr.bytes(lr.i32()));
      lr.i32(); // width
      const n = lr.i32();
      const v = vars.find((x) => x.name === name || x.shortName === name);
      for (let k = 0; k < n; k++) {
        const value = text(lr.bytes(lr.i32())).trimEnd();
        const label = text(lr.bytes(lr.i32())).trim();
        v?.valueLabels.set(value, label);
      }
    }
  }
  // Long string missing values (7.22).
  for (const data of longMissing) {
    const lr = new Reader(data, le, file);
    while (lr.pos < data.length) {
      const name = text(lr.bytes(lr.i32()));
      const n = lr.bytes(1)[0];
      const len = lr.i32();
      const values: string[] = [];
      for (let k = 0; k < n; k++) values.push(text(lr.bytes(len)).trimEnd());
      const v = vars.find((x) => x.name === name || x.shortName === name);
      if (v) v.missing = { values };
    }
  }

  // Data.
  const slotsPerCase = raws.length;
  let stream: Buffer;
  if (compression === 'zlib') {
    r.i64(); // zheader offset
    const trailerOfs = r.i64();
    r.i64(); // trailer length
    const tr = new Reader(bytes, le, file);
    tr.pos = trailerOfs;
    tr.i64(); // bias
    tr.i64(); // zero
    tr.i32(); // block size
    const nBlocks = tr.i32();
    const parts: Buffer[] = [];
    for (let k = 0; k < nBlocks; k++) {
      tr.i64(); // uncompressed offset
      const cofs = tr.i64();
      tr.i32(); // uncompressed size
      const csize = tr.i32();
      parts.push(inflateSync(bytes.subarray(cofs, cofs + csize)));
    }
    stream = Buffer.concat(parts);
  } else stream = bytes.subarray(r.pos);

  const cases: Array<Array<number | string | null>> = [];
  const slotsBuf = Buffer.alloc(slotsPerCase * 8);
  const sysmisBits = SYSMIS_BITS;
  let p = 0;
  // Bytecode state
  let cmd = Buffer.alloc(0);
  let ci = 8;
  const nextSlot = (out: Buffer, at: number): boolean => {
    if (compression === 'none') {
      if (p + 8 > stream.length) return false;
      stream.copy(out, at, p, p + 8);
      p += 8;
      return true;
    }
    for (;;) {
      if (ci >= 8) {
        if (p + 8 > stream.length) return false;
        cmd = stream.subarray(p, p + 8);
        p += 8;
        ci = 0;
      }
      const c = cmd[ci++];
      if (c === 0) continue;
      if (c === 252) return false;
      if (c === 253) {
        if (p + 8 > stream.length) return false;
        stream.copy(out, at, p, p + 8);
        p += 8;
      } else if (c === 254) out.fill(0x20, at, at + 8);
      else if (c === 255) {
        if (le) out.writeBigUInt64LE(sysmisBits, at);
        else out.writeBigUInt64BE(sysmisBits, at);
      } else if (le) out.writeDoubleLE(c - bias, at);
      else out.writeDoubleBE(c - bias, at);
      return true;
    }
  };
  for (let n = 0; ncases < 0 || n < ncases; n++) {
    let complete = true;
    for (let s = 0; s < slotsPerCase; s++) {
      if (!nextSlot(slotsBuf, s * 8)) {
        if (s > 0) issues.push(makeIssue('warning', 'malformed-row', { file }, `the last case is incomplete (${s} of ${slotsPerCase} values) and was dropped (rule malformed-row).`));
        complete = false;
        break;
      }
    }
    if (!complete) break;
    const row: Array<number | string | null> = new Array(vars.length);
    for (let k = 0; k < vars.length; k++) {
      const v = vars[k];
      const at = v.slot * 8;
      if (v.type === 'numeric') {
        const x = le ? slotsBuf.readDoubleLE(at) : slotsBuf.readDoubleBE(at);
        row[k] = x === sysmis || x === -Number.MAX_VALUE || Number.isNaN(x) ? null : x;
      } else if (v.segments) {
        const parts: Buffer[] = [];
        let o = at;
        for (const w of v.segments) {
          const sl = Math.ceil(w / 8) * 8;
          parts.push(slotsBuf.subarray(o, o + Math.min(w, 255)));
          o += sl;
        }
        row[k] = text(Buffer.concat(parts).subarray(0, v.width)).trimEnd();
      } else row[k] = text(slotsBuf.subarray(at, at + v.width)).trimEnd();
    }
    cases.push(row);
  }
  if (ncases >= 0 && cases.length < ncases) issues.push(makeIssue('warning', 'malformed-row', { file }, `the header announces ${ncases} cases but ${cases.length} were found (rule malformed-row).`));
  return { file, magic, product, compression, encoding, encodingNote, variables: vars, cases, issues };
}

/** SPSS dates count seconds from 14 October 1582; the Unix epoch is 12,219,379,200 s later. */
const SPSS_EPOCH_OFFSET = 12219379200;

/**
 * One value as table text: numbers in full precision, dates ISO (`2019-03-12`, date-times
 * `2019-03-12 10:30:00`), system-missing as an empty cell.
 * @example savValueText(13771728000, 'date') // '2019-03-12'
 */
export function savValueText(x: number | string | null, kind: SavVariable['kind']): string {
  if (x === null) return '';
  if (typeof x === 'string') return x;
  if (kind === 'date' || kind === 'datetime') {
    const d = new Date((x - SPSS_EPOCH_OFFSET) * 1000);
    if (Number.isNaN(d.getTime())) return String(x);
    const iso = d.toISOString();
    return kind === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return String(x);
}

/** User-missing values of a numeric variable as declared codes (strings are not codes of ours). */
export function savMissingCodes(v: SavVariable): MissingCodes | undefined {
  if (!v.missing || v.type !== 'numeric') return undefined;
  const values = v.missing.values.filter((x): x is number => typeof x === 'number');
  const ranges: Array<[number, number]> = v.missing.range ? [v.missing.range] : [];
  return values.length || ranges.length ? { values, ranges } : undefined;
}

/** What a .sav adds to a table besides its cells: labels and declared missing values per column. */
export interface SavTableMeta {
  variableLabels: Record<string, string>;
  /** Column → (value as table text → label). */
  valueLabels: Record<string, Record<string, string>>;
  /** Column → user-missing values as declared codes. */
  missing: Record<string, MissingCodes>;
}

/** The table view of a .sav: header (long names), rows of text cells, and the metadata. */
export function savTable(sav: SavFile): { header: string[]; rows: string[][]; meta: SavTableMeta } {
  const header = sav.variables.map((v) => v.name);
  const rows = sav.cases.map((c) => c.map((x, k) => savValueText(x, sav.variables[k].kind)));
  const meta: SavTableMeta = { variableLabels: {}, valueLabels: {}, missing: {} };
  for (const v of sav.variables) {
    if (v.label) meta.variableLabels[v.name] = v.label;
    if (v.valueLabels.size) meta.valueLabels[v.name] = Object.fromEntries([...v.valueLabels].map(([k, l]) => [typeof k === 'number' ? savValueText(k, v.kind) : k, l]));
    const codes = savMissingCodes(v);
    if (codes) meta.missing[v.name] = codes;
  }
  return { header, rows, meta };
}
