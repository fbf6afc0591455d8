import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  parseNumber,
  explainNumber,
  sniffDelimiter,
  cleanHeader,
  readTableFile,
  readTableString,
  readTableBuffer,
  isMissingCell,
  type TableSink,
} from '../../src/data/csv.js';
import { DataError } from '../../src/data/issues.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));

interface Collected {
  header: string[];
  headerRow: number;
  rows: Array<{ cells: string[]; row: number; problem?: string }>;
}

function collector(): { sink: TableSink; got: Collected } {
  const got: Collected = { header: [], headerRow: 0, rows: [] };
  return {
    got,
    sink: {
      header(columns, row) {
        got.header = columns;
        got.headerRow = row;
      },
      row(cells, row, problem) {
        got.rows.push({ cells: [...cells], row, ...(problem ? { problem } : {}) });
      },
    },
  };
}

describe('parseNumber', () => {
  it('accepts decimal points, decimal commas and surrounding spaces (doc example)', () => {
    expect(parseNumber(' 3,5 ')).toBe(3.5);
    expect(parseNumber('4')).toBe(4);
    expect(parseNumber('NA')).toBeNull();
    expect(Number.isNaN(parseNumber('1.234,5'))).toBe(true);
    expect(parseNumber('3.25')).toBe(3.25);
    expect(parseNumber('-2')).toBe(-2);
    expect(parseNumber('+2')).toBe(2);
    expect(parseNumber(',5')).toBe(0.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('\u00a07\u00a0')).toBe(7);
    expect(parseNumber('1,234')).toBe(1.234); // a single comma is always a decimal comma
  });
  it('treats empty cells and missing tokens as missing (null)', () => {
    for (const s of ['', '   ', 'NA', 'n/a', 'NaN', '.', 'nvt', 'n.v.t.', '#N/A']) {
      expect(parseNumber(s)).toBeNull();
      expect(isMissingCell(s)).toBe(true);
    }
  });
  it('rejects ambiguous or malformed numbers with a reason', () => {
    for (const s of ['3,5,1', '1.234,5', '1,234.5', 'abc', '3 4', '0x10', 'Infinity', '1_000', '--1', '1.2.3']) {
      expect(Number.isNaN(parseNumber(s)), s).toBe(true);
    }
    expect(explainNumber('3,5,1')).toBe('it has more than one comma; write one decimal comma at most, e.g. 3,5');
    expect(isMissingCell(' n.v.t. ')).toBe(true);
    expect(explainNumber('1.234,5')).toMatch(/mixes a decimal point and a decimal comma/);
    expect(explainNumber('1.2.3')).toMatch(/more than one decimal point/);
    expect(explainNumber('abc')).toBe('it is not a number');
  });
});

describe('delimiter and header helpers', () => {
  it('sniffs the most frequent delimiter outside quotes (doc example)', () => {
    expect(sniffDelimiter('participant_id;group;wave')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a,b;c,d')).toBe(',');
    expect(sniffDelimiter('"a;b;c",d')).toBe(',');
    expect(sniffDelimiter('single')).toBe(',');
  });
  it('cleans the header: trims, drops empty trailing cells, names empty inner cells', () => {
    expect(cleanHeader([' a ', '', 'c', '', ' '])).toEqual(['a', 'column_2', 'c']);
  });
});

describe('readTableFile: real files with every quirk', () => {
  it('semicolons, decimal commas and Windows-1252 bytes (Dutch Excel)', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('semicolon-cp1252.csv'), sink);
    expect(info.encoding).toBe('windows-1252');
    expect(info.encodingNote).toMatch(/not valid UTF-8; read as Windows-1252/);
    expect(info.delimiter).toBe(';');
    expect(info.delimiterSource).toBe('sniffed');
    expect(info.commentRows).toBe(1);
    expect(got.headerRow).toBe(2);
    expect(got.header).toEqual(['participant_id', 'group', 'wave', 'site', 'age', 'nosik_01', 'psoc_total']);
    expect(got.rows.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(got.rows[0].cells[3]).toBe('Café De Kroon');
    expect(got.rows[1].cells[3]).toBe('Ûtrecht-Zuid');
    expect(got.rows[0].cells[4]).toBe('31,5');
    expect(parseNumber(got.rows[0].cells[4])).toBe(31.5);
  });

  it('UTF-8 with byte-order mark: BOM stripped from the first header cell', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('utf8-bom.csv'), sink);
    expect(info.encoding).toBe('utf-8-bom');
    expect(got.header[0]).toBe('participant_id');
    expect(got.rows[0].cells[3]).toBe('Café');
    expect(got.rows[1].cells[3]).toBe('Zoë');
  });

  it('UTF-16 LE "Unicode text" from Excel, tab-delimited', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('utf16-tab.txt'), sink);
    expect(info.encoding).toBe('utf-16le');
    expect(info.delimiter).toBe('\t');
    expect(got.header).toEqual(['participant_id', 'group', 'wave', 'site', 'nosik_01']);
    expect(got.rows[0].cells).toEqual(['HS-0001', 'homestart', 'T1', 'Café', '4']);
  });

  it('tab-delimited', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('tab-delimited.tsv'), sink);
    expect(info.delimiter).toBe('\t');
    expect(info.encoding).toBe('utf-8');
    expect(got.rows[1].cells).toEqual(['HS-0002', 'homestart', 'T1', '2', '3,5']);
  });

  it('quoted fields with embedded newlines and delimiters keep spreadsheet row numbers', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('quoted-newline.csv'), sink);
    expect(info.rowsRead).toBe(4);
    expect(got.rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(got.rows[0].cells[3]).toBe('Dalfsen,\nOost'); // line endings are normalised to \n, also inside quotes
    expect(got.rows[1].cells[3]).toBe('Zwolle "Zuid"; centrum');
    expect(got.rows[2].cells[3]).toBe('a\nb\nc');
    expect(got.rows[3].cells).toEqual(['HS-0004', 'control', 'T1', 'Raalte', '2']);
  });

  it('blank lines are counted as rows but are not data rows', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('blank-lines.csv'), sink);
    expect(got.headerRow).toBe(2);
    expect(got.rows.map((r) => r.row)).toEqual([4, 7, 9]);
    expect(info.rowsRead).toBe(3);
    // line 1, 3, 5, 6, 8 (",,," only delimiters), 10 (trailing)
    expect(info.blankRows).toBe(6);
  });

  it('trailing delimiters: empty trailing header cells dropped, extra values flagged', async () => {
    const { sink, got } = collector();
    await readTableFile(fixture('trailing-delimiters.csv'), sink);
    expect(got.header).toEqual(['participant_id', 'group', 'wave', 'nosik_01', 'nosik_02']);
    expect(got.rows[0].problem).toBeUndefined();
    expect(got.rows[1].problem).toBeUndefined();
    expect(got.rows[2].problem).toMatch(/the row has 8 values but the header has 5 columns/);
  });

  it("Excel's sep=; line fixes the delimiter and counts as a row", async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('sep-line.csv'), sink);
    expect(info.delimiter).toBe(';');
    expect(info.delimiterSource).toBe('sep-line');
    expect(got.headerRow).toBe(2);
    expect(got.rows.map((r) => r.row)).toEqual([3, 4]);
  });

  it('leading # comment lines are skipped but counted', async () => {
    const { sink, got } = collector();
    const info = await readTableFile(fixture('comments.csv'), sink);
    expect(info.commentRows).toBe(2);
    expect(got.headerRow).toBe(3);
    expect(got.rows.map((r) => r.row)).toEqual([4, 5]);
  });

  it('an unreadable file is a DataError with rule unreadable-file', async () => {
    const { sink } = collector();
    const err = await readTableFile(fixture('does-not-exist.csv'), sink).catch((e) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err.issues[0].rule).toBe('unreadable-file');
  });
});

describe('readTableString / readTableBuffer', () => {
  it('a file that stops being UTF-8 after the first megabyte: the warning names the row, earlier rows stay UTF-8', async () => {
    const body = Array.from({ length: 60_000 }, (_, i) => `HS-${i},homestart,Site ${i},${(i % 6) + 1}`).join('\n');
    const bytes = Buffer.concat([
      Buffer.from(`participant_id,group,site,nosik_01\n${body}\nHS-x,control,Zoë,3\n`, 'utf8'),
      Buffer.from('HS-y,control,Café,4\nHS-z,homestart,Ûtrecht,5\n', 'latin1'), // Windows-1252 bytes
    ]);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    const { sink, got } = collector();
    const info = await readTableBuffer(bytes, sink, { fileLabel: 'export.csv' });
    const last = got.rows.slice(-3);
    expect(last.map((r) => r.row)).toEqual([60_002, 60_003, 60_004]);
    expect(last.map((r) => r.cells[2])).toEqual(['Zoë', 'Café', 'Ûtrecht']);
    expect(info.encoding).toBe('windows-1252');
    expect(info.issues).toHaveLength(1);
    expect(info.issues[0]).toMatchObject({ severity: 'warning', rule: 'encoding', row: 60_003 });
    expect(info.issues[0].message).toBe(
      'export.csv, row 60003: the file starts as UTF-8 but this row contains bytes that are not UTF-8; from there on it was read as Windows-1252. Save the file as "CSV UTF-8" to be sure accented letters are right.',
    );
  });

  it('doc example: sep line, comment, header row 3', async () => {
    const rows: string[][] = [];
    const info = await readTableString('sep=;\n# note\na;b\n1;2\n', {
      header() {},
      row(cells, row) {
        rows.push([String(row), ...cells]);
      },
    });
    expect(info.delimiter).toBe(';');
    expect(info.headerRow).toBe(3);
    expect(rows).toEqual([['4', '1', '2']]);
  });

  it('a broken quote makes one malformed row, reported with the line breaks it swallowed', async () => {
    const { sink, got } = collector();
    const info = await readTableString('a,b\n1,"x\n2,3\n4,5\n', sink);
    expect(info.rowsRead).toBe(1);
    expect(got.rows[0].problem).toMatch(/a quoted value is never closed \(the broken field runs over 3 line breaks/);
  });

  it('honours an explicit delimiter and a given encoding', async () => {
    const { sink, got } = collector();
    await readTableString('a;b,c\n1;2,3\n', sink, { delimiter: ',' });
    expect(got.header).toEqual(['a;b', 'c']);
    for (const delimiter of ['', '"', '\n']) {
      const c = collector();
      await readTableString('a,b\n1,2\n', c.sink, { delimiter });
      expect(c.got.header, JSON.stringify(delimiter)).toEqual(['a', 'b']);
      expect(c.got.rows[0].cells).toEqual(['1', '2']);
    }
    const c2 = collector();
    const info = await readTableBuffer(Buffer.from([0x61, 0x0a, 0xe9, 0x0a]), c2.sink, { encoding: 'latin1' });
    expect(info.encoding).toBe('latin1');
    expect(c2.got.rows[0].cells).toEqual(['é']);
  });

  it('falls back to Windows-1252 when invalid UTF-8 appears only after the first chunk', async () => {
    const head = Buffer.from('v\n' + 'a\n'.repeat(600_000), 'utf8'); // > 1 MiB of ASCII
    const tail = Buffer.from([0xe9, 0x0a]);
    const { sink, got } = collector();
    const info = await readTableBuffer(Buffer.concat([head, tail]), sink);
    expect(info.encoding).toBe('windows-1252');
    expect(info.issues.map((i) => i.rule)).toEqual(['encoding']);
    expect(got.rows[got.rows.length - 1].cells).toEqual(['é']);
    expect(got.rows[got.rows.length - 1].row).toBe(600_002);
  });

  it('a quote error in the last, unfinished row is that row\'s problem, not the row before it', async () => {
    const { sink, got } = collector();
    const info = await readTableString('a,b\n1,2\n"x"y,3', sink);
    expect(info.rowsRead).toBe(2);
    expect(got.rows[0]).toEqual({ cells: ['1', '2'], row: 2 });
    expect(got.rows[1].row).toBe(3);
    expect(got.rows[1].problem).toMatch(/a quote mark appears inside a quoted value without being doubled/);
  });

  it('chunk boundaries: a UTF-8 character, a CR LF pair and a quoted line break cut in two are read whole', async () => {
    const CHUNK = 1 << 20;
    for (const [cut, tail] of [
      ['é', 'é,x\n'],
      ['\r', '\r\nq,"r\r\ns"\r\n'],
    ] as const) {
      const head = 'v,w\n' + 'a,b\n'.repeat(1000);
      const pad = 'z'.repeat(CHUNK - 1 - head.length); // the cut character starts on the last byte of the first chunk
      const buf = Buffer.from(head + pad + tail, 'utf8');
      expect(buf[CHUNK - 1]).toBe(cut === 'é' ? 0xc3 : 0x0d);
      const { sink, got } = collector();
      const info = await readTableBuffer(buf, sink);
      expect(info.encoding).toBe('utf-8');
      expect(info.issues).toEqual([]);
      const last = got.rows[got.rows.length - 1];
      if (cut === 'é') expect(got.rows[got.rows.length - 1].cells).toEqual([pad + 'é', 'x']);
      else {
        expect(got.rows[got.rows.length - 2].cells).toEqual([pad]);
        expect(last.cells).toEqual(['q', 'r\ns']);
        expect(last.row).toBe(got.rows[got.rows.length - 2].row + 1);
      }
    }
  });

  it('simply quoted cells ("0;3", quoted lists) read as the text between their quotes; any other quote as before', async () => {
    // cells of every kind beside each other: plain, simply quoted (delimiters, semicolons, a multi-byte character,
    // empty), and quoted with a doubled quote or a line break inside (the careful path's), after LF, CR LF and CR
    const kinds = [
      ['p1', 'p1'],
      ['"0;3"', '0;3'],
      ['"Wegwijs maken, netwerk vergroten"', 'Wegwijs maken, netwerk vergroten'],
      ['"één;twee"', 'één;twee'],
      ['""', ''],
      ['"a ""b"" c"', 'a "b" c'],
      ['"r\ns"', 'r\ns'],
      ['"abcd"', 'abcd'],
      ['"xy"', 'xy'],
    ] as const;
    for (const eol of ['\n', '\r\n', '\r']) {
      const rows: string[][] = [];
      const lines: string[] = [];
      for (let i = 0; i < 400; i++) {
        const picks = [i % kinds.length, (i * 7 + 3) % kinds.length, (i * 5 + 1) % kinds.length];
        lines.push([`id${i % 3}`, ...picks.map((k) => kinds[k][0])].join(','));
        rows.push([`id${i % 3}`, ...picks.map((k) => kinds[k][1])]);
      }
      const { sink, got } = collector();
      const info = await readTableString(`id,a,b,c${eol}${lines.join(eol)}${eol}`, sink);
      expect(info.rowsRead).toBe(400);
      expect(got.rows.map((r) => r.cells)).toEqual(rows);
      expect(got.rows.every((r) => r.problem === undefined)).toBe(true);
      // spreadsheet rows (a quoted line break is not a row)
      expect(got.rows.map((r) => r.row)).toEqual(rows.map((_, i) => i + 2));
    }
    // a quote that does not close a whole cell stays the careful path's: text after the closing quote is an
    // error (and runs on to a quote that closes), a quote inside a cell an ordinary character, spaces after the
    // closing quote are dropped, a quote never closed swallows the rest
    const read = async (text: string) => {
      const { sink, got } = collector();
      await readTableString(text, sink);
      return got.rows;
    };
    const broken = await read('a,b\n"x"y,1\nz,2\n');
    expect(broken).toHaveLength(1);
    expect(broken[0].problem).toMatch(/a quote mark appears inside a quoted value without being doubled \(the broken field runs over 2 line breaks/);
    expect(await read('a,b\nx"y",2\n"ok" ,3\n" ok",4\n')).toEqual([
      { cells: ['x"y"', '2'], row: 2 },
      { cells: ['ok', '3'], row: 3 },
      { cells: [' ok', '4'], row: 4 },
    ]);
    const open = await read('a,b\n"ok",3\n"open,4\nq,5\n');
    expect(open[0]).toEqual({ cells: ['ok', '3'], row: 2 });
    expect(open[1].problem).toMatch(/a quoted value is never closed/);
  });

  it('a simply quoted cell cut by a chunk boundary at any byte is read whole', async () => {
    const CHUNK = 1 << 20;
    const tail = '"één;2",x\r\n"3",y\r\n';
    for (let shift = 0; shift < 12; shift++) {
      const head = 'v,w\n' + 'a,b\n'.repeat(1000);
      const pad = 'z'.repeat(CHUNK - head.length - shift);
      const { sink, got } = collector();
      await readTableBuffer(Buffer.from(`${head}${pad}\n${tail}`, 'utf8'), sink);
      expect(got.rows.slice(-2), `boundary ${shift} bytes before the row`).toEqual([
        { cells: ['één;2', 'x'], row: 1003 },
        { cells: ['3', 'y'], row: 1004 },
      ]);
    }
  });

  it('a sink that copies what it keeps (copiesCells) gets the same rows, in arrays filled again', async () => {
    // blank rows, quoted rows, short and long rows, CR LF, and more than one chunk of text between them
    const body: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      body.push(i % 7 === 0 ? '' : i % 11 === 0 ? `"q,${i}",x${i % 3},${i}` : i % 13 === 0 ? `p${i},y` : `p${i % 50},g${i % 2},${i % 25}`);
    }
    const text = 'id,g,n\r\n' + body.join('\r\n') + '\r\n';
    const plain = collector();
    await readTableString(text, plain.sink);
    const arrays = new Set<string[]>();
    const copied: Collected['rows'] = [];
    const info = await readTableString(text, {
      header() {},
      row(cells, row, problem) {
        arrays.add(cells);
        copied.push({ cells: [...cells], row, ...(problem ? { problem } : {}) });
      },
      copiesCells: true,
    });
    expect(copied).toEqual(plain.got.rows);
    expect(info.blankRows).toBe(Math.ceil(60_000 / 7));
    // rows with quote marks get an array of their own; rows without them take turns in a few
    arrays.clear();
    await readTableString('id,g\n' + 'a,b\n'.repeat(50_000), { header() {}, row: (cells) => void arrays.add(cells), copiesCells: true });
    expect(arrays.size).toBeLessThanOrEqual(3);
  });

  it('JSON: array of objects, keys in order of first appearance, rows numbered from 2', async () => {
    const { sink, got } = collector();
    const info = await readTableString(JSON.stringify([{ a: 1, b: 'x' }, { b: null, c: true }, 5]), sink);
    expect(info.format).toBe('json');
    expect(got.header).toEqual(['a', 'b', 'c']);
    expect(got.rows[0]).toEqual({ cells: ['1', 'x', ''], row: 2 });
    expect(got.rows[1]).toEqual({ cells: ['', '', 'true'], row: 3 });
    expect(got.rows[2].problem).toMatch(/entry 3 of the JSON array is not an object/);
    const err = await readTableString('{"a":1}', collector().sink, { format: 'json' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/array of objects/);
  });

  it('XLSX: first sheet, numbers and dates as text, sheet row numbers', async () => {
    const XLSX = createRequire(import.meta.url)('xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['# SYNTHETIC DATA'],
      [],
      ['participant_id', 'group', 'wave', 'date', 'nosik_01'],
      ['HS-0001', 'homestart', 'T1', new Date(Date.UTC(2024, 2, 1)), 4],
      [],
      ['HS-0002', 'control', 'T1', '1-3-2024', 3.5],
    ], { cellDates: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'data');
    const buf: Buffer = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
    const { sink, got } = collector();
    const info = await readTableBuffer(buf, sink);
    expect(info.format).toBe('xlsx');
    expect(got.headerRow).toBe(3);
    expect(got.rows).toEqual([
      { cells: ['HS-0001', 'homestart', 'T1', '2024-03-01', '4'], row: 4 },
      { cells: ['HS-0002', 'control', 'T1', '1-3-2024', '3.5'], row: 6 },
    ]);
  });
});
