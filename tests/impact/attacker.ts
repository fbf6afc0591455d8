/**
 * An independent attacker for the disclosure tests. It knows nothing of the library's model: it reads
 * the published JSON files — annual reports (`annual-report-YYYY-….json`), period reports
 * (`evaluation-FROM_TO-….json`, `report --from/--to/--period`) and local evaluations
 * (`local-evaluation-FROM_TO-site-….json`, `homestart-impact evaluation`), all in English — names every
 * printed quantity itself from the table, row and column headers, writes down the relations a reader
 * can infer from the definitions printed in the reports, and bounds every hidden cell by its smallest
 * and largest whole-number value (HiGHS on a model it builds itself, per connected component of the
 * unknowns: LP relaxation first, integer programs where the LP and the whole-number tables found so far
 * still differ — see `solveWith`).
 *
 * Quantities are named `<scope>|<from>_<to>|<measure>` (a count over a window of days, clipped at the
 * file's reference date: a running year counts to that date) or `<scope>|@<date>|<measure>` (a count
 * on one day: active, in training, not deployable — so "active on 31 December 2020" in the 2020 and
 * 2021 reports, "active at the end of the period" of a period ending that day and "with a running
 * trajectory on 30 June 2021" of an evaluation are one quantity).
 *
 * Relations:
 * - inside a table: categories sum to their total (and named localities, the "other" row and the
 *   unknown row sum to at most the families supported); subsets (active ≤ supported, referred ≤
 *   closed, …); a category named in a table whose note says smaller ones are combined is at least the
 *   threshold; the evaluation's "other" row is the sum of the categories printed elsewhere and not
 *   named there, plus a rest ≥ 0;
 * - the same quantity in several files (identity by name), sites → region → nation;
 * - **between windows of one scope** (the periods a reader holds: years, the parts of a period per
 *   year, a period, an evaluation), when some of its windows overlap: the days are cut into segments at
 *   every window boundary. A count of events (registered, closed, stopped, …) over a window is the sum
 *   of unpublished segment counts ≥ 0 — this holds tilings (a period = its years), nesting (inner ≤
 *   outer, the difference ≥ 0) and overlaps (A − B = A∖B − B∖A) at once. A count of families or
 *   volunteers reached in a window (supported, children, help questions, profile, localities, active
 *   during) is the number of families whose set of segments meets the window: one unpublished count
 *   ≥ 0 per non-empty set of segments (a family may have several trajectories). A count on a day is at
 *   most the families reached in the segment holding that day.
 *
 * A hidden cell is narrowed when the integer range is smaller than its label says: "<5" not every
 * value of 1–4 possible (or its range stops below 4 where it may be 0), "x" (at least 5: the attacker
 * knows secondary cells are never small) less than 5 wide. An unpublished window count (a segment, a
 * difference A∖B, an intersection A∩B of two published windows) is reported when the reader pins it:
 * exactly to a small count 1–4, into a part of 1–4, or to 0 ("nobody in that window").
 */

export interface PublishedJson {
  scope?: string;
  /** Local evaluations name their site here. */
  site?: string;
  report?: string;
  year?: number;
  period?: { from: string; to: string; label?: string };
  from?: string;
  to?: string;
  referenceDate?: string;
  suppression: { threshold: number; suppressZero: boolean };
  /** `leftOutRows`: the labels of the rows left out of a site or region list (not printed; the total row still counts them). */
  tables: Array<{ id: string; columns: string[]; rows: Array<Array<string | number>>; note?: string | null; merged?: { label: string; of: string[] }; leftOutRows?: string[] }>;
  /** The national report's funnel plots: each site drawn as a point (its two counts) or a range ("lo-hi"). */
  siteComparisons?: Array<{ id: string; drawn: boolean; sites: Array<{ name: string; numerator: number; denominator: number }>; ranges?: Array<{ name: string; numerator: string; denominator: string | number }> }>;
}

type Value = { shown: number } | { mark: string; zero: boolean };
interface Win {
  from: string;
  to: string;
}
export interface Relation {
  terms: Array<[string, number]>;
  lo: number;
  hi: number;
}

const TOTAL = 'Total';
/** Debugging aid: relation classes to leave out (ATTACKER_SKIP=windows,subsets,flows,other). */
const SKIP = new Set((typeof process !== 'undefined' ? process.env.ATTACKER_SKIP ?? '' : '').split(',').filter(Boolean));
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The window of a period label as the reports print it: `2020`, `2018–2021`, `March 2018 – June 2021`, `1 March 2018 – 30 June 2021`. */
export function parsePeriodLabel(label: string): Win | null {
  let m = /^(\d{4})(?:–(\d{4}))?$/.exec(label);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[2] ?? m[1]}-12-31` };
  const month = (name: string) => MONTHS.indexOf(name) + 1;
  m = /^([A-Z][a-z]+) (\d{4})(?: – ([A-Z][a-z]+) (\d{4}))?$/.exec(label);
  if (m && month(m[1]) > 0) {
    const tm = m[3] ? month(m[3]) : month(m[1]);
    const ty = Number(m[4] ?? m[2]);
    if (tm <= 0) return null;
    return { from: `${m[2]}-${pad(month(m[1]))}-01`, to: `${ty}-${pad(tm)}-${pad(lastDay(ty, tm))}` };
  }
  m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4}) – (\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(label);
  if (m && month(m[2]) > 0 && month(m[5]) > 0) return { from: `${m[3]}-${pad(month(m[2]))}-${pad(Number(m[1]))}`, to: `${m[6]}-${pad(month(m[5]))}-${pad(Number(m[4]))}` };
  return null;
}

/** A column heading `<period label> <kind>` split, or null. */
function splitColumn(c: string): { win: Win; kind: string } | null {
  const words = c.split(' ');
  for (let k = words.length - 1; k >= 1; k--) {
    const win = parsePeriodLabel(words.slice(0, k).join(' '));
    if (win) return { win, kind: words.slice(k).join(' ') };
  }
  return null;
}

/** The attacker's own names for the printed figures (the labels of the three kinds of report). */
function canonical(label: string): string {
  if (/^Families supported( in the (year|period))?$/.test(label)) return 'Families supported';
  if (/^Families active (on 31 December|at the end of the period)$/.test(label) || /^Families with a running trajectory on /.test(label)) return 'Families active';
  if (/^Volunteers active during the (year|period)$/.test(label) || label === 'Active in the year' || label === 'Active in the period') return 'Volunteers active during';
  if (/^Volunteers active (on 31 December|at the end of the period|on \d)/.test(label)) return 'Volunteers active';
  if (/^Volunteers in training (on 31 December|at the end of the period|on \d)/.test(label)) return 'Volunteers in training';
  if (/^of whom not deployable/.test(label)) return 'Volunteers not deployable';
  if (label === 'of whom deployable') return 'Volunteers deployable';
  if (label === 'Children in the supported families') return 'Children reached';
  return label;
}

/** Counts on one day. */
const SNAPSHOT = new Set(['Families active', 'Volunteers active', 'Volunteers in training', 'Volunteers not deployable', 'Volunteers deployable']);

/** Key-figure names of totals that other tables repeat (definitions printed in the report). */
const SAME_AS: Record<string, string> = {
  'intake:Total': 'Families registered',
  'intake:Not supported': 'Families not supported',
  'verwijzers:Total': 'Families registered',
  'niet-ondersteund:Total': 'Families not supported',
  'afsluitredenen:Total': 'Trajectories closed',
  'doorverwijzing:Trajectories closed': 'Trajectories closed',
  'doorverwijzing:Referred to professional care': 'Referred to professional care',
  'doorverwijzing:Follow-up call held': 'Follow-up call held',
  'vrijwilligers-gestopt:Total': 'Volunteers who stopped',
  'kernen:Total': 'Families supported',
  'kinderen:Total': 'Children reached',
  'sref:Total': 'hulpvragen:Supported families (base)',
  'migratie:Total': 'hulpvragen:Supported families (base)',
  'migratie:Yes': 'gezinsprofiel:Migration background:n',
  'vrijwilligers-gender:Total': 'Volunteers registered',
};
/** (subset, superset) of one scope and window; snapshot measures on the window's last day. */
const SUBSETS: Array<[string, string]> = [
  ['Families active', 'Families supported'],
  ['Families newly matched', 'Families supported'],
  ['Referred to professional care', 'Trajectories closed'],
  ['Follow-up call held', 'Trajectories closed'],
  ['duur:Total', 'Trajectories closed'],
  ['gas:Trajectories with GAS before and after', 'Trajectories closed'],
  ['Volunteers active', 'Volunteers active during'],
  ['Volunteers not deployable', 'Volunteers active'],
  ['hulpvragen:Supported families (base)', 'Families supported'],
  ['Families not supported', 'Families registered'],
  ['afsluitredenen:Referred to professional care', 'Referred to professional care'],
];
/** Counts of events dated in a window: additive over disjoint windows. */
const FLOW = /^(Families (registered|not supported|newly matched)|Trajectories closed|Referred to professional care|Follow-up call held|Volunteers (registered|trained|who stopped)|intake:.+|niet-ondersteund:.+|verwijzers:.+|duur:.+|afsluitredenen:.+|doelen:.+|gas:.+|gender:Registered:.+|vrijwilligers-gestopt:.+)$/;
/** Counts of families (children, volunteers) reached in a window: a family counts once. */
const REACH = /^(Families supported|Children reached|Volunteers active during|hulpvragen:.+|gezinsprofiel:.+|kinderen:.+|kernen:.+|gender:Active:.+|migratie:.+|sref:.+)$/;
/** Breakdowns whose note says small categories are combined as "other" (local evaluation). */
const COMBINED_NOTE = /combined as|are combined/;

export interface AttackResult {
  hidden: number;
  narrowed: Array<{ name: string; mark: string; lo: number; hi: number }>;
  /**
   * Unpublished window counts (segments, differences, intersections of published windows) the reader pins, and the
   * counts of rows left out of a site or region list that no file prints (the total row minus the printed rows).
   */
  windows: Array<{ name: string; lo: number; hi: number; kind: 'exact' | 'narrowed' | 'zero' | 'zero under a printed 0' }>;
  /** Hidden cells whose range is a single value (a subset of `narrowed`). */
  exact: number;
  /** Counts left out (".") in one file and printed in another: not findings (a "." claims nothing), listed. */
  leftOutPrinted?: string[];
  ms: number;
  /** What the solver did (absent in `verify` mode). */
  stats?: SolveStats;
}

export interface AttackOptions {
  maxCells?: number;
  /** Check every relation on files where nothing is hidden (the attacker's own reading); returns the false ones as `narrowed`. */
  verify?: boolean;
  /** Debugging aid: files where nothing is hidden; relations false on them are printed. */
  truth?: PublishedJson[];
  /** Also solve for unpublished window counts (default true). */
  windows?: boolean;
  /** Scopes with more segments than this get their oldest segments merged in the model of families reached per segment pattern (2^k − 1 counts for k groups; default 6). */
  maxSegments?: number;
  /** Progress lines (components met, targets done, solves so far), for long runs. */
  progress?: (line: string) => void;
  /**
   * Components of at least this many unknowns bound each target left after the covering rounds first by an LP over
   * the relations near it (`Component.localBounds`, default 2,000; 0: every component), and push it by changing
   * only the unknowns near it (`Component.localWitness`).
   */
  localMin?: number;
  /** How many steps (relations) away from a target "near" reaches (default 3). */
  localDepth?: number;
}

/** Attacks a set of published files (all from the same data). */
export async function attack(files: PublishedJson[], options: AttackOptions = {}): Promise<AttackResult> {
  const t0 = performance.now();
  const threshold = files[0].suppression.threshold;
  const model = read(files, threshold, options.maxSegments);
  options.progress?.(`read ${files.length} files: ${model.quantities.size} quantities, ${model.relations.length} relations, ${model.free.size} unpublished window counts (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (options.truth) {
    const truth = read(options.truth, threshold).quantities;
    const tv = (n: string) => (truth.get(n) as { shown: number } | undefined)?.shown;
    for (const r of model.relations) {
      if (r.terms.some(([n]) => n.startsWith('~') || tv(n) === undefined)) continue;
      const s = r.terms.reduce((a, [n, c]) => a + c * tv(n)!, 0);
      if (s < r.lo || s > r.hi) console.log('FALSE', r.terms.map(([n, c]) => `${c}*${n}=${tv(n)}`).join(' '), r.lo, r.hi);
    }
  }
  return solveAll(model, threshold, options, t0);
}

interface ReadModel {
  quantities: Map<string, Value>;
  leaks: Set<string>;
  /** Left out (".") in one file, printed in another (not a leak: a "." claims nothing). */
  leftOutPrinted: Set<string>;
  relations: Relation[];
  /** Unpublished counts (names start with "~"): window segments and family patterns. */
  free: Set<string>;
  /** Unpublished window counts to solve for: name → linear expression over quantities and free counts. */
  derived: Map<string, Array<[string, number]>>;
  /**
   * Per unpublished window count: its segments, and every published window count of the same scope and
   * measure with its segments (printed zeros covering all its segments make a 0 there nothing new).
   */
  within: Map<string, { segs: number[]; windows: Array<{ name: string; segs: number[] }> }>;
  conflicts: Set<string>;
}

function fileWindow(f: PublishedJson): Win {
  if (f.period) return { from: f.period.from, to: f.period.to };
  if (f.from && f.to) return { from: f.from, to: f.to };
  return { from: `${f.year}-01-01`, to: `${f.year}-12-31` };
}

/**
 * Debugging aid: the smallest set of relations (deletion filter) under which `name` still has the range
 * `lo`–`hi`: the reader's argument for a recovered value.
 */
export async function explain(files: PublishedJson[], name: string): Promise<string[]> {
  const threshold = files[0].suppression.threshold;
  const model = read(files, threshold);
  const known = (n: string) => model.quantities.has(n) || model.free.has(n);
  let rels = model.relations.filter((r) => r.terms.every(([n]) => known(n)));
  const target = { name, terms: model.derived.get(name) ?? ([[name, 1]] as Array<[string, number]>), mark: null };
  const range = async (rs: Relation[]) => (await solveWith(rs, model.quantities, model.free, threshold, [target], { windows: false }, false)).ranges[0];
  const want = await range(rels);
  // keep only the relations of its component, then drop each one that is not needed
  const mentions = new Set([name, ...target.terms.map(([n]) => n)]);
  for (let grow = true; grow; ) {
    grow = false;
    for (const r of rels) if (r.terms.some(([n]) => mentions.has(n))) for (const [n] of r.terms) if (!mentions.has(n) && (model.free.has(n) || 'mark' in model.quantities.get(n)!)) (mentions.add(n), (grow = true));
  }
  rels = rels.filter((r) => r.terms.some(([n]) => mentions.has(n)));
  for (let i = rels.length - 1; i >= 0; i--) {
    const without = rels.filter((_, k) => k !== i);
    const got = await range(without);
    if (got && got.lo === want.lo && got.hi === want.hi) rels = without;
  }
  const val = (n: string) => {
    const q = model.quantities.get(n);
    return !q ? '?' : 'shown' in q ? String(q.shown) : q.mark;
  };
  return [`${name}: ${want.lo}–${want.hi}`, ...rels.map((r) => `${r.lo} ≤ ${r.terms.map(([n, c]) => `${c > 0 ? '+' : '-'}${Math.abs(c) === 1 ? '' : Math.abs(c)} ${n}${n.startsWith('~') ? '' : ` [${val(n)}]`}`).join(' ')} ≤ ${r.hi}`)];
}

/** Names every printed quantity and writes down the relations (the attacker's reading of the files). */
function read(files: PublishedJson[], threshold: number, maxSegments = MAX_SEGMENTS): ReadModel {
  const quantities = new Map<string, Value>();
  const relations: Relation[] = [];
  const siteRegion = new Map<string, string>(); // site scope → region scope
  const printed = new Set<string>(); // printed in some file
  const claimed = new Set<string>(); // hidden as "<t" or "x" in some file (a claim of protection)
  const leftOut = new Set<string>(); // left out (".") in some file
  const conflicts = new Set<string>(); // printed with two different values (a misreading, or files of different data)
  const windows = new Map<string, Map<string, Win>>(); // scope → windows holding counts
  const snapshots = new Map<string, Set<string>>(); // scope → days with counts
  const localities = new Map<string, Set<string>>(); // scope → category names printed (kernen, reasons, …): for "other" rows
  const otherRows: Array<{ scope: string; win: Win; table: string; named: Set<string>; other: string }> = [];
  const mergedRows: Array<{ row: string; parts: string[] }> = [];
  const leftOutRowNames = new Set<string>(); // counts of rows left out of a site or region list
  const eq = (total: string, parts: string[]) => relations.push({ terms: [[total, -1], ...parts.map((p): [string, number] => [p, 1])], lo: 0, hi: 0 });
  const le = (a: string, b: string) => relations.push({ terms: [[a, 1], [b, -1]], lo: -Infinity, hi: 0 });
  const clip = (w: Win, ref: string | undefined): Win | null => {
    if (!ref) return w;
    if (w.from > ref) return null;
    return { from: w.from, to: w.to < ref ? w.to : ref };
  };
  const name = (scope: string, win: Win, measure: string, ref?: string) => {
    if (SNAPSHOT.has(measure)) {
      const day = measure === 'Volunteers not deployable' && ref && !(win.to < ref) ? ref : win.to;
      let s = snapshots.get(scope);
      if (!s) snapshots.set(scope, (s = new Set()));
      s.add(day);
      return `${scope}|@${day}|${measure}`;
    }
    let w = windows.get(scope);
    if (!w) windows.set(scope, (w = new Map()));
    w.set(`${win.from}_${win.to}`, win);
    return `${scope}|${win.from}_${win.to}|${measure}`;
  };
  const see = (n: string, v: string | number, zero: boolean) => {
    if (v === '' || v === '–' || v === undefined || v === null) return false;
    if (typeof v === 'string' && !/^(<\d+|x|\.)$/.test(v)) return false;
    const val: Value = typeof v === 'number' ? { shown: v } : { mark: v, zero };
    const prev = quantities.get(n);
    // hidden in one file and printed in another: a leak when a file hid it as "<t" or "x" (a claim of protection);
    // a "." (left out) claims nothing — the count was left out where the audit could not prove an "x" protected,
    // and a later file may print it (its value then a constant of every relation, so whatever it gives away about
    // other cells shows in their ranges)
    ('shown' in val ? printed : val.mark === '.' ? leftOut : claimed).add(n);
    if (prev && 'shown' in prev && 'shown' in val && prev.shown !== val.shown) conflicts.add(n);
    if (!prev) quantities.set(n, val);
    else if ('shown' in val) quantities.set(n, val);
    else if ('mark' in prev) {
      // two marks: the reader takes what both say ("<5" says more than "x", "x" more than "."; a "<5"
      // that may not be 0 in one file is not 0)
      const rank = (m: string) => (m === '.' ? 0 : m === 'x' ? 1 : 2);
      const mark = rank(val.mark) > rank(prev.mark) ? val.mark : prev.mark;
      quantities.set(n, { mark, zero: rank(mark) === 2 ? (rank(prev.mark) === 2 ? prev.zero : true) && (rank(val.mark) === 2 ? val.zero : true) : true });
    }
    return true;
  };
  const STATS = new Set(['Sites', 'Median duration of closed trajectories (months)', 'Mean duration of closed trajectories (months)', 'Referred to professional care (% of closed)', 'Families per active volunteer', 'Estimated volunteer hours', 'Cost per supported family (EUR)', 'Median', 'Quartiles (Q1–Q3)', 'Mean']);
  const ADDITIVE = ['intake', 'niet-ondersteund', 'verwijzers', 'kinderen', 'duur', 'afsluitredenen', 'vrijwilligers-gestopt', 'vrijwilligers-gender', 'migratie', 'sref'];
  for (const f of files) {
    const scope = f.scope ?? f.site!;
    const ref = f.referenceDate;
    const zero = f.suppression.suppressZero;
    const local = f.report === 'evaluation' && f.site !== undefined; // a local evaluation: one column "Number"
    const own = clip(fileWindow(f), ref)!;
    const colWin = (c: string): { win: Win; kind: string } | null => {
      if (local) return c === 'Number' ? { win: own, kind: 'n' } : null;
      const w = parsePeriodLabel(c);
      return w ? { win: w, kind: '' } : splitColumn(c);
    };
    for (const t of f.tables) {
      // a table left out (printed without rows, its note says why) states nothing: its columns are no
      // sum of rows (read as one, a left-out "locaties" table said every total it heads is 0)
      if (!t.rows.length) continue;
      const id = local && t.id === 'verwijzers' ? 'sref' : t.id;
      if (id === 'kerncijfers' || id === 'gas' || id === 'vrijwilligers') {
        for (const r of t.rows) {
          if (STATS.has(String(r[0])) || (id === 'gas' && r[0] !== 'Trajectories with GAS before and after')) continue;
          for (let j = 1; j < t.columns.length; j++) {
            const cw = colWin(t.columns[j]);
            const win = cw && clip(cw.win, ref);
            if (!win) continue;
            const measure = id === 'gas' ? `gas:${r[0]}` : canonical(String(r[0]));
            see(name(scope, win, measure, ref), r[j], zero);
          }
        }
        if (id === 'vrijwilligers') {
          const ms = t.rows.map((r) => canonical(String(r[0])));
          if (ms.includes('Volunteers deployable')) eq(name(scope, own, 'Volunteers active'), [name(scope, own, 'Volunteers not deployable', ref), name(scope, own, 'Volunteers deployable')]);
        }
      } else if (id === 'gezinnen-per-jaar') {
        for (const r of t.rows) {
          const w = parsePeriodLabel(String(r[0]));
          const win = w && clip(w, ref);
          if (!win) continue;
          for (let j = 1; j < t.columns.length; j++) see(name(scope, win, canonical(t.columns[j])), r[j], zero);
        }
      } else if (id === 'regios' || id === 'locaties') {
        const regionCol = t.columns[1] === 'Region' ? 1 : -1;
        const rowScope = (r: Array<string | number>) => (r[0] === TOTAL ? scope : id === 'regios' ? `Home-Start region ${r[0]}` : `Home-Start ${r[0]}`);
        // rows left out (named in the table's `leftOutRows` and its note): not printed, still in the total
        const gone = (t.leftOutRows ?? []).map((label) => rowScope([label]));
        for (const r of t.rows) if (regionCol > 0 && r[0] !== TOTAL) siteRegion.set(rowScope(r), `Home-Start region ${r[regionCol]}`);
        for (let j = regionCol > 0 ? 2 : 1; j < t.columns.length; j++) {
          const cw = colWin(t.columns[j]);
          const win = cw && clip(cw.win, ref);
          if (!win) continue;
          const m = canonical(cw.kind);
          for (const r of t.rows) see(name(rowScope(r), win, m, ref), r[j], zero);
          // rows sum to the total row, per column (the rows left out too)
          const goneNames = gone.map((g) => name(g, win, m, ref));
          for (const g of goneNames) leftOutRowNames.add(g);
          eq(name(scope, win, m, ref), [...t.rows.filter((r) => r[0] !== TOTAL).map((r) => name(rowScope(r), win, m, ref)), ...goneNames]);
        }
      } else {
        // n / % breakdowns, profile, gender: columns "<period> <kind>" (or "Number" in an evaluation)
        const byWin = new Map<string, { win: Win; kind: string; j: number }>();
        t.columns.forEach((c, j) => {
          const cw = colWin(c);
          if (!cw) return;
          const kind = local && id === 'vrijwilligers-gender' ? 'Registered' : cw.kind;
          if (!['n', 'n known', 'Registered', 'Active in the year', 'Active in the period'].includes(kind)) return;
          const win = clip(cw.win, ref);
          if (!win) return;
          const k = `${win.from}_${win.to}|${kind}`;
          if (!byWin.has(k)) byWin.set(k, { win, kind, j });
        });
        for (const { win, kind, j } of byWin.values()) {
          const names: string[] = [];
          const kept = t.rows.filter((r) => !STATS.has(String(r[0])));
          const combined = local && t.note && COMBINED_NOTE.test(t.note) ? new Set<string>() : null;
          for (const r of kept) {
            let what = `${id}:${r[0]}`;
            if (id === 'gezinsprofiel') what = `${id}:${r[0]}:${kind}`;
            if (id === 'vrijwilligers-gender') what = r[0] === TOTAL ? (kind === 'Registered' ? 'Volunteers registered' : 'Volunteers active during') : `gender:${kind === 'Registered' ? 'Registered' : 'Active'}:${r[0]}`;
            if (local && /^Other (localities|referrers|reasons)$|^Other and unknown$/.test(String(r[0]))) what = `${id}:~other`;
            const n = name(scope, win, SAME_AS[what] ?? canonical(what));
            see(n, r[j], zero);
            names.push(n);
            // (a row combining categories, the table's `merged`, is no category named for its size)
            if (!what.endsWith('~other') && r[0] !== TOTAL && r[0] !== 'Unknown' && r[0] !== t.merged?.label) {
              let s = localities.get(`${scope}|${id}`);
              if (!s) localities.set(`${scope}|${id}`, (s = new Set()));
              s.add(String(r[0]));
              // a category named where smaller ones are combined has at least the threshold
              if (combined) {
                combined.add(String(r[0]));
                relations.push({ terms: [[n, 1]], lo: threshold, hi: Infinity });
              }
            }
          }
          if (combined && kept.some((r) => /^Other /.test(String(r[0])))) otherRows.push({ scope, win, table: id === 'vrijwilligers-gender' ? 'gender:Registered' : id, named: combined, other: name(scope, win, `${id}:~other`) });
          // a row combining categories (the table's `merged`): the sum of those categories, which other
          // files may print by name
          if (t.merged) {
            const at = kept.findIndex((r) => r[0] === t.merged!.label);
            const partName = (c: string) => {
              const what = id === 'vrijwilligers-gender' ? `gender:${kind === 'Registered' ? 'Registered' : 'Active'}:${c}` : `${id}:${c}`;
              return name(scope, win, SAME_AS[what] ?? canonical(what));
            };
            if (at >= 0) mergedRows.push({ row: names[at], parts: t.merged.of.map(partName) });
          }
          const totalAt = kept.findIndex((r) => r[0] === TOTAL);
          // a combined table that shows only its total ("no category had t or more") has no parts to add
          const onlyTotal = combined !== null && kept.every((r) => r[0] === TOTAL);
          if (totalAt >= 0 && ADDITIVE.includes(id) && !onlyTotal) {
            const parts = names.filter((_, i) => i !== totalAt && !(id === 'duur' && i > totalAt));
            eq(names[totalAt], parts);
          }
          if (id === 'kernen' && totalAt >= 0) {
            // named localities, "other" and unknown: at most the families supported (some have no record)
            relations.push({ terms: [...names.filter((_, i) => i !== totalAt).map((n): [string, number] => [n, 1]), [names[totalAt], -1]], lo: -Infinity, hi: 0 });
          }
          if (id === 'migratie') eq(name(scope, win, 'gezinsprofiel:Migration background:n known'), [names[0], names[1]]);
          if (id === 'doelen') {
            const known = names[kept.findIndex((r) => r[0] === TOTAL)];
            eq(known, names.slice(0, 3));
            const unknown = names[kept.findIndex((r) => r[0] === 'Unknown')];
            eq(name(scope, win, 'Trajectories closed'), [known, unknown]);
          }
          if (id === 'hulpvragen') {
            const base = names[names.length - 1];
            for (const nm of names.slice(0, -1)) le(nm, base);
          }
          if (id === 'gezinsprofiel' && kind === 'n') {
            kept.forEach((r) => {
              le(name(scope, win, `gezinsprofiel:${r[0]}:n`), name(scope, win, `gezinsprofiel:${r[0]}:n known`));
              le(name(scope, win, `gezinsprofiel:${r[0]}:n known`), name(scope, win, 'hulpvragen:Supported families (base)'));
            });
          }
        }
      }
    }
  }
  // the national report's funnel plots are published too: a point repeats a site's two counts (a count hidden in a
  // table and drawn as a point is "printed elsewhere"), a bar or line says that a count lies in lo … hi
  const FUNNEL_COUNTS: Record<string, [string, string]> = { 'goals-reached': ['doelen:Yes', 'doelen:Total'], 'not-supported': ['Families not supported', 'Families registered'], 'families-per-volunteer': ['Families supported', 'Volunteers active during'] };
  for (const f of files) {
    for (const c of f.siteComparisons ?? []) {
      const counts = FUNNEL_COUNTS[c.id];
      if (!counts || !c.drawn) continue;
      const win = clip(fileWindow(f), f.referenceDate)!;
      const at = (site: string, k: 0 | 1) => name(`Home-Start ${site}`, win, counts[k], f.referenceDate);
      for (const p of c.sites) {
        see(at(p.name, 0), p.numerator, f.suppression.suppressZero);
        see(at(p.name, 1), p.denominator, f.suppression.suppressZero);
      }
      for (const r of c.ranges ?? []) {
        ([r.numerator, r.denominator] as Array<string | number>).forEach((v, k) => {
          const [lo, hi] = typeof v === 'number' ? [v, v] : v.split('-').map(Number);
          const n = at(r.name, k as 0 | 1);
          if (typeof v === 'number' || lo === hi) see(n, lo, f.suppression.suppressZero);
          else relations.push({ terms: [[n, 1]], lo, hi });
        });
      }
    }
  }
  // a combined row: the sum of its categories (unpublished where no file prints them)
  for (const m of mergedRows) {
    for (const q of m.parts) if (!quantities.has(q)) quantities.set(q, { mark: '.', zero: true });
    eq(m.row, m.parts);
  }
  // an evaluation's "other" row: the categories printed elsewhere for the scope and not named here, plus a rest
  if (!SKIP.has('other')) for (const o of otherRows) {
    const table = o.table === 'sref' ? null : o.table;
    const known = table ? [...(localities.get(`${o.scope}|${table === 'gender:Registered' ? 'vrijwilligers-gender' : table}`) ?? [])].filter((c) => !o.named.has(c)) : [];
    const parts = known.map((c) => name(o.scope, o.win, table === 'gender:Registered' ? `gender:Registered:${c}` : `${table}:${c}`));
    for (const p of parts) if (!quantities.has(p)) quantities.set(p, { mark: '.', zero: true });
    relations.push({ terms: [[o.other, -1], ...parts.map((p): [string, number] => [p, 1])], lo: -Infinity, hi: 0 });
  }
  // subsets of every scope and window
  if (!SKIP.has('subsets')) for (const [scope, ws] of windows) {
    for (const win of ws.values()) for (const [a, b] of SUBSETS) le(name(scope, win, a), name(scope, win, b));
  }
  // flows within one window: a family supported in it and not active on its last day had a trajectory
  // end in it (closed ≥ supported − active); a volunteer active during it and neither active nor in
  // training on its last day stopped in it (stopped ≥ active during − active − in training)
  if (!SKIP.has('flows')) for (const [scope, ws] of windows) {
    for (const win of [...ws.values()]) {
      relations.push({ terms: [[name(scope, win, 'Trajectories closed'), 1], [name(scope, win, 'Families supported'), -1], [name(scope, win, 'Families active'), 1]], lo: 0, hi: Infinity });
      relations.push({ terms: [[name(scope, win, 'Volunteers who stopped'), 1], [name(scope, win, 'Volunteers active during'), -1], [name(scope, win, 'Volunteers active'), 1], [name(scope, win, 'Volunteers in training'), 1]], lo: 0, hi: Infinity });
    }
  }
  // sites → region → nation for every quantity printed for all of them
  const regions = new Map<string, string[]>();
  for (const [s, r] of siteRegion) {
    const l = regions.get(r);
    if (l) l.push(s);
    else regions.set(r, [s]);
  }
  const national = files.find((f) => f.scope === 'Home-Start nationally')?.scope;
  const measures = new Set<string>();
  for (const n of quantities.keys()) measures.add(n.slice(n.indexOf('|') + 1));
  for (const m of measures) {
    for (const [r, sites] of regions) if (quantities.has(`${r}|${m}`) && sites.every((s) => quantities.has(`${s}|${m}`))) eq(`${r}|${m}`, sites.map((s) => `${s}|${m}`));
    if (national && regions.size && quantities.has(`${national}|${m}`) && [...regions.keys()].every((r) => quantities.has(`${r}|${m}`))) eq(`${national}|${m}`, [...regions.keys()].map((r) => `${r}|${m}`));
  }
  const free = new Set<string>();
  const derived = new Map<string, Array<[string, number]>>();
  const within: ReadModel['within'] = new Map();
  // a row's count that no file prints: any count ≥ 0 to the reader, solved for like a window's count
  for (const n of leftOutRowNames) {
    if (quantities.has(n)) continue;
    quantities.set(n, { mark: '.', zero: true });
    derived.set(n, [[n, 1]]);
  }
  if (!SKIP.has('windows')) windowRelations(quantities, windows, snapshots, relations, free, derived, within, maxSegments);
  const leaks = new Set([...printed].filter((n) => claimed.has(n)));
  const leftOutPrinted = new Set([...printed].filter((n) => leftOut.has(n) && !claimed.has(n)));
  return { quantities, leaks, leftOutPrinted, relations, free, derived, within, conflicts };
}

/** At most this many segment groups per scope in the model of families reached (2^k − 1 patterns; older segments merged). */
const MAX_SEGMENTS = 6;

/**
 * Relations between the windows of one scope (see the module comment): segments at every boundary,
 * flows as sums of segment counts, reach counts as sums over patterns of segments; and the unpublished
 * window counts to solve for.
 */
function windowRelations(
  quantities: Map<string, Value>,
  windows: Map<string, Map<string, Win>>,
  snapshots: Map<string, Set<string>>,
  relations: Relation[],
  free: Set<string>,
  derived: Map<string, Array<[string, number]>>,
  within: ReadModel['within'],
  maxSegments: number,
): void {
  for (const [scope, ws] of windows) {
    const list = [...ws.values()];
    const overlaps = list.some((a) => list.some((b) => a !== b && a.from <= b.to && b.from <= a.to));
    if (!overlaps) continue;
    // segments: cut at every window's first day and the day after its last
    const cuts = new Set<string>();
    for (const w of list) {
      cuts.add(w.from);
      cuts.add(dayAfter(w.to));
    }
    const sorted = [...cuts].sort();
    const segs: Win[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const s = { from: sorted[i], to: dayBefore(sorted[i + 1]) };
      if (list.some((w) => w.from <= s.from && s.to <= w.to)) segs.push(s);
    }
    const segsOf = (w: Win) => segs.map((s, i) => (w.from <= s.from && s.to <= w.to ? i : -1)).filter((i) => i >= 0);
    const measures = new Set<string>();
    for (const w of list) for (const n of quantities.keys()) if (n.startsWith(`${scope}|${w.from}_${w.to}|`)) measures.add(n.slice(`${scope}|${w.from}_${w.to}|`.length));
    const pairs: Array<[Win, Win]> = [];
    for (const a of list) for (const b of list) if (a !== b && a.from <= b.to && b.from <= a.to) pairs.push([a, b]);
    for (const m of measures) {
      const held = list.filter((w) => quantities.has(`${scope}|${w.from}_${w.to}|${m}`));
      if (held.length < 2) continue;
      const heldSegs = new Set(held.flatMap(segsOf));
      const used = segs.map((_, i) => i).filter((i) => heldSegs.has(i));
      const sig = (set: number[]) => set.map((i) => `${segs[i].from}_${segs[i].to}`).join('+');
      const heldWins = held.map((w) => ({ name: `${scope}|${w.from}_${w.to}|${m}`, segs: segsOf(w) }));
      if (FLOW.test(m)) {
        const u = (i: number) => `~${scope}|${segs[i].from}_${segs[i].to}|${m}`;
        for (const i of used) free.add(u(i));
        for (const w of held) relations.push({ terms: [[`${scope}|${w.from}_${w.to}|${m}`, -1], ...segsOf(w).map((i): [string, number] => [u(i), 1])], lo: 0, hi: 0 });
        const want = (set: number[]) => {
          if (!set.length || held.some((w) => sig(segsOf(w)) === sig(set))) return;
          const n = `${scope}|${sig(set)}|${m}`;
          derived.set(n, set.map((i) => [u(i), 1]));
          within.set(n, { segs: set, windows: heldWins });
        };
        for (const i of used) want([i]);
        for (const [a, b] of pairs) {
          if (!held.includes(a) || !held.includes(b)) continue;
          const sb = new Set(segsOf(b));
          want(segsOf(a).filter((i) => !sb.has(i)));
          want(segsOf(a).filter((i) => sb.has(i)));
        }
      } else if (REACH.test(m)) {
        // one count per non-empty set of segment groups (bit g: group g) a family is reached in. Each segment is its
        // own group; on a scope with more than `maxSegments` segments the oldest are merged into one group (2^k − 1
        // counts for k groups). Merging is sound: a family's set of groups is read off its set of segments, so every
        // relation of a window made of whole groups still holds; a window that splits a group (a history year
        // inside the merged group) gets no pattern relation (its count keeps its other relations)
        const groups: number[][] = used.map((i) => [i]);
        while (groups.length > maxSegments) groups.splice(0, 2, [...groups[0], ...groups[1]]);
        const groupOf = new Map(groups.flatMap((g, gi) => g.map((i) => [i, gi] as const)));
        const k = groups.length;
        const x = (mask: number) => `~${scope}|${m}|pattern ${mask.toString(2).padStart(k, '0')}`;
        const bits = (set: number[]) => set.reduce((a, i) => a | (1 << groupOf.get(i)!), 0);
        const whole = (set: number[]) => set.every((i) => groups[groupOf.get(i)!].every((j) => set.includes(j)));
        const kept = held.filter((w) => whole(segsOf(w)));
        if (kept.length < 2) continue;
        for (let mask = 1; mask < 1 << k; mask++) free.add(x(mask));
        const meets = (set: number[]) => {
          const b = bits(set);
          const t: Array<[string, number]> = [];
          for (let mask = 1; mask < 1 << k; mask++) if (mask & b) t.push([x(mask), 1]);
          return t;
        };
        for (const w of kept) relations.push({ terms: [[`${scope}|${w.from}_${w.to}|${m}`, -1], ...meets(segsOf(w))], lo: 0, hi: 0 });
        // reached in A and not in B; reached in the window A ∩ B
        for (const [a, b] of pairs) {
          if (!kept.includes(a) || !kept.includes(b)) continue;
          const ba = bits(segsOf(a));
          const bb = bits(segsOf(b));
          const only: Array<[string, number]> = [];
          for (let mask = 1; mask < 1 << k; mask++) if (mask & ba && !(mask & bb)) only.push([x(mask), 1]);
          if (only.length) {
            derived.set(`${scope}|${a.from}_${a.to} not ${b.from}_${b.to}|${m}`, only);
            within.set(`${scope}|${a.from}_${a.to} not ${b.from}_${b.to}|${m}`, { segs: segsOf(a).filter((i) => !segsOf(b).includes(i)), windows: heldWins });
          }
          const both = segsOf(a).filter((i) => segsOf(b).includes(i));
          if (both.length && ba !== (ba & bb) && bb !== (ba & bb)) {
            derived.set(`${scope}|${sig(both)}|${m}`, meets(both));
            within.set(`${scope}|${sig(both)}|${m}`, { segs: both, windows: heldWins });
          }
        }
        // a count on a day is at most the families reached in the segment (its group) holding it
        const day = m === 'Families supported' ? 'Families active' : m === 'Volunteers active during' ? 'Volunteers active' : null;
        if (day) {
          for (const d of snapshots.get(scope) ?? []) {
            const i = segs.findIndex((s) => s.from <= d && d <= s.to);
            const n = `${scope}|@${d}|${day}`;
            if (i >= 0 && used.includes(i) && quantities.has(n)) relations.push({ terms: [[n, 1], ...meets([i]).map(([v]): [string, number] => [v, -1])], lo: -Infinity, hi: 0 });
          }
        }
      }
    }
  }
}

async function solveAll(model: ReadModel, threshold: number, options: AttackOptions, t0: number): Promise<AttackResult> {
  const { quantities, leaks, free, derived } = model;
  const known = (n: string) => quantities.has(n) || free.has(n);
  const rels = model.relations.filter((r) => r.terms.every(([n]) => known(n)));
  const shownVal = (n: string) => (quantities.get(n) as { shown: number }).shown;
  const isShown = (n: string) => !free.has(n) && 'shown' in quantities.get(n)!;
  if (options.verify) {
    // every relation must hold on files where nothing is hidden (checks the attacker's own reading)
    const bad: string[] = [...model.conflicts].map((n) => `${n} is printed with two different values`);
    for (const r of rels) {
      if (!r.terms.every(([n]) => isShown(n))) continue;
      const s = r.terms.reduce((a, [n, c]) => a + c * shownVal(n), 0);
      if (s < r.lo || s > r.hi) bad.push(`${r.lo} ≤ ${r.terms.map(([n, c]) => `${c}·${n}`).join(' + ')} ≤ ${r.hi}`);
    }
    // relations with unpublished counts: the true values must be feasible
    const res = await solveWith(rels, quantities, free, threshold, [], {});
    if (res.infeasible) bad.push(`the relations with unpublished counts are infeasible for the true values (${res.infeasible})`);
    return { hidden: 0, narrowed: bad.map((b) => ({ name: b, mark: 'false relation', lo: NaN, hi: NaN })), windows: [], exact: 0, ms: 0 };
  }
  const hiddenNames = [...quantities].filter(([, v]) => 'mark' in v).map(([n]) => n);
  const targets: Target[] = [];
  let checked = 0;
  for (const n of hiddenNames) {
    const mark = (quantities.get(n) as { mark: string }).mark;
    if (mark === '.') continue;
    if (options.maxCells && checked >= options.maxCells) break;
    checked++;
    targets.push({ name: n, terms: [[n, 1]], mark });
  }
  // a window all of whose segments lie in published windows printed as 0 is 0 by reading alone: no solve
  const underZero = (n: string) => {
    const w = model.within.get(n);
    if (!w) return false;
    const zeroSegs = new Set(
      w.windows
        .filter((x) => {
          const q = quantities.get(x.name);
          return q !== undefined && 'shown' in q && q.shown === 0;
        })
        .flatMap((x) => x.segs),
    );
    return w.segs.every((i) => zeroSegs.has(i));
  };
  const trivialZeros: string[] = [];
  if (options.windows !== false) {
    for (const [n, terms] of derived) {
      if (underZero(n)) trivialZeros.push(n);
      else targets.push({ name: n, terms, mark: null });
    }
  }
  const res = await solveWith(rels, quantities, free, threshold, targets, options);
  const narrowed: AttackResult['narrowed'] = [];
  const windows: AttackResult['windows'] = [];
  let exact = 0;
  for (const { target, lo, hi } of res.ranges) {
    if (target.mark === null) {
      if (lo === 0 && hi === 0) {
        windows.push({ name: target.name, lo, hi, kind: 'zero' });
      }
      else if (lo >= 1 && hi <= threshold - 1 && (lo === hi || lo > 1 || hi < threshold - 1)) windows.push({ name: target.name, lo, hi, kind: lo === hi ? 'exact' : 'narrowed' });
      continue;
    }
    const mark = target.mark;
    // "<t": every value 1 … t − 1 must stay possible (a hidden zero's range reaches 0 by itself)
    const ok = mark === 'x' ? hi - lo >= threshold - 1e-6 : lo <= 1 + 1e-6 && hi >= threshold - 1 - 1e-6;
    if (!ok) {
      narrowed.push({ name: target.name, mark, lo, hi });
      if (Math.abs(hi - lo) < 1e-6) exact++;
    }
  }
  for (const n of trivialZeros) windows.push({ name: n, lo: 0, hi: 0, kind: 'zero under a printed 0' });
  for (const n of leaks) {
    narrowed.push({ name: n, mark: 'printed elsewhere', lo: NaN, hi: NaN });
    exact++;
  }
  return { hidden: hiddenNames.length, narrowed, windows, exact, leftOutPrinted: [...model.leftOutPrinted], ms: performance.now() - t0, stats: res.stats };
}

/** The part of the `highs` package's persistent-model interface the attacker uses. */
interface HighsModel {
  options: { set(v: Record<string, unknown>): unknown };
  run(): unknown;
  getModelStatus(): number;
  getSolution(): { colValue: Float64Array | number[] };
  changeColsCost(sel: { kind: 'set'; indices: Int32Array | number[] } | { kind: 'range'; from: number; to: number }, costs: Float64Array): unknown;
  changeColsBounds(sel: { kind: 'range'; from: number; to: number }, lower: Float64Array, upper: Float64Array): unknown;
  changeObjectiveSense(s: number): unknown;
  zeroAllClocks(): unknown;
  dispose(): void;
}
interface Highs {
  createModel(data: unknown): HighsModel;
  infinity: number;
  constants: { objectiveSense: { minimize: number; maximize: number }; modelStatus: Record<string, number> };
}
let highsPromise: Promise<Highs> | null = null;
async function highs(): Promise<Highs> {
  if (!highsPromise) {
    highsPromise = import('highs').then((m) => ((m as { default?: unknown }).default ?? m) as () => Promise<Highs>).then((load) => load());
  }
  return highsPromise;
}

type Target = { name: string; terms: Array<[string, number]>; mark: string | null };

/** What the solver did (the bench prints it). */
export interface SolveStats {
  components: number;
  largestComponent: number;
  /** Targets settled by whole-number tables found before (no solve of their own). */
  byWitness: number;
  /** Targets settled once the LP relaxation's optimal vertices (whole-number, checked) were added. */
  byLp: number;
  /** Targets needing an integer program in at least one direction. */
  byMip: number;
  lps: number;
  mips: number;
  /** Covering rounds run (`coverRounds`). */
  coverRounds?: number;
  /** Target sides whose LP bound came from the relations near the target (`Component.localBounds`), not the component's LP. */
  localSides?: number;
  /** Targets settled by witnesses from pushes near the target (`Component.localWitness`). */
  byLocal?: number;
  /** Witnesses those pushes gave. */
  localWitnesses?: number;
  /** Fractional LP vertices made whole near their fractions (`Component.repairVertex`). */
  repairs?: number;
}

/**
 * One connected component of the unknowns, as a HiGHS model kept for all its targets (each new objective
 * starts from the previous optimal basis: a warm start), and as rows the attacker checks solutions against.
 */
class Component {
  readonly m: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly starts: Int32Array;
  readonly index: Int32Array;
  readonly coef: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  private lp: HighsModel | null = null;
  private mip: HighsModel | null = null;
  /**
   * Whole-number tables satisfying every relation (checked here, not taken from the solver on trust). A table
   * from a local push (`localWitness`) is kept as the values where it differs from a full table (its `base`).
   */
  readonly witnesses: Witness[] = [];
  /** Per variable, the smallest and largest value over the witnesses. */
  readonly wMin: Float64Array;
  readonly wMax: Float64Array;
  lps = 0;
  mips = 0;
  /** Fractional LP vertices made whole near their fractions (`repairVertex`). */
  repairs = 0;
  constructor(
    private readonly solver: Highs,
    rows: Array<{ idx: number[]; coef: number[]; lo: number; hi: number }>,
    lower: Float64Array,
    upper: Float64Array,
  ) {
    this.m = lower.length;
    this.lower = lower;
    this.upper = upper;
    const nnz = rows.reduce((a, r) => a + r.idx.length, 0);
    this.starts = new Int32Array(rows.length + 1);
    this.index = new Int32Array(nnz);
    this.coef = new Float64Array(nnz);
    this.rowLower = new Float64Array(rows.length);
    this.rowUpper = new Float64Array(rows.length);
    let q = 0;
    rows.forEach((r, k) => {
      this.starts[k] = q;
      r.idx.forEach((j, i) => {
        this.index[q] = j;
        this.coef[q++] = r.coef[i];
      });
      this.rowLower[k] = r.lo;
      this.rowUpper[k] = r.hi;
    });
    this.starts[rows.length] = q;
    this.wMin = new Float64Array(this.m).fill(Infinity);
    this.wMax = new Float64Array(this.m).fill(-Infinity);
  }
  private make(integer: boolean): HighsModel {
    const inf = this.solver.infinity;
    const fin = (a: Float64Array) => a.map((v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
    const n = this.rowLower.length;
    const model = this.solver.createModel({
      numCols: this.m,
      numRows: n,
      colCost: new Float64Array(this.m),
      colLower: fin(this.lower),
      colUpper: fin(this.upper),
      rowLower: fin(this.rowLower),
      rowUpper: fin(this.rowUpper),
      matrix: { format: 'csr', numRows: n, numCols: this.m, starts: this.starts, indices: this.index, values: this.coef },
      ...(integer ? { integrality: new Int32Array(this.m).fill(1) } : {}),
    });
    // presolve off: the npm build's MIP presolve returned a wrong optimum on a 113-variable component
    // (max 2 where the integer program reaches 4: checked with scipy's milp and with presolve off);
    // a MIP is solved to a zero gap (objectives are whole numbers)
    model.options.set({ output_flag: false, presolve: 'off', ...(integer ? { mip_rel_gap: 0 } : { solver: 'simplex' }) });
    return model;
  }
  dispose(): void {
    this.lp?.dispose();
    this.mip?.dispose();
  }
  /**
   * Optimum of Σ cost·x (LP relaxation, or integer program), ±Infinity when unbounded. A whole-number
   * optimal point that satisfies every relation exactly is kept as a witness.
   */
  optimise(cols: number[], costs: number[], maximize: boolean, integer: boolean, cap = 0): { value: number; witness: boolean } {
    const model = integer ? (this.mip ??= this.make(true)) : (this.lp ??= this.make(false));
    const { st, x, cost } = this.runWith(model, cols, costs, maximize, cap, (s) => s === this.solver.constants.modelStatus.optimal);
    if (integer) this.mips++;
    else this.lps++;
    const S = this.solver.constants.modelStatus;
    if (st === S.unbounded || (maximize && st === S.unboundedOrInfeasible)) return { value: maximize ? Infinity : -Infinity, witness: false };
    if (!maximize && st === S.unboundedOrInfeasible) return { value: -Infinity, witness: false };
    if (st !== S.optimal || !x) throw new Error(`attacker: HiGHS model status ${st} for a component of ${this.m} unknowns`);
    let value = 0;
    for (let j = 0; j < this.m; j++) value += cost[j] * x[j];
    return { value, witness: this.addWitness(x) || (!integer && this.repairVertex(x, cols, costs, maximize)) };
  }
  /**
   * A whole-number table near a fractional LP vertex: the unknowns with a fractional value and those sharing a
   * relation with them are free, every other unknown keeps its (whole) value, and the integer program over the
   * free part (same objective; its optimum, or its best table after `seconds`) fills them in. Checked like every other witness. True
   * when it gave one (then the caller's side may be exact without the component's integer program).
   */
  private repairVertex(x: ArrayLike<number>, cols: number[], costs: number[], maximize: boolean, seconds = 5): boolean {
    const fractional: number[] = [];
    for (let j = 0; j < this.m; j++) if (Math.abs(x[j] - Math.round(x[j])) > 1e-6) fractional.push(j);
    if (!fractional.length || fractional.length > 2000) return false;
    const nb = this.near(fractional, 1, 20_000);
    if (!nb) return false;
    const free = [...nb.seen];
    const { start, list } = this.relationsOf();
    const rows = new Set<number>();
    for (const j of free) for (let q = start[j]; q < start[j + 1]; q++) rows.add(list[q]);
    if (rows.size > 20_000) return false;
    const full = Float64Array.from(x, (v) => Math.round(v));
    if (!this.solveRestricted(full, free, [...rows], cols, costs, maximize, true, seconds) || !this.addWitness(full)) return false;
    this.repairs++;
    return true;
  }
  /** Sets the objective Σ cost·x (and the cap), runs `model`, and reads its status and, when `keep(status)`, its solution. */
  private runWith(model: HighsModel, cols: number[], costs: number[], maximize: boolean, cap: number, keep: (status: number) => boolean) {
    const all = { kind: 'range' as const, from: 0, to: this.m - 1 };
    const cost = new Float64Array(this.m);
    cols.forEach((j, i) => (cost[j] += costs[i]));
    model.changeObjectiveSense(maximize ? this.solver.constants.objectiveSense.maximize : this.solver.constants.objectiveSense.minimize);
    model.changeColsCost(all, cost);
    // a seed table may cap the unbounded counts (a capped table is still a table the reader cannot rule out)
    if (cap) model.changeColsBounds(all, this.lower, this.upper.map((u) => Math.min(u === Infinity ? this.solver.infinity : u, cap)));
    model.run();
    const st = model.getModelStatus();
    const x = keep(st) ? model.getSolution().colValue : null;
    // (changing the model resets its status: read it first)
    if (cap) model.changeColsBounds(all, this.lower, this.upper.map((u) => (u === Infinity ? this.solver.infinity : u)));
    return { st, x, cost };
  }
  /**
   * A whole-number table pushing Σ cost·x in the given sense: the integer program stopped at its first
   * improving solution or after `seconds`, not solved to optimality. What it finds is kept only as a witness
   * (checked exactly like every other); nothing is concluded from it not finding one. True when it gave one.
   */
  anyTable(cols: number[], costs: number[], maximize: boolean, cap: number, seconds: number): boolean {
    const model = (this.mip ??= this.make(true));
    const S = this.solver.constants.modelStatus;
    model.options.set({ mip_max_improving_sols: 1, time_limit: seconds });
    model.zeroAllClocks();
    try {
      const { x } = this.runWith(model, cols, costs, maximize, cap, (s) => s === S.optimal || s === S.solutionLimit || s === S.timeLimit || s === S.interrupted);
      this.mips++;
      return x !== null && x.length === this.m && this.addWitness(x);
    } finally {
      model.options.set({ mip_max_improving_sols: 2147483647, time_limit: 1e20 }); // (the wasm build takes finite values only)
    }
  }
  /** Per unknown, the relations it is in (CSR: `rowsOf.list[rowsOf.start[j]] …`), built on first need. */
  private rowsOf: { start: Int32Array; list: Int32Array } | null = null;
  private relationsOf(): { start: Int32Array; list: Int32Array } {
    if (!this.rowsOf) {
      const nRows = this.rowLower.length;
      const start = new Int32Array(this.m + 1);
      for (let q = 0; q < this.index.length; q++) start[this.index[q] + 1]++;
      for (let j = 0; j < this.m; j++) start[j + 1] += start[j];
      const fill = start.slice(0, this.m);
      const list = new Int32Array(this.index.length);
      for (let k = 0; k < nRows; k++) for (let q = this.starts[k]; q < this.starts[k + 1]; q++) list[fill[this.index[q]]++] = k;
      this.rowsOf = { start, list };
    }
    return this.rowsOf;
  }
  /**
   * The relations within `depth` steps of the unknowns `cols` (a relation is a step from each of its unknowns)
   * and the unknowns they hold; null when there are more than `maxRows` relations.
   */
  private near(cols: number[], depth: number, maxRows: number): { rows: Set<number>; seen: Set<number> } | null {
    const { start, list } = this.relationsOf();
    const rows = new Set<number>();
    const seen = new Set<number>(cols);
    let frontier = [...seen];
    for (let d = 0; d < depth && frontier.length; d++) {
      const next: number[] = [];
      for (const j of frontier) {
        for (let q = start[j]; q < start[j + 1]; q++) {
          const k = list[q];
          if (rows.has(k)) continue;
          rows.add(k);
          if (rows.size > maxRows) return null;
          for (let p = this.starts[k]; p < this.starts[k + 1]; p++) if (!seen.has(this.index[p])) (seen.add(this.index[p]), next.push(this.index[p]));
        }
      }
      frontier = next;
    }
    return { rows, seen };
  }
  /**
   * Outer bounds of Σ cost·x: its LP minimum and maximum under only the relations within `depth` steps of the
   * target's unknowns, the others dropped. Dropping relations widens the feasible set, so these bounds enclose
   * the component's LP bounds, which enclose the integer range: a side whose witness already reaches the rounded
   * local bound is exact without the component's LP. Null when the neighbourhood has more than `maxRows`
   * relations (then the component's LP is as cheap).
   */
  localBounds(cols: number[], costs: number[], depth = 3, maxRows = 4000): { lo: number; hi: number } | null {
    const nb = this.near(cols, depth, maxRows);
    if (!nb) return null;
    // every unknown of these relations is free (none fixed), and no cap: the bounds must enclose the component's
    const vars = [...nb.seen];
    const { spec, cost } = this.restrictedModel(vars, [...nb.rows], null, cols, costs, Infinity);
    const model = this.solver.createModel(spec);
    try {
      model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
      const S = this.solver.constants.modelStatus;
      const side = (maximize: boolean): number | null => {
        model.changeObjectiveSense(maximize ? this.solver.constants.objectiveSense.maximize : this.solver.constants.objectiveSense.minimize);
        model.run();
        this.lps++;
        const st = model.getModelStatus();
        if (st === S.unbounded || st === S.unboundedOrInfeasible) return maximize ? Infinity : -Infinity;
        if (st !== S.optimal) return null;
        let v = 0;
        const x = model.getSolution().colValue;
        for (let i = 0; i < vars.length; i++) v += cost[i] * x[i];
        return v;
      };
      const lo = side(false);
      const hi = side(true);
      return lo === null || hi === null ? null : { lo, hi };
    } finally {
      model.dispose();
    }
  }
  /** Keeps x when it is a whole-number table satisfying every bound and relation exactly. */
  addWitness(x: ArrayLike<number>): boolean {
    const w = new Float64Array(this.m);
    for (let j = 0; j < this.m; j++) {
      const r = Math.round(x[j]);
      if (Math.abs(x[j] - r) > 1e-6 || r < this.lower[j] || r > this.upper[j]) return false;
      w[j] = r;
    }
    for (let k = 0; k + 1 < this.starts.length; k++) {
      let s = 0;
      for (let q = this.starts[k]; q < this.starts[k + 1]; q++) s += this.coef[q] * w[this.index[q]];
      if (s < this.rowLower[k] || s > this.rowUpper[k]) return false;
    }
    for (let j = 0; j < this.m; j++) {
      if (w[j] < this.wMin[j]) this.wMin[j] = w[j];
      if (w[j] > this.wMax[j]) this.wMax[j] = w[j];
    }
    // (a table that differs from the first one in few places is kept as those places: a large component may
    // gather thousands of tables)
    const root = this.witnesses[0];
    if (root instanceof Float64Array) {
      const at: number[] = [];
      for (let j = 0; j < this.m && at.length <= this.m / 8; j++) if (w[j] !== root[j]) at.push(j);
      if (at.length <= this.m / 8) {
        this.witnesses.push({ base: root, at: Int32Array.from(at), values: Float64Array.from(at, (j) => w[j]) });
        return true;
      }
    }
    this.witnesses.push(w);
    return true;
  }
  /**
   * A whole-number table pushing Σ cost·x in the given sense by changing only the unknowns near the target: the
   * witness best on that side so far is the starting table; the unknowns whose every relation lies within
   * `depth` steps of the target are free, every other unknown keeps its value (so the relations between the two
   * become bounds on the free part), and the LP — or, when its vertex is not whole, the integer program (its
   * optimum, or its best table after `seconds`) — over the free part gives the new values. The result is checked
   * like every other witness (the relations it changes; the others hold as in the starting table). A speed step: nothing is
   * concluded from it not reaching further (the component's LP and integer program decide that). True when it
   * gave a witness.
   */
  localWitness(cols: number[], costs: number[], maximize: boolean, depth = 3, maxRows = 4000, seconds = 5): boolean {
    if (!this.witnesses.length) return false;
    const nb = this.near(cols, depth, maxRows);
    if (!nb) return false;
    const { start, list } = this.relationsOf();
    const free = [...nb.seen].filter((j) => {
      for (let q = start[j]; q < start[j + 1]; q++) if (!nb.rows.has(list[q])) return false;
      return true;
    });
    if (!free.length) return false;
    // the starting table: the witness best on this side
    let best = this.witnesses[0];
    let bestValue = maximize ? -Infinity : Infinity;
    for (const w of this.witnesses) {
      let v = 0;
      for (let i = 0; i < cols.length; i++) v += costs[i] * valueAt(w, cols[i]);
      if (maximize ? v > bestValue : v < bestValue) (bestValue = v), (best = w);
    }
    const full = best instanceof Float64Array ? best.slice() : materialise(best);
    const root = best instanceof Float64Array ? best : best.base;
    const rows = [...nb.rows];
    if (!this.solveRestricted(full, free, rows, cols, costs, maximize, false, seconds)) return false;
    return this.addLocal(full, root, free, rows);
  }
  /**
   * The HiGHS model of Σ cost·x over the unknowns `free` and the relations `rowList`: an unknown of those relations
   * that is not free is fixed at its value in `fixed` (its part moves into the relation's bounds; with `fixed` null,
   * every unknown of `rowList` must be free), and the free unknowns' upper bounds are capped at `cap`.
   */
  private restrictedModel(free: number[], rowList: number[], fixed: Float64Array | null, cols: number[], costs: number[], cap: number) {
    const local = new Map(free.map((j, i) => [j, i]));
    const inf = this.solver.infinity;
    const fin = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const lStarts = new Int32Array(rowList.length + 1);
    const idx: number[] = [];
    const val: number[] = [];
    const rLo = new Float64Array(rowList.length);
    const rHi = new Float64Array(rowList.length);
    rowList.forEach((k, r) => {
      let outside = 0;
      for (let q = this.starts[k]; q < this.starts[k + 1]; q++) {
        const i = local.get(this.index[q]);
        if (i !== undefined) (idx.push(i), val.push(this.coef[q]));
        else if (fixed) outside += this.coef[q] * fixed[this.index[q]];
        else throw new Error('attacker: a relation of a local model holds an unknown that is neither free nor fixed');
      }
      rLo[r] = fin(this.rowLower[k] - outside);
      rHi[r] = fin(this.rowUpper[k] - outside);
      lStarts[r + 1] = idx.length;
    });
    const cost = new Float64Array(free.length);
    cols.forEach((j, i) => {
      const l = local.get(j);
      if (l !== undefined) cost[l] += costs[i];
    });
    const spec = {
      numCols: free.length,
      numRows: rowList.length,
      colCost: cost,
      colLower: Float64Array.from(free, (j) => fin(this.lower[j])),
      colUpper: Float64Array.from(free, (j) => fin(Math.min(this.upper[j], cap))),
      rowLower: rLo,
      rowUpper: rHi,
      matrix: { format: 'csr' as const, numRows: rowList.length, numCols: free.length, starts: lStarts, indices: Int32Array.from(idx), values: Float64Array.from(val) },
    };
    return { spec, cost };
  }
  /**
   * Optimises Σ cost·x over the unknowns `free` with every other unknown fixed at its value in `full` (the
   * relations `rows`, which hold every relation of a free unknown, become bounds on the free part): the LP, and
   * when its vertex is not whole (or `integer`) the integer program (its optimum, or its best table after `seconds`). Writes the whole
   * values into `full`; false when none was found. The caller checks the table.
   */
  private solveRestricted(full: Float64Array, free: number[], rowList: number[], cols: number[], costs: number[], maximize: boolean, integer: boolean, seconds: number): boolean {
    const { spec } = this.restrictedModel(free, rowList, full, cols, costs, 1e6);
    const S = this.solver.constants.modelStatus;
    const sense = maximize ? this.solver.constants.objectiveSense.maximize : this.solver.constants.objectiveSense.minimize;
    const solve = (mip: boolean): Float64Array | null => {
      const model = this.solver.createModel(mip ? { ...spec, integrality: new Int32Array(free.length).fill(1) } : spec);
      try {
        model.options.set({ output_flag: false, presolve: 'off', ...(mip ? { mip_rel_gap: 0, time_limit: seconds } : { solver: 'simplex' }) });
        model.changeObjectiveSense(sense);
        model.run();
        if (mip) this.mips++;
        else this.lps++;
        const st = model.getModelStatus();
        if (!(st === S.optimal || (mip && (st === S.solutionLimit || st === S.timeLimit || st === S.interrupted)))) return null;
        const x = model.getSolution().colValue;
        return x && x.length === free.length ? Float64Array.from(x) : null;
      } finally {
        model.dispose();
      }
    };
    const whole = (x: Float64Array) => x.every((v) => Math.abs(v - Math.round(v)) <= 1e-6);
    let x = integer ? null : solve(false);
    if (!x || !whole(x)) x = solve(true);
    if (!x || !whole(x)) return false;
    free.forEach((j, i) => (full[j] = Math.round(x![i])));
    return true;
  }
  /**
   * Keeps `full` (a table equal to the witness `root` except where a local push changed the unknowns `changed`)
   * when those unknowns are whole and in their bounds and the relations holding them (`rows`: every relation
   * of a changed unknown) are met exactly; every other relation holds as in the checked starting table.
   */
  private addLocal(full: Float64Array, root: Float64Array, changed: number[], rows: number[]): boolean {
    for (const j of changed) if (!Number.isInteger(full[j]) || full[j] < this.lower[j] || full[j] > this.upper[j]) return false;
    for (const k of rows) {
      let s = 0;
      for (let q = this.starts[k]; q < this.starts[k + 1]; q++) s += this.coef[q] * full[this.index[q]];
      if (s < this.rowLower[k] || s > this.rowUpper[k]) return false;
    }
    const at: number[] = [];
    for (let j = 0; j < this.m; j++) if (full[j] !== root[j]) at.push(j);
    const w: Witness = { base: root, at: Int32Array.from(at), values: Float64Array.from(at, (j) => full[j]) };
    this.witnesses.push(w);
    for (const j of at) {
      if (full[j] < this.wMin[j]) this.wMin[j] = full[j];
      if (full[j] > this.wMax[j]) this.wMax[j] = full[j];
    }
    return true;
  }
  /** The range of Σ coef·x over the witnesses (inside the true integer range). */
  inner(cols: number[], costs: number[]): { lo: number; hi: number } {
    if (cols.length === 1 && costs[0] === 1) return { lo: this.wMin[cols[0]], hi: this.wMax[cols[0]] };
    let lo = Infinity;
    let hi = -Infinity;
    for (const w of this.witnesses) {
      let v = 0;
      for (let i = 0; i < cols.length; i++) v += costs[i] * valueAt(w, cols[i]);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { lo, hi };
  }
}

/** A whole-number table: every value, or the values where it differs from a full table (sorted `at`). */
type Witness = Float64Array | { base: Float64Array; at: Int32Array; values: Float64Array };

function valueAt(w: Witness, j: number): number {
  if (w instanceof Float64Array) return w[j];
  let a = 0;
  let b = w.at.length - 1;
  while (a <= b) {
    const h = (a + b) >> 1;
    if (w.at[h] === j) return w.values[h];
    if (w.at[h] < j) a = h + 1;
    else b = h - 1;
  }
  return w.base[j];
}

function materialise(w: Exclude<Witness, Float64Array>): Float64Array {
  const full = w.base.slice();
  w.at.forEach((j, i) => (full[j] = w.values[i]));
  return full;
}

/**
 * Integer min and max of each target (a linear expression) over every relation, printed value and mark,
 * per connected component of the unknowns. With no targets, only checks that the component integer
 * programs are feasible (`infeasible` names the first that is not).
 *
 * How it scales without giving anything away (each step sound on its own):
 * - **Witnesses** (inner bounds): every whole-number table found that satisfies every relation — checked
 *   here exactly, not taken from the solver — is a table the reader cannot rule out, so the target's
 *   values over the witnesses lie inside its true integer range. A few seed tables per component (every
 *   target pushed up, down, and both ways at random) settle most targets at once: a target whose
 *   witnesses already meet its requirement is protected (the requirements only get easier as a range
 *   widens).
 * - **LP relaxation** (outer bounds): the LP minimum and maximum enclose the integer ones. The LP is solved
 *   first; its optimal vertex is usually a whole-number table (the relations are sums and differences
 *   with coefficients ±1), which is then a witness at the LP bound: that side is exact. A target whose LP
 *   range is already too narrow is certainly narrowed (the integer range is inside it).
 * - **Integer program** (exact): only on a side where the witnesses and the LP bound still differ. An
 *   unbounded LP with a witness means an unbounded integer program (rational data: Meyer 1974), so that
 *   side needs none.
 * The ranges reported for narrowed targets are exact integer ranges; for protected ones, a range of
 * witnesses that meets the requirement. A verified witness outside an LP bound is an error (thrown).
 */
async function solveWith(
  rels: Relation[],
  quantities: Map<string, Value>,
  free: Set<string>,
  threshold: number,
  targets: Target[],
  options: AttackOptions,
  useWitnesses = true,
): Promise<{ ranges: Array<{ target: Target; lo: number; hi: number }>; infeasible?: string; stats: SolveStats }> {
  const unknown = (n: string) => free.has(n) || 'mark' in quantities.get(n)!;
  const names = [...new Set([...[...quantities].filter(([, v]) => 'mark' in v).map(([n]) => n), ...free])];
  const idx = new Map(names.map((n, i) => [n, i]));
  const parent = names.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) [parent[i], i] = [r, parent[i]];
    return r;
  };
  for (const r of rels) {
    const h = r.terms.filter(([n]) => unknown(n)).map(([n]) => idx.get(n)!);
    for (let k = 1; k < h.length; k++) {
      const a = find(h[k]);
      const b = find(h[0]);
      if (a !== b) parent[a] = b;
    }
  }
  const byComp = new Map<number, number[]>();
  const local = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const c = find(i);
    const l = byComp.get(c) ?? [];
    local[i] = l.length;
    l.push(i);
    byComp.set(c, l);
  }
  const rowsOf = new Map<number, Array<{ idx: number[]; coef: number[]; lo: number; hi: number }>>();
  for (const r of rels) {
    let constant = 0;
    const merged = new Map<number, number>();
    for (const [n, c] of r.terms) {
      if (unknown(n)) merged.set(idx.get(n)!, (merged.get(idx.get(n)!) ?? 0) + c);
      else constant += c * (quantities.get(n) as { shown: number }).shown;
    }
    for (const [i, c] of merged) if (c === 0) merged.delete(i);
    if (!merged.size) continue;
    const c = find(merged.keys().next().value!);
    const l = rowsOf.get(c) ?? [];
    l.push({ idx: [...merged.keys()].map((i) => local[i]), coef: [...merged.values()], lo: r.lo - constant, hi: r.hi - constant });
    rowsOf.set(c, l);
  }
  const bounds = (i: number): [number, number] => {
    const n = names[i];
    if (free.has(n)) return [0, Infinity];
    const q = quantities.get(n) as { mark: string; zero: boolean };
    if (q.mark === '.') return [0, Infinity];
    return q.mark === 'x' ? [threshold, Infinity] : [q.zero ? 0 : 1, threshold - 1];
  };
  const solver = await highs();
  const stats: SolveStats = { components: byComp.size, largestComponent: Math.max(0, ...[...byComp.values()].map((l) => l.length)), byWitness: 0, byLp: 0, byMip: 0, lps: 0, mips: 0 };
  const component = (c: number) => {
    const members = byComp.get(c)!;
    const lower = new Float64Array(members.length);
    const upper = new Float64Array(members.length);
    members.forEach((i, j) => ([lower[j], upper[j]] = bounds(i)));
    return new Component(solver, rowsOf.get(c) ?? [], lower, upper);
  };
  const ranges: Array<{ target: Target; lo: number; hi: number }> = [];
  if (!targets.length) {
    for (const c of byComp.keys()) {
      const comp = component(c);
      try {
        const r = comp.optimise([], [], false, true);
        if (!Number.isFinite(r.value)) return { ranges, infeasible: byComp.get(c)!.slice(0, 3).map((i) => names[i]).join(', '), stats };
      } catch {
        return { ranges, infeasible: byComp.get(c)!.slice(0, 3).map((i) => names[i]).join(', '), stats };
      } finally {
        comp.dispose();
      }
    }
    return { ranges, stats };
  }
  // a target whose range meets its requirement is protected; the requirement only gets easier as the range widens
  const settled = (target: Target, lo: number, hi: number) =>
    target.mark === 'x' ? hi - lo >= threshold : target.mark !== null ? lo <= 1 && hi >= threshold - 1 : hi >= threshold || (lo === 0 && hi >= 1) || (lo <= 1 && hi >= threshold - 1);
  const byTargetComp = new Map<number, Array<{ target: Target; cols: number[]; costs: number[] }>>();
  for (const target of targets) {
    const vars = target.terms.filter(([n]) => unknown(n));
    if (!vars.length) continue;
    const c = find(idx.get(vars[0][0])!);
    // a target over several components is not solved (the terms of one window count share a relation)
    if (vars.some(([n]) => find(idx.get(n)!) !== c)) continue;
    const merged = new Map<number, number>();
    for (const [n, k] of vars) merged.set(local[idx.get(n)!], (merged.get(local[idx.get(n)!]) ?? 0) + k);
    const l = byTargetComp.get(c) ?? [];
    l.push({ target, cols: [...merged.keys()], costs: [...merged.values()] });
    byTargetComp.set(c, l);
  }
  const progress = options.progress;
  const order = [...byTargetComp.keys()].sort((a, b) => byComp.get(a)!.length - byComp.get(b)!.length);
  let done = 0;
  let lastReport = performance.now();
  const total = [...byTargetComp.values()].reduce((a, l) => a + l.length, 0);
  for (const [ci, c] of order.entries()) {
    const mine = byTargetComp.get(c)!;
    const comp = component(c);
    const big = comp.m >= 500;
    if (progress && big) progress(`component ${ci + 1}/${order.length}: ${comp.m} unknowns, ${comp.rowLower.length} relations, ${mine.length} targets`);
    try {
      const uniq = [...new Set(mine.flatMap((t) => t.cols))];
      if (useWitnesses && uniq.length > 1) {
        // seed tables: every target pushed up, down and both ways at random (LP vertices, kept when whole)
        let z = 12345;
        const coin = () => ((z = (z * 48271) % 2147483647) & 1 ? 1 : -1);
        const seeds = big ? 6 : 4;
        for (let s = 0; s < seeds; s++) {
          const costs = uniq.map(() => (s === 0 || s === 1 ? 1 : coin()));
          const r = comp.optimise(uniq, costs, s !== 1, false, 1e6);
          // a small component whose LP vertex is not whole: its integer program gives a witness
          if (!r.witness && comp.m <= 300 && Number.isFinite(r.value)) comp.optimise(uniq, costs, s !== 1, true, 1e6);
        }
      }
      // (where pushes near each target follow, the rounds stop sooner: those pushes are cheaper than a round)
      const pushes = comp.m >= (options.localMin ?? LOCAL_MIN);
      if (useWitnesses && mine.length >= COVER_MIN_TARGETS) coverRounds(comp, mine, threshold, settled, stats, progress, pushes ? 0.05 : 0.01);
      for (const { target, cols, costs } of mine) {
        done++;
        if (progress && performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          progress(`  ${done}/${total} targets; witnesses ${comp.witnesses.length}; LPs ${stats.lps + comp.lps}, integer programs ${stats.mips + comp.mips}`);
        }
        let inner = comp.inner(cols, costs);
        if (useWitnesses && settled(target, inner.lo, inner.hi)) {
          stats.byWitness++;
          ranges.push({ target, lo: inner.lo, hi: inner.hi });
          continue;
        }
        // a large component: first the LP over the relations near the target (outer bounds) and pushes of the
        // target that change only the unknowns near it (more witnesses); a side a witness reaches at the local
        // bound is exact, and only the other sides need the component's LP
        const depth = options.localDepth ?? 3;
        const outer = comp.m >= (options.localMin ?? LOCAL_MIN) ? comp.localBounds(cols, costs, depth) : null;
        if (outer && useWitnesses) {
          for (const maximize of [false, true]) {
            const reached = maximize ? inner.hi === Math.floor(outer.hi + 1e-6) : inner.lo === Math.ceil(outer.lo - 1e-6);
            if (!reached && comp.localWitness(cols, costs, maximize, depth)) stats.localWitnesses = (stats.localWitnesses ?? 0) + 1;
          }
          inner = comp.inner(cols, costs);
          if (settled(target, inner.lo, inner.hi)) {
            stats.byLocal = (stats.byLocal ?? 0) + 1;
            ranges.push({ target, lo: inner.lo, hi: inner.hi });
            continue;
          }
        }
        const exactLo = outer !== null && inner.lo === Math.ceil(outer.lo - 1e-6);
        const exactHi = outer !== null && inner.hi === Math.floor(outer.hi + 1e-6);
        stats.localSides = (stats.localSides ?? 0) + (exactLo ? 1 : 0) + (exactHi ? 1 : 0);
        const lpLo = exactLo ? outer!.lo : comp.optimise(cols, costs, false, false).value;
        const lpHi = exactHi ? outer!.hi : comp.optimise(cols, costs, true, false).value;
        inner = comp.inner(cols, costs);
        if (inner.lo < lpLo - 1e-6 || inner.hi > lpHi + 1e-6) throw new Error(`attacker: an LP bound of ${target.name} excludes a checked whole-number table`);
        if (useWitnesses && settled(target, inner.lo, inner.hi)) {
          stats.byLp++;
          ranges.push({ target, lo: inner.lo, hi: inner.hi });
          continue;
        }
        // the integer range lies in [⌈LP min⌉, ⌊LP max⌋]; a side not yet met by a witness needs an integer program
        let lo = Math.ceil(lpLo - 1e-6);
        let hi = Math.floor(lpHi + 1e-6);
        let usedMip = false;
        if (!(inner.lo === lo) && !(lo === -Infinity && comp.witnesses.length)) {
          lo = comp.optimise(cols, costs, false, true).value;
          usedMip = true;
        }
        if (!(inner.hi === hi) && !(hi === Infinity && comp.witnesses.length)) {
          hi = comp.optimise(cols, costs, true, true).value;
          usedMip = true;
        }
        lo = Math.round(lo * 1e6) / 1e6 + 0; // (+ 0: no −0 from ⌈−ε⌉)
        hi = Math.round(hi * 1e6) / 1e6 + 0;
        if (usedMip) stats.byMip++;
        else stats.byLp++;
        ranges.push({ target, lo, hi });
      }
    } finally {
      stats.lps += comp.lps;
      stats.mips += comp.mips;
      if (comp.repairs) stats.repairs = (stats.repairs ?? 0) + comp.repairs;
      comp.dispose();
    }
  }
  return { ranges, stats };
}

/** Components with at least this many unknowns bound a target by the relations near it first (`AttackOptions.localMin`). */
const LOCAL_MIN = 2000;

/** Components with at least this many targets get the covering rounds before their targets one by one. */
const COVER_MIN_TARGETS = 40;

/**
 * Covering rounds (a speed step, sound by the witnesses alone): the targets not yet settled by a witness are
 * pushed all at once — one objective, each target's expression with the sign of the side it still lacks
 * ("<t": up while no table reaches t − 1, else down while none reaches 1; "x" and window counts: up and down in
 * turn) — and the optimal LP vertex, or when it is not whole the integer program's first table, is one more
 * witness. Each round settles what that table settles; the rounds stop when one settles under 1% of what is
 * left (or none), and the targets left go one by one (LP bounds, then exact integer programs) as before. So a
 * target is only ever declared protected by checked whole-number tables, and a narrowed target's range is
 * still its exact integer range: the rounds only save the solves of targets a shared table already settles.
 */
function coverRounds(
  comp: Component,
  mine: Array<{ target: Target; cols: number[]; costs: number[] }>,
  threshold: number,
  settled: (t: Target, lo: number, hi: number) => boolean,
  stats: SolveStats,
  progress: ((line: string) => void) | undefined,
  minShare: number,
): void {
  const open = () => mine.filter(({ target, cols, costs }) => {
    const r = comp.inner(cols, costs);
    return !settled(target, r.lo, r.hi);
  });
  let pending = open();
  let pairStart = pending.length;
  for (let round = 0; pending.length && round < 500; round++) {
    if (round % 2 === 0) pairStart = pending.length;
    const cost = new Map<number, number>();
    for (const { target, cols, costs } of pending) {
      const r = comp.inner(cols, costs);
      const up =
        target.mark !== null && target.mark !== 'x'
          ? !(r.hi >= threshold - 1) // "<t": up until a table reaches t − 1, then down
          : round % 2 === 0;
      cols.forEach((j, i) => cost.set(j, (cost.get(j) ?? 0) + (up ? costs[i] : -costs[i])));
    }
    for (const [j, c] of cost) if (c === 0) cost.delete(j);
    if (!cost.size) break;
    const cols = [...cost.keys()];
    const costs = [...cost.values()];
    const lp = comp.optimise(cols, costs, true, false, 1e6);
    if (!lp.witness && Number.isFinite(lp.value)) comp.anyTable(cols, costs, true, 1e6, 30);
    const before = pending.length;
    pending = open();
    stats.coverRounds = (stats.coverRounds ?? 0) + 1;
    if (progress && comp.m >= 500) progress(`  covering round ${round + 1}: ${before - pending.length} targets settled, ${pending.length} left; witnesses ${comp.witnesses.length}`);
    // "x" and windows alternate sides: judge progress over two rounds
    if (round % 2 === 1 && pairStart - pending.length < Math.max(1, pairStart * minShare)) break;
  }
}

/**
 * The solver alone, for its own tests: integer ranges of `targets` (linear expressions over the cells)
 * under `relations`; cells printed (`shown`) or hidden (`mark`: "<t", "x", "."). With `exact`, every
 * range is the exact integer min and max (no shortcut by witnesses).
 */
export async function solveRanges(
  relations: Relation[],
  cells: Map<string, { shown: number } | { mark: string; zero: boolean }>,
  targets: Array<{ name: string; terms: Array<[string, number]>; mark: string | null }>,
  threshold: number,
  exact = false,
  options: Pick<AttackOptions, 'localMin' | 'localDepth'> = {},
): Promise<{ ranges: Array<{ name: string; lo: number; hi: number }>; stats: SolveStats }> {
  const res = await solveWith(relations, cells, new Set(), threshold, targets, options, !exact);
  return { ranges: res.ranges.map((r) => ({ name: r.target.name, lo: r.lo, hi: r.hi })), stats: res.stats };
}
