/**
 * An independent attacker for the disclosure tests. It knows nothing of the library's model: it reads
 * the published JSON files (what `report` writes as annual-report-YYYY.json, English), names every
 * printed quantity itself from the table, row and column headers, writes down the relations a reader
 * can infer from the definitions printed in the report (totals, the same figure in several tables and
 * reports, sites → region → nation, subsets), and solves integer programs (HiGHS MIP on LP text it
 * writes itself) for the smallest and largest value of every hidden cell.
 *
 * A hidden cell is narrowed when the integer range is smaller than its label says: "<5" not every
 * value of 1–4 possible (its lower bound is 0 when the files say zeros are hidden, 1 otherwise), "x"
 * (at least 5: the attacker knows secondary cells are never small) less than 5 wide.
 */

export interface PublishedJson {
  scope: string;
  year: number;
  suppression: { threshold: number; suppressZero: boolean };
  tables: Array<{ id: string; columns: string[]; rows: Array<Array<string | number>> }>;
}

type Value = { shown: number } | { mark: string };

const TOTAL = 'Total';
/** Key-figure names of totals that other tables repeat (definitions printed in the report). */
const SAME_AS: Record<string, string> = {
  'intake:Total': 'Families registered',
  'intake:Not supported': 'Families not supported',
  'verwijzers:Total': 'Families registered',
  'niet-ondersteund:Total': 'Families not supported',
  'afsluitredenen:Total': 'Trajectories closed',
  'doorverwijzing:Trajectories closed': 'Trajectories closed',
  'vrijwilligers-gestopt:Total': 'Volunteers who stopped',
};
/** Names of the breakdown columns (regios / locaties) and of the history table: key-figure names. */
const SUBSETS: Array<[string, string]> = [
  ['Families active on 31 December', 'Families supported in the year'],
  ['Families newly matched', 'Families supported in the year'],
  ['doorverwijzing:Referred to professional care', 'Trajectories closed'],
  ['doorverwijzing:Follow-up call held', 'Trajectories closed'],
  ['duur:Total', 'Trajectories closed'],
  ['gas:Trajectories with GAS before and after', 'Trajectories closed'],
  ['Volunteers active on 31 December', 'Volunteers active during the year'],
  ['hulpvragen:Supported families (base)', 'Families supported in the year'],
];

export interface AttackResult {
  hidden: number;
  narrowed: Array<{ name: string; mark: string; lo: number; hi: number }>;
  ms: number;
}

/** Attacks a set of published files (all from the same data). */
export async function attack(files: PublishedJson[], options: { maxCells?: number; verify?: boolean; truth?: PublishedJson[] } = {}): Promise<AttackResult> {
  const t0 = performance.now();
  const threshold = files[0].suppression.threshold;
  const zeroLo = files.some((f) => f.suppression.suppressZero) ? 0 : 1;
  const { quantities, leaks, equalities, leq } = read(files);
  const truth = options.truth ? read(options.truth).quantities : null;
  return solveAll(quantities, leaks, equalities, leq, threshold, zeroLo, options, t0, truth);
}

/** Names every printed quantity and writes down the relations (the attacker's reading of the files). */
function read(files: PublishedJson[]) {
  const quantities = new Map<string, Value>();
  const equalities: string[][] = []; // [total, ...parts]
  const leq: Array<[string, string]> = [];
  const siteRegion = new Map<string, string>(); // site scope → region scope
  const leaks = new Set<string>(); // hidden in one file, printed in another
  const see = (name: string, v: string | number) => {
    if (v === '' || v === '–' || v === undefined || v === null) return;
    if (typeof v === 'string' && !/^(<\d+|x|\.)$/.test(v)) return;
    const val: Value = typeof v === 'number' ? { shown: v } : { mark: v };
    const prev = quantities.get(name);
    if (prev && 'shown' in prev !== 'shown' in val) leaks.add(name);
    if (process.env.ATTACKER_DEBUG && prev && JSON.stringify(prev) !== JSON.stringify(val)) console.log('DIFF', name, prev, val);
    if (!prev || 'mark' in prev) quantities.set(name, 'shown' in val ? val : prev ?? val);
  };
  const STATS = new Set(['Sites', 'Median duration of closed trajectories (months)', 'Referred to professional care (% of closed)', 'Families per active volunteer', 'Estimated volunteer hours', 'Cost per supported family (EUR)', 'Median', 'Quartiles (Q1–Q3)', 'Mean']);
  for (const f of files) {
    const scope = f.scope;
    for (const t of f.tables) {
      const col = (j: number) => t.columns[j];
      if (t.id === 'kerncijfers' || t.id === 'gas') {
        for (const r of t.rows) {
          if (STATS.has(String(r[0])) || (t.id === 'gas' && r[0] !== 'Trajectories with GAS before and after')) continue;
          for (let j = 1; j < t.columns.length; j++) see(`${scope}|${col(j)}|${t.id === 'gas' ? `gas:${r[0]}` : r[0]}`, r[j]);
        }
      } else if (t.id === 'gezinnen-per-jaar') {
        for (const r of t.rows) for (let j = 1; j < t.columns.length; j++) see(`${scope}|${r[0]}|${col(j)}`, r[j]);
      } else if (t.id === 'regios' || t.id === 'locaties') {
        const regionCol = t.columns[1] === 'Region' ? 1 : -1;
        for (const r of t.rows) {
          const rowScope = r[0] === TOTAL ? scope : t.id === 'regios' ? `Home-Start region ${r[0]}` : `Home-Start ${r[0]}`;
          if (regionCol > 0 && r[0] !== TOTAL) siteRegion.set(rowScope, `Home-Start region ${r[regionCol]}`);
          for (let j = regionCol > 0 ? 2 : 1; j < t.columns.length; j++) {
            const m = /^(\d{4}) (.+)$/.exec(col(j))!;
            see(`${rowScope}|${m[1]}|${m[2]}`, r[j]);
          }
        }
        // rows sum to the total row, per column
        for (let j = regionCol > 0 ? 2 : 1; j < t.columns.length; j++) {
          const m = /^(\d{4}) (.+)$/.exec(col(j))!;
          const parts = t.rows.filter((r) => r[0] !== TOTAL).map((r) => `${t.id === 'regios' ? `Home-Start region ${r[0]}` : `Home-Start ${r[0]}`}|${m[1]}|${m[2]}`);
          equalities.push([`${scope}|${m[1]}|${m[2]}`, ...parts]);
        }
      } else {
        // n / % breakdowns, profile, gender: columns "YYYY something"
        const byYear = new Map<string, number[]>();
        t.columns.forEach((c, j) => {
          const m = /^(\d{4}) (.+)$/.exec(c);
          if (m && (m[2] === 'n' || m[2] === 'n known' || m[2] === 'Registered' || m[2] === 'Active in the year')) {
            const l = byYear.get(`${m[1]}|${m[2]}`);
            if (l) l.push(j);
            else byYear.set(`${m[1]}|${m[2]}`, [j]);
          }
        });
        for (const [yk, js] of byYear) {
          const [year, kind] = yk.split('|');
          const j = js[0];
          const names: string[] = [];
          for (const r of t.rows) {
            if (STATS.has(String(r[0]))) continue;
            let what = `${t.id}:${r[0]}`;
            if (t.id === 'gezinsprofiel') what = `${t.id}:${r[0]}:${kind}`;
            if (t.id === 'vrijwilligers-gender') what = r[0] === TOTAL ? (kind === 'Registered' ? 'Volunteers registered' : 'Volunteers active during the year') : `gender:${kind}:${r[0]}`;
            const name = `${scope}|${year}|${SAME_AS[what] ?? what}`;
            see(name, r[j]);
            names.push(name);
          }
          const kept = t.rows.filter((r) => !STATS.has(String(r[0])));
          const totalAt = kept.findIndex((r) => r[0] === TOTAL);
          const additive = ['intake', 'niet-ondersteund', 'verwijzers', 'kinderen', 'duur', 'afsluitredenen', 'vrijwilligers-gestopt', 'vrijwilligers-gender'];
          if (totalAt >= 0 && additive.includes(t.id)) {
            const parts = names.filter((_, i) => i !== totalAt && !(t.id === 'duur' && i > totalAt));
            equalities.push([names[totalAt], ...parts]);
          }
          if (t.id === 'doelen') {
            const known = names[kept.findIndex((r) => r[0] === TOTAL)];
            equalities.push([known, ...names.slice(0, 3)]);
            const unknown = names[kept.findIndex((r) => r[0] === 'Unknown')];
            equalities.push([`${scope}|${year}|Trajectories closed`, known, unknown]);
          }
          if (t.id === 'hulpvragen') {
            const base = names[names.length - 1];
            for (const nm of names.slice(0, -1)) leq.push([nm, base]);
          }
          if (t.id === 'gezinsprofiel' && kind === 'n') {
            kept.forEach((r) => {
              leq.push([`${scope}|${year}|gezinsprofiel:${r[0]}:n`, `${scope}|${year}|gezinsprofiel:${r[0]}:n known`]);
              leq.push([`${scope}|${year}|gezinsprofiel:${r[0]}:n known`, `${scope}|${year}|hulpvragen:Supported families (base)`]);
            });
          }
        }
      }
    }
    // subsets of this scope, every year the file mentions
    for (const y of [f.year - 1, f.year]) for (const [a, b] of SUBSETS) leq.push([`${scope}|${y}|${a}`, `${scope}|${y}|${b}`]);
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
  for (const name of quantities.keys()) measures.add(name.slice(name.indexOf('|') + 1));
  for (const m of measures) {
    for (const [r, sites] of regions) if (quantities.has(`${r}|${m}`) && sites.every((s) => quantities.has(`${s}|${m}`))) equalities.push([`${r}|${m}`, ...sites.map((s) => `${s}|${m}`)]);
    if (national && quantities.has(`${national}|${m}`) && [...regions.keys()].every((r) => quantities.has(`${r}|${m}`))) equalities.push([`${national}|${m}`, ...[...regions.keys()].map((r) => `${r}|${m}`)]);
  }
  return { quantities, leaks, equalities, leq };
}

async function solveAll(
  quantities: Map<string, Value>,
  leaks: Set<string>,
  equalities: string[][],
  leq: Array<[string, string]>,
  threshold: number,
  zeroLo: number,
  options: { maxCells?: number; verify?: boolean },
  t0: number,
  truth: Map<string, Value> | null,
): Promise<AttackResult> {
  const known = (n: string) => quantities.has(n);
  const eqs = equalities.filter((e) => e.every(known));
  const les = leq.filter((e) => e.every(known));
  if (options.verify) {
    // every relation must hold on files where nothing is hidden (checks the attacker's own reading)
    const val = (n: string) => (quantities.get(n) as { shown: number }).shown;
    const bad: string[] = [];
    for (const e of eqs) if (e.every((n) => 'shown' in quantities.get(n)!) && val(e[0]) !== e.slice(1).reduce((a, n) => a + val(n), 0)) bad.push(`${e[0]} = Σ ${e.slice(1).join(' + ')}`);
    for (const [a, b] of les) if ('shown' in quantities.get(a)! && 'shown' in quantities.get(b)! && val(a) > val(b)) bad.push(`${a} ≤ ${b}`);
    return { hidden: 0, narrowed: bad.map((b) => ({ name: b, mark: 'false relation', lo: NaN, hi: NaN })), ms: 0 };
  }
  const hiddenNames = [...quantities].filter(([, v]) => 'mark' in v).map(([n]) => n);
  const dbg = process.env.ATTACKER_NAME;
  if (dbg) for (const e of [...eqs, ...les]) if (e.includes(dbg)) console.log('REL', e.map((n) => `${n}=${JSON.stringify(quantities.get(n))}`).join(' | '));
  if (truth) {
    // debugging aid: every relation and bound must hold for the true values
    const tv = (n: string) => (truth.get(n) as { shown: number }).shown;
    for (const e of eqs) if (tv(e[0]) !== e.slice(1).reduce((a, n) => a + tv(n), 0)) console.log('FALSE', e.map((n) => `${n}=${tv(n)}`).join(' '));
    for (const [a, b] of les) if (tv(a) > tv(b)) console.log('FALSE', a, tv(a), '≤', b, tv(b));
  }
  const varOf = new Map(hiddenNames.map((n, i) => [n, `v${i}`]));
  // components (union-find over relations with ≥ 2 hidden names)
  const parent = hiddenNames.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const idx = new Map(hiddenNames.map((n, i) => [n, i]));
  for (const rel of [...eqs, ...les]) {
    const h = rel.filter((n) => idx.has(n)).map((n) => idx.get(n)!);
    for (let k = 1; k < h.length; k++) parent[find(h[k])] = find(h[0]);
  }
  const mod = (await import('highs')) as unknown as { default: () => Promise<{ solve(lp: string, o?: object): { Status: string; ObjectiveValue: number } }> };
  const highs = await mod.default();
  const narrowed: AttackResult['narrowed'] = [];
  const term = (n: string, sign: number): { v?: string; c: number } => {
    const q = quantities.get(n)!;
    return 'shown' in q ? { c: sign * q.shown } : { v: varOf.get(n)!, c: sign };
  };
  const compRows = new Map<number, string[]>();
  const addRow = (rel: string[], terms: Array<{ v?: string; c: number }>, op: string) => {
    let constant = 0;
    const vs: string[] = [];
    for (const t of terms) {
      if (t.v) vs.push(`${t.c > 0 ? '+' : '-'} ${t.v}`);
      else constant += t.c;
    }
    if (vs.length === 0) return;
    const first = rel.find((n) => idx.has(n))!;
    const c = find(idx.get(first)!);
    const l = compRows.get(c) ?? [];
    l.push(`${vs.join(' ')} ${op} ${-constant}`);
    compRows.set(c, l);
  };
  for (const e of eqs) addRow(e, [term(e[0], -1), ...e.slice(1).map((n) => term(n, 1))], '=');
  for (const [a, b] of les) addRow([a, b], [term(a, 1), term(b, -1)], '<=');
  const bound = (n: string) => {
    const q = quantities.get(n) as { mark: string };
    if (q.mark === '.') return `${varOf.get(n)} >= 0`; // left out: some count
    return q.mark === 'x' ? `${threshold} <= ${varOf.get(n)}` : `${zeroLo} <= ${varOf.get(n)} <= ${threshold - 1}`;
  };
  const byComp = new Map<number, string[]>();
  for (const n of hiddenNames) {
    const c = find(idx.get(n)!);
    const l = byComp.get(c) ?? [];
    l.push(n);
    byComp.set(c, l);
  }
  let checked = 0;
  for (const [c, names] of byComp) {
    const rows = (compRows.get(c) ?? []).map((r, k) => ` r${k}: ${r}`).join('\n');
    const bounds = names.map((n) => ` ${bound(n)}`).join('\n');
    const generals = names.map((n) => varOf.get(n)).join(' ');
    for (const n of names) {
      if (options.maxCells && checked >= options.maxCells) break;
      if ((quantities.get(n) as { mark: string }).mark === '.') continue;
      checked++;
      const v = varOf.get(n)!;
      const solve = (sense: string) => {
        const lp = `${sense}\n obj: ${v}\nSubject To\n${rows || ` r0: ${v} >= 0`}\nBounds\n${bounds}\nGenerals\n ${generals}\nEnd\n`;
        // presolve off: the npm highs build's MIP presolve returned a wrong optimum on a 113-variable
        // component (max 2 where the integer program reaches 4: checked with scipy's milp and with
        // presolve off), which reported a protected "<5" as narrowed
        const r = highs.solve(lp, { output_flag: false, presolve: 'off' });
        // every variable is ≥ 0, so a minimum exists; once it did, "infeasible or unbounded" means unbounded
        if (r.Status === 'Unbounded' || (sense === 'Maximize' && r.Status === 'Primal infeasible or unbounded')) return Infinity;
        if (r.Status !== 'Optimal') throw new Error(`attacker: ${r.Status} for ${n}` + (process.env.ATTACKER_DEBUG ? `\n${lp}\n${names.map((x) => `${varOf.get(x)} = ${x} ${(quantities.get(x) as { mark: string }).mark}`).join('\n')}` : ''));
        return r.ObjectiveValue;
      };
      const lo = solve('Minimize');
      const hi = solve('Maximize');
      const mark = (quantities.get(n) as { mark: string }).mark;
      // "<t": every value 1 … t − 1 must stay possible (a hidden zero's range reaches 0 by itself)
      const ok = mark === 'x' ? hi - lo >= threshold - 1e-6 : lo <= 1 + 1e-6 && hi >= threshold - 1 - 1e-6;
      if (!ok) narrowed.push({ name: n, mark, lo, hi });
    }
  }
  for (const n of leaks) narrowed.push({ name: n, mark: 'printed elsewhere', lo: NaN, hi: NaN });
  return { hidden: hiddenNames.length, narrowed, ms: performance.now() - t0 };
}
