/**
 * Cross-file checks: each rule on a small fixture (tests/fixtures/registration/clean, one edit at a
 * time), with its exact message, the row moved to the rejects, and accepted + rejected = rows read.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadRegistrationTables, REGISTRATION_KINDS, type RegistrationKind, type RegistrationLoadResult } from '../../src/impact/registration.js';
import { checkRegistrationTables, type RegistrationTables } from '../../src/impact/cross-checks.js';
import type { Trajectory } from '../../src/impact/types.js';

const DIR = 'tests/fixtures/registration/clean';
const clean = Object.fromEntries(REGISTRATION_KINDS.map((k) => [k, readFileSync(`${DIR}/${k}.csv`, 'utf8')])) as Record<RegistrationKind, string>;
const REF = '2021-06-30';

/** Replaces the data line starting with `id,` in one file (or appends when `id` is absent). */
function edit(kind: RegistrationKind, id: string, line: string, texts: Record<RegistrationKind, string> = { ...clean }): Record<RegistrationKind, string> {
  const lines = texts[kind].split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${id},`));
  if (i >= 0) lines[i] = line;
  else lines.splice(lines.length - 1, 0, line);
  return { ...texts, [kind]: lines.join('\n') };
}

async function load(texts: Record<RegistrationKind, string>, referenceDate: string | 'today' = REF): Promise<RegistrationLoadResult> {
  const input = Object.fromEntries(REGISTRATION_KINDS.map((k) => [k, { text: texts[k] }]));
  return loadRegistrationTables(input, referenceDate === 'today' ? {} : { referenceDate });
}

function errors(r: RegistrationLoadResult): string[] {
  return r.issues.filter((i) => i.severity === 'error').map((i) => i.message);
}

function invariant(r: RegistrationLoadResult): void {
  for (const f of r.files) expect(f.accepted + f.rejected, f.kind).toBe(f.rowsRead);
  expect(r.rejects.length).toBe(r.files.reduce((a, f) => a + f.rejected, 0));
  expect(r.data.sites.length + r.data.families.length + r.data.volunteers.length + r.data.trajectories.length).toBe(r.files.reduce((a, f) => a + f.accepted, 0));
}

describe('the clean fixture', () => {
  it('passes every check', async () => {
    const r = await load(clean);
    expect(r.issues).toEqual([]);
    expect(r.files.map((f) => [f.rowsRead, f.accepted, f.rejected])).toEqual([[2, 2, 0], [5, 5, 0], [4, 4, 0], [3, 3, 0]]);
  });
});

describe('unknown-id', () => {
  it('a volunteer with an unknown site, and the trajectory that then refers to a rejected volunteer', async () => {
    const r = await load(edit('volunteers', 'V3', 'V3,S9,V,2018-09-01,2018-10-20,2018-11-01,,'));
    expect(errors(r)).toEqual([
      'volunteers.csv, row 5, column "site_id": site id "S9" is not in sites.csv (rule unknown-id).',
      'trajectories.csv, row 5, column "volunteer_id": volunteer id "V3" is in volunteers.csv, but its row 5 there was rejected; fix that row first (rule unknown-id).',
    ]);
    const issue = r.issues.find((i) => i.rule === 'unknown-id')!;
    expect(issue).toMatchObject({ file: 'volunteers.csv', row: 5, column: 'site_id', value: 'S9', severity: 'error' });
    expect(r.rejects.map((x) => [x.file, x.row])).toEqual([['volunteers.csv', 5], ['trajectories.csv', 5]]);
    expect(r.rejects[0].values).toEqual({ volunteer_id: 'V3', site_id: 'S9', gender: 'V', registration_date: '2018-09-01', training_completed_date: '2018-10-20', active_from: '2018-11-01', stop_date: '', stop_reason: '' });
    expect(r.rejects[0].reasons).toEqual([errors(r)[0]]);
    invariant(r);
  });

  it('a family with an unknown site', async () => {
    const r = await load(edit('families', 'G4', 'G4,S3,2019-02-11,AMW,Opvoedondersteuning,,4;5;9,nee,nee,nee,nee,ja,nee,ja,nee,,pending,'));
    expect(errors(r)).toEqual(['families.csv, row 6, column "site_id": site id "S3" is not in sites.csv (rule unknown-id).']);
    expect(r.data.families.map((f) => f.familyId)).toEqual(['G1', 'G2', 'G3', 'G5']);
    invariant(r);
  });

  it('a trajectory with an unknown family and one with an unknown volunteer', async () => {
    let t = edit('trajectories', 'T3', 'T3,G9,V3,S2,2019-04-15,,,,,,,,,');
    t = edit('trajectories', 'T1', 'T1,G1,V7,S1,2018-05-01,2018-06-01,,2019-04-15,doelen bereikt,ja,,,2019-07-15,nee', t);
    const r = await load(t);
    expect(errors(r)).toEqual([
      'trajectories.csv, row 3, column "volunteer_id": volunteer id "V7" is not in volunteers.csv (rule unknown-id).',
      'trajectories.csv, row 5, column "family_id": family id "G9" is not in families.csv (rule unknown-id).',
    ]);
    expect(r.data.trajectories.map((x) => x.trajectoryId)).toEqual(['T2']);
    invariant(r);
  });
});

describe('date-order', () => {
  it('training before registration; stop before registration (and the trajectory of that volunteer)', async () => {
    let t = edit('volunteers', 'V1', 'V1,S1,vrouw,2018-03-05,2018-03-01,2018-04-15,,');
    t = edit('volunteers', 'V2', 'V2,S1,man,2018-03-05,2018-04-10,2018-04-15,2018-03-01,betaald werk', t);
    const r = await load(t);
    expect(errors(r)).toEqual([
      'volunteers.csv, row 3, column "training_completed_date": training date 2018-03-01 is before the registration date 2018-03-05 (rule date-order).',
      'volunteers.csv, row 4, column "stop_date": stop date 2018-03-01 is before the registration date 2018-03-05 (rule date-order).',
      'trajectories.csv, row 3, column "volunteer_id": volunteer id "V1" is in volunteers.csv, but its row 3 there was rejected; fix that row first (rule unknown-id).',
      'trajectories.csv, row 4, column "volunteer_id": volunteer id "V2" is in volunteers.csv, but its row 4 there was rejected; fix that row first (rule unknown-id).',
    ]);
    invariant(r);
  });

  it('stop before active-from', async () => {
    const r = await load(edit('volunteers', 'V4', 'V4,S2,female,2019-01-10,2019-02-01,2019-03-01,2019-02-15,studie'));
    expect(errors(r)).toEqual(['volunteers.csv, row 6, column "stop_date": stop date 2019-02-15 is before the active-from date 2019-03-01 (rule date-order).']);
  });

  it('a trajectory that ends before it starts', async () => {
    const r = await load(edit('trajectories', 'T3', 'T3,G5,V3,S2,2019-04-15,,,2019-04-01,,,,,,'));
    expect(errors(r)).toEqual(['trajectories.csv, row 5, column "end_date": end date 2019-04-01 is before the match date 2019-04-15 (rule date-order).']);
    expect(r.issues[0]).toMatchObject({ rule: 'date-order', row: 5, column: 'end_date', value: '2019-04-01' });
    invariant(r);
  });

  it('check before match, evaluation after end, follow-up before end', async () => {
    const r = await load(edit('trajectories', 'T1', 'T1,G1,V1,S1,2018-05-01,2018-04-20,2018-10-01;2019-05-01,2019-04-15,doelen bereikt,ja,,,2019-04-01,nee'));
    expect(errors(r)).toEqual([
      'trajectories.csv, row 3, column "check_date": check date 2018-04-20 is before the match date 2018-05-01 (rule date-order).',
      'trajectories.csv, row 3, column "evaluation_dates": evaluation date 2019-05-01 is after the end date 2019-04-15 (rule date-order).',
      'trajectories.csv, row 3, column "follow_up_date": follow-up date 2019-04-01 is before the end date 2019-04-15 (rule date-order).',
    ]);
    // One reject row carrying all three reasons.
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].reasons).toEqual(errors(r));
    invariant(r);
  });

  it('a match before the family registered, and after the volunteer stopped', async () => {
    let t = edit('trajectories', 'T3', 'T3,G5,V3,S2,2019-03-01,,,,,,,,,');
    t = edit('volunteers', 'V2', 'V2,S1,man,2018-03-05,2018-04-10,2018-04-15,2018-06-01,betaald werk', t);
    const r = await load(t);
    expect(errors(r)).toEqual([
      'trajectories.csv, row 4, column "match_date": match date 2018-06-10 is after the stop date 2018-06-01 of volunteer "V2" (volunteers.csv, row 4) (rule date-order).',
      'trajectories.csv, row 5, column "match_date": match date 2019-03-01 is before the registration date 2019-03-20 of family "G5" (families.csv, row 7) (rule date-order).',
    ]);
    invariant(r);
  });
});

describe('overlap', () => {
  it('a second trajectory of a family while the first runs is refused; one starting on the end day is not', async () => {
    let t = edit('trajectories', 'T4', 'T4,G1,V1,S1,2019-01-01,,,2019-06-01,,,,,,');
    let r = await load(t);
    expect(errors(r)).toEqual([
      'trajectories.csv, row 6, column "match_date": trajectory "T4" of family "G1" starts on 2019-01-01, during trajectory "T1" (row 3), which ends on 2019-04-15; a family has one trajectory at a time (rule overlap).',
    ]);
    expect(r.data.trajectories.map((x) => x.trajectoryId)).toEqual(['T1', 'T2', 'T3']);
    invariant(r);
    t = edit('trajectories', 'T4', 'T4,G1,V1,S1,2019-04-15,,,2019-06-01,,,,,,');
    r = await load(t);
    expect(r.issues).toEqual([]);
  });

  it('a trajectory after one that has no end date', async () => {
    const r = await load(edit('trajectories', 'T5', 'T5,G5,V3,S2,2020-06-01,,,,,,,,,'));
    expect(errors(r)).toEqual([
      'trajectories.csv, row 6, column "match_date": trajectory "T5" of family "G5" starts on 2020-06-01, during trajectory "T3" (row 5), which has no end date; a family has one trajectory at a time (rule overlap).',
    ]);
  });

  it('the later trajectory is refused even when it comes first in the file', async () => {
    const lines = clean.trajectories.split('\n');
    lines.splice(2, 0, 'T0,G1,V1,S1,2018-09-01,,,2018-12-01,,,,,,');
    const r = await load({ ...clean, trajectories: lines.join('\n') });
    expect(errors(r)).toEqual([
      'trajectories.csv, row 3, column "match_date": trajectory "T0" of family "G1" starts on 2018-09-01, during trajectory "T1" (row 4), which ends on 2019-04-15; a family has one trajectory at a time (rule overlap).',
    ]);
  });
});

describe('future-date', () => {
  it('a date after the reference date', async () => {
    const r = await load(edit('sites', 'S2', 'S2,Zwolle,Home-Start Zwolle,Oost,2022-01-15,24,'));
    expect(errors(r)[0]).toBe('sites.csv, row 4, column "start_date": date 2022-01-15 is after the reference date 2021-06-30 (rule future-date).');
    expect(r.issues[0]).toMatchObject({ rule: 'future-date', value: '2022-01-15' });
    invariant(r);
  });

  it('the reference date defaults to today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await load(edit('trajectories', 'T3', 'T3,G5,V3,S2,2019-04-15,,2999-01-01,,,,,,,'), 'today');
    expect(r.referenceDate).toBe(today);
    expect(errors(r)).toEqual([`trajectories.csv, row 5, column "evaluation_dates": date 2999-01-01 is after the reference date ${today} (rule future-date).`]);
  });

  it('an invalid reference date is refused', async () => {
    await expect(load(clean, '30-6-2021')).rejects.toThrow('referenceDate "30-6-2021" is not an ISO date; write it as 2025-12-31.');
  });
});

describe('inconsistent', () => {
  it('a trajectory whose site differs from its family\'s site', async () => {
    const r = await load(edit('trajectories', 'T3', 'T3,G5,V3,S1,2019-04-15,,,,,,,,,'));
    expect(errors(r)).toEqual(['trajectories.csv, row 5, column "site_id": site "S1" differs from site "S2" of family "G5" (families.csv, row 7) (rule inconsistent).']);
    invariant(r);
  });

  it('a family that was not supported at intake but has a trajectory', async () => {
    const r = await load(edit('trajectories', 'T3', 'T3,G3,V1,S1,2019-04-15,,,,,,,,,'));
    expect(errors(r)).toEqual(['trajectories.csv, row 5, column "family_id": family "G3" was not supported at intake (families.csv, row 5), but has a trajectory (rule inconsistent).']);
    invariant(r);
  });
});

describe('checkRegistrationTables', () => {
  it('is pure and gives the documented example message', () => {
    const t: Trajectory = {
      trajectoryId: 'T1', familyId: 'G1', volunteerId: 'V1', siteId: 'S1', matchDate: '2020-03-01', checkDate: null, evaluationDates: [], endDate: '2020-01-01',
      endReason: null, goalsReached: null, gasBefore: null, gasAfter: null, followUpDate: null, followUpReferred: null,
    };
    const empty = (kind: RegistrationKind) => ({ kind, file: `${kind}.csv`, present: false, columns: {}, rows: [], rejects: [], rowsRead: 0 });
    const tables = {
      sites: empty('sites'),
      families: empty('families'),
      volunteers: empty('volunteers'),
      trajectories: { kind: 'trajectories', file: 'trajectories.csv', present: true, columns: { end_date: 'end_date' }, rows: [{ row: 2, record: t, original: { end_date: '2020-01-01' } }], rejects: [], rowsRead: 1 },
    } as unknown as RegistrationTables;
    const before = JSON.stringify(tables);
    const { tables: out, issues } = checkRegistrationTables(tables, { referenceDate: '2021-01-01' });
    expect(issues[0].message).toBe('trajectories.csv, row 2, column "end_date": end date 2020-01-01 is before the match date 2020-03-01 (rule date-order).');
    expect(out.trajectories.rows).toEqual([]);
    expect(out.trajectories.rejects).toEqual([{ file: 'trajectories.csv', row: 2, values: { end_date: '2020-01-01' }, reasons: [issues[0].message] }]);
    expect(JSON.stringify(tables)).toBe(before);
  });
});

describe('warnings that keep the row', () => {
  it('a volunteer of another site; closing values on a trajectory without an end date', async () => {
    const r = await load(edit('trajectories', 'T3', 'T3,G5,V1,S2,2019-04-15,,,,doelen bereikt,ja,,,,'));
    expect(r.issues.map((i) => `${i.severity} ${i.message}`)).toEqual([
      'warning trajectories.csv, row 5, column "volunteer_id": volunteer "V1" belongs to site "S1" (volunteers.csv, row 3), not to site "S2" of this trajectory; the row was kept (rule inconsistent).',
      'warning trajectories.csv, row 5, column "end_reason": a trajectory without an end date has a value in "end_reason"; the row was kept (rule inconsistent).',
      'warning trajectories.csv, row 5, column "goals_reached": a trajectory without an end date has a value in "goals_reached"; the row was kept (rule inconsistent).',
    ]);
    expect(r.files[3]).toMatchObject({ rowsRead: 3, accepted: 3, rejected: 0 });
  });
});
