/**
 * Display helpers for Jupyter notebooks running the tslab TypeScript kernel.
 *
 * A chart is sent as ONE display output carrying the Vega-Lite spec as a JSON object
 * (`application/vnd.vegalite.v5+json`, interactive in JupyterLab and VS Code) and a PNG rendering
 * (`image/png`, drawn at twice the size for sharpness, shown at its natural size through the
 * output's width/height metadata): the picture GitHub, nbconvert's HTML and classic viewers show.
 * No `image/svg+xml` is sent on purpose: nbconvert 6.5 (Debian 12) ranks SVG above PNG and passes it
 * through lxml's `clean_html`, which strips every SVG element, so an output with SVG shows as blank
 * space in its HTML even when a PNG is beside it. SVG files come from `saveChart`/`renderSvg`.
 * Tables are sent as HTML with a plain-text fallback.
 *
 * Outside a tslab kernel these functions throw a clear error; `chartBundle`/`tableBundle`
 * return the MIME bundles so other front ends can use them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { renderSvg, svgToPng, withTheme, type VegaLiteSpec } from '../charts/render.js';
import type { DesignResult } from '../designs/result.js';
import { designTableHtml, designTableText } from '../report/format.js';

export type MimeBundle = Record<string, unknown>;

interface TslabJupyter {
  lastWriteDisplayData?: (data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;
}

function tslabJupyter(): TslabJupyter | undefined {
  const candidates = [createRequire(import.meta.url), createRequire(join(process.cwd(), 'index.js'))];
  for (const req of candidates) {
    try {
      return req('tslab/dist/jupyter') as TslabJupyter;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** Sends a MIME bundle (and its per-MIME-type metadata, e.g. an image's width) as one display output of the running tslab kernel. */
export function displayBundle(bundle: MimeBundle, metadata: Record<string, unknown> = {}): void {
  const jupyter = tslabJupyter();
  if (!jupyter?.lastWriteDisplayData) {
    throw new Error('displayBundle: not running inside a tslab Jupyter kernel (install it with `npx tslab install`).');
  }
  jupyter.lastWriteDisplayData({ data: bundle, metadata, transient: {} }, false);
}

/** Zoom of the PNG in a chart output (shown at 1×, so it stays sharp on high-density screens). */
const CHART_PNG_SCALE = 2;

/** A display output: MIME bundle plus metadata (nbformat `display_data`). */
export interface DisplayOutput {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** Width and height in pixels from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The display output of a chart: the Vega-Lite spec (JSON object), a PNG (base64, rendered at 2×)
 * with its display width/height in the metadata, and a plain-text title.
 */
export async function chartOutput(spec: VegaLiteSpec): Promise<DisplayOutput> {
  const themed = withTheme(spec);
  const png = await svgToPng(await renderSvg(themed), { scale: CHART_PNG_SCALE });
  const { width, height } = pngSize(png);
  return {
    data: {
      'application/vnd.vegalite.v5+json': themed,
      'image/png': png.toString('base64'),
      'text/plain': `<Vega-Lite chart${typeof spec.title === 'string' ? `: ${spec.title}` : ''}>`,
    },
    metadata: { 'image/png': { width: Math.round(width / CHART_PNG_SCALE), height: Math.round(height / CHART_PNG_SCALE) } },
  };
}

/** The MIME bundle of a chart (see {@link chartOutput}; without the PNG's display size). */
export async function chartBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  return (await chartOutput(spec)).data;
}

/** Shows a chart in the notebook: interactive in JupyterLab, a PNG everywhere else. */
export async function showChart(spec: VegaLiteSpec): Promise<void> {
  const out = await chartOutput(spec);
  displayBundle(out.data, out.metadata);
}

const escapeHtmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cellText(v: unknown, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toFixed(digits) : String(v);
  return String(v);
}

/** HTML and plain-text bundle of a table of rows (objects). */
export function tableBundle(rows: ReadonlyArray<Record<string, unknown>>, options: { columns?: string[]; digits?: number; caption?: string } = {}): MimeBundle {
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const digits = options.digits ?? 2;
  const head = columns.map((c) => `<th>${escapeHtmlText(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => {
      const v = r[c];
      const align = typeof v === 'number' ? ' style="text-align:right"' : '';
      return `<td${align}>${escapeHtmlText(cellText(v, digits))}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  const caption = options.caption ? `<caption style="text-align:left;font-weight:bold">${escapeHtmlText(options.caption)}</caption>` : '';
  const html = `<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cellText(r[c], digits).length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(widths[i])).join('  ');
  const text = [options.caption ?? '', line(columns), ...rows.map((r) => line(columns.map((c) => cellText(r[c], digits))))].filter(Boolean).join('\n');
  return { 'text/html': html, 'text/plain': text };
}

/** Shows a table in the notebook as HTML. */
export function showTable(rows: ReadonlyArray<Record<string, unknown>>, options: { columns?: string[]; digits?: number; caption?: string } = {}): void {
  displayBundle(tableBundle(rows, options));
}

/** MIME type under which {@link showKeyNumbers} stores the numbers, so tests can read them back from an executed notebook. */
export const KEY_NUMBERS_MIME = 'application/vnd.homestart-impact.key-numbers+json';

/** Key numbers: name → number (or text). */
export type KeyNumbers = Record<string, number | string | null>;

/** MIME bundle of key numbers: a small HTML/plain table for readers plus the raw JSON under {@link KEY_NUMBERS_MIME}. */
export function keyNumbersBundle(numbers: KeyNumbers, options: { caption?: string; digits?: number } = {}): MimeBundle {
  const rows = Object.entries(numbers).map(([name, value]) => ({ name, value }));
  const table = tableBundle(rows, { caption: options.caption ?? 'Key numbers', digits: options.digits ?? 4, columns: ['name', 'value'] });
  const json: Record<string, number | string | null> = {};
  for (const [k, v] of Object.entries(numbers)) json[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  return { ...table, [KEY_NUMBERS_MIME]: json };
}

/**
 * Shows the key numbers of a notebook (the ones its text talks about) as a small table, and stores
 * them unrounded as JSON in the output so `tests/notebooks/execute.test.ts` can compare them with
 * the library's own computation. Non-finite numbers are stored as null.
 */
export function showKeyNumbers(numbers: KeyNumbers, options: { caption?: string; digits?: number } = {}): void {
  displayBundle(keyNumbersBundle(numbers, options));
}

/** What {@link showDesignResult} shows besides the tables. */
export interface ShowDesignResultOptions {
  /** Show the design's charts too (default false: the notebooks draw their own). */
  charts?: boolean;
  /** Show the APA sentences (default true). */
  sentences?: boolean;
  /** Show the methods note and notes (default true). */
  methods?: boolean;
}

/** The MIME bundle of a design result's tables, APA sentences and methods note, formatted as in the HTML report. */
export function designResultBundle(result: DesignResult<object>, options: ShowDesignResultOptions = {}): MimeBundle {
  const html: string[] = [`<h4>${escapeHtmlText(result.title)}</h4>`, ...result.tables.map((t) => designTableHtml(t))];
  const text: string[] = [result.title, ...result.tables.map((t) => designTableText(t))];
  if (options.sentences !== false && result.sentences.length > 0) {
    html.push(`<ul>${result.sentences.map((s) => `<li>${escapeHtmlText(s)}</li>`).join('')}</ul>`);
    text.push(...result.sentences.map((s) => `- ${s}`));
  }
  if (options.methods !== false) {
    html.push(`<p><em>Methods.</em> ${escapeHtmlText(result.methodsNote)}</p>`, ...result.notes.map((n) => `<p><em>Note.</em> ${escapeHtmlText(n)}</p>`));
    text.push(`Methods. ${result.methodsNote}`, ...result.notes.map((n) => `Note. ${n}`));
  }
  return { 'text/html': html.join('\n'), 'text/plain': text.join('\n\n') };
}

/**
 * Shows the result of a design analysis (`analyzePrePost`, `analyzeVersusControl`, `analyzeVersusNorm`,
 * `analyzeGas`, `analyzeWaves`) as the HTML report shows it: its tables, APA sentences and methods note,
 * and with `charts: true` its charts. This is what `npm start` writes to `out/report.html`.
 */
export async function showDesignResult(result: DesignResult<object>, options: ShowDesignResultOptions = {}): Promise<void> {
  displayBundle(designResultBundle(result, options));
  if (options.charts) for (const c of result.charts) await showChart(c.spec);
}
