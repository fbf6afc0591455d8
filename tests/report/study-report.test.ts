import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStudyReport, type StudyReportResult } from '../../src/report/index.js';
import { formatDesignCell, designTableText, escapeHtml, prefixSvgIds } from '../../src/report/format.js';
import { REF, expectClose, scoredSample } from '../designs/helpers.js';
import { attack } from './attacker.js';

describe('buildStudyReport (npm start) in a temporary folder', () => {
  let dir: string;
  let r: StudyReportResult;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hs-report-'));
    r = await buildStudyReport({ out: dir, progress: (l) => lines.push(l) });
  }, 120_000);
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
      ['category-bars', 'change-distribution', 'forest', 'gas', 'interaction', 'jacobson-truax', 'paired-slope', 'trajectories'].sort(),
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
    for (const s of r.sections) {
      expect(html).toContain(`<section id="${s.id}">`);
      expect(html.includes(escapeHtml(s.result.methodsNote))).toBe(true);
      for (const t of s.result.tables) expect(html).toContain(`id="table-${s.id}-${t.id}"`);
    }
    const gas = r.sections.find((s) => s.id === 'gas-1997')!.result.sentences[0];
    expect(html.includes(escapeHtml(gas))).toBe(true);
    expect(gas).toContain('48 of 56 families');
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

  it('out folder holds report.html, figures/ and tables/', () => {
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'figures'))).toBe(true);
    expect(existsSync(join(dir, 'tables'))).toBe(true);
  });
});

describe('report formatting', () => {
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
