/**
 * Word output of the study report (`report.docx`) and of each table (`tables-docx/table-N.docx`):
 * real Word tables in APA 7 style (horizontal rules only: above and below the header and below the
 * last row; numbers right-aligned; italic symbols), "Table N" in bold with the title in italics above,
 * the note below, figures as PNG with "Figure N" and an italic title. Made with the `docx` package
 * (no Word or LibreOffice needed); the pages fit A4 portrait with 2.5 cm margins. `docx` is an
 * optional dependency, loaded only when Word output is asked for (`npm install docx`).
 */
import type { IParagraphOptions, Paragraph, Table, TextRun } from 'docx';
import type { Lang } from '../charts/theme.js';
import { markupRuns, symbolMarkup, type ApaTable } from './apa-tables.js';
import type { ReportLayout } from './study-report.js';

type DocxModule = typeof import('docx');
let D: DocxModule;

/** Loads the optional `docx` package (a sentence saying how to install it when absent). */
async function loadDocx(): Promise<DocxModule> {
  if (D) return D;
  try {
    D = await import('docx');
    return D;
  } catch {
    throw new Error('Word output needs the optional package "docx": run npm install docx (or pass docx: false / --no-docx).');
  }
}

const FONT = 'Times New Roman';
/** Text width of A4 portrait with 2.5 cm margins, in twentieths of a point. */
const TEXT_WIDTH_TWIP = 9026;

function runs(markup: string, extra: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun[] {
  return markupRuns(markup).map((r) => new D.TextRun({ text: r.text, font: FONT, size: extra.size ?? 24, bold: extra.bold ?? false, italics: (r.italics ?? false) !== (extra.italics ?? false), subScript: r.subScript ?? false, superScript: r.superScript ?? false }));
}

function para(markup: string, options: Partial<IParagraphOptions> & { bold?: boolean; italics?: boolean; size?: number } = {}): Paragraph {
  const { bold, italics, size, ...rest } = options;
  return new D.Paragraph({ ...rest, children: runs(markup, { ...(bold !== undefined ? { bold } : {}), ...(italics !== undefined ? { italics } : {}), ...(size !== undefined ? { size } : {}) }) });
}

const none = () => ({ style: D.BorderStyle.NONE, size: 0, color: 'FFFFFF' });
const rule = () => ({ style: D.BorderStyle.SINGLE, size: 8, color: '000000' });

/** One APA table as Word paragraphs and a Word table (font 10 pt in the table, 12 pt around it). */
function apaTableBlocks(at: ApaTable, lang: Lang): Array<Paragraph | Table> {
  const nCols = at.head.length;
  // widths from the longest cell (the header may wrap: it counts by its longest word); the first column wraps after 24 characters
  const widths = at.head.map((_h, j) => Math.max(...at.head[j].replace(/\*|_\{|\^\{|\}/g, '').split(/\s+/).map((w) => w.length), ...at.rows.map((r) => (j === 0 ? Math.min(r[j].length, 24) : r[j].length))) + 1);
  const total = widths.reduce((a, b) => a + b, 0);
  const tw = widths.map((w) => Math.floor((w / total) * TEXT_WIDTH_TWIP));
  const cell = (markup: string, j: number, opts: { header?: boolean; last?: boolean }) =>
    new D.TableCell({
      width: { size: tw[j], type: D.WidthType.DXA },
      borders: { top: opts.header ? rule() : none(), bottom: opts.header || opts.last ? rule() : none(), left: none(), right: none() },
      margins: { left: 45, right: 45, top: 10, bottom: 10 },
      children: [para(markup, { size: 18, alignment: at.align[j] === 'r' ? D.AlignmentType.RIGHT : D.AlignmentType.LEFT })],
    });
  const rows = [
    new D.TableRow({ tableHeader: true, children: at.head.map((h, j) => cell(h, j, { header: true })) }),
    ...at.rows.map((r, i) => new D.TableRow({ cantSplit: true, children: r.map((c, j) => cell(c, j, { last: i === at.rows.length - 1 })) })),
  ];
  void nCols;
  return [
    para(`${lang === 'nl' ? 'Tabel' : 'Table'} ${at.number}`, { bold: true, spacing: { before: 240 }, keepNext: true }),
    para(at.title, { italics: true, spacing: { after: 120 }, keepNext: true }),
    new D.Table({ rows, width: { size: TEXT_WIDTH_TWIP, type: D.WidthType.DXA }, columnWidths: tw, borders: { top: none(), bottom: none(), left: none(), right: none(), insideHorizontal: none(), insideVertical: none() } }),
    para(`*${lang === 'nl' ? 'Noot' : 'Note'}.* ${at.note}`, { size: 20, spacing: { before: 80, after: 240 } }),
  ];
}

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The whole report as a Word document (A4, Times New Roman 12 pt). */
export async function reportDocx(layout: ReportLayout, pngs: Map<string, Buffer>, options: { title: string; banner: string; lang: Lang }): Promise<Buffer> {
  await loadDocx();
  const nl = options.lang === 'nl';
  const children: Array<Paragraph | Table> = [];
  const priv = layout.private ? `${nl ? 'VERTROUWELIJK' : 'PRIVATE'} — ` : '';
  children.push(new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun({ text: priv + options.title, font: FONT, size: 32, bold: true })] }));
  children.push(para(`${nl ? 'Synthetische data.' : 'Synthetic data.'} ${options.banner}`, { size: 20, italics: true }));
  if (layout.disclosure) children.push(para(layout.disclosure, { size: 20, italics: true }));
  for (const s of layout.sections) {
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new D.TextRun({ text: s.heading, font: FONT, size: 28, bold: true })] }));
    children.push(para(s.question, { italics: true }));
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun({ text: nl ? 'Methode' : 'Method', font: FONT, size: 24, bold: true })] }));
    children.push(para(s.methods, { alignment: D.AlignmentType.JUSTIFIED }));
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun({ text: nl ? 'Resultaten' : 'Results', font: FONT, size: 24, bold: true })] }));
    children.push(para(s.results, { alignment: D.AlignmentType.JUSTIFIED }));
    for (const at of s.tables) children.push(...apaTableBlocks(at, options.lang));
    for (const f of s.figures) {
      const png = pngs.get(f.base);
      if (!png) continue;
      const { width, height } = pngSize(png);
      // fit 16 cm (605 px at 96 dpi) wide and 20 cm high
      const scale = Math.min(605 / width, 756 / height, 0.5);
      children.push(para(`${nl ? 'Figuur' : 'Figure'} ${f.number}`, { bold: true, spacing: { before: 240 }, keepNext: true }));
      children.push(para(symbolMarkup(f.title), { italics: true, keepNext: true }));
      children.push(new D.Paragraph({ children: [new D.ImageRun({ type: 'png', data: png, transformation: { width: Math.round(width * scale), height: Math.round(height * scale) } })] }));
    }
  }
  const doc = new D.Document({
    creator: 'homestart-impact',
    title: priv + options.title,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1440, right: 1440 } } }, children }],
  });
  return D.Packer.toBuffer(doc);
}

/** One table as its own Word document (to paste into a thesis). */
export async function tableDocx(at: ApaTable, lang: Lang): Promise<Buffer> {
  await loadDocx();
  const doc = new D.Document({
    creator: 'homestart-impact',
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1440, right: 1440 } } }, children: apaTableBlocks(at, lang) }],
  });
  return D.Packer.toBuffer(doc);
}
