/**
 * The chart cache (charts/svg-cache.ts) and the kept workbook (util/xlsx-write.ts) as the annual report uses them
 * (writeReport's `outputCache`): a re-run reads its charts and workbook from the cache and writes the same bytes as a
 * run without it, also when only some of its chart groups are kept (the others are drawn after the kept ones, so
 * their clip paths are numbered as without the cache). Each run is a process of its own
 * (fixtures/chart-cache-run.ts), as a re-run of the report command is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartGroupKey, ChartSvgCache } from '../../src/charts/svg-cache.js';

const ROOT = join(import.meta.dirname, '../..');
const RUN = join(import.meta.dirname, 'fixtures/chart-cache-run.ts');
const tmp = mkdtempSync(join(tmpdir(), 'hs-chart-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One run into a new folder; returns the folder. */
function run(name: string, cache: string | null): string {
  const out = join(tmp, name);
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUN, out, cache ?? '-'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

/** Every file of a folder (paths inside it) with its bytes. */
function files(dir: string, base = dir, into = new Map<string, string>()): Map<string, string> {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, base, into);
    else into.set(p.slice(base.length + 1), readFileSync(p).toString('base64'));
  }
  return into;
}

const chartFiles = (cache: string) => readdirSync(cache).filter((f) => f.startsWith('chart-svgs-')).sort();

describe('chart cache across runs', () => {
  it('a re-run reads the charts and workbooks kept by the run before, with the same bytes; a chart group not kept is drawn after the kept ones', { timeout: 120_000 }, () => {
    const reference = files(run('reference', null));
    const html = [...reference.keys()].find((k) => k.endsWith('.html') && !k.includes('/'))!;
    expect(Buffer.from(reference.get(html)!, 'base64').toString()).toMatch(/clip-path="url\(#clip\d+\)"/);
    const cache = join(tmp, 'cache');
    // the first run with the cache draws and keeps its four groups (the national report's six charts and its
    // funnels, the region report's six charts and its funnels: none)
    expect(files(run('first', cache))).toEqual(reference);
    const kept = chartFiles(cache);
    expect(kept).toHaveLength(4);
    const workbooks = readdirSync(cache).filter((f) => f.startsWith('workbook-'));
    expect(workbooks).toHaveLength(2);
    // any group missing: drawn (after the kept groups before it are drawn too), the same bytes, and kept again
    for (const gone of kept) {
      const saved = readFileSync(join(cache, gone));
      rmSync(join(cache, gone));
      expect(files(run(`without-${gone}`, cache)), gone).toEqual(reference);
      expect(readFileSync(join(cache, gone)).equals(saved), gone).toBe(true);
    }
    // the charts are read from the cache: what it holds is what the report shows
    for (const f of kept) {
      const entry = JSON.parse(readFileSync(join(cache, f), 'utf8')) as { value: string[] };
      entry.value = entry.value.map((s, i) => (s ? `<svg><!-- kept ${f} ${i} --></svg>` : s));
      writeFileSync(join(cache, f), JSON.stringify(entry));
    }
    for (const f of workbooks) {
      const entry = JSON.parse(readFileSync(join(cache, f), 'utf8')) as { value: string };
      entry.value = Buffer.from(`kept ${f}`).toString('base64');
      writeFileSync(join(cache, f), JSON.stringify(entry));
    }
    const out = run('read', cache);
    const xlsx = [...reference.keys()].filter((k) => k.endsWith('.xlsx')).map((k) => readFileSync(join(out, k), 'utf8'));
    expect(xlsx.sort()).toEqual(workbooks.map((f) => `kept ${f}`).sort());
    const read = readFileSync(join(out, html), 'utf8') + readFileSync(join(out, [...reference.keys()].find((k) => k.startsWith('region/') && k.endsWith('.html'))!), 'utf8');
    for (const f of kept) if (JSON.parse(readFileSync(join(cache, f), 'utf8')).value.some((s: string) => s)) expect(read).toContain(`<!-- kept ${f} `);
    expect(read).not.toMatch(/clip-path=/);
  });
});

describe('ChartSvgCache', () => {
  it('keys a group by the groups drawn before it and by its specs', () => {
    const a = [{ mark: 'bar', data: { values: [{ x: 1 }] } }];
    const b = [{ mark: 'bar', data: { values: [{ x: 2 }] } }];
    expect(chartGroupKey('', a)).toBe(chartGroupKey('', a));
    expect(chartGroupKey('', a)).not.toBe(chartGroupKey('', b));
    expect(chartGroupKey(chartGroupKey('', a), b)).not.toBe(chartGroupKey('', b));
  });

  it('reads only what was written under the same key and number of charts; no folder keeps nothing', () => {
    const dir = join(tmp, 'unit');
    const cache = new ChartSvgCache(dir);
    expect(cache.holdsCharts()).toBe(false);
    const key = chartGroupKey('', [null]);
    cache.write(key, ['<svg/>', '']);
    expect(cache.holdsCharts()).toBe(true);
    expect(cache.read(key, 2)).toEqual(['<svg/>', '']);
    expect(cache.read(key, 3)).toBeNull();
    expect(cache.read(chartGroupKey(key, [null]), 2)).toBeNull();
    const none = new ChartSvgCache(null);
    none.write(key, ['<svg/>']);
    expect(none.read(key, 1)).toBeNull();
  });
});
