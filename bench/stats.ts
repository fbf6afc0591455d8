/**
 * npm run bench:stats — times two statistics workloads and, where `Rscript` is installed, the same
 * work in R (bench/stats.R), printing both wall times and the ratio.
 *
 *   (a) BCa bootstrap of Hedges' g, n₁ = n₂ = 1,000, 10,000 resamples within each group
 *       (+ 2,000 jackknife evaluations for the acceleration). R: boot::boot(strata = group),
 *       empinf(type = "jack"), boot.ci(type = "bca").
 *   (b) Noncentral-t confidence intervals for 10,000 Cohen's d values (n₁ = n₂ = 50, df = 98,
 *       d from −1.5 to 1.5): t = d·√(n₁n₂/(n₁+n₂)), δ limits by inversion, scaled back to d.
 *       R: effectsize:::.get_ncp_t (what effectsize::cohens_d uses for its CI) in a loop.
 *
 * Figures, not assertions: run it on the machine you care about.
 *
 *   npm run bench:stats [-- --resamples 10000 --n 1000 --dvalues 10000 --no-r]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createRng } from '../src/util/random.js';
import { bootstrap } from '../src/stats/bootstrap.js';
import { hedgesG } from '../src/stats/effsize.js';
import { ncpConfidenceInterval } from '../src/stats/noncentral-t.js';

const { values } = parseArgs({
  options: {
    resamples: { type: 'string', default: '10000' },
    n: { type: 'string', default: '1000' },
    dvalues: { type: 'string', default: '10000' },
    'd-n': { type: 'string', default: '50' },
    'no-r': { type: 'boolean', default: false },
  },
});
const RESAMPLES = Number(values.resamples);
const N = Number(values.n);
const D_VALUES = Number(values.dvalues);
const D_N = Number(values['d-n']);
const SEED = 20261122;

const peakMb = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;

/**
 * Hedges' g of (y − x) as a bootstrap statistic: `hedgesG` itself, without its noncentral-t CI
 * (`{ ci: false }`), which a bootstrap statistic does not need.
 */
function g(x: Float64Array, y: Float64Array): number {
  return hedgesG(y, x, { ci: false }).estimate;
}

/** "R / TypeScript = 6.2 (TypeScript faster)" */
function ratio(rMs: number, tsMs: number): string {
  const q = rMs / tsMs;
  return `R / TypeScript = ${q.toFixed(2)} (${q >= 1 ? 'TypeScript' : 'R'} faster)`;
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

function benchBootstrap(x: Float64Array, y: Float64Array): Timing {
  // warm-up so the JIT has compiled the loops before timing
  bootstrap({ samples: [x, y], statistic: g, resamples: 200, seed: 1, method: 'bca' });
  const { value: res, ms, cpuMs } = timed(() =>
    bootstrap({ samples: [x, y], statistic: g, resamples: RESAMPLES, seed: SEED, method: 'bca', name: 'g' }),
  );
  return { ms, cpuMs, note: res.apa() };
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
  const { ms, cpuMs } = timed(() => {
    for (let i = 0; i < d.length; i++) {
      const ci = ncpConfidenceInterval(d[i] * scale, df, 0.95);
      lo = ci.lower / scale;
      hi = ci.upper / scale;
    }
  });
  return { ms, cpuMs, note: `last: d = ${d[d.length - 1].toFixed(2)}, 95% CI [${lo.toFixed(4)}, ${hi.toFixed(4)}]` };
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
    ['bench/stats.R', xPath, yPath, String(RESAMPLES), String(D_VALUES), String(D_N), String(SEED)],
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
  const reference = hedgesG(y, x).estimate;
  if (g(x, y) !== reference) throw new Error(`bench statistic ${g(x, y)} differs from hedgesG(y, x).estimate ${reference}`);
  for (let i = 0; i < 20; i++) hedgesG(y, x); // warm-up
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) hedgesG(y, x);
  const fullCallMs = (performance.now() - t1) / 200;
  console.log(
    `homestart-impact bench:stats — Node ${process.version}, ${new Date().toISOString()}, ` +
      `${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log('');

  const a = benchBootstrap(x, y);
  const peakA = peakMb();
  console.log(`(a) BCa bootstrap of Hedges' g, n1 = n2 = ${N}, ${RESAMPLES.toLocaleString('en-US')} resamples (+ ${2 * N} jackknife)`);
  console.log(`    TypeScript: ${fmtMs(a.ms)} wall, ${fmtMs(a.cpuMs)} CPU  (${rate(RESAMPLES, a.ms)} resamples), peak RSS so far ${peakA.toFixed(0)} MB`);
  console.log(`    ${a.note}`);
  console.log(
    `    (statistic = hedgesG(y, x, { ci: false }).estimate; hedgesG() with its noncentral-t CI costs ` +
      `${fullCallMs.toFixed(2)} ms/call ≈ ${fmtMs(fullCallMs * (RESAMPLES + 2 * N))} for this run)`,
  );

  const d = dValues();
  const b = benchNcp(d);
  const peakB = peakMb();
  console.log(`(b) noncentral-t CI for ${D_VALUES.toLocaleString('en-US')} d values (n1 = n2 = ${D_N}, df = ${2 * D_N - 2})`);
  console.log(`    TypeScript: ${fmtMs(b.ms)} wall, ${fmtMs(b.cpuMs)} CPU  (${rate(D_VALUES, b.ms)} intervals), peak RSS so far ${peakB.toFixed(0)} MB`);
  console.log(`    ${b.note}`);

  if (values['no-r']) return;
  if (!hasRscript()) {
    console.log('\nRscript not found: R comparison skipped.');
    return;
  }
  console.log('\nRunning the same work in R (bench/stats.R) …');
  const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
  try {
    const r = runR(dir, x, y);
    if (typeof r === 'string') {
      console.log(`    ${r}`);
      return;
    }
    console.log(`(a) R boot + empinf(jack) + boot.ci(bca): ${fmtMs(r.boot_s * 1000)} wall, ${fmtMs(r.boot_cpu_s * 1000)} CPU  (${rate(RESAMPLES, r.boot_s * 1000)} resamples)`);
    console.log(`    wall ${ratio(r.boot_s * 1000, a.ms)}; CPU ${ratio(r.boot_cpu_s * 1000, a.cpuMs)}`);
    console.log(`    ${r.boot_note}`);
    console.log(`(b) R effectsize:::.get_ncp_t loop: ${fmtMs(r.ncp_s * 1000)} wall, ${fmtMs(r.ncp_cpu_s * 1000)} CPU  (${rate(D_VALUES, r.ncp_s * 1000)} intervals)`);
    console.log(`    wall ${ratio(r.ncp_s * 1000, b.ms)}; CPU ${ratio(r.ncp_cpu_s * 1000, b.cpuMs)}`);
    console.log(`    ${r.ncp_note}`);
    console.log(`    R peak RSS ${r.peak_mb.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
