/**
 * Probes and fuzzing for the loaders' promises (issue: loaders that never leak or choke):
 * - no identifying value planted anywhere in a file reaches a message, issue, rejects CSV, record
 *   or score table (property test over generated files, then a scan for every planted string);
 * - a malformed header is its own error and prints nothing of the header;
 * - per-cell checks are linear (a 1 MB cell without spaces is screened in well under a second);
 * - a row beyond the limit is a typed error; messages carry no control characters and are capped;
 * - rejects keep known columns only; CSV output escapes formulas; line endings, `sep=`, cut-off
 *   last rows and files that change while read.
 * Each test is bounded (fast-check runs with a fixed number of cases and a time limit).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadMeasurements, loadMeasurementsFromString, type MeasurementLoadResult } from '../../src/data/measurements.js';
import { validateTable, type ColumnSpec } from '../../src/data/validate.js';
import { DataError } from '../../src/data/issues.js';
import { rejectsToCsv, recordsToLongRows } from '../../src/data/views.js';
import { containsEmail, identifyingValueKind } from '../../src/data/identifiers.js';
import { cleanMessage, showValue } from '../../src/data/safe-text.js';
import { readTableString, MAX_ROW_CHARS } from '../../src/data/csv.js';
import { toCsv } from '../../src/util/csv-write.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-safe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Identifying strings planted in generated files. None may appear in any output. */
const PLANTED = [
  'jan.jansen@example.nl', '06-12345678', '+31 (0)6 1234 5678', '111222333', '123456782', 'NL91ABNA0417164300', '12-05-1990',
  'Kerkstraat 12', '7721 AB', 'Jan Jansen', 'mevrouw de Vries', 'Fatima El Amrani', 'bel 06-87654321', 'J. Bakker',
];
/** Substrings to search for (the distinctive part of each planted string). */
const NEEDLES = ['jansen@example', '12345678', '1234 5678', '111222333', '123456782', '0417164300', '12-05-1990', 'Kerkstraat', '7721', 'Jan Jansen', 'de Vries', 'Amrani', '87654321', 'Bakker'];

function everything(r: MeasurementLoadResult): string {
  const parts = [
    ...r.issues.map((i) => `${i.message}\u0001${i.value ?? ''}\u0001${i.column ?? ''}`),
    rejectsToCsv(r.rejects, r.omittedColumns ?? []),
    JSON.stringify(r.rejects),
    JSON.stringify(recordsToLongRows(r.records)),
    r.layout.description,
  ];
  return parts.join('\n');
}

function hits(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

const KNOWN = ['participant_id', 'group', 'wave', 'date', 'age', 'site', 'nosik_01', 'nosik_02', 'psoc_total'];
const UNKNOWN = ['notities', 'opmerking', 'extra', 'x'];
const GOOD: Record<string, string[]> = {
  participant_id: ['HS-0001', 'HS-0002', 'P017'],
  group: ['homestart', 'controle', 'xx'],
  wave: ['T1', 't2', 'T0'],
  date: ['2024-03-01', '1-3-2024', 'gisteren'],
  age: ['31', '-4', 'oud'],
  site: ['Dalfsen', 'Raalte'],
  nosik_01: ['4', '7', '4,0', 'abc', '04'],
  nosik_02: ['1', '', '3.5'],
  psoc_total: ['61', '61,5', ''],
  notities: ['geen', 'T2 gemist'],
  opmerking: ['', 'ok'],
  extra: ['1'],
  x: ['a'],
};

describe('no identifying value reaches any output', () => {
  it('property: planted in any column of generated long/wide files, found in no message, issue, rejects CSV or record', async () => {
    const fileArb = fc.record({
      columns: fc.subarray([...KNOWN, ...UNKNOWN], { minLength: 3 }).map((cs) => (cs.includes('participant_id') ? cs : ['participant_id', ...cs])),
      rows: fc.integer({ min: 1, max: 12 }),
      plantCol: fc.nat(),
      plantRow: fc.nat(),
      planted: fc.constantFrom(...PLANTED),
      seed: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
      delim: fc.constantFrom(',', ';'),
    });
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const cols = f.columns;
        // a date in the measurement-date column is a measurement date, by design
        fc.pre(!(f.planted === '12-05-1990' && cols[f.plantCol % cols.length] === 'date'));
        const q = (s: string) => (s.includes(f.delim) || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
        const lines = [cols.join(f.delim)];
        let k = 0;
        for (let r = 0; r < f.rows; r++) {
          lines.push(
            cols
              .map((c, ci) => {
                if (r === f.plantRow % f.rows && ci === f.plantCol % cols.length) return q(f.planted);
                const opts = GOOD[c] ?? ['1'];
                return q(opts[f.seed[k++ % f.seed.length] % opts.length]);
              })
              .join(f.delim),
          );
        }
        const text = lines.join('\n') + '\n';
        let out = '';
        let refusedById = true;
        try {
          const r = await loadMeasurementsFromString(text, { fileLabel: 'f.csv' });
          out = everything(r);
          // a planted id refuses the file
          if (cols[f.plantCol % cols.length] === 'participant_id') refusedById = r.issues.some((i) => i.rule === 'identifying-column');
          else refusedById = true;
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          out = (err as DataError).message + JSON.stringify((err as DataError).issues);
        }
        expect(hits(out), text).toEqual([]);
        expect(refusedById, text).toBe(true);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 4000, seed: 20261204 },
    );
  });

  it('the generic validator (registration files) leaks nothing either', async () => {
    const specs: ColumnSpec[] = [
      { name: 'family_id', type: 'string', required: true },
      { name: 'age', type: 'integer', min: 12, max: 70 },
      { name: 'start', type: 'date' },
      { name: 'note', type: 'string', freeText: true },
    ];
    for (const planted of PLANTED) {
      for (const column of ['family_id', 'age', 'start', 'note', 'other']) {
        const row = { family_id: 'G1', age: '34', start: '2024-03-01', note: 'ok', other: 'x', [column]: planted };
        const text = `family_id,age,start,note,other\n${[row.family_id, row.age, row.start, row.note, row.other].map((v) => `"${v}"`).join(',')}\nG2,99,2024-13-01,ok,x\n`;
        const r = await validateTable(text, specs, { text: true, fileLabel: 'families.csv' });
        const out = [...r.issues.map((i) => `${i.message}${i.value ?? ''}`), rejectsToCsv(r.rejects, r.omittedColumns), JSON.stringify(r.rows)].join('\n');
        expect(hits(out), `${column}: ${planted}`).toEqual([]);
        if (column !== 'other' && column !== 'note' && !(column === 'start' && planted === '12-05-1990')) expect(r.accepted, `${column}: ${planted}`).toBe(0);
      }
    }
  });

  it('a family id that reads like a name refuses a registration file', async () => {
    const r = await validateTable('family_id,site_id\nG-1,S-DAL\nJansen,S-DAL\n', [{ name: 'family_id', type: 'string', required: true }, { name: 'site_id', type: 'string' }], { text: true });
    expect(r.accepted).toBe(0);
    expect(r.issues.find((i) => i.rule === 'identifying-column')!.message).toMatch(/column "family_id" seems to contain people's names/);
    const ok = await validateTable('family_id,site_id\nG-1,S-DAL\n', [{ name: 'family_id', type: 'string', required: true }, { name: 'site_id', type: 'string' }], { text: true });
    expect(ok.accepted).toBe(1); // a site code without digits is fine
  });

  it('a participant id that reads like a name refuses the file (and never reaches the scores)', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01\nHS-0001,homestart,T1,4\nJansen,homestart,T1,5\n');
    expect(r.records).toEqual([]);
    expect(r.issues.find((i) => i.rule === 'identifying-column')!.message).toMatch(/column "participant_id" seems to contain people's names \(judged by its values\)/);
    expect(everything(r)).not.toContain('Jansen');
  });

  it('an identifying value in row 30,000 still refuses the file (the whole file is screened)', async () => {
    const lines = ['participant_id,group,wave,nosik_01,opmerking'];
    for (let i = 0; i < 30_000; i++) lines.push(`HS-${i},homestart,T1,4,`);
    lines.push('HS-X,homestart,T1,4,bel 06-12345678');
    const r = await loadMeasurementsFromString(lines.join('\n') + '\n');
    expect(r.accepted).toBe(0);
    expect(r.rejected).toBe(30_001);
    expect(r.issues.map((i) => i.rule)).toContain('identifying-column');
    expect(everything(r)).not.toContain('12345678');
  });
});

describe('malformed header and size limits', () => {
  it('an unclosed quote in the header is its own error and prints nothing of the header', async () => {
    const text = 'participant_id,"naam,group,wave\nHS-1,Jan Jansen,homestart,T1\nHS-2,Piet de Vries 06-12345678,control,T1\n';
    const err = await loadMeasurementsFromString(text, { fileLabel: 'h.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const e = err as DataError;
    expect(e.issues[0].rule).toBe('malformed-header');
    expect(e.message).toMatch(/^h\.csv: the header row has a quote mark that is never closed/);
    expect(hits(e.message + JSON.stringify(e.issues))).toEqual([]);
    expect(e.message).not.toContain('participant_id');
  });

  it('a quoted line break in a header cell is fine; a header cell over 1,024 characters is malformed', async () => {
    const ok = await loadMeasurementsFromString('participant_id,group,wave,"nosik_01"\n"opmerking\n(vrij)"\nHS-1,homestart,T1,4,\n'.replace('"nosik_01"\n"opmerking', '"nosik_01","opmerking'));
    expect(ok.accepted).toBe(1);
    const err = await loadMeasurementsFromString(`participant_id,"${'q'.repeat(1100)}"\nHS-1,x\n`).catch((e: unknown) => e);
    expect((err as DataError).issues[0].rule).toBe('malformed-header');
    expect((err as DataError).message).toMatch(/header cell 2 is 1100 characters long/);
    expect((err as DataError).message).not.toContain('qqqq');
  });

  it('a row longer than the limit is a typed too-large error, before memory runs out', async () => {
    const big = 'participant_id,group\n' + 'x'.repeat(MAX_ROW_CHARS + 10);
    const t0 = Date.now();
    const err = await loadMeasurementsFromString(big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).issues[0].rule).toBe('too-large');
    expect((err as DataError).message).toMatch(/longer than 4,194,304 characters, the limit for one row/);
    // an opened quote that never closes: the same error, and it says so
    const open = 'participant_id,group\nHS-1,"' + 'a\n'.repeat(MAX_ROW_CHARS / 2 + 10);
    const err2 = await loadMeasurementsFromString(open).catch((e: unknown) => e);
    expect((err2 as DataError).message).toMatch(/a quote mark opened in it is never closed/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('linear time: a 1 MB cell without spaces is screened quickly; e-mail check on 64 KB of "a@" pairs too', () => {
    const t0 = performance.now();
    expect(identifyingValueKind('a'.repeat(1 << 20))).toBeUndefined();
    expect(containsEmail('a'.repeat(1 << 20))).toBe(false);
    expect(containsEmail('a@'.repeat(1 << 15))).toBe(false);
    expect(identifyingValueKind('1.'.repeat(1 << 18))).toBeUndefined();
    expect(identifyingValueKind('Aa1 '.repeat(1 << 16))).toBeUndefined();
    expect(identifyingValueKind('x'.repeat(1 << 20) + ' jan@example.nl')).toBe('email');
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('property: the screen is linear on random long cells (no backtracking blow-up)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'A', '1', '.', '-', ' ', '@', '(', ')', '+', 'straat', 'van', 'Jan', '0', 'NL91'), minLength: 20000, maxLength: 20000 }), (s) => {
        const t0 = performance.now();
        identifyingValueKind(s);
        expect(performance.now() - t0).toBeLessThan(200);
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('messages carry no control characters and are capped; long values are described, not shown', async () => {
    const text = `participant_id,group,wave,nosik_01\nHS-1,homestart,T1,\u0000\u0007x\nHS-2,homestart,T1,${'y'.repeat(10_000)}\nHS-3,home\u0000start,T1,4\n`;
    const r = await loadMeasurementsFromString(text);
    for (const i of r.issues) {
      expect(i.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
      expect(i.message.length).toBeLessThanOrEqual(2000);
      expect(i.message).not.toContain('yyyyyyyyyy');
    }
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/a value of 10000 characters \(not shown\)/);
    expect(cleanMessage('a\u0000b\nc')).toBe('a\\u0000b\\nc');
    expect(showValue('9')).toBe('value "9"');
    expect(showValue('06-12345678')).toBe('a value that is not shown (it looks like personal data)');
  });
});

describe('rejects and CSV output', () => {
  it('rejects keep the known columns only; the others are named in a first-line note', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,notities\nHS-1,homestart,T1,9,belt vaak\n');
    expect(r.rejects[0].values).toEqual({ participant_id: 'HS-1', group: 'homestart', wave: 'T1', nosik_01: '9' });
    expect(r.omittedColumns).toEqual(['notities']);
    const csv = rejectsToCsv(r.rejects, r.omittedColumns);
    expect(csv.split('\r\n')[0]).toBe('# columns left out (unknown or free text, not copied): notities');
    expect(csv).not.toContain('belt vaak');
  });

  it('formula-leading text is escaped in every CSV the tool writes; plain negative numbers are not', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e', 'f'], [{ a: '=HYPERLINK("http://x","y")', b: '+1+2', c: '-3', d: -2.5, e: '@SUM(A1)', f: '\tx' }]);
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+1+2,-3,-2.5,'@SUM(A1),'\tx`);
  });
});

describe('line endings, sep=, cut-off files, changing files', () => {
  async function rows(text: string) {
    const got: string[][] = [];
    const info = await readTableString(text, { header: (c) => got.push(['H', ...c]), row: (c, r, p) => got.push([String(r), ...c, ...(p ? [`!${p}`] : [])]) });
    return { got, info };
  }

  it('mixed \\r\\n, \\n and \\r end one row each; none are merged', async () => {
    const { got } = await rows('a,b\r\n1,2\n3,4\r5,6\r\n7,8\n');
    expect(got).toEqual([['H', 'a', 'b'], ['2', '1', '2'], ['3', '3', '4'], ['4', '5', '6'], ['5', '7', '8']]);
  });

  it('sep= with a tab, a pipe or a semicolon', async () => {
    for (const d of ['\t', '|', ';']) {
      const { got, info } = await rows(`sep=${d}\na${d}b\n1${d}2\n`);
      expect(info.delimiter).toBe(d);
      expect(got).toEqual([['H', 'a', 'b'], ['3', '1', '2']]);
    }
  });

  it('a short last row is rejected as a cut-off file; short rows in the middle are not', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,nosik_02\nHS-1,homestart,T1,4,5\nHS-2,homestart,T1,4\nHS-3,homestart,T');
    expect(r.rejects.map((x) => x.row)).toEqual([4]);
    expect(r.rejects[0].reasons[0]).toMatch(/the last row has 3 values but the header has 5 columns; the file seems cut off/);
  });

  it('a file that grows while it is read is refused (rule file-changed)', async () => {
    const path = join(tmp, 'growing.csv');
    const lines = ['participant_id,group,wave,nosik_01'];
    for (let i = 0; i < 60_000; i++) lines.push(`HS-${i},homestart,T1,4`);
    writeFileSync(path, lines.join('\n') + '\n');
    let appended = false;
    const err = await loadMeasurements(path, {
      onProgress: () => {
        if (!appended) {
          appended = true;
          appendFileSync(path, 'HS-X,homestart,T1,4\n');
        }
      },
    }).catch((e: unknown) => e);
    expect(appended).toBe(true);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).issues[0].rule).toBe('file-changed');
    expect((err as DataError).message).toMatch(/the file changed while it was being read/);
  });

  it('a folder given as the input file is a sentence', async () => {
    const err = await loadMeasurements(tmp).catch((e: unknown) => e);
    expect((err as DataError).message).toMatch(/cannot be read \(a folder with that name exists/);
  });
});

describe('bounded-memory validation (keepRecords: false)', () => {
  it('gives the same counts, rejects and issues as a full load, on every fixture and on generated files', async () => {
    const files = ['long.csv', 'wide.csv', 'wide-by-wave.csv', 'bad-values.csv', 'comments.csv', 'blank-lines.csv', 'trailing-delimiters.csv'];
    const texts = files.map((f) => readFileSync(`tests/fixtures/data/${f}`, 'utf8'));
    texts.push('participant_id,group,wave,instrument,item,value\nHS-1,homestart,T1,nosik,01,4\nHS-1,homestart,T1,nosik,01,5\nHS-1,control,T2,nosik,01,5\nHS-2,homestart,T1,psoc,total,61\nHS-2,homestart,T1,psoc,total,62\n');
    // units (spss merge): a wide file whose invalid value rejects one instrument at one wave, and a
    // long file whose invalid value rejects the unit's earlier and later rows
    texts.push('respnr,groep,psoc_01_voormeting,psoc_01_nameting,nosik_01_voormeting,nosik_01_nameting\n1,hs,5,7,3,4\n2,hs,5,5,3,4\n');
    texts.push('participant_id,group,wave,instrument,item,value\nA,hs,T1,psoc,01,4\nA,hs,T1,psoc,02,4\nA,hs,T1,psoc,03,9\nA,hs,T1,psoc,04,4\nA,hs,T1,nosik,01,3\nB,hs,T1,psoc,01,4\n');
    for (const t of texts) {
      const full = await loadMeasurementsFromString(t);
      const lean = await loadMeasurementsFromString(t, { keepRecords: false });
      expect(lean.records).toEqual([]);
      expect(lean.recordCount).toBe(full.records.length);
      expect([lean.accepted, lean.rejected]).toEqual([full.accepted, full.rejected]);
      // one documented difference: the earlier, valid rows of a long-file unit rejected later
      // (rule unit-rejected) carry no value in a validate-only run, which keeps no values
      const noUnitValue = (rs: typeof full.rejects) => rs.map((r) => (r.reasons[0]?.includes('(rule unit-rejected)') ? { ...r, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => k !== 'value')) } : r));
      expect(noUnitValue(lean.rejects)).toEqual(noUnitValue(full.rejects));
      expect(lean.rejects.map((r) => r.row)).toEqual(full.rejects.map((r) => r.row));
      expect(lean.units).toEqual(full.units);
      expect(lean.units!.accepted + lean.units!.rejected).toBe(lean.units!.read);
      expect(lean.issues.map((i) => i.message)).toEqual(full.issues.map((i) => i.message));
    }
  });
  it('maxIssues and maxRejects cap what is kept; the counts stay exact', async () => {
    const lines = ['participant_id,group,wave,nosik_01'];
    for (let i = 0; i < 50; i++) lines.push(`HS-${i},homestart,T1,9`);
    const r = await loadMeasurementsFromString(lines.join('\n') + '\n', { maxIssues: 5, maxRejects: 3 });
    expect(r.rejected).toBe(50);
    expect(r.rejects).toHaveLength(3);
    expect(r.issues.filter((i) => i.row !== undefined)).toHaveLength(5);
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/45 more row issues not listed \(only the first 5 are kept\)[\s\S]*47 more rejected rows not kept/);
  });

  it('unit rejects (spss merge) keep only the unit\'s known columns and count against maxRejects', async () => {
    // each row: psoc at T1 invalid (unit rejected), nosik at T1 fine (accepted); a free-text column
    const lines = ['participant_id,group,psoc_01_voormeting,nosik_01_voormeting,opmerking'];
    for (let i = 0; i < 20; i++) lines.push(`HS-${i},homestart,9,3,belde op dinsdag`);
    for (const keepRecords of [true, false]) {
      const r = await loadMeasurementsFromString(lines.join('\n') + '\n', { maxRejects: 4, keepRecords });
      expect(r.accepted).toBe(20);
      expect(r.units).toEqual({ read: 40, accepted: 20, rejected: 20 });
      expect(r.recordCount).toBe(20);
      expect(r.rejects).toHaveLength(4);
      expect(r.rejects[0].unit).toEqual({ wave: 'T1', instrument: 'psoc' });
      expect(Object.keys(r.rejects[0].values).sort()).toEqual(['group', 'participant_id', 'psoc_01_voormeting']);
      expect(JSON.stringify(r.rejects)).not.toContain('dinsdag');
      expect(r.omittedColumns).toEqual(['opmerking']);
      expect(r.issues.map((i) => i.message).join('\n')).toMatch(/16 more rejected rows not kept/);
    }
  });
});

describe('item values as questionnaire exports write them', () => {
  const load = (v: string) => loadMeasurementsFromString(`participant_id,group,wave,nosik_01,gas_1\nHS-1,homestart,T1,${v},\n`);
  it('accepts digits with at most a decimal separator and zeros, trimming spaces and NBSP', async () => {
    for (const v of ['4', '4.0', '"4,00"', ' 4 ', '\u00a04\u00a0', '"4,0"']) {
      const r = await load(v);
      expect(r.accepted, v).toBe(1);
      expect(r.records[0].items['01'], v).toBe(4);
    }
  });
  it('refuses exponents, signs, leading zeros, fractions and stray characters, with the usual message', async () => {
    const cases: Array<[string, RegExp]> = [
      ['1e0', /written with an exponent/], ['.4e1', /written with an exponent/], ['40e-1', /written with an exponent/], ['+4', /has a sign/], ['04', /leading zero; write 4, not 04/],
      ['3.9999999999999999', /not a whole number/], ['"4,5"', /not a whole number/], ['.4', /no digit before the decimal separator/], ['4x', /is not a number/], ['4 4', /is not a number/],
    ];
    for (const [v, re] of cases) {
      const r = await load(v);
      expect(r.accepted, v).toBe(0);
      expect(r.rejects[0].reasons[0], v).toMatch(re);
      expect(r.rejects[0].reasons[0], v).toMatch(/\(rule not-an?-(number|integer)\)/);
    }
  });
  it('GAS goals (range −2…+2) take a sign', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,gas_1,gas_2\nHS-1,homestart,T1,-2,+1\n');
    expect(r.accepted).toBe(1);
    expect(r.records[0].items).toMatchObject({ '1': -2, '2': 1 });
  });
});

describe('output files', () => {
  it('readFileSync sanity (the temp folder exists)', () => {
    writeFileSync(join(tmp, 'a.txt'), 'x');
    expect(readFileSync(join(tmp, 'a.txt'), 'utf8')).toBe('x');
  });
});
