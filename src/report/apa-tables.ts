/**
 * APA 7 tables for the study report (HTML, Word, CSV "as in the report"): a design table becomes one
 * or more numbered tables that fit an A4 page — each CI pair merged into one "[lower, upper]" column,
 * statistical symbols in italics, codes replaced by words, numbers in the language's convention
 * (minus sign, decimal comma in Dutch), and a table wider than the page split into parts that repeat
 * the row labels. The text uses a small markup shared by every renderer: `*x*` italic, `_{x}`
 * subscript, `^{x}` superscript.
 */
import { label, type Lang } from '../charts/theme.js';
import type { DesignColumnFormat, DesignTable } from '../designs/result.js';
import { formatDesignCell, REPORT_MISSING_MARK } from './format.js';

/** Number formatting of a report: Dutch text uses the decimal comma unless the user says otherwise. */
export interface ReportLocale {
  lang: Lang;
  /** Decimal comma (default: true for Dutch, false for English). */
  decimalComma?: boolean;
}

/** A table laid out for the report (every cell already formatted, markup in headers and notes). */
export interface ApaTable {
  /** "Table N" number in the report. */
  number: number;
  /** Title (italic under the number, APA 7). */
  title: string;
  head: string[];
  /** `l` for text columns, `r` for numbers (aligned on the decimal by equal decimals per column). */
  align: Array<'l' | 'r'>;
  /** Cells (markup: a transposed table has the column headers, with their italic symbols, as its first column). */
  rows: string[][];
  note: string;
  /** Section id and design table id this table was made from, and which part (1-based) of how many. */
  source: { section: string; table: string; part: number; parts: number };
}

/** Localises a formatted number: U+2212 minus, decimal comma when asked. */
export function localizeNumber(s: string, locale: ReportLocale): string {
  const comma = locale.decimalComma ?? locale.lang === 'nl';
  let out = s.replace(/(^|[\s[(<>=])-(?=\d|\.\d)/g, '$1−');
  if (comma) out = out.replace(/(\d|^|[\s[(<>=−])\.(\d)/g, '$1,$2');
  return out;
}

/** One cell as shown in the report: the APA format of the column, localised; codes as words. */
export function reportCell(value: unknown, format: DesignColumnFormat, locale: ReportLocale): string {
  if (format === 'text') return typeof value === 'string' ? codeText(value, locale.lang) : value === null || value === undefined ? REPORT_MISSING_MARK : String(value);
  return localizeNumber(formatDesignCell(value, format), locale);
}

const CODE_WORDS: Record<string, { en: string; nl: string }> = {
  definition: { en: 'definition', nl: 'definitie' },
  'alpha-items': { en: 'α (items)', nl: 'α (items)' },
  user: { en: 'user', nl: 'gebruiker' },
  none: { en: REPORT_MISSING_MARK, nl: REPORT_MISSING_MARK },
  yes: { en: 'yes', nl: 'ja' },
  no: { en: 'no', nl: 'nee' },
};

/** Words for the codes a design table holds (`homestart` → "Home-Start", `alpha-items` → "α (items)"). */
export function codeText(value: string, lang: Lang): string {
  if (CODE_WORDS[value]) return CODE_WORDS[value][lang];
  if (['homestart', 'control', 'norm'].includes(value)) return label(value, lang);
  // covariate codes inside a label, e.g. "single_parent (T1)"
  return value
    .replace(/\bsingle_parent\b/g, lang === 'nl' ? 'alleenstaand ouder' : 'single parent')
    .replace(/^age\b/, lang === 'nl' ? 'leeftijd' : 'age');
}

/** Column headers in Dutch (English is the design's own label). */
const HEADER_NL: Record<string, string> = {
  Outcome: 'Uitkomstmaat', Group: 'Groep', Wave: 'Meting', Period: 'Periode', Change: 'Verandering', Retained: 'Behouden',
  Excluded: 'Uitgesloten', 'M pre': 'M voor', 'SD pre': 'SD voor', 'M post': 'M na', 'SD post': 'SD na', 'p (Holm)': 'p (Holm)',
  'r_xx source': 'Bron r_xx', 'Reliably improved': 'Betrouwbaar verbeterd', 'Reliably deteriorated': 'Betrouwbaar verslechterd',
  'n HS': 'n HS', 'n C': 'n V', 'HS pre M': 'HS M voor', 'HS post M': 'HS M na', 'C pre M': 'V M voor', 'C post M': 'V M na',
  'HS adj. post': 'HS gecorr. na', 'C adj. post': 'V gecorr. na', 'Adj. diff.': 'Gecorr. verschil', 'df error': 'df fout',
  'F group × time': 'F groep × tijd', 'p group × time': 'p groep × tijd', 'n (group × time)': 'n (groep × tijd)',
  'Cut-off': 'Afkappunt', 'Clinical before': 'Klinisch voor', 'Clinical after': 'Klinisch na', Recovered: 'Hersteld', Improved: 'Verbeterd',
  Unchanged: 'Onveranderd', Deteriorated: 'Verslechterd', Harmed: 'Geschaad', 'M norm post': 'M norm na', Equivalent: 'Equivalent',
  Positive: 'Positief', '% positive': '% positief', Negative: 'Negatief', Equal: 'Gelijk', 'p (sign test)': 'p (tekentoets)',
  'p (Wilcoxon)': 'p (Wilcoxon)', 'F group': 'F groep', 'p group': 'p groep', 'F time': 'F tijd', 'p time (GG)': 'p tijd (GG)',
  'p group × time (GG)': 'p groep × tijd (GG)',
  Observations: 'Waarnemingen', Participants: 'Deelnemers', 'χ² group × time (LRT)': 'χ² groep × tijd (LRT)', 'F group × time (type III)': 'F groep × tijd (type III)',
  'p (F)': 'p (F)', 'log-likelihood (REML)': 'log-likelihood (REML)', 'Singular fit': 'Singuliere fit', Term: 'Term', Estimate: 'Schatting',
  'df (Satterthwaite)': 'df (Satterthwaite)', Level: 'Niveau', Effect: 'Effect', Variance: 'Variantie', Time: 'Tijd', 'Estimated mean': 'Geschat gemiddelde',
  'Difference from reference': 'Verschil met referentie', 'p (difference)': 'p (verschil)', 'Feingold d': 'Feingold d', 'Pattern': 'Patroon',
  Share: 'Aandeel', 'Last wave': 'Laatste meting', Variable: 'Variabele', 'n completers': 'n blijvers', 'n dropouts': 'n uitvallers',
  'Completers M / %': 'Blijvers M / %', 'Dropouts M / %': 'Uitvallers M / %', 't (Welch)': 't (Welch)',
};

/** A header in the report's language with statistical symbols in italics (markup). */
export function headerMarkup(text: string, lang: Lang): string {
  let h = lang === 'nl' ? (HEADER_NL[text] ?? text.replace(/ at (T\d+)/, ' op $1').replace(/^Pattern \(/, 'Patroon (')) : text;
  h = h.replace(/% CI\b/, lang === 'nl' ? '%-BI' : '% CI');
  return symbolMarkup(h);
}

/** Italicises the statistical symbols of a text (APA 7): M, SD, n, t, df, p, F, V, d_z, r_xx, ηp², ε, δ, T. */
export function symbolMarkup(h: string): string {
  return h
    .replace(/ηp²/g, '*η*_{p}^{2}')
    .replace(/\bd_(z|av|ppc2|rm)\b/g, '*d*_{$1}')
    .replace(/\br_xx\b/g, '*r*_{xx}')
    .replace(/(^|[\s(])(M|SD|n|N|t|df1|df2|df|p|F|V|T)(?=$|[\s(),=<>])/g, (_m, a: string, s: string) => (s === 'df1' || s === 'df2' ? `${a}*df*_{${s.slice(2)}}` : `${a}*${s}*`))
    .replace(/(^|\s)(ε|δ)(?=$|\s)/g, '$1*$2*');
}

interface Col {
  head: string;
  align: 'l' | 'r';
  cell: (row: Record<string, unknown>) => string;
  text: boolean;
}

/** The columns of a design table for the report: CI pairs merged into "[lower, upper]". */
function reportColumns(t: DesignTable, locale: ReportLocale): Col[] {
  const cols = t.columns;
  const used = new Set<string>();
  const out: Col[] = [];
  for (const c of cols) {
    if (used.has(c.key)) continue;
    const m = /^(.*)(Lower)$/.exec(c.key);
    const next = cols[cols.indexOf(c) + 1];
    const upper = m ? cols.find((x) => x.key === `${m[1]}Upper`) : /\blower$/i.test(c.label) && next && /\bupper$/i.test(next.label) ? next : undefined;
    if (upper) {
      used.add(upper.key);
      const level = /(\d+)% CI/.exec(c.label)?.[1] ?? '95';
      out.push({
        head: symbolMarkup(locale.lang === 'nl' ? `${level}%-BI` : `${level}% CI`),
        align: 'r',
        text: false,
        cell: (r) => {
          const lo = reportCell(r[c.key], c.format, locale);
          const hi = reportCell(r[upper.key], upper.format, locale);
          return lo === REPORT_MISSING_MARK && hi === REPORT_MISSING_MARK ? REPORT_MISSING_MARK : `[${lo}${locale.decimalComma ?? locale.lang === 'nl' ? '; ' : ', '}${hi}]`;
        },
      });
      continue;
    }
    out.push({ head: headerMarkup(c.label, locale.lang), align: c.format === 'text' ? 'l' : 'r', text: c.format === 'text', cell: (r) => reportCell(r[c.key], c.format, locale) });
  }
  return out;
}

function plainWidth(markup: string): number {
  return markup.replace(/\*|_\{|\^\{|\}/g, '').length;
}

/**
 * Lays out a design table as APA tables that fit a portrait A4 page (about `maxChars` characters of
 * 9-point text): the leading text columns (outcome, group, wave) are repeated in every part, the other
 * columns are distributed over as few parts as fit, in their order.
 */
export function apaTables(t: DesignTable, section: string, first: number, title: string, note: string, locale: ReportLocale, maxChars = 100): ApaTable[] {
  const cols = reportColumns(t, locale);
  const rows = t.rows.map((r) => cols.map((c) => c.cell(r)));
  const width = (j: number) => Math.min(cols[j].text && j === 0 ? 26 : 40, Math.max(plainWidth(cols[j].head), ...rows.map((r) => r[j].length))) + 3;
  let stub = 0;
  while (stub < cols.length && cols[stub].text) stub++;
  const stubWidth = cols.slice(0, stub).reduce((a, _c, j) => a + width(j), 0);
  const parts: number[][] = [];
  let current: number[] = [];
  let used = stubWidth;
  for (let j = stub; j < cols.length; j++) {
    if (current.length > 0 && used + width(j) > maxChars) {
      parts.push(current);
      current = [];
      used = stubWidth;
    }
    current.push(j);
    used += width(j);
  }
  if (current.length || parts.length === 0) parts.push(current);
  if (parts.length > 1 && rows.length === 1) {
    // one row too wide for the page: transposed, one statistic per line
    const nl = locale.lang === 'nl';
    const stubText = cols.slice(0, stub).map((_c, j) => rows[0][j]).join(', ');
    return [{
      number: first,
      title,
      head: [nl ? 'Statistiek' : 'Statistic', stubText || (nl ? 'Waarde' : 'Value')],
      align: ['l', 'r'],
      rows: cols.slice(stub).map((c, i) => [c.head, rows[0][stub + i]]),
      note,
      source: { section, table: t.id, part: 1, parts: 1 },
    }];
  }
  const stubIdx = cols.slice(0, stub).map((_c, j) => j);
  return parts.map((p, i) => {
    const idx = [...stubIdx, ...p];
    const partText = parts.length > 1 ? (locale.lang === 'nl' ? ` (deel ${i + 1} van ${parts.length})` : ` (part ${i + 1} of ${parts.length})`) : '';
    return {
      number: first + i,
      title: `${title}${partText}`,
      head: idx.map((j) => cols[j].head),
      align: idx.map((j) => cols[j].align),
      rows: rows.map((r) => idx.map((j) => r[j])),
      note,
      source: { section, table: t.id, part: i + 1, parts: parts.length },
    };
  });
}

/** Converts the report markup to HTML (text escaped). */
export function markupHtml(s: string): string {
  const esc = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return esc
    .replace(/\*([^*]+)\*/g, '<i>$1</i>')
    .replace(/_\{([^}]*)\}/g, '<sub>$1</sub>')
    .replace(/\^\{([^}]*)\}/g, '<sup>$1</sup>');
}

/** Converts the report markup to plain text (`d_z`-free: "dz", "ηp2" are avoided by keeping sub/superscripts as text). */
export function markupText(s: string): string {
  return s.replace(/\*([^*]+)\*/g, '$1').replace(/_\{([^}]*)\}/g, '$1').replace(/\^\{([^}]*)\}/g, (_m, x: string) => (x === '2' ? '²' : x));
}

/** Runs of the markup for a word processor: text with italic / subscript / superscript flags. */
export function markupRuns(s: string): Array<{ text: string; italics?: boolean; subScript?: boolean; superScript?: boolean }> {
  const runs: Array<{ text: string; italics?: boolean; subScript?: boolean; superScript?: boolean }> = [];
  const re = /\*([^*]+)\*|_\{([^}]*)\}|\^\{([^}]*)\}/g;
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index! > last) runs.push({ text: s.slice(last, m.index) });
    if (m[1] !== undefined) runs.push({ text: m[1], italics: true });
    else if (m[2] !== undefined) runs.push({ text: m[2], subScript: true });
    else runs.push({ text: m[3], superScript: true });
    last = m.index! + m[0].length;
  }
  if (last < s.length) runs.push({ text: s.slice(last) });
  return runs;
}
