/** Column names as SPSS/Excel exports have them (src/data/columns.ts) and export-style dates (src/data/dates.ts). */
import { describe, expect, it } from 'vitest';
import { readMeasurementName, recogniseColumns, namedWaveValue } from '../../src/data/columns.js';
import { excelSerialToIso, parseMeasurementDate } from '../../src/data/dates.js';
import { loadMeasurementsFromString } from '../../src/data/measurements.js';
import { defaultInstruments } from '../../src/instruments/registry.js';

const reg = defaultInstruments();

describe('readMeasurementName', () => {
  it('unpadded and padded item numbers, separators and case', () => {
    for (const n of ['nosik1', 'nosik_1', 'NOSIK_1', 'nosik.01', 'Nosik-01', 'nosik 1', 'nosik_01']) expect(readMeasurementName(n, reg), n).toEqual({ instrument: 'nosik', kind: 'item', id: '01' });
    expect(readMeasurementName('nosik12', reg)).toEqual({ instrument: 'nosik', kind: 'item', id: '12' });
    expect(readMeasurementName('pdh_f1', reg)).toEqual({ instrument: 'daily-hassles', kind: 'item', id: 'f01' });
    expect(readMeasurementName('gas_01', reg)).toEqual({ instrument: 'gas', kind: 'item', id: '1' });
  });
  it('tot / totaal for totals, scale ids', () => {
    for (const n of ['nosik_tot', 'NOSIK_TOTAAL', 'nosik.total', 'nosiktot']) expect(readMeasurementName(n, reg), n).toEqual({ instrument: 'nosik', kind: 'scale', id: 'total' });
    expect(readMeasurementName('psoc_efficacy', reg)).toEqual({ instrument: 'psoc', kind: 'scale', id: 'efficacy' });
    expect(readMeasurementName('nosik_26', reg)).toBeUndefined();
    expect(readMeasurementName('geslacht', reg)).toBeUndefined();
  });
});

describe('recogniseColumns: wave markers', () => {
  const waves = (h: string[]) => recogniseColumns(h, reg, new Set()).waves;
  it('Dutch and English named markers in their natural order', () => {
    expect(waves(['nosik_1_nameting', 'nosik_1_voormeting'])).toEqual([{ marker: 'voormeting', label: 'T1' }, { marker: 'nameting', label: 'T2' }]);
    expect(waves(['nosik_1_pre', 'nosik_1_post', 'nosik_1_follow_up'])).toEqual([{ marker: 'pre', label: 'T1' }, { marker: 'post', label: 'T2' }, { marker: 'follow_up', label: 'T3' }]);
    expect(waves(['nosik_1_voormeting', 'nosik_1_tussenmeting', 'nosik_1_nameting'])).toEqual([{ marker: 'voormeting', label: 'T1' }, { marker: 'tussenmeting', label: 'T2' }, { marker: 'nameting', label: 'T3' }]);
  });
  it('t0/t1/t2 shift to T1.. with a note; t1/t2 and _1/_2 keep their number', () => {
    const r = recogniseColumns(['nosik_tot_t0', 'nosik_tot_t1', 'nosik_tot_t2'], reg, new Set());
    expect(r.waves.map((w) => `${w.marker}→${w.label}`)).toEqual(['t0→T1', 't1→T2', 't2→T3']);
    expect(r.notes[0]).toMatch(/count from 0/);
    expect(waves(['nosik_1_1', 'nosik_1_2', 'nosik_tot_2'])).toEqual([{ marker: '1', label: 'T1' }, { marker: '2', label: 'T2' }]);
    const m = recogniseColumns(['nosik_1_2', 'nosik_12'], reg, new Set()).measures;
    expect(m.get(0)).toEqual({ ref: { instrument: 'nosik', kind: 'item', id: '01' }, wave: { label: 'T2', index: 2 }, marker: '2' });
    expect(m.get(1)).toEqual({ ref: { instrument: 'nosik', kind: 'item', id: '12' } });
  });
  it('a file mixing named and numbered markers is reported, never guessed', () => {
    const r = recogniseColumns(['nosik_1_voormeting', 'nosik_1_t2', 'nosik_2_t2'], reg, new Set());
    expect(r.ambiguous.map((a) => a.column)).toEqual(['nosik_1_voormeting']);
    expect(r.measures.has(0)).toBe(false);
  });
  it('per-wave date columns', () => {
    const r = recogniseColumns(['datum_voormeting', 'datum_nameting', 'nosik_1_voormeting', 'nosik_1_nameting'], reg, new Set());
    expect([...r.dates.entries()]).toEqual([[0, { label: 'T1', index: 1 }], [1, { label: 'T2', index: 2 }]]);
  });
  it('wave values written as words', () => {
    expect(namedWaveValue('Voormeting')).toEqual({ label: 'T1', index: 1 });
    expect(namedWaveValue('post')).toEqual({ label: 'T2', index: 2 });
    expect(namedWaveValue('follow-up')).toEqual({ label: 'T3', index: 3 });
    expect(namedWaveValue('tussenmeting')).toBeUndefined();
  });
});

describe('dates as Dutch exports write them', () => {
  it('two-digit years and Excel serials', () => {
    const now = new Date(Date.UTC(2026, 0, 1));
    expect(parseMeasurementDate('12-03-2019')).toBe('2019-03-12');
    expect(parseMeasurementDate('12-3-19', { now })).toBe('2019-03-12');
    expect(parseMeasurementDate('12-3-85', { now })).toBe('1985-03-12');
    expect(parseMeasurementDate('31-2-19', { now })).toBeUndefined();
    expect(parseMeasurementDate('43536')).toBeUndefined();
    expect(parseMeasurementDate('43536', { spreadsheet: true })).toBe('2019-03-12');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(60)).toBeUndefined();
  });
});

describe('a Dutch wide export loads without a mapping', () => {
  it('respnr, groep, nosik_1_voormeting …, nosik_tot_nameting, datum_voormeting', async () => {
    const text = 'respnr;groep;geslacht;datum_voormeting;datum_nameting;nosik1_voormeting;nosik_2_voormeting;NOSIK.1_nameting;nosik_02_nameting\n7;vergelijkingsgroep;1;12-03-2019;12-9-19;3;4;2;3\n';
    const r = await loadMeasurementsFromString(text, { fileLabel: 'export.csv' });
    expect(r.rejected).toBe(0);
    expect(r.layout.description).toMatch(/waves from column names: voormeting → T1, nameting → T2/);
    expect(r.records.map((x) => [x.participantId, x.group, x.wave, x.date, x.items])).toEqual([
      ['7', 'control', 'T1', '2019-03-12', { '01': 3, '02': 4 }],
      ['7', 'control', 'T2', '2019-09-12', { '01': 2, '02': 3 }],
    ]);
    // geslacht is not used and said so, once
    expect(r.issues.map((i) => i.message)).toEqual(['export.csv, column "geslacht": column "geslacht" is not a known column and was ignored (rule unknown-column). Known: participant_id, group, wave, date, age, single_parent, site, and instrument columns such as nosik_01 or psoc_total.']);
  });
  it('many unknown columns: one summary warning, not one per column', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,a,b,c,d,e,nosik_1\nA,hs,T1,1,1,1,1,1,3\n', { fileLabel: 'x.csv' });
    const w = r.issues.filter((i) => i.rule === 'unknown-column');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/^x\.csv: 5 of 9 columns were not recognised and were ignored: "a", "b", "c", "d", "e" \(rule unknown-column\)\. 1 measurement column was recognised\./);
    expect(w[0].message).toMatch(/--suggest-mapping OUT\.json/);
  });
});

describe('what the loader says about wave markers', () => {
  it('mixed markers: a warning per left-out column; t0: the shift is said in the layout line', async () => {
    const mixed = await loadMeasurementsFromString('respnr,groep,nosik_1_voormeting,nosik_1_t2,nosik_2_t2\n1,hs,3,4,5\n', { fileLabel: 'mix.csv' });
    expect(mixed.issues.map((i) => i.message)).toEqual([
      'mix.csv, column "nosik_1_voormeting": column "nosik_1_voormeting" is ambiguous: the file mixes named and numbered wave markers; this named (voormeting, nameting, …) marker could be any wave, so the column was left out — declare "waveSuffixes" in a mapping (rule unknown-wave).',
    ]);
    expect(mixed.records.map((x) => `${x.wave}:${JSON.stringify(x.items)}`)).toEqual(['T2:{"01":4,"02":5}']);
    const t0 = await loadMeasurementsFromString('respnr,groep,nosik_tot_t0,nosik_tot_t1\n1,hs,80,70\n', { fileLabel: 't0.csv' });
    expect(t0.layout.description).toBe('wide layout: one row per participant (no wave column; waves from column suffixes); 2 measurement columns of nosik at T1, T2; waves from column names: t0 → T1, t1 → T2 (wave markers in column names count from 0 (t0, t1, …); they were read as T1, T2, … (t0 → T1). Declare "waveSuffixes" in a mapping to read them otherwise.)');
    expect(t0.records.map((x) => `${x.wave}:${x.scales.total}`)).toEqual(['T1:80', 'T2:70']);
  });
});
