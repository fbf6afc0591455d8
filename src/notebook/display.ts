/**
 * Display helpers for Jupyter notebooks running the tslab TypeScript kernel.
 *
 * A chart is sent as ONE display output carrying two MIME types: the Vega-Lite spec as a JSON
 * object (`application/vnd.vegalite.v5+json`, interactive in JupyterLab) and a rendered SVG
 * (`image/svg+xml`, what GitHub, nbconvert HTML and classic viewers show). Tables are sent as
 * HTML with a plain-text fallback.
 *
 * Outside a tslab kernel these functions throw a clear error; `chartBundle`/`tableBundle`
 * return the MIME bundles so other front ends can use them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { renderSvg, withTheme, type VegaLiteSpec } from '../charts/render.js';
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

/** Sends a MIME bundle as one display output of the running tslab kernel. */
export function displayBundle(bundle: MimeBundle): void {
  const jupyter = tslabJupyter();
  if (!jupyter?.lastWriteDisplayData) {
    throw new Error('displayBundle: not running inside a tslab Jupyter kernel (install it with `npx tslab install`).');
  }
  jupyter.lastWriteDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
}

/** The MIME bundle of a chart: the Vega-Lite spec (JSON object) plus its SVG rendering. */
export async function chartBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  const themed = withTheme(spec);
  return {
    'application/vnd.vegalite.v5+json': themed,
    'image/svg+xml': await renderSvg(themed),
    'text/plain': `<Vega-Lite chart${typeof spec.title === 'string' ? `: ${spec.title}` : ''}>`,
  };
}

/** Shows a chart in the notebook: interactive in JupyterLab, SVG everywhere else. */
export async function showChart(spec: VegaLiteSpec): Promise<void> {
  displayBundle(await chartBundle(spec));
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
