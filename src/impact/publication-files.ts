/**
 * The files of a publication: the HTML pieces every report shares (tables, stylesheet) and the writer
 * of CSV tables, the XLSX workbook and the JSON — every file written whole or not at all
 * (`writeFileAtomic`). Used by the annual report (report.ts) and the local evaluation
 * (local-evaluation.ts): one writer, one look. Internal: not in the impact barrel.
 */
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../util/atomic-write.js';
import { toCsv } from '../util/csv-write.js';
import { xlsxWorkbookBuffer } from '../util/xlsx-write.js';
import { reportCellText, reportCellValue } from './published-cells.js';
import type { PublishedTable, ReportLang } from './report.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One published table as HTML (caption, header, rows; the row labelled `totalLabel` in bold; a left-out table as its title and note). */
export function tableHtml(t: PublishedTable, lang: ReportLang, totalLabel: string): string {
  // a table left out by the disclosure control: its title and why, not an empty header
  if (t.leftOut) return `<p class="note left-out" id="t-${t.id}"><b>${escapeHtml(t.title)}</b>: ${escapeHtml(t.note ?? '')}</p>`;
  const keep = t.htmlCells ? new Set(t.htmlCells) : null;
  const head = t.columns
    .filter((_, i) => i === 0 || !keep || keep.has(i - 1))
    .map((c, i) => `<th${i ? ' class="num"' : ''}>${escapeHtml(c)}</th>`)
    .join('');
  const body = t.rows
    .map((r) => {
      const total = r.label === totalLabel ? ' class="total"' : '';
      const cells = r.cells
        .filter((_, i) => !keep || keep.has(i))
        .map((c) => {
          const cls = c.kind === 'text' ? (c.mark && /^[\d–.,\s-]+$/.test(c.mark) ? 'num' : '') : c.value === null && c.mark ? 'num hidden' : 'num';
          return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(reportCellText(c, lang))}</td>`;
        })
        .join('');
      return `<tr${total}><th scope="row">${escapeHtml(r.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table id="t-${t.id}"><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ''}`;
}


/** The stylesheet of every HTML publication (screen and A4 print). */
export const REPORT_CSS = `
:root { --ink:#1d2730; --muted:#5b6770; --line:#d9dee2; --accent:#0072B2; --band:#f4f7f9; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; font-size: 14px; line-height: 1.45; }
main { max-width: 1000px; margin: 0 auto; padding: 32px 40px 48px; }
header { border-bottom: 4px solid var(--accent); margin-bottom: 20px; padding-bottom: 10px; }
h1 { font-size: 26px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
p { margin: 8px 0; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 28px; align-items: start; }
.chart { margin: 10px 0 4px; break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
figure.chart { margin: 10px 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 4px; font-size: 13px; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding: 4px 0 6px; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--band); font-weight: bold; border-bottom: 2px solid #b8c2c9; vertical-align: bottom; }
thead th:first-child { text-align: left; }
tbody th { text-align: left; font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.hidden { color: var(--muted); font-style: italic; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #b8c2c9; }
.note { color: var(--muted); font-size: 12px; margin: 2px 0 12px; }
.key { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
.key div { background: var(--band); border-left: 4px solid var(--accent); padding: 10px 12px; }
.key b { display: block; font-size: 24px; }
.key span { color: var(--muted); font-size: 12px; }
.how li { margin: 4px 0; }
.privacy { background: var(--band); padding: 12px 16px; border-left: 4px solid #999; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
.wide { overflow-x: auto; }
.wide table { font-size: 12px; }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
  h2 { break-before: auto; }
  .grid { grid-template-columns: 1fr 1fr; }
  .wide { overflow: visible; }
  @page { size: A4; margin: 16mm 14mm; }
}
@media (max-width: 760px) { .grid, .key { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print { .key { grid-template-columns: repeat(4, 1fr); } .grid { grid-template-columns: 1fr 1fr; } }
`;

/**
 * The XLSX workbook of a publication's tables (one sheet per table, titled) as bytes; `cache`: a private folder of
 * kept workbooks (util/xlsx-write.ts, xlsxWorkbookBuffer).
 */
export function tablesWorkbook(tables: PublishedTable[], cache?: string | null): Buffer {
  return xlsxWorkbookBuffer(
    tables.map((t) => ({
      name: t.id,
      title: t.title,
      columns: t.columns,
      rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, i === 0 ? r.label : reportCellValue(r.cells[i - 1])]))),
      note: t.note,
    })),
    { cache },
  );
}

/** What {@link writePublicationFiles} wrote. */
export interface PublicationFiles {
  html: string;
  json: string;
  xlsx: string;
  csv: string[];
}

/** The bytes of a publication's files besides its HTML ({@link publicationFileBytes}). */
export interface PublicationFileBytes {
  /** One CSV per table: its path and text. */
  csv: Array<{ path: string; text: string }>;
  /** The XLSX workbook (every table). */
  workbook: Buffer;
  /** The JSON of every published figure. */
  json: string;
}

/**
 * What {@link writePublicationFiles} writes besides the HTML: `tables/<id><tableSuffix>.csv` per table (UTF-8
 * with BOM, formulas escaped), the workbook and the JSON — made before anything is written (a report makes them
 * while its charts are rendered). `cache`: a private folder of kept workbooks ({@link tablesWorkbook}).
 */
export function publicationFileBytes(outDir: string, tableSuffix: string, tables: PublishedTable[], json: unknown, cache?: string | null): PublicationFileBytes {
  const csv = tables.map((t) => {
    const rows = t.rows.map((r) => {
      const o: Record<string, string | number> = { [t.columns[0]]: r.label };
      r.cells.forEach((c, i) => (o[t.columns[i + 1]] = reportCellValue(c)));
      return o;
    });
    // rows left out of a summary table: the CSV, which carries no notes, says which and why in a last line
    if (t.leftOutRows) rows.push({ [t.columns[0]]: t.leftOutRows.note });
    return { path: join(outDir, 'tables', `${t.id}${tableSuffix}.csv`), text: toCsv(t.columns, rows, { bom: true }) };
  });
  return { csv, workbook: tablesWorkbook(tables, cache), json: JSON.stringify(json, null, 2) };
}

/**
 * Writes one publication, each file atomically, in this order: `<base>.html`, `tables/*.csv`, `<base>.xlsx` and
 * `<base>.json` (the last three as {@link publicationFileBytes} made them, in the same `outDir`).
 */
export function writePublicationFiles(outDir: string, base: string, htmlText: string, bytes: PublicationFileBytes, step: (name: string) => void = () => {}): PublicationFiles {
  ensureDir(join(outDir, 'tables'));
  step('HTML');
  const html = join(outDir, `${base}.html`);
  writeFileAtomic(html, htmlText);
  step('CSV');
  const csv: string[] = [];
  for (const { path, text } of bytes.csv) {
    writeFileAtomic(path, text);
    csv.push(path);
  }
  step('XLSX');
  const xlsx = join(outDir, `${base}.xlsx`);
  writeFileAtomic(xlsx, bytes.workbook);
  step('JSON');
  const json = join(outDir, `${base}.json`);
  writeFileAtomic(json, bytes.json);
  return { html, json, xlsx, csv };
}
