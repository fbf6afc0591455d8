/**
 * The table reader's corpus: every input the delimited-text reader must read the same way whatever
 * its tokenizer looks like inside — the committed files (test fixtures, sample data, registration
 * exports) and made-up texts for each quirk (line endings, BOM, `sep=` lines, Dutch Excel `;` and
 * decimal commas, quotes with embedded delimiters and line breaks, doubled and broken quotes,
 * Windows-1252 and UTF-16 bytes, text that turns out not to be UTF-8 after a megabyte, rows and
 * characters cut by the 1 MiB chunk boundary, rows over the limit), read through each entry point
 * (`readTableString`, `readTableBuffer`, `readTableFile`) with several delimiter and encoding options,
 * and the measurement loader on the measurement files.
 *
 * `outputOf` turns one case into a JSON text (header, row numbers, cells, problems, the read info or
 * the error); tests/data/table-corpus.test.ts compares it with tests/fixtures/data/table-corpus.json,
 * which holds the outputs of the reader as it was when the corpus was made (full JSON for small
 * outputs, a SHA-256 digest for large ones). `UPDATE_TABLE_CORPUS=1 npx vitest run
 * tests/data/table-corpus.test.ts` writes that file again — only when a change of output is intended.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readTableBuffer, readTableFile, readTableString, type TableReadOptions, type TableSink } from '../../src/data/csv.js';
import { DataError } from '../../src/data/issues.js';
import { loadMeasurementsFromBuffer, type LoadMeasurementsOptions } from '../../src/data/measurements.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_JSON = join(ROOT, 'tests/fixtures/data/table-corpus.json');

export interface CorpusCase {
  name: string;
  run: () => Promise<string>;
}

/** Bytes of a text in Windows-1252 (only the characters used here: Latin-1 plus the euro sign). */
function cp1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c === 0x20ac ? 0x80 : c < 256 ? c : 0x3f;
  }
  return out;
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Made-up texts, each a quirk of real exports. */
function texts(): Array<[string, string]> {
  const H = 'participant_id,group,wave,site,nosik_01\n';
  const rows = (nl: string, n = 4) => Array.from({ length: n }, (_, i) => `HS-${i + 1},homestart,T${(i % 2) + 1},Zwolle,${(i % 6) + 1}`).join(nl);
  const big = (n: number, nl = '\n') => Array.from({ length: n }, (_, i) => `HS-${String(i).padStart(6, '0')},${i % 3 ? 'control' : 'homestart'},T${(i % 2) + 1},Site ${i % 7},${(i % 6) + 1}`).join(nl);
  return [
    ['lf', H + rows('\n') + '\n'],
    ['lf-no-final-newline', H + rows('\n')],
    ['crlf', (H + rows('\n') + '\n').replace(/\n/g, '\r\n')],
    ['cr-only', (H + rows('\n') + '\n').replace(/\n/g, '\r')],
    ['mixed-line-ends', 'a,b\r\n1,2\r3,4\n5,6\r\n\r7,8\r'],
    ['ends-with-cr', 'a,b\n1,2\r'],
    ['bom-semicolon', '\ufeffparticipant_id;group;wave;nosik_01\nHS-1;homestart;T1;3\nHS-2;control;T2;4\n'],
    ['sep-line', 'sep=;\nparticipant_id;group;score\nHS-1;homestart;3,5\nHS-2;control;,5\n'],
    ['sep-line-quoted', '"sep=|"\na|b|c\n1|"x|y"|3\n'],
    ['sep-tab', 'sep=\t\na\tb\n1\t2\n'],
    ['sep-non-ascii', 'sep=§\na§b§c\n1§é§3\n4§"§"§6\n'],
    ['dutch-decimal-comma', 'participant_id;groep;meting;leeftijd;nosik_01\nHS-1;interventie;T1;31,5;4\nHS-2;controle;T2;28,0;5\n'],
    ['comments-blank-preamble', '# SYNTHETIC DATA\n\n# another\n,,,\nparticipant_id,group\nHS-1,control\n\n \nHS-2,homestart\n,,\n'],
    ['quoted-delimiters', 'a,b,c\n"x,y",2,"3"\n"",5,""\n'],
    ['quoted-newlines', 'a,b,c\n"line1\nline2",2,3\n4,"p\r\nq\rr",6\n7,8,"end\n"\n9,10,11\n'],
    ['doubled-quotes', 'a,b\n"say ""hi""",2\n"""",""""""\n'],
    ['quote-inside-plain-cell', 'a,b\nab"c,d\n1,2"\n'],
    ['invalid-quotes', 'a,b\n"a"b,2\n3,4\n"x"y"z",5\n'],
    ['spaces-after-closing-quote', 'a,b,c\n"x"  ,"y" ,z\n"p"\t,q,"r"   \n'],
    ['nbsp-after-closing-quote', 'a,b\n"x"\u00a0,y\n"p"\u3000\n'],
    ['missing-closing-quote', 'a,b\n1,2\n"open,3\n4,5\n6,7\n'],
    ['missing-closing-quote-crlf', 'a,b\r\n1,2\r\n"open,3\r\n4,5\r\n'],
    ['quote-last-char', 'a,b\n1,"x"'],
    ['quote-last-char-open', 'a,b\n1,"'],
    ['quoted-header', '"participant_id","group","wave"\n"HS-1","homestart","T1"\n'],
    ['broken-header-quote', 'a,"b\n1,2\n3,4\n'],
    ['header-cell-too-long', `a,${'b'.repeat(1100)}\n1,2\n`],
    ['ragged-rows', 'a,b,c\n1,2\n1,2,3,4\n1,2,3,,,\n1,2,3,x,,\n1\n'],
    ['cut-off-last-row', 'a,b,c\n1,2,3\n4,5'],
    ['header-only', 'a,b,c\n'],
    ['empty', ''],
    ['only-comments', '# x\n# y\n'],
    ['blank-cells-and-spaces', 'a,b,c\n , ,\n\t,\t,\t\n1, 2 ,3\n'],
    ['non-ascii-cells', 'naam,plaats,emoji\nZoë,Café De Kroon,😀\nÅsa,Ûtrecht,中文\né,ë,ï\n'],
    ['long-layout', 'participant_id,group,wave,instrument,item,value\n' + Array.from({ length: 60 }, (_, i) => `HS-${Math.floor(i / 25) + 1},homestart,T1,nosik,${String((i % 25) + 1).padStart(2, '0')},${(i % 6) + 1}`).join('\n') + '\n'],
    ['tab-delimited', 'a\tb\tc\n1\t"x\ty"\t3\n'],
    [
      'shared-prefixes',
      'id,g,w,v\nHS-1,aa,T1,1\nHS-1,aa,T1,2\nHS-1,aab,T1,3\nHS-1,aa,T1\nHS-1,aa\nHS-1,aa,T1,4,5\nHS-1,aa,T1,"4"\nHS-1,aa,T1,5\nHS-1,aa,T1,é\nHS-1,aa,T1,éé\nHS-1,aa,T1,é\nHS-1,aa;T1,6\nHS-1,,T1,7\nHS-1,,T1,7\n,,,\n,,,\nHS-1,aa,T1,8\r\nHS-1,aa,T1,8\rHS-1,aa,T1,9\n',
    ],
    ['shared-prefixes-double-bar', 'id||g||v\nA||bb||1\nA||bb||2\nA|||bb||3\nA||bb|||4\nA||bb|x||5\nA||bb||6||\nA||bb||6|\n'],
    ['comma-in-tab-file', 'a\tb\n1,5\t2,5\n'],
    ['delimiter-tie', 'a;b,c\n1;2,3\n'],
    ['big-lf', H + big(60_000) + '\n'],
    ['big-crlf', (H + big(60_000) + '\n').replace(/\n/g, '\r\n')],
    ['big-cr', (H + big(30_000) + '\n').replace(/\n/g, '\r')],
    [
      'big-quoted-across-chunks',
      H +
        Array.from({ length: 40_000 }, (_, i) => (i % 97 === 0 ? `HS-${i},homestart,T1,"multi\nline, ""quoted""\r\nsite ${i}",${(i % 6) + 1}` : `HS-${i},control,T2,Site ${i},${(i % 6) + 1}`)).join('\n') +
        '\n',
    ],
    ['big-non-ascii', H + Array.from({ length: 40_000 }, (_, i) => `HS-${i},homestart,T1,Café ${'é'.repeat(i % 5)}${'😀'.repeat(i % 3)},${(i % 6) + 1}`).join('\n') + '\n'],
    ['long-row-over-chunk', 'a,b\n' + `1,${'é'.repeat(700_000)}x\n` + '2,3\n'],
    ['long-quoted-over-chunk', 'a,b\n' + `1,"${'é\n'.repeat(400_000)}"\n` + '2,3\n'],
    ['row-too-large', 'participant_id,group\n' + 'x'.repeat(4 * 1024 * 1024 + 10)],
    ['row-too-large-open-quote', 'participant_id,group\nHS-1,"' + 'a\n'.repeat(2 * 1024 * 1024 + 10)],
    ['preamble-too-large', 'y'.repeat(4 * 1024 * 1024 + 10)],
  ];
}

/** Byte inputs that no JavaScript string gives. */
function byteInputs(): Array<[string, Buffer]> {
  const big = Array.from({ length: 60_000 }, (_, i) => `HS-${i},homestart,T1,Site ${i},${(i % 6) + 1}`).join('\n');
  return [
    ['cp1252-semicolon', cp1252('participant_id;group;site;age\nHS-1;homestart;Café De Kroon;31,5\nHS-2;control;Ûtrecht € 5;28\n')],
    ['cp1252-quoted', cp1252('a;b\n"Café;""x""";2\n"line\r\nbreak é";3\n')],
    ['utf16le-tab', utf16le('participant_id\tgroup\tsite\r\nHS-1\thomestart\tCafé\r\nHS-2\tcontrol\t"a\tb"\r\n')],
    ['utf8-then-invalid-late', Buffer.concat([Buffer.from('participant_id,group,site,nosik_01\n' + big + '\nHS-x,control,Zoë,3\n'), cp1252('HS-y,control,Café,4\nHS-z,homestart,Ûtrecht,5\n')])],
    ['utf8-then-invalid-early', Buffer.concat([Buffer.from('a,b\n1,Zoë\n'), cp1252('2,Café\n')])],
    ['utf8-cut-at-end', Buffer.concat([Buffer.from('a,b\n1,Zo'), Buffer.from([0xc3])])],
    ['bom-utf8-nonascii', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a;b\nZoë;Café\n')])],
    ['bom-utf8-then-bom-again', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n\ufeffx,y\n')])],
    ['nul-bytes', Buffer.from('a,b\n1,\u0000\n\u0000,2\n')],
  ];
}

interface Collected {
  header?: string[];
  headerRow?: number;
  rows: unknown[];
}

function sink(copies: boolean): { sink: TableSink; got: Collected } {
  const got: Collected = { rows: [] };
  return {
    got,
    sink: {
      header(columns, row) {
        got.header = [...columns];
        got.headerRow = row;
      },
      row(cells, row, problem) {
        got.rows.push(problem ? [row, problem, ...cells] : [row, ...cells]);
      },
      ...(copies ? { copiesCells: true } : {}),
    },
  };
}

function errorOutput(err: unknown): Record<string, unknown> {
  if (err instanceof DataError) return { error: err.message, rules: err.issues.map((i) => i.rule) };
  throw err;
}

/** A case's output as JSON: what the sink got and the read info, or the error. */
async function tableOutput(read: (s: TableSink) => Promise<unknown>, copies: boolean): Promise<string> {
  const { sink: s, got } = sink(copies);
  try {
    const info = await read(s);
    return JSON.stringify({ ...got, info });
  } catch (err) {
    return JSON.stringify({ ...got, ...errorOutput(err) });
  }
}

let tmp: string | undefined;
function tempFile(name: string, bytes: Buffer): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'table-corpus-'));
  const p = join(tmp, name.replace(/[^a-z0-9.-]+/gi, '_'));
  writeFileSync(p, bytes);
  return p;
}
export function cleanTemp(): void {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
}

function committedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(csv|tsv|txt)$/i.test(e)) out.push(p);
    }
  };
  walk(join(ROOT, 'tests/fixtures/data'));
  walk(join(ROOT, 'sample-data'));
  return out;
}

const OPTION_SETS: Array<[string, TableReadOptions]> = [
  ['auto', {}],
  ['delim-semicolon', { delimiter: ';' }],
  ['delim-comma', { delimiter: ',' }],
  ['delim-tab', { delimiter: '\t' }],
  ['delim-double-bar', { delimiter: '||' }],
  ['delim-cr', { delimiter: '\r' }],
  ['enc-cp1252', { encoding: 'windows-1252' }],
  ['enc-utf8', { encoding: 'utf-8' }],
];

const MEASUREMENT_OPTIONS: Array<[string, LoadMeasurementsOptions]> = [
  ['default', {}],
  ['set-missing', { onInvalidValue: 'set-missing' }],
  ['validate-only', { keepRecords: false }],
];

/** Every case of the corpus. */
export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const small = (s: string | Buffer) => s.length < 200_000;
  for (const [name, text] of texts()) {
    const bytes = Buffer.from(text, 'utf8');
    const opts = small(text) ? OPTION_SETS : OPTION_SETS.slice(0, 2);
    for (const [oname, o] of opts) {
      const copies = oname === 'auto';
      cases.push({ name: `text ${name} string ${oname}`, run: () => tableOutput((s) => readTableString(text, s, { ...o, fileLabel: 'x.csv' }), copies) });
      cases.push({ name: `text ${name} buffer ${oname}`, run: () => tableOutput((s) => readTableBuffer(bytes, s, { ...o, fileLabel: 'x.csv' }), !copies) });
    }
    cases.push({ name: `text ${name} file`, run: () => tableOutput((s) => readTableFile(tempFile(`${name}.csv`, bytes), s, { fileLabel: 'x.csv' }), true) });
  }
  for (const [name, bytes] of byteInputs()) {
    for (const [oname, o] of OPTION_SETS.filter(([k]) => k === 'auto' || k.startsWith('enc') || k === 'delim-semicolon')) {
      cases.push({ name: `bytes ${name} buffer ${oname}`, run: () => tableOutput((s) => readTableBuffer(bytes, s, { ...o, fileLabel: 'x.csv' }), oname === 'auto') });
    }
    cases.push({ name: `bytes ${name} file`, run: () => tableOutput((s) => readTableFile(tempFile(`${name}.csv`, bytes), s, { fileLabel: 'x.csv' }), true) });
  }
  for (const path of committedFiles()) {
    const rel = relative(ROOT, path);
    cases.push({ name: `file ${rel}`, run: () => tableOutput((s) => readTableFile(path, s), true) });
    cases.push({ name: `file ${rel} no-copy`, run: () => tableOutput((s) => readTableFile(path, s), false) });
    if (!rel.includes('registration')) {
      for (const [oname, o] of MEASUREMENT_OPTIONS) {
        cases.push({
          name: `measurements ${rel} ${oname}`,
          run: async () => {
            try {
              const r = await loadMeasurementsFromBuffer(readFileSync(path), { ...o, fileLabel: rel.split('/').pop() });
              return JSON.stringify(r);
            } catch (err) {
              return JSON.stringify(errorOutput(err));
            }
          },
        });
      }
    }
  }
  for (const [name, text] of texts().filter(([n]) => ['long-layout', 'big-lf', 'big-crlf', 'crlf', 'dutch-decimal-comma', 'quoted-newlines'].includes(n))) {
    cases.push({
      name: `measurements text ${name}`,
      run: async () => {
        try {
          return JSON.stringify(await loadMeasurementsFromBuffer(Buffer.from(text), { fileLabel: 'x.csv' }));
        } catch (err) {
          return JSON.stringify(errorOutput(err));
        }
      },
    });
  }
  return cases;
}

/** What the corpus file keeps of an output: itself when short, else its SHA-256 and length. */
export function digest(output: string): string {
  if (output.length <= 3000) return output;
  return `sha256:${createHash('sha256').update(output).digest('hex')} (${output.length} characters)`;
}
