/**
 * npm run bench:stats — times two statistics workloads and, where `Rscript` is installed, the same
 * work in R (bench/stats.R) in the same run, printing wall and CPU times side by side, the ratios, and the
 * load average.
 *
 * Fair under a shared machine: R is started once (its start-up and package loading untimed) and answers one
 * timed run per request, so the two sides alternate run by run — each TypeScript run and the R run beside
 * it see the same load. Each side's time is the CPU time (user + system) of its own process over that run
 * only: `process.cpuUsage()` here, `proc.time()` in R. After warm-up runs on both sides (V8 compiles the
 * hot loops during the first runs, and re-optimizes some after the second and third: a process's runs reach
 * their steady CPU time by about the fourth or fifth; R compiles its closures in its first run; the first
 * TypeScript run is printed apart), `--reps` rounds of (a) and `--r-reps` rounds
 * of (b); printed: every round with its ratio and the load average, the medians, the ratio of the medians
 * and the range of the per-round ratios, beside the target.
 *
 *   (a) BCa bootstrap of Hedges' g, n₁ = n₂ = 1,000, 10,000 resamples within each group
 *       (+ 2,000 jackknife evaluations for the acceleration), two ways through the one engine:
 *       the library's own, `hedgesG(y, x, { bootstrap })` (lean statistic on the clean samples,
 *       copy-free jackknife), and a user's statistic calling the checked `hedgesG(…, { ci: false })`
 *       per resample. Both must give the identical interval, and it must be the one pinned in
 *       tests/fixtures/bootstrap/pinned.json (the bench stops otherwise). R: boot::boot(strata = group),
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
 *   npm run bench:stats [-- --resamples 10000 --n 1000 --dvalues 10000 --d-n 50 --reps 7 --r-reps 3 --warmup 5 --no-r]
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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
    reps: { type: 'string', default: '7' },
    'r-reps': { type: 'string', default: '3' },
    warmup: { type: 'string', default: '5' },
    'no-r': { type: 'boolean', default: false },
  },
});
const RESAMPLES = Number(values.resamples);
const N = Number(values.n);
const D_VALUES = Number(values.dvalues);
const D_N = Number(values['d-n']);
const REPS = Number(values.reps);
const R_REPS = Number(values['r-reps']);
const WARMUP = Number(values.warmup);
const SEED = 20261122;
/** The targets of issue #16: R CPU / TypeScript CPU. */
const TARGET_BOOT = 15;
const TARGET_NCP = 20;

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

interface Timing {
  /** Wall-clock time. */
  ms: number;
  /** CPU time (user + system) of this process over the same span: less sensitive to other load. */
  cpuMs: number;
}

/** Runs `fn` and returns its wall and CPU time. */
function timed<T>(fn: () => T): Timing & { value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

/** The R side: one Rscript process, started once; `run(cmd)` asks for one timed run and waits for its answer. */
class RSide {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  static start(dir: string, x: Float64Array, y: Float64Array): RSide {
    const xPath = join(dir, 'x.txt');
    const yPath = join(dir, 'y.txt');
    writeFileSync(xPath, Array.from(x).join('\n'));
    writeFileSync(yPath, Array.from(y).join('\n'));
    const proc = spawn('Rscript', ['bench/stats.R', xPath, yPath, String(RESAMPLES), String(D_VALUES), String(D_N), String(SEED)]);
    const side = new RSide(proc);
    proc.stderr.on('data', (d: Buffer) => (side.stderr = (side.stderr + d.toString()).slice(-2000)));
    proc.stdin.on('error', () => {}); // R has ended: `run` says so
    side.closed = new Promise((resolve) => proc.on('close', (code) => resolve(code)));
    return side;
  }
  private stderr = '';
  private closed: Promise<number | null> = Promise.resolve(null);
  async run(cmd: 'boot' | 'ncp'): Promise<Timing & { note: string; peakMb: number }> {
    this.proc.stdin.write(`${cmd}\n`);
    for (;;) {
      const next = await this.lines.next();
      if (next.done) {
        const code = await this.closed;
        throw new Error(`Rscript ended (status ${code}) before answering "${cmd}": ${this.stderr.trim().split('\n').slice(-3).join(' ')}`);
      }
      if (!next.value.startsWith('{')) continue;
      const r = JSON.parse(next.value) as { s: number; cpu_s: number; peak_mb: number; note: string; error?: string };
      if (r.error) throw new Error(`Rscript: ${r.error}`);
      return { ms: r.s * 1000, cpuMs: r.cpu_s * 1000, note: r.note, peakMb: r.peak_mb };
    }
  }
  quit(): void {
    this.proc.stdin.end('quit\n');
  }
}

function hasRscript(): boolean {
  const r = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

interface Round {
  ts: Timing;
  r?: Timing;
  load: number;
}

/**
 * Warm-up runs of both sides, then `reps` rounds, each one TypeScript run and one R run (the order swapped
 * every round), so both see the same load.
 */
async function alternate(reps: number, warmup: number, ts: () => Timing, r: (() => Promise<Timing>) | undefined, rWarmup: boolean): Promise<Round[]> {
  for (let k = 0; k < warmup; k++) ts();
  if (r && rWarmup) await r();
  const rounds: Round[] = [];
  for (let k = 0; k < reps; k++) {
    let t: Timing;
    let rr: Timing | undefined;
    if (k % 2 === 0) {
      t = ts();
      rr = r ? await r() : undefined;
    } else {
      rr = r ? await r() : undefined;
      t = ts();
    }
    rounds.push({ ts: t, r: rr, load: loadavg()[0] });
  }
  return rounds;
}

/** Per-round lines, medians, ratio of the medians and the range of the per-round ratios. */
/** `target`: the issue's target, given for the default workload only. */
function report(label: string, rLabel: string, rounds: Round[], target: number | undefined): void {
  console.log(`    round   ${label.padEnd(26)} ${rLabel.padEnd(26)} R/TS CPU   load (1 min)`);
  rounds.forEach((d, k) => {
    const q = d.r ? `${(d.r.cpuMs / d.ts.cpuMs).toFixed(1)}×` : '–';
    const rs = d.r ? `${fmtMs(d.r.cpuMs)} CPU (${fmtMs(d.r.ms)})` : '–';
    console.log(`    ${String(k + 1).padStart(5)}   ${`${fmtMs(d.ts.cpuMs)} CPU (${fmtMs(d.ts.ms)})`.padEnd(26)} ${rs.padEnd(26)} ${q.padStart(8)}   ${d.load.toFixed(2)}`);
  });
  const tsCpu = median(rounds.map((d) => d.ts.cpuMs));
  const tsWall = median(rounds.map((d) => d.ts.ms));
  console.log(`    median  ${`${fmtMs(tsCpu)} CPU (${fmtMs(tsWall)})`.padEnd(26)} ${label}`);
  if (rounds.every((d) => d.r)) {
    const rCpu = median(rounds.map((d) => d.r!.cpuMs));
    const rWall = median(rounds.map((d) => d.r!.ms));
    const ratios = rounds.map((d) => d.r!.cpuMs / d.ts.cpuMs);
    console.log(`    median  ${`${fmtMs(rCpu)} CPU (${fmtMs(rWall)})`.padEnd(26)} ${rLabel}`);
    const q = rCpu / tsCpu;
    console.log(
      `    TypeScript ${q.toFixed(1)}× faster than R in CPU time (ratio of the medians; rounds ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×, ` +
        `median ${median(ratios).toFixed(1)}×); wall ${(rWall / tsWall).toFixed(1)}×.` +
        (target === undefined ? '' : ` Target ≥ ${target}×: ${q >= target ? 'met' : 'NOT met'}.`),
    );
  }
}

function dValues(): Float64Array {
  const d = new Float64Array(D_VALUES);
  for (let i = 0; i < D_VALUES; i++) d[i] = D_VALUES === 1 ? 0.5 : -1.5 + (3 * i) / (D_VALUES - 1);
  return d;
}

async function main(): Promise<void> {
  const rng = createRng(SEED);
  const x = new Float64Array(N);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    x[i] = rng.normal(0, 1);
    y[i] = rng.normal(0.3, 1);
  }
  console.log(
    `homestart-impact bench:stats — Node ${process.version}, ${new Date().toISOString()}, ` +
      `${cpus().length} CPUs, load average ${load()} (1, 5, 15 min); ${WARMUP} warm-up runs, then TypeScript and R alternating`,
  );

  let rSide: RSide | undefined;
  let rNote = '';
  let dir: string | undefined;
  if (values['no-r']) rNote = 'skipped (--no-r)';
  else if (!hasRscript()) rNote = 'Rscript not found: R comparison skipped';
  else {
    dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
    rSide = RSide.start(dir, x, y);
    try {
      await rSide.run('boot'); // R's first run (it compiles its closures), and a check that R, boot and effectsize work
    } catch (e) {
      rNote = `R comparison skipped: ${(e as Error).message}`;
      rSide.quit();
      rSide = undefined;
    }
  }
  try {
    // (a) the lean path, alternating with R
    let lean: [number, number] = [NaN, NaN];
    let bootNote = '';
    let rPeak = NaN;
    const leanRun = (): Timing => {
      const t = timed(() => hedgesG(y, x, { bootstrap: { seed: SEED, resamples: RESAMPLES, method: 'bca' } }));
      lean = [t.value.ci?.lower ?? NaN, t.value.ci?.upper ?? NaN];
      return t;
    };
    const first = leanRun(); // the first run of the process, with V8 compiling the loops: printed apart
    const rBoot = rSide
      ? async (): Promise<Timing> => {
          const r = await rSide!.run('boot');
          bootNote = r.note;
          rPeak = r.peakMb;
          return r;
        }
      : undefined;
    const boot = await alternate(REPS, Math.max(0, WARMUP - 1), leanRun, rBoot, false); // R's warm-up run came first
    const peakA = peakMb();
    // the checked path: its runs together (each leaves ~200 MB of garbage that would land in the lean runs)
    checkedRun(x, y);
    const checked = Array.from({ length: REPS }, () => timed(() => checkedRun(x, y)));
    const c = checked[0].value;
    if (lean[0] !== c.bca?.lower || lean[1] !== c.bca?.upper) {
      throw new Error(`the lean path's interval [${lean.join(', ')}] differs from the checked path's [${c.bca?.lower}, ${c.bca?.upper}]`);
    }
    const pinned = pinnedInterval();
    if (pinned && (lean[0] !== pinned[0] || lean[1] !== pinned[1])) {
      throw new Error(`the interval [${lean.join(', ')}] differs from the pinned one [${pinned.join(', ')}] (tests/fixtures/bootstrap/pinned.json)`);
    }

    console.log('');
    console.log(`(a) BCa bootstrap of Hedges' g, n1 = n2 = ${N}, ${RESAMPLES.toLocaleString('en-US')} resamples (+ ${2 * N} jackknife); CPU (wall)`);
    report('hedgesG(…, { bootstrap })', 'R boot + boot.ci', boot, N === 1000 && RESAMPLES === 10000 ? TARGET_BOOT : undefined);
    console.log(`    first run of the process (V8 compiling): ${fmtMs(first.cpuMs)} CPU`);
    const chk = median(checked.map((t) => t.cpuMs));
    const leanMed = median(boot.map((d) => d.ts.cpuMs));
    console.log(
      `    a user statistic calling the checked hedgesG(…, { ci: false }) per resample: median ${fmtMs(chk)} CPU ` +
        `(${(chk / leanMed).toFixed(2)}× the lean path${rBoot ? `; ${(median(boot.map((d) => d.r!.cpuMs)) / chk).toFixed(1)}× faster than R` : ''})`,
    );
    console.log(`    ${rate(RESAMPLES, median(boot.map((d) => d.ts.ms)))} resamples (lean, wall)`);
    console.log(
      `    ${c.apa()}; BCa limits ${c.bca?.lower}, ${c.bca?.upper} (identical on both paths` +
        `${pinnedInterval() ? ' and to the interval pinned in tests/fixtures/bootstrap/pinned.json' : ''})`,
    );
    if (bootNote) console.log(`    R: ${bootNote}`);
    console.log(`    peak RSS ${peakA.toFixed(0)} MB${Number.isFinite(rPeak) ? `; R ${rPeak.toFixed(0)} MB` : ''}`);

    // (b) noncentral-t CIs
    const d = dValues();
    const scale = Math.sqrt((D_N * D_N) / (2 * D_N));
    const df = 2 * D_N - 2;
    let lo = 0;
    let hi = 0;
    const ncpRun = (): Timing =>
      timed(() => {
        for (let i = 0; i < d.length; i++) {
          const ci = ncpConfidenceInterval(d[i] * scale, df, 0.95);
          lo = ci.lower / scale;
          hi = ci.upper / scale;
        }
      });
    let ncpNote = '';
    const rNcp = rSide
      ? async (): Promise<Timing> => {
          const r = await rSide!.run('ncp');
          ncpNote = r.note;
          return r;
        }
      : undefined;
    const ncp = await alternate(R_REPS, WARMUP, ncpRun, rNcp, true);
    console.log('');
    console.log(`(b) noncentral-t CI for ${D_VALUES.toLocaleString('en-US')} d values (n1 = n2 = ${D_N}, df = ${df}); CPU (wall)`);
    report('ncpConfidenceInterval', 'R effectsize .get_ncp_t', ncp, D_VALUES === 10000 && D_N === 50 ? TARGET_NCP : undefined);
    console.log(`    last: d = ${d[d.length - 1].toFixed(2)}, 95% CI [${lo.toFixed(4)}, ${hi.toFixed(4)}]; ${rate(D_VALUES, median(ncp.map((r) => r.ts.ms)))} intervals (wall)`);
    if (ncpNote) console.log(`    R: ${ncpNote}`);
    console.log('');
    if (rNote) console.log(`R: ${rNote}`);
    console.log(`load average at the end ${load()}`);
  } finally {
    rSide?.quit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The BCa limits pinned for this workload (hedgesG(y, x), the default n, resamples and seed) in
 * tests/fixtures/bootstrap/pinned.json, or undefined when the options ask for another workload.
 */
function pinnedInterval(): [number, number] | undefined {
  if (N !== 1000 || RESAMPLES !== 10000) return undefined;
  const file = JSON.parse(readFileSync(new URL('../tests/fixtures/bootstrap/pinned.json', import.meta.url), 'utf8')) as {
    cases: { measure: string; data: string; order: string; seed: number; resamples: number; intervals: { bca?: { lower: number; upper: number } } }[];
  };
  const k = file.cases.find((c) => c.measure === 'hedges_g' && c.data === 'bench' && c.order === 'y,x' && c.seed === SEED && c.resamples === RESAMPLES);
  return k?.intervals.bca ? [k.intervals.bca.lower, k.intervals.bca.upper] : undefined;
}

/** The checked path: `bootstrap()` with a user statistic calling the checked `hedgesG` per resample. */
function checkedRun(x: Float64Array, y: Float64Array): BootstrapResult {
  return bootstrap({ samples: [y, x], statistic: gChecked, resamples: RESAMPLES, seed: SEED, method: 'bca', name: 'g' });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
