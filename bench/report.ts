/**
 * npm run bench:report — the full national yearly report on the synthetic national registration set
 * (163 sites, ~4,000 families a year, 10 years): figures for every year (history), the previous and
 * the current year, per region and per site, linked small-cell suppression of every published count,
 * six charts rendered to SVG, HTML + 17 CSV tables + XLSX + JSON written. Prints the time of each
 * stage, the total, and peak memory (RSS). Figures, not assertions.
 *
 *   npm run bench:report [-- --year 2025 --generate --keep --no-cli --rerun-uncached --repeat 3]
 *
 * Then, as a user runs it, the CLI's annual report as a whole process (`homestart-impact report --year
 * 2025 --data sample-data/registration/national --out …`, from dist: `npm run build` first): load,
 * figures of every publication of the year (national, regions, sites), disclosure control with the
 * attacker's audit over that whole publication set, the national report written — twice, side by
 * side: the first run (no ledger, no audit proofs) and the re-run into the same folder with the ledger
 * and the audit proofs the first run kept (audit-cache.ts), as an office re-runs a report — the proofs'
 * folder also holds the charts and the workbook the first run kept (util/output-cache.ts), which the
 * re-run reads; with `--rerun-uncached` also the re-run with the ledger but without the proofs (and
 * without kept charts or workbook). Wall time, and CPU time
 * and peak memory by `/usr/bin/time` when present, and the load average before and after each run;
 * the first run's linear programs and its audit time per LP. `--repeat N` runs the pair N times (each
 * first run from scratch) and prints the medians as well: on a machine shared with other work one
 * run says little.
 *
 * Besides wall-clock time it prints the CPU time of the process (user + system), which says more than
 * wall time on a machine shared with other work.
 *
 * `--against DIR` (a checkout of other code with its dist/ built, e.g. main): old and new side by side on
 * the re-run. One first run of this code writes the folder and the proofs (with the kept charts and
 * workbook, which code before them ignores); then the other checkout's CLI
 * and this one re-run the year alternately, `--repeat N` times each (at least 5), each into its own copy of
 * that folder with its own copy of the proofs. It prints each run's CPU, wall time, peak memory and load,
 * the medians and the new/old ratio of the CPU, and checks that every folder written is byte for byte the
 * first run's.
 *
 * (The in-process stages are skipped then.)
 *
 *   npm run build && npm run bench:report -- --against ../main --repeat 5
 *
 * By default the set is loaded from sample-data/registration/national (CSV, with validation and the
 * cross-file checks — that load is timed separately); `--generate` builds it in memory with the seeded
 * generator instead.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRegistration } from '../src/impact/registration.js';
import { computeFigures } from '../src/impact/figures.js';
import { writeReport } from '../src/impact/report.js';
import { generateNationalRegistration } from '../src/sample/registration.js';
import type { RegistrationData } from '../src/impact/types.js';

const { values } = parseArgs({ options: { year: { type: 'string', default: '2025' }, generate: { type: 'boolean' }, keep: { type: 'boolean' }, 'no-cli': { type: 'boolean' }, 'rerun-uncached': { type: 'boolean' }, repeat: { type: 'string', default: '1' }, data: { type: 'string', default: 'sample-data/registration/national' }, against: { type: 'string' } } });
const year = Number(values.year);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  if (values.against) return cliReport();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let data: RegistrationData;
  let referenceDate: string | undefined;
  if (values.generate || !existsSync(values.data!)) {
    data = generateNationalRegistration();
    console.log(`generated national set in ${ms(performance.now() - t0)}`);
  } else {
    const loaded = await loadRegistration(values.data!, { referenceDate: `${year + 1}-12-31` });
    data = loaded.data;
    referenceDate = undefined;
    console.log(`loaded ${values.data} (validation + cross-checks) in ${ms(performance.now() - t0)}: ${loaded.files.map((f) => `${f.kind} ${f.accepted}`).join(', ')}; ${loaded.issues.filter((i) => i.severity === 'error').length} errors`);
  }
  console.log(`${data.sites.length} sites, ${data.families.length} families, ${data.volunteers.length} volunteers, ${data.trajectories.length} trajectories`);
  const out = mkdtempSync(join(tmpdir(), 'hs-bench-report-'));
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const figures = computeFigures(data, { year, referenceDate: referenceDate ?? `${year + 1}-03-31` });
  const t2 = performance.now();
  console.log(`figures: ${figures.history.length} years (${figures.history[0].year}–${year}), ${figures.regions.length} regions, ${figures.sites.length} sites in ${ms(t2 - t1)}`);
  const stages: Array<[string, number]> = [];
  let last = performance.now();
  let current = 'start';
  const written = await writeReport(figures, {
    outDir: out,
    lang: 'nl',
    onStep: (s) => {
      const now = performance.now();
      stages.push([current, now - last]);
      current = s;
      last = now;
    },
  });
  const t3 = performance.now();
  stages.push([current, t3 - last]);
  for (const [name, t] of stages.slice(1)) console.log(`  ${name.padEnd(28)} ${ms(t)}`);
  const s = written.published.suppressed;
  console.log(`report (suppression of ${s.cells} linked counts: ${s.primary} primary, ${s.secondary} secondary, ${s.auditAdded} added by the audit; charts; HTML + ${written.csv.length} CSV + XLSX + JSON) in ${ms(t3 - t2)}`);
  const cpu = (c: NodeJS.CpuUsage) => `${((c.user + c.system) / 1e6).toFixed(2)} s CPU`;
  console.log(`figures + report: ${ms(t3 - t1)} wall, ${cpu(process.cpuUsage(cpu1))}   (whole run incl. data: ${ms(t3 - t0)} wall, ${cpu(process.cpuUsage(cpu0))}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS)}`);
  if (values.keep) console.log(`output kept in ${out}`);
  else rmSync(out, { recursive: true, force: true });
  if (!values['no-cli']) cliReport();
}

interface CliRun {
  label: string;
  exit: number | null;
  wall: number;
  cpu: number | null;
  rssKb: number | null;
  lps: string;
  /** Seconds the disclosure control took (as the run prints it). */
  auditSeconds: number | null;
  hidden: string;
  proofs: string;
  load: [number, number];
}

/** One whole-process run of the CLI's `report` for the year (what a user runs; includes the publication-set audit); `bin` another checkout's CLI. */
function cliRun(label: string, out: string, cache: string | null, bin = 'bin/homestart-impact.js'): CliRun {
  const args = [bin, 'report', '--year', String(year), '--data', resolve(values.data!), '--out', out, '--audit-cache', cache ?? 'off'];
  const timeFile = join(tmpdir(), `hs-bench-time-${process.pid}.txt`);
  const timer = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%e %U %S %M', '-o', timeFile] : [];
  const load0 = loadavg()[0];
  const t = performance.now();
  const r = timer.length ? spawnSync(timer[0], [...timer.slice(1), process.execPath, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = (performance.now() - t) / 1000;
  const stdout = r.stdout ?? '';
  if (r.status !== 0 && r.status !== 1) console.log((r.stderr ?? '').slice(0, 2000));
  let cpu: number | null = null;
  let rssKb: number | null = null;
  let w = wall;
  if (timer.length && existsSync(timeFile)) {
    const [e, u, sys, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    w = e;
    cpu = u + sys;
    rssKb = kb;
    rmSync(timeFile, { force: true });
  }
  const audit = /audit: all (\d+) hidden counts proved protected \((\d+) linear programs, ([\d.]+) s\)/.exec(stdout);
  const proofs = /audit proofs \(private\): (\d+) hidden counts proved by moves \((\d+) read from the cache\)/.exec(stdout);
  return {
    label,
    exit: r.status,
    wall: w,
    cpu,
    rssKb,
    lps: audit ? audit[2] : '?',
    auditSeconds: audit ? Number(audit[3]) : null,
    hidden: audit ? audit[1] : '?',
    proofs: proofs ? `${proofs[1]} (${proofs[2]} moves read)` : cache ? '0' : '(no cache)',
    load: [load0, loadavg()[0]],
  };
}

/**
 * The CLI's annual report as a whole process, side by side: the first run (no ledger, empty audit
 * cache: every hidden count proved by LP) and the re-run of the same year into the same folder (the
 * ledger of the first run, the audit proofs it kept), as the office re-runs a report after fixing a
 * chart. With --rerun-uncached also the re-run without the proofs (ledger only).
 */
function cliReport(): void {
  if (!existsSync('dist/cli/main.js')) {
    console.log(`\nCLI report: skipped (no dist/: run npm run build first)`);
    return;
  }
  const repeat = Math.max(1, Number(values.repeat) || 1);
  if (values.against) {
    compareReruns(values.against, Math.max(5, repeat));
    return;
  }
  const all: CliRun[][] = [];
  for (let i = 0; i < repeat; i++) all.push(cliPair(i, repeat));
  if (repeat > 1) {
    const median = (xs: Array<number | null>) => {
      const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
      return s.length ? s[(s.length - 1) >> 1] : null;
    };
    console.log(`\nmedians over ${repeat} pairs (CPU = user + system):`);
    for (let k = 0; k < all[0].length; k++) {
      const runs = all.map((r) => r[k]);
      const f = (x: number | null, d = 2) => (x === null ? '?' : x.toFixed(d));
      console.log(`  ${runs[0].label.padEnd(34)} wall ${f(median(runs.map((r) => r.wall))).padStart(7)} s  CPU ${f(median(runs.map((r) => r.cpu))).padStart(7)} s  RSS ${f(median(runs.map((r) => r.rssKb)) === null ? null : median(runs.map((r) => r.rssKb))! / 1024, 0).padStart(5)} MB  load ${runs.map((r) => `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`).join(', ')}`);
    }
  }
}

/** One pair of CLI runs: the first run and the re-run(s), printed side by side. */
function cliPair(index: number, repeat: number): CliRun[] {
  const out = mkdtempSync(join(tmpdir(), 'hs-bench-cli-'));
  const cache = mkdtempSync(join(tmpdir(), 'hs-bench-proofs-'));
  console.log(`\nCLI${repeat > 1 ? ` (pair ${index + 1} of ${repeat})` : ''}: homestart-impact report --year ${year} --data ${values.data} --out <tmp> --audit-cache <tmp> (whole process; CPU = user + system by /usr/bin/time)`);
  const runs: CliRun[] = [];
  runs.push(cliRun('first run (no ledger, no proofs)', out, cache));
  if (values['rerun-uncached']) {
    const copy = mkdtempSync(join(tmpdir(), 'hs-bench-cli-'));
    writeFileSync(join(copy, 'suppression-ledger.json'), readFileSync(join(out, 'suppression-ledger.json')));
    runs.push(cliRun('re-run, ledger, no proofs', copy, null));
    rmSync(copy, { recursive: true, force: true });
  }
  runs.push(cliRun('re-run (ledger + proofs)', out, cache));
  const f = (x: number | null, d = 2) => (x === null ? '?' : x.toFixed(d));
  console.log(`  ${'run'.padEnd(34)} ${'exit'.padStart(4)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'RSS MB'.padStart(7)} ${'hidden'.padStart(7)} ${'LPs'.padStart(7)}  proved by moves         load avg before → after`);
  for (const r of runs) {
    console.log(`  ${r.label.padEnd(34)} ${String(r.exit).padStart(4)} ${f(r.wall).padStart(7)} ${f(r.cpu).padStart(7)} ${(r.rssKb === null ? '?' : (r.rssKb / 1024).toFixed(0)).padStart(7)} ${r.hidden.padStart(7)} ${r.lps.padStart(7)}  ${r.proofs.padEnd(22)}  ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} (${cpus().length} cores)`);
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first.cpu !== null && last.cpu !== null) console.log(`  re-run / first run: ${(last.cpu / first.cpu).toFixed(3)} of the CPU, ${(last.wall / first.wall).toFixed(3)} of the wall time; target: re-run under 3 s whole process`);
  const lps = Number(first.lps);
  if (lps > 0 && first.auditSeconds !== null) console.log(`  first run: ${lps} linear programs in ${first.auditSeconds.toFixed(1)} s of disclosure control (wall): ${((1000 * first.auditSeconds) / lps).toFixed(2)} ms per LP, the rest of the control included`);
  rmSync(out, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  return runs;
}

/** The files of a folder and their bytes, by path inside it. */
function folderFiles(dir: string, base = dir, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) folderFiles(p, base, out);
    else out.set(p.slice(base.length + 1), readFileSync(p));
  }
  return out;
}

/** Whether two folders hold the same files with the same bytes. */
function sameFolder(a: Map<string, Buffer>, b: string): boolean {
  const fb = folderFiles(b);
  return a.size === fb.size && [...a].every(([k, v]) => fb.get(k)?.equals(v) === true);
}

/**
 * Old and new re-runs side by side (`--against DIR`): one first run of this code, then the other checkout's
 * CLI and this one alternately, `pairs` times, each into a copy of the first run's folder with a copy of its
 * proofs (so both read the same ledger and the same moves); every folder written is compared with the first
 * run's, byte for byte.
 */
function compareReruns(otherDir: string, pairs: number): void {
  const otherBin = resolve(otherDir, 'bin/homestart-impact.js');
  if (!existsSync(resolve(otherDir, 'dist/cli/main.js'))) {
    console.log(`\n--against ${otherDir}: no dist/ there (run npm run build in it first)`);
    return;
  }
  const first = mkdtempSync(join(tmpdir(), 'hs-bench-first-'));
  const cache = mkdtempSync(join(tmpdir(), 'hs-bench-proofs-'));
  console.log(`\nre-run, ${otherDir} (old) against this checkout (new): report --year ${year} --data ${values.data}, ${pairs} pairs, each into a copy of one first run's folder and proofs (CPU = user + system by /usr/bin/time)`);
  const f = (x: number | null, d = 2) => (x === null ? '?' : x.toFixed(d));
  const r0 = cliRun('first run (this checkout)', first, cache);
  console.log(`  first run: exit ${r0.exit}, ${f(r0.wall)} s wall, ${f(r0.cpu)} s CPU, ${r0.lps} LPs, ${r0.hidden} hidden`);
  const expected = folderFiles(first);
  const runs: Record<'old' | 'new', CliRun[]> = { old: [], new: [] };
  const identical: Record<'old' | 'new', number> = { old: 0, new: 0 };
  console.log(`  ${'pair'.padEnd(5)} ${'side'.padEnd(4)} ${'exit'.padStart(4)} ${'CPU s'.padStart(6)} ${'wall s'.padStart(7)} ${'RSS MB'.padStart(7)}  same files  load before → after`);
  for (let i = 0; i < pairs; i++) {
    for (const side of ['old', 'new'] as const) {
      const out = mkdtempSync(join(tmpdir(), 'hs-bench-rerun-'));
      const proofs = mkdtempSync(join(tmpdir(), 'hs-bench-proofs-'));
      cpSync(first, out, { recursive: true });
      cpSync(cache, proofs, { recursive: true });
      const r = cliRun(`re-run (${side})`, out, proofs, side === 'old' ? otherBin : 'bin/homestart-impact.js');
      const same = sameFolder(expected, out);
      if (same) identical[side]++;
      runs[side].push(r);
      console.log(`  ${String(i + 1).padEnd(5)} ${side.padEnd(4)} ${String(r.exit).padStart(4)} ${f(r.cpu).padStart(6)} ${f(r.wall).padStart(7)} ${(r.rssKb === null ? '?' : (r.rssKb / 1024).toFixed(0)).padStart(7)}  ${(same ? 'yes' : 'NO').padEnd(10)}  ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`);
      rmSync(out, { recursive: true, force: true });
      rmSync(proofs, { recursive: true, force: true });
    }
  }
  const median = (xs: Array<number | null>) => {
    const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ratios = runs.new.map((r, i) => (r.cpu !== null && runs.old[i].cpu ? r.cpu / runs.old[i].cpu! : null));
  for (const side of ['old', 'new'] as const) {
    const rs = runs[side];
    console.log(`  ${side}: median ${f(median(rs.map((r) => r.cpu)))} s CPU, ${f(median(rs.map((r) => r.wall)))} s wall; folders identical to the first run's: ${identical[side]} of ${rs.length}`);
  }
  console.log(`  new / old CPU, pair by pair: ${ratios.map((x) => f(x, 3)).join(', ')} (median ${f(median(ratios), 3)}); target: re-run under 3 s whole process`);
  rmSync(first, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
