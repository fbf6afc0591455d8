/**
 * npm run bench:stats — times two statistics workloads and, where `Rscript` is installed, the same
 * work in R (bench/stats.R) in the same run, printing wall and CPU times side by side (medians of
 * `--reps` runs; R: `--r-reps`), the ratios, and the load average before and after.
 *
 *   (a) BCa bootstrap of Hedges' g, n₁ = n₂ = 1,000, 10,000 resamples within each group
 *       (+ 2,000 jackknife evaluations for the acceleration), two ways through the one engine:
 *       the library's own, `hedgesG(y, x, { bootstrap })` (lean statistic on the clean samples,
 *       copy-free jackknife), and a user's statistic calling the checked `hedgesG(…, { ci: false })`
 *       per resample. Both must give the identical interval (the bench stops otherwise); it is the one
 *       pinned in tests/fixtures/bootstrap/pinned.json. R: boot::boot(strata = group),
 *       empinf(type = "jack"), boot.ci(type = "bca").
 *   (b) Noncentral-t confidence intervals for 10,000 Cohen's d values (n₁ = n₂ = 50, df = 98,
 *       d from −1.5 to 1.5): t = d·√(n₁n₂/(n₁+n₂)), δ limits by inversion, scaled back to d.
 *       R: effectsize:::.get_ncp_t (what effectsize::cohens_d uses for its CI) in a loop.
 *
 * Figures, not assertions: run it on the machine you care about.
 *
 * Runs under `node --import tsx/esm` (TypeScript for ES modules only), not `tsx`: tsx's CommonJS hook, which the
 * library never needs, made the same code take about a fifth more CPU (Node 20: 88–95 ms instead of 71–76 ms for
 * (a) in steady state, with the code bundled or as `dist/`); users run the compiled `dist/` under plain node,
 * which times like this bench.
 *
 *   npm run bench:stats [-- --resamples 10000 --n 1000 --dvalues 10000 --reps 5 --r-reps 3 --no-r]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createRng } from '../src/stats/random.js';
import { bootstrap, type BootstrapResult } from '../src/stats/bootstrap.js';
import { hedgesG } from '../src/stats/effsize.js';
import { ncpConfidenceInterval } from '../src/stats/noncentral-t.js';

const { values } = parseArgs({
  options: {
    resamples: { type: 'string', default: '10000' },
    n: { type: 'string', default: '1000' },
    dvalues: { type: 'string', default: '10000' },
    'd-n': { type: 'string', default: '50' },
    reps: { type: 'string', default: '5' },
    'r-reps': { type: 'string', default: '3' },
    'no-r': { type: 'boolean', default: false },
  },
});
const RESAMPLES = Number(values.resamples);
const N = Number(values.n);
const D_VALUES = Number(values.dvalues);
const D_N = Number(values['d-n']);
const REPS = Number(values.reps);
const R_REPS = Number(values['r-reps']);
const SEED = 20261122;

const peakMb = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;

/** A user's bootstrap statistic: the checked `hedgesG` (input checks, result object) on every call. */
function gChecked(a: Float64Array, b: Float64Array): number {
  return hedgesG(a, b, { ci: false }).estimate;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** "6.2× (TypeScript faster)" */
function ratio(rMs: number, tsMs: number): string {
  const q = rMs / tsMs;
  return `${q.toFixed(2)}× (${q >= 1 ? 'TypeScript' : 'R'} faster)`;
}

interface Timing {
  /** Wall-clock time. */
  ms: number;
  /** CPU time (user + system) of this process over the same span: less sensitive to other load. */
  cpuMs: number;
  note: string;
}

/** Runs `fn` and returns its wall and CPU time. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

interface BootTimings {
  lean: Timing;
  checked: Timing;
  ci: string;
}

/** The two paths, `REPS` times each after a warm-up; medians. Stops if their intervals differ. */
function benchBootstrap(x: Float64Array, y: Float64Array): BootTimings {
  const lean = (resamples: number, seed: number): [number, number] => {
    const r = hedgesG(y, x, { bootstrap: { seed, resamples, method: 'bca' } });
    return [r.ci?.lower ?? NaN, r.ci?.upper ?? NaN];
  };
  const checked = (resamples: number, seed: number): BootstrapResult =>
    bootstrap({ samples: [y, x], statistic: gChecked, resamples, seed, method: 'bca', name: 'g' });
  const runs = { lean: [] as ReturnType<typeof timed<[number, number]>>[], checked: [] as ReturnType<typeof timed<BootstrapResult>>[] };
  // each path's runs together: the checked path leaves ~200 MB of garbage per run (a result object and
  // two checked copies per call), whose collection would otherwise land in the lean path's timing
  // (after a full-size warm-up run each, so the JIT has compiled the loops before timing)
  lean(RESAMPLES, 1);
  for (let k = 0; k < REPS; k++) runs.lean.push(timed(() => lean(RESAMPLES, SEED)));
  checked(RESAMPLES, 1);
  for (let k = 0; k < REPS; k++) runs.checked.push(timed(() => checked(RESAMPLES, SEED)));
  const c = runs.checked[0].value;
  for (const r of runs.lean) {
    if (r.value[0] !== c.bca?.lower || r.value[1] !== c.bca?.upper) {
      throw new Error(`the lean path's interval [${r.value.join(', ')}] differs from the checked path's [${c.bca?.lower}, ${c.bca?.upper}]`);
    }
  }
  const med = (rs: { ms: number; cpuMs: number }[], note: string): Timing => ({ ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), note });
  return {
    lean: med(runs.lean, 'hedgesG(y, x, { bootstrap: { seed, resamples, method: "bca" } })'),
    checked: med(runs.checked, 'bootstrap({ samples: [y, x], statistic: (a, b) => hedgesG(a, b, { ci: false }).estimate })'),
    ci: `${c.apa()}; BCa limits ${c.bca?.lower}, ${c.bca?.upper} (identical on both paths)`,
  };
}

function dValues(): Float64Array {
  const d = new Float64Array(D_VALUES);
  for (let i = 0; i < D_VALUES; i++) d[i] = D_VALUES === 1 ? 0.5 : -1.5 + (3 * i) / (D_VALUES - 1);
  return d;
}

function benchNcp(d: Float64Array): Timing {
  const scale = Math.sqrt((D_N * D_N) / (2 * D_N));
  const df = 2 * D_N - 2;
  for (let i = 0; i < 50; i++) ncpConfidenceInterval(d[i] * scale, df); // warm-up
  let lo = 0;
  let hi = 0;
  const runs = [];
  for (let k = 0; k < REPS; k++) {
    runs.push(
      timed(() => {
        for (let i = 0; i < d.length; i++) {
          const ci = ncpConfidenceInterval(d[i] * scale, df, 0.95);
          lo = ci.lower / scale;
          hi = ci.upper / scale;
        }
      }),
    );
  }
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    note: `last: d = ${d[d.length - 1].toFixed(2)}, 95% CI [${lo.toFixed(4)}, ${hi.toFixed(4)}]`,
  };
}

function hasRscript(): boolean {
  const r = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

interface RTimings {
  boot_s: number;
  boot_cpu_s: number;
  ncp_s: number;
  ncp_cpu_s: number;
  peak_mb: number;
  boot_note: string;
  ncp_note: string;
}

function runR(dir: string, x: Float64Array, y: Float64Array): RTimings | string {
  const xPath = join(dir, 'x.txt');
  const yPath = join(dir, 'y.txt');
  writeFileSync(xPath, Array.from(x).join('\n'));
  writeFileSync(yPath, Array.from(y).join('\n'));
  const out = spawnSync(
    'Rscript',
    ['bench/stats.R', xPath, yPath, String(RESAMPLES), String(D_VALUES), String(D_N), String(SEED), String(R_REPS)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (out.status !== 0) return `Rscript failed (status ${out.status}): ${out.stderr.trim().split('\n').slice(-3).join(' ')}`;
  const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) return `Rscript printed no result line: ${out.stdout.slice(0, 200)}`;
  return JSON.parse(line) as RTimings;
}

function main(): void {
  const rng = createRng(SEED);
  const x = new Float64Array(N);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    x[i] = rng.normal(0, 1);
    y[i] = rng.normal(0.3, 1);
  }
  console.log(
    `homestart-impact bench:stats — Node ${process.version}, ${new Date().toISOString()}, ` +
      `${cpus().length} CPUs, load average ${load()} (1, 5, 15 min); medians of ${REPS} runs (R: ${R_REPS})`,
  );
  console.log('');

  const a = benchBootstrap(x, y);
  const peakA = peakMb();
  const d = dValues();
  const b = benchNcp(d);
  const peakB = peakMb();
  const loadTs = load();

  let r: RTimings | string | undefined;
  if (values['no-r']) r = 'skipped (--no-r)';
  else if (!hasRscript()) r = 'Rscript not found: R comparison skipped';
  else {
    const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
    try {
      r = runR(dir, x, y);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rt = typeof r === 'object' ? r : undefined;
  const row = (label: string, t: { ms: number; cpuMs: number } | undefined, rMs?: number, rCpuMs?: number): string => {
    if (!t) return `    ${label.padEnd(44)} ${'–'.padStart(9)} ${'–'.padStart(9)}`;
    const ratios = rMs !== undefined && rCpuMs !== undefined ? `   R/this: wall ${ratio(rMs, t.ms)}, CPU ${ratio(rCpuMs, t.cpuMs)}` : '';
    return `    ${label.padEnd(44)} ${fmtMs(t.ms).padStart(9)} ${fmtMs(t.cpuMs).padStart(9)}${ratios}`;
  };
  const rBoot = rt ? { ms: rt.boot_s * 1000, cpuMs: rt.boot_cpu_s * 1000 } : undefined;
  const rNcp = rt ? { ms: rt.ncp_s * 1000, cpuMs: rt.ncp_cpu_s * 1000 } : undefined;

  console.log(`(a) BCa bootstrap of Hedges' g, n1 = n2 = ${N}, ${RESAMPLES.toLocaleString('en-US')} resamples (+ ${2 * N} jackknife)`);
  console.log(`    ${''.padEnd(44)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)}`);
  console.log(row('TypeScript, hedgesG(…, { bootstrap }) (lean)', a.lean, rBoot?.ms, rBoot?.cpuMs));
  console.log(row("TypeScript, user statistic (checked hedgesG)", a.checked, rBoot?.ms, rBoot?.cpuMs));
  console.log(row('R boot + empinf(jack) + boot.ci(bca)', rBoot));
  console.log(`    lean vs checked path: CPU ${(a.checked.cpuMs / a.lean.cpuMs).toFixed(2)}× faster; ${rate(RESAMPLES, a.lean.ms)} resamples (lean, wall)`);
  console.log(`    ${a.ci}`);
  if (rt) console.log(`    R: ${rt.boot_note}`);
  console.log(`    peak RSS so far ${peakA.toFixed(0)} MB`);
  console.log('');
  console.log(`(b) noncentral-t CI for ${D_VALUES.toLocaleString('en-US')} d values (n1 = n2 = ${D_N}, df = ${2 * D_N - 2})`);
  console.log(`    ${''.padEnd(44)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)}`);
  console.log(row('TypeScript, ncpConfidenceInterval', b, rNcp?.ms, rNcp?.cpuMs));
  console.log(row('R effectsize:::.get_ncp_t loop', rNcp));
  console.log(`    ${b.note}; ${rate(D_VALUES, b.ms)} intervals (wall)`);
  if (rt) console.log(`    R: ${rt.ncp_note}`);
  console.log(`    peak RSS so far ${peakB.toFixed(0)} MB${rt ? `; R peak RSS ${rt.peak_mb.toFixed(0)} MB` : ''}`);
  console.log('');
  if (typeof r === 'string') console.log(`R: ${r}`);
  console.log(`load average after the TypeScript runs ${loadTs}, at the end ${load()}`);
}

main();
