/**
 * Rendering Vega-Lite specs to SVG and PNG without a browser.
 *
 * vega, vega-lite and @resvg/resvg-js are loaded lazily, on the first chart: vega and vega-lite from
 * the one-file builds in their packages ({@link vegaLibs}), resvg with `await import()`. (vega's ES
 * module graph contains top-level await, via vega-canvas, which would stop Jupyter's tslab (CommonJS)
 * from `require`-ing this package if it were imported at module top.)
 *
 * Text: vega lays out text with its own width estimate; resvg draws it with the bundled
 * DejaVu Sans (npm package dejavu-fonts-ttf), never with system fonts, so a PNG looks the same
 * on a fresh machine as on a laptop.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { ensureDir, writeFileAtomic } from '../util/atomic-write.js';
import { chartConfig, FONT_FAMILY } from './theme.js';

/** A Vega-Lite specification as a plain JSON object. */
export type VegaLiteSpec = Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Adds the schema URL and the shared theme unless the spec sets its own. */
export function withTheme(spec: VegaLiteSpec): VegaLiteSpec {
  const config = { ...chartConfig(), ...((spec.config as Record<string, unknown>) ?? {}) };
  return { $schema: VEGA_LITE_SCHEMA, ...spec, config };
}

function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(dir, f));
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let libs: { vega: Vega; vl: VegaLite } | undefined;

/**
 * vega and vega-lite as their packages build them into one file each (`vega/build/vega.js`,
 * `vega-lite/build/vega-lite.min.js`: the same version of the same code as their ES modules), loaded once.
 * The packages' ES module entries import about 370 files (d3 and vega packages as separate modules), which
 * took a report run about 240 ms of CPU to resolve, read and compile; vega's one file takes about 50 ms.
 * The files are UMD scripts that export as CommonJS: each is run once as a function of `exports`, `module`
 * and `require` (vega-lite's `require('vega')` is given the vega loaded here). Rendered output is the same:
 * without the optional `canvas` package, vega measures text by its own estimate either way
 * (tests/charts/render.test.ts compares the SVG of every chart kind with the ES modules').
 */
function vegaLibs(): { vega: Vega; vl: VegaLite } {
  if (libs) return libs;
  const require = createRequire(import.meta.url);
  const load = (file: string, deps: Record<string, unknown>): unknown => {
    const module = { exports: {} as Record<string, unknown> };
    const wrapped = runInThisContext(`(function (exports, module, require) {${readFileSync(file, 'utf8')}\n})`, { filename: file }) as (e: unknown, m: unknown, r: (id: string) => unknown) => void;
    wrapped(module.exports, module, (id) => {
      if (id in deps) return deps[id];
      throw new Error(`${file} asks for ${id}, which the chart renderer does not provide.`);
    });
    return module.exports;
  };
  const vega = load(join(dirname(require.resolve('vega')), 'vega.js'), {}) as Vega;
  const vl = load(join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'), { vega }) as VegaLite;
  libs = { vega, vl };
  return libs;
}

/** Compiles a Vega-Lite spec to a Vega spec. */
export async function compileVegaLite(spec: VegaLiteSpec): Promise<Record<string, unknown>> {
  const { vl } = vegaLibs();
  return vl.compile(withTheme(spec) as never).spec as unknown as Record<string, unknown>;
}

/** Renders a Vega-Lite spec to an SVG string (headless vega View). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega } = vegaLibs();
  const vgSpec = await compileVegaLite(spec);
  const view = new vega.View(vega.parse(vgSpec as never), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders groups of specs to SVG strings: the specs of a group together (`Promise.all` over {@link renderSvg}),
 * the groups one after another; a null spec gives ''. Vega numbers its clip paths across the process (`clip1`,
 * `clip2`, …), so the same groups rendered in the same order give the same bytes. The annual report runs it on
 * the helper thread (util/helper-thread.ts).
 */
export async function renderSvgGroups(groups: Array<Array<VegaLiteSpec | null>>): Promise<string[][]> {
  const out: string[][] = [];
  for (const group of groups) out.push(await Promise.all(group.map((s) => (s ? renderSvg(s) : Promise.resolve('')))));
  return out;
}

/** Loads vega and vega-lite now (the first chart's load; e.g. on the helper thread before the charts are asked for). */
export function loadChartRenderer(): void {
  vegaLibs();
}

export interface PngOptions {
  /** Zoom factor (default 2: crisp on screens and in Word). */
  scale?: number;
}

/** Renders a Vega-Lite spec to PNG bytes (SVG via vega, rasterised by resvg with the bundled font). */
export async function renderPng(spec: VegaLiteSpec, options: PngOptions = {}): Promise<Buffer> {
  const svg = await renderSvg(spec);
  return svgToPng(svg, options);
}

export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

/** Writes `<base>.svg`, `<base>.png` and/or `<base>.vl.json`; returns the paths written. */
export async function saveChart(
  spec: VegaLiteSpec,
  base: string,
  formats: Array<'svg' | 'png' | 'json'> = ['svg', 'png'],
): Promise<string[]> {
  ensureDir(dirname(base));
  const written: string[] = [];
  let svg: string | undefined;
  if (formats.includes('svg') || formats.includes('png')) svg = await renderSvg(spec);
  if (formats.includes('svg') && svg) {
    writeFileAtomic(`${base}.svg`, svg);
    written.push(`${base}.svg`);
  }
  if (formats.includes('png') && svg) {
    writeFileAtomic(`${base}.png`, await svgToPng(svg));
    written.push(`${base}.png`);
  }
  if (formats.includes('json')) {
    writeFileAtomic(`${base}.vl.json`, JSON.stringify(withTheme(spec), null, 2));
    written.push(`${base}.vl.json`);
  }
  return written;
}
