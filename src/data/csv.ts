/**
 * The generic table reader: a file (CSV/TSV text, JSON or XLSX) in, rows of strings out through
 * callbacks, with spreadsheet row numbers. It knows nothing about measurements; the measurement
 * loader, the generic row validator and (later) the registration loaders all sit on top of it.
 *
 * Text files are streamed through papaparse. Before parsing, the reader
 * - detects the encoding: a UTF-8 byte-order mark → UTF-8; a UTF-16 LE mark (Excel's "Unicode text")
 *   → UTF-16 LE; otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what Dutch Excel
 *   writes for "CSV (gescheiden door lijstscheidingsteken)"); the result says which and why;
 * - skips the preamble: blank lines, `#` comment lines (synthetic sample files start with
 *   `# SYNTHETIC DATA …`) and Excel's `sep=;` line, which also fixes the delimiter;
 * - sniffs the delimiter among comma, semicolon and tab from the header line (the most frequent one
 *   outside quotes wins).
 *
 * Row numbers are the ones a spreadsheet shows when the file is opened in Excel or LibreOffice:
 * every line counts (comment and blank lines too), but a line break inside a quoted field does not
 * start a new row. The header is therefore row 1 only when there is no preamble.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { DataError, makeIssue, type DataIssue } from './issues.js';

/** How the bytes of a text file were decoded. */
export type TableEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252' | (string & {});

/** The field delimiters the reader sniffs among. */
export type TableDelimiter = ',' | ';' | '\t';

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

interface Decoder {
  encoding: TableEncoding;
  note: string;
  write(buf: Buffer): string;
  end(): string;
}

function makeDecoder(first: Buffer, requested: string | undefined, file: string, issues: DataIssue[]): Decoder {
  const req = requested && requested !== 'auto' ? requested.toLowerCase() : undefined;
  if (req) {
    if (!iconv.encodingExists(req)) {
      throw new DataError(`${file}: unknown encoding "${requested}"; use utf-8, windows-1252 or utf-16le.`, [
        makeIssue('error', 'encoding', { file }, `unknown encoding "${requested}"; use utf-8, windows-1252 or utf-16le.`),
      ]);
    }
    const dec = iconv.getDecoder(req, { stripBOM: true });
    return { encoding: req, note: `read as ${req} (as requested)`, write: (b) => dec.write(b), end: () => dec.end() ?? '' };
  }
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    const td = new TextDecoder('utf-8');
    return { encoding: 'utf-8-bom', note: 'UTF-8 with byte-order mark', write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
  }
  if (first.length >= 2 && first[0] === 0xff && first[1] === 0xfe) {
    const dec = iconv.getDecoder('utf-16le', { stripBOM: true });
    return { encoding: 'utf-16le', note: 'UTF-16 LE with byte-order mark (Excel "Unicode text")', write: (b) => dec.write(b), end: () => dec.end() ?? '' };
  }
  let valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
  } catch {
    valid = false;
  }
  if (!valid) {
    const dec = iconv.getDecoder('win1252');
    return {
      encoding: 'windows-1252',
      note: 'not valid UTF-8; read as Windows-1252, the encoding Dutch Excel uses for CSV',
      write: (b) => dec.write(b),
      end: () => dec.end() ?? '',
    };
  }
  // Valid UTF-8 so far: keep decoding strictly; fall back to Windows-1252 if a later chunk is not.
  let strict: TextDecoder | undefined = new TextDecoder('utf-8', { fatal: true });
  const fallback = iconv.getDecoder('win1252');
  const decoder: Decoder = {
    encoding: 'utf-8',
    note: 'UTF-8 without byte-order mark',
    write(b) {
      if (strict) {
        try {
          return strict.decode(b, { stream: true });
        } catch {
          strict = undefined;
          decoder.encoding = 'windows-1252';
          decoder.note = 'started as valid UTF-8 but later bytes are not; the rest was read as Windows-1252';
          issues.push(
            makeIssue('warning', 'encoding', { file }, 'the file starts as UTF-8 but later contains bytes that are not UTF-8; the rest was read as Windows-1252. Save the file as "CSV UTF-8" to be sure accented letters are right.'),
          );
        }
      }
      return fallback.write(b);
    },
    end() {
      if (strict) {
        try {
          return strict.decode();
        } catch {
          return '\ufffd';
        }
      }
      return fallback.end() ?? '';
    },
  };
  return decoder;
}

async function* decodeStream(source: AsyncIterable<Buffer>, state: { decoder?: Decoder }, requested: string | undefined, file: string, issues: DataIssue[]): AsyncGenerator<string> {
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (!state.decoder) state.decoder = makeDecoder(buf, requested, file, issues);
    const s = state.decoder.write(buf);
    if (s) yield s;
  }
  if (state.decoder) {
    const tail = state.decoder.end();
    if (tail) yield tail;
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
    const sep = p.lines === 0 ? /^"?sep=(.)"?[,;\t]*$/i.exec(trimmed) : null;
    if (sep && (sep[1] === ',' || sep[1] === ';' || sep[1] === '\t')) {
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
    if (c.length !== 0 && c.trim().length !== 0) return false;
  }
  return true;
}

class Framer {
  header: string[] | undefined;
  headerRow = 0;
  rowsRead = 0;
  blankRows = 0;
  commentRows = 0;
  constructor(private readonly sink: TableSink, private readonly allowPreamble: boolean) {}

  push(cells: string[], row: number, problem?: string): void {
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
      this.header = cleanHeader(cells);
      this.headerRow = row;
      this.sink.header(this.header, row);
      return;
    }
    if (!problem && isBlankRow(cells)) {
      this.blankRows++;
      return;
    }
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
    this.sink.row(cells, row, problem);
  }
}

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

function emptyInfo(file: string, format: TableFormat): TableReadInfo {
  return { file, format, headerRow: 0, columns: [], rowsRead: 0, blankRows: 0, commentRows: 0, issues: [] };
}

function describeQuoteError(code: string, field: string | undefined): string {
  const breaks = field ? (field.match(/\r\n|\r|\n/g) ?? []).length : 0;
  const tail = breaks > 0 ? ` (the broken field runs over ${breaks} line break${breaks === 1 ? '' : 's'}, so the lines after it were read into this row)` : '';
  if (code === 'MissingQuotes') return `a quoted value is never closed${tail}`;
  if (code === 'InvalidQuotes') return `a quote mark appears inside a quoted value without being doubled${tail}`;
  return `the row could not be parsed (${code})${tail}`;
}

/** Streams decoded text through the preamble scanner and papaparse into the framer. */
async function parseTextChunks(chunks: AsyncIterable<string>, sink: TableSink, options: TableReadOptions, info: TableReadInfo): Promise<void> {
  const framer = new Framer(sink, false);
  const onProgress = options.onProgress;
  let preamble: Preamble | undefined;

  async function* body(): AsyncGenerator<string> {
    let pending = '';
    for await (const s of chunks) {
      if (preamble) {
        yield s;
        continue;
      }
      pending += s;
      if (pending.length < 1 << 16) continue;
      preamble = scanPreamble(pending, false);
      if (preamble) {
        const rest = pending.slice(preamble.offset);
        pending = '';
        configure(preamble);
        if (rest) yield rest;
      }
    }
    if (!preamble) {
      preamble = scanPreamble(pending, true) ?? { lines: 0, blank: 0, comments: 0, offset: pending.length };
      configure(preamble);
      const rest = pending.slice(preamble.offset);
      if (rest) yield rest;
    }
  }

  let delimiter: TableDelimiter = ',';
  let rowOffset = 0;
  function configure(p: Preamble): void {
    info.blankRows += p.blank;
    info.commentRows += p.comments;
    rowOffset = p.lines;
    if (options.delimiter && options.delimiter !== 'auto') {
      delimiter = options.delimiter;
      info.delimiterSource = 'option';
    } else if (p.sepDelimiter) {
      delimiter = p.sepDelimiter;
      info.delimiterSource = 'sep-line';
    } else {
      delimiter = sniffDelimiter(p.headerLine ?? '');
      info.delimiterSource = 'sniffed';
    }
    info.delimiter = delimiter;
  }

  // papaparse's stream reader needs the delimiter up front, so the preamble is resolved by pulling
  // the first chunk(s) before handing the stream over.
  const it = body()[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) {
    info.rowsRead = 0;
    return;
  }
  const stream = Readable.from(
    (async function* () {
      yield first.value;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value;
      }
    })(),
  );

  let recordIndex = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(stream as unknown as NodeJS.ReadableStream, {
      delimiter,
      quoteChar: '"',
      skipEmptyLines: false,
      chunk(results: Papa.ParseResult<string[]>) {
        const data = results.data;
        let problems: Map<number, string> | undefined;
        if (results.errors.length) {
          problems = new Map();
          for (const e of results.errors) {
            const idx = typeof e.row === 'number' && e.row >= 0 && e.row < data.length ? e.row : data.length - 1;
            if (idx < 0) continue;
            const row = data[idx];
            const longest = row ? row.reduce((a, c) => (c.length > a.length ? c : a), '') : '';
            if (!problems.has(idx)) problems.set(idx, describeQuoteError(e.code, longest));
          }
        }
        for (let i = 0; i < data.length; i++) {
          const rowNumber = rowOffset + recordIndex + 1;
          recordIndex++;
          framer.push(data[i], rowNumber, problems?.get(i));
        }
        if (onProgress) onProgress(framer.rowsRead);
      },
      complete() {
        resolve();
      },
      error(err: Error) {
        reject(err);
      },
    } as Papa.ParseConfig<string[]> as never);
  });
  info.headerRow = framer.headerRow;
  info.columns = framer.header ?? [];
  info.rowsRead = framer.rowsRead;
  info.blankRows += framer.blankRows;
}

function unreadable(file: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const reason = err instanceof Error ? err.message : String(err);
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
      buf = await readFile(path);
    } catch (err) {
      throw unreadable(file, err);
    }
    return readTableBuffer(buf, sink, { ...options, fileLabel: file, format });
  }
  const info = emptyInfo(file, 'csv');
  const state: { decoder?: Decoder } = {};
  try {
    const source = createReadStream(path, { highWaterMark: CHUNK_CHARS });
    await parseTextChunks(decodeStream(source, state, options.encoding, file, info.issues), sink, options, info);
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

async function* stringChunks(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += CHUNK_CHARS) yield text.slice(i, i + CHUNK_CHARS);
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
    const text = decoder.write(bytes) + decoder.end();
    const info = readJsonText(text, sink, file);
    info.issues.push(...issues);
    finishEncoding(info, decoder);
    return info;
  }
  const info = emptyInfo(file, 'csv');
  const state: { decoder?: Decoder } = {};
  try {
    await parseTextChunks(decodeStream(bufferChunks(bytes), state, options.encoding, file, info.issues), sink, options, info);
  } catch (err) {
    throw unreadable(file, err);
  }
  finishEncoding(info, state.decoder);
  return info;
}

/**
 * Reads a table held in memory as text (already decoded). A text whose first non-blank character
 * is `[` is read as JSON (an array of objects), otherwise as delimited text.
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
    await parseTextChunks(stringChunks(text), sink, options, info);
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
  const framer = new Framer(sink, false);
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
  const framer = new Framer(sink, true);
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
  info.headerRow = framer.headerRow;
  info.columns = framer.header ?? [];
  info.rowsRead = framer.rowsRead;
  info.blankRows = framer.blankRows;
  info.commentRows = framer.commentRows;
  return info;
}
