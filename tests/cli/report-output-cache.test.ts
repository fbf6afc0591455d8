/**
 * `report` keeps the charts and workbooks its run read or wrote in its private `--audit-cache` folder, however many
 * (an `--all-scopes` run draws hundreds of chart groups), and of the others the newest 24 of each kind: it prunes
 * once at its end (util/output-cache.ts `pruneOutputCache`), never while the run goes on. Each run is a process of
 * the built CLI (`npm test` builds first), as a user's re-run is: a re-run reads the charts of the run before it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/homestart-impact.js');
const tmp = mkdtempSync(join(tmpdir(), 'hs-report-output-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report --audit-cache keeps what the run used', () => {
  it("keeps every chart and workbook the run read or wrote and the newest 24 others of each kind", { timeout: 300_000 }, () => {
    const cache = join(tmp, 'cache');
    const report = () => {
      const r = spawnSync(process.execPath, [BIN, 'report', '--year', '2020', '--data', 'sample-data/registration/local', '--out', join(tmp, 'out'), '--lang', 'en', '--all-scopes', '--audit-cache', cache], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    report();
    const own = readdirSync(cache).filter((f) => f.startsWith('chart-svgs-') || f.startsWith('workbook-')).sort();
    expect(own.filter((f) => f.startsWith('chart-svgs-')).length).toBeGreaterThan(0);
    expect(own.filter((f) => f.startsWith('workbook-')).length).toBeGreaterThan(0);
    // outputs of earlier runs, older than this run's: 30 chart groups and 30 workbooks
    const old = (kind: string) => Array.from({ length: 30 }, (_, i) => `${kind}-${i.toString(16).padStart(24, '0')}.json`);
    for (const f of [...old('chart-svgs'), ...old('workbook')]) {
      writeFileSync(join(cache, f), '{}');
      const i = parseInt(f.slice(-29, -5), 16);
      utimesSync(join(cache, f), 1000 + i, 1000 + i);
    }
    writeFileSync(join(cache, 'notes.txt'), 'not an output of the report');
    report();
    const after = readdirSync(cache).sort();
    // the re-run read every output of the run before (the same charts, the same tables) and wrote none
    expect(after.filter((f) => (f.startsWith('chart-svgs-') || f.startsWith('workbook-')) && !f.startsWith('chart-svgs-00000') && !f.startsWith('workbook-00000'))).toEqual(own);
    expect(old('chart-svgs').filter((f) => after.includes(f))).toEqual(old('chart-svgs').slice(6));
    expect(old('workbook').filter((f) => after.includes(f))).toEqual(old('workbook').slice(6));
    expect(after).toContain('notes.txt');
  });
});
