/**
 * Declared missing values (src/data/missing.ts) through the loader and the scoring engine: a code
 * is missing with its reason, counted apart, never a value or a score; invalid values stay errors
 * and reject only their unit (instrument × wave of one participant).
 */
import { describe, expect, it } from 'vitest';
import { loadMeasurementsFromString, type MeasurementLoadResult } from '../../src/data/measurements.js';
import { declaredCode, parseMissingCodes, annotateMissing, tallyLine } from '../../src/data/missing.js';
import { scoreRecords } from '../../src/instruments/scoring.js';
import { defaultInstruments, InstrumentRegistry } from '../../src/instruments/registry.js';

function invariant(r: MeasurementLoadResult): void {
  expect(r.accepted + r.rejected).toBe(r.rowsRead);
  expect(r.units!.accepted + r.units!.rejected).toBe(r.units!.read);
  expect(r.units!.accepted).toBe(r.records.length);
}

const items = (n: number, v: (i: number) => string) => Array.from({ length: n }, (_, i) => v(i + 1));
const nosikHeader = items(25, (i) => `nosik_${String(i).padStart(2, '0')}`).join(',');

describe('parseMissingCodes / declaredCode', () => {
  it('parses lists, ranges and objects; compares by value', () => {
    expect(parseMissingCodes('99,-9, 97..98')).toEqual({ values: [99, -9], ranges: [[97, 98]] });
    expect(parseMissingCodes('99;-9,5')).toEqual({ values: [99, -9.5], ranges: [] });
    expect(parseMissingCodes([999, '90 t/m 95'])).toEqual({ values: [999], ranges: [[90, 95]] });
    expect(parseMissingCodes('')).toBeUndefined();
    const c = parseMissingCodes('99,-9,97..98');
    expect(declaredCode('99', c)).toBe('99');
    expect(declaredCode(' 99,0 ', c)).toBe('99');
    expect(declaredCode('-9', c)).toBe('-9');
    expect(declaredCode('97.5', c)).toBe('97.5');
    expect(declaredCode('5', c)).toBeUndefined();
    expect(declaredCode('', c)).toBeUndefined();
    expect(declaredCode('abc', c)).toBeUndefined();
  });
  it('refuses what is not a number with a sentence', () => {
    expect(() => parseMissingCodes('99,x')).toThrow('--missing: "x" is not a number; declare missing codes as numbers such as 99,-9 or a range 97..99.');
    expect(() => parseMissingCodes('9..1')).toThrow('--missing: the range "9..1" runs backwards; write the low end first.');
  });
  it('tallyLine', () => {
    expect(tallyLine({ count: 3, byCode: { '-9': 1, '99': 2 } })).toBe('declared missing values: 3 (99: 2, -9: 1)');
  });
  it('annotateMissing: a declared scale-level value is never a score', () => {
    const row = { score: null as number | null, itemsProrated: 0, missingReason: 'scale score missing' };
    annotateMissing(row, { declaredMissing: { 'scale:total': '99' } }, ['01'], 'total');
    expect(row.missingReason).toBe('declared missing (99)');
  });
});

describe('declared missing values in the loader', () => {
  it('the bug of issue 11: nosik_tot_nameting = 99 of a dropout is missing, not a NOSIK total of 99', async () => {
    const text = 'respnr,groep,nosik_tot_voormeting,nosik_tot_nameting\n1,1,80,99\n2,2,75,70\n';
    const r = await loadMeasurementsFromString(text, { missing: '99,-9', groupAliases: { '1': 'homestart', '2': 'control' } });
    invariant(r);
    expect(r.rejected).toBe(0);
    expect(r.declaredMissing).toEqual({ count: 1, byCode: { '99': 1 } });
    const t2 = r.records.find((x) => x.participantId === '1' && x.wave === 'T2')!;
    expect(t2.scales).toEqual({ total: null });
    expect(t2.declaredMissing).toEqual({ 'scale:total': '99' });
    const s = scoreRecords(r.records).scores.find((x) => x.participantId === '1' && x.wave === 'T2')!;
    expect(s.score).toBeNull();
    expect(s.missingReason).toBe('declared missing (99)');
    expect(s.origin).toBe('scale-level');
    // without a declaration 99 is inside the total's range 25..150 and would be accepted: that is why codes must be declared
    const undeclared = await loadMeasurementsFromString(text, { groupAliases: { '1': 'homestart', '2': 'control' } });
    expect(undeclared.records.find((x) => x.participantId === '1' && x.wave === 'T2')!.scales.total).toBe(99);
  });

  it('item codes: counted per code, scores say why; a 7 on a 1-6 item is still an error', async () => {
    const row = (id: string, vals: string[]) => `${id},hs,T1,${vals.join(',')}`;
    const full = items(25, () => '3');
    const withCodes = [...full];
    withCodes[0] = '99';
    withCodes[1] = '-9';
    const allCodes = items(25, () => '99');
    const typo = [...full];
    typo[4] = '7';
    const text = [`participant_id,group,wave,${nosikHeader}`, row('A', full), row('B', withCodes), row('C', allCodes), row('D', typo)].join('\n');
    const r = await loadMeasurementsFromString(text, { missing: [99, -9], fileLabel: 'codes.csv' });
    invariant(r);
    expect(r.declaredMissing).toEqual({ count: 27, byCode: { '99': 26, '-9': 1 } });
    expect(r.records.map((x) => x.participantId)).toEqual(['A', 'B', 'C']);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].reasons).toEqual(['codes.csv, row 5, column "nosik_05": value "7" is outside the allowed range 1 to 6 of nosik item 05 (rule out-of-range).']);
    const scores = scoreRecords(r.records).scores;
    const b = scores.find((x) => x.participantId === 'B' && x.scale === 'total')!;
    expect(b.itemsAnswered).toBe(23);
    expect(b.itemsProrated).toBe(2); // the total may prorate 2 missing items: codes are missing, not values
    expect(b.score).toBeCloseTo(75, 12);
    const c = scores.find((x) => x.participantId === 'C' && x.scale === 'total')!;
    expect(c.score).toBeNull();
    expect(c.missingReason).toBe('25 of 25 items missing; at most 2 may be prorated; declared missing (99): 25 items');
  });

  it('declared codes from the instrument definition, the mapping per instrument and per column', async () => {
    const reg = defaultInstruments();
    const psoc = structuredClone(reg.require('psoc'));
    psoc.missing = [9];
    const custom = InstrumentRegistry.fromDefinitions(reg.list().map((d) => (d.id === 'psoc' ? psoc : d)));
    const text = 'participant_id,group,wave,psoc_01,psoc_02,nosik_01,nosik_02\nA,hs,T1,9,8,8,0\n';
    const r = await loadMeasurementsFromString(text, { instruments: custom, mapping: { missingByInstrument: { nosik: [8] }, missingByColumn: { psoc_02: '8' }, missing: '0' } });
    invariant(r);
    expect(r.rejected).toBe(0);
    expect(r.records.map((x) => x.declaredMissing)).toEqual([{ '01': '9', '02': '8' }, { '01': '8', '02': '0' }]);
    // codes do not leak: 9 on a nosik item is out of range (psoc declares 9, nosik does not)
    const bad = await loadMeasurementsFromString('participant_id,group,wave,psoc_01,nosik_01\nA,hs,T1,9,9\n', { instruments: custom, fileLabel: 'b.csv' });
    expect(bad.rejects.map((x) => x.unit)).toEqual([{ wave: 'T1', instrument: 'nosik' }]);
    expect(bad.records.map((x) => x.instrument)).toEqual(['psoc']);
  });

  it('long layout: declared codes and the unit rule', async () => {
    const text = 'participant_id,group,wave,instrument,item,value\nA,hs,T1,psoc,01,99\nA,hs,T1,psoc,02,4\nA,hs,T2,psoc,01,7\nA,hs,T2,psoc,02,4\nA,hs,T1,nosik,01,3\n';
    const r = await loadMeasurementsFromString(text, { missing: '99', fileLabel: 'l.csv' });
    invariant(r);
    expect(r.units).toEqual({ read: 3, accepted: 2, rejected: 1 });
    expect(r.records.map((x) => `${x.wave}:${x.instrument}`)).toEqual(['T1:psoc', 'T1:nosik']);
    expect(r.records[0].declaredMissing).toEqual({ '01': '99' });
    expect(r.rejects.map((x) => x.row)).toEqual([4, 5]);
    expect(r.rejects[1].reasons).toEqual(['l.csv, row 5: participant A, wave T2, psoc is rejected as a whole because row 4 of the same unit has an invalid value (rule unit-rejected).']);
  });
});

describe('damage stays local', () => {
  it('wide file: an invalid value rejects that instrument at that wave only; the rejects say which unit', async () => {
    const text = 'respnr,groep,psoc_01_voormeting,psoc_01_nameting,nosik_01_voormeting,nosik_01_nameting\n1,hs,5,7,3,4\n2,hs,5,5,3,4\n';
    const r = await loadMeasurementsFromString(text, { fileLabel: 'w.csv' });
    invariant(r);
    expect(r.rowsRead).toBe(2);
    expect(r.accepted).toBe(2);
    expect(r.rejected).toBe(0);
    expect(r.units).toEqual({ read: 8, accepted: 7, rejected: 1 });
    expect(r.rejects).toEqual([
      {
        file: 'w.csv',
        row: 2,
        unit: { wave: 'T2', instrument: 'psoc' },
        values: { respnr: '1', groep: 'hs', psoc_01_nameting: '7' },
        reasons: ['w.csv, row 2, column "psoc_01_nameting": value "7" is outside the allowed range 1 to 6 of psoc item 01 (rule out-of-range).'],
      },
    ]);
    expect(r.records.filter((x) => x.participantId === '1').map((x) => `${x.wave}:${x.instrument}`).sort()).toEqual(['T1:nosik', 'T1:psoc', 'T2:nosik']);
  });

  it('a row whose every unit is invalid is a rejected row; a structural problem rejects the row with all its units', async () => {
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,psoc_01\nA,hs,T1,9,9\n,hs,T1,3,3\nB,hs,T1,3,3\n');
    invariant(r);
    expect(r.rejected).toBe(2);
    expect(r.units).toEqual({ read: 6, accepted: 2, rejected: 4 });
    expect(r.rejects.every((x) => !x.unit)).toBe(true);
  });

  it('set-missing keeps the unit, counts the value apart, and leaves every scale using it unscored', async () => {
    const row = items(25, () => '3');
    row[4] = '7';
    const r = await loadMeasurementsFromString(`participant_id,group,wave,${nosikHeader}\nA,hs,T1,${row.join(',')}\n`, { onInvalidValue: 'set-missing' });
    invariant(r);
    expect(r.invalidSetMissing).toBe(1);
    expect(r.records[0].invalidMissing).toEqual({ '05': '7' });
    const total = scoreRecords(r.records).scores.find((x) => x.scale === 'total')!;
    expect(total.score).toBeNull();
    expect(total.missingReason).toMatch(/^item 05 had an invalid value, stored as missing by set-missing; not scored/);
  });
});

describe('item-level declarations in an instrument definition', () => {
  it('an item may declare its own code; other items of the instrument do not share it', async () => {
    const reg = defaultInstruments();
    const nosik = structuredClone(reg.require('nosik'));
    nosik.items[0].missing = [9];
    const custom = InstrumentRegistry.fromDefinitions(reg.list().map((d) => (d.id === 'nosik' ? nosik : d)));
    const r = await loadMeasurementsFromString('participant_id,group,wave,nosik_01,nosik_02\nA,hs,T1,9,3\nB,hs,T1,3,9\n', { instruments: custom, fileLabel: 'i.csv' });
    invariant(r);
    expect(r.records.map((x) => x.participantId)).toEqual(['A']);
    expect(r.records[0].declaredMissing).toEqual({ '01': '9' });
    expect(r.rejects[0].reasons).toEqual(['i.csv, row 3, column "nosik_02": value "9" is outside the allowed range 1 to 6 of nosik item 02 (rule out-of-range).']);
  });
  it('an invalid --missing declaration is a DataError sentence', async () => {
    await expect(loadMeasurementsFromString('participant_id,group,wave,nosik_01\nA,hs,T1,3\n', { missing: '99,x', fileLabel: 'm.csv' })).rejects.toThrow('m.csv: --missing: "x" is not a number; declare missing codes as numbers such as 99,-9 or a range 97..99.');
  });
});
