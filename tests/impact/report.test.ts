import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeFigures, publishFigures, writeReport, reportCellText, loadRegistration, impactBarChart, impactTrendChart, impactGroupedBarChart, renderSvg, reportChartSpecs,
  type PublishedFigures, type PublishedTable, type RegistrationData, type WrittenReport,
} from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { dalfsenFixture } from './figures.fixture.js';

const REF = '2025-03-31';
const tmp = mkdtempSync(join(tmpdir(), 'hs-report-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The fixture with free text in a field that must never be published. */
function fixtureWithLocality(): RegistrationData {
  const d = dalfsenFixture();
  d.families.forEach((f, i) => (f.locality = i % 2 ? 'Lemelerveld-Oost' : 'Nieuwleusen-Zuid'));
  return d;
}

function table(pub: PublishedFigures, id: string): PublishedTable {
  const t = pub.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

function row(t: PublishedTable, label: string) {
  const r = t.rows.find((x) => x.label === label);
  if (!r) throw new Error(`no row ${label} in ${t.id}`);
  return r;
}

describe('publishFigures: suppressed tables of the Dalfsen-sized site', () => {
  const fig = computeFigures(dalfsenFixture(), { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: REF });
  const pub = publishFigures(fig, { lang: 'en' });

  it('key figures: large counts shown, small ones "<5", protecting cells "x"', () => {
    const key = table(pub, 'kerncijfers');
    expect(key.columns).toEqual(['Figure', '2023', '2024']);
    expect(row(key, 'Families registered').cells.map((c) => c.value)).toEqual([9, 22]);
    expect(row(key, 'Families supported in the year').cells.map((c) => c.value)).toEqual([8, 22]);
    expect(row(key, 'Volunteers registered').cells.map((c) => c.value)).toEqual([0, 25]);
    // 2024 intake: supported 14, not supported 7, pending 1 (<5) | 22. The pending 1 is hidden, so the next
    // smallest (7) is hidden too: otherwise 22 − 14 − 7 = 1. The same figure is "x" wherever it appears.
    expect(row(key, 'Families not supported').cells.map((c) => reportCellText(c, 'en'))).toEqual(['<5', 'x']);
    const intake = table(pub, 'intake');
    expect(row(intake, 'Pending').cells.map((c) => reportCellText(c, 'en'))).toEqual(['0', '0%', '<5', 'x']);
    expect(row(intake, 'Not supported').cells.map((c) => reportCellText(c, 'en'))).toEqual(['<5', 'x', 'x', 'x']);
    expect(row(intake, 'Supported').cells.map((c) => reportCellText(c, 'en'))).toEqual(['x', 'x', '14', '64%']);
    // 2023: 8 supported + 1 not supported (<5) | 9 → the 8 is hidden as well
    expect(row(intake, 'Total').cells.map((c) => reportCellText(c, 'en'))).toEqual(['9', '100%', '22', '100%']);
  });

  it('statistics over fewer than 5 records are hidden; over 5 or more shown', () => {
    const key = table(pub, 'kerncijfers');
    // 2023 had no closed trajectory, 2024 eight: median 11.5 months
    expect(row(key, 'Median duration of closed trajectories (months)').cells.map((c) => reportCellText(c, 'en'))).toEqual(['n<5', '11.5']);
    const gas = table(pub, 'gas');
    expect(row(gas, 'Mean T-score at closing').cells.map((c) => reportCellText(c, 'en'))).toEqual(['n<5', '52.8']);
    expect(row(gas, 'T-score ≥ 50 at closing').cells.map((c) => reportCellText(c, 'en'))).toEqual(['n<5', 'x']); // 4 of 5 is a small count: its percentage is hidden
  });

  it('help questions: percentages of families, small counts hidden, the base shown', () => {
    const help = table(pub, 'hulpvragen');
    expect(row(help, 'Parenting support').cells.slice(2).map((c) => reportCellText(c, 'en'))).toEqual(['16', '73%']);
    expect(row(help, 'Widening the network').cells.slice(2).map((c) => reportCellText(c, 'en'))).toEqual(['5', '23%']);
    expect(row(help, 'Structure').cells.slice(2).map((c) => reportCellText(c, 'en'))).toEqual(['<5', 'x']);
    expect(help.note).toMatch(/percentages of families, not of answers/);
  });

  it('volunteers by gender: 5 men / 20 women registered', () => {
    const g = table(pub, 'vrijwilligers-gender');
    expect(row(g, 'Man').cells.map((c) => reportCellText(c, 'en'))).toEqual(['0', '0', '5', '5']);
    expect(row(g, 'Woman').cells.map((c) => reportCellText(c, 'en'))).toEqual(['0', '0', '20', '16']);
  });

  it('no published count lies strictly between 0 and the threshold; nothing left unprotected', () => {
    for (const t of pub.tables) {
      for (const r of t.rows) {
        for (const c of r.cells) {
          if (c.kind === 'count' && c.value !== null) expect(c.value === 0 || c.value >= 5, `${t.id} / ${r.label}: ${c.value}`).toBe(true);
        }
      }
    }
    expect(pub.suppressed.unprotected).toBe(0);
    expect(pub.suppressed.primary).toBeGreaterThan(0);
  });

  it('threshold is configurable (10)', () => {
    const p10 = publishFigures(fig, { lang: 'en', threshold: 10 });
    expect(row(table(p10, 'kerncijfers'), 'Families supported in the year').cells.map((c) => reportCellText(c, 'nl'))).toEqual(['<10', '22']);
  });

  it('the publishFigures @example: table ids in report order', () => {
    expect(pub.tables.map((t) => t.id).slice(0, 3)).toEqual(['kerncijfers', 'gezinnen-per-jaar', 'intake']);
    // a site report has no per-region / per-site breakdown
    expect(pub.tables.some((t) => t.id === 'locaties')).toBe(false);
  });

  it('charts are built from published cells only: a hidden bar is drawn as its mark, never as a bar', async () => {
    const help = pub.charts.helpQuestions.find((r) => r.category === 'Structure')!;
    expect(help).toEqual({ category: 'Structure', value: null, display: 'x' });
    const svg = await renderSvg(impactBarChart([{ category: 'School', value: 12, display: '12' }, { category: 'Other', value: null, display: '<5' }]));
    expect(svg).toContain('&lt;5');
    expect((svg.match(/<path[^>]*aria-roledescription="bar"/g) ?? []).length).toBe(1);
  });

  it('the chart builder @examples', () => {
    const trend = impactTrendChart([{ year: 2023, series: 'Supported', value: 40 }, { year: 2024, series: 'Supported', value: null }]) as { layer: unknown[]; data: { values: unknown[] } };
    expect(trend.layer).toHaveLength(2);
    expect(trend.data.values).toHaveLength(1);
    const bars = impactBarChart([{ category: 'School', value: 12, display: '12%' }, { category: 'Other', value: null, display: 'x' }]) as { data: { values: unknown[] } };
    expect(bars.data.values).toEqual([
      { category: 'School', value: 12, shown: true, display: '12%', aria: 'School: 12%' },
      { category: 'Other', value: 0, shown: false, display: 'x', aria: 'Other: hidden (x)' },
    ]);
    const grouped = impactGroupedBarChart([{ category: 'Registered', group: '2024', value: 25, display: '25' }]) as { facet: { column: { field: string } } };
    expect(grouped.facet.column.field).toBe('category');
  });

  it('a hidden bar is announced to screen readers as hidden ("verborgen"), never as a value of 0', async () => {
    const svg = await renderSvg(impactBarChart([{ category: 'School', value: 12, display: '12' }, { category: 'Anders', value: null, display: '<5' }], { hiddenLabel: 'verborgen' }));
    const labels = [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toContain('Anders: verborgen (&lt;5)');
    expect(labels.filter((l) => l.startsWith('Anders')).every((l) => !/value|: 0\b/.test(l))).toBe(true);
    const grouped = await renderSvg(impactGroupedBarChart([{ category: 'Gestopt', group: '2024', value: null, display: 'x' }]));
    expect(grouped).toContain('aria-label="Gestopt, 2024: hidden (x)"');
    expect(grouped).not.toMatch(/aria-label="[^"]*value: 0/);
  });

  it('Dutch labels and number format by default', () => {
    const nl = publishFigures(fig);
    const key = table(nl, 'kerncijfers');
    expect(key.title).toBe('Kerncijfers');
    expect(reportCellText(row(key, 'Mediane duur afgesloten trajecten (maanden)').cells[1], 'nl')).toBe('11,5');
    // the chart axes use the Dutch number format too
    const spec = reportChartSpecs(nl).trend as { config: { locale: { number: { decimal: string; thousands: string } } } };
    expect(spec.config.locale.number).toMatchObject({ decimal: ',', thousands: '.' });
    expect((reportChartSpecs(pub).trend as { config?: unknown }).config).toBeUndefined();
  });
});

describe('publishFigures: national scope with regions and sites', () => {
  const fig = computeFigures(dalfsenFixture(), { year: 2024, referenceDate: REF });
  const pub = publishFigures(fig, { lang: 'en' });

  it('per region and per site tables, with totals linked to the national figures', () => {
    const sites = table(pub, 'locaties');
    expect(sites.rows.map((r) => r.label)).toEqual(['Dalfsen', 'Zwolle', 'Total']);
    // Zwolle registered 3 (<5) → Dalfsen's 22 is hidden too, or 25 − 22 = 3 would give it away
    expect(reportCellText(row(sites, 'Zwolle').cells[1 + 6], 'en')).toBe('<5');
    expect(reportCellText(row(sites, 'Dalfsen').cells[1 + 6], 'en')).toBe('x');
    expect(reportCellText(row(sites, 'Total').cells[1 + 6], 'en')).toBe('25');
    const regions = table(pub, 'regios');
    expect(regions.rows.map((r) => r.label)).toEqual(['Oost', 'West', 'Total']);
    expect(reportCellText(row(regions, 'West').cells[6], 'en')).toBe('<5');
    expect(pub.suppressed.unprotected).toBe(0);
  });
});

describe('publishFigures: one figure, one published value', () => {
  it('the same quantity in two tables is shown or hidden alike (supported families = base of the help questions and profile)', () => {
    for (const scope of [{ level: 'national' }, { level: 'region', region: 'West' }, { level: 'site', siteId: 'S-DAL' }] as const) {
      const pub = publishFigures(computeFigures(dalfsenFixture(), { year: 2024, scope, referenceDate: REF }), { lang: 'en' });
      const supported = row(table(pub, 'kerncijfers'), 'Families supported in the year').cells.map((c) => reportCellText(c, 'en'));
      const base = row(table(pub, 'hulpvragen'), 'Supported families (base)').cells.filter((_, i) => i % 2 === 0).map((c) => reportCellText(c, 'en'));
      expect(base, scope.level).toEqual(supported);
      const closed = row(table(pub, 'kerncijfers'), 'Trajectories closed').cells.map((c) => reportCellText(c, 'en'));
      const endTotal = row(table(pub, 'afsluitredenen'), 'Total').cells.filter((_, i) => i % 2 === 0).map((c) => reportCellText(c, 'en'));
      expect(endTotal, scope.level).toEqual(closed);
    }
  });
});

describe('writeReport: files, privacy of the output', () => {
  let written: WrittenReport;
  const data = fixtureWithLocality();
  beforeAll(async () => {
    written = await writeReport(computeFigures(data, { year: 2024, referenceDate: REF }), { outDir: join(tmp, 'nl') });
  });

  it("runs the caller's work once while the charts render, before any file is written; the files are the same", async () => {
    const calls: string[] = [];
    const dir = join(tmp, 'meanwhile');
    const w = await writeReport(computeFigures(data, { year: 2024, referenceDate: REF }), {
      outDir: dir,
      whileChartsRender: () => calls.push(existsSync(join(dir, 'jaarverslag-2024.html')) ? 'after the HTML' : 'before the files'),
    });
    expect(calls).toEqual(['before the files']);
    // (the charts' clip paths are numbered on across the process: the HTML is compared without their numbers)
    const unnumbered = (file: string) => readFileSync(file, 'utf8').replace(/clip\d+/g, 'clip');
    expect(unnumbered(w.html)).toBe(unnumbered(written.html));
    expect(readFileSync(w.json, 'utf8')).toBe(readFileSync(written.json, 'utf8'));
    const failing = await writeReport(computeFigures(data, { year: 2024, referenceDate: REF }), {
      outDir: join(tmp, 'meanwhile-failing'),
      whileChartsRender: () => {
        throw new Error('the caller failed');
      },
    }).catch((e: Error) => e.message);
    expect(failing).toBe('the caller failed');
    expect(existsSync(join(tmp, 'meanwhile-failing', 'jaarverslag-2024.html'))).toBe(false);
  });

  it('writes the HTML, one CSV per table, the XLSX workbook and the JSON', () => {
    expect(written.html.endsWith('jaarverslag-2024.html')).toBe(true);
    expect(existsSync(written.xlsx)).toBe(true);
    const csvs = readdirSync(join(tmp, 'nl', 'tables')).sort();
    expect(csvs).toEqual(written.published.tables.map((t) => `${t.id}.csv`).sort());
    const json = JSON.parse(readFileSync(written.json, 'utf8'));
    expect(json.tables.map((t: { id: string }) => t.id)).toEqual(written.published.tables.map((t) => t.id));
    expect(json.suppression.threshold).toBe(5);
    const XLSX = createRequire(import.meta.url)('xlsx');
    const wb = XLSX.read(readFileSync(written.xlsx));
    expect(wb.SheetNames).toEqual(written.published.tables.map((t) => t.id));
    const verwijzers = readFileSync(join(tmp, 'nl', 'tables', 'verwijzers.csv'), 'utf8');
    // the referrers' total is the key figure "families registered", printed (or hidden) alike in both
    // (the audited publication set hides it in this two-site national report; see docs/disclosure-control.md)
    const total = /^Totaal,([^,]+),[^,]+,([^,]+),/m.exec(verwijzers)!;
    const key = /^Gezinnen aangemeld,([^,]+),([^,\r\n]+)/m.exec(readFileSync(join(tmp, 'nl', 'tables', 'kerncijfers.csv'), 'utf8'))!;
    expect([total[1], total[2]]).toEqual([key[1], key[2]]);
  });

  it('the HTML is self-contained: inline SVG charts, no scripts, no external resources', () => {
    const html = readFileSync(written.html, 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect(html).toContain('Hoe deze cijfers geteld zijn');
    expect(html).toContain('Privacy: kleine aantallen');
    expect(html).toContain('&lt;5');
  });

  it('no ids and no free text from the input in any output (HTML, CSV, XLSX, JSON)', () => {
    const XLSX = createRequire(import.meta.url)('xlsx');
    const wb = XLSX.read(readFileSync(written.xlsx));
    const sheetsText = wb.SheetNames.map((n: string) => XLSX.utils.sheet_to_csv(wb.Sheets[n])).join('\n');
    const outputs = [
      readFileSync(written.html, 'utf8'),
      readFileSync(written.json, 'utf8'),
      ...written.csv.map((f) => readFileSync(f, 'utf8')),
      sheetsText,
    ];
    const ids = [
      ...data.families.map((f) => f.familyId),
      ...data.volunteers.map((v) => v.volunteerId),
      ...data.trajectories.map((t) => t.trajectoryId),
      ...data.sites.map((s) => s.siteId),
      'Lemelerveld-Oost',
      'Nieuwleusen-Zuid',
      'Stichting De Kern',
    ];
    expect(ids.length).toBeGreaterThan(80);
    for (const text of outputs) for (const id of ids) expect(text.includes(id), id).toBe(false);
  });

  it('English report: annual-report-YYYY.html', async () => {
    const en = await writeReport(computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: REF }), { outDir: join(tmp, 'en'), lang: 'en', threshold: 5 });
    expect(en.html.endsWith('annual-report-2024.html')).toBe(true);
    const html = readFileSync(en.html, 'utf8');
    expect(html).toContain('How these figures are counted');
    expect(html).toContain('Home-Start Dalfsen');
    expect(html).not.toContain('S-DAL');
  });
});

describe('homestart-impact report (CLI)', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    try {
      const code = await main(['report', ...args]);
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };

  it('exit 2 on usage errors and unusable data', async () => {
    expect((await run(['--data', 'x', '--out', tmp])).code).toBe(2); // no --year
    expect((await run(['--year', '2020', '--data', 'sample-data/registration/local', '--out', tmp, '--lang', 'fr'])).code).toBe(2);
    expect((await run(['--year', '2020', '--data', join(tmp, 'nope'), '--out', tmp])).code).toBe(2);
    const badSite = await run(['--year', '2020', '--data', 'sample-data/registration/local', '--out', join(tmp, 'cli-bad'), '--site', 'NOPE', '--reference-date', '2021-06-30']);
    expect(badSite.code).toBe(2);
    expect(badSite.err).toMatch(/Site "NOPE" is not in the sites file/);
    // the family file is refused (names of parents): nothing usable
    const refused = await run(['--year', '2020', '--data', 'sample-data/registration/broken/identifying-column', '--out', join(tmp, 'cli-refused'), '--reference-date', '2021-06-30']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/no usable families/);
    // one refusal and one note that the trajectories' family ids were not checked, not one line per trajectory
    expect(refused.err).toMatch(/the family ids in column "gezin_id" of trajecten\.csv were not checked/);
    expect(refused.err).not.toMatch(/not in gezinnen\.csv/);
    expect(refused.err.split('\n').filter((l) => l.trim()).length).toBe(3);
  });

  it('exit 1 when rows were rejected (report still written), 0 on clean data', async () => {
    const rejected = await run(['--year', '2020', '--data', 'sample-data/registration/broken/unknown-site-id', '--out', join(tmp, 'cli-1'), '--reference-date', '2021-06-30']);
    expect(rejected.code).toBe(1);
    expect(rejected.out).toMatch(/rule unknown-id/);
    expect(existsSync(join(tmp, 'cli-1', 'jaarverslag-2020-national.html'))).toBe(true);
    const ok = await run(['--year', '2020', '--data', 'sample-data/registration/local', '--out', join(tmp, 'cli-0'), '--reference-date', '2021-06-30', '--lang', 'en']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/annual-report-2020-national\.html/);
  });
});

describe('end to end: the local sample set (sample-data/registration/local)', () => {
  it('builds the report, and its published figures agree with computeFigures', async () => {
    const loaded = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
    expect(loaded.files.every((f) => f.rejected === 0)).toBe(true);
    const fig = computeFigures(loaded.data, { year: 2020, referenceDate: '2021-06-30' });
    const w = await writeReport(fig, { outDir: join(tmp, 'e2e') });
    const key = table(w.published, 'kerncijfers');
    const supported = row(key, 'Gezinnen ondersteund in het jaar').cells[1];
    // either the exact count or, when small, its mark
    expect(supported.value === null ? supported.mark : supported.value).toBe(fig.current.families.supported >= 5 ? fig.current.families.supported : '<5');
    const html = readFileSync(w.html, 'utf8');
    expect(html).toContain('Jaarverslag Home-Start 2020');
    for (const f of loaded.data.families) expect(html.includes(f.familyId)).toBe(false);
    // villages (free text) are never published; the municipality is the site's public name
    const municipalities = new Set(loaded.data.sites.map((s) => s.municipality));
    const villages = [...new Set(loaded.data.families.map((f) => f.locality).filter((l): l is string => !!l && !municipalities.has(l)))];
    expect(villages.length).toBeGreaterThan(0);
    for (const v of villages) expect(html.includes(v), v).toBe(false);
  });
});
