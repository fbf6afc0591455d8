/** The SPSS .sav reader (src/data/sav.ts) on files made by R haven and PSPP (tests/fixtures/data/spss/make-fixtures.*). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSavBytes, readSav, savTable, savValueText } from '../../src/data/sav.js';
import { loadMeasurements, loadMeasurementsFromBuffer } from '../../src/data/measurements.js';
import { DataError } from '../../src/data/issues.js';

const fixture = (f: string) => fileURLToPath(new URL(`../fixtures/data/spss/${f}`, import.meta.url));
const sav = (f: string) => readSav(readFileSync(fixture(f)), f);

describe('readSav: R haven files', () => {
  it('compressed (SPSS default), uncompressed and zsav give the same table', () => {
    const a = savTable(sav('dutch-export.sav'));
    expect(sav('dutch-export.sav').compression).toBe('bytecode');
    expect(sav('dutch-export-uncompressed.sav').compression).toBe('none');
    expect(sav('dutch-export.zsav').compression).toBe('zlib');
    expect(savTable(sav('dutch-export-uncompressed.sav'))).toEqual(a);
    expect(savTable(sav('dutch-export.zsav'))).toEqual(a);
    expect(a.header.slice(0, 7)).toEqual(['respnr', 'geslacht', 'groep', 'leeftijd', 'datum_voormeting', 'datum_nameting', 'nosik_1_voormeting']);
    expect(a.rows).toHaveLength(24);
  });
  it('variable labels, value labels, user-missing values, dates', () => {
    const s = sav('dutch-export.sav');
    const groep = s.variables.find((v) => v.name === 'groep')!;
    expect(groep.label).toBe('Onderzoeksgroep');
    expect([...groep.valueLabels]).toEqual([[1, 'Home-Start'], [2, 'vergelijkingsgroep']]);
    const item = s.variables.find((v) => v.name === 'nosik_1_voormeting')!;
    expect(item.missing).toEqual({ values: [-9, 99] });
    const t = savTable(s);
    expect(t.meta.missing.nosik_tot_nameting).toEqual({ values: [99], ranges: [] });
    expect(t.meta.valueLabels.geslacht).toEqual({ '1': 'man', '2': 'vrouw' });
    const d = s.variables.findIndex((v) => v.name === 'datum_voormeting');
    expect(s.variables[d].kind).toBe('date');
    expect(t.rows.every((r) => /^2019-0[3-5]-\d\d$/.test(r[d]))).toBe(true);
    expect(s.variables.find((v) => v.name === 'opmerking')!.type).toBe('string');
  });
  it('edge cases: range of user-missing values, very long strings, date-times, long names, system-missing', () => {
    const s = sav('edge-cases.sav');
    const t = savTable(s);
    expect(t.header).toEqual(['id', 'score', 'tekst', 'dag', 'tijd', 'Lange_Variabelenaam_Boven_Acht_Tekens', 'conditie']);
    // long string value labels (record 7.21) and missing values (7.22)
    expect(t.meta.valueLabels.conditie).toEqual({ interventiegroep: 'Home-Start', wachtlijstgroep: 'wachtlijst' });
    expect(s.variables[6].missing).toEqual({ values: ['onbekend'] });
    expect(t.rows.map((r) => r[6])).toEqual(['interventiegroep', 'wachtlijstgroep', 'interventiegroep', '']);
    expect(s.variables[1].missing).toEqual({ values: [], range: [97, 99] });
    expect(t.meta.valueLabels.score).toEqual({ '98': 'weigert' });
    expect(t.rows.map((r) => r[1])).toEqual(['1.5', '98', '99', '']);
    expect(s.variables[2].width).toBe(399);
    expect(t.rows[1][2]).toBe(Array(80).fill('lang').join(' '));
    expect(t.rows[3][2]).toBe('é ü ß');
    expect(t.rows.map((r) => r[3])).toEqual(['2019-03-12', '', '1999-12-31', '2024-02-29']);
    expect(t.rows.map((r) => r[4])).toEqual(['2019-03-12 10:30:00', '', '2000-01-01 00:00:00', '2024-02-29 23:59:59']);
    expect(savValueText(13771728000, 'date')).toBe('2019-03-12');
  });
});

describe('readSav: PSPP files and encodings', () => {
  it('Windows-1252 with its encoding record, compressed and not; missing ranges with LO', () => {
    for (const f of ['pspp-cp1252.sav', 'pspp-cp1252-uncompressed.sav']) {
      const s = sav(f);
      expect(s.encoding).toBe('windows-1252');
      expect(s.encodingNote).toBe('encoding record of the file says WINDOWS-1252');
      const t = savTable(s);
      expect(t.rows.map((r) => r[7])).toEqual(['café', 'verhuisd, één kind', '', 'Zoë', '']);
      expect(t.meta.valueLabels.meting).toEqual({ '1': 'voormeting', '2': 'nameting' });
      expect(t.meta.missing.psoc_1).toEqual({ values: [], ranges: [[97, 98]] });
      expect(t.meta.missing.leeftijd).toEqual({ values: [], ranges: [[-Infinity, -1]] });
      expect(t.meta.variableLabels.nosik_tot).toBe('NOSIK totaalscore');
    }
  });
  it('an old file without encoding record is read with the code page of its machine record', () => {
    const s = sav('pspp-cp1252-old.sav');
    expect(s.encoding).toBe('windows-1252');
    expect(s.encodingNote).toMatch(/^no encoding record \(as in files from SPSS before version 16\); code page 1252 in the machine record → windows-1252$/);
    expect(savTable(s).rows[1][7]).toBe('verhuisd, één kind');
  });
  it('through the loader: wave and group codes from value labels, user-missing codes counted, a -9 age (LO THRU -1) missing', async () => {
    const r = await loadMeasurements(fixture('pspp-cp1252.sav'));
    expect(r.layout.kind).toBe('wide-by-wave');
    expect(r.read.format).toBe('sav');
    expect(r.rejected).toBe(0);
    expect(r.records.map((x) => `${x.participantId}:${x.group}:${x.wave}:${x.instrument}`)).toEqual([
      'HS-01:homestart:T1:nosik', 'HS-01:homestart:T1:psoc', 'HS-01:homestart:T2:nosik', 'HS-01:homestart:T2:psoc',
      'CG-02:control:T1:nosik', 'CG-02:control:T1:psoc', 'CG-02:control:T2:nosik', 'CG-02:control:T2:psoc',
      'HS-03:homestart:T1:nosik', 'HS-03:homestart:T1:psoc',
    ]);
    expect(r.declaredMissing).toEqual({ count: 4, byCode: { '97': 1, '98': 1, '999': 1, '-9': 1 } });
    expect(r.records.find((x) => x.participantId === 'HS-03')!.covariates.age).toBeNull();
    expect(r.records[0].date).toBe('2019-03-12');
  });
});

describe('a .sav is recognised by its first bytes, never read as CSV', () => {
  it('whatever its name, and from a buffer', async () => {
    const bytes = readFileSync(fixture('dutch-export.sav'));
    expect(isSavBytes(bytes)).toBe(true);
    expect(isSavBytes(Buffer.from('respnr;groep'))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'hs-sav-'));
    try {
      const p = join(dir, 'export.csv');
      writeFileSync(p, bytes);
      const r = await loadMeasurements(p);
      expect(r.read.format).toBe('sav');
      expect(r.records.length).toBe(47);
      const b = await loadMeasurementsFromBuffer(bytes, { fileLabel: 'x.sav' });
      expect(b.records.length).toBe(47);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a truncated file is an unreadable-file error with a sentence', async () => {
    const bytes = readFileSync(fixture('dutch-export.sav')).subarray(0, 300);
    await expect(loadMeasurementsFromBuffer(bytes, { fileLabel: 'kapot.sav' })).rejects.toThrow(DataError);
    await expect(loadMeasurementsFromBuffer(bytes, { fileLabel: 'kapot.sav' })).rejects.toThrow(/^kapot\.sav: this SPSS file cannot be read: the file ends early \(at byte \d+, \d+ more expected\); it may be truncated \(rule unreadable-file\)\.$/);
  });
});

describe('value labels that are not groups are named in the message', () => {
  it('a group code labelled "wachtlijst" is an unknown group, with its label', async () => {
    const { readFileSync: rf } = await import('node:fs');
    const bytes = rf(fixture('pspp-cp1252.sav'));
    // relabel code 2 in a copy: 'vergelijkingsgroep' → 'wachtlijst   ' (same length: 18 bytes)
    const i = bytes.indexOf(Buffer.from('vergelijkingsgroep', 'latin1'));
    expect(i).toBeGreaterThan(0);
    const copy = Buffer.from(bytes);
    copy.write('wachtlijst        ', i, 'latin1');
    const r = await loadMeasurementsFromBuffer(copy, { fileLabel: 'w.sav' });
    expect(r.rejected).toBe(2);
    expect(r.rejects[0].reasons[0]).toBe('w.sav, row 3, column "groep": group "2" (value label "wachtlijst") is not one of the allowed groups homestart, control, norm (aliases such as home-start, hs, interventie, controle, vergelijkingsgroep, care-as-usual and normgroep are recognised) (rule unknown-group).');
  });
});
