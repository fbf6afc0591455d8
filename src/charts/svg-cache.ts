/**
 * Rendered charts kept between runs: the SVGs of a group of Vega-Lite specs, in a private folder, under a key that
 * names everything the SVGs depend on — the specs (as given to the renderer), the groups the renderer drew before
 * them in the same thread (vega numbers its clip paths on across charts: `clip1`, `clip2`, …), the versions of vega
 * and vega-lite, and the text of the renderer's own modules (render and theme). A re-run that draws the same charts
 * reads them instead of running vega-lite and vega again; a chart that changed, or anything drawn before it, is
 * drawn anew and kept for the next run.
 *
 * The annual report keeps its charts this way in the folder of its audit proofs (`--audit-cache`), and only the
 * published (already protected) numbers are in a chart, so nothing is kept there that the report does not print.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../util/atomic-write.js';
import type { VegaLiteSpec } from './render.js';

const FORMAT = 'homestart-impact chart svgs 1';
/** Chart files kept in a folder at most (the oldest removed first): a few reports' worth. */
const KEEP = 24;
const PREFIX = 'chart-svgs-';

let renderer: string | undefined;

/** What the SVGs depend on besides the specs: the JavaScript engine (its floating point functions), vega's and vega-lite's versions and the renderer's source text. */
function rendererTag(): string {
  if (renderer !== undefined) return renderer;
  const h = createHash('sha256').update(`${FORMAT}|v8 ${process.versions.v8}`);
  const require = createRequire(import.meta.url);
  for (const pkg of ['vega', 'vega-lite']) {
    try {
      h.update(`|${pkg}@${(JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version}`);
    } catch {
      h.update(`|${pkg}@?`);
    }
  }
  // this build's renderer and theme (render.js/theme.js, or the .ts sources under tsx)
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  for (const mod of ['render', 'theme']) h.update('|').update(readFileSync(new URL(`./${mod}${ext}`, import.meta.url)));
  renderer = h.digest('hex');
  return renderer;
}

/**
 * The key of a group of specs drawn after the groups whose key is `before` ('' for the first group of a thread):
 * hex SHA-256 of the renderer ({@link rendererTag}), `before` and the specs.
 */
export function chartGroupKey(before: string, specs: ReadonlyArray<VegaLiteSpec | null>): string {
  return createHash('sha256').update(rendererTag()).update('|').update(before).update('|').update(JSON.stringify(specs)).digest('hex');
}

/** A folder of rendered chart groups by key ({@link chartGroupKey}); `dir` null keeps nothing. */
export class ChartSvgCache {
  constructor(readonly dir: string | null) {}

  private file(key: string): string {
    return join(this.dir!, `${PREFIX}${key.slice(0, 24)}.json`);
  }

  /** Whether the folder holds kept charts at all. */
  holdsCharts(): boolean {
    if (!this.dir) return false;
    try {
      return readdirSync(this.dir).some((f) => f.startsWith(PREFIX) && f.endsWith('.json'));
    } catch {
      return false;
    }
  }

  /** The SVGs kept under `key` (`count` of them), or null (none kept, unreadable, or another key). */
  read(key: string, count: number): string[] | null {
    if (!this.dir) return null;
    try {
      const kept = JSON.parse(readFileSync(this.file(key), 'utf8')) as { format?: string; key?: string; svgs?: unknown };
      if (kept.format !== FORMAT || kept.key !== key || !Array.isArray(kept.svgs) || kept.svgs.length !== count || !kept.svgs.every((s) => typeof s === 'string')) return null;
      return kept.svgs as string[];
    } catch {
      return null;
    }
  }

  /** Keeps `svgs` under `key` (whole or not at all), and removes the oldest chart files beyond a few reports' worth. Never throws. */
  write(key: string, svgs: string[]): void {
    if (!this.dir) return;
    try {
      ensureDir(this.dir);
      writeFileAtomic(this.file(key), JSON.stringify({ format: FORMAT, key, svgs }), 0o600);
      const files = readdirSync(this.dir).filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'));
      if (files.length > KEEP) {
        const byAge = files.map((f) => ({ f, t: statSync(join(this.dir!, f)).mtimeMs })).sort((a, b) => a.t - b.t);
        for (const { f } of byAge.slice(0, files.length - KEEP)) rmSync(join(this.dir, f), { force: true });
      }
    } catch {
      // a cache that cannot be written costs the next run time, never a result
    }
  }
}
