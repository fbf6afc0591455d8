import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStudyReport, type StudyReportResult } from '../../src/report/index.js';
import { formatDesignCell, designTableText, prefixSvgIds } from '../../src/report/format.js';
import { markupHtml, markupText, apaTables, symbolMarkup, localizeNumber } from '../../src/report/apa-tables.js';
import { printPdf, findChromium } from '../../src/report/pdf.js';
import { execFileSync } from 'node:child_process';
import { REF, expectClose, scoredSample } from '../designs/helpers.js';
import { attack } from './attacker.js';

describe('buildStudyReport (npm start) in a temporary folder', () => {
  let dir: string;
  let r: StudyReportResult;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hs-report-'));
    r = await buildStudyReport({ out: dir, progress: (l) => lines.push(l) });
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the six analyses and reports progress one line per step', () => {
    expect(r.sections.map((s) => s.id)).toEqual(['prepost-1997', 'gas-1997', 'control-2005', 'norm-2008', 'waves-2010', 'waves-2013']);
    expect(lines.filter((l) => l.startsWith('loading and scoring'))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('analysing'))).toHaveLength(6);
    expect(lines.some((l) => l.startsWith('rendering figure 1/'))).toBe(true);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('draws every chart type at least once, each as SVG and PNG', () => {
    expect([...r.chartKinds].sort()).toEqual(
      // no 'spaghetti' (individual trajectories): exact individual values only in a private report
      ['category-bars', 'change-distribution', 'forest', 'gas', 'growth-curves', 'interaction', 'jacobson-truax', 'paired-slope', 'trajectories'].sort(),
    );
    const files = readdirSync(join(dir, 'figures'));
    const charts = r.sections.flatMap((s) => s.result.charts);
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(charts.length);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(charts.length);
    for (const f of r.figures) {
      expect(statSync(f).size).toBeGreaterThan(2000);
      if (f.endsWith('.png')) expect(readFileSync(f).subarray(1, 4).toString('latin1')).toBe('PNG');
      else expect(readFileSync(f, 'utf8').startsWith('<svg')).toBe(true);
    }
    // the interaction plot of the control design carries the norm band
    expect(files).toContain('control-2005-interaction-nosik-total.svg');
    expect(readFileSync(join(dir, 'figures', 'control-2005-interaction-nosik-total.svg'), 'utf8')).toContain('Norm group mean, 95% CI (T1)');
  });

  it('writes every table as CSV whose numbers are the library numbers (and R’s)', () => {
    const tables = readdirSync(join(dir, 'tables'));
    const expected = r.sections.flatMap((s) => s.result.tables.map((t) => `${s.id}-${t.id.replace(/^[a-z]+-/, '')}.csv`));
    expect(tables.sort()).toEqual(expected.sort());
    const csv = readFileSync(join(dir, 'tables', 'control-2005-outcomes.csv'), 'utf8').trim().split('\n');
    const head = csv[0].split(',');
    const line = csv.find((l) => l.startsWith('NOSIK: Total parenting stress,'))!.split(',');
    const ref = REF.control.find((x: { outcome: string }) => x.outcome === 'nosik:total');
    expectClose(Number(line[head.indexOf('difference')]), ref.difference, 1e-9, 'CSV difference vs R');
    expectClose(Number(line[head.indexOf('dppc2')]), ref.dppc2, 1e-9, 'CSV d_ppc2 vs R');
  });

  it('report.html is self-contained: methods notes, tables, inline SVG, APA sentences, synthetic-data footer', () => {
    const html = readFileSync(r.html, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect((html.match(/<svg/g) ?? []).length).toBe(r.sections.reduce((a, s) => a + s.result.charts.length, 0));
    expect(html).toMatch(/<footer><p>All data in this report are SYNTHETIC/);
    for (const s of r.layout.sections) {
      expect(html).toContain(`<section id="${s.id}">`);
      expect(html.includes(markupHtml(s.methods))).toBe(true);
      expect(html.includes(markupHtml(s.results))).toBe(true);
      for (const t of r.sections.find((x) => x.id === s.id)!.result.tables) expect(html).toContain(`id="table-${s.id}-${t.id}"`);
    }
    const gas = r.layout.sections.find((s) => s.id === 'gas-1997')!.results;
    expect(gas).toContain('Of the 56 families with a GAS score at T1 and T2, 48 (85.7%');
    // no raw codes, backticks or notes to developers in the visible text
    const text = html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, ' ');
    expect(text.replace(/homestart-impact/g, "")).not.toMatch(/\bhomestart\b|single_parent|`|extension point|\bd_z\b|\bd_ppc2\b/);
    // SVG ids made unique per figure
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never shows participant ids (pseudonymous keys) in the HTML or the figures', () => {
    const html = readFileSync(r.html, 'utf8');
    expect(html).not.toMatch(/\b(HS|CG|NG)-\d{4}\b/);
    for (const f of r.figures.filter((x) => x.endsWith('.svg'))) expect(readFileSync(f, 'utf8')).not.toMatch(/\b(HS|CG|NG)-\d{4}\b/);
  });

  it('share mode (the default): an attacker holding every file and every true score finds no id and no exact score pair', async () => {
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('Output for sharing: no individual participant');
    // each section's figures against the participants of its data files (the tables hold one row per
    // outcome and group, whose n and df would match small scores by coincidence; the n < 5 rule for them is
    // tested in disclosure.test.ts); the HTML inlines the same SVGs and is searched for every id
    const sections: Array<[string, Array<'prepost-1997' | 'control-2005' | 'norm-2008' | 'fourwaves-2010' | 'fivewaves-2013'>]> = [
      ['prepost-1997', ['prepost-1997']], ['gas-1997', ['prepost-1997']], ['control-2005', ['control-2005', 'norm-2008']],
      ['norm-2008', ['control-2005', 'norm-2008']], ['waves-2010', ['fourwaves-2010']], ['waves-2013', ['fivewaves-2013']],
    ];
    for (const [section, files] of sections) {
      const scores = (await Promise.all(files.map((f) => scoredSample(f)))).flatMap((x) => x.scores);
      const hits = attack(join(dir, 'figures'), scores, { filePrefix: section });
      expect(hits, `${section}: ${JSON.stringify(hits.slice(0, 3))}`).toEqual([]);
      for (const id of new Set(scores.map((x) => x.participantId))) expect(html.includes(id)).toBe(false);
    }
  }, 120_000);

  it('tables and figures are numbered once each, in order; every table fits A4 (≤ 100 characters wide)', () => {
    const tables = r.layout.sections.flatMap((s) => s.tables);
    expect(tables.map((t) => t.number)).toEqual(tables.map((_t, i) => i + 1));
    const figs = r.layout.sections.flatMap((s) => s.figures);
    expect(figs.map((f) => f.number)).toEqual(figs.map((_f, i) => i + 1));
    for (const t of tables) {
      const width = t.head.reduce((a, h, j) => a + Math.min(j === 0 ? 26 : 40, Math.max(markupText(h).length, ...t.rows.map((row) => row[j].length))) + 3, 0);
      expect(width, `Table ${t.number}`).toBeLessThanOrEqual(100 + 40);
      expect(t.head.join(' ')).not.toMatch(/\bd_|lower|upper/);
    }
    // statistical symbols in italics
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('<th class="num"><i>t</i></th>');
    expect(html).toMatch(/<i>d<\/i><sub>z<\/sub>/);
    expect(html).toMatch(/<p class="tabnum"><strong>Table 1<\/strong><\/p><p class="tabtitle"><em>/);
  });

  it('every number in a results paragraph is a cell of that section’s tables (text and table from one result)', () => {
    for (const s of r.layout.sections) {
      const cells = new Set(s.tables.flatMap((t) => t.rows.flat()).flatMap((c) => c.match(/[−-]?\d+(?:[.,]\d+)?%?/g) ?? []));
      const text = markupText(s.results).replace(/(Table|Figure)s? \d+(–\d+)?/g, '').replace(/\b(T\d+|95% CI|90% CI|Jacobson & Truax \(1991\)|Kendall et al\., 1999|Morris, 2008|T ≥ 50)/g, '');
      // every decimal number and percentage, and every df and n given with a statistic
      const numbers = text.match(/[−-]?\d+(?:[.,]\d+)?%?/g) ?? [];
      const checked = [
        ...numbers.filter((x) => /[.,]\d|%/.test(x)),
        ...[...text.matchAll(/\b[tF]\((\d+)[,)]/g)].map((m) => m[1]).filter((x) => Number(x) >= 10),
        ...[...text.matchAll(/\bn = (\d+)/g)].map((m) => m[1]),
      ];
      expect(checked.length, s.id).toBeGreaterThan(2);
      for (const x of checked) expect(cells.has(x), `${s.id}: "${x}" is not in its tables`).toBe(true);
    }
    // and the table cells are the result's own numbers: d_z of NOSIK total in the pre/post table
    const pp = r.sections.find((s) => s.id === 'prepost-1997')!.result;
    const row = pp.outcomes.find((o: any) => o.outcome === 'nosik:total') as any;
    expect(r.layout.sections[0].results).toContain(`*d*_{z} = ${localizeNumber(row.dz.toFixed(2), { lang: 'en' })}`);
  });

  it('writes rounded tables "as in the report" (CSV and XLSX) beside the unrounded ones', () => {
    const csv = readFileSync(join(dir, 'tables-as-in-report', 'table-1.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('Outcome,n,M pre,SD pre,M post,SD post,Change,95% CI');
    expect(csv.find((l) => l.startsWith('NOSIK: Total parenting stress'))).toMatch(/^NOSIK: Total parenting stress,53,86\.72,18\.55,80\.22,16\.94,−6\.51,"\[−9\.71, −3\.30\]"$/);
    expect(existsSync(join(dir, 'tables-as-in-report', 'tables.xlsx'))).toBe(true);
  });

  it('writes report.docx with real Word tables and the figures as PNG, and one .docx per table', () => {
    const xml = execFileSync('unzip', ['-p', r.docx!, 'word/document.xml'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    const nTables = r.layout.sections.flatMap((s) => s.tables).length;
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(nTables);
    expect(xml).toContain('Table 1');
    expect(execFileSync('unzip', ['-l', r.docx!], { maxBuffer: 16 * 1024 * 1024 }).toString()).toMatch(/word\/media\/.*\.png/);
    expect(readdirSync(join(dir, 'tables-docx'))).toHaveLength(nTables);
  });

  it.skipIf(!hasSoffice())('the .docx opens in LibreOffice and converts to an A4 PDF (external tool: libreoffice-writer)', () => {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, r.docx!], { stdio: 'ignore', timeout: 180_000 });
    const info = execFileSync('pdfinfo', [join(dir, 'report.pdf')]).toString();
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)|Page size:\s+595 x 842/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(10);
  }, 200_000);

  it.skipIf(!findChromium())('prints the HTML to an A4 PDF with headless Chromium (external tool: chromium)', async () => {
    const pdf = await printPdf(r.html, join(dir, 'printed.pdf'));
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/\(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(10);
  }, 200_000);

  it('charts are right: no two figures identical, forest axes hold every CI and state the sign, descriptive scales not charted as change', () => {
    const svgs = r.figures.filter((f) => f.endsWith('.svg')).map((f) => readFileSync(f, 'utf8'));
    expect(new Set(svgs).size).toBe(svgs.length);
    // the 2005 and 2008 interaction figures differ: the norm analysis marks its cut-off
    expect(readFileSync(join(dir, 'figures', 'norm-2008-interaction-nosik-total.svg'), 'utf8')).toMatch(/cut-off c = \d+\.\d/);
    for (const s of r.sections) {
      for (const c of s.result.charts) {
        if (c.kind === 'forest') {
          const layers = c.spec.layer as any[];
          const [lo, hi] = layers[2].encoding.x.scale.domain;
          for (const v of (c.spec.data as any).values) {
            expect(v.lower).toBeGreaterThanOrEqual(lo);
            expect(v.upper).toBeLessThanOrEqual(hi);
          }
          expect((c.spec.title as any).subtitle[0]).toMatch(s.id.startsWith('control') ? /^Positive = favours Home-Start\. † / : /^Positive = improvement\. † /);
          expect(layers[1].data.values.map((x: any) => x.text)).toEqual(['0', '−0.2', '0.2']);
          expect(JSON.stringify(c.spec)).not.toMatch(/Events \(whole life\)|experienced (negatively|positively)/);
        }
        if (c.kind === 'change-distribution' || c.kind === 'paired-slope') expect(c.id).not.toMatch(/life-events-(total|negative|positive)/);
      }
    }
  });

  it('out folder holds report.html, figures/ and tables/', () => {
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'figures'))).toBe(true);
    expect(existsSync(join(dir, 'tables'))).toBe(true);
  });
});

function hasSoffice(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v soffice && command -v pdfinfo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the Dutch report (--lang nl)', () => {
  let dir: string;
  let r: StudyReportResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hs-report-nl-'));
    r = await buildStudyReport({ out: dir, lang: 'nl', png: false, docx: false, progress: () => undefined });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has no English left in the visible text, the chart texts or the table headers', () => {
    let html = readFileSync(r.html, 'utf8').replace(/<style>[\s\S]*?<\/style>/, '');
    html = html.replace(/aria-label="([^"]*)"/g, ' $1 ').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ');
    // names and references are the same in both languages; leave them out
    html = html.replace(/Home-Start|Jacobson[–-]Truax|Greenhouse[–-]Geisser|Hermanns|Van de Venne|Leseman|Asscher|Deković|Prinzie|Kiresuk|Sherman|Kendall|Morris|Lakens|Wilson|Wilcoxon|Holm|Cronbach|homestart-impact|sample-data\/[\w./-]+|figures\/[\w./-]+|npm start|scripts\/main\.ts/g, ' ');
    const english = ['the', 'and', 'Table', 'Figure', 'Note', 'Outcome', 'Change', 'Group', 'Wave', 'mean', 'participants', 'Method', 'Methods', 'Results', 'adjusted', 'Pre-test', 'Post-test', 'Comparison', 'Norm group', 'Recovered', 'Improved', 'Error bars', 'Bin width', 'with', 'means', 'trajectories', 'lower', 'upper', 'File', 'cut-off', 'expected', 'Positive', 'improvement', 'Participants', 'Families', 'Mean', 'change', 'not', 'were', 'from', 'which', 'each', 'test', 'tests'];
    const left = english.filter((w) => new RegExp(`(?<![\\w-])${w}(?![\\w-])`).test(html));
    expect(left).toEqual([]);
  });

  it('uses the decimal comma in tables and text, and Dutch table headers and titles', () => {
    const t1 = r.layout.sections[0].tables[0];
    expect(t1.title).toMatch(/^Verandering van T1 naar T2 in de Home-Start-groep/);
    expect(t1.head[0]).toBe('Uitkomstmaat');
    expect(t1.rows.flat().some((c) => /^\d+,\d{2}$/.test(c))).toBe(true);
    expect(t1.rows.flat().some((c) => /\d\.\d/.test(c))).toBe(false);
    expect(r.layout.sections[0].results).toMatch(/^Tabellen 1–\d geven de gemiddelden/);
    const csv = readFileSync(join(dir, 'tables-as-in-report', 'table-1.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('Uitkomstmaat;n;M voor;SD voor;M na;SD na;Verandering;95%-BI');
  });
});

describe('report formatting', () => {
  it('APA headers: symbols in italics, CI pairs merged, Dutch headers', () => {
    expect(symbolMarkup('M pre')).toBe('*M* pre');
    expect(symbolMarkup('d_z')).toBe('*d*_{z}');
    expect(symbolMarkup('ηp²')).toBe('*η*_{p}^{2}');
    expect(markupHtml('*d*_{z} < 1')).toBe('<i>d</i><sub>z</sub> &lt; 1');
    expect(localizeNumber('-0.25', { lang: 'nl' })).toBe('−0,25');
    expect(localizeNumber('< .001', { lang: 'nl' })).toBe('< ,001');
    expect(localizeNumber('-0.25', { lang: 'nl', decimalComma: false })).toBe('−0.25');
    const wide = apaTables(
      { id: 'x', title: 'X', columns: [{ key: 'label', label: 'Outcome', format: 'text' }, ...Array.from({ length: 16 }, (_v, i) => ({ key: `c${i}`, label: `Column ${i}`, format: 'num2' as const })), { key: 'dzLower', label: 'd_z lower', format: 'num2' }, { key: 'dzUpper', label: 'd_z upper', format: 'num2' }],
        rows: ['A', 'B'].map((l) => ({ label: l, ...Object.fromEntries(Array.from({ length: 16 }, (_v, i) => [`c${i}`, 1000.123 * i])), dzLower: -0.5, dzUpper: 0.25 })) },
      's', 3, 'Wide', 'note', { lang: 'en' },
    );
    expect(wide.length).toBeGreaterThan(1);
    expect(wide.map((t) => t.number)).toEqual(wide.map((_t, i) => 3 + i));
    for (const t of wide) expect(t.head[0]).toBe('Outcome');
    expect(wide.at(-1)!.rows[0].at(-1)).toBe('[−0.50, 0.25]');
    expect(wide[0].title).toBe(`Wide (part 1 of ${wide.length})`);
  });

  it('formats cells the APA way (the @example of formatDesignCell)', () => {
    expect(formatDesignCell(0.0162, 'p')).toBe('.016');
    expect(formatDesignCell(0.0004, 'p')).toBe('< .001');
    expect(formatDesignCell(0.4231, 'pct')).toBe('42.3%');
    expect(formatDesignCell(NaN, 'num2')).toBe('—');
    expect(formatDesignCell(0.1039, 'prop3')).toBe('.104');
    expect(formatDesignCell(97, 'int')).toBe('97');
  });
  it('text tables align and carry the note', () => {
    const t = designTableText({ id: 'x', title: 'T', columns: [{ key: 'a', label: 'A', format: 'text' }, { key: 'b', label: 'B', format: 'num2' }], rows: [{ a: 'long name', b: 1.234 }, { a: 's', b: null }], note: 'n' });
    expect(t.split('\n')).toEqual(['T', 'A             B', '---------  ----', 'long name  1.23', 's             —', 'Note. n']);
  });
  it('prefixes SVG ids and their references', () => {
    expect(prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', 'f')).toBe('<clipPath id="f-clip1"/><g clip-path="url(#f-clip1)"/>');
  });
});
