/**
 * Site comparisons for the national office: funnel plots (Spiegelhalter, 2005; src/stats/funnel.ts) of three
 * site indicators against the national value, so that the office sees which sites differ beyond chance for
 * their size instead of ranking them.
 *
 * Indicators (for the report year; definitions of the counts in figures.ts `YearFigures`):
 * - `goals-reached`: closed trajectories with goals reached (`goals.yes`) / closed trajectories where goal
 *   attainment was recorded (`goals.known`) — the base of the published goals table; a proportion;
 * - `not-supported`: families not supported after intake (`fam.intake.not-supported`) / families registered
 *   (`fam.registered`); a proportion;
 * - `families-per-volunteer`: families supported (`fam.supported`) / volunteers active during the year
 *   (`vol.activeYear`); a rate per volunteer with Poisson limits (see funnel.ts on what that assumes).
 *
 * Two entry points:
 * - {@link siteComparison}: raw counts of every site (for analysis by the office; NOT for publication);
 * - {@link publishedSiteFunnels}: what the national annual report draws, under the disclosure rule below.
 *
 * **Disclosure rule** (docs/disclosure.md's attacker holds every published file and solves for hidden cells).
 * A point at (n, y/n) reveals both y and n. So a site is plotted only when its numerator AND its denominator
 * are cells that the protected publication set prints and shows (status "shown" in at least one publication
 * of the set: the site's own annual report or the national site list) — then the point repeats two published
 * numbers and adds nothing. A site with either cell hidden ("<5", "x") or left out ("."), or not printed in any
 * publication of the set, is not drawn and not counted in the sentence; the chart says how many sites are not
 * shown. The target line and the limits use the national numerator and denominator, so the chart is drawn
 * only when both are shown too (otherwise the limits would reveal a hidden national count). Without a
 * protected publication set (a preview from `publishFigures` without decisions) no site is drawn. What the printed
 * cells say of a hidden count is drawn as a range, never as a point ({@link publishedCountRanges}: its mark — "<t" is
 * 0/1 … t − 1 — and each relation of the model it lies on, one at a time, with the relation's other counts known by
 * their marks only): a hidden numerator beside a shown denominator as a vertical bar over every count it can be; a
 * shown numerator beside a hidden denominator (goals recorded = closed − a "<t" unknown; registered = supported after
 * intake + not supported + pending; active volunteers = the gender classes, ≥ those active at the end) as the line
 * through its possible points (n, y/n). A range is drawn when it is no wider than a "<t" mark or its band is the same
 * at every value; a wider one, both counts hidden, or a hidden count its relations pin to one value is not drawn.
 * Overdispersion adjustments are not used in the report (φ̂ estimated from the shown sites only is reported
 * in the JSON), so the limits depend on published numbers only.
 */
import { funnelCommonBand, funnelCurveSizes, funnelLimits, funnelPlot, type FunnelBand, type FunnelIndicator, type FunnelPlotResult } from '../stats/funnel.js';
import { StatsError } from '../stats/result.js';
import { computeFigures, type YearFigures } from './figures.js';
import type { ImpactFigures } from './figures.js';
import type { RegistrationData } from './types.js';

export type SiteIndicatorId = 'goals-reached' | 'not-supported' | 'families-per-volunteer';

/** One site indicator: its counts (publication measure keys) and labels. */
export interface SiteIndicator {
  id: SiteIndicatorId;
  kind: FunnelIndicator;
  /** Measure keys of the publication model (publication.ts): `<scope>|<year>|<measure>`. */
  numerator: string;
  denominator: string;
  /** Reads the raw numerator and denominator from a year's figures. */
  counts(y: YearFigures): { numerator: number; denominator: number };
  /**
   * What the sentence calls the numerator and the denominator when a site is drawn as a range of them ("… whose
   * number of families registered is hidden").
   */
  nouns: { numerator: { nl: string; en: string }; denominator: { nl: string; en: string } };
  label: { nl: string; en: string };
  /** Axis title of the size (the denominator). */
  sizeLabel: { nl: string; en: string };
}

export const SITE_INDICATORS: readonly SiteIndicator[] = [
  {
    id: 'goals-reached',
    kind: 'proportion',
    numerator: 'goals.yes',
    denominator: 'goals.known',
    nouns: { numerator: { nl: 'het aantal trajecten met doelen bereikt', en: 'number of trajectories with goals reached' }, denominator: { nl: 'het aantal trajecten met vastgelegde doelen', en: 'number of trajectories with goals recorded' } },
    counts: (y) => ({ numerator: y.closed.goalsReached.yes, denominator: y.closed.goalsReached.known }),
    label: { nl: 'Afgesloten trajecten met doelen bereikt', en: 'Closed trajectories with goals reached' },
    sizeLabel: { nl: 'Afgesloten trajecten (doelen vastgelegd)', en: 'Closed trajectories (goals recorded)' },
  },
  {
    id: 'not-supported',
    kind: 'proportion',
    numerator: 'fam.intake.not-supported',
    denominator: 'fam.registered',
    counts: (y) => ({ numerator: y.families.intake.notSupported, denominator: y.families.registered }),
    nouns: { numerator: { nl: 'het aantal niet ondersteunde gezinnen', en: 'number of families not supported' }, denominator: { nl: 'het aantal aangemelde gezinnen', en: 'number of families registered' } },
    label: { nl: 'Aangemelde gezinnen niet ondersteund', en: 'Registered families not supported' },
    sizeLabel: { nl: 'Aangemelde gezinnen', en: 'Families registered' },
  },
  {
    id: 'families-per-volunteer',
    kind: 'rate',
    numerator: 'fam.supported',
    denominator: 'vol.activeYear',
    counts: (y) => ({ numerator: y.families.supported, denominator: y.volunteers.activeDuringYear }),
    nouns: { numerator: { nl: 'het aantal ondersteunde gezinnen', en: 'number of families supported' }, denominator: { nl: 'het aantal actieve vrijwilligers', en: 'number of active volunteers' } },
    label: { nl: 'Ondersteunde gezinnen per actieve vrijwilliger', en: 'Families supported per active volunteer' },
    sizeLabel: { nl: 'Actieve vrijwilligers', en: 'Active volunteers' },
  },
];

// ---------------------------------------------------------------------------------------------
// Raw comparison (analysis)

/** One site's raw counts for an indicator. */
export interface SiteIndicatorRow {
  siteId: string;
  /** The site's municipality. */
  name: string;
  region: string;
  numerator: number;
  denominator: number;
}

/** The raw comparison of one indicator: national counts, every site's counts and the funnel plot. */
export interface SiteIndicatorComparison {
  indicator: SiteIndicator;
  national: { numerator: number; denominator: number; value: number };
  /** Every site that had started by the end of the year, with its counts (denominator may be 0). */
  sites: SiteIndicatorRow[];
  /** Funnel plot of the sites with a denominator above 0 against the national value (null when none, or no funnel exists). */
  funnel: FunnelPlotResult | null;
  /** Why `funnel` is null. */
  reason?: string;
}

/**
 * Raw site comparison for a year: per indicator, the national value and every site's numerator and denominator,
 * with a funnel plot (exact limits) of the sites against the national value. Raw, unsuppressed counts: for the
 * national office's own analysis, not for publication (the report uses {@link publishedSiteFunnels}).
 *
 * @example
 * const c = siteComparison(data, { year: 2025, referenceDate: '2026-01-15' });
 * c[0].indicator.id               // 'goals-reached'
 * c[0].funnel?.counts().beyondAbove // sites above the 99.8% limit
 */
export function siteComparison(data: RegistrationData, options: { year: number; referenceDate?: string; volunteerHoursPerWeek?: number }): SiteIndicatorComparison[] {
  const base = { year: options.year, referenceDate: options.referenceDate, volunteerHoursPerWeek: options.volunteerHoursPerWeek, firstYear: options.year - 1 };
  const nat = computeFigures(data, base).current;
  const perSite = data.sites
    .filter((s) => s.startDate <= `${options.year}-12-31`)
    .map((s) => ({ site: s, y: computeFigures(data, { ...base, scope: { level: 'site', siteId: s.siteId } }).current }));
  return SITE_INDICATORS.map((indicator) => {
    const n = indicator.counts(nat);
    const sites = perSite.map(({ site, y }) => ({ siteId: site.siteId, name: site.municipality, region: site.region, ...indicator.counts(y) }));
    const national = { ...n, value: n.denominator > 0 ? n.numerator / n.denominator : NaN };
    const units = sites.filter((s) => s.denominator > 0).map((s) => ({ label: s.name, numerator: s.numerator, denominator: s.denominator }));
    if (units.length === 0) return { indicator, national, sites, funnel: null, reason: 'no site has cases for this indicator in the year' };
    try {
      return { indicator, national, sites, funnel: funnelPlot(units, { indicator: indicator.kind, target: national.value }) };
    } catch (e) {
      if (e instanceof StatsError) return { indicator, national, sites, funnel: null, reason: e.message };
      throw e;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Published funnels (the national annual report)

/** What the published funnels need of the protected publication set (`PublicationSetProtection`, disclosure.ts). */
export interface FunnelDisclosureSource {
  /** Status of a count by its global key; undefined = shown. */
  statusOf(globalKey: string): string | undefined;
  /**
   * The threshold t and whether zeros are hidden, as the set printed its counts (`PublicationDecisions`): a
   * small count printed "<t" is known to a reader to lie in 1 … t − 1 (0 … t − 1 when zeros are hidden), so a
   * site with such a numerator and a shown denominator is drawn as that range. Without them no range is drawn.
   */
  threshold?: number;
  zeroHidden?: boolean;
  /**
   * The private model: which cells exist (`index` maps every name of a cell, aliases included, to its cell;
   * `keys` holds each cell's canonical name, the one `statusOf` knows), are printed somewhere, and their values;
   * and the relations a reader knows between cells by their definitions (`PublicationModel.relations`: sums,
   * scope sums, subsets, flows). Without `relations` a hidden count is known only by its own mark.
   */
  model?: { index: Map<string, number>; keys: string[]; values: number[]; printed: boolean[]; relations?: ReadonlyArray<{ vars: number[]; coefs: number[]; lo: number; hi: number }> };
}

/** What a reader of the published set knows of one count: it lies in lo … hi (hi may be Infinity); `shown` when printed as a number. */
export interface PublishedCountRange {
  lo: number;
  hi: number;
  shown: boolean;
  /** How the count is printed when hidden: "<t", "x" or "." (left out); absent when shown or printed nowhere. */
  mark?: string;
}

/**
 * What a reader holding every file of the protected set knows of each count, from the printed cells alone: a count
 * printed and shown is known exactly; a count printed "<t" lies in 1 … t − 1 (0 … t − 1 where zeros are hidden);
 * any other count ("x", ".", not printed) is only ≥ 0 by its mark. A hidden count is narrowed further by each
 * relation of the model it lies on (`lo ≤ Σ c·x ≤ hi`), one relation at a time, with every other count of the
 * relation known by its mark only: `c·x` lies in `lo − max Σ_others … hi − min Σ_others` — e.g. families not
 * supported = registered − supported after intake − pending, with the three printed; active volunteers = the sum of
 * the gender classes, at least those active at the end of the year, at most those active at the end, in training at
 * the end and stopped. The range is the intersection of these single-relation bounds (rounded inwards to whole
 * counts). A bound found from one relation is never fed into another, and no combination of relations is solved:
 * so the range is a direct consequence of printed numbers and marks and never narrower than the exact range of the
 * disclosure audit's linear programs (which use every relation at once, and which the audit proved at least as
 * wide as the protection requires). The true value of a hidden count is never read: only the printed values and
 * the statuses. Returns null for a count that is not a cell of the set (or without a protected set).
 *
 * @example
 * const range = publishedCountRanges(protection);
 * range('site:S001|2025|fam.registered') // { lo: 31, hi: 31, shown: true }
 * range('site:S002|2025|fam.intake.not-supported') // { lo: 1, hi: 4, shown: false } (printed "<5")
 */
export function publishedCountRanges(decisions: FunnelDisclosureSource | undefined): (key: string) => PublishedCountRange | null {
  const model = decisions?.model;
  if (!decisions || !model) return () => null;
  const t = decisions.threshold;
  const smallLower = decisions.zeroHidden ? 0 : 1;
  const shown = (i: number) => Boolean(model.printed[i]) && SHOWN(decisions.statusOf(model.keys[i]));
  /** A count by its own mark: the printed number, "<t", or ≥ 0. */
  const marked = (i: number): [number, number] => {
    if (shown(i)) return [model.values[i], model.values[i]];
    if (t !== undefined && model.printed[i] && decisions.statusOf(model.keys[i]) === 'primary') return [smallLower, t - 1];
    return [0, Infinity];
  };
  // cell → the relations it lies on, in their order (built on first need, as one list: the relations of cell i are
  // onList[onStart[i]] … onList[onStart[i + 1] − 1])
  let onStart: Int32Array | null = null;
  let onList: Int32Array = new Int32Array(0);
  const relationsOf = (i: number): Int32Array => {
    const rel = model.relations;
    if (!rel) return onList;
    if (!onStart) {
      const n = model.keys.length;
      const start = new Int32Array(n + 2);
      for (const r of rel) for (const v of r.vars) start[v + 2]++;
      for (let k = 2; k < n + 2; k++) start[k] += start[k - 1];
      onList = new Int32Array(start[n + 1]);
      // start[v + 1] is the next free place of cell v while filling; afterwards it is where v's list starts
      for (let r = 0; r < rel.length; r++) for (const v of rel[r].vars) onList[start[v + 1]++] = r;
      onStart = start;
    }
    return i + 1 < onStart.length ? onList.subarray(onStart[i], onStart[i + 1]) : onList.subarray(0, 0);
  };
  return (key) => {
    const i = model.index.get(key);
    if (i === undefined) return null;
    let [lo, hi] = marked(i);
    if (shown(i)) return { lo, hi, shown: true };
    for (const r of relationsOf(i)) {
      const rel = model.relations![r];
      let c = 0;
      let min = 0; // smallest and largest Σ c·x of the other counts, each by its mark
      let max = 0;
      for (let k = 0; k < rel.vars.length; k++) {
        if (rel.vars[k] === i) {
          c += rel.coefs[k];
          continue;
        }
        const [a, b] = marked(rel.vars[k]);
        const ck = rel.coefs[k];
        min += ck > 0 ? ck * a : ck * b;
        max += ck > 0 ? ck * b : ck * a;
      }
      if (c === 0) continue;
      // c·x in [rel.lo − max, rel.hi − min]
      const a = (rel.lo - max) / c;
      const b = (rel.hi - min) / c;
      const from = Math.min(a, b);
      const to = Math.max(a, b);
      if (Number.isFinite(from) && from > lo) lo = Math.ceil(from - 1e-9);
      if (Number.isFinite(to) && to < hi) hi = Math.floor(to + 1e-9);
    }
    const status = model.printed[i] ? decisions.statusOf(model.keys[i]) : undefined;
    const mark = status === 'primary' ? `<${t ?? 5}` : status === 'secondary' ? 'x' : status === 'withheld' ? '.' : undefined;
    return { lo: Math.max(0, lo), hi, shown: false, ...(mark ? { mark } : {}) };
  };
}

/** One plotted site. */
export interface PublishedFunnelPoint {
  name: string;
  size: number;
  numerator: number;
  value: number;
  band: FunnelBand;
  side: 'above' | 'below' | null;
}

/**
 * A site whose numerator is hidden ("<t", "x", ".") and whose denominator is shown: drawn as the range of counts a
 * reader already knows it can take from the printed cells ({@link publishedCountRanges}; lower … upper), never as a
 * point. Or a site whose numerator is shown and whose denominator is hidden: drawn as the line through its possible
 * points (n, y/n) for n = `sizeLower` … `size`. Its band is decided on the range alone: `within`, `between` or
 * `beyond` only when every possible point falls in it (on one side), else null (undetermined) — so the band, too,
 * is a function of printed numbers only.
 */
export interface PublishedFunnelRange {
  name: string;
  /** The denominator (its largest possible value when `sizeLower` is given). */
  size: number;
  /** The smallest possible denominator, when the denominator is a range (absent: `size` exactly). */
  sizeLower?: number;
  /** The smallest and largest count the printed cells allow (a "<t" alone: 0 or 1 … min(t − 1, size)). */
  numerator: { lower: number; upper: number };
  lower: number;
  upper: number;
  band: FunnelBand | null;
  side: 'above' | 'below' | null;
  /** How the hidden count (the numerator of a bar, the denominator of a line) is printed: "<t", "x" or ".". */
  mark?: string;
}

/** The limit lines at one size. */
export interface PublishedFunnelLimit {
  size: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** A funnel plot of the national report, built from published cells only. */
export interface PublishedFunnel {
  id: SiteIndicatorId;
  kind: FunnelIndicator;
  title: string;
  sizeLabel: string;
  /**
   * Drawn whenever the national numerator and denominator are shown (the centre line and the limits are functions
   * of them), also when no site can be plotted: the chart then shows the national value and its limits, and says
   * how many sites are not shown.
   */
  drawn: boolean;
  /** National numerator / denominator (null when not drawn because a national count is hidden). */
  target: number | null;
  points: PublishedFunnelPoint[];
  /** Sites with one count hidden, drawn as the range of their possible values (a bar, or a line through their possible points). */
  ranges: PublishedFunnelRange[];
  limits: PublishedFunnelLimit[];
  /** Sites with cases in the year that are drawn neither as a point nor as a range, because a count is hidden or not published. */
  notShown: number;
  counts: { shown: number; within: number; betweenAbove: number; betweenBelow: number; beyondAbove: number; beyondBelow: number };
  /** φ̂ of the shown sites (Winsorised; not used for the limits). */
  phi: number | null;
  /** One or two sentences for the report (and the chart's screen-reader text). */
  sentence: string;
}

const SHOWN = (s: string | undefined) => s === undefined || s === 'shown';

/**
 * The funnel plots of the national annual report, from the protected publication set: only sites whose
 * numerator and denominator are printed and shown somewhere in the set are drawn (module notes: disclosure rule).
 * Returns [] for a region or site report.
 *
 * @example
 * const f = publishedSiteFunnels(figures, protection, 'en');
 * f.map((x) => x.id) // ['goals-reached', 'not-supported', 'families-per-volunteer']
 */
export function publishedSiteFunnels(fig: ImpactFigures, decisions: FunnelDisclosureSource | undefined, lang: 'nl' | 'en'): PublishedFunnel[] {
  if (fig.scope.level !== 'national') return [];
  const year = fig.year;
  const model = decisions?.model;
  const range = publishedCountRanges(decisions);
  /** The value of a cell when it is printed and shown in the set; null otherwise. */
  const published = (key: string): number | null => {
    const k = range(key);
    return k && k.shown ? k.lo : null;
  };
  const t = decisions?.threshold ?? 0;
  return SITE_INDICATORS.map((ind) => {
    const title = ind.label[lang];
    const sizeLabel = ind.sizeLabel[lang];
    const raw = fig.sites.map((r) => ({ name: r.name, y: range(`site:${r.siteId}|${year}|${ind.numerator}`), n: range(`site:${r.siteId}|${year}|${ind.denominator}`) }));
    const shown: Array<{ name: string; y: number; n: number }> = [];
    const ranged: Array<{ name: string; size: number; sizeLower?: number; lo: number; hi: number; mark?: string }> = [];
    for (const { name, y, n } of raw) {
      if (!y || !n) continue;
      if (y.shown && n.shown) {
        if (n.lo > 0) shown.push({ name, y: y.lo, n: n.lo });
      } else if (n.shown && n.lo > 0 && !y.shown) {
        // a hidden numerator beside a shown denominator: the bar over every count the printed cells allow
        // (a proportion's numerator is at most its denominator; a rate's count is not bounded by its exposure)
        const hi = Math.min(y.hi, ind.kind === 'proportion' ? n.lo : Infinity);
        if (Number.isFinite(hi) && hi > y.lo) ranged.push({ name, size: n.lo, lo: y.lo, hi, mark: y.mark });
      } else if (y.shown && !n.shown) {
        // a shown numerator beside a hidden denominator: the segment of its possible points (a proportion's
        // denominator is at least its numerator; a size is at least 1)
        const sizeLower = Math.max(n.lo, ind.kind === 'proportion' ? y.lo : 0, 1);
        if (Number.isFinite(n.hi) && n.hi > sizeLower) ranged.push({ name, size: n.hi, sizeLower, lo: y.lo, hi: y.lo, mark: n.mark });
      }
      // both hidden, an unbounded range, or a hidden count the printed cells pin to one value (a left-out "."
      // that its relations give exactly: drawing it would contradict its table): not drawn
    }
    // a range is drawn when it is no wider than a "<t" mark (the hidden count known to within t − 1) or when its
    // band is the same at every value: a wider range decides nothing (on the national 2025 set nearly every one
    // crossed the limits, spanning up to 300 sizes or 100 percentage points) and is counted as not shown
    const narrow = (r: { size: number; sizeLower?: number; lo: number; hi: number }) => (r.sizeLower !== undefined ? r.size - r.sizeLower : r.hi - r.lo) <= t - 1;
    // sites with cases that are not drawn: counted from published information only (a site is "with cases"
    // unless its denominator is a shown 0), so the number itself reveals nothing hidden
    const withCases = raw.filter((r) => !(r.n?.shown && r.n.lo === 0)).length;
    const notShownOf = (drawn: number) => withCases - shown.length - drawn;
    const ty = published(`nat|${year}|${ind.numerator}`);
    const tn = published(`nat|${year}|${ind.denominator}`);
    const empty = { id: ind.id, kind: ind.kind, title, sizeLabel, points: [], ranges: [], limits: [], notShown: notShownOf(ranged.filter(narrow).length), counts: { shown: 0, within: 0, betweenAbove: 0, betweenBelow: 0, beyondAbove: 0, beyondBelow: 0 }, phi: null };
    if (!model) {
      const sentence = lang === 'nl' ? `${title}: het trechterdiagram wordt alleen getekend uit een beschermde publicatieset (het jaarverslag van het report-commando of writeReport).` : `${title}: the funnel plot is drawn only from a protected publication set (the report command or writeReport).`;
      return { ...empty, drawn: false, target: null, sentence };
    }
    if (ty === null || tn === null || tn === 0) {
      const sentence = lang === 'nl' ? `${title}: geen trechterdiagram, omdat een landelijk aantal verborgen is of ontbreekt.` : `${title}: no funnel plot, because a national count is hidden or missing.`;
      return { ...empty, drawn: false, target: null, sentence };
    }
    const target = ty / tn;
    try {
      funnelLimits(target, 1, { indicator: ind.kind });
    } catch (e) {
      if (!(e instanceof StatsError)) throw e;
      const sentence = lang === 'nl' ? `${title}: geen trechterdiagram (landelijke waarde ${target === 0 ? '0' : '100%'}).` : `${title}: no funnel plot (national value ${target === 0 ? '0' : '100%'}).`;
      return { ...empty, drawn: false, target, sentence };
    }
    const funnel = shown.length ? funnelPlot(shown.map((s) => ({ label: s.name, numerator: s.y, denominator: s.n })), { indicator: ind.kind, target }) : null;
    const ranges = ranged.flatMap((r) => {
      const drawn = rangeOf(ind, target, r);
      return narrow(r) || drawn.band !== null ? [drawn] : [];
    });
    const notShown = notShownOf(ranges.length);
    // the limit lines span the sizes drawn; with no site drawn, from 1 to twice the national mean size per
    // site with cases (public: the national denominator and the number of sites)
    const sizes = [...shown.map((s) => s.n), ...ranges.map((r) => r.size)];
    if (sizes.length === 0) sizes.push(1, Math.max(2, Math.ceil((2 * tn) / Math.max(1, withCases))));
    return funnelOf(ind, funnel, target, ranges, sizes, notShown, lang, `<${t}`);
  });
}

/** The band of a site drawn as a range: decided only when every count of the range falls in the same band (and side). */
function rangeOf(ind: SiteIndicator, target: number, r: { name: string; size: number; sizeLower?: number; lo: number; hi: number; mark?: string }): PublishedFunnelRange {
  const cases: Array<{ numerator: number; denominator: number }> = [];
  const nLower = r.sizeLower ?? r.size;
  for (let n = nLower; n <= r.size; n++) for (let y = r.lo; y <= Math.min(r.hi, ind.kind === 'proportion' ? n : r.hi); y++) cases.push({ numerator: y, denominator: n });
  const common = funnelCommonBand(cases, { indicator: ind.kind, target });
  return { name: r.name, size: r.size, ...(r.sizeLower !== undefined ? { sizeLower: r.sizeLower } : {}), numerator: { lower: r.lo, upper: r.hi }, lower: r.lo / r.size, upper: r.hi / nLower, band: common ? common.band : null, side: common ? common.side : null, ...(r.mark ? { mark: r.mark } : {}) };
}

/** A drawn funnel (points, ranges, limit lines, counts, sentence) of an indicator; `funnel` null when no site is drawn as a point. */
function funnelOf(ind: SiteIndicator, funnel: FunnelPlotResult | null, target: number, ranges: PublishedFunnelRange[], sizes: number[], notShown: number, lang: 'nl' | 'en', mark = '<5'): PublishedFunnel {
  const c = funnel?.counts() ?? { units: 0, within: 0, betweenAbove: 0, betweenBelow: 0, beyondAbove: 0, beyondBelow: 0 };
  const points = (funnel?.units ?? []).map((u) => ({ name: u.label, size: u.denominator, numerator: u.numerator, value: u.value, band: u.band, side: u.side }));
  const limits = funnelCurveSizes([1, ...sizes], ind.kind === 'proportion', 40).map((n) => {
    const l = funnelLimits(target, n, { indicator: ind.kind });
    return { size: n, lower95: l.inner.lower, upper95: l.inner.upper, lower998: l.outer.lower, upper998: l.outer.upper };
  });
  const counts = { shown: c.units, within: c.within, betweenAbove: c.betweenAbove, betweenBelow: c.betweenBelow, beyondAbove: c.beyondAbove, beyondBelow: c.beyondBelow };
  return { id: ind.id, kind: ind.kind, title: ind.label[lang], sizeLabel: ind.sizeLabel[lang], drawn: true, target, points, ranges, limits, notShown, counts, phi: funnel?.overdispersion.phi ?? null, sentence: funnelSentence(ind, counts, ranges, notShown, target, lang, mark) };
}

/**
 * The raw comparison of one indicator as a drawable funnel (for the office's own analysis, e.g. in a notebook:
 * every site with cases, raw counts — NOT for publication). Null when the comparison has no funnel.
 *
 * @example
 * const f = siteComparisonFunnel(siteComparison(data, { year: 2025 })[0], 'en');
 * f?.points.length // sites with closed trajectories whose goal attainment was recorded
 */
export function siteComparisonFunnel(c: SiteIndicatorComparison, lang: 'nl' | 'en'): PublishedFunnel | null {
  return c.funnel ? funnelOf(c.indicator, c.funnel, c.funnel.target, [], c.funnel.units.map((u) => u.denominator), 0, lang) : null;
}

function funnelSentence(ind: SiteIndicator, c: PublishedFunnel['counts'], ranges: PublishedFunnelRange[], notShown: number, target: number, lang: 'nl' | 'en', mark: string): string {
  const nl = lang === 'nl';
  const pct = (x: number) => (ind.kind === 'proportion' ? `${(x * 100).toFixed(0)}%` : x.toFixed(2).replace('.', nl ? ',' : '.'));
  const sites = (k: number) => (nl ? `${k} ${k === 1 ? 'locatie' : 'locaties'}` : `${k} ${k === 1 ? 'site' : 'sites'}`);
  const between = c.betweenAbove + c.betweenBelow;
  const beyond = c.beyondAbove + c.beyondBelow;
  // the sites drawn are selected by the suppression (a site near 0% or 100% has a small count): said, so that
  // nobody reads the drawn sites as all sites (session 6: 11 of the 13 drawn sites of the 2025 goals funnel lay
  // below the national value, against 65 of 133 sites by their true counts)
  const hidden =
    notShown > 0
      ? nl
        ? ` Niet getoond (kleine aantallen): ${sites(notShown)}, omdat een van hun aantallen verborgen is.${c.shown > 0 ? ' De getekende locaties zijn geen willekeurige keuze: een locatie valt vaker weg als een van haar aantallen klein is (een aandeel dicht bij 0% of 100%), dus de banden gelden alleen voor de getekende locaties.' : ''}`
        : ` Not shown (small counts): ${sites(notShown)}, because one of their counts is hidden.${c.shown > 0 ? ' The sites drawn are not a random selection: a site is left out more often when one of its counts is small (a share close to 0% or 100%), so the bands describe the sites drawn only.' : ''}`
      : '';
  const bandsOf = (rs: PublishedFunnelRange[]) => {
    const within = rs.filter((r) => r.band === 'within').length;
    const outside = rs.filter((r) => r.band !== null && r.band !== 'within').length;
    return nl ? `${within} binnen de 95%-grenzen bij elke waarde, ${outside} erbuiten bij elke waarde, ${rs.length - within - outside} onbepaald` : `${within} within the 95% limits at every value, ${outside} outside them at every value, ${rs.length - within - outside} undetermined`;
  };
  const bars = ranges.filter((r) => r.sizeLower === undefined);
  const segments = ranges.filter((r) => r.sizeLower !== undefined);
  const are = (k: number) => (nl ? (k === 1 ? 'staat' : 'staan') : k === 1 ? 'is' : 'are');
  // the marks the bars' counts are printed with, as the tables show them ("<5", "x", ".")
  // how the bars' counts are printed, as the tables show them: hidden ("<5", "x") or left out (".")
  const has = (m: string) => bars.some((r) => (r.mark ?? mark) === m);
  const hiddenMarks = [mark, 'x'].filter(has);
  const how = [
    ...(hiddenMarks.length ? [nl ? `verborgen is (${hiddenMarks.map((m) => `„${m}”`).join(' of ')})` : `is hidden (${hiddenMarks.map((m) => `"${m}"`).join(' or ')})`] : []),
    ...(has('.') ? [nl ? 'weggelaten is („.”)' : 'is left out (".")'] : []),
  ].join(nl ? ' of ' : ' or ');
  const ranged =
    (bars.length
      ? nl
        ? ` ${sites(bars.length)} waarvan ${ind.nouns.numerator.nl} ${how} ${are(bars.length)} er als streep in, over alle waarden die de gepubliceerde aantallen toelaten: ${bandsOf(bars)}.`
        : ` ${sites(bars.length)} whose ${ind.nouns.numerator.en} ${how} ${are(bars.length)} drawn as a bar over every value the published counts allow: ${bandsOf(bars)}.`
      : '') +
    (segments.length
      ? nl
        ? ` ${sites(segments.length)} waarvan ${ind.nouns.denominator.nl} verborgen is ${are(segments.length)} er als lijn in, door alle punten die de gepubliceerde aantallen toelaten: ${bandsOf(segments)}.`
        : ` ${sites(segments.length)} whose ${ind.nouns.denominator.en} is hidden ${are(segments.length)} drawn as a line through every point the published counts allow: ${bandsOf(segments)}.`
      : '');
  if (c.shown === 0) {
    return nl ? `Landelijk ${pct(target)}. Geen locatie staat er met haar eigen waarde in.${ranged}${hidden}` : `National value ${pct(target)}. No site is drawn with its own value.${ranged}${hidden}`;
  }
  if (nl) {
    return (
      `Landelijk ${pct(target)}. Van de ${sites(c.shown)} in de figuur ${c.within === 1 ? 'ligt' : 'liggen'} er ${c.within} binnen de 95%-grenzen, ` +
      `${between} tussen de 95%- en de 99,8%-grenzen (${c.betweenAbove} erboven, ${c.betweenBelow} eronder) en ${beyond} buiten de 99,8%-grenzen ` +
      `(${c.beyondAbove} erboven, ${c.beyondBelow} eronder).${ranged}${hidden}`
    );
  }
  return (
    `National value ${pct(target)}. Of the ${sites(c.shown)} in the figure, ${c.within} ${c.within === 1 ? 'lies' : 'lie'} within the 95% limits, ` +
    `${between} between the 95% and 99.8% limits (${c.betweenAbove} above, ${c.betweenBelow} below) and ${beyond} beyond the 99.8% limits ` +
    `(${c.beyondAbove} above, ${c.beyondBelow} below).${ranged}${hidden}`
  );
}

// ---------------------------------------------------------------------------------------------
// Chart and text of the report

/** Heading and introduction of the report's site-comparison section. */
export function funnelSectionText(lang: 'nl' | 'en'): { title: string; intro: string } {
  return lang === 'nl'
    ? {
        title: 'Locaties vergeleken',
        intro:
          'Een trechterdiagram (funnel plot; Spiegelhalter, 2005) zet elke locatie af tegen de landelijke waarde. De grenzen geven aan hoe ver een locatie van haar grootte alleen door toeval van de landelijke waarde kan afwijken: 95% (gestreept) en 99,8% (doorgetrokken), exact binomiaal (percentages) of Poisson (per vrijwilliger). Een locatie buiten de grenzen is een reden om te kijken wat daar anders gaat, geen oordeel en geen rangorde. Alleen locaties waarvan beide aantallen elders in de publicaties zichtbaar zijn, staan er als punt in; een locatie waarvan de tabellen een van de twee aantallen verbergen („<5”, „x”) of weglaten („.”), staat er als lichtblauwe streep of lijn in, over alle waarden die de gepubliceerde aantallen (ook de sommen waar het deel van is) toelaten — als dat bereik niet breder is dan bij „<5” of overal in dezelfde band ligt.',
      }
    : {
        title: 'Sites compared',
        intro:
          'A funnel plot (Spiegelhalter, 2005) sets each site against the national value. The limits show how far a site of its size can differ from the national value by chance alone: 95% (dashed) and 99.8% (solid), exact binomial (percentages) or Poisson (per volunteer). A site beyond the limits is a reason to look at what is different there, not a verdict and not a ranking. Only sites whose two counts are visible elsewhere in the publications are drawn as points; a site whose tables hide one of its two counts ("<5", "x") or leave it out (".") is drawn as a light-blue bar or line over every value the published counts (the sums it is part of included) allow — when that range is no wider than a "<5" or lies in one band throughout.',
      };
}
