/**
 * npm run bench:memory — bounded memory: generates a multi-GB measurement file (long layout,
 * synthetic) and validates it in a child process the way `homestart-impact validate` does
 * (`keepRecords: false`), printing wall time, rows/s, the child's peak RSS and the largest heap in
 * use right after a full garbage collection (taken every ~5 s during the read: what validation
 * really keeps — one small entry per participant × wave × instrument for the duplicate check; the
 * rows themselves stream through). Then a 40 MB file
 * that is one single line, which must stop with the typed `too-large` error in little memory.
 * Not part of CI (it writes GBs to the temp folder); figures, not assertions.
 *
 *   npm run bench:memory [-- --gb 2.5 --heap 512 --keep]   (--heap: the child's V8 old-space limit in MB)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { gb: { type: 'string', default: '2.5' }, keep: { type: 'boolean' }, validate: { type: 'string' }, heap: { type: 'string' } } });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function validateChild(path: string): Promise<void> {
  const { loadMeasurements } = await import('../src/data/measurements.js');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let out: Record<string, unknown>;
  // every ~5 s: a full garbage collection, then the heap still in use = what validation keeps
  const gc = (globalThis as { gc?: () => void }).gc;
  let lastGc = performance.now();
  let retained = 0;
  const onProgress = () => {
    if (!gc || performance.now() - lastGc < 5000) return;
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed);
    lastGc = performance.now();
  };
  try {
    const r = await loadMeasurements(path, { keepRecords: false, maxIssues: 1000, maxRejects: 1000, onProgress });
    out = { rows: r.rowsRead, accepted: r.accepted, rejected: r.rejected, records: r.recordCount, issues: r.issues.length };
  } catch (err) {
    out = { error: err instanceof Error ? err.message.slice(0, 200) : String(err) };
  }
  const cpu = process.cpuUsage(cpu0);
  out.seconds = (performance.now() - t0) / 1000;
  out.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  out.peakRssMB = process.resourceUsage().maxRSS / 1024;
  out.maxRetainedHeapMB = retained / 1024 / 1024;
  console.log(JSON.stringify(out));
}

async function generate(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('# SYNTHETIC benchmark data (npm run bench:memory). Not real families.\n');
  out.write('participant_id,group,wave,instrument,item,value\n');
  let written = 0;
  let rows = 0;
  let buf = '';
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let p = 1; written < bytes; p++) {
    const id = `HS-${String(p).padStart(7, '0')}`;
    const group = p % 2 === 0 ? 'homestart' : 'control';
    for (let w = 1; w <= 4; w++) {
      for (const [instr, n, max] of [['nosik', 25, 6], ['psoc', 16, 6]] as const) {
        for (let i = 1; i <= n; i++) {
          buf += `${id},${group},T${w},${instr},${String(i).padStart(2, '0')},${1 + Math.floor(rand() * max)}\n`;
          rows++;
        }
      }
    }
    if (buf.length > 1 << 20) {
      written += buf.length;
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return rows;
}

function runChild(file: string): Record<string, unknown> {
  const self = fileURLToPath(import.meta.url);
  const heap = values.heap ? [`--max-old-space-size=${values.heap}`] : [];
  const res = spawnSync(process.execPath, ['--expose-gc', ...heap, '--import', 'tsx', self, '--validate', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`child failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

async function main(): Promise<void> {
  if (values.validate) return validateChild(values.validate);
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-mem-'));
  try {
    const file = join(dir, 'long-big.csv');
    const target = Number(values.gb) * 1024 ** 3;
    let t = performance.now();
    const rows = await generate(file, target);
    const size = statSync(file).size;
    console.log(`generated ${rows.toLocaleString('en-US')} rows, ${mb(size)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const big = runChild(file);
    console.log(`validate (keepRecords: false): ${JSON.stringify(big)}`);
    console.log(`  → ${(rows / (big.seconds as number)).toFixed(0)} rows/s, peak RSS ${(big.peakRssMB as number).toFixed(0)} MB for a ${mb(size)} file; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    rmSync(file);
    // one single 40 MB line: must stop early with a typed error, in little memory
    const line = join(dir, 'one-line.csv');
    const o = createWriteStream(line);
    o.write('participant_id,group,wave,nosik_01\n');
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 40; i++) if (!o.write(chunk)) await once(o, 'drain');
    o.end();
    await once(o, 'finish');
    const one = runChild(line);
    console.log(`single 40 MB line: ${JSON.stringify(one)}`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

await main();
