import { describe, expect, it } from 'vitest';
import { convertCell, matchColumns, normaliseHeader, parseBoolean, parseDate, validateTable, type ColumnSpec } from '../../src/data/validate.js';

const specs: ColumnSpec[] = [
  { name: 'id', type: 'string', required: true, aliases: ['code'] },
  { name: 'age', type: 'integer', min: 12, max: 70, aliases: ['leeftijd'] },
  { name: 'start', type: 'date' },
  { name: 'single', type: 'boolean' },
  { name: 'referrer', type: 'enum', values: { jgz: 'youth-health', 'wijkteam': 'social-team', 'social-team': 'social-team', own: 'own-initiative' } },
  { name: 'hours', type: 'number', min: 0 },
];

describe('cell parsers', () => {
  it('dates: ISO and Dutch day-first, calendar-checked (doc example)', () => {
    expect(parseDate('1-3-2024')).toBe('2024-03-01');
    expect(parseDate('2024-03-01')).toBe('2024-03-01');
    expect(parseDate('01-03-2024')).toBe('2024-03-01');
    expect(parseDate('1/3/2024')).toBe('2024-03-01');
    expect(parseDate('1.3.2024')).toBe('2024-03-01');
    expect(parseDate('2024-03-01 00:00:00')).toBe('2024-03-01');
    expect(parseDate('29-2-2024')).toBe('2024-02-29');
    expect(parseDate('')).toBeNull();
    for (const s of ['29-2-2023', '31-4-2024', '1-13-2024', '1-3-24', '2024/03/01', 'maart 2024', '2024-3']) expect(parseDate(s), s).toBeUndefined();
  });
  it('booleans in Dutch and English (doc example)', () => {
    expect(parseBoolean('Ja')).toBe(true);
    for (const s of ['ja', 'j', 'yes', 'Y', '1', 'true', 'TRUE']) expect(parseBoolean(s), s).toBe(true);
    for (const s of ['nee', 'N', 'no', '0', 'false']) expect(parseBoolean(s), s).toBe(false);
    expect(parseBoolean(' ')).toBeNull();
    expect(parseBoolean('misschien')).toBeUndefined();
  });
  it('convertCell: type, range and enum rules (doc example)', () => {
    expect(convertCell({ name: 'age', type: 'integer', min: 12, max: 70 }, '9').ok).toBe(false);
    expect(convertCell(specs[1], '9')).toEqual({ ok: false, rule: 'out-of-range', reason: 'it is outside the allowed range 12 to 70' });
    expect(convertCell(specs[1], '30,5')).toEqual({ ok: false, rule: 'not-an-integer', reason: 'it must be a whole number' });
    expect(convertCell(specs[1], ' 30 ')).toEqual({ ok: true, value: 30 });
    expect(convertCell(specs[5], '-1')).toMatchObject({ ok: false, rule: 'out-of-range', reason: 'it is outside the allowed range 0 or more' });
    expect(convertCell(specs[4], 'Wijkteam')).toEqual({ ok: true, value: 'social-team' });
    expect(convertCell(specs[4], 'huisarts')).toEqual({ ok: false, rule: 'invalid-value', reason: 'it is not one of the allowed values (youth-health, social-team, own-initiative)' });
    expect(convertCell(specs[3], 'soms')).toMatchObject({ ok: false, rule: 'invalid-value' });
    expect(convertCell(specs[2], '31-2-2024')).toMatchObject({ ok: false, rule: 'invalid-date' });
  });
  it('header matching by name and alias', () => {
    expect(normaliseHeader(' Participant ID ')).toBe('participant_id');
    const m = matchColumns(['Code', 'Leeftijd', 'x', 'code'], specs);
    expect([...m.index]).toEqual([['id', 0], ['age', 1]]);
    expect(m.unknown).toEqual([2]);
    expect(m.duplicates[0].columns).toEqual(['Code', 'code']);
    expect(matchColumns(['age'], specs).missing.map((s) => s.name)).toEqual(['id']);
  });
});

describe('validateTable', () => {
  it('accepts valid rows, rejects invalid ones with every reason (doc example)', async () => {
    const r = await validateTable('id,age\nHS-1,34\nHS-2,x\n', [{ name: 'id', type: 'string', required: true }, { name: 'age', type: 'integer', min: 12, max: 70 }], { text: true });
    expect(r.accepted).toBe(1);
    expect(r.rejects[0].reasons[0]).toBe('<memory>, row 3, column "age": value "x" is not a number (rule not-a-number).');
  });

  it('applies all specs; unknown column is one warning per file; invariant holds', async () => {
    const text = 'code;leeftijd;start;single;referrer;hours;extra\nHS-1;34;1-3-2024;ja;JGZ;2,5;a\nHS-2;9;31-2-2024;soms;huisarts;-1;b\n;30;;;;;c\n';
    const r = await validateTable(text, specs, { text: true, fileLabel: 'reg.csv' });
    expect(r.rowsRead).toBe(3);
    expect(r.accepted + r.rejected).toBe(r.rowsRead);
    expect(r.rows).toEqual([{ row: 2, values: { id: 'HS-1', age: 34, start: '2024-03-01', single: true, referrer: 'youth-health', hours: 2.5 } }]);
    expect(r.rejects[0].reasons.map((s) => s.match(/\(rule ([a-z-]+)\)/)![1])).toEqual(['out-of-range', 'invalid-date', 'invalid-value', 'invalid-value', 'out-of-range']);
    expect(r.rejects[1].reasons).toEqual(['reg.csv, row 4, column "code": a value is required (rule missing-required).']);
    expect(r.issues.filter((i) => i.rule === 'unknown-column')).toHaveLength(1);
    expect(r.issues.find((i) => i.rule === 'unknown-column')!.message).toBe('reg.csv, column "extra": column "extra" is not one of the expected columns and was ignored (rule unknown-column).');
  });

  it('set-missing keeps rows with invalid optional values', async () => {
    const r = await validateTable('id,age\nHS-1,x\n', specs, { text: true, onInvalidValue: 'set-missing' });
    expect(r.accepted).toBe(1);
    expect(r.rows[0].values.age).toBeNull();
    expect(r.issues.find((i) => i.rule === 'not-a-number')?.severity).toBe('warning');
  });

  it('a missing required column rejects every row; identifying columns refuse the file', async () => {
    const r = await validateTable('age\n30\n31\n', specs, { text: true });
    expect(r.rejected).toBe(2);
    expect(r.rejects[0].reasons[0]).toMatch(/required column "id" missing from the header/);
    const p = await validateTable('id,voornaam,age\nHS-1,Fatima,30\n', specs, { text: true });
    expect(p.rejected).toBe(1);
    expect(JSON.stringify(p)).not.toContain('Fatima');
    expect(p.issues.map((i) => i.rule)).toContain('identifying-column');
  });
});

describe('enum fallback (a category value in no list)', () => {
  const cat: ColumnSpec[] = [
    { name: 'id', type: 'string', required: true },
    { name: 'referrer', type: 'enum', values: { ggd: 'yhc', other: 'other' }, fallback: 'other', fallbackHint: 'Add it to the list.' },
    { name: 'help', type: 'enum', values: ['a', 'b', 'other'], multiple: true, fallback: 'other' },
  ];

  it('keeps the row with the fallback code and gives one warning per distinct value, listing its rows', async () => {
    const long = 'x'.repeat(200);
    const r = await validateTable(`id,referrer,help\nH1,Kwadraad,a;zz\nH2,kwadraad,b\nH3,GGD,zz|a\nH4,${long},\n`, cat, { text: true });
    expect(r.accepted).toBe(4);
    expect(r.rows.map((x) => [x.values.referrer, x.values.help])).toEqual([
      ['other', ['a', 'other']],
      ['other', ['b']],
      ['yhc', ['other', 'a']],
      ['other', null],
    ]);
    expect(r.issues.map((i) => [i.severity, i.rule, i.column, i.value ?? null, i.message])).toEqual([
      ['warning', 'unknown-category', 'referrer', 'Kwadraad', '<memory>, column "referrer": value "Kwadraad" is in no list of this column (rows 2, 3); it was counted as "other". Add it to the list. (rule unknown-category).'],
      ['warning', 'unknown-category', 'help', 'zz', '<memory>, column "help": value "zz" is in no list of this column (rows 2, 4); it was counted as "other". (rule unknown-category).'],
      // a long value is never echoed, not even in the private log
      ['warning', 'unknown-category', 'referrer', null, '<memory>, column "referrer": a value of 200 characters (not shown) is in no list of this column (row 5); it was counted as "other". Add it to the list. (rule unknown-category).'],
    ]);
  });

  it('without a fallback an unknown value still rejects the row', async () => {
    const r = await validateTable('id,referrer\nH1,Kwadraad\n', [cat[0], { ...cat[1], fallback: undefined }], { text: true });
    expect(r.rejected).toBe(1);
    expect(r.issues[0].rule).toBe('invalid-value');
  });
});

describe('accepted rows: values by spec, in spec order', () => {
  it('every spec name once, in spec order, also names an object has (constructor, toString) and a spec named twice', async () => {
    const specs: ColumnSpec[] = [
      { name: 'id', type: 'string', required: true },
      { name: 'constructor', type: 'integer' },
      { name: 'toString', type: 'string' },
      { name: 'id', type: 'string' },
      { name: 'b', type: 'integer', min: 0 },
    ];
    const r = await validateTable('b,toString,constructor,id\n-1,t,1,x\n,,,y\n', specs, { text: true, onInvalidValue: 'set-missing' });
    expect(r.rows.map((x) => Object.keys(x.values))).toEqual([
      ['id', 'constructor', 'toString', 'b'],
      ['id', 'constructor', 'toString', 'b'],
    ]);
    expect(r.rows[0].values).toEqual({ id: 'x', constructor: 1, toString: 't', b: null });
    expect(Object.hasOwn(r.rows[1].values, 'constructor')).toBe(true);
    expect(r.rows[1].values).toEqual({ id: 'y', constructor: null, toString: null, b: null });
  });
});
