/**
 * The registration loader: files found by name, every input format, the schema's row rules,
 * duplicates, privacy refusal without echoing values, progress, and the per-file invariant.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/data/issues.js';
import { privacyRefusalText, type IdentifyingKind } from '../../src/data/privacy.js';
import { loadRegistration, loadRegistrationTables, REGISTRATION_KINDS, type RegistrationLoadResult } from '../../src/impact/registration.js';

const CLEAN = 'tests/fixtures/registration/clean';
const REF = '2021-06-30';

function invariant(r: RegistrationLoadResult): void {
  for (const f of r.files) expect(f.accepted + f.rejected, f.kind).toBe(f.rowsRead);
  expect(r.rejects.length).toBe(r.files.reduce((a, f) => a + f.rejected, 0));
}

const FAMILY_HEADER = 'family_id,site_id,registration_date,referrer,children_count,children_ages,intake_outcome,not_supported_reason';
const families = (...rows: string[]) => ({ families: { text: `${FAMILY_HEADER}\n${rows.join('\n')}\n` } });

describe('loadRegistration on a folder', () => {
  it('reads the clean fixture into typed records', async () => {
    const r = await loadRegistration(CLEAN, { referenceDate: REF });
    expect(r.issues).toEqual([]);
    expect(r.referenceDate).toBe(REF);
    expect(r.files).toEqual([
      { kind: 'sites', file: 'sites.csv', rowsRead: 2, accepted: 2, rejected: 0 },
      { kind: 'families', file: 'families.csv', rowsRead: 5, accepted: 5, rejected: 0 },
      { kind: 'volunteers', file: 'volunteers.csv', rowsRead: 4, accepted: 4, rejected: 0 },
      { kind: 'trajectories', file: 'trajectories.csv', rowsRead: 3, accepted: 3, rejected: 0 },
    ]);
    expect(r.data.sites[0]).toEqual({ siteId: 'S1', municipality: 'Dalfsen', organisation: 'Home-Start Vechtdal', region: 'Oost', startDate: '2018-03-01', coordinatorHours: 20, budget: 56225.5 });
    expect(r.data.sites[1].budget).toBeNull();
    expect(r.data.families[0]).toEqual({
      familyId: 'G1', siteId: 'S1', registrationDate: '2018-04-03', referrer: 'municipality', helpQuestions: ['finding-way', 'network'], childrenCount: 3, childrenAges: [2, 7, 9],
      singleParent: true, migrationBackground: true, newcomer: false, financialVulnerability: true, psychologicalVulnerability: false, teenParent: false, physicalDisability: false,
      startsAroundBirth: false, locality: 'Dalfsen', intakeOutcome: 'supported', notSupportedReason: null,
    });
    expect(r.data.families[2]).toMatchObject({ familyId: 'G3', intakeOutcome: 'not-supported', notSupportedReason: 'language', startsAroundBirth: true });
    // children_count empty: taken from the ages; empty yes/no cells are null.
    expect(r.data.families[3]).toMatchObject({ familyId: 'G4', childrenCount: 3, childrenAges: [4, 5, 9], helpQuestions: ['parenting-support', 'listening-ear', 'screen-time'], intakeOutcome: 'pending', locality: null });
    expect(r.data.families[1]).toMatchObject({ teenParent: null, physicalDisability: null });
    expect(r.data.volunteers.map((v) => v.gender)).toEqual(['female', 'male', 'female', 'female']);
    expect(r.data.volunteers[1]).toMatchObject({ stopDate: '2020-01-31', stopReason: 'paid-work' });
    expect(r.data.trajectories[1]).toEqual({
      trajectoryId: 'T2', familyId: 'G2', volunteerId: 'V2', siteId: 'S1', matchDate: '2018-06-10', checkDate: '2018-07-12', evaluationDates: ['2018-11-10'], endDate: '2019-05-01',
      endReason: 'own-strength', goalsReached: 'partly', gasBefore: 38.5, gasAfter: 52, followUpDate: '2019-08-01', followUpReferred: false,
    });
    expect(r.data.trajectories[2]).toMatchObject({ endDate: null, endReason: null, evaluationDates: [], followUpReferred: null });
  });

  it('reads Windows-1252 CSV, XLSX (real date cells), JSON and TSV, with Dutch file names and headers', async () => {
    const r = await loadRegistration('tests/fixtures/registration/formats', { referenceDate: REF });
    expect(r.issues).toEqual([]);
    expect(r.files.map((f) => f.file)).toEqual(['locaties.csv', 'gezinnen.xlsx', 'vrijwilligers.json', 'trajecten.tsv']);
    expect(r.data.sites[0]).toEqual({ siteId: 'S1', municipality: 'Súdwest-Fryslân', organisation: 'Home-Start Fryslân', region: 'Noord', startDate: '2018-03-01', coordinatorHours: 20, budget: 56225.5 });
    expect(r.data.families.map((f) => [f.familyId, f.registrationDate, f.referrer, f.helpQuestions, f.childrenAges, f.childrenCount, f.singleParent, f.intakeOutcome, f.notSupportedReason])).toEqual([
      ['G1', '2018-04-03', 'youth-health-care', ['parenting-support', 'screen-time'], [2, 7], 2, true, 'supported', null],
      ['G2', '2018-05-14', 'municipality', ['network'], [4], 1, false, 'not-supported', 'question-does-not-fit'],
    ]);
    expect(r.data.volunteers[1]).toEqual({ volunteerId: 'V2', siteId: 'S1', gender: 'male', registrationDate: '2018-03-05', trainingCompletedDate: '2018-04-10', activeFrom: '2018-04-15', stopDate: '2020-01-31', stopReason: 'health' });
    expect(r.data.trajectories[0]).toMatchObject({ trajectoryId: 'T1', matchDate: '2018-05-01', endDate: '2019-04-15', endReason: 'goals-reached', goalsReached: 'yes', evaluationDates: ['2018-10-01', '2019-03-01'] });
  });

  it('reports a missing file as an issue and still loads the others; two files of one kind give a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-reg-'));
    try {
      copyFileSync(`${CLEAN}/sites.csv`, join(dir, 'sites.csv'));
      copyFileSync(`${CLEAN}/families.csv`, join(dir, 'Families.csv'));
      copyFileSync(`${CLEAN}/families.csv`, join(dir, 'gezinnen.csv'));
      const r = await loadRegistration(dir, { referenceDate: REF });
      expect(r.files.map((f) => [f.kind, f.file, f.accepted])).toEqual([['sites', 'sites.csv', 2], ['families', 'Families.csv', 5], ['volunteers', null, 0], ['trajectories', null, 0]]);
      expect(r.issues.map((i) => `${i.severity} ${i.message}`)).toEqual([
        'warning gezinnen.csv: both "Families.csv" and "gezinnen.csv" hold families; only "Families.csv" was read (rule inconsistent).',
        `error volunteers.csv: no volunteers file was found in ${dir} (looked for volunteers.csv, vrijwilligers.csv, also as .xlsx or .json); the checks that need it were skipped (rule missing-required).`,
        `error trajectories.csv: no trajectories file was found in ${dir} (looked for trajectories.csv, trajecten.csv, koppelingen.csv, also as .xlsx or .json); the checks that need it were skipped (rule missing-required).`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(loadRegistration('tests/fixtures/registration/no-such-folder')).rejects.toThrow(DataError);
  });

  it('calls the progress callback per file with the rows read', async () => {
    const seen: string[] = [];
    await loadRegistration(CLEAN, { referenceDate: REF, onProgress: (p) => seen.push(`${p.kind}:${p.file}:${p.rowsRead}`) });
    const last = new Map<string, string>();
    for (const s of seen) last.set(s.split(':')[0], s);
    expect([...last.values()]).toEqual(['sites:sites.csv:2', 'families:families.csv:5', 'volunteers:volunteers.csv:4', 'trajectories:trajectories.csv:3']);
  });

  it('TSDoc example of loadRegistration (the local sample set)', async () => {
    const r = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
    expect(r.files.map((f) => [f.file, f.accepted, f.rejected])).toEqual([['locaties.csv', 1, 0], ['gezinnen.csv', 29, 0], ['vrijwilligers.csv', 25, 0], ['trajecten.csv', 22, 0]]);
  });
});

describe('row rules of the schema', () => {
  it('a not-supported family needs a reason; a supported one may not have one', async () => {
    const r = await loadRegistrationTables(families('G1,S1,2020-01-06,school,1,,niet ondersteund,', 'G2,S1,2020-01-06,school,1,,ondersteund,taal', 'G3,S1,2020-01-06,school,1,,niet ondersteund,taal'), { crossChecks: false, referenceDate: REF });
    expect(r.rejects.map((x) => x.reasons)).toEqual([
      ['families.csv, row 2, column "not_supported_reason": a value is required because "intake_outcome" is not-supported (rule missing-required).'],
      ['families.csv, row 3, column "not_supported_reason": value "taal" is only allowed when "intake_outcome" is not-supported, but it is supported (rule inconsistent).'],
    ]);
    expect(r.data.families.map((f) => f.familyId)).toEqual(['G3']);
    invariant(r);
  });

  it('children: a count or ages is required; a count that disagrees with the ages is a warning', async () => {
    const r = await loadRegistrationTables(families('G1,S1,2020-01-06,school,,,ondersteund,', 'G2,S1,2020-01-06,school,2,3;5;7,ondersteund,'), { crossChecks: false, referenceDate: REF });
    expect(r.rejects[0].reasons).toEqual(['families.csv, row 2, column "children_count": a value is required in "children_count" or "children_ages" (rule missing-required).']);
    expect(r.issues.filter((i) => i.severity === 'warning').map((i) => i.message)).toEqual([
      'families.csv, row 3, column "children_ages": 3 ages are given for 2 children; the row was kept with 2 children (rule inconsistent).',
    ]);
    expect(r.data.families[0]).toMatchObject({ childrenCount: 2, childrenAges: [3, 5, 7] });
  });

  it('a duplicate id is refused; the first row with it is kept', async () => {
    const r = await loadRegistrationTables(families('G1,S1,2020-01-06,school,1,,ondersteund,', 'G1,S1,2020-02-06,AMW,2,,ondersteund,'), { crossChecks: false, referenceDate: REF });
    expect(r.rejects.map((x) => [x.row, x.reasons])).toEqual([[3, ['families.csv, row 3, column "family_id": id "G1" was already used in row 2; ids must be unique (rule duplicate).']]]);
    expect(r.data.families.map((f) => f.registrationDate)).toEqual(['2020-01-06']);
  });

  it('TSDoc example of loadRegistrationTables', async () => {
    const r = await loadRegistrationTables({ sites: { text: 'site_id,municipality,organisation,region,start_date\nS1,Dalfsen,HS,Oost,2018-03-01\n' } }, { referenceDate: '2021-06-30' });
    expect(r.data.sites[0].municipality).toBe('Dalfsen');
  });
});

describe('privacy', () => {
  it('refuses a families file with a name column, without echoing any value, and loses no row', async () => {
    const r = await loadRegistration('sample-data/registration/broken/identifying-column', { referenceDate: REF });
    const refusal = r.issues.find((i) => i.rule === 'identifying-column')!;
    // The same sentence the measurement loaders give (privacy.ts), naming the column, never a value.
    expect(refusal.message).toBe(privacyRefusalText('gezinnen.csv', [{ index: 18, column: 'naam_ouder', kind: 'name', how: 'header' }]));
    expect(refusal).toMatchObject({ severity: 'error', file: 'gezinnen.csv' });
    expect(refusal.value).toBeUndefined();
    expect(r.files[1]).toEqual({ kind: 'families', file: 'gezinnen.csv', rowsRead: 29, accepted: 0, rejected: 29 });
    expect(JSON.stringify(r)).not.toContain('Voorbeeldnaam');
    expect(readFileSync('sample-data/registration/broken/identifying-column/gezinnen.csv', 'utf8')).toContain('Voorbeeldnaam-01');
    for (const rej of r.rejects.filter((x) => x.file === 'gezinnen.csv')) expect(Object.keys(rej.values)).not.toContain('naam_ouder');
    invariant(r);
  });

  it('a refused gezinnen.csv (an e-mail column planted in the sample) is one error and one note, not one error per trajectory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-refused-'));
    try {
      for (const f of ['locaties.csv', 'vrijwilligers.csv', 'trajecten.csv']) copyFileSync(join('sample-data/registration/local', f), join(dir, f));
      let row = 0;
      const lines = readFileSync('sample-data/registration/local/gezinnen.csv', 'utf8').split('\n');
      const planted = lines.map((l) => (l.startsWith('#') || l === '' ? l : l.startsWith('gezin_id') ? `${l};email` : `${l};ouder${++row}@example.org`));
      writeFileSync(join(dir, 'gezinnen.csv'), planted.join('\n'));
      const r = await loadRegistration(dir, { referenceDate: REF });
      expect(row).toBeGreaterThan(20);
      const errors = r.issues.filter((i) => i.severity === 'error');
      expect(errors.map((i) => i.rule)).toEqual(['identifying-column']);
      expect(errors[0].message).toContain('column "email" holds e-mail addresses');
      expect(r.issues.filter((i) => i.rule === 'unknown-id')).toEqual([]);
      const skipped = r.issues.filter((i) => i.severity === 'warning' && i.rule === 'identifying-column');
      expect(skipped.map((i) => i.message)).toEqual([
        'gezinnen.csv: the file was refused, so the family ids in column "gezin_id" of trajecten.csv were not checked against it; fix this file and load again to check them (rule identifying-column).',
      ]);
      // no family is used; the trajectories are kept (as when the file is missing), nothing of the file is echoed
      expect(r.files.find((f) => f.kind === 'families')).toMatchObject({ accepted: 0, rejected: row });
      expect(r.files.find((f) => f.kind === 'trajectories')!.rejected).toBe(0);
      expect(JSON.stringify(r.issues)).not.toContain('@example.org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses content that looks like BSNs, e-mail addresses or phone numbers, naming the column only', async () => {
    const cases: Array<[string, string[], IdentifyingKind]> = [
      ['code', ['111222333', '123456782'], 'bsn'],
      ['contact', ['ouder@example.nl', 'x@example.com'], 'email'],
      ['nummer', ['0612345678', '06-12345679'], 'phone'],
    ];
    for (const [col, values, kind] of cases) {
      const r = await loadRegistrationTables(
        { volunteers: { text: `volunteer_id,site_id,registration_date,${col}\nV1,S1,2020-01-06,${values[0]}\nV2,S1,2020-01-07,${values[1]}\n` } },
        { crossChecks: false, referenceDate: REF },
      );
      expect(r.files[2]).toMatchObject({ rowsRead: 2, accepted: 0, rejected: 2 });
      const refusal = r.issues.find((i) => i.rule === 'identifying-column')!;
      expect(refusal.message).toBe(privacyRefusalText('volunteers.csv', [{ index: 3, column: col, kind: kind, how: 'content' }]));
      const all = JSON.stringify(r);
      for (const v of values) expect(all).not.toContain(v);
    }
  });

  it('refuses a birth-date column by its header', async () => {
    const rr = await loadRegistrationTables({ families: { text: `${FAMILY_HEADER},geboortedatum_kind\nG1,S1,2020-01-06,school,1,,ondersteund,,3-4-2019\n` } }, { crossChecks: false, referenceDate: REF });
    expect(rr.issues.find((i) => i.rule === 'identifying-column')!.message).toBe(privacyRefusalText('families.csv', [{ index: 8, column: 'geboortedatum_kind', kind: 'birth-date', how: 'header' }]));
    expect(JSON.stringify(rr)).not.toContain('3-4-2019');
  });
});

describe('the invariant with every kind of problem at once', () => {
  it('accepted + rejected = rows read in each file', async () => {
    const text = [
      FAMILY_HEADER,
      'G1,S1,2020-01-06,school,1,,ondersteund,',
      'G2,S1,6-13-2020,school,1,,ondersteund,',
      'G4,S1,2020-01-06,school,1,,ondersteund,,extra',
      'G1,S9,2020-01-06,school,1,,ondersteund,',
      'G5,S9,2020-01-06,school,1,,ondersteund,',
      '',
    ].join('\n');
    const r = await loadRegistrationTables(
      { sites: { text: 'site_id,municipality,organisation,region,start_date\nS1,Dalfsen,HS,Oost,2018-03-01\n' }, families: { text } },
      { referenceDate: REF },
    );
    invariant(r);
    expect(r.files[1].accepted).toBe(1);
    expect(r.files[1].rowsRead).toBe(r.files[1].accepted + r.files[1].rejected);
    expect(new Set(r.issues.filter((i) => i.file === 'families.csv' && i.severity === 'error').map((i) => i.rule))).toEqual(new Set(['invalid-date', 'malformed-row', 'duplicate', 'unknown-id']));
    for (const kind of REGISTRATION_KINDS) expect(r.files.find((f) => f.kind === kind)).toBeDefined();
  });
});

describe('writing to a temporary folder', () => {
  it('reads a semicolon file with a BOM and a sep= line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-reg-'));
    try {
      writeFileSync(join(dir, 'sites.csv'), '\ufeffsep=;\nsite_id;municipality;organisation;region;start_date;coordinator_hours;budget\nS1;Dalfsen;HS;Oost;1-3-2018;20,5;56225,5\n');
      const r = await loadRegistration(dir, { referenceDate: REF });
      expect(r.data.sites[0]).toMatchObject({ coordinatorHours: 20.5, budget: 56225.5, startDate: '2018-03-01' });
      expect(r.files[0]).toMatchObject({ rowsRead: 1, accepted: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
