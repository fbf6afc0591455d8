import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadMeasurements,
  loadMeasurementsFromString,
  loadMeasurementsFromBuffer,
  normaliseWave,
  validateWideMapping,
  type MeasurementLoadResult,
} from '../../src/data/measurements.js';
import { rejectsToCsv, writeRejectsCsv, recordsToLongRows, scoresToRows, toDataFrame } from '../../src/data/views.js';
import { DataError } from '../../src/data/issues.js';
import { InstrumentRegistry } from '../../src/instruments/registry.js';
import type { MeasurementRecord } from '../../src/data/types.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));

function invariant(r: MeasurementLoadResult): void {
  // rows: every data row is accepted or rejected; units (participant × wave × instrument) likewise
  expect(r.accepted + r.rejected).toBe(r.rowsRead);
  expect(r.rejects.filter((x) => !x.unit).length).toBe(r.rejected);
  expect(r.units!.accepted + r.units!.rejected).toBe(r.units!.read);
  expect(r.units!.accepted).toBe(r.records.length);
}

function rec(r: MeasurementLoadResult, pid: string, wave: string, instrument: string): MeasurementRecord {
  const found = r.records.filter((x) => x.participantId === pid && x.wave === wave && x.instrument === instrument);
  expect(found, `${pid} ${wave} ${instrument}`).toHaveLength(1);
  return found[0];
}

describe('normaliseWave', () => {
  it('normalises the usual spellings (doc example)', () => {
    expect(normaliseWave('wave 2')).toEqual({ label: 'T2', index: 2 });
    for (const s of ['t2', '2', 'T02', 'meting 2', 'w2', 'T2', ' wave_2 ']) expect(normaliseWave(s)?.label, s).toBe('T2');
    expect(normaliseWave('T12')).toEqual({ label: 'T12', index: 12 });
    for (const s of ['T0', '0', 'T100', 'pre', '', 'T1a']) expect(normaliseWave(s), s).toBeUndefined();
  });
});

describe('layouts', () => {
  it('long layout with comment line, Dutch dates, aliases, full column names, scale and GAS weight rows', async () => {
    const r = await loadMeasurements(fixture('long.csv'));
    invariant(r);
    expect(r.layout.kind).toBe('long');
    expect(r.layout.description).toMatch(/^long layout: one row per item response/);
    expect(r.rowsRead).toBe(11);
    expect(r.rejected).toBe(0);
    const hs1 = rec(r, 'HS-0001', 'T1', 'nosik');
    expect(hs1.items).toEqual({ '01': 4, '02': 5, '03': null });
    expect(hs1.group).toBe('homestart');
    expect(hs1.date).toBe('2024-03-01');
    expect(hs1.covariates).toEqual({ age: 31, single_parent: 1 });
    expect(hs1.source).toEqual({ file: 'long.csv', rows: [3, 4, 5] });
    expect(rec(r, 'HS-0001', 'T2', 'nosik').date).toBe('2024-09-01');
    expect(rec(r, 'HS-0001', 'T1', 'psoc').scales).toEqual({ total: 61 });
    const c1 = rec(r, 'C-0001', 'T1', 'nosik');
    expect(c1.group).toBe('control');
    expect(c1.items).toEqual({ '01': 2, '02': 4 }); // item "1" padded; item "nosik_02" as a full column name
    expect(c1.covariates.single_parent).toBe(0);
    const gas = rec(r, 'C-0001', 'T2', 'gas');
    expect(gas.items).toEqual({ '1': -1 });
    expect(gas.weights).toEqual({ '1': 2 });
    expect(gas.waveIndex).toBe(2);
    expect(r.records).toHaveLength(6);
  });

  it('wide-by-wave: one record per instrument present, empty blocks give no record', async () => {
    const r = await loadMeasurements(fixture('wide-by-wave.csv'));
    invariant(r);
    expect(r.layout.kind).toBe('wide-by-wave');
    expect(r.rowsRead).toBe(4);
    expect(r.rejected).toBe(0);
    expect(r.records.map((x) => `${x.participantId}/${x.wave}/${x.instrument}`)).toEqual([
      'HS-0001/T1/nosik',
      'HS-0001/T1/psoc',
      'HS-0001/T2/nosik',
      'HS-0001/T2/psoc',
      'C-0001/T1/nosik',
      'C-0002/T2/psoc',
    ]);
    expect(rec(r, 'HS-0001', 'T1', 'psoc')).toMatchObject({ items: { '01': 2, '02': 3 }, scales: { total: null } });
    expect(rec(r, 'HS-0001', 'T2', 'psoc')).toMatchObject({ items: { '01': null, '02': null }, scales: { total: 58 } });
    expect(rec(r, 'HS-0001', 'T1', 'nosik')).toMatchObject({
      items: { '01': 4, '02': 5, '03': 6 },
      covariates: { age: 31, single_parent: 1, site: 'Dalfsen' },
      date: '2024-03-01',
      source: { file: 'wide-by-wave.csv', rows: [3] },
    });
    expect(rec(r, 'C-0002', 'T2', 'psoc').group).toBe('control');
  });

  it('wide: wave from column suffixes (no suffix = T1)', async () => {
    const r = await loadMeasurements(fixture('wide.csv'));
    invariant(r);
    expect(r.layout.kind).toBe('wide');
    expect(r.layout.description).toMatch(/at T1, T2, T3/);
    expect(r.records.map((x) => `${x.participantId}/${x.wave}/${x.instrument}`)).toEqual([
      'HS-0001/T1/nosik',
      'HS-0001/T2/nosik',
      'HS-0001/T3/psoc',
      'HS-0002/T1/nosik',
      'C-0001/T2/nosik',
    ]);
    expect(rec(r, 'HS-0001', 'T2', 'nosik').items).toEqual({ '01': 3, '02': 3 });
    expect(rec(r, 'HS-0001', 'T3', 'psoc').scales).toEqual({ total: 70 });
    expect(rec(r, 'C-0001', 'T2', 'nosik').covariates).toEqual({ age: 28 });
  });

  it('declared mapping: id/group columns, suffixes, renames, group values, typed covariates', async () => {
    const mapping = JSON.parse(readFileSync(fixture('wide-mapping.json'), 'utf8'));
    const r = await loadMeasurements(fixture('wide-mapped.csv'), { mapping });
    invariant(r);
    expect(r.rejected).toBe(0);
    expect(r.issues.filter((i) => i.rule === 'unknown-column')).toEqual([]);
    expect(r.records.map((x) => `${x.participantId}/${x.group}/${x.wave}`)).toEqual(['HS-0001/homestart/T1', 'HS-0001/homestart/T2', 'C-0001/control/T1', 'C-0001/control/T2']);
    expect(rec(r, 'HS-0001', 'T2', 'nosik').items).toEqual({ '01': 3, '02': 3 });
    expect(rec(r, 'C-0001', 'T1', 'nosik').covariates).toEqual({ age: 28, opleiding: 'hbo' });
  });

  it('an invalid mapping is a DataError naming the problem', () => {
    const err = (() => {
      try {
        validateWideMapping({ waveSuffixes: { pre: ['_pre'] }, colums: {} });
      } catch (e) {
        return e as DataError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err!.issues.map((i) => i.rule)).toContain('invalid-definition');
    expect(err!.message).toMatch(/colums/);
  });

  it('semicolon + decimal comma + Windows-1252 file loads; "1.234,5" is rejected as ambiguous', async () => {
    const r = await loadMeasurements(fixture('semicolon-cp1252.csv'));
    invariant(r);
    expect(r.layout.kind).toBe('wide-by-wave');
    expect(r.read.encoding).toBe('windows-1252');
    expect(rec(r, 'HS-0001', 'T1', 'psoc').scales).toEqual({ total: 61.5 });
    expect(rec(r, 'HS-0001', 'T1', 'nosik').covariates).toEqual({ age: 31.5, site: 'Café De Kroon' });
    expect(rec(r, 'HS-0002', 'T1', 'nosik').covariates.site).toBe('Ûtrecht-Zuid');
    // only the psoc unit of row 5 is rejected; its nosik unit goes through
    expect(r.rejects).toHaveLength(1);
    expect(r.rejected).toBe(0);
    expect(r.rejects[0].unit?.instrument).toBe('psoc');
    expect(r.records.filter((x) => x.source.rows[0] === 5).map((x) => x.instrument)).toEqual(['nosik']);
    expect(r.rejects[0].row).toBe(5);
    expect(r.rejects[0].reasons).toEqual([
      'semicolon-cp1252.csv, row 5, column "psoc_total": value "1.234,5" is not a number: it mixes a decimal point and a decimal comma; write numbers without thousands separators, e.g. 1234.5 or 1234,5 (rule not-a-number).',
    ]);
  });

  it('BOM, tab, sep= and quoted-newline files keep spreadsheet row numbers in messages', async () => {
    const bom = await loadMeasurements(fixture('utf8-bom.csv'));
    expect(bom.records.map((x) => x.covariates.site)).toEqual(['Café', 'Zoë']);
    const tab = await loadMeasurements(fixture('tab-delimited.tsv'));
    invariant(tab);
    expect(tab.rejects.map((x) => x.row)).toEqual([3]);
    expect(tab.issues.find((i) => i.rule === 'not-an-integer')?.message).toBe(
      'tab-delimited.tsv, row 3, column "nosik_02": value "3,5" is not a whole number; nosik item 02 takes whole numbers 1 to 6 (rule not-an-integer).',
    );
    const sep = await loadMeasurements(fixture('sep-line.csv'));
    expect(sep.records.map((x) => x.source.rows[0])).toEqual([3, 4]);
    const q = await loadMeasurements(fixture('quoted-newline.csv'));
    invariant(q);
    expect(q.records.map((x) => x.covariates.site)).toEqual(['Dalfsen,\nOost', 'Zwolle "Zuid"; centrum', 'Raalte']);
    expect(q.rejects).toHaveLength(1);
    expect(q.rejects[0].row).toBe(4);
    expect(q.rejects[0].reasons[0]).toMatch(/^quoted-newline\.csv, row 4, column "nosik_01": value "7" is outside the allowed range 1 to 6 of nosik item 01/);
    const blank = await loadMeasurements(fixture('blank-lines.csv'));
    invariant(blank);
    expect(blank.rowsRead).toBe(3);
    expect(blank.rejects.map((x) => x.row)).toEqual([7]);
    const tr = await loadMeasurements(fixture('trailing-delimiters.csv'));
    invariant(tr);
    expect(tr.rejects.map((x) => x.row)).toEqual([4]);
    expect(tr.rejects[0].reasons[0]).toMatch(/row 4: the row has 8 values but the header has 5 columns.*\(rule malformed-row\)/);
    const cm = await loadMeasurements(fixture('comments.csv'));
    expect(cm.rejects.map((x) => x.row)).toEqual([5]);
  });

  it('JSON input (array of objects) and XLSX input feed the same pipeline', async () => {
    const json = JSON.stringify([
      { participant_id: 'HS-0001', group: 'homestart', wave: 1, nosik_01: 4, nosik_02: 5 },
      { participant_id: 'HS-0002', group: 'control', wave: 'T1', nosik_01: 9, nosik_02: null },
    ]);
    const j = await loadMeasurementsFromString(json);
    invariant(j);
    expect(j.read.format).toBe('json');
    expect(j.records).toHaveLength(1);
    expect(j.records[0].items).toEqual({ '01': 4, '02': 5 });
    expect(j.rejects[0].row).toBe(3);

    const XLSX = createRequire(import.meta.url)('xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['participant_id', 'group', 'wave', 'instrument', 'item', 'value'],
      ['HS-0001', 'homestart', 'T1', 'psoc', '01', 6],
      ['HS-0001', 'homestart', 'T1', 'psoc', '02', 7],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Blad1');
    const dir = mkdtempSync(join(tmpdir(), 'hs-xlsx-'));
    try {
      const path = join(dir, 'scores.xlsx');
      XLSX.writeFile(wb, path);
      const x = await loadMeasurements(path);
      invariant(x);
      expect(x.read.format).toBe('xlsx');
      // the invalid value rejects its unit (HS-0001, T1, psoc): both of its rows
      expect(x.records).toEqual([]);
      expect(x.rejects.map((y) => y.row)).toEqual([2, 3]);
      expect(x.rejects[1].reasons[0]).toBe('scores.xlsx, row 3, column "value": value "7" is outside the allowed range 1 to 6 of psoc item 02 (rule out-of-range).');
      expect(x.rejects[0].reasons[0]).toBe('scores.xlsx, row 2: participant HS-0001, wave T1, psoc is rejected as a whole because row 3 of the same unit has an invalid value (rule unit-rejected).');
      const b = await loadMeasurementsFromBuffer(readFileSync(path), { fileLabel: 'buf.xlsx' });
      expect(b.records).toEqual([]);
      expect(b.units).toEqual({ read: 1, accepted: 0, rejected: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled sample data (sample-data/)', () => {
  const sample = (name: string) => fileURLToPath(new URL(`../../sample-data/${name}`, import.meta.url));
  const errorRules = (r: MeasurementLoadResult) => [...new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.rule))].sort();

  it('broken/ files report the rules sample-data/README.md names; valid ones load clean', async () => {
    const ok = ['dutch-excel-export.csv', 'utf8-bom.csv', 'long-layout.csv', 'wide-layout.csv'];
    for (const f of ok) {
      const r = await loadMeasurements(sample(`broken/${f}`));
      invariant(r);
      expect(r.rejected, f).toBe(0);
      expect(r.issues, f).toEqual([]);
    }
    const excel = await loadMeasurements(sample('broken/dutch-excel-export.csv'));
    expect([excel.read.encoding, excel.read.delimiter]).toEqual(['windows-1252', ';']);
    const oor = await loadMeasurements(sample('broken/out-of-range.csv'), { waves: ['T1', 'T2'] });
    invariant(oor);
    expect(errorRules(oor)).toEqual(['not-a-number', 'out-of-range', 'unknown-group', 'unknown-wave']);
    const dup = await loadMeasurements(sample('broken/duplicate.csv'));
    invariant(dup);
    expect(errorRules(dup)).toEqual(['duplicate']);
    expect(dup.rejected).toBe(1);
    const id = await loadMeasurements(sample('broken/identifying-column.csv'));
    invariant(id);
    expect(errorRules(id)).toEqual(['identifying-column']);
    expect(id.records).toEqual([]);
    expect(JSON.stringify(id)).not.toMatch(/Voorbeeld|example\.org/);
  });

  it('the study files load without a single reject', async () => {
    const r = await loadMeasurements(sample('synthetic-2005-control.csv'));
    invariant(r);
    expect(r.layout.kind).toBe('wide-by-wave');
    expect(r.rejected).toBe(0);
    expect(new Set(r.records.map((x) => x.group))).toEqual(new Set(['homestart', 'control']));
  });
});

describe('record schema', () => {
  it('records from every layout validate against data-schemas/measurement-record.schema.json', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../data-schemas/measurement-record.schema.json', import.meta.url)), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    let n = 0;
    for (const f of ['long.csv', 'wide-by-wave.csv', 'wide.csv', 'semicolon-cp1252.csv']) {
      const r = await loadMeasurements(fixture(f));
      for (const x of r.records) {
        expect(validate(JSON.parse(JSON.stringify(x))), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
        n++;
      }
    }
    expect(n).toBe(22); // 6 + 6 + 5 + 2 rows × (nosik, psoc) + the nosik unit of the semicolon file's row 5 (its psoc unit is rejected)
    expect(validate({ participantId: 'A' })).toBe(false);
  });
});

describe('doc examples', () => {
  it('loadMeasurementsFromString example', async () => {
    const r = await loadMeasurementsFromString(
      'participant_id,group,wave,instrument,item,value\nHS-0001,homestart,T1,nosik,03,4\nHS-0001,homestart,T1,nosik,04,9\n',
    );
    expect(r.records).toEqual([]); // the unit HS-0001 × T1 × nosik is rejected as a whole
    expect(r.rejects[1].reasons).toEqual(['<memory>, row 3, column "value": value "9" is outside the allowed range 1 to 6 of nosik item 04 (rule out-of-range).']);
  });

  it('wide files: date_t2 gives the date of wave 2', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,date,date_t2,nosik_01,nosik_01_t2\nA,hs,1-3-2024,2-9-2024,4,3\n');
    expect(r.records.map((x) => `${x.wave}:${x.date}`)).toEqual(['T1:2024-03-01', 'T2:2024-09-02']);
  });
});

describe('bad input: every kind has its rule and message, nothing is dropped', () => {
  it('bad-values.csv', async () => {
    const r = await loadMeasurements(fixture('bad-values.csv'));
    invariant(r);
    expect(r.rowsRead).toBe(14);
    expect(r.accepted).toBe(0);
    const byRow = new Map(r.rejects.map((x) => [x.row, x.reasons]));
    const expected: Array<[number, string]> = [
      [2, 'bad-values.csv, row 2: participant HS-0001, wave T1, nosik is rejected as a whole because row 3 of the same unit has an invalid value (rule unit-rejected).'],
      [3, 'bad-values.csv, row 3, column "value": value "7" is outside the allowed range 1 to 6 of nosik item 02 (rule out-of-range).'],
      [4, 'bad-values.csv, row 4, column "value": value "abc" is not a number (rule not-a-number).'],
      [5, 'bad-values.csv, row 5, column "value": value "3.5" is not a whole number; nosik item 04 takes whole numbers 1 to 6 (rule not-an-integer).'],
      [6, 'bad-values.csv, row 6, column "instrument": instrument "nosix" is not known; known instruments: daily-hassles, gas, life-events, nosik, psoc (rule unknown-instrument).'],
      [7, 'bad-values.csv, row 7, column "item": item "26" is not an item or scale of nosik (items 01…25; scales parent, child, depression, total) (rule unknown-item).'],
      [8, 'bad-values.csv, row 8, column "wave": wave "T0" is not a wave label; write T1, T2, … (also accepted: 2, t2, T02, wave 2) (rule unknown-wave).'],
      [9, 'bad-values.csv, row 9, column "group": group "wachtlijst" is not one of the allowed groups homestart, control, norm (aliases such as home-start, hs, interventie, controle, vergelijkingsgroep, care-as-usual and normgroep are recognised) (rule unknown-group).'],
      [10, 'bad-values.csv, row 10, column "item": participant HS-0001, wave T1, nosik item 01 appears twice; it was first given in row 2 (rule duplicate).'],
      [11, 'bad-values.csv, row 11, column "participant_id": the participant id is missing (rule missing-required).'],
      [12, 'bad-values.csv, row 12, column "value": value "3,5,1" is not a number: it has more than one comma; write one decimal comma at most, e.g. 3,5 (rule not-a-number).'],
      [13, 'bad-values.csv, row 13, column "value": value "1.234,5" is not a number: it mixes a decimal point and a decimal comma; write numbers without thousands separators, e.g. 1234.5 or 1234,5 (rule not-a-number).'],
      [14, 'bad-values.csv, row 14: the row has 7 values but the header has 6 columns (a delimiter inside an unquoted value, or a missing header cell) (rule malformed-row).'],
      [15, 'bad-values.csv, row 15, column "group": participant HS-0001 is in group control here but in group homestart in row 2 (rule inconsistent).'],
    ];
    for (const [row, reason] of expected) expect(byRow.get(row), `row ${row}`).toEqual([reason]);
    expect(r.rejects).toHaveLength(expected.length);
    // rejects keep the original values as read
    expect(r.rejects[1].values).toEqual({ participant_id: 'HS-0001', group: 'homestart', wave: 'T1', instrument: 'nosik', item: '02', value: '7' });
    expect(r.rejects[0].values).toEqual({ participant_id: 'HS-0001', group: 'homestart', wave: 'T1', instrument: 'nosik', item: '01', value: '4' });
    // every error issue has a row, a rule and a message starting with its location
    const rules = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.rule));
    expect([...rules].sort()).toEqual(['duplicate', 'inconsistent', 'malformed-row', 'missing-required', 'not-a-number', 'not-an-integer', 'out-of-range', 'unknown-group', 'unknown-instrument', 'unknown-item', 'unknown-wave'].sort());
    // HS-0001 T2 (row 15) is an inconsistent group: nothing of HS-0001 is left
    expect(r.records).toHaveLength(0);
    expect(r.units).toEqual({ read: 1, accepted: 0, rejected: 1 });
  });

  it('one row with several problems gets all its reasons', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,age,nosik_01,nosik_02\nHS-1,xx,T1,abc,0,9\n');
    invariant(r);
    expect(r.rejects[0].reasons.map((s) => s.match(/\(rule ([a-z-]+)\)/)![1])).toEqual(['unknown-group', 'not-a-number', 'out-of-range', 'out-of-range']);
  });

  it('unknown columns: one warning per file, not per row; unknown items of a known instrument named as such', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,foo,nosik_99\nHS-1,hs,T1,4,a,1\nHS-2,hs,T1,3,b,1\nHS-3,hs,T1,3,c,1\n', { fileLabel: 'x.csv' });
    invariant(r);
    expect(r.rejected).toBe(0);
    const warn = r.issues.filter((i) => i.severity === 'warning');
    expect(warn.map((i) => `${i.rule}:${i.column}`).sort()).toEqual(['unknown-column:foo', 'unknown-item:nosik_99']);
    expect(warn.find((i) => i.rule === 'unknown-column')!.message).toMatch(/^x\.csv, column "foo": column "foo" is not a known column and was ignored \(rule unknown-column\)/);
  });

  it('duplicate participant × wave × instrument in wide-by-wave names the first row', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01\nHS-1,hs,T1,4\nHS-1,hs,1,3\n');
    invariant(r);
    expect(r.rejects[0].reasons).toEqual(['<memory>, row 3, column "participant_id": participant HS-1, wave T1, nosik was already given in row 2 (rule duplicate).']);
  });

  it('long layout, more than 30 columns of one instrument, rows of a unit not adjacent: duplicates name the first row', async () => {
    const f = Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`);
    const iIds = f.map((x) => `i${x.slice(1)}`);
    const line = (pid: string, item: string, v: number) => `${pid},hs,T1,daily-hassles,${item},${v}`;
    const lines = [
      'participant_id,group,wave,instrument,item,value',
      ...f.map((x) => line('HS-1', x, 2)), // rows 2–21
      line('HS-2', 'f01', 1), // row 22
      ...iIds.map((x) => line('HS-1', x, 3)), // rows 23–42 (i15 in row 37)
      line('HS-1', 'i15', 4), // row 43: the 35th column of the instrument in this file
      line('HS-1', 'f03', 1), // row 44
    ];
    const r = await loadMeasurementsFromString(lines.join('\n') + '\n');
    invariant(r);
    expect(r.rejects.map((x) => [x.row, x.reasons])).toEqual([
      [43, ['<memory>, row 43, column "item": participant HS-1, wave T1, daily-hassles item i15 appears twice; it was first given in row 37 (rule duplicate).']],
      [44, ['<memory>, row 44, column "item": participant HS-1, wave T1, daily-hassles item f03 appears twice; it was first given in row 4 (rule duplicate).']],
    ]);
    const hs1 = r.records.find((x) => x.participantId === 'HS-1')!;
    expect(hs1.source.rows).toEqual([...Array.from({ length: 20 }, (_, i) => i + 2), ...Array.from({ length: 20 }, (_, i) => i + 23)]);
    expect(hs1.items.i15).toBe(3);
    expect(hs1.items.f03).toBe(2);
    expect(Object.keys(hs1.items)).toEqual([...f, ...iIds]);
  });

  it('missing required columns: every row rejected with the reason, invariant holds', async () => {
    const r = await loadMeasurementsFromString('participant_id,wave,nosik_01\nHS-1,T1,4\nHS-2,T1,3\n');
    invariant(r);
    expect(r.rejected).toBe(2);
    expect(r.issues[0]).toMatchObject({ rule: 'missing-required', severity: 'error' });
    expect(r.rejects[0].reasons[0]).toMatch(/required column "group" missing from the header/);
  });

  it('a file without measurement columns is a layout error for every row', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,age\nHS-1,hs,30\n');
    invariant(r);
    expect(r.rejected).toBe(1);
    expect(r.issues.find((i) => i.rule === 'layout')?.message).toMatch(/no measurement columns found/);
  });

  it('empty input: no rows, a layout issue, no throw', async () => {
    const r = await loadMeasurementsFromString('');
    invariant(r);
    expect(r.rowsRead).toBe(0);
    expect(r.issues.map((i) => i.rule)).toEqual(['layout']);
  });
});

describe('options', () => {
  it("onInvalidValue 'set-missing' keeps the row, stores null, adds a warning", async () => {
    const text = 'participant_id,group,wave,age,nosik_01,nosik_02\nHS-1,hs,T1,abc,4,9\n';
    const r = await loadMeasurementsFromString(text, { onInvalidValue: 'set-missing' });
    invariant(r);
    expect(r.accepted).toBe(1);
    expect(r.records[0].items).toEqual({ '01': 4, '02': null });
    expect(r.records[0].covariates).toEqual({ age: null });
    const w = r.issues.filter((i) => i.severity === 'warning');
    expect(w.map((i) => i.rule)).toEqual(['not-a-number', 'out-of-range']);
    expect(w[1].message).toMatch(/Stored as missing \(set-missing\)\.$/);
    // structural problems still reject
    const s = await loadMeasurementsFromString('participant_id,group,wave,nosik_01\nHS-1,xx,T1,4\n', { onInvalidValue: 'set-missing' });
    expect(s.rejected).toBe(1);
  });

  it('groups, group aliases and waves restrict and extend the allowed values', async () => {
    const text = 'participant_id,group,wave,nosik_01\nA,norm,T1,4\nB,wachtlijst,T1,4\nC,hs,T3,4\n';
    const r = await loadMeasurementsFromString(text, { groups: ['homestart', 'control'], groupAliases: { wachtlijst: 'control' }, waves: ['T1', 'T2'] });
    invariant(r);
    expect(r.records.map((x) => `${x.participantId}/${x.group}`)).toEqual(['B/control']);
    expect(r.rejects.map((x) => x.reasons[0].match(/\(rule ([a-z-]+)\)/)![1])).toEqual(['unknown-group', 'unknown-wave']);
    expect(r.rejects[1].reasons[0]).toMatch(/wave "T3" is not one of the allowed waves T1, T2/);
  });

  it('instrument restricts to one instrument; others skipped with one warning', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,psoc_01\nA,hs,T1,4,5\n', { instrument: 'psoc' });
    invariant(r);
    expect(r.records.map((x) => x.instrument)).toEqual(['psoc']);
    expect(r.issues.filter((i) => i.rule === 'unknown-instrument')).toHaveLength(1);
    const long = await loadMeasurementsFromString('participant_id,group,wave,instrument,item,value\nA,hs,T1,nosik,01,4\nA,hs,T1,psoc,01,5\n', { instrument: 'psoc' });
    invariant(long);
    expect(long.accepted).toBe(2);
    expect(long.records.map((x) => x.instrument)).toEqual(['psoc']);
    for (const onInvalidValue of ['reject-row', 'set-missing'] as const) {
      const skip = await loadMeasurementsFromString('participant_id,group,wave,instrument,item,value\nA,hs,T1,nosik,01,99\nA,xx,T1,nosik,02,1\nA,hs,T1,psoc,01,5\n', { instrument: 'psoc', onInvalidValue });
      invariant(skip);
      expect(skip.records.map((x) => x.instrument)).toEqual(['psoc']);
      expect(skip.rejects.map((x) => x.row)).toEqual([3]); // unknown group still rejects; the nosik value is not checked
    }
    await expect(loadMeasurementsFromString('x', { instrument: 'nope' })).rejects.toBeInstanceOf(DataError);
    const none = await loadMeasurementsFromString('participant_id,group,wave,nosik_01\nA,hs,T1,4\n', { instrument: 'gas' });
    invariant(none);
    expect(none.rejects[0].reasons[0]).toBe('<memory>: no columns of instrument gas found (its columns start with gas_) (rule layout).');
  });

  it('covariates option adds typed columns; mapping defaultGroup fills a missing group column', async () => {
    const r = await loadMeasurementsFromString('participant_id,wave,nosik_01,kinderen,start\nA,T1,4,2,1-2-2023\n', {
      covariates: { kinderen: 'integer', start: 'date' },
      mapping: { defaultGroup: 'homestart' },
    });
    invariant(r);
    expect(r.records[0]).toMatchObject({ group: 'homestart', covariates: { kinderen: 2, start: '2023-02-01' } });
  });

  it('a custom registry (inline definition) is used for ranges', async () => {
    const reg = InstrumentRegistry.fromDefinitions([
      {
        id: 'mini',
        name: 'Mini scale',
        columnPrefix: 'mini',
        kind: 'items',
        response: { min: 0, max: 3 },
        items: [{ id: '1' }, { id: '2', response: { min: 1, max: 10, integer: false } }],
        scales: [{ id: 'sum', label: 'Sum', items: ['1', '2'], method: 'sum', direction: 'higher-worse' }],
      },
    ]);
    const r = await loadMeasurementsFromString('participant_id,group,wave,mini_1,mini_2\nA,hs,T1,3,9.5\nB,hs,T1,4,1\n', { instruments: reg });
    invariant(r);
    expect(r.records[0].items).toEqual({ '1': 3, '2': 9.5 });
    expect(r.rejects[0].reasons[0]).toMatch(/value "4" is outside the allowed range 0 to 3 of mini item 1/);
  });

  it('onProgress is called with the running row count', async () => {
    const seen: number[] = [];
    await loadMeasurementsFromString('participant_id,group,wave,nosik_01\nA,hs,T1,4\nB,hs,T1,4\n', { onProgress: (n) => seen.push(n) });
    expect(seen[seen.length - 1]).toBe(2);
  });
});

describe('privacy', () => {
  it('identifying header: file refused, every row rejected, no value echoed', async () => {
    const r = await loadMeasurements(fixture('identifying-header.csv'));
    invariant(r);
    expect(r.records).toEqual([]);
    expect(r.rejected).toBe(2);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.rule)).toEqual(['identifying-column']);
    const all = JSON.stringify(r) + rejectsToCsv(r.rejects);
    for (const secret of ['Jansen', 'de Vries']) expect(all).not.toContain(secret);
    expect(r.rejects[0].values).toEqual({}); // a refused file keeps nothing of its rows
    expect(r.rejects[0].reasons[0]).toBe(
      'identifying-header.csv: the file was refused because it identifies people: column "naam" holds names (judged by its name). Data about families must be pseudonymous: remove these columns, or replace names and other identifiers with a code such as HS-0001, and keep age in years instead of a date of birth. No row of this file was used (rule identifying-column).',
    );
  });

  it('identifying content (e-mail, phone, BSN, birth date) refused without echoing values', async () => {
    const r = await loadMeasurements(fixture('identifying-content.csv'));
    invariant(r);
    expect(r.records).toEqual([]);
    expect(r.rejected).toBe(2);
    const msg = r.issues.find((i) => i.rule === 'identifying-column')!.message;
    expect(msg).toMatch(/column "contact" seems to contain e-mail addresses \(judged by its values\); column "nummer" seems to contain citizen service numbers \(BSN\) \(judged by its values\); column "geboren" holds dates of birth \(judged by its name\)/);
    expect(msg).toMatch(/HS-0001/); // the advice
    expect(r.issues.filter((i) => i.rule === 'unknown-column')).toEqual([]); // no noise about the refused columns
    const all = JSON.stringify(r) + rejectsToCsv(r.rejects);
    for (const secret of ['moeder@example.nl', '06-12345678', '111222333', '123456782', '12-05-1990', '1-1-1988']) expect(all).not.toContain(secret);
  });
});

describe('views', () => {
  it('rejectsToCsv: row, reasons, original columns; quoting (doc example)', () => {
    const csv = rejectsToCsv([{ file: 'a.csv', row: 3, values: { participant_id: 'HS-1', nosik_01: '9' }, reasons: ['a.csv, row 3, column "nosik_01": value "9" is outside …'] }]);
    expect(csv).toBe('file,row,reasons,participant_id,nosik_01\r\na.csv,3,"a.csv, row 3, column ""nosik_01"": value ""9"" is outside …",HS-1,9\r\n');
  });

  it('writeRejectsCsv writes a file the loader can read back', async () => {
    const r = await loadMeasurements(fixture('bad-values.csv'));
    const dir = mkdtempSync(join(tmpdir(), 'hs-rej-'));
    try {
      const path = join(dir, 'rejects.csv');
      writeRejectsCsv(r.rejects, path);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith('\ufefffile,row,reasons,participant_id,group,wave,instrument,item,value')).toBe(true);
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(r.rejects.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recordsToLongRows, scoresToRows and toDataFrame', async () => {
    const r = await loadMeasurements(fixture('long.csv'));
    const rows = recordsToLongRows(r.records);
    expect(rows).toHaveLength(11);
    expect(Object.keys(rows[0]).slice(-2)).toEqual(['age', 'single_parent']);
    expect(rows[0]).toEqual({ participant_id: 'HS-0001', group: 'homestart', wave: 'T1', wave_index: 1, date: '2024-03-01', instrument: 'nosik', kind: 'item', id: '01', value: 4, age: 31, single_parent: 1 });
    const flat = scoresToRows([
      { participantId: 'A', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'nosik', scale: 'total', score: 80, itemsExpected: 25, itemsAnswered: 25, itemsProrated: 0, origin: 'item-level', covariates: { age: 30 } },
    ]);
    expect(flat.columns).toEqual(['participant_id', 'group', 'wave', 'date', 'instrument', 'scale', 'score', 'items_expected', 'items_answered', 'items_prorated', 'origin', 'missing_reason', 'age']);
    expect(flat.rows[0]).toMatchObject({ participant_id: 'A', score: 80, age: 30, date: null, missing_reason: null });
    const df = toDataFrame(rows);
    expect(df.shape).toEqual([11, 11]);
    expect(df.columns).toEqual(['participant_id', 'group', 'wave', 'wave_index', 'date', 'instrument', 'kind', 'id', 'value', 'age', 'single_parent']);
  });
});
