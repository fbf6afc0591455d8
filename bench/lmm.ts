/**
 * npm run bench:lmm — times a linear mixed model with random intercept and slope fitted by REML
 * (score ~ time * group + (1 + time | participant)) on 10,000 participants × 5 waves and on
 * 100,000 × 5, 15% of the waves missing at random, and, where `Rscript` with lme4 is installed, the same
 * fit of the same data by lme4::lmer (bench/lmm.R) in the same run: both wall times, the ratio and the
 * largest differences between the estimates.
 *
 * Timed on each side: the model call on data already in memory (TypeScript: fitLmm on columns, including
 * formula parsing and the model matrices; R: lmer(), including model.frame). Reading the CSV is not timed.
 * TypeScript prints the median of three calls and, separately, the first call of the process (which
 * includes the JIT compilation); R runs once in a fresh process. Wall time and CPU time (user + system of
 * the process) are both printed: on a shared machine the CPU time is the steadier measure of the work.
 * Figures, not assertions: run it on the machine you care about.
 *
 *   npm run bench:lmm [-- --sizes 10000,100000 --waves 5 --missing 0.15 --no-r]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createRng } from '../src/stats/random.js';
import { fitLmm } from '../src/stats/lmm/fit.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    waves: { type: 'string', default: '5' },
    missing: { type: 'string', default: '0.15' },
    'no-r': { type: 'boolean', default: false },
  },
});
const SIZES = values.sizes!.split(',').map(Number);
const WAVES = [0, 3, 6, 12, 18, 24, 36].slice(0, Number(values.waves));
const MISSING = Number(values.missing);
const SEED = 20261204;
const FORMULA = 'score ~ time * group + (1 + time | participant)';

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

function generate(nPart: number): { score: Float64Array; time: Float64Array; group: string[]; participant: string[] } {
  const rng = createRng(SEED + nPart);
  const score: number[] = [];
  const time: number[] = [];
  const group: string[] = [];
  const participant: string[] = [];
  for (let i = 0; i < nPart; i++) {
    const g = i % 2 === 0 ? 'control' : 'homestart';
    const b0 = rng.normal(0, 4);
    const b1 = -0.3 * 0.05 * b0 + rng.normal(0, 0.19);
    const id = `P${String(i + 1).padStart(6, '0')}`;
    for (const t of WAVES) {
      if (rng.next() < MISSING) continue;
      const y = 40 + b0 + (0.05 + b1 - (g === 'homestart' ? 0.15 : 0)) * t + rng.normal(0, 3);
      score.push(Math.round(y * 1000) / 1000);
      time.push(t);
      group.push(g);
      participant.push(id);
    }
  }
  return { score: Float64Array.from(score), time: Float64Array.from(time), group, participant };
}

function hasR(): boolean {
  if (values['no-r']) return false;
  const r = spawnSync('Rscript', ['-e', 'suppressMessages(library(lme4))'], { encoding: 'utf8' });
  return r.status === 0;
}

console.log(`bench:lmm — ${FORMULA}, REML; waves at ${WAVES.join('/')} months, ${MISSING * 100}% of waves missing`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}`);
const withR = hasR();
const dir = mkdtempSync(join(tmpdir(), 'bench-lmm-'));
try {
  for (const n of SIZES) {
    const data = generate(n);
    const nObs = data.score.length;
    const rss0 = peakMb();
    // first call in this process (includes the JIT compiling the code), then the median of three more
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const t0 = performance.now();
    const c0 = cpu();
    const m = fitLmm(data, FORMULA);
    const coldMs = performance.now() - t0;
    const coldCpu = cpu() - c0;
    const warm: Array<[number, number]> = [];
    for (let r = 0; r < 3; r++) {
      const t1 = performance.now();
      const c1 = cpu();
      fitLmm(data, FORMULA);
      warm.push([performance.now() - t1, cpu() - c1]);
    }
    warm.sort((a, b) => a[0] - b[0]);
    const [tsMs, tsCpu] = warm[1];
    console.log(`\n${n.toLocaleString('en-US')} participants, ${nObs.toLocaleString('en-US')} observations`);
    console.log(`  TypeScript fitLmm: ${fmtMs(tsMs)} wall, ${fmtMs(tsCpu)} CPU (median of 3; first call ${fmtMs(coldMs)} wall, ${fmtMs(coldCpu)} CPU; ${m.evaluations} deviance evaluations, ${m.convergenceMessage}); peak RSS ${peakMb().toFixed(0)} MB (was ${rss0.toFixed(0)} MB before)`);
    console.log(`    logLik ${m.logLik.toFixed(6)}; β ${Array.from(m.beta, (b) => b.toFixed(6)).join(', ')}; θ ${Array.from(m.theta, (b) => b.toFixed(6)).join(', ')}`);
    if (!withR) continue;
    const csv = join(dir, `lmm-${n}.csv`);
    const lines = ['score,time,group,participant'];
    for (let k = 0; k < nObs; k++) lines.push(`${data.score[k]},${data.time[k]},${data.group[k]},${data.participant[k]}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const r = spawnSync('Rscript', ['bench/lmm.R', csv], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      console.log(`  R failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
      continue;
    }
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const rMs = out.seconds * 1000;
    const rCpu = out.cpu * 1000;
    const dBeta = Math.max(...out.beta.map((b: number, i: number) => Math.abs(b - m.beta[i]) / Math.max(1, Math.abs(b))));
    const dSe = Math.max(...out.se.map((s: number, i: number) => Math.abs(s - Math.sqrt(m.vcov[i * m.beta.length + i])) / s));
    console.log(`  R lme4::lmer:      ${fmtMs(rMs)} wall, ${fmtMs(rCpu)} CPU (lme4 ${out.lme4}); logLik ${out.logLik.toFixed(6)}`);
    console.log(`  R / TypeScript = ${(rMs / tsMs).toFixed(2)} wall, ${(rCpu / tsCpu).toFixed(2)} CPU (${rMs >= tsMs ? 'TypeScript' : 'R'} faster); against the first call: ${(rMs / coldMs).toFixed(2)} wall, ${(rCpu / coldCpu).toFixed(2)} CPU`);
    console.log(`  differences: logLik ${(m.logLik - out.logLik).toExponential(2)} (positive: TypeScript higher); β max rel ${dBeta.toExponential(2)}; SE max rel ${dSe.toExponential(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
