/**
 * Unit tests of the notebook helpers (src/notebook/) and the XLSX writer (src/util/xlsx-write.ts),
 * without Jupyter. The notebooks themselves are executed in execute.test.ts.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  loadStudy, combineStudies, notebookPrePost, notebookWaveMeans, notebookLongScores, studyReliability, studyScaleItems, studyCheckRows,
} from '../../src/notebook/study.js';
import { keyNumbersBundle, KEY_NUMBERS_MIME, designResultBundle, tableBundle } from '../../src/notebook/display.js';
import { xlsxWorkbookBuffer, xlsxSheetName } from '../../src/util/xlsx-write.js';
import { StatsError, cronbachAlpha, describe as describeStats } from '../../src/stats/index.js';
import { analyzeGas } from '../../src/designs/index.js';

const XLSX = createRequire(import.meta.url)('xlsx') as {
  read(b: Buffer, o: { type: 'buffer' }): { SheetNames: string[]; Sheets: Record<string, unknown> };
  utils: { sheet_to_json(ws: unknown, o: { header: 1; defval: null }): unknown[][] };
};

describe('loadStudy', () => {
  it('loads and scores a bundled sample by id (TSDoc example: 112 rows accepted)', async () => {
    const s = await loadStudy('prepost-1997');
    expect(s.load.accepted).toBe(112);
    expect(s.load.rejected).toBe(0);
    expect(s.records).toHaveLength(560); // 112 rows × 5 instruments
    expect(s.scores.some((r) => r.instrument === 'gas' && r.scale === 't_score' && r.score !== null)).toBe(true);
    const check = studyCheckRows(s);
    expect(check.find((r) => r.check === 'rows read')?.result).toBe(112);
  });

  it('resolves relative paths against the working directory and keeps rejects with reasons', async () => {
    const s = await loadStudy('sample-data/broken/out-of-range.csv', { waves: ['T1', 'T2'] });
    expect(s.load.accepted + s.load.rejected).toBe(s.load.rowsRead);
    expect(s.rejects.length).toBe(5);
    expect(s.rejects.every((r) => r.reasons.length > 0)).toBe(true);
  });

  it('combineStudies refuses a participant id present in two files', async () => {
    const a = await loadStudy('norm-2008');
    expect(() => combineStudies(a, { ...a, file: 'copy.csv' })).toThrow(/occurs in both/);
    expect(() => combineStudies()).toThrow(StatsError);
  });
});

describe('pivot helpers', () => {
  it('notebookPrePost gives aligned arrays with NaN for missing, and covariates at the pre wave', async () => {
    const s = await loadStudy('control-2005');
    const pp = notebookPrePost(s.scores, 'nosik:total', { pre: 'T1', post: 'T2', groups: ['homestart'], covariates: ['age'] });
    expect(pp.ids.length).toBe(54);
    expect(pp.pre.length).toBe(54);
    expect(pp.groups.every((g) => g === 'homestart')).toBe(true);
    expect(Array.from(pp.pre).some(Number.isNaN)).toBe(true); // some scores missing (too many missing items)
    const row = s.scores.find((r) => r.participantId === pp.ids[0] && r.wave === 'T1' && r.instrument === 'nosik' && r.scale === 'total')!;
    expect(pp.pre[0]).toBe(row.score ?? NaN);
    expect(pp.covariates.age[0]).toBe(row.covariates.age);
    expect(() => notebookPrePost(s.scores, 'nosik:total', { pre: 'T1', post: 'T2', groups: ['nobody'] })).toThrow(StatsError);
    expect(() => notebookPrePost(s.scores, 'nosik', { pre: 'T1', post: 'T2' })).toThrow(/instrument:scale/);
  });

  it('notebookWaveMeans equals describe() per group × wave; n falls with attrition', async () => {
    const s = await loadStudy('fivewaves-2013');
    const m = notebookWaveMeans(s.scores, 'psoc:total');
    const hsT5 = m.find((r) => r.group === 'homestart' && r.wave === 'T5')!;
    const values = s.scores.filter((r) => r.group === 'homestart' && r.wave === 'T5' && r.instrument === 'psoc' && r.scale === 'total' && r.score !== null).map((r) => r.score as number);
    const d = describeStats(values);
    expect(hsT5.n).toBe(values.length);
    expect(hsT5.mean).toBe(d.mean);
    expect(hsT5.lower).toBe(d.ci.lower);
    expect(m.map((r) => r.group).slice(0, 5)).toEqual(['homestart', 'homestart', 'homestart', 'homestart', 'homestart']);
    expect(m.find((r) => r.group === 'homestart' && r.wave === 'T1')!.n).toBeGreaterThan(hsT5.n);
    expect(notebookLongScores(s.scores, 'psoc:total').length).toBe(m.reduce((a, r) => a + r.n, 0));
  });

  it('notebookWaveMeans gives NaN spread for a cell with one score (no silent zero SD)', () => {
    const base = { participantId: 'P1', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'psoc', scale: 'total', score: 50, itemsExpected: 16, itemsAnswered: 16, itemsProrated: 0, origin: 'item-level' as const, covariates: {} };
    const [row] = notebookWaveMeans([base], 'psoc:total');
    expect(row.n).toBe(1);
    expect(row.mean).toBe(50);
    expect(row.sd).toBeNaN();
    expect(row.lower).toBeNaN();
  });

  it('studyReliability: definition value for PSOC (TSDoc example), α of the items for NOSIK', async () => {
    const s = await loadStudy('control-2005');
    expect(studyReliability(s, 'psoc:total', 'homestart', 'T1')).toMatchObject({ value: 0.79, source: 'definition' });
    const r = studyReliability(s, 'nosik:total', 'homestart', 'T1');
    expect(r.source).toBe('alpha-items');
    expect(r.value).toBeGreaterThan(0.8);
  });

  it('studyScaleItems + cronbachAlpha reverse-keys PSOC items exactly as psych::alpha on keyed items (R: tests/reference/notebooks.json)', async () => {
    const s = await loadStudy('control-2005');
    const it = studyScaleItems(s, 'psoc:total', { wave: 'T1' });
    expect(it.itemNames).toHaveLength(16);
    expect(it.reverse).toEqual(['02', '03', '04', '05', '08', '09', '12', '14', '16']);
    const a = cronbachAlpha(it.rows, { itemNames: it.itemNames, reverse: it.reverse, responseRange: it.responseRange });
    // psych::alpha(keyed T1 items, complete cases) = 0.879395481427551, n = 97
    expect(a.alpha).toBeCloseTo(0.879395481427551, 10);
    expect(a.n).toBe(97);
    expect(() => studyScaleItems(s, 'psoc:nonexistent')).toThrow(StatsError);
  });
});

describe('display bundles', () => {
  it('keyNumbersBundle stores the numbers unrounded, non-finite as null, and shows a table', () => {
    const b = keyNumbersBundle({ t: 4.679967457, p: 1.2e-5, n: 54, bad: NaN, label: 'x' });
    expect(b[KEY_NUMBERS_MIME]).toEqual({ t: 4.679967457, p: 1.2e-5, n: 54, bad: null, label: 'x' });
    expect(String(b['text/html'])).toContain('<caption');
    expect(String(b['text/plain'])).toContain('4.6800');
  });

  it('tableBundle escapes HTML', () => {
    expect(String(tableBundle([{ a: '<b>' }])['text/html'])).toContain('&lt;b&gt;');
  });

  it('designResultBundle shows every table of a design result with its title', async () => {
    const s = await loadStudy('prepost-1997');
    const r = analyzeGas(s.scores);
    const b = designResultBundle(r);
    for (const t of r.tables) expect(String(b['text/html'])).toContain(t.title.replace(/&/g, '&amp;'));
    expect(String(b['text/plain'])).toContain('Methods.');
  });
});

describe('writeXlsx / xlsxWorkbookBuffer', () => {
  it('writes one sheet per table with numbers unrounded and missing values as empty cells', () => {
    const buf = xlsxWorkbookBuffer([
      { name: 'APA table', rows: [{ outcome: 'PSOC', d: 0.6369012345678, p: null }, { outcome: 'NOSIK', d: NaN, p: 0.0002 }], note: 'Synthetic.' },
      { name: 'a/b:c?', rows: [{ x: 1 }] },
      { name: 'APA table', rows: [{ y: true }] },
    ]);
    const wb = XLSX.read(buf, { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['APA table', 'a-b-c-', 'APA table (2)']);
    const rows = XLSX.utils.sheet_to_json(wb.Sheets['APA table'], { header: 1, defval: null });
    expect(rows[0]).toEqual(['outcome', 'd', 'p']);
    expect(rows[1]).toEqual(['PSOC', 0.6369012345678, null]);
    expect(rows[2]).toEqual(['NOSIK', null, 0.0002]);
    expect(rows[4]).toEqual(['Synthetic.', null, null]);
  });

  it('cleans and shortens sheet names; refuses an empty workbook', () => {
    expect(xlsxSheetName('x'.repeat(40))).toHaveLength(31);
    expect(xlsxSheetName('Tables', new Set(['tables']))).toBe('Tables (2)');
    expect(() => xlsxWorkbookBuffer([])).toThrow(/at least one sheet/);
  });
});
