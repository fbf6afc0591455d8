/**
 * npm run bench:ingest — generates item responses in the long layout (one row per response:
 * participants × 2 waves × 25 NOSIK items; 1,000,000 rows by default), then times load + validate +
 * score, side by side with pandas doing the same work on the same file (bench/ingest_pandas.py:
 * read_csv, the same row checks, duplicates, groupby scoring) when /usr/bin/python3 has pandas.
 *
 * Each side runs in its own process, `--repeat` times (alternating), so CPU time (user + system of
 * the work itself), wall time and peak RSS are measured the same way on both sides; the medians and
 * the ratio are printed with the load average (the machine may be shared). Both sides must agree on
 * the number of accepted rows, the number of scale scores and their sum (the checksum), else the
 * bench fails. Figures, not assertions on time: run it on the machine you care about.
 *
 *   npm run bench:ingest [-- --rows 1000000,4000000 --repeat 3 --keep]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { createRng } from '../src/stats/random.js';
import { loadMeasurements } from '../src/data/measurements.js';
import { scoreRecords } from '../src/instruments/scoring.js';
import { defaultInstruments } from '../src/instruments/registry.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '3' },
    keep: { type: 'boolean' },
    python: { type: 'string', default: '/usr/bin/python3' },
    /** internal: measure one load of FILE in this process and print JSON */
    measure: { type: 'string' },
  },
});
const ITEMS = 25;
const WAVES = 2;

interface Run {
  side: string;
  rows: number;
  accepted: number;
  rejected: number;
  scores: number;
  checksum: number;
  cpu: number;
  wall: number;
  peakRss: number;
  load?: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function generate(path: string, targetRows: number): Promise<number> {
  const participants = Math.ceil(targetRows / (ITEMS * WAVES));
  const rng = createRng(20261122);
  const out = createWriteStream(path);
  out.write('# SYNTHETIC benchmark data (npm run bench:ingest). Not real families.\n');
  out.write('participant_id,group,wave,instrument,item,value\n');
  let rows = 0;
  let buf = '';
  for (let p = 1; p <= participants && rows < targetRows; p++) {
    const id = `HS-${String(p).padStart(7, '0')}`;
    const group = p % 2 === 0 ? 'homestart' : 'control';
    const latent = rng.normal(0, 1);
    for (let w = 1; w <= WAVES && rows < targetRows; w++) {
      for (let i = 1; i <= ITEMS && rows < targetRows; i++) {
        // ~2% of responses missing (empty value) so prorating and missing reasons are exercised
        const missing = rng.next() < 0.02;
        const v = missing ? '' : String(Math.min(6, Math.max(1, Math.round(3.5 + latent + rng.normal(0, 1) - (w - 1) * 0.3))));
        buf += `${id},${group},T${w},nosik,${String(i).padStart(2, '0')},${v}\n`;
        rows++;
      }
    }
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return rows;
}

/** The project's side, in this (child) process: load + validate + score, then a checksum of the scores. */
async function measure(file: string): Promise<void> {
  const registry = defaultInstruments();
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = cpu();
  const loaded = await loadMeasurements(file, { instruments: registry });
  const tLoad = (performance.now() - t0) / 1000;
  const cLoad = cpu() - c0;
  const { scores } = scoreRecords(loaded.records, registry);
  const wall = (performance.now() - t0) / 1000;
  const used = cpu() - c0;
  if (loaded.accepted + loaded.rejected !== loaded.rowsRead) throw new Error('invariant broken: accepted + rejected != rows read');
  let checksum = 0;
  let n = 0;
  for (const s of scores) {
    if (s.score !== null) {
      checksum += s.score;
      n++;
    }
  }
  const run: Run & { loadCpu: number; loadWall: number } = {
    side: 'homestart-impact',
    rows: loaded.rowsRead,
    accepted: loaded.accepted,
    rejected: loaded.rejected,
    scores: n,
    checksum,
    cpu: used,
    wall,
    peakRss: process.resourceUsage().maxRSS * 1024,
    loadCpu: cLoad,
    loadWall: tLoad,
  };
  console.log(JSON.stringify(run));
}

function child(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Run), load: loadavg()[0] };
}

function hasPandas(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' });
  return r.status === 0;
}

async function main(): Promise<void> {
  if (values.measure) return measure(values.measure);
  const self = fileURLToPath(import.meta.url);
  const pandasScript = join(self, '..', 'ingest_pandas.py');
  const sizes = values.rows!.split(',').map(Number);
  const repeat = Number(values.repeat);
  const python = values.python!;
  const pandas = hasPandas(python);
  if (!pandas) console.log(`${python} has no pandas: the pandas side is skipped.`);
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  const perRow: Array<{ rows: number; ours: number; theirs?: number }> = [];
  try {
    for (const target of sizes) {
      const file = join(dir, `long-${target}.csv`);
      let t = performance.now();
      const rows = await generate(file, target);
      console.log(`\ngenerated ${rows.toLocaleString('en-US')} item responses (${mb(statSync(file).size)}) in ${((performance.now() - t) / 1000).toFixed(2)} s`);
      const ours: Run[] = [];
      const theirs: Run[] = [];
      for (let k = 0; k < repeat; k++) {
        ours.push(child(process.execPath, [...process.execArgv, self, '--measure', file]));
        if (pandas) theirs.push(child(python, [pandasScript, file]));
      }
      const show = (label: string, runs: Run[]) => {
        for (const r of runs) console.log(`  ${label.padEnd(17)} CPU ${r.cpu.toFixed(2)} s  wall ${r.wall.toFixed(2)} s  peak RSS ${mb(r.peakRss)}  (load average ${r.load!.toFixed(1)})`);
      };
      show('homestart-impact', ours);
      show('pandas', theirs);
      const o = { cpu: median(ours.map((r) => r.cpu)), wall: median(ours.map((r) => r.wall)), rss: median(ours.map((r) => r.peakRss)) };
      console.log(`homestart-impact: median CPU ${o.cpu.toFixed(2)} s, wall ${o.wall.toFixed(2)} s, peak RSS ${mb(o.rss)}  (${Math.round(rows / o.cpu).toLocaleString('en-US')} rows per CPU second; accepted ${ours[0].accepted}, rejected ${ours[0].rejected}, ${ours[0].scores} scale scores)`);
      perRow.push({ rows, ours: o.cpu / rows });
      if (pandas) {
        const p = { cpu: median(theirs.map((r) => r.cpu)), wall: median(theirs.map((r) => r.wall)), rss: median(theirs.map((r) => r.peakRss)) };
        console.log(`pandas ${(theirs[0] as Run & { version?: string }).version ?? ''}:    median CPU ${p.cpu.toFixed(2)} s, wall ${p.wall.toFixed(2)} s, peak RSS ${mb(p.rss)}`);
        console.log(`ratio (ours / pandas): CPU ${(o.cpu / p.cpu).toFixed(2)}, wall ${(o.wall / p.wall).toFixed(2)}, peak RSS ${(o.rss / p.rss).toFixed(2)}   (target: CPU ≤ 0.50, peak RSS ≤ 1.00)`);
        perRow[perRow.length - 1].theirs = p.cpu / rows;
        const a = ours[0];
        const b = theirs[0];
        const rel = Math.abs(a.checksum - b.checksum) / Math.max(1, Math.abs(b.checksum));
        if (a.accepted !== b.accepted || a.scores !== b.scores || rel > 1e-9) {
          throw new Error(`the two sides disagree: accepted ${a.accepted} vs ${b.accepted}, scale scores ${a.scores} vs ${b.scores}, checksum ${a.checksum} vs ${b.checksum}`);
        }
        console.log(`both sides agree: ${a.accepted.toLocaleString('en-US')} rows accepted, ${a.scores.toLocaleString('en-US')} scale scores, checksum ${a.checksum.toFixed(6)}`);
      }
      if (!values.keep) rmSync(file, { force: true });
    }
    if (perRow.length > 1) {
      const base = perRow[0];
      for (const r of perRow.slice(1)) {
        console.log(`\nscaling ${base.rows.toLocaleString('en-US')} → ${r.rows.toLocaleString('en-US')} rows: CPU per row ×${(r.ours / base.ours).toFixed(2)} (homestart-impact)${r.theirs && base.theirs ? `, ×${(r.theirs / base.theirs).toFixed(2)} (pandas)` : ''}; 1.00 is linear`);
      }
    }
    console.log(`\nload average now ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
