/**
 * Rendered charts kept between runs (util/output-cache.ts): the SVGs of a group of Vega-Lite specs, in a private
 * folder, under a key that names everything the SVGs depend on — the specs (as given to the renderer), the groups
 * the renderer drew before them in the same thread (vega numbers its clip paths on across charts: `clip1`, `clip2`,
 * …), the JavaScript engine, the versions of vega and vega-lite, and the text of the renderer's own modules (render
 * and theme). A re-run that draws the same charts reads them instead of running vega-lite and vega again; a chart
 * that changed, or anything drawn before it, is drawn anew and kept for the next run.
 *
 * The annual report keeps its charts this way in the folder of its audit proofs (`--audit-cache`), and only the
 * published (already protected) numbers are in a chart, so nothing is kept there that the report does not print.
 */
import { OutputCache, outputKey, outputMakerTag } from '../util/output-cache.js';
import type { VegaLiteSpec } from './render.js';

const FORMAT = 'homestart-impact chart svgs 1';

let renderer: string | undefined;

/** What the SVGs depend on besides the specs ({@link outputMakerTag}): vega, vega-lite, the renderer and its theme. */
function rendererTag(): string {
  // this build's renderer and theme (render.js/theme.js, or the .ts sources under tsx)
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return (renderer ??= outputMakerTag(FORMAT, ['vega', 'vega-lite'], ['render', 'theme'].map((m) => new URL(`./${m}${ext}`, import.meta.url))));
}

/**
 * The key of a group of specs drawn after the groups whose key is `before` ('' for the first group of a thread):
 * {@link outputKey} of the renderer's tag, `before` and the specs.
 */
export function chartGroupKey(before: string, specs: ReadonlyArray<VegaLiteSpec | null>): string {
  return outputKey(rendererTag(), [before, specs]);
}

const isSvgList = (n: number) => (v: unknown): v is string[] => Array.isArray(v) && v.length === n && v.every((s) => typeof s === 'string');

/** A folder of rendered chart groups by key ({@link chartGroupKey}); `dir` null keeps nothing. */
export class ChartSvgCache {
  private readonly store: OutputCache<string[]>;

  constructor(readonly dir: string | null) {
    this.store = new OutputCache<string[]>(dir, 'chart-svgs-', FORMAT);
  }

  /** Whether the folder holds kept charts at all. */
  holdsCharts(): boolean {
    return this.store.holdsAny();
  }

  /** The SVGs kept under `key` (`count` of them), or null (none kept, unreadable, or another key). */
  read(key: string, count: number): string[] | null {
    return this.store.read(key, isSvgList(count));
  }

  /** Keeps `svgs` under `key` (whole or not at all; the run's end prunes: `pruneOutputCache`). Never throws. */
  write(key: string, svgs: string[]): void {
    this.store.write(key, svgs);
  }
}
