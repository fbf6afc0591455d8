/**
 * `homestart-impact validate` on registration data: files recognised by name or by their columns,
 * a folder checked as a whole, the same sentences and exit codes as `report`, and measurement files
 * still read as measurement files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistrationFiles, registrationKindOfColumns, registrationKindOfFileName } from '../../src/impact/registration.js';
import { runCli } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-validate-reg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LOCAL = 'sample-data/registration/local';

describe('recognising registration files', () => {
  it('by file name (Dutch or English, any extension the loader reads) and by columns', () => {
    expect(registrationKindOfFileName('data/Gezinnen.csv')).toBe('families');
    expect(registrationKindOfFileName('vrijwilligers.xlsx')).toBe('volunteers');
    expect(registrationKindOfFileName('koppelingen.json')).toBe('trajectories');
    expect(registrationKindOfFileName('locaties.tsv')).toBe('sites');
    expect(registrationKindOfFileName('scores.csv')).toBeUndefined();
    expect(registrationKindOfFileName('gezinnen.pdf')).toBeUndefined();
    expect(registrationKindOfColumns(['gezin', 'locatie', 'aanmelddatum', 'verwijzer', 'aantal_kinderen', 'uitkomst_intake'])).toBe('families');
    expect(registrationKindOfColumns(['traject', 'gezin', 'vrijwilliger', 'locatie', 'koppeldatum'])).toBe('trajectories');
    // a measurement file: an id, a wave, items
    expect(registrationKindOfColumns(['participant_id', 'group', 'wave', 'nosik_01', 'nosik_02'])).toBeUndefined();
  });

  it('loadRegistrationFiles: one file on its own, no missing-file errors (TSDoc example)', async () => {
    const r = await loadRegistrationFiles({ families: 'sample-data/registration/local/gezinnen.csv' }, { referenceDate: '2021-06-30' });
    expect(r.files.find((f) => f.kind === 'families')).toEqual({ kind: 'families', file: 'gezinnen.csv', rowsRead: 29, accepted: 29, rejected: 0 });
    expect(r.issues).toEqual([]);
  });
});

describe('validate FOLDER', () => {
  it('the clean local sample: every file counted, exit 0', async () => {
    const r = await runCli(['validate', LOCAL, '--reference-date', '2021-06-30']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual([
      `${LOCAL}: registration folder`,
      `${LOCAL}: locaties.csv 1 accepted; gezinnen.csv 29 accepted; vrijwilligers.csv 25 accepted; trajecten.csv 22 accepted`,
    ]);
  });

  it('a broken folder: the same sentences and exit code (1) as report', async () => {
    const dir = 'sample-data/registration/broken/unknown-site-id';
    const v = await runCli(['validate', dir, '--reference-date', '2021-06-30']);
    const rep = await runCli(['report', '--year', '2020', '--data', dir, '--out', join(tmp, 'rep'), '--site', 'DLF', '--reference-date', '2021-06-30']);
    expect(v.code).toBe(1);
    expect(rep.code).toBe(1);
    const block = (out: string) => out.slice(out.indexOf('\nIssues ('));
    const issues = block(v.out).split('\n\nWarnings')[0];
    expect(issues).toMatch(/^\nIssues \(\d+; the rows concerned were left out\):\n {2}\S+.*rule unknown-id\)\./);
    expect(block(rep.out).startsWith(issues)).toBe(true);
    // the counts line is the report's first line too
    expect(rep.out.split('\n')[0]).toBe(v.out.split('\n')[1]);
  });

  it('a missing file is an error (exit 1); a folder without registration files is a usage error; --json', async () => {
    const dir = join(tmp, 'three');
    mkdirSync(dir);
    for (const f of ['locaties.csv', 'gezinnen.csv', 'vrijwilligers.csv']) copyFileSync(join(LOCAL, f), join(dir, f));
    const r = await runCli(['validate', dir, '--reference-date', '2021-06-30']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('(no trajectories file) 0 accepted');
    expect(r.out).toContain('trajectories.csv: no trajectories file was found in');
    const j = await runCli(['validate', dir, '--reference-date', '2021-06-30', '--json']);
    const parsed = JSON.parse(j.out);
    expect(parsed.registration).toBe('folder');
    expect(parsed.files.map((f: { kind: string }) => f.kind)).toEqual(['sites', 'families', 'volunteers']);
    expect(parsed.issues[0]).toMatchObject({ severity: 'error', rule: 'missing-required' });
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const u = await runCli(['validate', empty]);
    expect(u.code).toBe(2);
    expect(u.err).toContain('is a folder without registration files');
  });
});

describe('validate FILE', () => {
  it('a registration file by its name: checked as such on its own (no missing-file errors), exit 0', async () => {
    const r = await runCli(['validate', join(LOCAL, 'gezinnen.csv'), '--reference-date', '2021-06-30']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      `${join(LOCAL, 'gezinnen.csv')}: registration file (families), checked on its own; the checks against the other files run when you validate the folder`,
      `${join(LOCAL, 'gezinnen.csv')}: gezinnen.csv 29 accepted`,
    ]);
  });

  it('a registration file by its columns (any name); rejects, unknown categories and --rejects', async () => {
    const text = readFileSync(join(LOCAL, 'vrijwilligers.csv'), 'utf8').split('\n');
    // row 3: a stop date before the registration; row 4: a stop reason in no list
    const cells = text[2].split(';');
    text[2] = cells.map((c, i) => (i === 6 ? '1-1-2000' : c)).join(';');
    const c4 = text[3].split(';');
    c4[6] = '1-3-2021';
    c4[7] = 'Emigratie';
    text[3] = c4.join(';');
    const file = join(tmp, 'export-2021.csv');
    writeFileSync(file, text.join('\n'));
    const rejects = join(tmp, 'rejects.csv');
    const r = await runCli(['validate', file, '--reference-date', '2021-06-30', '--rejects', rejects]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}: registration file (volunteers)`);
    expect(r.out).toContain(`${file}: export-2021.csv 24 accepted, 1 rejected`);
    expect(r.out).toContain('export-2021.csv, row 3, column "stopdatum": stop date 2000-01-01 is before the registration date 2018-03-14 (rule date-order).');
    // the rejected row gets no warning on top; the kept row 4 does (it stopped, yet has an availability)
    expect(r.out).not.toContain('row 3, column "inzetbaarheid"');
    expect(r.out).toContain('Warnings (1; the rows were kept):\n  export-2021.csv, row 4, column "inzetbaarheid": an availability is given, but the volunteer stopped on 2021-03-01');
    expect(r.out).toContain('export-2021.csv, column "stopreden": value "Emigratie" is in no list of this column (row 4); it was counted as "other".');
    expect(readFileSync(rejects, 'utf8')).toContain('export-2021.csv');
  });

  it('a single file is read with the office\'s categories.json beside it', async () => {
    const dir = join(tmp, 'with-categories');
    mkdirSync(dir);
    writeFileSync(join(dir, 'gezinnen.csv'), readFileSync(join(LOCAL, 'gezinnen.csv'), 'utf8').replace(';Gemeente / sociaal team;', ';CJG Dalfsen;'));
    const before = await runCli(['validate', join(dir, 'gezinnen.csv'), '--reference-date', '2021-06-30']);
    expect(before.out).toContain('value "CJG Dalfsen" is in no list of this column');
    writeFileSync(join(dir, 'categories.json'), JSON.stringify({ categories: { referrer: { codes: [{ code: 'cjg', nl: 'Centrum voor Jeugd en Gezin', en: 'Youth and family centre', aliases: ['CJG Dalfsen'] }] } } }));
    const after = await runCli(['validate', join(dir, 'gezinnen.csv'), '--reference-date', '2021-06-30']);
    expect(after.code).toBe(0);
    expect(after.out).not.toContain('CJG Dalfsen');
    expect(after.out).toContain('  categories: categories.json over the bundled lists');
  });

  it('measurement files are still validated as measurement files; registration options are refused for them', async () => {
    const m = await runCli(['validate', 'sample-data/synthetic-2005-control.csv']);
    expect(m.code).toBe(0);
    expect(m.out).not.toContain('registration');
    const bad = await runCli(['validate', 'sample-data/synthetic-2005-control.csv', '--reference-date', '2021-06-30']);
    expect(bad.code).toBe(2);
    const reg = await runCli(['validate', join(LOCAL, 'gezinnen.csv'), '--instrument', 'nosik']);
    expect(reg.code).toBe(2);
  });

  it('a file refused for privacy: exit 2, the refusal sentence, no value', async () => {
    const dir = join(tmp, 'privacy');
    cpSync('sample-data/registration/broken/identifying-column', dir, { recursive: true });
    const r = await runCli(['validate', join(dir, 'gezinnen.csv'), '--reference-date', '2021-06-30']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('the file was refused because it identifies people');
  });
});
