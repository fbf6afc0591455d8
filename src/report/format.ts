/**
 * Formatting design tables for people: one cell formatter (APA conventions from `stats/apa.ts`),
 * a plain-text table for the terminal, and an HTML table for the report.
 */
import { fmt, fmtNoLeadingZero, fmtP } from '../stats/apa.js';
import type { DesignColumnFormat, DesignTable } from '../designs/result.js';

/** "—" for a value that is not available (null, NaN, undefined). */
export const REPORT_MISSING_MARK = '—';

/**
 * Formats one cell: `int` whole number, `num2`/`num3` fixed decimals, `p` APA p without "p =" (".016",
 * "< .001"), `prop` without leading zero (".42"), `pct` percentage with one decimal ("42.3%"), `text` as is.
 *
 * @example
 * formatDesignCell(0.0162, 'p');   // ".016"
 * formatDesignCell(0.4231, 'pct'); // "42.3%"
 * formatDesignCell(NaN, 'num2');   // "—"
 */
export function formatDesignCell(value: unknown, format: DesignColumnFormat): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return REPORT_MISSING_MARK;
  if (typeof value !== 'number') return String(value);
  switch (format) {
    case 'int':
      return Number.isInteger(value) ? String(value) : fmt(value, 2);
    case 'num2':
      return fmt(value, 2);
    case 'num3':
      return fmt(value, 3);
    case 'p':
      return fmtP(value).replace(/^p = /, '').replace(/^p /, '');
    case 'prop':
      return fmtNoLeadingZero(value, 2);
    case 'prop3':
      return fmtNoLeadingZero(value, 3);
    case 'pct':
      return `${(value * 100).toFixed(1)}%`;
    default:
      return String(value);
  }
}

/** A design table as aligned plain text (for the terminal), with its title and note. */
export function designTableText(table: DesignTable): string {
  const head = table.columns.map((c) => c.label);
  const body = table.rows.map((r) => table.columns.map((c) => formatDesignCell(r[c.key], c.format)));
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 || table.columns[j].format === 'text' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  const out = [table.title, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  if (table.note) out.push(`Note. ${table.note}`);
  return out.join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A design table as an HTML `<table id="table-<idPrefix>-<id>">` (numbers right-aligned), with caption and note. */
export function designTableHtml(table: DesignTable, idPrefix?: string): string {
  const htmlId = idPrefix ? `${idPrefix}-${table.id}` : table.id;
  const th = table.columns.map((c) => `<th${c.format === 'text' ? '' : ' class="num"'}>${escapeHtml(c.label)}</th>`).join('');
  const rows = table.rows
    .map((r) => `<tr>${table.columns.map((c) => `<td${c.format === 'text' ? '' : ' class="num"'}>${escapeHtml(formatDesignCell(r[c.key], c.format))}</td>`).join('')}</tr>`)
    .join('\n');
  const note = table.note ? `<p class="note"><em>Note.</em> ${escapeHtml(table.note)}</p>` : '';
  return `<div class="table-wrap"><table id="table-${escapeHtml(htmlId)}"><caption>${escapeHtml(table.title)}</caption><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table></div>${note}`;
}

/** Makes the ids of an SVG unique (`clip1` → `<prefix>-clip1`, with its `url(#…)`/`href` references) so several can be inlined in one page. */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

/** CSV columns of a design table: the displayed columns first, then every other field of the rows (unrounded). */
export function designTableCsvColumns(table: DesignTable): string[] {
  const cols = table.columns.map((c) => c.key);
  for (const r of table.rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}
