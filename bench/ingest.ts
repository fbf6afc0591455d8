/**
 * npm run bench:ingest — generates 1,000,000 item responses in the long layout (one row per
 * response: 20,000 participants × 2 waves × 25 NOSIK items), then times load + validate + score.
 * Prints rows/s and peak memory. Figures, not assertions: run it on the machine you care about.
 *
 *   npm run bench:ingest [-- --rows 1000000 --keep]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { createRng } from '../src/stats/random.js';
import { loadMeasurements } from '../src/data/measurements.js';
import { scoreRecords } from '../src/instruments/scoring.js';
import { defaultInstruments } from '../src/instruments/registry.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, keep: { type: 'boolean' } } });
const targetRows = Number(values.rows);
const ITEMS = 25;
const WAVES = 2;
const participants = Math.ceil(targetRows / (ITEMS * WAVES));

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function generate(path: string): Promise<number> {
  const rng = createRng(20261122);
  const out = createWriteStream(path);
  out.write('# SYNTHETIC benchmark data (npm run bench:ingest). Not real families.\n');
  out.write('participant_id,group,wave,instrument,item,value\n');
  let rows = 0;
  let buf = '';
  for (let p = 1; p <= participants && rows < targetRows; p++) {
    const id = `HS-${String(p).padStart(6, '0')}`;
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  const file = join(dir, 'long-1M.csv');
  try {
    let t = performance.now();
    const rows = await generate(file);
    console.log(`generated ${rows.toLocaleString('en-US')} item responses (${mb(statSync(file).size)}) in ${((performance.now() - t) / 1000).toFixed(2)} s`);

    const registry = defaultInstruments();
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
    t = performance.now();
    let c = cpu();
    const loaded = await loadMeasurements(file, { instruments: registry });
    const tLoad = (performance.now() - t) / 1000;
    const cLoad = cpu() - c;
    t = performance.now();
    c = cpu();
    const { scores } = scoreRecords(loaded.records, registry);
    const tScore = (performance.now() - t) / 1000;
    const cScore = cpu() - c;
    const total = tLoad + tScore;
    const usage = process.resourceUsage();
    const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en-US');
    console.log(`load + validate: ${tLoad.toFixed(2)} s wall, ${cLoad.toFixed(2)} s CPU  (${rate(loaded.rowsRead, tLoad)} rows/s wall, ${rate(loaded.rowsRead, cLoad)} rows/s CPU; accepted ${loaded.accepted}, rejected ${loaded.rejected}, records ${loaded.records.length})`);
    console.log(`score:           ${tScore.toFixed(2)} s wall, ${cScore.toFixed(2)} s CPU  (${scores.length.toLocaleString('en-US')} scale scores)`);
    console.log(`total:           ${total.toFixed(2)} s wall, ${(cLoad + cScore).toFixed(2)} s CPU  (${rate(loaded.rowsRead, total)} rows/s wall end to end; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
    console.log(`peak RSS:        ${mb(usage.maxRSS * 1024)}; heap used now ${mb(process.memoryUsage().heapUsed)}`);
    if (loaded.accepted + loaded.rejected !== loaded.rowsRead) throw new Error('invariant broken: accepted + rejected != rows read');
  } finally {
    if (values.keep) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
