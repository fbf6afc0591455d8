/**
 * Cross-file checks of registration data: whether the four files agree with each other and with
 * the calendar. Each problem is an ordinary `DataIssue` (file, spreadsheet row, column, value,
 * rule, one sentence), and the offending row moves from the accepted rows to the rejects with every
 * reason, so per file accepted + rejected = rows read still holds.
 *
 * Rules, checked in the order sites → volunteers → families → trajectories (so a row refers only
 * to rows that survived their own checks):
 * - `unknown-id`: a site, family or volunteer id that is not in its file (or whose row there was
 *   rejected — the message then says so);
 * - `date-order`: training, activity or stop before a volunteer's registration; stop before
 *   active-from; a trajectory's check, evaluations or end before its match; evaluations after its
 *   end; follow-up before its end; a match before the family registered or the volunteer
 *   registered, or after the volunteer stopped;
 * - `overlap`: two trajectories of one family that run at the same time (the later match is
 *   refused; a trajectory may start on the day the previous one ended);
 * - `future-date`: any date after the reference date;
 * - `inconsistent`: a trajectory whose site differs from its family's site, or whose family was not
 *   supported at intake.
 * Three warnings keep their row: a volunteer of another site than the trajectory's; an end reason,
 * goals-reached value or follow-up date on a trajectory without an end date; and a volunteer's
 * availability that contradicts the dates — "in training" with a training completed, or an
 * availability given for a volunteer who had stopped (rule `inconsistent`).
 * Checks against a file that is missing are skipped (the loader reports the missing file).
 */
import { makeIssue, type DataIssue } from '../data/issues.js';
import type { RejectRow } from '../data/types.js';
import type { Family, Site, Trajectory, Volunteer } from './types.js';

/** One accepted row: its spreadsheet row number, the record and the original cells (by header). */
export interface RegistrationRowRef<T> {
  row: number;
  record: T;
  original: Record<string, string>;
}

/** One validated registration file. */
export interface RegistrationTable<T> {
  kind: 'sites' | 'families' | 'volunteers' | 'trajectories';
  /** File name used in messages. */
  file: string;
  /** False when no file of this kind was given. */
  present: boolean;
  /**
   * True when the file was given but refused as a whole (it identifies people: rule
   * `identifying-column`): no row of it is used, and the checks of other files against it are skipped
   * (said once, not once per row that refers to it).
   */
  refused?: boolean;
  /** Canonical column name → header as written in the file (for messages). */
  columns: Record<string, string>;
  rows: RegistrationRowRef<T>[];
  rejects: RejectRow[];
  rowsRead: number;
}

export interface RegistrationTables {
  sites: RegistrationTable<Site>;
  families: RegistrationTable<Family>;
  volunteers: RegistrationTable<Volunteer>;
  trajectories: RegistrationTable<Trajectory>;
}

export interface RegistrationCheckOptions {
  /** ISO date; later dates break rule `future-date`. */
  referenceDate: string;
}

const DATE_WORDS: Record<string, string> = {
  start_date: 'start date',
  registration_date: 'registration date',
  training_completed_date: 'training date',
  active_from: 'active-from date',
  stop_date: 'stop date',
  match_date: 'match date',
  check_date: 'check date',
  evaluation_dates: 'evaluation date',
  end_date: 'end date',
  follow_up_date: 'follow-up date',
};

/** Collects the failures of one table's rows, then splits accepted from rejected. */
class RowFailures<T> {
  private readonly byIndex = new Map<number, DataIssue[]>();
  constructor(private readonly table: RegistrationTable<T>, private readonly issues: DataIssue[]) {}

  col(name: string): string {
    return this.table.columns[name] ?? name;
  }

  /** A warning about a row that is kept. */
  warn(index: number, column: string, rule: DataIssue['rule'], text: string, value?: string): void {
    const ref = this.table.rows[index];
    const header = this.col(column);
    this.issues.push(makeIssue('warning', rule, { file: this.table.file, row: ref.row, column: header, value: value ?? ref.original[header] }, `${text}; the row was kept (rule ${rule}).`));
  }

  fail(index: number, column: string, rule: DataIssue['rule'], text: string, value?: string): void {
    const ref = this.table.rows[index];
    const header = this.col(column);
    const raw = value ?? ref.original[header];
    const issue = makeIssue('error', rule, { file: this.table.file, row: ref.row, column: header, value: raw }, `${text} (rule ${rule}).`);
    this.issues.push(issue);
    const list = this.byIndex.get(index);
    if (list) list.push(issue);
    else this.byIndex.set(index, [issue]);
  }

  failed(index: number): boolean {
    return this.byIndex.has(index);
  }

  /** A copy of the table with the failed rows moved to the rejects (sorted by row). */
  apply(): RegistrationTable<T> {
    if (this.byIndex.size === 0) return { ...this.table, rows: [...this.table.rows], rejects: [...this.table.rejects] };
    const rows: RegistrationRowRef<T>[] = [];
    const rejects = [...this.table.rejects];
    this.table.rows.forEach((r, i) => {
      const list = this.byIndex.get(i);
      if (list) rejects.push({ file: this.table.file, row: r.row, values: { ...r.original }, reasons: list.map((x) => x.message) });
      else rows.push(r);
    });
    rejects.sort((a, b) => a.row - b.row);
    return { ...this.table, rows, rejects };
  }
}

/** Id → accepted row, and id → rejected row number, of a referenced table. */
interface IdIndex<T> {
  table: RegistrationTable<T>;
  accepted: Map<string, RegistrationRowRef<T>>;
  rejected: Map<string, number>;
}

function indexIds<T>(table: RegistrationTable<T>, idColumn: string, id: (r: T) => string): IdIndex<T> {
  const accepted = new Map<string, RegistrationRowRef<T>>();
  for (const r of table.rows) accepted.set(id(r.record), r);
  const rejected = new Map<string, number>();
  const header = table.columns[idColumn] ?? idColumn;
  for (const r of table.rejects) {
    const v = (r.values[header] ?? '').trim();
    if (v && !accepted.has(v) && !rejected.has(v)) rejected.set(v, r.row);
  }
  return { table, accepted, rejected };
}

/**
 * Looks up a referenced id; on failure records `unknown-id` and returns undefined.
 * `what` is the word for the id ("site", "family", "volunteer").
 */
function lookup<T, U>(f: RowFailures<U>, index: number, column: string, what: string, id: string, ids: IdIndex<T>): RegistrationRowRef<T> | undefined {
  if (!ids.table.present || ids.table.refused) return undefined;
  const hit = ids.accepted.get(id);
  if (hit) return hit;
  const rejectedRow = ids.rejected.get(id);
  if (rejectedRow !== undefined) {
    f.fail(index, column, 'unknown-id', `${what} id "${id}" is in ${ids.table.file}, but its row ${rejectedRow} there was rejected; fix that row first`, id);
  } else {
    f.fail(index, column, 'unknown-id', `${what} id "${id}" is not in ${ids.table.file}`, id);
  }
  return undefined;
}

/**
 * One warning per refused file that other files refer to: the checks of their ids against it were
 * skipped (a file refused as a whole would otherwise make every row that refers to it "not found").
 */
function skippedAgainstRefused(issues: DataIssue[], refused: RegistrationTable<unknown>, what: string, referring: Array<[RegistrationTable<unknown>, string]>): void {
  if (!refused.present || !refused.refused) return;
  const where = referring.filter(([t]) => t.present && t.rows.length > 0).map(([t, column]) => `column "${t.columns[column] ?? column}" of ${t.file}`);
  if (!where.length) return;
  issues.push(
    makeIssue('warning', 'identifying-column', { file: refused.file }, `the file was refused, so the ${what} ids in ${where.join(' and ')} were not checked against it; fix this file and load again to check them (rule identifying-column).`),
  );
}

function futureDates<T>(f: RowFailures<T>, index: number, dates: Array<[string, string | null | readonly string[]]>, ref: string): void {
  for (const [column, v] of dates) {
    const values = v === null ? [] : typeof v === 'string' ? [v] : v;
    for (const d of values) {
      if (d > ref) f.fail(index, column, 'future-date', `date ${d} is after the reference date ${ref}`, d);
    }
  }
}

function before<T>(f: RowFailures<T>, index: number, column: string, value: string | null, otherColumn: string, other: string | null, suffix = ''): void {
  if (value === null || other === null) return;
  if (value < other) f.fail(index, column, 'date-order', `${DATE_WORDS[column] ?? column} ${value} is before the ${DATE_WORDS[otherColumn] ?? otherColumn} ${other}${suffix}`, value);
}

/**
 * Runs every cross-file check on validated registration tables.
 *
 * Pure: returns new tables (failed rows moved to `rejects`, sorted by row) and the issues in the
 * order found; the input is not changed.
 *
 * @example
 * // A trajectory that ends before it starts (trajectories.csv, row 2):
 * // issues[0].message === 'trajectories.csv, row 2, column "end_date": end date 2020-01-01 is before the match date 2020-03-01 (rule date-order).'
 */
export function checkRegistrationTables(tables: RegistrationTables, options: RegistrationCheckOptions): { tables: RegistrationTables; issues: DataIssue[] } {
  const ref = options.referenceDate;
  const issues: DataIssue[] = [];

  // Sites.
  const fs = new RowFailures(tables.sites, issues);
  tables.sites.rows.forEach((r, i) => futureDates(fs, i, [['start_date', r.record.startDate]], ref));
  const sites = fs.apply();
  const siteIds = indexIds(sites, 'site_id', (s) => s.siteId);

  // Volunteers.
  const fv = new RowFailures(tables.volunteers, issues);
  tables.volunteers.rows.forEach((r, i) => {
    const v = r.record;
    lookup(fv, i, 'site_id', 'site', v.siteId, siteIds);
    before(fv, i, 'training_completed_date', v.trainingCompletedDate, 'registration_date', v.registrationDate);
    before(fv, i, 'active_from', v.activeFrom, 'registration_date', v.registrationDate);
    before(fv, i, 'stop_date', v.stopDate, 'registration_date', v.registrationDate);
    if (v.stopDate !== null && v.stopDate >= v.registrationDate) before(fv, i, 'stop_date', v.stopDate, 'active_from', v.activeFrom);
    futureDates(fv, i, [['registration_date', v.registrationDate], ['training_completed_date', v.trainingCompletedDate], ['active_from', v.activeFrom], ['stop_date', v.stopDate]], ref);
    // availability is the status on the reference date
    if (fv.failed(i)) return;
    if (v.availability === 'in-training' && v.trainingCompletedDate !== null && v.trainingCompletedDate <= ref) {
      fv.warn(i, 'availability', 'inconsistent', `the volunteer is "in training", but "${fv.col('training_completed_date')}" says the training was completed on ${v.trainingCompletedDate}; the figures count training by that date`);
    } else if (v.availability && v.stopDate !== null && v.stopDate <= ref) {
      fv.warn(i, 'availability', 'inconsistent', `an availability is given, but the volunteer stopped on ${v.stopDate}; a volunteer who stopped is counted as stopped, not by availability`);
    }
  });
  const volunteers = fv.apply();
  const volunteerIds = indexIds(volunteers, 'volunteer_id', (v) => v.volunteerId);

  // Families.
  const ff = new RowFailures(tables.families, issues);
  tables.families.rows.forEach((r, i) => {
    lookup(ff, i, 'site_id', 'site', r.record.siteId, siteIds);
    futureDates(ff, i, [['registration_date', r.record.registrationDate]], ref);
  });
  const families = ff.apply();
  const familyIds = indexIds(families, 'family_id', (f) => f.familyId);

  // Trajectories: references and dates.
  const ft = new RowFailures(tables.trajectories, issues);
  const rows = tables.trajectories.rows;
  rows.forEach((r, i) => {
    const t = r.record;
    const fam = lookup(ft, i, 'family_id', 'family', t.familyId, familyIds);
    const vol = lookup(ft, i, 'volunteer_id', 'volunteer', t.volunteerId, volunteerIds);
    const site = lookup(ft, i, 'site_id', 'site', t.siteId, siteIds);
    if (fam) {
      const at = `(${families.file}, row ${fam.row})`;
      if (site && fam.record.siteId !== t.siteId) {
        ft.fail(i, 'site_id', 'inconsistent', `site "${t.siteId}" differs from site "${fam.record.siteId}" of family "${t.familyId}" ${at}`, t.siteId);
      }
      if (fam.record.intakeOutcome === 'not-supported') {
        ft.fail(i, 'family_id', 'inconsistent', `family "${t.familyId}" was not supported at intake ${at}, but has a trajectory`, t.familyId);
      }
      before(ft, i, 'match_date', t.matchDate, 'registration_date', fam.record.registrationDate, ` of family "${t.familyId}" ${at}`);
    }
    if (vol) {
      const at = `(${volunteers.file}, row ${vol.row})`;
      before(ft, i, 'match_date', t.matchDate, 'registration_date', vol.record.registrationDate, ` of volunteer "${t.volunteerId}" ${at}`);
      if (vol.record.siteId !== t.siteId) {
        ft.warn(i, 'volunteer_id', 'inconsistent', `volunteer "${t.volunteerId}" belongs to site "${vol.record.siteId}" ${at}, not to site "${t.siteId}" of this trajectory`, t.volunteerId);
      }
      if (vol.record.stopDate !== null && t.matchDate > vol.record.stopDate) {
        ft.fail(i, 'match_date', 'date-order', `match date ${t.matchDate} is after the stop date ${vol.record.stopDate} of volunteer "${t.volunteerId}" ${at}`, t.matchDate);
      }
    }
    before(ft, i, 'check_date', t.checkDate, 'match_date', t.matchDate);
    for (const e of t.evaluationDates) before(ft, i, 'evaluation_dates', e, 'match_date', t.matchDate);
    before(ft, i, 'end_date', t.endDate, 'match_date', t.matchDate);
    if (t.endDate !== null) {
      for (const e of t.evaluationDates) {
        if (e > t.endDate) ft.fail(i, 'evaluation_dates', 'date-order', `evaluation date ${e} is after the end date ${t.endDate}`, e);
      }
    }
    before(ft, i, 'follow_up_date', t.followUpDate, 'end_date', t.endDate);
    if (t.endDate === null) {
      const closing: Array<[string, string | null]> = [['end_reason', t.endReason], ['goals_reached', t.goalsReached], ['follow_up_date', t.followUpDate]];
      for (const [column, v] of closing) {
        if (v !== null) ft.warn(i, column, 'inconsistent', `a trajectory without an end date has a value in "${ft.col(column)}"`);
      }
    }
    futureDates(
      ft,
      i,
      [['match_date', t.matchDate], ['check_date', t.checkDate], ['evaluation_dates', t.evaluationDates], ['end_date', t.endDate], ['follow_up_date', t.followUpDate]],
      ref,
    );
  });

  // a refused file: the checks against it were skipped (said once per file)
  skippedAgainstRefused(issues, tables.sites, 'site', [[tables.volunteers, 'site_id'], [tables.families, 'site_id'], [tables.trajectories, 'site_id']]);
  skippedAgainstRefused(issues, tables.volunteers, 'volunteer', [[tables.trajectories, 'volunteer_id']]);
  skippedAgainstRefused(issues, tables.families, 'family', [[tables.trajectories, 'family_id']]);

  // Trajectories: overlap within a family, among the rows that passed everything else.
  const byFamily = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (ft.failed(i)) return;
    const list = byFamily.get(r.record.familyId);
    if (list) list.push(i);
    else byFamily.set(r.record.familyId, [i]);
  });
  for (const list of byFamily.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => (rows[a].record.matchDate < rows[b].record.matchDate ? -1 : rows[a].record.matchDate > rows[b].record.matchDate ? 1 : rows[a].row - rows[b].row));
    let open = list[0];
    for (let k = 1; k < list.length; k++) {
      const cur = rows[list[k]].record;
      const prev = rows[open];
      const prevEnd = prev.record.endDate;
      if (prevEnd === null || cur.matchDate < prevEnd) {
        const ended = prevEnd === null ? 'which has no end date' : `which ends on ${prevEnd}`;
        ft.fail(
          list[k],
          'match_date',
          'overlap',
          `trajectory "${cur.trajectoryId}" of family "${cur.familyId}" starts on ${cur.matchDate}, during trajectory "${prev.record.trajectoryId}" (row ${prev.row}), ${ended}; a family has one trajectory at a time`,
          cur.matchDate,
        );
        continue;
      }
      open = list[k];
    }
  }
  const trajectories = ft.apply();
  return { tables: { sites, families, volunteers, trajectories }, issues };
}
