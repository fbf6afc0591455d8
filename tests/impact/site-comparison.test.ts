/**
 * Site comparisons (funnel plots) for the national office: the raw comparison adds up to the national figures,
 * and the published funnels obey the disclosure rule — a site is drawn only when its numerator and denominator
 * are printed and shown in the protected publication set, and the chart only when the national counts are shown.
 * Checked against the protection decisions of a real-shaped publication set (every scope, all tables) and against
 * a controlled set of statuses on the same model (so the rule is exercised where the real decisions hide too much
 * to draw anything), and against the published JSON of the national report (the site list).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BREAKDOWN_MEASURES, computeFigures, loadRegistration, publishFigures, publishedJson, registrationLabel, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { SITE_INDICATORS, publishedSiteFunnels, siteComparison, siteComparisonFunnel, type FunnelDisclosureSource } from '../../src/impact/site-comparison.js';
import { renderSvg } from '../../src/charts/render.js';
import { reportFunnelSpecs, reportHtml, renderReportCharts } from '../../src/impact/report.js';
import { funnelPlot } from '../../src/stats/funnel.js';
import { funnelChartSpec, impactFunnelChart } from '../../src/charts/impact.js';
import { siteSubset } from './fixtures.js';

const REF = '2025-12-31';
const YEAR = 2025;
let data: RegistrationData;
let protection: PublicationSetProtection;
let figs: ReturnType<typeof publicationSetFigures>;

beforeAll(async () => {
  const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
  const regions = [...new Set(national.sites.map((s) => s.region))].sort();
  data = siteSubset(national, regions.slice(0, 2).flatMap((r) => national.sites.filter((s) => s.region === r).slice(0, 4).map((s) => s.siteId)));
  figs = publicationSetFigures(data, [YEAR], { referenceDate: REF });
  protection = await protectPublicationSet(figs, { sites: data.sites });
}, 180_000);

/** The protected model without its relations: a hidden count known by its own mark only (the controlled statuses below hide one count beside shown ones, which its relations would pin). */
const marksOnly = () => ({ ...protection.model, relations: [] });

const shownIn = (d: FunnelDisclosureSource, key: string) => {
  const i = d.model!.index.get(key);
  const s = i === undefined ? undefined : d.statusOf(d.model!.keys[i]);
  return i !== undefined && d.model!.printed[i] && (s === undefined || s === 'shown');
};

describe('raw site comparison (analysis)', () => {
  it('site counts add up to the national counts; the funnel is funnelPlot of the sites against the national value', () => {
    const c = siteComparison(data, { year: YEAR, referenceDate: REF });
    expect(c.map((x) => x.indicator.id)).toEqual(['goals-reached', 'not-supported', 'families-per-volunteer']);
    const nat = computeFigures(data, { year: YEAR, referenceDate: REF }).current;
    for (const x of c) {
      expect(x.national.numerator).toBe(x.indicator.counts(nat).numerator);
      if (x.indicator.id !== 'families-per-volunteer') {
        // goals and intake outcomes are per site: the sites sum to the nation
        expect(x.sites.reduce((a, s) => a + s.numerator, 0)).toBe(x.national.numerator);
        expect(x.sites.reduce((a, s) => a + s.denominator, 0)).toBe(x.national.denominator);
      }
      const units = x.sites.filter((s) => s.denominator > 0);
      const again = funnelPlot(units.map((s) => ({ label: s.name, numerator: s.numerator, denominator: s.denominator })), { indicator: x.indicator.kind, target: x.national.value });
      expect(x.funnel!.units.map((u) => u.band)).toEqual(again.units.map((u) => u.band));
      expect(x.funnel!.units).toHaveLength(units.length);
    }
  });
});

describe('published funnels: the disclosure rule', () => {
  it('with the real protection decisions: every drawn point repeats two printed, shown cells; the target too', () => {
    const pub = publishFigures(figs[0], { lang: 'en', decisions: protection });
    const funnels = pub.charts.funnels;
    expect(funnels).toHaveLength(3);
    let excluded = 0;
    for (const [k, f] of funnels.entries()) {
      const ind = SITE_INDICATORS[k];
      if (f.drawn) {
        expect(shownIn(protection, `nat|${YEAR}|${ind.numerator}`) && shownIn(protection, `nat|${YEAR}|${ind.denominator}`)).toBe(true);
      }
      for (const row of figs[0].sites) {
        const both = shownIn(protection, `site:${row.siteId}|${YEAR}|${ind.numerator}`) && shownIn(protection, `site:${row.siteId}|${YEAR}|${ind.denominator}`);
        const drawn = f.points.some((p) => p.name === row.name);
        if (drawn) expect(both).toBe(true);
        if (!both) excluded++;
      }
    }
    // the set hides site cells (so the rule had something to exclude)
    expect(excluded).toBeGreaterThan(0);
    // and nothing of the funnels is in the published JSON beyond what the rule allows
    const json = publishedJson(pub) as { siteComparisons: Array<{ sites: unknown[] }> };
    expect(json.siteComparisons.map((s) => s.sites.length)).toEqual(funnels.map((f) => f.points.length));
  });

  // Found by this test: "goals recorded" is another name of "trajectories closed" when no goal is unknown, and only
  // the canonical name carried the status, so a withheld denominator (".") was drawn. Statuses are now looked up
  // under the canonical name.
  it('a set protected with threshold 2 (zeros shown) draws sites: each point equals the counts its publications print', async () => {
    const prot2 = await protectPublicationSet(figs, { sites: data.sites, threshold: 2, zeros: 'show' });
    expect(prot2.failingKeys).toEqual([]);
    const pub = publishFigures(figs[0], { lang: 'en', threshold: 2, decisions: prot2 });
    const funnels = pub.charts.funnels;
    expect(funnels.reduce((a, f) => a + f.points.length, 0)).toBeGreaterThan(0); // not vacuous
    expect(funnels.some((f) => f.notShown > 0)).toBe(true); // and the rule excluded some
    // independent of the model: read the printed cells back from the published tables
    const list = publishedJson(pub) as { tables: Array<{ id: string; rows: Array<Array<string | number>> }> };
    const sites = list.tables.find((t) => t.id === 'locaties')!.rows;
    const m = (k: string) => BREAKDOWN_MEASURES.findIndex(([key]) => key === k);
    const cur = (row: Array<string | number>, k: string) => row[1 + 1 + BREAKDOWN_MEASURES.length + m(k)]; // label, region, previous year, current year
    for (const [k, f] of funnels.entries()) {
      for (const p of f.points) {
        if (k === 0) {
          const siteFig = figs.find((x) => x.scope.level === 'site' && x.scopeName === p.name)!;
          const goals = (publishedJson(publishFigures(siteFig, { lang: 'en', threshold: 2, decisions: prot2 })) as typeof list).tables.find((t) => t.id === 'doelen')!.rows;
          const yes = goals.find((r) => r[0] === registrationLabel('goals-reached', 'yes', 'en'))!;
          const total = goals.find((r) => r[0] === 'Total')!;
          expect([yes[3], total[3]]).toEqual([p.numerator, p.size]); // label, prev n, prev %, current n
        } else {
          const row = sites.find((r) => r[0] === p.name)!;
          const [num, den] = k === 1 ? ['notSupported', 'registered'] : ['supported', 'volunteersActive'];
          expect([cur(row, num), cur(row, den)]).toEqual([p.numerator, p.size]);
        }
      }
    }
  }, 120_000);

  it('controlled statuses on the same model: hidden sites are left out and counted, hidden national counts stop the chart', () => {
    const rows = figs[0].sites;
    const ind = SITE_INDICATORS[1]; // not supported / registered: both in the national site list
    const hideDen = `site:${rows[0].siteId}|${YEAR}|${ind.denominator}`;
    const hideNum = `site:${rows[1].siteId}|${YEAR}|${ind.numerator}`;
    const controlled: FunnelDisclosureSource = { model: protection.model, statusOf: (k) => (k === hideDen ? 'secondary' : k === hideNum ? 'primary' : undefined) };
    const f = publishedSiteFunnels(figs[0], controlled, 'en')[1];
    expect(f.drawn).toBe(true);
    const names = f.points.map((p) => p.name);
    expect(names).not.toContain(rows[0].name);
    expect(names).not.toContain(rows[1].name);
    const withCases = rows.filter((r) => r.current.registered > 0).length;
    expect(f.points.length).toBe(withCases - 2);
    expect(f.notShown).toBe(2);
    expect(f.sentence).toMatch(/Not shown \(small counts\): 2 sites, because one of their counts is hidden/);
    // every drawn point equals the site's row in the published national site list (same cells, shown)
    for (const p of f.points) {
      const row = rows.find((r) => r.name === p.name)!;
      expect([p.numerator, p.size]).toEqual([row.current.notSupported, row.current.registered]);
    }
    // target = the national cells
    const nat = figs[0].current;
    expect(f.target).toBe(nat.families.intake.notSupported / nat.families.registered);
    // sentence counts = bands of the points
    const c = f.counts;
    expect(c.shown).toBe(f.points.length);
    expect(c.beyondAbove + c.beyondBelow).toBe(f.points.filter((p) => p.band === 'beyond').length);
    expect(f.sentence).toContain(`${c.beyondAbove + c.beyondBelow} beyond the 99.8% limits`);
    // a hidden national count: no chart at all (the limits would reveal it)
    const natHidden: FunnelDisclosureSource = { model: protection.model, statusOf: (k) => (k === `nat|${YEAR}|${ind.numerator}` ? 'secondary' : undefined) };
    const g = publishedSiteFunnels(figs[0], natHidden, 'nl')[1];
    expect(g.drawn).toBe(false);
    expect(g.points).toEqual([]);
    expect(g.target).toBeNull();
    expect(g.sentence).toMatch(/landelijk aantal verborgen/);
    expect(funnelChartSpec(g, 'nl')).toBeNull();
  });

  it('a small numerator ("<5") of a shown size is drawn as the range a reader already knows, with a band decided on the range alone', async () => {
    const rows = figs[0].sites;
    const ind = SITE_INDICATORS[1];
    const withCases = rows.filter((r) => r.current.registered > 0);
    const small = withCases.slice(0, 3);
    const hideDen = withCases[3];
    const smallKeys = new Set(small.map((r) => `site:${r.siteId}|${YEAR}|${ind.numerator}`));
    for (const zeroHidden of [true, false]) {
      // the marks alone (no relations): with every other count of the site shown, its relations would pin the "<5"
      const controlled: FunnelDisclosureSource = { model: marksOnly(), threshold: 5, zeroHidden, statusOf: (k) => (smallKeys.has(k) ? 'primary' : k === `site:${hideDen.siteId}|${YEAR}|${ind.denominator}` ? 'secondary' : undefined) };
      const f = publishedSiteFunnels(figs[0], controlled, 'en')[1];
      expect(f.drawn).toBe(true);
      expect(f.ranges.map((r) => r.name).sort()).toEqual(small.map((r) => r.name).sort());
      expect(f.points.map((p) => p.name)).not.toEqual(expect.arrayContaining([small[0].name]));
      expect(f.notShown).toBe(1); // only the site whose size is hidden
      for (const r of f.ranges) {
        const row = rows.find((x) => x.name === r.name)!;
        // the range is what the printed "<5" and the printed size say: nothing else
        expect(r.size).toBe(row.current.registered);
        expect(r.numerator).toEqual({ lower: zeroHidden ? 0 : 1, upper: Math.min(4, row.current.registered) });
        expect([r.lower, r.upper]).toEqual([r.numerator.lower / r.size, r.numerator.upper / r.size]);
        // the band: the one every count of the range has, or undetermined
        const bands = funnelPlot([0, 1, 2, 3, 4].filter((y) => y >= r.numerator.lower && y <= r.numerator.upper).map((y) => ({ numerator: y, denominator: r.size })), { target: f.target! }).units.map((u) => `${u.band}${u.side ?? ''}`);
        expect(r.band === null ? new Set(bands).size > 1 : new Set(bands).size === 1 && bands[0] === `${r.band}${r.side ?? ''}`).toBe(true);
      }
      expect(f.sentence).toMatch(/3 sites whose number of families not supported is hidden \("<5"\) are drawn as a bar over every value the published counts allow/);
      // the chart: a bar per range, the count of sites not shown under the title
      const spec = funnelChartSpec(f, 'en')! as { title: { subtitle: string }; layer: Array<{ mark: { type: string }; data: { values: Array<Record<string, unknown>> } }> };
      expect(spec.title.subtitle).toBe('Not shown (small counts): 1 site');
      // one polyline per site (its two ends), drawn last (over the points: limit lines, national value, points, ranges)
      expect(spec.layer[3].mark.type).toBe('line');
      expect(spec.layer[3].data.values).toHaveLength(6);
      for (const r of f.ranges) {
        const ends = spec.layer[3].data.values.filter((v) => v.name === r.name);
        expect(ends.map((v) => [v.size, v.y])).toEqual([[r.size, r.upper * 100], [r.size, r.lower * 100]]);
      }
      const warns: string[] = [];
      const spy = vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void warns.push(a.join(' ')));
      try {
        expect((await renderSvg(spec)).startsWith('<svg')).toBe(true);
      } finally {
        spy.mockRestore();
      }
      expect(warns).toEqual([]);
    }
  });

  it('a shown "goals reached" beside a hidden "goals recorded" = a shown "closed" less a "<5" "goals unknown" is drawn as the segment of its possible points', async () => {
    const model = protection.model;
    const cell = (siteId: string, m: string) => model.index.get(`site:${siteId}|${YEAR}|${m}`)!;
    const rows = figs[0].sites;
    // sites with goals unknown recorded (goals recorded is a cell of its own, not another name of "closed")
    const known = rows.filter((r) => cell(r.siteId!, 'goals.known') !== cell(r.siteId!, 'fam.closed') && model.values[cell(r.siteId!, 'goals.yes')] > 0);
    expect(known.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = known;
    const key = (r: (typeof rows)[number], m: string) => model.keys[cell(r.siteId!, m)];
    for (const zeroHidden of [true, false]) {
      // a and b: "goals recorded" hidden ("x"), "goals unknown" printed "<5", closed and goals reached shown;
      // c: the same, but its closed hidden too — nothing to draw it from
      const statuses = new Map<string, string>([
        [key(a, 'goals.known'), 'secondary'], [key(a, 'goals.unknown'), 'primary'],
        [key(b, 'goals.known'), 'secondary'], [key(b, 'goals.unknown'), 'primary'],
        [key(c, 'goals.known'), 'secondary'], [key(c, 'goals.unknown'), 'primary'], [key(c, 'fam.closed'), 'secondary'],
      ]);
      // of the relations only closed = recorded + unknown (the others would pin recorded beside shown counts)
      const closedSum = (r: { vars: number[] }) => r.vars.length === 3 && [a, b, c].some((s) => ['goals.known', 'goals.unknown', 'fam.closed'].every((m) => r.vars.includes(cell(s.siteId!, m))));
      const controlled: FunnelDisclosureSource = { model: { ...model, relations: model.relations.filter(closedSum) }, threshold: 5, zeroHidden, statusOf: (k) => statuses.get(k) };
      const f = publishedSiteFunnels(figs[0], controlled, 'en')[0];
      expect(f.drawn).toBe(true);
      expect(f.ranges.map((r) => r.name).sort()).toEqual([a.name, b.name].sort());
      expect(f.points.map((p) => p.name)).not.toContain(a.name);
      expect(f.notShown).toBe(1 + rows.filter((r) => r.name !== a.name && r.name !== b.name && r.name !== c.name && !f.points.some((p) => p.name === r.name) && model.values[cell(r.siteId!, 'goals.known')] > 0).length);
      for (const r of f.ranges) {
        const row = rows.find((x) => x.name === r.name)!;
        const closed = row.current.closed;
        const yes = model.values[cell(row.siteId!, 'goals.yes')];
        // what the printed counts and marks say, nothing else: closed − 4 … closed (− 1 where zeros are printed)
        expect(r.numerator).toEqual({ lower: yes, upper: yes });
        expect(r.size).toBe(closed - (zeroHidden ? 0 : 1));
        expect(r.sizeLower).toBe(Math.max(closed - 4, yes));
        expect([r.lower, r.upper]).toEqual([yes / r.size, yes / r.sizeLower!]);
        // the true denominator lies on the segment
        const truth = model.values[cell(row.siteId!, 'goals.known')];
        expect(truth).toBeGreaterThanOrEqual(r.sizeLower!);
        expect(truth).toBeLessThanOrEqual(r.size);
        // the band: the one every possible point has, or undetermined
        const sizes = Array.from({ length: r.size - r.sizeLower! + 1 }, (_, k) => r.sizeLower! + k);
        const bands = funnelPlot(sizes.map((n) => ({ numerator: yes, denominator: n })), { target: f.target! }).units.map((u) => `${u.band}${u.side ?? ''}`);
        expect(r.band === null ? new Set(bands).size > 1 : new Set(bands).size === 1 && bands[0] === `${r.band}${r.side ?? ''}`).toBe(true);
      }
      expect(f.sentence).toMatch(/ 2 sites whose number of trajectories with goals recorded is hidden are drawn as a line through every point the published counts allow/);
      expect(publishedSiteFunnels(figs[0], controlled, 'nl')[0].sentence).toMatch(/ 2 locaties waarvan het aantal trajecten met vastgelegde doelen verborgen is staan er als lijn in, door alle punten die de gepubliceerde aantallen toelaten/);
      // the chart: one segment per site, from (smallest size, highest share) to (largest size, lowest share)
      const spec = funnelChartSpec(f, 'en')! as { layer: Array<{ mark: { type: string }; encoding: Record<string, unknown>; data: { values: Array<Record<string, number | string>> } }> };
      expect(spec.layer[3].mark.type).toBe('line');
      expect(spec.layer[3].encoding.detail).toEqual({ field: 'id' });
      const ra = f.ranges.find((r) => r.name === a.name)!;
      // through every possible point (n, reached/n), in order of size: a curve, not a straight line
      const seg = spec.layer[3].data.values.filter((v) => v.name === a.name);
      expect(seg.map((v) => v.size)).toEqual(Array.from({ length: ra.size - ra.sizeLower! + 1 }, (_, k) => ra.sizeLower! + k));
      for (const v of seg) expect(v.y).toBeCloseTo((ra.numerator.lower / Number(v.size)) * 100, 10);
      expect(seg[0].aria).toMatch(new RegExp(`^${a.name}: \\d+ of \\d+–\\d+, `));
      // coloured and named in the legend apart from the grey limit lines (which they would otherwise resemble)
      const color = spec.layer[3].encoding.color as { scale: { domain: string[]; range: string[] } };
      expect(color.scale.domain).toEqual(['known only as a range']);
      expect(color.scale.range[0]).not.toBe((spec.layer[0] as unknown as { mark: { color: string } }).mark.color);
      const nlColor = (funnelChartSpec(f, 'nl')! as typeof spec).layer[3].encoding.color as { scale: { domain: string[] } };
      expect(nlColor.scale.domain).toEqual(['alleen als bereik bekend']);
      expect((await renderSvg(spec as never)).startsWith('<svg')).toBe(true);
    }
  });

  it('the caption says the sites drawn are a selection whenever some are left out and some drawn (English and Dutch)', () => {
    const ind = SITE_INDICATORS[1];
    const rows = figs[0].sites.filter((r) => r.current.registered > 0);
    const hide = `site:${rows[0].siteId}|${YEAR}|${ind.denominator}`;
    for (const [lang, re] of [['en', /The sites drawn are not a random selection: a site is left out more often when one of its counts is small/], ['nl', /De getekende locaties zijn geen willekeurige keuze/]] as const) {
      const some = publishedSiteFunnels(figs[0], { model: protection.model, statusOf: (k) => (k === hide ? 'secondary' : undefined) }, lang)[1];
      expect(some.points.length).toBeGreaterThan(0);
      expect(some.notShown).toBe(1);
      expect(some.sentence).toMatch(re);
      // all drawn: no such sentence
      const all = publishedSiteFunnels(figs[0], { model: protection.model, statusOf: () => undefined }, lang)[1];
      expect(all.notShown).toBe(0);
      expect(all.sentence).not.toMatch(re);
    }
  });

  it('with the real protection decisions: every bar holds the true count', () => {
    for (const f of publishedSiteFunnels(figs[0], protection, 'en')) {
      const ind = SITE_INDICATORS.find((i) => i.id === f.id)!;
      for (const r of f.ranges) {
        const s = figs[0].sites.find((x) => x.name === r.name)!;
        const y = protection.model.values[protection.model.index.get(`site:${s.siteId}|${YEAR}|${ind.numerator}`)!];
        expect(y).toBeGreaterThanOrEqual(r.numerator.lower);
        expect(y).toBeLessThanOrEqual(r.numerator.upper);
        expect(r.numerator.lower).toBeGreaterThanOrEqual(0);
      }
    }
  });

  // session 8: a hidden count is read from its mark and from each relation it lies on (publishedCountRanges); the
  // drawn ranges hold the audit's feasible ranges: tests/impact/site-cost.test.ts
  it('with the real protection decisions: other hidden true values, the same printed cells and statuses, the same funnels and charts', () => {
    const m = protection.model;
    const shown = (i: number) => m.printed[i] && shownIn(protection, m.keys[i]);
    const values = m.values.map((v, i) => (shown(i) ? v : v + 3 + (i % 5)));
    expect(values.filter((v, i) => v !== m.values[i]).length).toBeGreaterThan(100);
    const other: FunnelDisclosureSource = { threshold: protection.threshold, zeroHidden: protection.zeroHidden, statusOf: protection.statusOf, model: { ...m, values } };
    for (const lang of ['en', 'nl'] as const) {
      const before = publishedSiteFunnels(figs[0], protection, lang);
      const after = publishedSiteFunnels(figs[0], other, lang);
      expect(before.some((f) => f.ranges.length > 0)).toBe(true);
      expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      expect(JSON.stringify(after.map((f) => funnelChartSpec(f, lang)))).toBe(JSON.stringify(before.map((f) => funnelChartSpec(f, lang))));
    }
  });

  it('the national value is drawn (centre line and limits) when no site can be: the sites not shown are counted', () => {
    const ind = SITE_INDICATORS[0];
    const controlled: FunnelDisclosureSource = { model: protection.model, threshold: 5, zeroHidden: true, statusOf: (k) => (k.startsWith('site:') && k.endsWith(`|${ind.denominator}`) ? 'secondary' : k.startsWith('site:') && k.endsWith('|fam.closed') ? 'secondary' : undefined) };
    const f = publishedSiteFunnels(figs[0], controlled, 'en')[0];
    expect(f.drawn).toBe(true);
    expect(f.points).toEqual([]);
    expect(f.ranges).toEqual([]);
    expect(f.limits.length).toBeGreaterThan(1);
    const nat = figs[0].current.closed.goalsReached;
    expect(f.target).toBe(nat.yes / nat.known);
    const withCases = figs[0].sites.length;
    expect(f.notShown).toBe(withCases);
    expect(f.sentence).toBe(`National value ${(f.target! * 100).toFixed(0)}%. No site is drawn with its own value. Not shown (small counts): ${withCases} sites, because one of their counts is hidden.`);
    const spec = funnelChartSpec(f, 'nl') as { layer: unknown[] };
    expect(spec.layer).toHaveLength(3); // limits, national value, (no) points
  });

  it('a hidden cell under another name (goals recorded = trajectories closed) is hidden for the funnel too', () => {
    const m = protection.model;
    const aliased = figs[0].sites.filter((r) => m.index.get(`site:${r.siteId}|${YEAR}|goals.known`) === m.index.get(`site:${r.siteId}|${YEAR}|fam.closed`));
    expect(aliased.length).toBeGreaterThan(0);
    const target = aliased[0];
    const closedKey = `site:${target.siteId}|${YEAR}|fam.closed`;
    const allShown: FunnelDisclosureSource = { model: m, statusOf: () => undefined };
    expect(publishedSiteFunnels(figs[0], allShown, 'en')[0].points.map((p) => p.name)).toContain(target.name);
    const closedWithheld: FunnelDisclosureSource = { model: m, statusOf: (k) => (k === closedKey ? 'withheld' : undefined) };
    const f = publishedSiteFunnels(figs[0], closedWithheld, 'en')[0];
    expect(f.points.map((p) => p.name)).not.toContain(target.name);
    expect(f.notShown).toBe(1);
  });

  it('a cell that no publication prints is never drawn, even when "shown"', () => {
    const printedNowhere: FunnelDisclosureSource = { model: { ...protection.model, printed: protection.model.printed.map(() => false) }, statusOf: () => undefined };
    for (const f of publishedSiteFunnels(figs[0], printedNowhere, 'en')) {
      expect(f.points).toEqual([]);
      expect(f.drawn).toBe(false);
    }
  });

  it('without a protected set (a preview) no site is drawn; region and site reports have no funnels', () => {
    const preview = publishFigures(figs[0], { lang: 'en' });
    expect(preview.charts.funnels.every((f) => !f.drawn && f.points.length === 0)).toBe(true);
    expect(preview.charts.funnels[0].sentence).toMatch(/drawn only from a protected publication set/);
    const region = figs.find((f) => f.scope.level === 'region')!;
    expect(publishFigures(region, { lang: 'en', decisions: protection }).charts.funnels).toEqual([]);
  });
});

describe('the chart and the report section', () => {
  it('the impactFunnelChart @example', () => {
    const spec = impactFunnelChart({ target: 0.6, percent: true, points: [{ name: 'A', size: 20, value: 0.7, band: 'within', aria: 'A: 14 of 20' }], limits: [{ size: 20, lower95: 0.38, upper95: 0.8, lower998: 0.3, upper998: 0.86 }], description: 'National value 60%.' }) as { layer: Array<{ data: { values: Array<Record<string, unknown>> } }>; description: string };
    expect(spec.layer.length).toBe(3);
    expect(spec.description).toBe('National value 60%.');
    // percentages on the y scale: 4 limit rows per size, the point at 70
    expect(spec.layer[0].data.values.map((v) => v.y)).toEqual([38, 80, 30, 86]);
    expect(spec.layer[2].data.values[0]).toMatchObject({ name: 'A', size: 20, y: 70, aria: 'A: 14 of 20' });
  });

  it('the funnel chart compiles without vega-lite warnings (a notebook shows them as errors), proportion and rate', async () => {
    const warns: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void warns.push(a.join(' ')));
    try {
      for (const f of siteComparison(data, { year: YEAR, referenceDate: REF }).map((c) => siteComparisonFunnel(c, 'nl'))) {
        expect(f).not.toBeNull();
        expect((await renderSvg(funnelChartSpec(f!, 'nl')!)).startsWith('<svg')).toBe(true);
      }
    } finally {
      spy.mockRestore();
    }
    expect(warns).toEqual([]);
  }, 60_000);

  it('a drawn funnel: Vega-Lite layers, accessible name and per-point descriptions; the HTML section names the counts', async () => {
    const rows = figs[0].sites;
    const controlled: FunnelDisclosureSource = { model: protection.model, statusOf: () => undefined };
    const funnels = publishedSiteFunnels(figs[0], controlled, 'nl');
    const f = funnels[1];
    const spec = funnelChartSpec(f, 'nl')! as { description: string; layer: Array<{ data: { values: Array<Record<string, unknown>> }; encoding: Record<string, unknown> }> };
    expect(spec.description).toBe(`${f.title}. ${f.sentence}`);
    expect(spec.layer).toHaveLength(3);
    const pts = spec.layer[2].data.values;
    expect(pts).toHaveLength(rows.filter((r) => r.current.registered > 0).length);
    for (const p of pts) expect(String(p.aria)).toMatch(/^.+: \d+ van \d+ \(\d+%\), (binnen|tussen|buiten)/);
    // the report with these funnels: one figure per drawn funnel, its sentence as caption
    const pub = publishFigures(figs[0], { lang: 'nl', decisions: protection });
    const withFunnels = { ...pub, charts: { ...pub.charts, funnels } };
    const charts = await renderReportCharts(withFunnels);
    expect(charts.funnels).toHaveLength(3);
    expect(charts.funnels!.every((s) => s.startsWith('<svg'))).toBe(true);
    // every site's point carries its own text for screen readers; the figure's caption is the summary sentence
    for (const p of f.points) expect(charts.funnels![1]).toContain(`aria-label="${p.name}: ${p.numerator} van ${p.size} (`);
    const html = reportHtml(withFunnels, charts);
    expect(html).toContain('<h2>Locaties vergeleken</h2>');
    expect(html).toContain(`<figure class="chart" id="funnel-not-supported">`);
    expect(html).toContain(`<figcaption class="note">${f.sentence.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</figcaption>`);
    expect(reportFunnelSpecs(withFunnels).filter(Boolean)).toHaveLength(funnels.filter((x) => x.drawn).length);
  }, 60_000);
});
