/**
 * The CLI on a researcher's own files (issue 11): one summary instead of a wall of warnings,
 * --suggest-mapping, exit 2 when no row is usable, --missing, a .sav read as .sav.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const fixture = (f: string) => new URL(`../fixtures/data/spss/${f}`, import.meta.url).pathname;

const run = runCli;

afterEach(() => vi.restoreAllMocks());

describe('first contact with a hand-made Dutch export (first-contact.csv)', () => {
  it('exit 2, one summary saying what was recognised and what to do, repeated errors counted', async () => {
    const r = await run(['validate', fixture('first-contact.csv')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('rows read: 8, accepted: 0, rejected: 8');
    expect(r.out).toContain('  … and 5 more like these (rule unknown-group, column "groep"; rows 5, 6, 7, 8, 9).');
    expect(r.out).toContain('  … and 7 more like these (rule out-of-range, value "99"; rows 6).');
    expect(r.out.split('\n').filter((l) => l.startsWith('  first-contact.csv')).length).toBe(9);
    expect(r.out).toContain('Summary:\n  Recognised: id "respnr", group "groep", 21 measurement columns (nosik at T1, T2).\n  Waves from column names: voormeting → T1, nameting → T2.\n  Not recognised (ignored): "geslacht".');
    expect(r.out).toContain('To do: say which group the values "1" (4×), "2" (4×) stand for in "groupValues" (homestart, control or norm); the values 99 (10×), -9 (1×) lie outside the allowed ranges and look like missing-value codes: if they are, declare them with --missing 99,-9 (or "missing" in a mapping); if not, they are typing errors to correct.');
    expect(r.err).toBe('\nThis file cannot be used: first-contact.csv: no row is usable: nothing was accepted (see the errors above).');
  });

  it('--suggest-mapping writes a mapping to edit; once filled in, the file loads: codes missing, the typo rejects one unit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-fc-'));
    const out = join(dir, 'mapping.json');
    const r = await run(['validate', fixture('first-contact.csv'), '--suggest-mapping', out, '--json']);
    expect(r.code).toBe(2);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m).toMatchObject({ layout: 'wide', id: 'respnr', group: 'groep', waveSuffixes: { T1: ['_voormeting'], T2: ['_nameting'] }, groupValues: { '1': '', '2': '' }, missing: [99, -9] });
    expect(m.description).toMatch(/the file is refused until every value is filled in/);
    // as written, the mapping is refused (empty group values): nothing is guessed
    const refused = await run(['validate', fixture('first-contact.csv'), '--mapping', out]);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe("homestart-impact validate: mapping.json: the mapping is not valid: /groupValues/1 must NOT have fewer than 1 characters. /groupValues/2 must NOT have fewer than 1 characters.");
    m.groupValues = { '1': 'homestart', '2': 'control' };
    writeFileSync(out, JSON.stringify(m));
    const ok = await run(['validate', fixture('first-contact.csv'), '--mapping', out, '--json']);
    expect(ok.code).toBe(1);
    const j = JSON.parse(ok.out);
    expect(j).toMatchObject({ rows: 8, accepted: 8, rejected: 0, rejects: 1, units: { read: 16, accepted: 15, rejected: 1 }, declaredMissing: { count: 12, byCode: { '99': 11, '-9': 1 } } });
    expect(j.issues.filter((i: any) => i.severity === 'error').map((i: any) => i.message)).toEqual(['first-contact.csv, row 7, column "nosik_5_voormeting": value "7" is outside the allowed range 1 to 6 of nosik item 05 (rule out-of-range).']);
  });

  it('score: nosik_tot_nameting = 99 of the dropout is a missing score with its reason, never a total of 99', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-fc-'));
    const out = join(dir, 'scores.csv');
    const r = await run(['score', fixture('first-contact.csv'), '--missing', '99,-9', '--out', out, '--json', '--groups', 'homestart,control']);
    // group codes 1/2 still unknown without a mapping: exit 2
    expect(r.code).toBe(2);
    const mapping = join(dir, 'm.json');
    writeFileSync(mapping, JSON.stringify({ groupValues: { '1': 'homestart', '2': 'control' } }));
    const s = await run(['score', fixture('first-contact.csv'), '--missing', '99,-9', '--mapping', mapping, '--out', out]);
    expect(s.code).toBe(1);
    expect(s.out).toContain('declared missing values: 12 (99: 11, -9: 1)');
    expect(s.out).toMatch(/scores: \d+ \(\d+ missing, each with its reason; \d+ of them because of declared missing codes\)/);
    const lines = readFileSync(out, 'utf8').split(/\r?\n/);
    const header = lines[0].split(',');
    const row = lines.map((l) => l.split(',')).find((c) => c[header.indexOf('participant_id')] === '105' && c[header.indexOf('wave')] === 'T2' && c[header.indexOf('scale')] === 'total')!;
    expect(row[header.indexOf('score')]).toBe('');
    expect(row[header.indexOf('origin')]).toBe('item-level');
    expect(row.slice(header.indexOf('missing_reason')).join(',')).toMatch(/declared missing \(99\): 10 items and the given total score/);
  });
});

describe('a .sav passed to validate is read as .sav', () => {
  it('user-missing values from the file, the typo rejects one unit, exit 1', async () => {
    const r = await run(['validate', fixture('dutch-export.sav'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ rows: 24, accepted: 24, rejected: 0, rejects: 1, units: { read: 48, accepted: 47, rejected: 1 }, declaredMissing: { count: 68, byCode: { '99': 60, '-9': 8 } } });
    expect(j.layout.kind).toBe('wide');
  });
});

describe('score --wide', () => {
  it('writes the wide CSV, XLSX and .sps beside the long table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-wide-'));
    const r = await run(['score', fixture('dutch-export.sav'), '--out', join(dir, 'long.csv'), '--wide', join(dir, 'wide.csv'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.wide).toEqual([join(dir, 'wide.csv'), join(dir, 'wide.xlsx'), join(dir, 'wide.sps')]);
    const csv = readFileSync(join(dir, 'wide.csv'), 'utf8').split(/\r?\n/);
    expect(csv[0]).toBe('participant_id,group,group_code,age,nosik_parent_T1,nosik_parent_T2,nosik_child_T1,nosik_child_T2,nosik_depression_T1,nosik_depression_T2,nosik_total_T1,nosik_total_T2');
    expect(csv.filter(Boolean)).toHaveLength(25);
    expect(readFileSync(join(dir, 'wide.sps'), 'utf8')).toContain("/FILE='wide.csv'");
    expect(readFileSync(join(dir, 'wide.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
