/**
 * The generic table reader: a file (CSV/TSV text, JSON or XLSX) in, rows of strings out through
 * callbacks, with spreadsheet row numbers. It knows nothing about measurements; the measurement
 * loader, the generic row validator and (later) the registration loaders all sit on top of it.
 *
 * Text files are streamed through the tokenizer below (RFC 4180 quotes; one row at a time handed to
 * the sink, no arrays of rows are built). The tokenizer reads UTF-8 bytes: a UTF-8 file's own bytes
 * (checked, not copied or decoded as a whole), any other encoding decoded and written as UTF-8 first;
 * a cell becomes a string only when it is new (short cells are interned, a cell equal to the one
 * above is that string). Before parsing, the reader
 * - detects the encoding: a UTF-8 byte-order mark → UTF-8; a UTF-16 LE mark (Excel's "Unicode text")
 *   → UTF-16 LE; otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what Dutch Excel
 *   writes for "CSV (gescheiden door lijstscheidingsteken)"); the result says which and why;
 * - skips the preamble: blank lines, `#` comment lines (synthetic sample files start with
 *   `# SYNTHETIC DATA …`) and Excel's `sep=;` line, which also fixes the delimiter;
 * - sniffs the delimiter among comma, semicolon and tab from the header line (the most frequent one
 *   outside quotes wins).
 *
 * - normalises line endings: `\r\n`, `\n` and a lone `\r` all end a row, also mixed in one file
 *   (a line break inside a quoted value becomes `\n`);
 * - guards size: a row (a line, or lines held together by an open quote) longer than
 *   {@link MAX_ROW_CHARS} characters stops the read with a `too-large` DataError before memory runs
 *   out; a header that cannot be read (an unclosed quote, or a cell over 1,024 characters) is a
 *   `malformed-header` DataError that quotes nothing of the header;
 * - detects a file that changes while it is read (size or modification time; `file-changed`), and
 *   rejects a short last row (fewer values than the header: the file seems cut off).
 *
 * Row numbers are the ones a spreadsheet shows when the file is opened in Excel or LibreOffice:
 * every line counts (comment and blank lines too), but a line break inside a quoted field does not
 * start a new row. The header is therefore row 1 only when there is no preamble.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { TextDecoder } from 'node:util';
import { isAscii, isUtf8 } from 'node:buffer';
import type IconvLite from 'iconv-lite';
import { DataError, makeIssue, type DataIssue } from './issues.js';
import { fsErrorSentence } from '../util/atomic-write.js';

let iconvModule: typeof IconvLite | undefined;

/** iconv-lite, loaded on first use: only text that is not UTF-8 (or an encoding asked for) needs it. */
function iconv(): typeof IconvLite {
  return (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof IconvLite);
}

/** How the bytes of a text file were decoded. */
export type TableEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252' | (string & {});

/** Field delimiters: the reader sniffs among `,` `;` and tab; a `sep=` line may name any single character. */
export type TableDelimiter = ',' | ';' | '\t' | (string & {});

export type TableFormat = 'csv' | 'json' | 'xlsx' | 'sav';

export interface TableReadOptions {
  /** Name used in messages (default: the file's base name, `<memory>` for strings). */
  fileLabel?: string;
  /** `auto` (default) detects as described above; any other value is an iconv-lite encoding name. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | (string & {});
  /** `auto` (default) sniffs; otherwise the delimiter to use. */
  delimiter?: 'auto' | TableDelimiter;
  /** Input format; default from the file extension (`.json`, `.xlsx`/`.xls`/`.ods`), else CSV. */
  format?: 'auto' | TableFormat;
  /** Called now and then with the number of data rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

/** Receives the header once, then every data row (blank rows are not passed on). */
export interface TableSink {
  /** The cleaned header: cells trimmed, empty trailing cells dropped, empty inner cells named `column_<n>`. */
  header(columns: string[], row: number): void;
  /**
   * One data row. `cells` is the parser's array as read (it may be shorter or longer than the
   * header; cells beyond the header are empty unless `problem` is set). `problem` is a sentence
   * when the row is malformed (more values than header columns, broken quotes); the sink must then
   * reject the row — it is still a data row and counts in `rowsRead`.
   */
  row(cells: string[], row: number, problem?: string): void;
  /**
   * Set when the sink keeps nothing of a `cells` array once `row()` has returned (it copies what it
   * keeps): the reader may then fill the same array again for a later row instead of making a new
   * one for every row. The strings in it are never changed.
   */
  copiesCells?: boolean;
}

export interface TableReadInfo {
  file: string;
  format: TableFormat;
  /** Text files only. */
  encoding?: TableEncoding;
  /** One sentence saying how the encoding was chosen. */
  encodingNote?: string;
  delimiter?: TableDelimiter;
  delimiterSource?: 'sniffed' | 'sep-line' | 'option';
  /** Spreadsheet row number of the header (0 when the file has no header). */
  headerRow: number;
  columns: string[];
  /** Data rows passed to the sink (including malformed ones). */
  rowsRead: number;
  blankRows: number;
  commentRows: number;
  /** File-level issues found while reading (encoding fall-back, malformed quoting summary…). */
  issues: DataIssue[];
}

const CHUNK_CHARS = 1 << 20;

/**
 * Longest row (quoted line breaks included) the reader accepts: 4 MiB, counted in bytes of UTF-8 (one per
 * character of plain ASCII text; two to four for other characters).
 */
export const MAX_ROW_CHARS = 4 * 1024 * 1024;

/** Largest JSON or XLSX file (read whole, not streamed): 256 MiB. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/** Longest header cell the reader accepts (characters; survey exports put whole questions there). */
export const MAX_HEADER_CELL = 1024;

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', '.', 'nvt', 'n.v.t.', 'missing', '#n/a']);

/**
 * Whether a cell means "no value": empty or whitespace, or one of the missing-value tokens
 * `NA`, `N/A`, `NaN`, `.`, `nvt`, `n.v.t.`, `missing`, `#N/A` (case-insensitive).
 * @example isMissingCell(' n.v.t. ') // true
 */
export function isMissingCell(text: string): boolean {
  if (text.length === 0) return true;
  if (text.length > 8) return text.trim().length === 0;
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/**
 * Parses one cell as a number, the way Dutch and English spreadsheets write them.
 *
 * - Leading/trailing spaces (also non-breaking) are ignored.
 * - A decimal point (`3.5`, `.5`, `1e3`) or a single decimal comma (`3,5`, `,5`) is accepted.
 *   A single comma is always a decimal comma: `1,234` is 1.234, never one thousand two hundred.
 * - Anything with more than one comma (`3,5,1`) or with both a point and a comma (`1.234,5`,
 *   `1,234.5`) is rejected: thousands separators are ambiguous between Dutch and English, so
 *   numbers must be written without them.
 * - Empty cells and missing tokens (see {@link isMissingCell}) give `null`.
 *
 * @returns the number, `null` for missing, or `NaN` when the text is not a number
 *   ({@link explainNumber} says why).
 * @example
 * parseNumber(' 3,5 ')   // 3.5
 * parseNumber('4')       // 4
 * parseNumber('NA')      // null
 * parseNumber('1.234,5') // NaN
 */
export function parseNumber(text: string): number | null {
  const n = text.length;
  if (n === 1) {
    const c = text.charCodeAt(0) - 48;
    if (c >= 0 && c <= 9) return c;
  }
  if (isMissingCell(text)) return null;
  let s = text;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first <= 32 || last <= 32 || first === 160 || last === 160) s = s.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (PLAIN_NUMBER.test(s)) return Number(s);
  if (DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return NaN;
}

const ITEM_TEXT = /^([+-]?)(\d+)(?:[.,](\d+))?$/;

/**
 * Checks how an item value is written, the way questionnaire exports write them: digits, optionally
 * followed by a decimal point or comma and zeros only (`4`, `4.0`, `4,00`). Leading and trailing
 * spaces, also non-breaking ones, are trimmed. A sign is accepted only where the item's range has
 * negative values (GAS goals: `-2` … `+2`). Refused: exponents (`1e0`, `.4e1`), a sign elsewhere
 * (`+4`), leading zeros (`04`), a missing integer part (`.4`), stray characters. Returns
 * `undefined` when the text is fine, else `{ rule, reason }` with a clause for the message
 * (`not-an-integer` for a fraction such as `3.5` or `3.9999999999999999`, `not-a-number` otherwise).
 * @example itemTextProblem('4,00', false) // undefined
 * @example itemTextProblem('04', false)   // { rule: 'not-a-number', reason: 'it has a leading zero; write 4, not 04' }
 */
export function itemTextProblem(text: string, allowSign: boolean): { rule: 'not-a-number' | 'not-an-integer'; reason: string } | undefined {
  const s = text.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  const m = ITEM_TEXT.exec(s);
  if (!m) {
    if (/^[+-]?(?:\d+[.,]?\d*|[.,]\d+)[eE][+-]?\d+$/.test(s)) return { rule: 'not-a-number', reason: 'it is written with an exponent; write item values as plain whole numbers, e.g. 4' };
    if (/^[+-]?[.,]\d+$/.test(s)) return { rule: 'not-a-number', reason: 'it has no digit before the decimal separator; item values are whole numbers, e.g. 4' };
    return { rule: 'not-a-number', reason: explainNumber(s) };
  }
  const [, sign, int, frac] = m;
  if (sign && !allowSign) return { rule: 'not-a-number', reason: 'it has a sign; item values are written without + or -' };
  if (int.length > 1 && int.charCodeAt(0) === 48) return { rule: 'not-a-number', reason: `it has a leading zero; write ${String(Number(int))}, not ${int}` };
  if (frac !== undefined && /[1-9]/.test(frac)) return { rule: 'not-an-integer', reason: 'it is not a whole number' };
  return undefined;
}

/**
 * Why {@link parseNumber} rejected a text: a clause for a message ("…: <reason>").
 * @example explainNumber('3,5,1') // 'it has more than one comma; write one decimal comma at most, e.g. 3,5'
 */
export function explainNumber(text: string): string {
  const s = text.trim();
  const commas = (s.match(/,/g) ?? []).length;
  const points = (s.match(/\./g) ?? []).length;
  if (/\d/.test(s) && commas > 0 && points > 0) {
    return 'it mixes a decimal point and a decimal comma; write numbers without thousands separators, e.g. 1234.5 or 1234,5';
  }
  if (commas > 1) return 'it has more than one comma; write one decimal comma at most, e.g. 3,5';
  if (points > 1) return 'it has more than one decimal point; write numbers without thousands separators';
  return 'it is not a number';
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * Turns the file's bytes into UTF-8 bytes, the text the tokenizer reads: a UTF-8 file's own bytes
 * (checked, not copied), any other encoding decoded and written again as UTF-8.
 */
interface Decoder {
  encoding: TableEncoding;
  note: string;
  write(buf: Buffer): Buffer;
  end(): Buffer;
}

const NO_BYTES = Buffer.alloc(0);

function utf8Of(text: string | undefined): Buffer {
  return text ? Buffer.from(text, 'utf8') : NO_BYTES;
}

/** A decoder to text (iconv-lite, TextDecoder), its text given on as UTF-8 bytes. */
function viaText(encoding: TableEncoding, note: string, dec: { write(b: Buffer): string; end(): string | undefined }): Decoder {
  return { encoding, note, write: (b) => utf8Of(dec.write(b)), end: () => utf8Of(dec.end()) };
}

/** What the reader knows while bytes are decoded: bytes read, and the spreadsheet row the next piece starts in. */
interface DecodeState {
  decoder?: Decoder;
  bytes?: number;
  nextRow?: () => number;
}

function makeDecoder(first: Buffer, requested: string | undefined, file: string, issues: DataIssue[], state: DecodeState = {}): Decoder {
  const req = requested && requested !== 'auto' ? requested.toLowerCase() : undefined;
  if (req) {
    if (!iconv().encodingExists(req)) {
      throw new DataError(`${file}: unknown encoding "${requested}"; use utf-8, windows-1252 or utf-16le.`, [
        makeIssue('error', 'encoding', { file }, `unknown encoding "${requested}"; use utf-8, windows-1252 or utf-16le.`),
      ]);
    }
    return viaText(req, `read as ${req} (as requested)`, iconv().getDecoder(req, { stripBOM: true }));
  }
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    return utf8Checked('utf-8-bom', 'UTF-8 with byte-order mark', 3, file, issues, state);
  }
  if (first.length >= 2 && first[0] === 0xff && first[1] === 0xfe) {
    return viaText('utf-16le', 'UTF-16 LE with byte-order mark (Excel "Unicode text")', iconv().getDecoder('utf-16le', { stripBOM: true }));
  }
  if (!isUtf8(first.subarray(0, utf8Cut(first)))) {
    return viaText('windows-1252', 'not valid UTF-8; read as Windows-1252, the encoding Dutch Excel uses for CSV', iconv().getDecoder('win1252'));
  }
  return utf8Checked('utf-8', 'UTF-8 without byte-order mark', 0, file, issues, state);
}

/**
 * UTF-8 bytes passed on as they are, each piece checked first (simdutf behind isAscii/isUtf8) up to its
 * last whole character; the bytes of a character cut in two by the piece's end are held for the next
 * piece. Without a byte-order mark, a file that turns out not to be UTF-8 is read as Windows-1252 from
 * the line with the first byte that is not UTF-8 on, with a warning naming that row; after a byte-order
 * mark, bytes that are not UTF-8 become U+FFFD (as TextDecoder reads them). `skip`: bytes of the
 * byte-order mark to drop at the start.
 */
function utf8Checked(encoding: TableEncoding, note: string, skip: number, file: string, issues: DataIssue[], state: DecodeState): Decoder {
  let held: Buffer | undefined;
  let toSkip = skip;
  let lenient: { write(b: Buffer): string; end(): string | undefined } | undefined;
  const decoder: Decoder = {
    encoding,
    note,
    write(b) {
      if (toSkip > 0) {
        const n = Math.min(toSkip, b.length);
        b = b.subarray(n);
        toSkip -= n;
      }
      if (lenient) return utf8Of(lenient.write(b));
      const data = held ? Buffer.concat([held, b]) : b;
      const cut = utf8Cut(data);
      const body = cut === data.length ? data : data.subarray(0, cut);
      if (isAscii(body) || isUtf8(body)) {
        held = cut === data.length ? undefined : Buffer.from(data.subarray(cut));
        return body;
      }
      held = undefined;
      if (skip > 0) {
        const td = new TextDecoder('utf-8', { ignoreBOM: true });
        lenient = { write: (x) => td.decode(x, { stream: true }), end: () => td.decode() };
        return utf8Of(lenient.write(data));
      }
      // the whole lines before the first byte that is not UTF-8 are UTF-8; from its line on, Windows-1252
      const lineStart = data.lastIndexOf(10, firstInvalidUtf8(data) - 1) + 1;
      const good = data.subarray(0, lineStart);
      lenient = iconv().getDecoder('win1252');
      decoder.encoding = 'windows-1252';
      decoder.note = 'started as valid UTF-8 but later bytes are not; the rest was read as Windows-1252';
      const row = state.nextRow ? state.nextRow() + lineBreaks(good) : undefined;
      const where = row === undefined ? 'a later row' : 'this row';
      issues.push(
        makeIssue(
          'warning',
          'encoding',
          row === undefined ? { file } : { file, row },
          `the file starts as UTF-8 but ${where} contains bytes that are not UTF-8; from there on it was read as Windows-1252. Save the file as "CSV UTF-8" to be sure accented letters are right.`,
        ),
      );
      return Buffer.concat([good, utf8Of(lenient.write(data.subarray(lineStart)))]);
    },
    end() {
      if (lenient) return utf8Of(lenient.end());
      return held ? utf8Of('\ufffd') : NO_BYTES; // a character cut off at the end of the file
    },
  };
  return decoder;
}

/** Offset of the first byte of `b` that does not belong to a valid UTF-8 character (`b.length` when none). */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= n) return i;
    const c1 = b[i + 1];
    // the second byte's range excludes overlong forms, surrogates and code points above U+10FFFF
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (!(c1 >= lo && c1 <= hi)) return i;
    for (let k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return n;
}

/** Line breaks in `b` (`\r\n`, `\n` or a lone `\r` each count once). */
function lineBreaks(b: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 10 || (c === 13 && b[i + 1] !== 10)) k++;
  }
  return k;
}

/** Length of the longest prefix of `b` that does not end inside a UTF-8 multi-byte character. */
function utf8Cut(b: Buffer): number {
  const n = b.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = b[i];
    if ((c & 0xc0) !== 0x80) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      return i + need <= n ? n : i;
    }
  }
  return n;
}

/** Encodings in which byte 0x0A is always a line feed (never part of another character). */
const LINE_SAFE = new Set<TableEncoding>(['utf-8', 'utf-8-bom', 'windows-1252']);

/**
 * Decodes the byte chunks to UTF-8 bytes. In encodings where a 0x0A byte is always a line feed, each
 * chunk is cut after its last line feed and the bytes after it go in front of the next chunk (as a
 * short piece of their own, up to that chunk's first line feed): the pieces handed on then end at
 * line ends, so the tokenizer rarely has to join an unfinished row to the next megabyte.
 */
async function* decodeStream(source: AsyncIterable<Buffer>, state: DecodeState, requested: string | undefined, file: string, issues: DataIssue[]): AsyncGenerator<Buffer> {
  let tail: Buffer | undefined;
  for await (const chunk of source) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    state.bytes = (state.bytes ?? 0) + buf.length;
    if (!state.decoder) state.decoder = makeDecoder(buf, requested, file, issues, state);
    const decoder = state.decoder;
    const last = LINE_SAFE.has(decoder.encoding) ? buf.lastIndexOf(0x0a) : -1;
    if (last < 0) {
      if (tail) buf = Buffer.concat([tail, buf]);
      tail = undefined;
      const s = decoder.write(buf);
      if (s.length) yield s;
      continue;
    }
    let start = 0;
    if (tail) {
      start = buf.indexOf(0x0a) + 1;
      const s = decoder.write(Buffer.concat([tail, buf.subarray(0, start)]));
      if (s.length) yield s;
    }
    if (last + 1 > start) {
      const s = decoder.write(buf.subarray(start, last + 1));
      if (s.length) yield s;
    }
    tail = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
  }
  if (state.decoder) {
    if (tail) {
      const s = state.decoder.write(tail);
      if (s.length) yield s;
    }
    const end = state.decoder.end();
    if (end.length) yield end;
  }
}

// ---------------------------------------------------------------------------------------------
// Preamble and delimiter
// ---------------------------------------------------------------------------------------------

interface Preamble {
  /** Lines before the header (blank, comment, sep=). */
  lines: number;
  blank: number;
  comments: number;
  sepDelimiter?: TableDelimiter;
  /** Char offset where the header starts. */
  offset: number;
  /** The header line (without line break), when found. */
  headerLine?: string;
}

/** Scans the start of the text; returns undefined when more text is needed to decide. */
function scanPreamble(text: string, ended: boolean): Preamble | undefined {
  const p: Preamble = { lines: 0, blank: 0, comments: 0, offset: 0 };
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    if (pos >= len) {
      if (!ended) return undefined;
      p.offset = len;
      return p; // no header at all
    }
    let end = pos;
    while (end < len && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end >= len && !ended) return undefined; // the line may continue in the next chunk
    const line = text.slice(pos, end);
    const trimmed = line.trim();
    // `sep=X` names the delimiter, any single character (a tab too: do not trim before matching)
    const sep = p.lines === 0 ? /^[ ]*"?sep=([^\r\n"])"?[,;\t|]*[ ]*$/i.exec(line) : null;
    if (sep) {
      p.sepDelimiter = sep[1] as TableDelimiter;
    } else if (/^[,;\t]*$/.test(trimmed)) {
      p.blank++;
    } else if (trimmed.startsWith('#')) {
      p.comments++;
    } else {
      p.offset = pos;
      p.headerLine = line;
      return p;
    }
    p.lines++;
    let next = end;
    if (next < len && text.charCodeAt(next) === 13) next++;
    if (next < len && text.charCodeAt(next) === 10) next++;
    if (next === end) {
      p.offset = len;
      return p;
    }
    pos = next;
  }
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ch) n++;
  }
  return n;
}

/**
 * Picks the delimiter of a header line: the most frequent of `;`, `,` and tab outside quotes
 * (ties: semicolon, then tab, then comma; none at all: comma).
 * @example sniffDelimiter('participant_id;group;wave') // ';'
 */
export function sniffDelimiter(headerLine: string): TableDelimiter {
  const candidates: TableDelimiter[] = [';', '\t', ','];
  let best: TableDelimiter = ',';
  let bestCount = 0;
  for (const c of candidates) {
    const n = countOutsideQuotes(headerLine, c);
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Framing: header, blank rows, ragged rows (shared by CSV, JSON and XLSX)
// ---------------------------------------------------------------------------------------------

/**
 * Cleans a raw header row: trims, drops empty trailing cells, names empty inner cells `column_<n>`.
 * @example cleanHeader([' a ', '', 'c', '', ' ']) // ['a', 'column_2', 'c']
 */
export function cleanHeader(cells: readonly string[]): string[] {
  let end = cells.length;
  while (end > 0 && String(cells[end - 1] ?? '').trim() === '') end--;
  const out: string[] = new Array(end);
  for (let i = 0; i < end; i++) {
    const t = String(cells[i] ?? '').replace(/^\ufeff/, '').trim();
    out[i] = t === '' ? `column_${i + 1}` : t;
  }
  return out;
}

function isBlankRow(cells: readonly string[]): boolean {
  if (cells.length === 1) return cells[0].length === 0 || cells[0].trim().length === 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.length === 0) continue;
    const c0 = c.charCodeAt(0);
    if (c0 > 32 && c0 < 127) return false; // starts with a visible ASCII character: no need to trim
    if (c.trim().length !== 0) return false;
  }
  return true;
}

/** Why a header row cannot be used, or undefined. Says nothing of the header's content. */
function headerProblem(cells: readonly string[], problem: string | undefined): string | undefined {
  if (problem) {
    return /never closed/.test(problem)
      ? 'the header row has a quote mark that is never closed, so the rest of the file was read into the header'
      : 'the header row has a quote mark inside a quoted name that is not doubled';
  }
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? '';
    if (c.length > MAX_HEADER_CELL) return `header cell ${i + 1} is ${c.length} characters long (at most ${MAX_HEADER_CELL}); a quote mark that is not closed may have swallowed the lines after it`;
  }
  return undefined;
}

class Framer {
  header: string[] | undefined;
  headerRow = 0;
  rowsRead = 0;
  blankRows = 0;
  commentRows = 0;
  /** Set when the header cannot be used; rows after it are not passed on. */
  failure: DataError | undefined;
  /** Text files: the last row is held back one step to check whether it was cut short. */
  private pendingCells: string[] | undefined;
  /** A row's array the sink is done with, when the sink copies what it keeps ({@link TableSink.copiesCells}). */
  private spare: string[] | undefined;
  private pendingRow = 0;
  private pendingProblem: string | undefined;
  constructor(
    private readonly sink: TableSink,
    private readonly allowPreamble: boolean,
    private readonly file = '<memory>',
    private readonly holdLast = false,
  ) {}

  /** The array of a row the sink is done with, to be filled again by the reader (or undefined). */
  takeSpare(): string[] | undefined {
    const s = this.spare;
    this.spare = undefined;
    return s;
  }

  private release(cells: string[]): void {
    if (this.sink.copiesCells === true) this.spare = cells;
  }

  push(cells: string[], row: number, problem?: string): void {
    if (this.failure) return;
    const header = this.header;
    if (header === undefined) {
      if (this.allowPreamble && !problem) {
        if (isBlankRow(cells)) {
          this.blankRows++;
          return;
        }
        if (String(cells[0] ?? '').trim().startsWith('#')) {
          this.commentRows++;
          return;
        }
      }
      const bad = headerProblem(cells, problem);
      if (bad) {
        const text = `${bad}. Nothing of the file was used; check the quotes in the header (row ${row}) and save the file again (rule malformed-header).`;
        this.failure = new DataError(`${this.file}: ${text}`, [makeIssue('error', 'malformed-header', { file: this.file, row }, text)]);
        return;
      }
      this.header = cleanHeader(cells);
      this.headerRow = row;
      this.sink.header(this.header, row);
      return;
    }
    if (!problem && isBlankRow(cells)) {
      this.blankRows++;
      this.release(cells);
      return;
    }
    if (this.holdLast) {
      const prev = this.pendingCells;
      const prevRow = this.pendingRow;
      const prevProblem = this.pendingProblem;
      this.pendingCells = cells;
      this.pendingRow = row;
      this.pendingProblem = problem;
      if (prev) this.emit(prev, prevRow, prevProblem);
      return;
    }
    this.emit(cells, row, problem);
  }

  /** Passes on the held-back last row; a last row with fewer values than the header is rejected as cut off. */
  finish(): void {
    const cells = this.pendingCells;
    this.pendingCells = undefined;
    if (!cells || this.failure) return;
    let problem = this.pendingProblem;
    const n = this.header?.length ?? 0;
    if (!problem && n > 1 && cells.length < n) {
      problem = `the last row has ${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${n} columns; the file seems cut off (saved or copied before it was complete)`;
    }
    this.emit(cells, this.pendingRow, problem);
  }

  private emit(cells: string[], row: number, problem?: string): void {
    const header = this.header!;
    this.rowsRead++;
    if (!problem && cells.length > header.length) {
      let extra = 0;
      for (let i = header.length; i < cells.length; i++) if (cells[i].trim() !== '') extra++;
      if (extra > 0) {
        let used = cells.length;
        while (used > header.length && cells[used - 1].trim() === '') used--;
        problem = `the row has ${used} values but the header has ${header.length} columns (a delimiter inside an unquoted value, or a missing header cell)`;
      }
    }
    try {
      this.sink.row(cells, row, problem);
    } catch (err) {
      // a sink may stop the read with a DataError (e.g. a limit); anything else is a bug: rethrow
      if (err instanceof DataError) this.failure = err;
      else throw err;
    }
    this.release(cells);
  }
}

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

function emptyInfo(file: string, format: TableFormat): TableReadInfo {
  return { file, format, headerRow: 0, columns: [], rowsRead: 0, blankRows: 0, commentRows: 0, issues: [] };
}

function describeQuoteError(code: 'MissingQuotes' | 'InvalidQuotes', field: string | undefined): string {
  const breaks = field ? (field.match(/\r\n|\r|\n/g) ?? []).length : 0;
  const tail = breaks > 0 ? ` (the broken field runs over ${breaks} line break${breaks === 1 ? '' : 's'}, so the lines after it were read into this row)` : '';
  if (code === 'MissingQuotes') return `a quoted value is never closed${tail}`;
  return `a quote mark appears inside a quoted value without being doubled${tail}`;
}

const QQ = /""/g;

function unquote(s: string): string {
  return s.indexOf('"') < 0 ? s : s.replace(QQ, '"');
}

/** Returned by the tokenizer's row readers when the row goes on past the bytes given so far. */
const INCOMPLETE = -1;
/** Returned by {@link Tokenizer.plainRow} when the row has a quote mark: the careful path reads it. */
const QUOTED = -2;


/** Buffer's own slicers (Node's `toString` without its argument handling): text of bytes [start, end). */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * The delimited-text tokenizer: UTF-8 bytes in (the file's own bytes when it is UTF-8; see
 * {@link makeDecoder}), one row of cells at a time out, without building arrays of rows. It
 * - ends a row at `\r\n`, `\n` or a lone `\r`, also mixed in one file; a line break inside a quoted
 *   value becomes `\n`;
 * - reads quotes as RFC 4180 and spreadsheet programs write them: a field that starts with `"` runs
 *   to the next `"` that is followed (after spaces) by the delimiter or a line end; `""` inside it is
 *   one quote mark; a quote anywhere else is an ordinary character. A closing quote followed by
 *   something else (`"a"b`) is kept as a character and marks the row `InvalidQuotes`; a quote that is
 *   never closed swallows the rest of the file into one field (`MissingQuotes`);
 * - carries an unfinished row over to the next piece of bytes, and stops the read with a `too-large`
 *   DataError when one row (a line, or lines held together by an open quote) is longer than
 *   {@link MAX_ROW_CHARS} bytes;
 * - gives no row for the end of the text after a final line break.
 *
 * Rows without a quote mark (nearly all rows of real exports) are read by {@link plainRow}: one pass
 * over the bytes that notes where each cell ends and whether it has a byte of a multi-byte character,
 * then a string per cell only where one is new — a cell of up to four ASCII characters (values, items,
 * waves, decimal-comma numbers) is the same string every time it comes (interned), and a cell equal to
 * the one above it (ids, groups, instruments in long files) is that same string. So are rows whose
 * quote marks only enclose whole cells without a quote mark or a line break inside (`"0;3"`, `"Wegwijs
 * maken, netwerk vergroten"`: how exports quote list cells), the closing quote followed at once by the
 * delimiter or the line end: such a cell is the text between its quotes. Any other row with a quote
 * mark takes the careful path ({@link quotedRow}). Both give the same cells: the careful path is the
 * definition, the plain scan a shortcut for rows without quotes and with simply quoted cells.
 */
class Tokenizer {
  private carry: Buffer | undefined;
  /** Physical line (1-based) where the next row starts. */
  private line: number;
  private readonly delim: Buffer;
  private readonly d0: number;
  private readonly dlen: number;
  // positions cached across the careful path's searches in one piece of bytes (-2: not searched yet)
  private nd = -2;
  private nlf = -2;
  private ncr = -2;
  private problem: 'MissingQuotes' | 'InvalidQuotes' | undefined;
  /** The cells of the row before (plain rows only). */
  private prev: string[] = [];
  /** The row before's bytes: where it starts in `prevInput`, its length (line break excluded), where its cells end. */
  private prevInput: Buffer | undefined;
  private prevPos = 0;
  private prevLen = 0;
  private prevEnds = new Int32Array(64);
  private prevCount = 0;
  /** Plain rows: where each cell ends, and whether it has a byte ≥ 0x80. */
  private ends = new Int32Array(64);
  private highs = new Uint8Array(64);
  /** Interned cells of one or two ASCII characters, by character code(s) ('' = none yet). */
  private readonly oneChar: string[] = new Array<string>(128).fill('');
  private readonly twoChars: string[] = new Array<string>(128 * 128).fill('');
  /** Interned cells of three or four ASCII characters, by their codes and length. */
  private readonly fourChars = new Map<number, string>();
  constructor(
    private readonly file: string,
    delimiter: string,
    firstLine: number,
    /** An array the sink is done with, to fill again, if any (see {@link TableSink.copiesCells}). */
    private readonly take: () => string[] | undefined,
    private readonly emit: (cells: string[], problem?: string) => void,
  ) {
    this.delim = Buffer.from(delimiter, 'utf8');
    this.dlen = this.delim.length;
    this.d0 = this.delim[0];
    this.line = firstLine;
  }

  /** Whether the reader should stop (the sink failed). */
  stopped = false;

  feed(chunk: Buffer): void {
    let input = chunk;
    if (this.carry) {
      input = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    // a line feed may follow a carriage return at the very end: its row is read with the next piece
    const len = input.length > 0 && input[input.length - 1] === 13 ? input.length - 1 : input.length;
    const pos = this.run(len === input.length ? input : input.subarray(0, len), false);
    if (pos < input.length && !this.stopped) {
      if (input.length - pos > MAX_ROW_CHARS) throw this.tooLarge(input, pos);
      this.carry = input.subarray(pos);
    }
  }

  end(): void {
    const s = this.carry;
    this.carry = undefined;
    if (s && s.length) this.run(s, true);
  }

  /**
   * Reads the rows of `input` and returns where the unfinished last row starts (`input.length` when
   * none is left, or when the read stopped). Nothing follows the loop: code that runs only once per
   * piece would have no type feedback when the loop is optimised, and would undo it.
   */
  private run(input: Buffer, final: boolean): number {
    const len = input.length;
    let pos = 0;
    this.nd = this.nlf = this.ncr = -2;
    while (pos < len && !this.stopped) {
      let next = this.plainRow(input, pos, final);
      if (next === QUOTED) next = this.quotedRow(input, pos, final);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    return pos;
  }

  /**
   * Reads one row without a quote mark, or with simply quoted cells only (see the class notes), from `pos`:
   * emits it and returns where the next row starts; QUOTED when the row has another quote mark (nothing
   * emitted), INCOMPLETE when it may go on in bytes not given yet.
   */
  private plainRow(input: Buffer, pos: number, final: boolean): number {
    const len = input.length;
    const d0 = this.d0;
    const dlen = this.dlen;
    let ends = this.ends;
    let highs = this.highs;
    const prev = this.prev;
    let k = 0;
    let high = 0;
    let i = pos;
    // Long files repeat the first cells of the row above (id, group, wave, instrument): the cells of the
    // row above that lie wholly, with the delimiter after them, in the bytes this row shares with it are
    // its strings, and the scan starts after them.
    let reused = 0;
    if (this.prevInput === input) {
      const q = this.prevPos;
      const lim = this.prevLen < len - pos ? this.prevLen : len - pos;
      // four bytes at a time, then byte by byte to the first difference
      const view = this.viewOf(input);
      let j = 0;
      while (j + 4 <= lim && view.getInt32(pos + j) === view.getInt32(q + j)) j += 4;
      while (j < lim && input[pos + j] === input[q + j]) j++;
      const pe = this.prevEnds;
      const last = this.prevCount - 1;
      while (reused < last && pe[reused] - q + dlen <= j) {
        ends[reused] = pe[reused] - q + pos;
        reused++;
      }
      if (reused > 0) {
        k = reused;
        i = ends[reused - 1] + dlen;
      }
    }
    let next: number;
    // where the cell being read starts; `high` is 1 for a byte ≥ 0x80 in it, plus 2 when it is simply quoted
    let cellStart = i;
    for (;;) {
      if (i >= len) {        if (!final) return INCOMPLETE;
        next = len;
        break;
      }
      const c = input[i];
      // most bytes: visible ASCII other than the quote mark and the delimiter
      if (c > 34 && c < 128 && c !== d0) {
        i++;
        continue;
      }
      if (c === d0 && (dlen === 1 || this.delimiterAt(input, i))) {
        if (k === ends.length) {
          ends = this.growEnds();
          highs = this.highs;
        }
        ends[k] = i;
        highs[k++] = high;
        high = 0;
        i += dlen;
        cellStart = i;
        continue;
      }
      if (c === 10) {
        next = i + 1;
        break;
      }
      if (c === 13) {
        next = i + 1 < len && input[i + 1] === 10 ? i + 2 : i + 1;
        break;
      }
      if (c === 34) {
        // a quote mark opening the cell: simply quoted when the next quote mark (no line break before it) is
        // followed by the delimiter or a line break; anything else (a doubled quote, a quote inside a cell,
        // text after the closing quote, a quoted line break, the bytes ending) is the careful path's
        if (i !== cellStart) return QUOTED;
        let j = i + 1;
        for (;;) {
          if (j >= len) return QUOTED;
          const b = input[j];
          if (b === 34) break;
          if (b === 10 || b === 13) return QUOTED;
          if (b >= 128) high = 1;
          j++;
        }
        if (j + 1 >= len) return QUOTED;
        const after = input[j + 1];
        if (!(after === 10 || after === 13 || (after === d0 && (dlen === 1 || this.delimiterAt(input, j + 1))))) return QUOTED;
        high |= 2;
        i = j + 1;
        continue;
      }
      if (c >= 128) high = 1; // a byte of a multi-byte character (or a delimiter's first byte without the rest)
      i++;
    }
    if (i - pos > MAX_ROW_CHARS) throw this.tooLarge(input, pos);
    if (k === ends.length) {
      ends = this.growEnds();
      highs = this.highs;
    }
    ends[k] = i;
    highs[k++] = high;
    // sized like the row above (rows of one file have the same length): no growing
    let cells = this.take();
    if (cells === undefined || cells === prev) cells = new Array<string>(prev.length);
    for (let j = 0; j < reused; j++) cells[j] = prev[j];
    let p = reused > 0 ? ends[reused - 1] + dlen : pos;
    for (let j = reused; j < k; j++) {
      const e = ends[j];
      const h = highs[j];
      if (h === 0) cells[j] = this.asciiCell(input, p, e - p, prev[j]);
      else if (h === 1) cells[j] = (input as unknown as Slicers).utf8Slice(p, e);
      else if (h === 2) cells[j] = this.asciiCell(input, p + 1, e - p - 2, prev[j]);
      else cells[j] = (input as unknown as Slicers).utf8Slice(p + 1, e - 1);
      p = e + dlen;
    }
    if (k < cells.length) cells.length = k;
    this.prev = cells;
    this.prevInput = input;
    this.prevPos = pos;
    this.prevLen = i - pos;
    let pe = this.prevEnds;
    if (pe.length < k) pe = this.prevEnds = new Int32Array(ends.length);
    for (let j = 0; j < k; j++) pe[j] = ends[j];
    this.prevCount = k;
    this.line++;
    this.emit(cells);
    return next;
  }

  private view: DataView | undefined;
  private viewInput: Buffer | undefined;

  /** A DataView of the bytes of `input` (made once per piece). */
  private viewOf(input: Buffer): DataView {
    if (this.viewInput !== input) {
      this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
      this.viewInput = input;
    }
    return this.view!;
  }

  private growEnds(): Int32Array {
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    const highs = new Uint8Array(ends.length);
    highs.set(this.highs);
    this.ends = ends;
    this.highs = highs;
    return ends;
  }

  /** Whether the whole delimiter starts at `i` (its first byte is there). */
  private delimiterAt(input: Buffer, i: number): boolean {
    const d = this.delim;
    if (i + d.length > input.length) return false;
    for (let j = 1; j < d.length; j++) if (input[i + j] !== d[j]) return false;
    return true;
  }

  /**
   * The ASCII cell of `n` bytes at `p`: interned when short; the string above it when the same (ids,
   * groups and instruments repeat row after row in long files); else a new string.
   */
  private asciiCell(input: Buffer, p: number, n: number, above: string | undefined): string {
    if (n <= 2) {
      if (n === 0) return '';
      const c0 = input[p];
      if (n === 1) {
        const s = this.oneChar[c0];
        return s !== '' ? s : (this.oneChar[c0] = String.fromCharCode(c0));
      }
      const c1 = input[p + 1];
      const x = (c0 << 7) | c1;
      const s = this.twoChars[x];
      return s !== '' ? s : (this.twoChars[x] = String.fromCharCode(c0, c1));
    }
    if (above !== undefined && above.length === n) {
      // from the end: ids of consecutive participants differ in their last characters
      let j = n - 1;
      while (j >= 0 && above.charCodeAt(j) === input[p + j]) j--;
      if (j < 0) return above;
    }
    if (n <= 4) return this.interned4(input, p, n);
    return (input as unknown as Slicers).latin1Slice(p, p + n);
  }

  private interned4(input: Buffer, p: number, n: number): string {
    // 29 bits: a small integer key
    const key = ((n - 3) << 28) | (input[p] << 21) | (input[p + 1] << 14) | (input[p + 2] << 7) | (n === 4 ? input[p + 3] : 0);
    const m = this.fourChars;
    let s = m.get(key);
    if (s === undefined) {
      s = (input as unknown as Slicers).latin1Slice(p, p + n);
      if (m.size < 65_536) m.set(key, s);
    }
    return s;
  }

  /** Next delimiter at or after `from` (-1: none). */
  private nextDelimiter(input: Buffer, from: number): number {
    let d = this.nd;
    if (d < from && d !== -1) d = this.nd = this.dlen === 1 ? input.indexOf(this.d0, from) : input.indexOf(this.delim, from);
    return d;
  }

  /** Next line break (`\n` or `\r`) at or after `from` (-1: none). */
  private nextLineBreak(input: Buffer, from: number): number {
    let lf = this.nlf;
    if (lf < from && lf !== -1) lf = this.nlf = input.indexOf(10, from);
    let cr = this.ncr;
    if (cr < from && cr !== -1) cr = this.ncr = input.indexOf(13, from);
    return lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
  }

  /** Where the row goes on after the line break at `nl`. */
  private static afterBreak(input: Buffer, nl: number): number {
    return input[nl] === 13 && input[nl + 1] === 10 ? nl + 2 : nl + 1;
  }

  /** Text of bytes [from, to) with line breaks made `\n`. */
  private static text(input: Buffer, from: number, to: number): string {
    const s = input.toString('utf8', from, to);
    return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
  }

  /** Length of [from, to) when it is only white space (as `trim` sees it), else 0. */
  private static spacesBetween(input: Buffer, from: number, to: number): number {
    if (to <= from) return 0;
    return input.toString('utf8', from, to).trim() === '' ? to - from : 0;
  }

  /**
   * Reads one row that contains a quote mark, starting at `pos`; emits it and returns where the next
   * row starts, or INCOMPLETE when the row may go on in bytes not given yet.
   */
  private quotedRow(input: Buffer, pos: number, final: boolean): number {
    const len = input.length;
    const dlen = this.dlen;
    const cells: string[] = [];
    this.problem = undefined;
    let cursor = pos;
    for (;;) {
      if (cursor >= len && !final) return INCOMPLETE;
      if (input[cursor] === 34) {
        const open = cursor + 1;
        let q = cursor;
        let closed = false;
        for (;;) {
          q = input.indexOf(34, q + 1);
          if (q === -1) {
            if (!final) return INCOMPLETE;
            this.problem ??= 'MissingQuotes';
            cells.push(Tokenizer.text(input, open, len));
            return this.finishRow(cells, input, pos, len, len);
          }
          if (q === len - 1) {
            if (!final) return INCOMPLETE;
            cells.push(unquote(Tokenizer.text(input, open, q)));
            return this.finishRow(cells, input, pos, len, len);
          }
          if (input[q + 1] === 34) {
            q++; // a doubled quote inside quotes
            continue;
          }
          const nd = this.nextDelimiter(input, q + 1);
          const nn = this.nextLineBreak(input, q + 1);
          if (nn === -1 && !final) return INCOMPLETE;
          const checkUpTo = nn === -1 ? nd : Math.min(nd, nn);
          const sp = checkUpTo === -1 ? 0 : Tokenizer.spacesBetween(input, q + 1, checkUpTo);
          if ((dlen === 1 ? input[q + 1 + sp] === this.d0 : this.delimiterAt(input, q + 1 + sp)) && q + 1 + sp < len) {
            cells.push(unquote(Tokenizer.text(input, open, q)));
            cursor = q + 1 + sp + dlen;
            closed = true;
            break;
          }
          const spn = nn === -1 ? 0 : Tokenizer.spacesBetween(input, q + 1, nn);
          const b = input[q + 1 + spn];
          if (b === 10 || b === 13) {
            cells.push(unquote(Tokenizer.text(input, open, q)));
            return this.finishRow(cells, input, pos, q + 1 + spn, Tokenizer.afterBreak(input, q + 1 + spn));
          }
          this.problem ??= 'InvalidQuotes';
          q++;
        }
        if (closed) continue;
      }
      const nd = this.nextDelimiter(input, cursor);
      const nn = this.nextLineBreak(input, cursor);
      if (nd !== -1 && (nd < nn || nn === -1)) {
        cells.push(input.toString('utf8', cursor, nd));
        cursor = nd + dlen;
        continue;
      }
      if (nn !== -1) {
        cells.push(input.toString('utf8', cursor, nn));
        return this.finishRow(cells, input, pos, nn, Tokenizer.afterBreak(input, nn));
      }
      if (!final) return INCOMPLETE;
      cells.push(input.toString('utf8', cursor, len));
      return this.finishRow(cells, input, pos, len, len);
    }
  }

  /** Emits a quoted row that spans `[pos, end)` and returns `next`. */
  private finishRow(cells: string[], input: Buffer, pos: number, end: number, next: number): number {
    if (end - pos > MAX_ROW_CHARS) throw this.tooLarge(input, pos);
    let lines = 1;
    for (let i = pos; i < end; i++) {
      const c = input[i];
      if (c === 10 || (c === 13 && input[i + 1] !== 10)) lines++;
    }
    this.line += lines;
    let problem: string | undefined;
    if (this.problem) {
      const longest = cells.reduce((a, c) => (c.length > a.length ? c : a), '');
      problem = describeQuoteError(this.problem, longest);
    }
    this.emit(cells, problem);
    return next;
  }

  private tooLarge(input: Buffer, pos: number): DataError {
    return rowTooLarge(this.file, input, pos, this.line, this.d0);
  }
}

/**
 * The `too-large` error for the row starting at byte `pos` (physical line `line`): whether the byte
 * past the limit lies inside an opened quote decides how the message explains it.
 */
function rowTooLarge(file: string, input: Uint8Array, pos: number, line: number, delimiterByte: number): DataError {
  const stop = Math.min(input.length, pos + MAX_ROW_CHARS + 1);
  let inQuote = false;
  let atFieldStart = true;
  for (let i = pos; i < stop; i++) {
    const c = input[i];
    if (inQuote) {
      if (c === 34) {
        if (input[i + 1] === 34) i++;
        else inQuote = false;
      }
      continue;
    }
    if (c === delimiterByte || c === 10 || c === 13) atFieldStart = true;
    else if (c === 34 && atFieldStart) {
      inQuote = true;
      atFieldStart = false;
    } else atFieldStart = false;
  }
  const why = inQuote
    ? 'a quote mark opened in it is never closed, so the lines after it were read into the same row'
    : 'the file may not be a table, or its line breaks are missing';
  const text = `a row starting at line ${line} is longer than ${MAX_ROW_CHARS.toLocaleString('en-US')} characters, the limit for one row; ${why}. Nothing of the file was used (rule too-large).`;
  return new DataError(`${file}: ${text}`, [makeIssue('error', 'too-large', { file }, text)]);
}

/** Byte offset of character `offset` of `text` (the UTF-8 bytes `bytes` decoded). */
function byteOffset(text: string, bytes: Buffer, offset: number): number {
  return text.length === bytes.length ? offset : Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/** Streams UTF-8 bytes through the preamble scanner and the tokenizer into the framer. */
async function parseTextChunks(chunks: AsyncIterable<Buffer>, sink: TableSink, options: TableReadOptions, info: TableReadInfo, state: DecodeState = {}): Promise<void> {
  const framer = new Framer(sink, false, info.file, true);
  const onProgress = options.onProgress;
  let tokenizer: Tokenizer | undefined;
  let delimiter: TableDelimiter = ',';
  let rowNumber = 0;
  let fed = false;

  function configure(p: Preamble): void {
    info.blankRows += p.blank;
    info.commentRows += p.comments;
    rowNumber = p.lines;
    if (options.delimiter && options.delimiter !== 'auto') {
      // a delimiter cannot hold a line break, a quote mark or a byte-order mark (nor be empty): those read as a comma
      delimiter = options.delimiter === '' || /[\r\n"\ufeff]/.test(options.delimiter) ? ',' : options.delimiter;
      info.delimiterSource = 'option';
    } else if (p.sepDelimiter) {
      delimiter = p.sepDelimiter;
      info.delimiterSource = 'sep-line';
    } else {
      delimiter = sniffDelimiter(p.headerLine ?? '');
      info.delimiterSource = 'sniffed';
    }
    info.delimiter = delimiter;
    const t = new Tokenizer(info.file, delimiter, p.lines + 1, () => framer.takeSpare(), (cells, problem) => {
      framer.push(cells, ++rowNumber, problem);
      if (framer.failure) t.stopped = true;
    });
    tokenizer = t;
    // the row the bytes decoded next start in (the rows emitted so far, the carried row included)
    state.nextRow = () => rowNumber + 1;
  }
  function feed(bytes: Buffer): void {
    if (bytes.length === 0) return;
    fed = true;
    tokenizer!.feed(bytes);
  }

  // the start of the file, until the preamble and the header line are known (decoded to text for that)
  let pending: Buffer = NO_BYTES;
  for await (const b of chunks) {
    if (tokenizer) {
      feed(b);
    } else {
      pending = pending.length ? Buffer.concat([pending, b]) : b;
      if (pending.length < 1 << 16) continue;
      const text = pending.toString('utf8');
      const preamble = scanPreamble(text, false);
      if (!preamble) {
        if (pending.length > MAX_ROW_CHARS) {
          // no header yet, and the line being read is over the row limit
          const start = Math.max(pending.lastIndexOf(10), pending.lastIndexOf(13)) + 1;
          const line = (text.slice(0, byteOffsetToChar(text, pending, start)).match(/\r\n|\r|\n/g) ?? []).length + 1;
          throw rowTooLarge(info.file, pending, start, line, 44);
        }
        continue;
      }
      configure(preamble);
      feed(pending.subarray(byteOffset(text, pending, preamble.offset)));
      pending = NO_BYTES;
    }
    if (tokenizer?.stopped) break;
    if (onProgress && tokenizer) onProgress(framer.rowsRead);
  }
  if (!tokenizer) {
    const text = pending.toString('utf8');
    const preamble = scanPreamble(text, true) ?? { lines: 0, blank: 0, comments: 0, offset: text.length };
    configure(preamble);
    feed(pending.subarray(byteOffset(text, pending, preamble.offset)));
  }
  if (!fed) {
    info.rowsRead = 0;
    return;
  }
  if (!tokenizer!.stopped) tokenizer!.end();
  if (!framer.failure) framer.finish();
  if (framer.failure) throw framer.failure;
  if (onProgress) onProgress(framer.rowsRead);
  info.headerRow = framer.headerRow;
  info.columns = framer.header ?? [];
  info.rowsRead = framer.rowsRead;
  info.blankRows += framer.blankRows;
}

/** Character offset in `text` of byte `offset` of its UTF-8 bytes `bytes`. */
function byteOffsetToChar(text: string, bytes: Buffer, offset: number): number {
  return text.length === bytes.length ? offset : bytes.subarray(0, offset).toString('utf8').length;
}

function unreadable(file: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? fsErrorSentence(err, file, 'read').replace(/^Could not read [^:]*: /, '').replace(/\.$/, '') : err instanceof Error ? err.message : String(err);
  const text = `the file cannot be read (${reason}).`;
  return new DataError(`${file}: ${text}`, [makeIssue('error', 'unreadable-file', { file }, text)]);
}

function detectFormat(path: string, options: TableReadOptions): TableFormat {
  if (options.format && options.format !== 'auto') return options.format;
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.xlsx' || ext === '.xls' || ext === '.ods' || ext === '.xlsm') return 'xlsx';
  return 'csv';
}

/**
 * Reads a table file (CSV/TSV/TXT streamed; JSON and XLSX read whole) and feeds its header and
 * data rows to `sink`.
 * @throws DataError (rule `unreadable-file`) when the file cannot be opened or parsed at all.
 */
export async function readTableFile(path: string, sink: TableSink, options: TableReadOptions = {}): Promise<TableReadInfo> {
  const file = options.fileLabel ?? basename(path);
  const format = detectFormat(path, options);
  if (format !== 'csv') {
    let buf: Buffer;
    try {
      const st = await stat(path);
      if (st.size > MAX_WHOLE_FILE_BYTES) {
        const text = `${format.toUpperCase()} files are read whole, and this one has ${st.size.toLocaleString('en-US')} bytes, more than the limit of ${MAX_WHOLE_FILE_BYTES.toLocaleString('en-US')}; save it as CSV, which is read as a stream (rule too-large).`;
        throw new DataError(`${file}: ${text}`, [makeIssue('error', 'too-large', { file }, text)]);
      }
      buf = await readFile(path);
    } catch (err) {
      throw unreadable(file, err);
    }
    return readTableBuffer(buf, sink, { ...options, fileLabel: file, format });
  }
  const info = emptyInfo(file, 'csv');
  const state: DecodeState = {};
  try {
    const before = await stat(path);
    if (before.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const source = createReadStream(path, { highWaterMark: CHUNK_CHARS });
    await parseTextChunks(decodeStream(source, state, options.encoding, file, info.issues), sink, options, info, state);
    const after = await stat(path);
    const read = state.bytes ?? 0;
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || read !== before.size) {
      const text = `the file changed while it was being read (${before.size.toLocaleString('en-US')} bytes at the start, ${after.size.toLocaleString('en-US')} at the end, ${read.toLocaleString('en-US')} read). Nothing of it was used: wait until the export or copy has finished and read it again (rule file-changed).`;
      throw new DataError(`${file}: ${text}`, [makeIssue('error', 'file-changed', { file }, text)]);
    }
  } catch (err) {
    throw unreadable(file, err);
  }
  finishEncoding(info, state.decoder);
  return info;
}

function finishEncoding(info: TableReadInfo, decoder: Decoder | undefined): void {
  info.encoding = decoder?.encoding ?? 'utf-8';
  info.encodingNote = decoder?.note ?? 'empty file';
}

async function* bufferChunks(buf: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += CHUNK_CHARS) yield buf.subarray(i, i + CHUNK_CHARS);
}


/** Reads a table held in memory as bytes (encoding detection as for files). */
export async function readTableBuffer(buf: Buffer | Uint8Array, sink: TableSink, options: TableReadOptions = {}): Promise<TableReadInfo> {
  const file = options.fileLabel ?? '<memory>';
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let format = options.format && options.format !== 'auto' ? options.format : undefined;
  if (!format) {
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) format = 'xlsx';
    else if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) format = 'xlsx';
    else format = 'csv';
  }
  if (format === 'xlsx') return readXlsx(bytes, sink, file);
  if (format === 'json') {
    const state: { decoder?: Decoder } = {};
    const issues: DataIssue[] = [];
    const decoder = makeDecoder(bytes.subarray(0, 1 << 16), options.encoding, file, issues);
    state.decoder = decoder;
    const text = Buffer.concat([decoder.write(bytes), decoder.end()]).toString('utf8');
    const info = readJsonText(text, sink, file);
    info.issues.push(...issues);
    finishEncoding(info, decoder);
    return info;
  }
  const info = emptyInfo(file, 'csv');
  const state: DecodeState = {};
  try {
    await parseTextChunks(decodeStream(bufferChunks(bytes), state, options.encoding, file, info.issues), sink, options, info, state);
  } catch (err) {
    throw unreadable(file, err);
  }
  finishEncoding(info, state.decoder);
  return info;
}

/**
 * Reads a table held in memory as text (already decoded). A text whose first non-blank character
 * is `[` is read as JSON (an array of objects), otherwise as delimited text, through its UTF-8 bytes
 * like a file (a lone surrogate, which no file can hold, reads as U+FFFD).
 * @example
 * const rows: string[][] = [];
 * const info = await readTableString('sep=;\n# note\na;b\n1;2\n', {
 *   header() {},
 *   row(cells, row) { rows.push([String(row), ...cells]); },
 * });
 * // info.delimiter === ';', info.headerRow === 3, rows → [['4', '1', '2']]
 */
export async function readTableString(text: string, sink: TableSink, options: TableReadOptions = {}): Promise<TableReadInfo> {
  const file = options.fileLabel ?? '<memory>';
  const format = options.format && options.format !== 'auto' ? options.format : /^\s*\[/.test(text) ? 'json' : 'csv';
  if (format === 'json') return readJsonText(text, sink, file);
  if (format === 'xlsx') throw new DataError(`${file}: XLSX input must be given as bytes, not text.`, [makeIssue('error', 'unreadable-file', { file }, 'XLSX input must be given as bytes, not text.')]);
  const info = emptyInfo(file, 'csv');
  try {
    await parseTextChunks(bufferChunks(Buffer.from(text, 'utf8')), sink, options, info);
  } catch (err) {
    throw unreadable(file, err);
  }
  info.encoding = 'utf-8';
  info.encodingNote = 'text given in memory';
  return info;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return JSON.stringify(v);
}

/**
 * JSON input: an array of objects, one per row. The header is the union of the keys in order of
 * first appearance; element i (0-based) gets row number i + 2, as if the array had been exported to
 * a sheet with a header row.
 */
function readJsonText(text: string, sink: TableSink, file: string): TableReadInfo {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    throw unreadable(file, new Error(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`));
  }
  if (!Array.isArray(data)) throw unreadable(file, new Error('JSON input must be an array of objects, one per row'));
  const info = emptyInfo(file, 'json');
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const el of data) {
    if (el && typeof el === 'object' && !Array.isArray(el)) {
      for (const k of Object.keys(el)) {
        if (!seen.has(k)) {
          seen.add(k);
          keys.push(k);
        }
      }
    }
  }
  const framer = new Framer(sink, false, file);
  framer.push(keys, 1);
  for (let i = 0; i < data.length; i++) {
    const el = data[i];
    if (!el || typeof el !== 'object' || Array.isArray(el)) {
      framer.rowsRead++;
      sink.row([], i + 2, `entry ${i + 1} of the JSON array is not an object`);
      continue;
    }
    const obj = el as Record<string, unknown>;
    const cells = keys.map((k) => cellText(obj[k]));
    framer.push(cells, i + 2);
  }
  if (framer.failure) throw framer.failure;
  info.headerRow = 1;
  info.columns = framer.header ?? [];
  info.rowsRead = framer.rowsRead;
  info.blankRows = framer.blankRows;
  return info;
}

interface XlsxModule {
  read(data: Buffer, opts: Record<string, unknown>): { SheetNames: string[]; Sheets: Record<string, Record<string, unknown>> };
  utils: { decode_range(ref: string): { s: { r: number; c: number }; e: { r: number; c: number } }; encode_cell(c: { r: number; c: number }): string };
  SSF: { is_date(fmt: string): boolean; parse_date_code(v: number): { y: number; m: number; d: number } };
}

let xlsxModule: XlsxModule | undefined;
function loadXlsx(): XlsxModule {
  if (!xlsxModule) xlsxModule = createRequire(import.meta.url)('xlsx') as XlsxModule;
  return xlsxModule;
}

interface XlsxCell {
  t: string;
  v?: unknown;
  w?: string;
  z?: string;
}

/** XLSX/XLS/ODS: the first sheet, rows numbered as the sheet numbers them. */
function readXlsx(bytes: Buffer, sink: TableSink, file: string): TableReadInfo {
  const XLSX = loadXlsx();
  let wb: ReturnType<XlsxModule['read']>;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellNF: true, cellDates: false, dense: false });
  } catch (err) {
    throw unreadable(file, err);
  }
  const info = emptyInfo(file, 'xlsx');
  const name = wb.SheetNames[0];
  const ws = name ? wb.Sheets[name] : undefined;
  const ref = ws?.['!ref'] as string | undefined;
  if (!ws || !ref) return info;
  const range = XLSX.utils.decode_range(ref);
  const framer = new Framer(sink, true, file);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })] as XlsxCell | undefined;
      if (!cell) {
        cells.push('');
        continue;
      }
      if (cell.t === 'n' && typeof cell.v === 'number' && cell.z && XLSX.SSF.is_date(cell.z)) {
        const d = XLSX.SSF.parse_date_code(cell.v);
        cells.push(`${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`);
      } else if (cell.t === 'e') {
        cells.push(cell.w ?? '#ERROR');
      } else {
        cells.push(cellText(cell.v));
      }
    }
    framer.push(cells, r + 1);
  }
  if (framer.failure) throw framer.failure;
  info.headerRow = framer.headerRow;
  info.columns = framer.header ?? [];
  info.rowsRead = framer.rowsRead;
  info.blankRows = framer.blankRows;
  info.commentRows = framer.commentRows;
  return info;
}
