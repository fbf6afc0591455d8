/**
 * Disclosure control over a whole publication set (docs/disclosure.md): primary suppression, the zero
 * rule, secondary suppression chosen until the attacker's audit (audit.ts) passes on the global model
 * of every publication (publication.ts), and the earlier publications of the suppression ledger
 * (ledger.ts). One status per quantity: a cell hidden in one publication is hidden in all.
 *
 * Method (documented choice; compare τ-ARGUS and R sdcTable):
 *  1. Primary: every printed count 1 … t − 1 is "<t". Zeros: see {@link ZeroPolicy}.
 *  2. Cells hidden in an earlier publication (ledger) are hidden again ("x" when ≥ t); cells printed
 *     plainly in an earlier publication are public and are never chosen as secondary cells, nor is the
 *     same quantity under another key (a relation a = b).
 *  3. Line rule (sdcTable's SIMPLEHEURISTIC idea): in every sum with exactly one hidden cell, hide the
 *     cheapest printed part ≥ t (the total when no part qualifies), until no sum has one hidden cell.
 *     Cost (τ-ARGUS / sdcTable cost weights): value × 1 for a site cell, × 10³ for a region cell,
 *     × 10⁶ for a national cell, so the large totals of high scopes are hidden last. Then the relation rule
 *     ({@link relationRule}): the repair's rounds of step 4 for the cells one relation alone shows failing, without
 *     an audit per round.
 *  4. Audit + repair: the LP audit of every hidden cell over the whole set (local LPs, then exact LPs
 *     on the component for what they do not prove). An "x" it does not prove
 *     protected is left out ("."; see below). For every "<t" it does not prove protected, hide the
 *     cheapest printed cell ≥ t (cost as in 3) that shares a relation with it (or, when
 *     none, the nearest one, breadth first through the hidden cells beside it), then re-audit the
 *     components that changed.
 *     Repeat until the audit passes. A cell that no extra suppression can protect (every neighbour is
 *     already public) makes the set unpublishable: {@link DisclosureError}.
 * τ-ARGUS "Optimal" and sdcTable "OPT" solve one mixed-integer program for the cheapest pattern that
 * protects all primaries at once (Fischetti–Salazar); "Modular"/HITAS split a hierarchical table into
 * 2-level subtables and protect them one after another. Here linked tables of all scopes and years are
 * protected together (one model), and the greedy repair is audited by the same attacker LP, so the
 * result is safe but not guaranteed minimal: it may hide a few more cells than an optimal method.
 */
import { StatsError } from '../stats/result.js';
import { linearCombination } from '../stats/linalg.js';
import { auditHiddenCells, denseRanges, loadHighs, hiddenCellBoundsInto, hiddenComponents, WINDOW_CELL, type AuditProgress, type AuditStatus, type BoundCertificate, type CellAudit } from './audit.js';
import type { AuditProofs } from './audit-cache.js';
import { computeFigures, periodFiguresWithFamilies, periodLabel, type ImpactFigures, type ImpactPeriod, type ImpactScope } from './figures.js';
import type { RegistrationData } from './types.js';
import { addCombinedClassCells, addPeriodDifferenceCells, addSameWindowRelations, addPeriodSegmentCells, addReachWindowCells, buildPublicationModel, decideOpenEndedTails, ownOpenEndedTails, periodCounts, collectPublicationCells as collectCells, periodDifferenceLeaks, globalKey, layoutMergedCode, leftOutRowKeys, MERGEABLE_TABLES, ROW_TABLES, ORDERED_BREAKDOWNS, ORDERED_TABLES, publicationKey, publicationPeriods, regionHierarchy, scopeKey, type OpenEndedTails, type LinearRelation, type PublicationCells, type PublicationLayout, type PublicationModel } from './publication.js';
import { collectLocalEvaluationCells, localEvaluationLinks, localEvaluationMerge, publishLocalEvaluation, type LocalEvaluation } from './local-evaluation.js';
import { printedCountKeys, publishFigures, publishedCellPlaces, type PublicationDecisions } from './report.js';
import { publishedCellKeys } from './published-cells.js';
import type { CellStatus } from './suppression.js';
import { LOCAL_SUFFIX } from './ledger.js';
import { fallbackPlaces } from './fallback-rule.js';

/**
 * When a printed 0 is hidden as well (as "<t", which then means 0 … t − 1 in every publication of the set):
 * - `hide`: every 0;
 * - `auto` (default): a 0 of a site (a small scope: "none of the site's families …" is a statement
 *   about every family of that site, and a site's own annual report publishes its totals, so a 0 beside
 *   a few small cells narrows them), and a 0 in a breakdown beside a primary cell;
 * - `show`: never (zeros are printed; "<t" means 1 … t − 1).
 */
export type ZeroPolicy = 'auto' | 'hide' | 'show';

export interface PublicationProtectionOptions {
  /** Counts from 1 to threshold − 1 are hidden (default 5). */
  threshold?: number;
  /** Which zeros are hidden (default `auto`). */
  zeros?: ZeroPolicy;
  /** Global keys of cells hidden in earlier publications (the ledger): hidden again. */
  hiddenBefore?: Iterable<string>;
  /**
   * Global keys of cells left out (".") in earlier publications (the ledger's "." marks; also listed in
   * `hiddenBefore`): left out again, as the earlier run decided, rather than hidden as "x" and audited
   * anew — so a re-run of a publication set reproduces it (leaving a cell out only widens every other
   * cell's range).
   */
  withheldBefore?: Iterable<string>;
  /**
   * Figures of the publications written earlier (from the ledger): part of the model (the attacker
   * holds them), and every count they printed that is not in `hiddenBefore` is public: never hidden now.
   */
  publishedBefore?: ImpactFigures[];
  /** Give up after this many audit rounds (default 60). */
  maxRounds?: number;
  /**
   * Local evaluations over a period (local-evaluation.ts) published with this set: their counts are
   * cells of the same model, linked to the site's annual cells (a reader holds both).
   */
  evaluations?: LocalEvaluation[];
  /** Local evaluations written earlier (from the ledger): like `publishedBefore`. */
  evaluationsBefore?: LocalEvaluation[];
  /**
   * The registration data the figures come from: where published periods of a scope overlap, the counts
   * of the windows between them (segments) become cells of the model (publication.ts
   * `addPeriodSegmentCells`). Without it, overlapping periods are related only by containment and tilings.
   */
  data?: RegistrationData;
  /**
   * Global keys of hidden zeros an earlier run of the set printed because every solution pins them to 0
   * (the ledger's `zerosPrinted`): audited first, and printed again when still pinned, before any
   * secondary cell is chosen for them — so a re-run reproduces the first run's decisions.
   */
  zerosPrintedBefore?: Iterable<string>;
  /**
   * Global keys of counts an earlier publication printed as "x" (the ledger's "x" and "x."): whether
   * hidden again or left out now, a reader holding that file knows each is at least the threshold, and
   * the audit keeps that bound for a left-out one.
   */
  atLeastBefore?: Iterable<string>;
  /**
   * Proofs kept across runs (audit-cache.ts): bound to this set's model, used by every audit round and
   * settled on the final statuses (the caller writes them with `proofs.save()`). Verdicts are the same
   * with or without them.
   */
  proofs?: AuditProofs;
  /**
   * The layout of publications by id (`<scope>|<period key>`): categories combined and tables left out
   * (publication.ts; the ledger's `layouts`, and what {@link protectPublicationSetWithFallback} decides).
   * The model holds what each publication prints under its layout: a combined row is a cell with the sum
   * of its categories, and the categories it combines are printed there no more (but may be elsewhere). A row left
   * out of a site or region list (`leftOutRows`) prints nothing there; its small counts that no file prints are
   * audited like a window's (the list's total minus its printed rows gives them to a reader).
   */
  layouts?: Readonly<Record<string, PublicationLayout>>;
  /**
   * The open-ended classes earlier publications printed merged (the ledger's `tails`, by publication id):
   * their cells as they were printed. An earlier publication without an entry is taken as its own columns
   * decide (the rule of ledgers written before the set-wide decision).
   */
  tailsBefore?: ReadonlyMap<string, OpenEndedTails>;
  /**
   * How far the disclosure control is, for a status line ({@link DisclosureProgress}: counts only, never a value
   * or a key): passed on to every audit (`AuditInput.onProgress`), so it is called when an audit's stage starts,
   * when it ends, and in between at most every 250 ms. The verdicts are the same with or without it.
   * @example
   * await protectPublicationSetWithFallback(figs, { threshold: 5, onProgress: (x) => console.error(`audit round ${x.round}: ${x.audit.settled} of ${x.audit.total} cells settled`) });
   */
  onProgress?: (p: DisclosureProgress) => void;
}

/**
 * How far the disclosure control is ({@link PublicationProtectionOptions.onProgress}): which audit runs and how
 * far it is. Counts only.
 */
export interface DisclosureProgress {
  /**
   * What the running audit is for: `zeros` the hidden zeros a run printed before; `repair` a round of the repair
   * (hide a cell for each failing count, audit again); `exact` the exact bounds of the cells the repair left;
   * `left-out` an audit after "x" were left out (the last resort); `reprint` an evaluation's redundant
   * suppression (one trial per count printed again); `proofs` the cells audited once more for the proofs' cache.
   */
  step: 'zeros' | 'repair' | 'exact' | 'left-out' | 'reprint' | 'proofs';
  /** Audit rounds of this protection so far, the running one included (the repair's "round k"). */
  round: number;
  /** Hidden counts the repair's last finished round found not protected (null before the first round ends). */
  failing: number | null;
  /** With `reprint`: the trial running and how many there are. */
  trial?: { index: number; of: number };
  /**
   * How often the set has been protected again with categories combined or tables left out
   * ({@link protectPublicationSetWithFallback}; 0: suppression alone so far).
   */
  fallbackRound: number;
  /** The running audit. */
  audit: AuditProgress;
  /** LPs of the whole disclosure control so far (every audit; with the fallback, every protection of the set). */
  lps: number;
  /** Wall time since the disclosure control started, in ms. */
  ms: number;
}

/** Tries of the repair for one failing "<t" with the key-figure tier of the cost (see `plainCost`). */
const KEY_FIGURE_TRIES = 3;
/** Measures of the key-figures table (the headline counts of a report). */
const KEY_FIGURES = new Set(['fam.registered', 'fam.supported', 'fam.intake.not-supported', 'fam.newlyMatched', 'fam.active', 'fam.closed', 'dur.n', 'goals.yes', 'goals.known', 'fam.children', 'vol.registered', 'vol.trained', 'vol.activeYear', 'vol.activeEnd', 'vol.inTraining', 'vol.stopped']);

/** The protected publication set: a status per quantity, the final audit and what it took. */
export interface PublicationSetProtection extends PublicationDecisions {
  model: PublicationModel;
  status: AuditStatus[];
  /** Cells left out of every publication (printed "."), by model index. */
  withheld: Set<number>;
  /** Per hidden printed cell, its final audit. */
  cellAudits: Map<number, CellAudit>;
  counts: { printed: number; primary: number; zerosHidden: number; zerosRevealed: number; withheld: number; secondaryLineRule: number; secondaryAudit: number; secondaryLedger: number; hidden: number; provedProtected: number; integerWitness: number; failing: number; differencesProtected: number; leftOutRowsProtected: number; reachWindowsProtected: number; reprinted: number; determinedPrinted: number };
  rounds: number;
  lps: number;
  ms: { model: number; audit: number; total: number };
  /** Global keys of hidden cells not proved protected (empty when the set may be published). */
  failingKeys: string[];
  /**
   * Global keys of printed counts of a period that contains another printed period of the same scope
   * and differs from it by a small count of an unpublished window (see {@link periodDifferenceLeaks});
   * empty when the set may be published.
   */
  differenceKeys: string[];
  /** Hidden zeros printed because every solution pins them to 0 (model indices; the ledger's `zerosPrinted`). */
  revealedZeros: Set<number>;
  /**
   * Cells an earlier publication (the ledger) printed plainly, by model index (1): public whatever this run
   * prints, so no change of this run's layouts unprints them (the fallback does not choose their tables).
   */
  publicBefore?: Uint8Array;
  /**
   * Counts an earlier publication printed as "x" (the ledger's "x" or "x.") that no suppression could widen to
   * the threshold, left out now as the last resort (docs/disclosure-control.md, "An "x" printed before stays an
   * "x""): the earlier file still prints the "x", so a reader may narrow it. Their last audits (with the bound's
   * certificate): {@link protectPublicationSetWithFallback} changes this run's tables that pin them where it can.
   */
  narrowedBefore?: CellAudit[];
  /** The layout of every publication that combines categories or leaves tables out, by publication id. */
  layouts: Record<string, PublicationLayout>;
  /**
   * What {@link protectPublicationSetWithFallback} changed, in order, when suppression alone could not
   * protect the set (empty when it could, or for `protectPublicationSet` itself).
   */
  fallback: FallbackStep[];
  /**
   * Publications the fallback withdrew because it would have stripped them beyond the refusal rule
   * ({@link strippedPublications}: key figures, or more than half of the tables, left out): they print
   * nothing in the model and must not be written ({@link withdrawnRefusal}); the rest of the set may be.
   */
  withdrawn?: Array<{ publication: string; reason: string; tried: FallbackStep[] }>;
  /**
   * Steps of the fallback that the restore pass undid once the set passed ({@link restoreFallbackSteps}): no
   * longer needed after later steps and withdrawals; not in `fallback`. Absent when nothing was restored.
   */
  restored?: FallbackStep[];
}

/**
 * One step of the fallback: a table of a publication whose categories were combined, rows of a summary table
 * (the site or region list) left out, or a table left out.
 */
export interface FallbackStep {
  /** `<scope>|<period key>` of the publication. */
  publication: string;
  /** The table id (`verwijzers`, `vrijwilligers-gender`, …). */
  table: string;
  action: 'merged' | 'rows left out' | 'left out';
  /** The category codes combined (for `merged`). */
  categories?: string[];
  /** The rows left out by this step, by their scope key (`site:S043`; for `rows left out`, publication.ts `leftOutRows`). */
  rows?: string[];
}

/** A publication set that cannot be published safely: names tables and cells, never values. */
export class DisclosureError extends StatsError {
  constructor(
    message: string,
    readonly places: string[],
  ) {
    super(message);
    this.name = 'DisclosureError';
  }
}

/**
 * The groups of the audit (`AuditInput.group`: the order in which it returns the cells, which the repair walks)
 * and of its local LPs (`AuditInput.local`): cells of one local group are audited together, each chunk with the
 * hidden cells a few relations around it. Always one group per scope and year (`<scope>|<year>`, a period's
 * cells by scope and period) for the order. In a set of calendar years the local LPs use the same groups and
 * the audit's defaults (chunks of 200 cells, two relations around, at most 400 cells): a year's tables relate
 * its own cells. In a set with a period that is not a calendar year (a period report, a local evaluation) the
 * local LPs take one group per scope and table across every year, period and window (`<scope>|<family>`: the
 * measure without its last part, e.g. `dur`, `vol.gReg`, `fam.intake`), chunks of 100 cells and four relations
 * around, at most 800 cells: a period's windows relate the same measure of two years and of the periods around
 * it, two relations per window, so groups by year cut exactly the relations that move such a cell. On the
 * 12-site region's period set the local LPs then settle 81% of the first audit's cells (10% before; 24% with
 * groups by year and the larger chunks), and leave 907 rather than 4,379 to the larger LPs. The order stays by
 * scope and year: ordered by table, the repair chose other cells, and a one-site period set was refused with its
 * key figures left out at once instead of its referrers combined first (tests/cli/report-fallback.test.ts).
 */
export function auditGroups(keys: ReadonlyArray<string>): { group: Int32Array; local?: { cells: number; targets: number; hops: number; group: Int32Array } } {
  const between = (k: string) => {
    const a = k.indexOf('|');
    return [a, k.indexOf('|', a + 1)];
  };
  const periodSet = keys.some((k) => {
    const [a, b] = between(k);
    return !/^\d{4}$/.test(k.slice(a + 1, b));
  });
  const number = (name: (k: string) => string) => {
    const ids = new Map<string, number>();
    const out = new Int32Array(keys.length);
    keys.forEach((k, i) => {
      const g = name(k);
      let id = ids.get(g);
      if (id === undefined) ids.set(g, (id = ids.size));
      out[i] = id;
    });
    return out;
  };
  const group = number((k) => k.slice(0, between(k)[1])); // scope|year (or period)
  if (!periodSet) return { group };
  const family = number((k) => {
    const [a, b] = between(k);
    const dots = k.slice(b + 1).replace(/^(seg|diff|window):/, '').split('.');
    return `${k.slice(0, a)}|${dots.length > 2 ? dots.slice(0, -1).join('.') : dots[0]}`;
  });
  return { group, local: { cells: 800, targets: 100, hops: 4, group: family } };
}

/**
 * Protects every publication of a set at once: the figures of each publication (all scopes and years
 * that will be, or were, published from one data set) → one status per count, audited.
 * `sites` gives the site → region hierarchy for additivity across scopes (default: from the figures'
 * breakdowns). Never throws for an unprotectable set: check `failingKeys` (see {@link assertPublishable}).
 */
export async function protectPublicationSet(
  figs: ImpactFigures[],
  options: PublicationProtectionOptions & { sites?: ReadonlyArray<{ siteId: string; region: string }> } = {},
): Promise<PublicationSetProtection> {
  const t0 = performance.now();
  const threshold = options.threshold ?? 5;
  if (!Number.isInteger(threshold) || threshold < 1) throw new StatsError(`the threshold must be a whole number ≥ 1, got ${threshold}.`);
  const zeros = options.zeros ?? 'auto';
  if (!['auto', 'hide', 'show'].includes(zeros)) throw new StatsError(`zeros must be "auto", "hide" or "show", got "${zeros}".`);
  const layouts = options.layouts ?? {};
  const layoutOf = (id: string): PublicationLayout | undefined => layouts[id];
  const earlier = options.publishedBefore ?? [];
  const sites = options.sites ?? [...figs, ...earlier].flatMap((f) => f.sites.map((s) => ({ siteId: s.siteId ?? s.name, region: s.region })));
  // the open-ended classes each publication prints merged: decided over this run's set (a lower scope
  // merges as deep as a higher one of the same period); an earlier publication as the ledger recorded it
  // (or, for a ledger written before this rule, as its own columns decided)
  const regionOfSite = new Map(sites.map((s) => [s.siteId, s.region]));
  const tails = new Map<string, OpenEndedTails>();
  const earlierTails = earlier.map((fig) => ({ fig, tails: options.tailsBefore?.get(publicationId(fig)) ?? ownOpenEndedTails(publicationPeriods(fig), threshold) }));
  for (const e of earlierTails) tails.set(publicationId(e.fig), e.tails);
  for (const [id, t] of decideOpenEndedTails(figs, threshold, (s) => regionOfSite.get(s), earlierTails)) tails.set(id, t);
  const openEndedTails = (id: string) => tails.get(id);
  // which global keys each publication prints (tables with every count shown: positions only)
  const allShown: PublicationDecisions = { threshold, zeroHidden: false, statusOf: () => undefined, unprotected: 0, layoutOf, openEndedTails };
  const annual: PublicationCells[] = [...figs, ...earlier].map((fig) => {
    const ledger = collectCells(fig, threshold, layoutOf(publicationKey(fig.scope, fig.key)), tails.get(publicationId(fig)));
    const printed = printedCountKeys(fig, { lang: 'en', threshold, decisions: allShown }, ledger);
    // a small class merged into an open-ended class is not printed, but the rule tells a reader it is
    // small: it is a "<t" of the model (label bounds, and the audit must keep it anywhere in its range)
    const implied = shownImplied(ledger.implied, layoutOf(publicationKey(fig.scope, fig.key))).map((k) => globalKey(fig.scope, k));
    for (const k of implied) printed.add(k);
    return { fig, ledger, printed };
  });
  const years = [...new Set([...figs, ...earlier].flatMap((f) => [f.current, ...f.history].map((h) => h.year).filter((y): y is number => y !== null)))];
  const evsNow = options.evaluations ?? [];
  const evsBefore = options.evaluationsBefore ?? [];
  const local: PublicationCells[] = [...evsNow, ...evsBefore].map((ev) => {
    const layout = layoutOf(ev.publicationId);
    const ledger = collectLocalEvaluationCells(ev, threshold, layout);
    const pub = publishLocalEvaluation(ev, { lang: 'en', threshold, decisions: allShown });
    const implied = shownImplied(ledger.implied, layout).map((k) => globalKey({ level: 'site', siteId: ev.siteId }, k));
    const printed = publishedCellKeys(pub);
    for (const k of implied) printed.add(k);
    return { fig: { scope: { level: 'site', siteId: ev.siteId }, key: ev.key }, ledger, printed, links: localEvaluationLinks(ev, ledger, years, layout) };
  });
  // this run's publications first, then the earlier ones (whose plainly printed counts are public)
  const cells = [...annual.slice(0, figs.length), ...local.slice(0, evsNow.length), ...annual.slice(figs.length), ...local.slice(evsNow.length)];
  const nowCount = figs.length + evsNow.length;
  const model = buildPublicationModel(cells, regionHierarchy(dedupeSites(sites)));
  // a class printed combined in one period is the sum of its fine classes in every other period of the scope
  const combinedClassCells = addCombinedClassCells(model);
  // periods that cover the same days from the site's start to the reference date: one window, equal counts
  const refDay = [...figs, ...earlier][0]?.referenceDate ?? evsNow[0]?.referenceDate;
  if (options.data && refDay !== undefined) {
    const starts = options.data.sites;
    const firstDay = (scope: string) => {
      const ss = scope === 'nat' ? starts : scope.startsWith('reg:') ? starts.filter((x) => x.region === scope.slice(4)) : starts.filter((x) => x.siteId === scope.slice(5));
      return ss.length ? ss.reduce((m, x) => (x.startDate < m ? x.startDate : m), ss[0].startDate) : undefined;
    };
    addSameWindowRelations(model, firstDay, refDay);
  }
  // the small counts a reader gets by subtracting printed periods: unprinted cells the audit protects
  const differenceCells = addPeriodDifferenceCells(model, threshold);
  const reachWindowCells: number[] = [];
  if (options.data) {
    const data = options.data;
    const ref = [...figs, ...earlier][0]?.referenceDate ?? evsNow[0]?.referenceDate;
    const hours = [...figs, ...earlier][0]?.volunteerHoursPerWeek ?? evsNow[0]?.volunteerHoursPerWeek;
    const counts = (scope: string, period: ImpactPeriod) => {
      if (ref !== undefined && period.from > ref) return null;
      const sc: ImpactScope = scope === 'nat' ? { level: 'national' } : scope.startsWith('reg:') ? { level: 'region', region: scope.slice(4) } : { level: 'site', siteId: scope.slice(5) };
      return periodCounts(periodFiguresWithFamilies(data, period, { scope: sc, referenceDate: ref, volunteerHoursPerWeek: hours }).figures);
    };
    differenceCells.push(...addPeriodSegmentCells(model, threshold, counts));
    // reach counts: units reached in one printed period and not in another, or in the window both cover
    // (a window a reader could not narrow even knowing every count of its chain gets no cell: small LPs here)
    const highs = await loadHighs();
    reachWindowCells.push(...addReachWindowCells(model, threshold, counts, (lower, upper, rows, objectives) => denseRanges(highs, lower, upper, rows, objectives)));
  }
  const combinedClass = new Uint8Array(model.keys.length);
  for (const c of combinedClassCells) combinedClass[c] = 1;
  // the rows a layout leaves out of a summary table (publication.ts `leftOutRows`): the total row still counts them,
  // so total minus the printed rows is a count a reader can work out. A small one (1 … t − 1) that no file prints is
  // protected like a window's count: no label tells a reader it is small, yet it must stay anywhere in its range
  const rowCells: number[] = [];
  const rowSeen = new Set<number>(differenceCells);
  for (const fig of [...figs, ...earlier]) {
    for (const k of leftOutRowKeys(fig, layoutOf(publicationId(fig)))) {
      const i = model.index.get(k);
      if (i === undefined || rowSeen.has(i) || model.printed[i]) continue;
      rowSeen.add(i);
      if (model.values[i] >= 1 && model.values[i] < threshold) rowCells.push(i);
    }
  }
  const differenceFlags = new Uint8Array(model.keys.length);
  // (a reach window that is also a flow's window or a left-out row keeps the stricter "<t" requirement)
  for (const c of reachWindowCells) differenceFlags[c] = WINDOW_CELL;
  for (const c of differenceCells) differenceFlags[c] = 1;
  for (const c of rowCells) differenceFlags[c] = 1;
  options.proofs?.attach(model, threshold);
  const tModel = performance.now();
  const n = model.keys.length;
  const { values, relations, printed } = model;
  const status: AuditStatus[] = printed.map((p) => (p ? 'shown' : 'residual'));
  const fixedShown = new Uint8Array(n);
  /**
   * Cells only earlier publications print (plainly or hidden; their files stay in the reader's hands), not this
   * run's: 1 (a count of the annual reports that a period report written after them does not print).
   */
  const printedEarlier = new Uint8Array(n);
  const hiddenBefore = new Set(options.hiddenBefore ?? []);
  for (const c of cells.slice(nowCount)) {
    for (const k of c.printed) {
      const i = model.index.get(k);
      if (i !== undefined) printedEarlier[i] = 1;
      // (a count of a scope that is one quantity with a higher scope is recorded under the higher scope's name)
      if (i !== undefined && !hiddenBefore.has(k) && !hiddenBefore.has(model.keys[i])) fixedShown[i] = 1;
    }
  }
  for (const c of cells.slice(0, nowCount)) {
    for (const k of c.printed) {
      const i = model.index.get(k);
      if (i !== undefined) printedEarlier[i] = 0;
    }
  }
  // the same quantity under another key (an evaluation's count on its last day = the annual report's count
  // on that day: a relation a = b) is public as well once one of them is
  const equalPairs = relations.filter((r) => r.vars.length === 2 && r.lo === 0 && r.hi === 0 && r.coefs[0] === -r.coefs[1] && Math.abs(r.coefs[0]) === 1);
  for (let changed = equalPairs.length > 0; changed; ) {
    changed = false;
    for (const r of equalPairs) {
      const [a, b] = r.vars;
      if (fixedShown[a] !== fixedShown[b] && printed[a] && printed[b]) {
        fixedShown[a] = fixedShown[b] = 1;
        changed = true;
      }
    }
  }
  let primary = 0;
  for (const i of differenceCells) status[i] = 'primary'; // counted apart (differencesProtected), never printed
  for (const i of rowCells) status[i] = 'primary'; // counted apart (leftOutRowsProtected), never printed
  for (const i of reachWindowCells) status[i] = 'primary'; // the requirement `window` (audit.ts requirementMet), counted apart, never printed
  for (let i = 0; i < n; i++) {
    // a count printed plainly in an earlier publication is public, whatever its size
    if (!printed[i] || fixedShown[i]) continue;
    if (values[i] > 0 && values[i] < threshold) {
      status[i] = 'primary';
      primary++;
    }
  }
  // zeros
  let zerosHidden = 0;
  // a 0 that the definitions alone pin (the other part of a sum whose total is one of its parts: "goals
  // unknown" where "goals recorded" is printed as the same count as "closed") is never hidden: every
  // solution of the set holds it at 0, so hiding it protects nothing, and it would be printed at the end
  // anyway (step 6) — but only after the repair had hidden cell after cell for it, walking out to the
  // national totals (on the 2025 set it left out the national "trajectories closed")
  const pinnedByDefinition = new Uint8Array(n);
  for (const r of relations) if (r.vars.length === 1 && r.lo === 0 && r.hi === 0 && r.coefs[0] !== 0) pinnedByDefinition[r.vars[0]] = 1;
  /** Hides a printed 0 (true when it did: a 0 the definitions pin, or one already hidden, is left as it is). */
  const hideZero = (i: number): boolean => {
    if (status[i] === 'shown' && printed[i] && values[i] === 0 && !fixedShown[i] && !pinnedByDefinition[i]) {
      status[i] = 'primary';
      zerosHidden++;
      return true;
    }
    return false;
  };
  if (zeros === 'hide') for (let i = 0; i < n; i++) hideZero(i);
  const national = (i: number) => model.keys[i].startsWith('nat|');
  if (zeros === 'auto') {
    for (let i = 0; i < n; i++) if (model.keys[i].startsWith('site:')) hideZero(i);
    for (const r of relations) {
      if (r.kind === 'subset') continue;
      const { vars, coefs } = r;
      let smallPart = false;
      for (let q = 0; q < vars.length && !smallPart; q++) if (coefs[q] === 1 && status[vars[q]] === 'primary' && values[vars[q]] > 0) smallPart = true;
      if (smallPart) for (let q = 0; q < vars.length; q++) if (coefs[q] === 1 && !national(vars[q])) hideZero(vars[q]);
    }
  }
  // a hidden 0 under a printed 0 (a total, a superset, the same count of a larger scope) would be
  // pinned to 0 by it: hide that 0 as well, up to a fixed point — except a national 0 under `auto`:
  // "no family in the country" is about no one, and a national table whose empty category is hidden
  // costs the national totals beside it (they must then be hidden to protect the hidden 0)
  if (zerosHidden > 0) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of relations) {
        const { vars, coefs } = r;
        let hiddenZeroPart = false;
        for (let q = 0; q < vars.length && !hiddenZeroPart; q++) if (coefs[q] === 1 && status[vars[q]] !== 'shown' && values[vars[q]] === 0) hiddenZeroPart = true;
        if (!hiddenZeroPart) continue;
        for (let q = 0; q < vars.length; q++) {
          if (coefs[q] !== -1) continue;
          const top = vars[q];
          if (status[top] === 'shown' && values[top] === 0 && printed[top] && !fixedShown[top] && !(zeros === 'auto' && national(top))) {
            // only a 0 actually hidden changes anything: a 0 the definitions pin stays printed (counting it
            // as a change looped for ever on a set where one lies over a hidden 0)
            if (hideZero(top)) changed = true;
          }
        }
      }
    }
  }
  // under `auto`, a 0 that printed 0s pin tells nothing the printed 0s do not: print it rather than hide
  // it (hiding it only makes cells beside it look protected when they are not, and costs further
  // suppression), down to the sites, up to a fixed point. Pinned: a relation Σ parts − Σ tops ≤ 0 whose
  // tops are all printed 0s (every part of an empty total, every subset of an empty set — a category empty
  // in the whole country is empty at every site — and a count over a period at most the sum of its years
  // when every year printed 0: the Dalfsen evaluation's "0–3 months" under the annual reports' printed
  // 0s, which the repair otherwise tried to protect by hiding the evaluation's key figures before it
  // found the 0 pinned anyway). A top hidden in an earlier publication is no printed 0.
  let zerosPinned = 0;
  if (zeros === 'auto' && zerosHidden > 0) {
    const hiddenAgain = new Uint8Array(n);
    for (const k of hiddenBefore) {
      const i = model.index.get(k);
      if (i !== undefined && !fixedShown[i]) hiddenAgain[i] = 1;
    }
    // known to be 0: a printed 0 (not hidden in an earlier publication), and every cell these pin
    // (also an unprinted one: the two classes combined into a printed "other and unknown" row)
    const known = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (status[i] === 'shown' && printed[i] && values[i] === 0 && !hiddenAgain[i]) known[i] = 1;
    const pin = (v: number): boolean => {
      if (known[v] || values[v] !== 0) return false;
      known[v] = 1;
      if (status[v] === 'primary' && printed[v]) {
        status[v] = 'shown';
        zerosHidden--;
        zerosPinned++;
      }
      return true;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of relations) {
        // Σ plus − Σ minus ∈ [lo, hi], every cell ≥ 0: hi = 0 and every minus known 0 pins every plus;
        // lo = 0 and every plus known 0 pins every minus
        let plusKnown = true;
        let minusKnown = true;
        let unit = true;
        for (let q = 0; q < r.vars.length; q++) {
          if (r.coefs[q] === 1) plusKnown &&= known[r.vars[q]] === 1;
          else if (r.coefs[q] === -1) minusKnown &&= known[r.vars[q]] === 1;
          else unit = false;
        }
        if (!unit) continue;
        for (let q = 0; q < r.vars.length; q++) {
          if ((r.coefs[q] === 1 && r.hi === 0 && minusKnown) || (r.coefs[q] === -1 && r.lo === 0 && plusKnown)) changed = pin(r.vars[q]) || changed;
        }
      }
    }
  }
  // the ledger: left out before → left out again; hidden before → hidden again
  const withheld = new Set<number>();
  for (const k of options.withheldBefore ?? []) {
    const i = model.index.get(k);
    if (i === undefined || !printed[i] || status[i] !== 'shown' || values[i] < threshold || fixedShown[i]) continue;
    status[i] = 'residual';
    withheld.add(i);
  }
  // what earlier files told of counts left out now: "x" → at least t
  const atLeast = new Float64Array(n);
  for (const k of options.atLeastBefore ?? []) {
    const i = model.index.get(k);
    if (i !== undefined) atLeast[i] = threshold;
  }
  // a count left out before after an earlier "x" (ledger `x.`) that only earlier files print: their "x" is still
  // read beside everything this run prints, so it is audited like an "x" of this run (a period report written
  // after the annual reports could narrow it; before session 7 it was never audited again)
  const earlierX = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (atLeast[i] > 0 && printedEarlier[i]) earlierX[i] = 1;
  let secondaryLedger = 0;
  for (const k of hiddenBefore) {
    const i = model.index.get(k);
    // a count an earlier publication printed plainly (under any of its names) is public: not hidden again
    if (i === undefined || !printed[i] || status[i] !== 'shown' || fixedShown[i]) continue;
    if (values[i] >= threshold) {
      status[i] = 'secondary';
      secondaryLedger++;
    } else if (!pinnedByDefinition[i]) {
      status[i] = 'primary'; // a 0 hidden before
      zerosHidden++;
    }
  }
  const zeroHidden = zeros !== 'show' || zerosHidden > 0;
  const candidate = (i: number) => status[i] === 'shown' && printed[i] && !fixedShown[i] && values[i] >= threshold;
  // cost of hiding a cell (τ-ARGUS / sdcTable cost weights, as their cost variable per cell): a tier first,
  // then the value (least information lost). Tiers, cheapest first: a site's breakdown cell, a site's key
  // figure, a region's breakdown cell, a region's key figure, a national cell, a national key figure. So cells
  // of the lowest scope are always preferred to regional ones, and regional ones to national ones (a large
  // national or regional total is the figure a reader needs most and is never itself disclosive); and inside
  // a site's or region's report a breakdown cell (a reason, referrer, help question, age or duration class,
  // gender …) is hidden before its key figures (KEY_FIGURES: the key tiles and the numerators and
  // denominators of the national report's site funnels). Before, a site's key figure cost its value like any
  // cell of the site, so the smaller one was hidden: "not supported" rather than "supported after intake",
  // "volunteers registered" rather than a gender class.
  const tier = Uint8Array.from(model.keys, (k) => (k.startsWith('site:') ? 0 : k.startsWith('reg:') ? 2 : 4) + (KEY_FIGURES.has(k.slice(k.indexOf('|', k.indexOf('|') + 1) + 1)) ? 1 : 0));
  let largest = 0;
  for (let i = 0; i < n; i++) if (values[i] > largest) largest = values[i];
  const cost = (i: number) => tier[i] * (largest + 1) + values[i];
  /** The cost without the key-figure tier of a site or region (scope, then value): the repair's choice for a cell that failed KEY_FIGURE_TRIES times. */
  const plainCost = (i: number) => (tier[i] >= 4 ? tier[i] : tier[i] & 6) * (largest + 1) + values[i];
  // line rule
  let secondaryLineRule = 0;
  const sums = relations.filter((r) => r.kind !== 'subset');
  const lineRule = () => {
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of sums) {
      let hidden = 0;
      let one = -1;
      for (const v of r.vars) if (status[v] !== 'shown') (hidden++, (one = v));
      // a cell left out before (ledger ".") needs no protection: a sum with only it hidden is left as it is;
      // nor does the sum of fine classes that another period prints combined (a definition, no count)
      if (hidden !== 1 || withheld.has(one) || combinedClass[one]) continue;
      let best = -1;
      for (let q = 0; q < r.vars.length; q++) {
        const v = r.vars[q];
        if (r.coefs[q] === 1 && candidate(v) && (best < 0 || cost(v) < cost(best))) best = v;
      }
      if (best < 0) for (let q = 0; q < r.vars.length; q++) if (r.coefs[q] === -1 && candidate(r.vars[q]) && (best < 0 || cost(r.vars[q]) < cost(best))) best = r.vars[q];
      if (best >= 0) {
        status[best] = 'secondary';
        secondaryLineRule++;
        changed = true;
      }
    }
  }
  };
  lineRule();
  // zeros a run of this set printed before because the set pins them to 0: still pinned → printed now
  // (after the line rule, which saw them hidden as the first run's did, so the re-run decides as it did)
  const revealedZeros = new Set<number>();
  const pinnedBefore: number[] = [];
  for (const k of options.zerosPrintedBefore ?? []) {
    const i = model.index.get(k);
    if (i !== undefined && printed[i] && values[i] === 0 && status[i] === 'primary') pinnedBefore.push(i);
  }
  let earlyLps = 0;
  const certified = (i: number) => options.proofs?.pinned({ values, status, t: threshold, zeroLo: zeroHidden ? 0 : 1, unprinted: differenceFlags }, i) ?? false;
  for (const i of pinnedBefore.filter(certified)) {
    status[i] = 'shown';
    revealedZeros.add(i);
  }
  /** Hidden counts the repair's last round left failing, for `onProgress`. */
  let failingNow: number | null = null;
  /** `AuditInput.onProgress` of an audit of this protection (nothing without `options.onProgress`): `lpsBefore` the LPs of the audits before it. */
  const progress = (step: DisclosureProgress['step'], round: number, lpsBefore: number, trial?: { index: number; of: number }): { onProgress?: (a: AuditProgress) => void } => {
    const report = options.onProgress;
    if (!report) return {};
    return { onProgress: (audit) => report({ step, round, failing: failingNow, ...(trial ? { trial } : {}), fallbackRound: 0, audit, lps: lpsBefore + audit.lps, ms: performance.now() - t0 }) };
  };
  const unsure = pinnedBefore.filter((i) => status[i] === 'primary');
  if (unsure.length) {
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only: unsure, ...progress('zeros', 0, 0) });
    earlyLps = res.lps;
    for (const c of res.cells) {
      if (c.protected || !c.exact || c.hi > 1e-6) continue;
      status[c.cell] = 'shown';
      revealedZeros.add(c.cell);
    }
  }
  const relOf: number[][] = Array.from({ length: n }, () => []);
  relations.forEach((r, k) => {
    for (const v of r.vars) relOf[v].push(k);
  });
  // the relation rule: the repair's rounds for the cells that one relation alone shows failing (a "<t" pinned
  // narrower than its label range, an "x" less than t wide), without an audit per round — sets of calendar years
  // only: a set with a period or a local evaluation is repaired as before (not measured with this rule)
  const calendarYears = auditGroups(model.keys).local === undefined;
  /** How often the repair (or the relation rule for it) has chosen a cell for each failing "<t". */
  const tries = new Map<number, number>();
  // (it runs the line rule after each of its rounds, so both rules end at their fixed point)
  const secondaryRelationRule = !calendarYears ? 0 : relationRule({ values, status, relations, relOf, threshold, zeroLo: zeroHidden ? 0 : 1, unprinted: differenceFlags, atLeast, earlierX, candidate, price: (i, n) => (n >= KEY_FIGURE_TRIES ? plainCost(i) : cost(i)), tries, leaveOut: (i) => withheld.add(i), lineRule });
  secondaryLineRule += secondaryRelationRule;
  // audit and repair
  const cellAudits = new Map<number, CellAudit>();
  /** Does this bound stay whatever the repair hides or leaves out? (no candidate on its relations, no "x" among the cells it rests on) */
  const fixedBound = (b: BoundCertificate | undefined) => b !== undefined && b.relations.every((k) => relations[k].vars.every((v) => !candidate(v))) && b.cells.every((v) => status[v] !== 'secondary');
  /** A failing cell that no suppression can protect: a failing direction whose exact bound is fixed. */
  const unprotectable = (a: CellAudit): boolean => {
    if (a.protected || !a.exact || !a.bound) return false;
    const { up, down } = a.bound;
    if (a.status === 'primary') return (a.hi < threshold - 1 - 1e-6 && fixedBound(up)) || (a.lo > 1 + 1e-6 && fixedBound(down));
    // a reach window fails both ways (requirementMet): fixed both ways
    if (a.status === 'window') return fixedBound(up) && fixedBound(down);
    return fixedBound(up) && (a.lo <= threshold + 1e-6 || fixedBound(down));
  };
  const { group, local: localLps } = auditGroups(model.keys);
  const maxRounds = options.maxRounds ?? 60;
  let secondaryAudit = 0;
  let lps = earlyLps;
  let rounds = 0;
  let only: number[] | undefined;
  const hopeless = new Set<number>();
  let zerosRevealed = zerosPinned + revealedZeros.size;
  const tAudit0 = performance.now();
  /** Cells an audit round found not protected: the next rounds solve their exact LP first (fewer LPs, same verdicts). */
  const failedBefore = new Uint8Array(n);
  const stillFailing = () => [...cellAudits.values()].filter((c) => !c.protected && status[c.cell] !== 'shown').map((c) => c.cell);
  for (;;) {
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only, group, local: localLps, failedBefore, ...progress('repair', rounds, lps) });
    lps += res.lps;
    for (const c of res.cells) {
      cellAudits.set(c.cell, c);
      if (!c.protected) failedBefore[c.cell] = 1;
    }
    // an "x" that is not protected is left out at once rather than protected by hiding more cells
    // (an "x" made of a few "<t" parts can never be t wide: protecting it would hide cell after cell) —
    // unless an earlier file printed it as "x": leaving it out now does not take that file back, so it
    // is repaired like a small count first (and left out only as the last resort below)
    /** Cells whose status this round changed (left out now, hidden for a failing cell below). */
    const changed: number[] = [];
    for (const f of stillFailing()) {
      if (status[f] !== 'secondary' || atLeast[f] > 0) continue;
      status[f] = 'residual';
      withheld.add(f);
      cellAudits.delete(f);
      changed.push(f);
    }
    // a cell whose exact bound rests on no printed count the repair may hide (and on no "x" it may leave
    // out) can never be protected by suppression: the fallback combines or leaves out its table instead of
    // the repair hiding far-away cells for it round after round (the period report of a region: the same
    // dozen cells of the previous period held by the annual reports' printed counts, 57 rounds)
    for (const f of stillFailing()) if (!hopeless.has(f) && unprotectable(cellAudits.get(f)!)) hopeless.add(f);
    const failing = stillFailing().filter((c) => !hopeless.has(c));
    failingNow = stillFailing().length;
    if (failing.length === 0 || rounds >= maxRounds) break;
    const chosen = new Set<number>();
    // the cheapest printed count ≥ t nearest to f: on f's own relations, else on the relations of the
    // hidden cells beside it, and so on outwards (breadth first through hidden cells). A "<t" pinned by
    // its hidden neighbours (a region's count = Σ of its sites' "<t", each held up by its own table)
    // needs a cell hidden in THEIR tables; the cheapest cell anywhere in its component (the rule before)
    // is usually far away and protects nothing, round after round.
    const nearestCandidate = (f: number): number => {
      // a "<t" still failing after KEY_FIGURE_TRIES choices: its site's and region's key figures cost as their
      // breakdown cells again (with the key-figure tier throughout, a few "<t" of the smallest sites — "closed"
      // 3, held up through their region's sum by the other sites' flows — never found their cell within the
      // round limit on the 2025 set, and the set was re-protected with categories combined)
      const price = (tries.get(f) ?? 0) >= KEY_FIGURE_TRIES ? plainCost : cost;
      const seen = new Set<number>([f]);
      let found = -1;
      let level = 0;
      let lookedFurther = false;
      for (let frontier = [f]; frontier.length; ) {
        let best = -1;
        const next: number[] = [];
        for (const u of frontier) {
          for (const k of relOf[u]) {
            for (const v of relations[k].vars) {
              if (candidate(v)) {
                if (!chosen.has(v) && (best < 0 || price(v) < price(best))) best = v;
              } else if (status[v] !== 'shown' && !seen.has(v)) {
                seen.add(v);
                next.push(v);
              }
            }
          }
        }
        if (best >= 0 && (found < 0 || price(best) < price(found))) found = best;
        // on f's own relations the cheapest; further out, when the nearest is a regional or national
        // cell, one level more on the first try for f, so that a site cell there is preferred (the cost
        // weights of step 3); on later tries the nearest (a far site cell may protect nothing, and
        // preferring it every round was the 2022–2023 regression again)
        if (found >= 0 && (level === 0 || lookedFurther || tier[found] <= 1 || (tries.get(f) ?? 0) > 0)) return found;
        if (found >= 0) lookedFurther = true;
        frontier = next;
        level++;
      }
      return found;
    };
    for (const f of failing) {
      // a cell chosen this round for another failing cell already lies on one of f's own relations (the
      // "<5" not-supported and pending of one intake row): wait for the next audit before hiding a second
      // one for f (choosing a different cell for each, as before, hid the site's registered families
      // beside its supported ones at 150 of 163 sites in 2025 — the denominator of the not-supported funnel)
      if (relOf[f].some((k) => relations[k].vars.some((v) => chosen.has(v)))) continue;
      const best = nearestCandidate(f);
      tries.set(f, (tries.get(f) ?? 0) + 1);
      if (best < 0) hopeless.add(f);
      else chosen.add(best);
    }
    if (chosen.size === 0) break;
    for (const c of chosen) {
      status[c] = 'secondary';
      secondaryAudit++;
    }
    // a failing "<t" whose exact bound rests on no relation with a cell changed this round (hidden now, left out now)
    // and on no such cell keeps that bound: by weak duality it still holds, and the feasible set only grew, so it is
    // still the exact bound, with the same certificate — the cell fails again with the same audit, which is kept
    // rather than solved again (the verdicts, and so the repair's choices, are the same; on the national 2025 set
    // 238 of round 1's 4,927 failing cells, and in the last rounds every failing cell but the ones it chose for)
    changed.push(...chosen);
    const touched = new Set<number>();
    for (const c of changed) for (const k of relOf[c]) touched.add(k);
    const changedCells = new Set(changed);
    const unaffected = (b: BoundCertificate | undefined) => b !== undefined && b.relations.every((k) => !touched.has(k)) && b.cells.every((v) => !changedCells.has(v));
    const boundKept = (f: number): boolean => {
      const a = cellAudits.get(f);
      if (!a || a.protected || !a.exact || !a.bound || a.status !== 'primary' || status[f] !== 'primary') return false;
      const up = a.hi < threshold - 1 - 1e-6;
      const down = a.lo > 1 + 1e-6;
      return (up || down) && (!up || unaffected(a.bound.up)) && (!down || unaffected(a.bound.down));
    };
    only = [...chosen, ...failing.filter((f) => !boundKept(f))];
  }
  // cells the local LPs could not prove: their exact bounds on the whole component
  let last = stillFailing();
  if (last.length) {
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only: last, group, local: localLps, ...progress('exact', rounds, lps) });
    lps += res.lps;
    for (const c of res.cells) cellAudits.set(c.cell, c);
    last = stillFailing();
    failingNow = last.length;
  }
  // What suppression cannot protect (typically an "x" total made of a few "<t" parts: it is at least t
  // by its mark and at most the parts' maxima, so less than t wide; or a "<t" squeezed by such a total):
  // - a hidden 0 that every solution pins to 0 (e.g. "goals known" printed equal to "closed" says that
  //   "goals unknown" is 0) is public anyway: print it (the feasible set is unchanged);
  // - a secondary cell ("x", at least t: not itself sensitive) is left out of every publication:
  //   printed "." (not published, the CBS convention), which a reader can only read as some count ≥ 0
  //   — or ≥ t when an earlier file printed it as "x" (`atLeast`, the ledger's "x." mark).
  //   Leaving cells out only widens every other cell's feasible range, so what the audit proved stays
  //   proved (and the audit's relations still tie the left-out cell to the others);
  // - a small count ("<t") that no suppression protects is NOT left out (its value could still be
  //   worked out from the other files): the set is refused (assertPublishable).
  /** Counts an earlier file printed as "x" that no suppression widens, left out now as the last resort: their audits. */
  const narrowedBefore = new Map<number, CellAudit>();
  for (let pass = 0; pass < 4 && last.length; pass++) {
    let changed = false;
    for (const v of last) {
      const a = cellAudits.get(v)!;
      cellAudits.delete(v);
      if (values[v] === 0 && a.exact && a.hi <= 1e-6) {
        status[v] = 'shown';
        zerosRevealed++;
        revealedZeros.add(v);
      } else if (status[v] === 'secondary') {
        status[v] = 'residual';
        withheld.add(v);
        changed = true;
        // an earlier file printed it as "x" and still does: leaving it out now does not widen that "x" (only a
        // count this run does not print — a period report's over the annual ledger; a count an annual report
        // prints again as its previous year keeps the limit of "An "x" printed before stays an "x"", and a
        // publication of this run written again replaces its old file)
        if (atLeast[v] > 0 && printedEarlier[v]) narrowedBefore.set(v, a);
      } else if (status[v] === 'residual' && earlierX[v]) {
        narrowedBefore.set(v, a); // left out before: the tables of this run that pin its earlier "x" are changed
      } else cellAudits.set(v, a); // a small count no suppression protects: the set is refused
    }
    last = stillFailing();
    if (!changed || !last.length) break;
    // leaving cells out widened the others' ranges: audit the cells still failing again
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only: last, group, local: localLps, ...progress('left-out', rounds, lps) });
    lps += res.lps;
    for (const c of res.cells) cellAudits.set(c.cell, c);
    last = stillFailing();
    failingNow = last.length;
  }
  let reprintedDetermined = 0;
  // A count left out now that the printed counts give exactly — through equalities alone: the same quantity under
  // two keys (a period's families active on its last day and the per-year row of its last half-year), a total
  // less its other printed rows (an evaluation's children aged 0–3: 43 in all, 28 aged 4 and older) — is public
  // anyway: print it rather than "." (the attacker counted it "hidden in one file, printed in another"; a
  // coordinator reads "." as a count withheld). Every solution already holds it at that number, so no other
  // cell's range changes and the audit's verdicts stand.
  const withheldNow = new Set(withheld);
  for (const k of options.withheldBefore ?? []) {
    const i = model.index.get(k);
    if (i !== undefined) withheldNow.delete(i);
  }
  if (withheldNow.size) {
    const known = Uint8Array.from(status, (s, i) => (s === 'shown' && printed[i] && !withheld.has(i) ? 1 : 0));
    const tDet = performance.now();
    const determined = determinedCounts(relations, values, known, withheldNow);
    if (process.env.HOMESTART_AUDIT_TRACE) process.stderr.write(`left-out counts the printed ones give: ${withheldNow.size} tried, ${determined.length} determined, ${Math.round(performance.now() - tDet)} ms\n`);
    for (const v of determined) {
      withheld.delete(v);
      status[v] = 'shown';
      reprintedDetermined++;
    }
  }
  // Redundant suppression in this run's local evaluations (τ-ARGUS and sdcTable remove it after a greedy
  // pattern too): the repair hides cells one failing count at a time, and a cell hidden or left out early
  // may protect nothing once later cells are hidden. Each of the evaluation's "x" and "." of this run (not
  // hidden in an earlier publication) is printed again — its key figures first, then the largest counts —
  // and kept printed when the audit of every hidden count of its component still passes and no pair of
  // printed periods then differs by a small count. Only the evaluation's own cells: the annual reports'
  // pattern is the set-wide suppression's.
  let reprinted = 0;
  if (evsNow.length && stillFailing().length === 0) {
    const mine = new Set<number>();
    for (const c of local.slice(0, evsNow.length)) {
      for (const k of c.printed) {
        const i = model.index.get(k);
        if (i !== undefined) mine.add(i);
      }
    }
    const before = new Uint8Array(n);
    for (const k of [...hiddenBefore, ...(options.withheldBefore ?? [])]) {
      const i = model.index.get(k);
      if (i !== undefined) before[i] = 1;
    }
    const measureOf = (i: number) => model.keys[i].slice(model.keys[i].indexOf('|', model.keys[i].indexOf('|') + 1) + 1);
    const isKey = (i: number) => KEY_FIGURES.has(measureOf(i));
    // not counts of families or volunteers reached (supported, children, help questions, profile, localities,
    // referrers of the supported families): between overlapping periods the model holds only containment for
    // them, not one count per pattern of periods as a reader can (docs/impact-figures.md, known limits), and
    // the independent attacker then narrowed a later period report's "x" beside a reprinted count
    const reach = /^(fam\.(supported|children)|help\.|prof\.|age\.|loc[.-]|sref[.-]|mig\.|vol\.(activeYear|gAct))/;
    const trial = [...mine]
      .filter((i) => printed[i] && !before[i] && !atLeast[i] && !differenceFlags[i] && !reach.test(measureOf(i)) && (status[i] === 'secondary' || withheld.has(i)))
      .sort((a, b) => Number(isKey(b)) - Number(isKey(a)) || values[b] - values[a] || a - b);
    const shownNow = (c: number) => status[c] === 'shown' && !withheld.has(c) && Boolean(printed[c]);
    for (const [index, c] of trial.entries()) {
      const { componentOf, members } = hiddenComponents(n, status, relations);
      const comp = members.get(componentOf[c]) ?? [];
      const was = status[c];
      const wasWithheld = withheld.delete(c);
      status[c] = 'shown';
      const only = comp.filter((v) => v !== c && (status[v] === 'primary' || status[v] === 'secondary'));
      const res = only.length ? await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only, group, local: localLps, ...progress('reprint', rounds, lps, { index: index + 1, of: trial.length }) }) : { cells: [], lps: 0 };
      lps += res.lps;
      if (res.cells.every((x) => x.protected) && periodDifferenceLeaks(model, shownNow, threshold).length === 0) {
        for (const x of res.cells) cellAudits.set(x.cell, x);
        cellAudits.delete(c);
        reprinted++;
      } else {
        status[c] = was;
        if (wasWithheld) withheld.add(c);
      }
    }
  }
  if (options.proofs) {
    const final = { values, status, t: threshold, zeroLo: zeroHidden ? 0 : 1, floor: 1, unprinted: differenceFlags, atLeast, earlierX };
    // a run that solved LPs: a cell proved in an earlier round whose moves prove nothing under the final
    // statuses is audited once more (its verdict stays), so that a re-run finds its proof in the cache
    // instead of loading the solver for it — only where there is a cache to write and the set may be
    // written (a set still failing is protected again by the fallback, or refused)
    if (lps > 0 && options.proofs.dir !== null && stillFailing().length === 0) {
      const unproved = options.proofs.unproved(final, [...cellAudits.values()].filter((c) => c.protected && status[c.cell] !== 'shown').map((c) => c.cell));
      if (unproved.length) lps += (await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, earlierX, proofs: options.proofs, only: unproved, group, local: localLps, ...progress('proofs', rounds, lps) })).lps;
    }
    options.proofs.settle(final, cellAudits.keys());
  }
  const tEnd = performance.now();
  // the final verdict: every hidden printed cell's latest audit (components not re-audited kept theirs)
  const failingCells = [...cellAudits.values()].filter((c) => !c.protected && status[c.cell] !== 'shown');
  const hiddenPrinted = status.filter((s, i) => (s === 'primary' || s === 'secondary') && printed[i]).length;
  const proved = [...cellAudits.values()].filter((c) => c.protected && (status[c.cell] === 'primary' || status[c.cell] === 'secondary') && printed[c.cell]);
  const failingKeys = failingCells.map((c) => model.keys[c.cell]);
  // belt and braces: no pair of printed periods may differ by a small count (the difference cells above
  // make the audit protect it; a pair left here refuses the set)
  const isShown = (c: number) => status[c] === 'shown' && !withheld.has(c) && Boolean(model.printed[c]);
  const differenceKeys = periodDifferenceLeaks(model, isShown, threshold).map((d) => model.keys[d.outer]);
  // differences of printed periods the audit proved protected (an unprotected one is in failingKeys)
  const differencesProtected = differenceCells.filter((c) => cellAudits.get(c)?.protected).length;
  const leftOutRowsProtected = rowCells.filter((c) => cellAudits.get(c)?.protected).length;
  const reachWindowsProtected = reachWindowCells.filter((c) => differenceFlags[c] === WINDOW_CELL && cellAudits.get(c)?.protected).length;
  const byKey = new Map<string, CellStatus | 'withheld'>();
  // the status of what is printed: a cell no publication prints has none (a left-out row's small count is hidden from
  // the audit's attacker, but a publication that counted it among its "<t" would tell a reader that it is small)
  for (let i = 0; i < n; i++) if ((status[i] === 'primary' || status[i] === 'secondary') && printed[i]) byKey.set(model.keys[i], status[i] as CellStatus);
  for (const i of withheld) byKey.set(model.keys[i], 'withheld');
  return {
    threshold,
    zeroHidden,
    // any name of a cell (a site's count that is its nation's: sameQuantityScopes) has the cell's status
    statusOf: (k: string) => {
      const i = model.index.get(k);
      return byKey.get(i === undefined ? k : model.keys[i]);
    },
    openEndedTails,
    unprotected: failingKeys.length,
    layoutOf,
    layouts: { ...layouts },
    fallback: [],
    model,
    status,
    withheld,
    cellAudits,
    counts: {
      printed: printed.filter(Boolean).length,
      primary,
      zerosHidden,
      zerosRevealed,
      withheld: withheld.size,
      secondaryLineRule,
      secondaryAudit,
      secondaryLedger,
      hidden: hiddenPrinted,
      provedProtected: proved.length,
      integerWitness: proved.filter((c) => c.integerWitness).length,
      failing: failingKeys.length,
      differencesProtected,
      leftOutRowsProtected,
      reachWindowsProtected,
      reprinted,
      determinedPrinted: reprintedDetermined,
    },
    rounds,
    lps,
    ms: { model: tModel - t0, audit: tEnd - tAudit0, total: tEnd - t0 },
    failingKeys,
    differenceKeys,
    revealedZeros,
    publicBefore: fixedShown,
    narrowedBefore: [...narrowedBefore.values()],
  };
}

/**
 * {@link protectPublicationSet}, and where suppression alone cannot protect the set, the last resorts of
 * docs/disclosure-control.md ("Combining categories, leaving tables out") before a refusal:
 * 1. a table of a publication written now that prints a count the audit cannot protect (or a count beside
 *    an unpublished window it cannot protect) has its **small categories combined** into one row — every
 *    category below the threshold in some column of the table, the unprotected one and "other"; at least
 *    two, never all (that would be the total);
 * 2. a count of one row of the site or region list (publication.ts `ROW_TABLES`; not the list's total) has
 *    **that row left out** of the list (`leftOutRows`), the other rows and the total printed;
 * 3. a table that cannot be combined (not a breakdown that adds up, already combined, or every category
 *    small) is **left out** of that publication;
 * then the whole set is protected and audited again from the start, with every publication's layout in the
 * model (a combined row is a cell with the sum of its categories; the categories are no longer printed
 * there, but stay cells of the model, printed wherever another publication prints them). A cell still
 * unprotected after its tables were changed takes the same tables one step further (combined → left out;
 * ordered classes one class more; a row left out → the list left out) and is not chased further through the
 * set. At most `maxFallbackRounds` (default 6) such rounds; what still fails is refused by {@link assertPublishable}, which names the steps tried.
 * Publications written earlier (the ledger) are never changed: their files are out. For a failing count that only
 * an earlier publication prints, the tables changed are those of this run that carry its exact bound (the audit's
 * dual certificate, `CellAudit.bound`: the printed counts on its relations, the hidden counts whose labels bind);
 * a count an earlier file printed as "x" that this run would leave out while still narrowed (`narrowedBefore`)
 * gets the same, and when those changes do not pass, the set is written as it passed before them.
 * The local evaluations written now (`options.evaluations`) are publications of the set like the reports: their
 * own tables are combined (local-evaluation.ts `localEvaluationMerge`; adjacent classes) or left out under their
 * id `site:<id>|<from>_<to>#local`, and come first (see `fallbackChanges`); when the set then passes only after
 * the reports' tables changed too, it is tried once more without the evaluations' changes, which are dropped
 * when that passes as well. A change that would strip a publication of its key figures or of more than half of
 * its tables ({@link strippedPublications}) is not made: the publication is withdrawn (every table left out, so
 * it states nothing) and listed in `withdrawn`, for {@link withdrawnRefusal}; the rest of the set is protected
 * without it. Once the set passes, the changes it no longer needs are undone ({@link restoreFallbackSteps}: at most
 * `maxRestoreAttempts`, default 6; 0 turns it off): `fallback` lists the changes kept, `restored` the ones undone.
 * @example const p = await protectPublicationSetWithFallback(figs, { threshold: 5 }); p.fallback // [] when suppression sufficed
 */
export async function protectPublicationSetWithFallback(
  figs: ImpactFigures[],
  options: PublicationProtectionOptions & { sites?: ReadonlyArray<{ siteId: string; region: string }>; maxFallbackRounds?: number; maxRestoreAttempts?: number } = {},
): Promise<PublicationSetProtection> {
  let layouts: Record<string, PublicationLayout> = copyLayouts(options.layouts ?? {});
  const steps: FallbackStep[] = [];
  const acted = new Map<string, Array<{ key: string; place: string }>>();
  const maxRounds = options.maxFallbackRounds ?? 6;
  /** Publications withdrawn because the fallback would strip them beyond the refusal rule. */
  const withdrawn = new Map<string, { publication: string; reason: string; tried: FallbackStep[] }>();
  const isEvaluation = (id: string) => id.endsWith(LOCAL_SUFFIX);
  // progress over every protection of the set: the LPs and the time of the whole fallback, and its round
  const t0 = performance.now();
  let lpsBefore = 0;
  let fallbackRound = 0;
  const report = options.onProgress;
  const onProgress = report ? (p: DisclosureProgress) => report({ ...p, fallbackRound, lps: lpsBefore + p.lps, ms: performance.now() - t0 }) : undefined;
  /** One protection of the set under `layouts`, its LPs counted for the progress. */
  const protect = async (layouts: Record<string, PublicationLayout>): Promise<PublicationSetProtection> => {
    const p = await protectPublicationSet(figs, { ...options, layouts, ...(onProgress ? { onProgress } : {}) });
    lpsBefore += p.lps;
    return p;
  };
  const done = (p: PublicationSetProtection) => {
    // each layout in one key order (as a re-run reads it from the ledger), so that a re-run writes the same ledger
    p.layouts = copyLayouts(p.layouts);
    if (withdrawn.size) {
      p.withdrawn = [...withdrawn.values()];
      // the steps of a withdrawn publication are not what is written: they are in its entry
      p.fallback = p.fallback.filter((s) => !withdrawn.has(s.publication));
    }
    return p;
  };
  // a set that passes: the steps no longer needed are undone (`restoreFallbackSteps`; a withdrawn publication's never)
  const restore = (p: PublicationSetProtection, at: Record<string, PublicationLayout>, made: readonly FallbackStep[]) =>
    restoreFallbackSteps(figs, options, { protection: p, layouts: at, steps: made.filter((s) => !withdrawn.has(s.publication)), withdrawn: [...withdrawn.keys()] }, options.maxRestoreAttempts ?? RESTORE_ATTEMPTS);
  // the last protection that passed while counts an earlier file printed as "x" stayed narrowed (see below):
  // written when the changes tried for them do not pass
  let lastPassed: { protection: PublicationSetProtection; layouts: Record<string, PublicationLayout>; withdrawn: Map<string, { publication: string; reason: string; tried: FallbackStep[] }> } | null = null;
  const best = async (p: PublicationSetProtection) => {
    const passes = p.failingKeys.length === 0 && p.differenceKeys.length === 0;
    if (!lastPassed || passes) return done(passes ? await restore(p, layouts, p.fallback) : p);
    withdrawn.clear();
    for (const [k, w] of lastPassed.withdrawn) withdrawn.set(k, w);
    // the proofs are bound to the model protected last: protect the set that passed once more for them
    if (!options.proofs) return done(await restore(lastPassed.protection, lastPassed.layouts, lastPassed.protection.fallback));
    const again = await protect(lastPassed.layouts);
    again.fallback = lastPassed.protection.fallback;
    return done(await restore(again, lastPassed.layouts, again.fallback));
  };
  for (let round = 0; ; round++) {
    fallbackRound = round;
    const protection = await protect(layouts);
    protection.fallback = [...steps];
    const passed = protection.failingKeys.length === 0 && protection.differenceKeys.length === 0;
    const evaluationSteps = new Set(steps.filter((s) => isEvaluation(s.publication) && !withdrawn.has(s.publication)).map((s) => s.publication));
    if (passed && evaluationSteps.size && steps.some((s) => !isEvaluation(s.publication))) {
      // the evaluation's tables were changed first and the annual reports' had to change as well: when the
      // reports' changes alone protect the set, the evaluation keeps its tables
      const without = copyLayouts(layouts);
      for (const id of evaluationSteps) {
        if (options.layouts?.[id]) without[id] = copyLayouts({ [id]: options.layouts[id] })[id];
        else delete without[id];
      }
      const retry = await protect(without);
      if (retry.failingKeys.length === 0 && retry.differenceKeys.length === 0) {
        return done(await restore(retry, without, steps.filter((s) => !evaluationSteps.has(s.publication))));
      }
    }
    // a set that passes may still leave out counts an earlier file printed as "x" and that this run's printed
    // counts narrow (`narrowedBefore`): the tables that pin them are changed too, as for a failing count, while
    // that passes; otherwise the set is written as it passed (the limit of "An "x" printed before stays an "x"")
    const narrowed = passed ? (protection.narrowedBefore ?? []).length : 0;
    if (passed && narrowed === 0) return done(await restore(protection, layouts, steps));
    if (passed) lastPassed = { protection, layouts: copyLayouts(layouts), withdrawn: new Map(withdrawn) };
    if (round >= maxRounds) return best(protection);
    // a change that would strip its publication (key figures or more than half of its tables left out) is not
    // made: that publication is withdrawn instead — every table left out, so that it states nothing in the
    // model — and refused (`withdrawn`); the rest of the set is protected without it
    let next = copyLayouts(layouts);
    const made: FallbackStep[] = [];
    let withdrew = false;
    // an evaluation's own tables first; the annual reports' in the same round when no evaluation table can change
    for (const evaluationsFirst of [true, false]) {
      const { changes, tables } = fallbackChanges(protection, figs, options.evaluations ?? [], layouts, acted, evaluationsFirst);
      next = copyLayouts(layouts);
      const counts = new Map([...tables].map(([id, t]) => [id, t.length]));
      for (const c of changes) {
        if (withdrawn.has(c.publication)) continue;
        const trial = copyLayouts({ [c.publication]: next[c.publication] ?? {} });
        applyChanges(trial, [c]);
        const over = strippedPublications(trial, counts, new Set([c.publication]));
        if (over.length) {
          withdrawn.set(c.publication, { ...over[0], tried: [...steps, ...made].filter((s) => s.publication === c.publication).concat(c) });
          next[c.publication] = { leftOut: [...(tables.get(c.publication) ?? [])] };
          withdrew = true;
          continue;
        }
        applyChanges(next, [c]);
        made.push(c);
      }
      if (made.length || withdrew) break;
    }
    if (process.env.HOMESTART_AUDIT_TRACE) process.stderr.write(`fallback round ${round + 1}: ${protection.failingKeys.length + protection.differenceKeys.length} failing, ${narrowed} narrowed before; ${made.length} changes (${made.map((c) => `${c.publication} "${c.table}" ${c.action}${c.rows ? ` (${c.rows.join(' ')})` : ''}`).join(', ')}), ${withdrawn.size} withdrawn; ${protection.lps} LPs\n`);
    if (made.length === 0 && !withdrew) return best(protection);
    layouts = next;
    steps.push(...made.filter((c) => !withdrawn.has(c.publication)));
  }
}

/** What {@link relationRule} reads and changes: the model, the statuses (changed in place), the label ranges and the cost. */
interface RelationRuleInput {
  values: ArrayLike<number>;
  status: AuditStatus[];
  relations: ReadonlyArray<LinearRelation>;
  relOf: ReadonlyArray<ReadonlyArray<number>>;
  threshold: number;
  zeroLo: number;
  unprinted?: ArrayLike<number>;
  atLeast?: ArrayLike<number>;
  earlierX?: ArrayLike<number>;
  /** A printed count the repair may hide. */
  candidate: (i: number) => boolean;
  /** The repair's cost of hiding a count for a "<t" that has had `tries` counts hidden for it. */
  price: (i: number, tries: number) => number;
  /** How many counts were hidden for each "<t" (the repair's tries; updated). */
  tries: Map<number, number>;
  /** Leaves an "x" out (status already `residual`): the caller records it as left out ("."). */
  leaveOut: (i: number) => void;
  /** The line rule, run after each round's counts are hidden. */
  lineRule?: () => void;
}

/**
 * The relation rule (step 3 of the method, after the line rule): the repair's rounds, for the cells whose failure
 * needs no audit. A printed "<t" that a single relation pins narrower than its label range — its bound from that
 * relation alone, every other cell of it anywhere in its own range ({@link hiddenCellBoundsInto}, the audit's ranges:
 * label, cap, what earlier files told), misses 1 or t − 1 — fails the audit whatever else holds (the audit's feasible
 * set lies inside that relation's); so does an "x" that one relation holds less than t wide. Before, each such cell
 * cost an audit round: the audit found it failing, the repair hid one count for it (or left the "x" out) and audited
 * again. Here the same round runs without the audit, as the repair runs it: the narrow "x" (not printed as "x"
 * before, `atLeast`) are left out; then for each pinned "<t", in model order, the cheapest count on its relations
 * (`price`: the repair's cost, the key figures at their breakdown cells' price after its tries), unless a count
 * chosen this round already lies on one of them; then the line rule; until nothing is pinned. Only a "<t" whose
 * pinning relation has a count that would widen it there is taken (else the audit and the repair decide, as
 * before). Typical: a site's end reasons with a "<t" 1 and three hidden zeros — the hidden cells sum to 1, so each is
 * at most 1; the cheapest 5 beside them widens nothing there (5 − t), is left out in the next round, and an 8 is hidden.
 * The audit still decides every cell. Returns the number of counts hidden.
 * @example
 * // end reasons 8, 5, a "<5" 1 and a hidden 0 (total 14 printed): the 5 is hidden, then left out, then the 8 hidden
 * const status: AuditStatus[] = ['shown', 'shown', 'primary', 'primary', 'shown'];
 * relationRule({ values: [8, 5, 1, 0, 14], status, relations: [{ vars: [0, 1, 2, 3, 4], coefs: [1, 1, 1, 1, -1], lo: 0, hi: 0, kind: 'sum' }], relOf: [[0], [0], [0], [0], [0]], threshold: 5, zeroLo: 0, candidate: (i) => status[i] === 'shown' && i < 4, price: (i) => [8, 5, 1, 0, 14][i], tries: new Map(), leaveOut: () => {} }); // 2
 * status // ['secondary', 'residual', 'primary', 'primary', 'shown']
 */
export function relationRule(input: RelationRuleInput): number {
  const { values, status, relations, relOf, threshold: t, candidate, price, tries } = input;
  const bp = { values, status, t, zeroLo: input.zeroLo, unprinted: input.unprinted, atLeast: input.atLeast, earlierX: input.earlierX };
  const EPS = 1e-9;
  const range = new Float64Array(2);
  /** What relation k alone pins: its printed "<t" held narrower than their label range (how many, by how much in all, which) and its "x" held less than t wide. */
  const pinned = (k: number): { count: number; short: number; narrowX: number[]; cells: number[] } => {
    const r = relations[k];
    let minSum = 0;
    let maxSum = 0;
    const m = r.vars.length;
    const lo = new Float64Array(m);
    const hi = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      hiddenCellBoundsInto(bp, r.vars[q], range);
      const a = r.coefs[q];
      lo[q] = Math.min(a * range[0], a * range[1]);
      hi[q] = Math.max(a * range[0], a * range[1]);
      minSum += lo[q];
      maxSum += hi[q];
    }
    let count = 0;
    let short = 0;
    const cells: number[] = [];
    const narrowX: number[] = [];
    for (let q = 0; q < m; q++) {
      const v = r.vars[q];
      const x = status[v] === 'secondary' && !(input.atLeast?.[v] ?? 0);
      if ((status[v] !== 'primary' || input.unprinted?.[v]) && !x) continue;
      // a·x_v within [r.lo − Σ others' max, r.hi − Σ others' min]
      const aLo = r.lo - (maxSum - hi[q]);
      const aHi = r.hi - (minSum - lo[q]);
      const a = r.coefs[q];
      const up = a > 0 ? aHi / a : aLo / a;
      const down = a > 0 ? aLo / a : aHi / a;
      if (x) {
        hiddenCellBoundsInto(bp, v, range);
        if (Math.min(up, range[1]) - Math.max(down, range[0]) < t - EPS) narrowX.push(v);
      } else if (up < t - 1 - EPS || down > 1 + EPS) {
        cells.push(v);
        count++;
        short += Math.max(0, t - 1 - up) + Math.max(0, down - 1);
      }
    }
    return { count, short, narrowX, cells };
  };
  let hidden = 0;
  // rounds as the repair's: the "<t" pinned (with a count on the pinning relation that widens it) and the narrow "x"
  // of the statuses now; the "x" left out, then for each "<t" in turn the cheapest count on its relations, unless a
  // count chosen this round lies on one of them
  for (let round = 0; round < 1000; round++) {
    const failing = new Set<number>();
    const narrow = new Set<number>();
    for (let k = 0; k < relations.length; k++) {
      const p = pinned(k);
      for (const v of p.narrowX) narrow.add(v);
      if (!p.count) continue;
      const cands = relations[k].vars.filter((v) => candidate(v));
      const widens = (c: number) => {
        status[c] = 'secondary';
        const still = pinned(k);
        status[c] = 'shown';
        return still.short < p.short - EPS;
      };
      if (!cands.some(widens)) continue;
      for (const v of p.cells) failing.add(v);
    }
    for (const v of narrow) {
      status[v] = 'residual';
      input.leaveOut(v);
    }
    const chosen = new Set<number>();
    for (const f of [...failing].sort((a, b) => a - b)) {
      if (relOf[f].some((k) => relations[k].vars.some((v) => chosen.has(v)))) continue;
      const tried = tries.get(f) ?? 0;
      let best = -1;
      for (const j of relOf[f]) for (const v of relations[j].vars) if (candidate(v) && !chosen.has(v) && (best < 0 || price(v, tried) < price(best, tried))) best = v;
      if (best < 0) continue;
      tries.set(f, tried + 1);
      chosen.add(best);
    }
    for (const c of chosen) status[c] = 'secondary';
    hidden += chosen.size;
    if (chosen.size === 0 && narrow.size === 0) break;
    input.lineRule?.();
  }
  return hidden;
}

/** The implied small classes of ordered tables (the open-ended merge, an evaluation's classes) whose table is printed: a table left out states no rule. */
function shownImplied(implied: readonly string[], layout: PublicationLayout | undefined): string[] {
  const gone = (layout?.leftOut ?? []).flatMap((t) => (ORDERED_TABLES[t] ? [`|${ORDERED_TABLES[t]}.`] : []));
  return gone.length ? implied.filter((k) => !gone.some((g) => k.includes(g))) : [...implied];
}

function copyLayouts(layouts: Readonly<Record<string, PublicationLayout>>): Record<string, PublicationLayout> {
  const out: Record<string, PublicationLayout> = {};
  for (const [id, l] of Object.entries(layouts)) out[id] = { ...(l.merged ? { merged: { ...l.merged } } : {}), ...(l.leftOut ? { leftOut: [...l.leftOut] } : {}), ...(l.leftOutRows ? { leftOutRows: Object.fromEntries(Object.entries(l.leftOutRows).map(([t, r]) => [t, [...r]])) } : {}) };
  return out;
}

/**
 * Attempts of the restore pass ({@link restoreFallbackSteps}) after a fallback that changed tables: each is one
 * protection of the whole set with this run's decisions kept (as a re-run from the ledger), most cells proved by
 * the moves of the protection before; see docs/disclosure-control.md, "Undoing steps no longer needed".
 */
const RESTORE_ATTEMPTS = 6;
/** Audit rounds of one attempt of the restore pass: a restoration the repair cannot protect within them is not kept. */
const RESTORE_ROUNDS = 6;

/** The state of one table of a publication's layout: printed as it is, categories combined, rows left out (sorted), or left out. */
type TableState = { merged?: string[]; rows?: string[]; leftOut?: true };

/**
 * The restore pass after the fallback (docs/disclosure-control.md, "Undoing steps no longer needed"). The fallback
 * is greedy: a table combined or left out early for a failing count stays so when later steps (or the withdrawal of
 * the publication that printed the count) make it unnecessary. Once the set passes, each changed table is tried
 * back as it was before the fallback (and, for a table left out after its categories were combined, combined
 * again; for a site or region list left out, or without more rows than those of the withdrawn publications
 * (`passed.withdrawn`), with only those rows left out — never more rows than the fallback left out; then, for a list
 * that still leaves out rows the fallback left out, each of those rows printed again on its own, the others still
 * left out, in the order of their scope keys, each kept from the next on): the whole set is protected with that layout and with every decision of the set that passed kept — its
 * hidden and left-out counts and printed zeros, as a re-run from the ledger would read them
 * ({@link decisionsAfter}) — so the audit proves most cells by the moves of the protection before and the repair
 * only protects what the restored table prints. The restoration is kept when that set passes with every hidden
 * count proved and no count of an earlier "x" narrowed that was not before; else the layout stays. Order (fixed,
 * so the same output on every run): the summary tables of sites and regions first, then tables left out before
 * combined ones, national and regional before site reports, then the table's place in its publication and the
 * publication id; the same table of the national and the regional reports of one period, changed by the same
 * steps, is one attempt (they print the same counts of the sites). At most `maxAttempts` protections. A withdrawn
 * publication stays withdrawn (its steps are not passed here). Returns the protection to write, with `fallback`
 * the steps kept and `restored` the steps undone (a list printed with fewer rows left out: its steps undone and one
 * step with the rows still left out kept).
 */
async function restoreFallbackSteps(
  figs: ImpactFigures[],
  options: PublicationProtectionOptions & { sites?: ReadonlyArray<{ siteId: string; region: string }> },
  passed: { protection: PublicationSetProtection; layouts: Record<string, PublicationLayout>; steps: FallbackStep[]; withdrawn?: readonly string[] },
  maxAttempts: number,
): Promise<PublicationSetProtection> {
  let current = passed.protection;
  current.fallback = [...passed.steps];
  if (passed.steps.length === 0 || maxAttempts <= 0) return current;
  const trace = process.env.HOMESTART_AUDIT_TRACE ? (line: string) => process.stderr.write(`fallback restore: ${line}\n`) : null;
  const stateOf = (layouts: Readonly<Record<string, PublicationLayout>>, id: string, table: string): TableState =>
    layouts[id]?.leftOut?.includes(table) ? { leftOut: true } : layouts[id]?.merged?.[table] ? { merged: [...layouts[id].merged![table]] } : layouts[id]?.leftOutRows?.[table] ? { rows: [...layouts[id].leftOutRows![table]] } : {};
  const setState = (layouts: Record<string, PublicationLayout>, id: string, table: string, st: TableState) => {
    const l = (layouts[id] ??= {});
    const left = (l.leftOut ?? []).filter((t) => t !== table);
    if (st.leftOut) left.push(table);
    if (left.length) l.leftOut = left;
    else delete l.leftOut;
    if (l.merged) delete l.merged[table];
    if (st.merged) (l.merged ??= {})[table] = [...st.merged];
    if (l.merged && Object.keys(l.merged).length === 0) delete l.merged;
    if (l.leftOutRows) delete l.leftOutRows[table];
    if (st.rows?.length) (l.leftOutRows ??= {})[table] = [...st.rows];
    if (l.leftOutRows && Object.keys(l.leftOutRows).length === 0) delete l.leftOutRows;
    if (!l.merged && !l.leftOut && !l.leftOutRows) delete layouts[id];
  };
  // per changed table: its state before the fallback and after each of its steps
  const places = new Map<string, { id: string; table: string; states: TableState[] }>();
  for (const s of passed.steps) {
    const place = `${s.publication}#${s.table}`;
    let e = places.get(place);
    if (!e) places.set(place, (e = { id: s.publication, table: s.table, states: [stateOf(options.layouts ?? {}, s.publication, s.table)] }));
    const prev = e.states[e.states.length - 1];
    e.states.push(s.action === 'merged' ? { merged: [...s.categories!] } : s.action === 'rows left out' ? { rows: [...new Set([...(prev.rows ?? []), ...s.rows!])].sort() } : { leftOut: true });
  }
  // a site or region list: the rows of the publications withdrawn (their own reports are not written) are a state to
  // try as well — the list printed with only those rows left out (publication.ts `leftOutRows`)
  const withdrawnIds = new Set(passed.withdrawn ?? []);
  const rowsOfTable = new Map<string, string[]>();
  for (const fig of figs) {
    const id = publicationKey(fig.scope, fig.key);
    rowsOfTable.set(`${id}#locaties`, fig.sites.map((r) => `site:${r.siteId}`));
    rowsOfTable.set(`${id}#regios`, fig.regions.map((r) => `reg:${r.region}`));
  }
  const withdrawnRows = (e: { id: string; table: string }): TableState | null => {
    if (!ROW_TABLES[e.table]) return null;
    const period = e.id.slice(e.id.indexOf('|') + 1);
    const rows = (rowsOfTable.get(`${e.id}#${e.table}`) ?? []).filter((r) => withdrawnIds.has(`${r}|${period}`));
    return rows.length ? { rows: rows.sort() } : null;
  };
  // units: one table, or the same table of the national and regional reports of one period changed alike
  const level = (id: string) => (id.startsWith('nat|') ? 0 : id.startsWith('reg:') ? 1 : id.endsWith(LOCAL_SUFFIX) ? 3 : 2);
  const units = new Map<string, Array<{ id: string; table: string; states: TableState[] }>>();
  for (const [place, e] of places) {
    const key = level(e.id) <= 1 ? `${e.table}|${e.id.slice(e.id.indexOf('|') + 1)}|${JSON.stringify(e.states)}` : place;
    units.set(key, [...(units.get(key) ?? []), e]);
  }
  // the place of each table in its publication (tables printed first come first)
  const allShown: PublicationDecisions = { threshold: current.threshold, zeroHidden: false, statusOf: () => undefined, unprotected: 0, layoutOf: () => undefined, openEndedTails: current.openEndedTails };
  const position = new Map<string, number>();
  for (const fig of figs) {
    const id = publicationKey(fig.scope, fig.key);
    if ([...places.values()].some((e) => e.id === id)) publishFigures(fig, { lang: 'en', threshold: current.threshold, decisions: allShown }).tables.forEach((t, q) => position.set(`${id}#${t.id}`, q));
  }
  for (const ev of options.evaluations ?? []) {
    if ([...places.values()].some((e) => e.id === ev.publicationId)) publishLocalEvaluation(ev, { lang: 'en', threshold: current.threshold, decisions: allShown }).tables.forEach((t, q) => position.set(`${ev.publicationId}#${t.id}`, q));
  }
  const SUMMARY = new Set(['locaties', 'regios']);
  const rank = (u: Array<{ id: string; table: string; states: TableState[] }>): Array<number | string> => {
    const e = u[0];
    return [SUMMARY.has(e.table) ? 0 : 1, e.states.at(-1)!.leftOut ? 0 : 1, level(e.id), position.get(`${e.id}#${e.table}`) ?? 99, e.id, e.table];
  };
  const order = [...units.values()].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let q = 0; q < x.length; q++) if (x[q] !== y[q]) return x[q] < y[q] ? -1 : 1;
    return 0;
  });
  const narrowedKeys = (p: PublicationSetProtection) => (p.narrowedBefore ?? []).map((a) => p.model.keys[a.cell]);
  // how far back each table is now (an index into its states: the last, unless restored; or the state of the rows of
  // the withdrawn publications)
  const at = new Map<string, number | TableState>([...places].map(([place, e]) => [place, e.states.length - 1]));
  const same = (a: TableState, b: TableState) => JSON.stringify(a) === JSON.stringify(b);
  let layouts = copyLayouts(passed.layouts);
  let inputs: PublicationProtectionOptions & { sites?: ReadonlyArray<{ siteId: string; region: string }> } = { ...options, layouts };
  let attempts = 0;
  let lastKept = true;
  /** One attempt: the unit's tables in the states `to` (one per table); kept when the set still passes whole. */
  const attempt = async (unit: Array<{ id: string; table: string; states: TableState[] }>, to: TableState[], what: string): Promise<boolean> => {
    attempts++;
    const trial = copyLayouts(layouts);
    unit.forEach((e, j) => setState(trial, e.id, e.table, to[j]));
    const trialInputs = { ...options, ...decisionsAfter(options, current), layouts: trial, maxRounds: Math.min(options.maxRounds ?? RESTORE_ROUNDS, RESTORE_ROUNDS) };
    const t0 = performance.now();
    const p = await protectPublicationSet(figs, trialInputs);
    const narrowedNow = new Set(narrowedKeys(current));
    const ok = p.failingKeys.length === 0 && p.differenceKeys.length === 0 && p.counts.provedProtected === p.counts.hidden && narrowedKeys(p).every((k) => narrowedNow.has(k));
    trace?.(`${unit.map((e) => `${e.id} "${e.table}"`).join(', ')} ${what}: ${ok ? 'kept' : 'not kept'} (${p.counts.hidden} hidden, was ${current.counts.hidden}; ${p.rounds} rounds, ${p.lps} LPs, model ${Math.round(p.ms.model)} ms, ${Math.round(performance.now() - t0)} ms)${ok ? '' : `; failing: ${[...p.failingKeys, ...p.differenceKeys, ...narrowedKeys(p).filter((k) => !narrowedNow.has(k))].slice(0, 8).join(', ')}`}`);
    lastKept = ok;
    if (!ok) return false;
    current = p;
    layouts = trial;
    inputs = trialInputs;
    return true;
  };
  for (const unit of order) {
    const last = unit[0].states.length - 1;
    // before the fallback; a table left out after its categories were combined: combined again; a site or region
    // list left out, or without more rows than those of the withdrawn publications: with only those rows left out
    // (never more rows than the fallback left out: the restore pass only prints more)
    const targets: Array<number | 'withdrawn'> = [...new Set([0, last - 1])].filter((q) => q >= 0 && q < last && !(q > 0 && !unit[0].states[q].merged));
    const byWithdrawal = unit.map((e) => withdrawnRows(e));
    const fewerRows = (w: TableState | null, states: TableState[]) => {
      const now = states[states.length - 1];
      return w !== null && !states.some((st) => same(st, w)) && (now.leftOut === true || (now.rows !== undefined && w.rows!.every((r) => now.rows!.includes(r))));
    };
    if (byWithdrawal.every((w, j) => fewerRows(w, unit[j].states))) targets.push('withdrawn');
    const tried = new Set<string>();
    for (const q of targets) {
      if (attempts >= maxAttempts) break;
      const to = unit.map((e, j) => (q === 'withdrawn' ? byWithdrawal[j]! : e.states[q]));
      tried.add(JSON.stringify(to));
      if (!(await attempt(unit, to, q === 0 ? 'as before the fallback' : q === 'withdrawn' ? "with only the withdrawn publications' rows left out" : 'combined again'))) continue;
      unit.forEach((e, j) => at.set(`${e.id}#${e.table}`, q === 'withdrawn' ? to[j] : q));
      break;
    }
    // a site or region list that still leaves out rows the fallback left out: each of them printed again on its own,
    // the others still left out (in the order of their scope keys; a state tried above is not tried again): kept
    // when the set passes, and the next row tried from there — so the list prints every row that can be printed
    // while another stays left out
    if (!ROW_TABLES[unit[0].table]) continue;
    const rowsNow = (e: { id: string; table: string; states: TableState[] }): string[] => {
      const a = at.get(`${e.id}#${e.table}`)!;
      return (typeof a === 'number' ? e.states[a] : a).rows ?? [];
    };
    const leftByFallback = [...new Set(unit.flatMap((e) => rowsNow(e).filter((r) => !(e.states[0].rows ?? []).includes(r))))].sort();
    for (const row of leftByFallback) {
      if (attempts >= maxAttempts) break;
      const to = unit.map((e): TableState => {
        const rows = rowsNow(e).filter((r) => r !== row);
        return rows.length ? { rows } : {};
      });
      if (tried.has(JSON.stringify(to))) continue;
      tried.add(JSON.stringify(to));
      // kept: each table is at one of its states (all rows back: as before the fallback), or at fewer rows left out
      if (await attempt(unit, to, `with the row of ${row} printed again`)) {
        unit.forEach((e, j) => {
          const q = e.states.findIndex((st) => same(st, to[j]));
          at.set(`${e.id}#${e.table}`, q >= 0 ? q : to[j]);
        });
      }
    }
  }
  // the proofs are bound to the model protected last: protect the kept set once more for a cache to be written
  if (!lastKept && options.proofs?.dir) current = await protectPublicationSet(figs, inputs);
  const seen = new Map<string, number>();
  const kept: FallbackStep[] = [];
  const restored: FallbackStep[] = [];
  for (const s of passed.steps) {
    const place = `${s.publication}#${s.table}`;
    const j = seen.get(place) ?? 0;
    seen.set(place, j + 1);
    const a = at.get(place)!;
    (typeof a === 'number' && j < a ? kept : restored).push(s);
  }
  // a list printed with fewer rows left out (only the withdrawn publications' rows, or rows printed again one by one):
  // its steps are undone, one step with the rows still left out kept in their place
  for (const [place, a] of at) {
    if (typeof a === 'number' || !a.rows?.length) continue;
    const e = places.get(place)!;
    kept.push({ publication: e.id, table: e.table, action: 'rows left out', rows: [...a.rows] });
  }
  current.fallback = kept;
  if (restored.length) current.restored = restored;
  return current;
}

/**
 * The decisions of the ledger after a protected set (as `updateLedger` records them and `ledgerDecisions` reads
 * them back for a re-run): the options' earlier decisions and this set's hidden counts ("x" also as "at least the
 * threshold"), left-out counts and zeros printed because they are pinned.
 */
function decisionsAfter(options: PublicationProtectionOptions, p: PublicationSetProtection): Pick<PublicationProtectionOptions, 'hiddenBefore' | 'withheldBefore' | 'atLeastBefore' | 'zerosPrintedBefore'> {
  const { model, status } = p;
  const hidden = new Set(options.hiddenBefore ?? []);
  const withheld = new Set(options.withheldBefore ?? []);
  const atLeast = new Set(options.atLeastBefore ?? []);
  for (let i = 0; i < model.keys.length; i++) {
    if (!model.printed[i] || (status[i] !== 'primary' && status[i] !== 'secondary')) continue;
    const k = model.keys[i];
    hidden.add(k);
    withheld.delete(k);
    if (status[i] === 'secondary') atLeast.add(k);
    else atLeast.delete(k);
  }
  for (const i of p.withheld) {
    hidden.add(model.keys[i]);
    withheld.add(model.keys[i]);
  }
  const zeros = new Set(options.zerosPrintedBefore ?? []);
  for (const i of p.revealedZeros ?? []) zeros.add(model.keys[i]);
  return { hiddenBefore: [...hidden], withheldBefore: [...withheld], atLeastBefore: [...atLeast], zerosPrintedBefore: [...zeros].filter((k) => !hidden.has(k)) };
}

/**
 * The refusal of the publications the fallback withdrew (`withdrawn`: it would have stripped them of their key
 * figures or of more than half of their tables) among `publicationIds` (the ones a run writes), as a
 * {@link DisclosureError} naming each, why, and the steps tried before; null when none of them was withdrawn.
 * The other publications of the set are protected without them and may be written.
 * @example withdrawnRefusal(protection, ['site:S1|2024']) // null when that report was not withdrawn
 */
export function withdrawnRefusal(protection: PublicationSetProtection, publicationIds: Iterable<string>): DisclosureError | null {
  const ids = new Set(publicationIds);
  const mine = (protection.withdrawn ?? []).filter((w) => ids.has(w.publication));
  if (!mine.length) return null;
  const places = mine.map((w) => `${w.publication}: ${w.reason}`);
  return new DisclosureError(
    `publication refused: ${places.join('; ')} to protect small counts, and a publication without its key figures or without most of its tables is refused rather than written; no file of ${mine.length === 1 ? 'it' : 'them'} was written ` +
      `(tried: ${triedSteps(mine.flatMap((w) => w.tried))}). Publish a coarser scope or a longer period.`,
    places,
  );
}

/** Applies fallback steps to layouts (combined categories; a table left out drops its combination). */
function applyChanges(layouts: Record<string, PublicationLayout>, changes: readonly FallbackStep[]): void {
  for (const c of changes) {
    const l = (layouts[c.publication] ??= {});
    if (c.action === 'merged') (l.merged ??= {})[c.table] = c.categories!;
    else if (c.action === 'rows left out') (l.leftOutRows ??= {})[c.table] = [...new Set([...(l.leftOutRows[c.table] ?? []), ...c.rows!])].sort();
    else {
      if (!l.leftOut?.includes(c.table)) (l.leftOut ??= []).push(c.table);
      if (l.merged?.[c.table]) delete l.merged[c.table];
      if (l.leftOutRows?.[c.table]) {
        delete l.leftOutRows[c.table];
        if (Object.keys(l.leftOutRows).length === 0) delete l.leftOutRows;
      }
    }
  }
}

/**
 * The refusal rule for a publication the fallback would strip (docs/disclosure-control.md, "Too stripped to
 * publish"): a publication written now is refused rather than written when its layout would leave out its
 * key-figure table (`kerncijfers`: the headline counts every other table breaks down) or more than half of
 * its tables. `tables`: the number of tables each publication written now prints.
 * @example strippedPublications({ 'site:S1|2024': { leftOut: ['kerncijfers'] } }, new Map([['site:S1|2024', 14]]), new Set(['site:S1|2024']))[0].reason // 'its key figures (table "kerncijfers") would be left out'
 */
export function strippedPublications(layouts: Readonly<Record<string, PublicationLayout>>, tables: ReadonlyMap<string, number>, ids: ReadonlySet<string>): Array<{ publication: string; reason: string }> {
  const out: Array<{ publication: string; reason: string }> = [];
  for (const id of ids) {
    const left = layouts[id]?.leftOut ?? [];
    const n = tables.get(id);
    if (left.includes('kerncijfers')) out.push({ publication: id, reason: 'its key figures (table "kerncijfers") would be left out' });
    else if (n !== undefined && left.length * 2 > n) out.push({ publication: id, reason: `${left.length} of its ${n} tables would be left out (more than half)` });
  }
  return out;
}

/**
 * The tables to combine or leave out after an audit that failed (see {@link protectPublicationSetWithFallback}):
 * for each cell that cannot be protected, the tables of this run's publications that print it — or, for an
 * unpublished cell (a window between periods), that print the hidden counts on its relations. A local
 * evaluation's own tables come first: where a failing count's places include an evaluation's table not yet
 * left out, only the evaluation's tables are changed that round (the evaluation is the publication that adds
 * the period beside the years; changing it costs one table where the annual reports would lose one per year).
 * Also returns the tables of each publication written now (for {@link strippedPublications}).
 * `evaluationsFirst` false: every table, whoever prints it.
 */
function fallbackChanges(
  protection: PublicationSetProtection,
  figs: ImpactFigures[],
  evaluations: LocalEvaluation[],
  layouts: Record<string, PublicationLayout>,
  acted: Map<string, Array<{ key: string; place: string }>>,
  evaluationsFirst = true,
): { changes: FallbackStep[]; tables: Map<string, string[]> } {
  const { model, status, threshold } = protection;
  const layoutOf = (id: string) => layouts[id];
  const allShown: PublicationDecisions = { threshold, zeroHidden: false, statusOf: () => undefined, unprotected: 0, layoutOf, openEndedTails: protection.openEndedTails };
  // which tables of each publication written now print each key — by the model's name of the cell: a
  // one-site region's site report and a one-region nation's region report print the higher scope's cell
  // (sameQuantityScopes), and a count that fails there is acted on in every report that prints it
  const cellName = (k: string) => {
    const i = model.index.get(k);
    return i === undefined ? k : model.keys[i];
  };
  const tablesOfPub = (pub: { tables: Array<{ id: string }> }) => {
    const tablesOf = new Map<string, Set<string>>();
    for (const [k, where] of publishedCellPlaces(pub as Parameters<typeof publishedCellPlaces>[0])) {
      const c = cellName(k);
      const tables = tablesOf.get(c) ?? new Set<string>();
      for (const w of where) {
        const t = /^table "([^"]+)"/.exec(w)?.[1];
        if (t) tables.add(t);
      }
      tablesOf.set(c, tables);
    }
    return tablesOf;
  };
  type Pub = { id: string; tablesOf: Map<string, Set<string>>; tableIds: string[]; ledger: ReturnType<typeof collectCells>; fig?: ImpactFigures; ev?: LocalEvaluation };
  const pubs = new Map<string, Pub>();
  for (const fig of figs) {
    const id = publicationKey(fig.scope, fig.key);
    const pub = publishFigures(fig, { lang: 'en', threshold, decisions: allShown });
    pubs.set(id, { id, fig, tablesOf: tablesOfPub(pub), tableIds: pub.tables.map((t) => t.id), ledger: collectCells(fig, threshold, layoutOf(id), protection.openEndedTails?.(id)) });
  }
  for (const ev of evaluations) {
    const id = ev.publicationId;
    const pub = publishLocalEvaluation(ev, { lang: 'en', threshold, decisions: allShown });
    pubs.set(id, { id, ev, tablesOf: tablesOfPub(pub), tableIds: pub.tables.map((t) => t.id), ledger: collectLocalEvaluationCells(ev, threshold, layoutOf(id)) });
  }
  const printedNow = (k: string) => [...pubs.values()].some((p) => p.tablesOf.has(k));
  const relOf: number[][] = Array.from({ length: model.keys.length }, () => []);
  model.relations.forEach((r, k) => {
    for (const v of r.vars) relOf[v].push(k);
  });
  /** The tables (`<publication>#<table>`) printing the counts `k` hangs on, and those counts. */
  const placesOf = (k: string): Array<{ key: string; place: string }> => {
    const targets = new Set<string>();
    if (printedNow(k)) targets.add(k);
    else {
      const f = model.index.get(k);
      if (f === undefined) return [];
      // an unpublished cell (a window between periods): the nearest counts this run's publications print,
      // hidden ones first, breadth first through the unpublished and earlier-published hidden cells beside it
      const seen = new Set<number>([f]);
      for (let frontier = [f], depth = 0; frontier.length && depth < 4; depth++) {
        const near = new Set<number>();
        const next: number[] = [];
        for (const u of frontier) {
          for (const r of relOf[u]) {
            for (const v of model.relations[r].vars) {
              if (seen.has(v)) continue;
              seen.add(v);
              if (printedNow(model.keys[v])) near.add(v);
              else if (status[v] !== 'shown') next.push(v);
            }
          }
        }
        const hidden = [...near].filter((v) => status[v] !== 'shown');
        for (const v of hidden.length ? hidden : near) targets.add(model.keys[v]);
        if (near.size) break;
        frontier = next;
      }
    }
    const out: Array<{ key: string; place: string }> = [];
    for (const t of targets) for (const p of pubs.values()) for (const table of p.tablesOf.get(t) ?? []) out.push({ key: t, place: `${p.id}#${table}` });
    return out;
  };
  const changes = new Map<string, FallbackStep>();
  /**
   * The row of a summary table (publication.ts `ROW_TABLES`: the site or region list) that prints the count of
   * global key `key`: its scope (`site:S043`) when that is a row of the table, not the publication's own scope
   * (its total row); null for every other table.
   */
  const rowOf = (id: string, table: string, key: string): string | null => {
    const level = ROW_TABLES[table];
    const scope = key.slice(0, key.indexOf('|'));
    if (!level || scope === id.slice(0, id.indexOf('|')) || !scope.startsWith(level === 'site' ? 'site:' : 'reg:')) return null;
    return scope;
  };
  // a place is `<publication id>#<table>` (an evaluation's id itself ends in `#local`)
  const split = (place: string): [string, string] => [place.slice(0, place.lastIndexOf('#')), place.slice(place.lastIndexOf('#') + 1)];
  const open = (place: string) => {
    const [id, table] = split(place);
    return !layouts[id]?.leftOut?.includes(table);
  };
  /** The tables of this run's publications that print the cell of model index `v`. */
  const placesOfCell = (v: number): Array<{ key: string; place: string }> => {
    const out: Array<{ key: string; place: string }> = [];
    for (const p of pubs.values()) for (const table of p.tablesOf.get(model.keys[v]) ?? []) out.push({ key: model.keys[v], place: `${p.id}#${table}` });
    return out;
  };
  /** How much changing a table costs its publication: 1 its categories combined or a row left out, 2 left out, 3 its key figures (the publication is refused). */
  const severity = ({ key, place }: { key: string; place: string }): number => {
    const [id, table] = split(place);
    if (table === 'kerncijfers') return 3;
    if (ORDERED_TABLES[table]) return 1;
    const row = rowOf(id, table, key);
    if (row !== null) return layouts[id]?.leftOutRows?.[table]?.includes(row) ? 2 : 1;
    const ev = pubs.get(id)?.ev;
    const mergeable = ev ? localEvaluationMerge(ev, layouts[id], table, key.split('|').slice(2).join('|')) !== null : MERGEABLE_TABLES[table] && !layouts[id]?.merged?.[table];
    return mergeable ? 1 : 2;
  };
  /**
   * What pins a failing cell that only earlier publications print (a count of an annual report already in the
   * ledger): the cells of this run's publications its exact bound rests on — the
   * audit's dual certificate (`CellAudit.bound`): every printed count on a relation with a non-zero multiplier
   * and every hidden count whose label range has a non-zero reduced cost. By weak duality the bound stays while
   * they are printed as they are, so their tables are what the fallback must change (a count an earlier file
   * printed plainly is public whatever this run prints: never chosen). Of those cells, first the ones no
   * suppression changes (a "<t", a printed 0) before a count the repair could hide; among them the cells whose
   * tables can all be combined, then those that leave tables out, the key figures last (a publication without
   * them is refused): all the tables of the cheapest such cells. Null when the audit gave no certificate or no
   * such cell is printed now (then the nearest counts, `placesOf`).
   */
  const pinsOf = (k: string): Array<{ key: string; place: string }> | null => {
    const f = model.index.get(k);
    const bound = f === undefined ? undefined : (protection.cellAudits.get(f) ?? narrowedBefore.get(f))?.bound;
    if (f === undefined || !bound) return null;
    const cells = new Set<number>();
    for (const b of [bound.up, bound.down]) {
      if (!b) continue;
      for (const r of b.relations) for (const v of model.relations[r].vars) if (v !== f && status[v] === 'shown') cells.add(v);
      for (const v of b.cells) if (status[v] === 'primary' || status[v] === 'secondary') cells.add(v);
    }
    let best = Infinity;
    let chosen: Array<{ key: string; place: string }> = [];
    for (const v of cells) {
      if (protection.publicBefore?.[v]) continue;
      const places = placesOfCell(v).filter((x) => open(x.place));
      if (places.length === 0) continue;
      const hideable = status[v] === 'shown' && model.values[v] >= threshold;
      const rank = (hideable ? 4 : 0) + Math.max(...places.map(severity));
      if (rank < best) (best = rank), (chosen = []);
      if (rank === best) chosen.push(...places);
    }
    return chosen.length ? chosen : null;
  };
  // the private trace (HOMESTART_AUDIT_TRACE): what the fallback acts on for each failing count, by key and table
  const trace = process.env.HOMESTART_AUDIT_TRACE ? (line: string) => process.stderr.write(`fallback acts: ${line}\n`) : null;
  const narrowedBefore = new Map((protection.narrowedBefore ?? []).map((a) => [a.cell, a]));
  const narrowedKeys = [...narrowedBefore.keys()].map((c) => model.keys[c]);
  const failing = [...protection.failingKeys, ...protection.differenceKeys, ...narrowedKeys];
  for (const k of narrowedKeys) acted.set(k, pinsOf(k) ?? []); // only what pins it: never the nearest tables
  for (const k of failing) {
    if (narrowedBefore.has(model.index.get(k)!)) continue;
    // where to act this round (fallback-rule.ts): a count only an earlier file prints, the tables of its bound's
    // certificate (recomputed each round); the first time, the nearest counts; again, the same tables one step
    // further; a count no file prints whose tables are all left out now, what pins it elsewhere
    const f = model.index.get(k);
    const printed = printedNow(k) ? 'printed' : f !== undefined && model.printed[f] ? 'printed before' : 'printed nowhere';
    acted.set(k, fallbackPlaces(printed, acted.get(k), open, () => pinsOf(k), () => placesOf(k)));
    if (trace) trace(`${k}: ${printed}; acts on ${acted.get(k)!.map((p) => `${p.place}${open(p.place) ? '' : ' (left out)'}${p.key === k ? '' : ` by ${p.key}`}`).join(', ') || 'nothing'}`);
  }
  // an evaluation's own tables first: while any failing count hangs on an evaluation's table not yet left
  // out, only evaluations' tables change this round (the annual reports' once those could not help)
  const ofEvaluation = (place: string) => pubs.get(split(place)[0])?.ev !== undefined;
  const evaluationFirst = evaluationsFirst && failing.some((k) => acted.get(k)!.some((p) => ofEvaluation(p.place) && open(p.place)));
  for (const k of failing) {
    for (const { key, place } of acted.get(k)!) {
      if (evaluationFirst && !ofEvaluation(place)) continue;
      if (!open(place)) continue;
      const [id, table] = split(place);
      // a count of one row of the site or region list: that row left out, not the table (its other rows and its
      // total stay); a row left out before whose count still fails: the table one step further, left out
      const row = rowOf(id, table, key);
      const made = changes.get(place);
      if (row !== null && !layouts[id]?.leftOutRows?.[table]?.includes(row) && (!made || made.action === 'rows left out')) {
        if (made) made.rows = [...new Set([...made.rows!, row])].sort();
        else changes.set(place, { publication: id, table, action: 'rows left out', rows: [row] });
        continue;
      }
      if (made) {
        if (made.action === 'rows left out') changes.set(place, { publication: id, table, action: 'left out' });
        continue;
      }
      const p = pubs.get(id)!;
      const current = layouts[id]?.merged?.[table];
      const measure = key.split('|').slice(2).join('|');
      const merge = ORDERED_TABLES[table]
        ? mergeAdjacentFor(p.ledger, table, key, current)
        : current
          ? null
          : p.ev
            ? localEvaluationMerge(p.ev, layouts[id], table, measure)
            : mergeFor(p.fig!, p.ledger, table, key, threshold);
      changes.set(place, merge ? { publication: id, table, action: 'merged', categories: merge } : { publication: id, table, action: 'left out' });
    }
  }
  return { changes: [...changes.values()], tables: new Map([...pubs.values()].map((p) => [p.id, p.tableIds])) };
}

/**
 * The categories of `table` to combine so that the category of global key `key` is no longer printed
 * alone: every category below the threshold in some column, that one, and "other" when the table has it;
 * at least two (else the smallest other category is added). Null when the table does not add up, `key` is
 * not one of its categories, or every category would be combined.
 */
function mergeFor(fig: ImpactFigures, ledger: ReturnType<typeof collectCells>, table: string, key: string, threshold: number): string[] | null {
  const prefixes = MERGEABLE_TABLES[table];
  if (!prefixes) return null;
  const measure = key.split('|').slice(2).join('|');
  const prefix = prefixes.find((q) => measure.startsWith(q));
  if (!prefix) return null;
  const target = measure.slice(prefix.length);
  if (target.startsWith('merged:')) return null;
  const max = new Map<string, number>();
  const min = new Map<string, number>();
  for (const y of publicationPeriods(fig)) {
    for (const q of prefixes) {
      const head = `${y.key}|${q}`;
      for (const [k, i] of ledger.index) {
        if (!k.startsWith(head)) continue;
        const code = k.slice(head.length);
        if (code.includes('|') || code.startsWith('merged:')) continue;
        const v = ledger.values[i];
        max.set(code, Math.max(max.get(code) ?? 0, v));
        min.set(code, Math.min(min.get(code) ?? Infinity, v));
      }
    }
  }
  const codes = [...max.keys()];
  if (!codes.includes(target)) return null;
  const merge = new Set(codes.filter((c) => (min.get(c) ?? 0) < threshold));
  merge.add(target);
  if (codes.includes('other')) merge.add('other');
  if (merge.size < 2) {
    const rest = codes.filter((c) => !merge.has(c)).sort((a, b) => max.get(a)! - max.get(b)! || a.localeCompare(b));
    if (rest.length) merge.add(rest[0]);
  }
  if (merge.size < 2 || merge.size >= codes.length) return null;
  return codes.filter((c) => merge.has(c));
}

/**
 * The note after "N more hidden to protect them" on the CLI's disclosure line: counts hidden or left out on the
 * way and printed at the end — again once the audit passed (an evaluation's redundant suppression), or because
 * the printed counts give them exactly (`counts.determinedPrinted`). Empty when there are none.
 */
export function reprintedNote(c: Pick<PublicationSetProtection['counts'], 'reprinted' | 'determinedPrinted'>): string {
  const parts = [
    ...(c.reprinted ? [`${c.reprinted} printed again once the audit passed: they protected nothing`] : []),
    ...(c.determinedPrinted ? [`${c.determinedPrinted} printed as the other printed counts give ${c.determinedPrinted === 1 ? 'it' : 'them'} exactly`] : []),
  ];
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/**
 * What the fallback changed, as lines for the command's output (publication ids and table ids; names of
 * categories as their codes; never a count).
 * Tables the restore pass printed as before (`restored`, {@link restoreFallbackSteps}) get one line each, and so do
 * site or region lists it printed with fewer rows left out than the fallback did (the rows printed again).
 * @example fallbackLines([{ publication: 'site:S1|2024', table: 'verwijzers', action: 'merged', categories: ['other', 'school'] }]) // ['  combined in site:S1|2024, table "verwijzers": other, school (their counts could not be protected apart)']
 */
export function fallbackLines(steps: readonly FallbackStep[], restored: readonly FallbackStep[] = []): string[] {
  return [
    ...steps.map((s) =>
      s.action === 'merged'
        ? `  combined in ${s.publication}, table "${s.table}": ${s.categories!.join(', ')} (their counts could not be protected apart)`
        : s.action === 'rows left out'
          ? `  left out of ${s.publication}, table "${s.table}": the rows of ${s.rows!.join(', ')} (they cannot be published without disclosing small counts; the total still counts them)`
          : `  left out of ${s.publication}: table "${s.table}" (it cannot be published without disclosing small counts)`,
    ),
    // a table restored only part of the way (left out, combined again) is described by the step kept above
    ...[...new Set(restored.filter((r) => !steps.some((s) => s.publication === r.publication && s.table === r.table)).map((s) => `${s.publication}#${s.table}`))].map((place) => {
      const at = place.lastIndexOf('#');
      return `  restored in ${place.slice(0, at)}: table "${place.slice(at + 1)}" as printed before the fallback (a later change protects its counts)`;
    }),
    // a list that leaves out fewer rows than the fallback did: the rows printed again (one line per list)
    ...[...new Set(steps.filter((s) => s.action === 'rows left out').map((s) => `${s.publication}#${s.table}`))].flatMap((place) => {
      const of = (list: readonly FallbackStep[]) => list.filter((s) => `${s.publication}#${s.table}` === place).flatMap((s) => s.rows ?? []);
      const still = new Set(of(steps));
      const again = [...new Set(of(restored))].filter((r) => !still.has(r)).sort();
      const at = place.lastIndexOf('#');
      return again.length ? [`  printed again in ${place.slice(0, at)}, table "${place.slice(at + 1)}": the rows of ${again.join(', ')} (their counts are protected with the other rows left out)`] : [];
    }),
  ];
}

/**
 * Adjacent ordered classes to combine (durations, children's ages) so that the class of global key `key` is
 * no longer printed alone: that class and the neighbour with the smaller count (in every column), or, when
 * the table already combines classes (`current`) and `key` is that class or beside it, one class more. At
 * least two classes stay apart; null when that is not possible or `key` is no class the table prints.
 */
function mergeAdjacentFor(ledger: ReturnType<typeof collectCells>, table: string, key: string, current: readonly string[] | undefined): string[] | null {
  const b = ORDERED_TABLES[table];
  const base = ledger.tails.get(b) ?? [...ORDERED_BREAKDOWNS[b]];
  const prefix = MERGEABLE_TABLES[table][0];
  const measure = key.split('|').slice(2).join('|');
  if (!measure.startsWith(prefix)) return null;
  const target = measure.slice(prefix.length);
  // the classes as printed now: the combined run as one class
  const runs: string[][] = [];
  for (const c of base) {
    if (current?.includes(c)) {
      if (c === current[0]) runs.push([...current]);
    } else runs.push([c]);
  }
  const at = runs.findIndex((r) => (r.length > 1 ? layoutMergedCode(table, r) === target || r.includes(target) : r[0] === target));
  if (at < 0) return null;
  // largest count of a run over every column of the publication
  const size = (r: string[]) => {
    let m = 0;
    for (const [k, i] of ledger.index) {
      const bar = k.indexOf('|');
      if (r.some((c) => k.slice(bar + 1) === prefix + c)) m = Math.max(m, ledger.values[i]);
    }
    return m;
  };
  const neighbours = [at - 1, at + 1].filter((j) => j >= 0 && j < runs.length);
  if (neighbours.length === 0 || runs.length <= 2) return null;
  const j = neighbours.sort((x, y) => size(runs[x]) - size(runs[y]) || x - y)[0];
  const merged = base.filter((c) => runs[at].includes(c) || runs[j].includes(c));
  // one combined run per table: a second run elsewhere would undo the first (the table is left out instead)
  return current && !current.every((c) => merged.includes(c)) ? null : merged;
}

function dedupeSites(sites: ReadonlyArray<{ siteId: string; region: string }>): Array<{ siteId: string; region: string }> {
  const seen = new Map<string, string>();
  for (const s of sites) seen.set(s.siteId, s.region);
  return [...seen].map(([siteId, region]) => ({ siteId, region }));
}

/**
 * Throws a {@link DisclosureError} naming every table and cell (scope, table, row, column; never a
 * value) whose hidden count the audit could not prove protected. `figs` are the publications whose
 * cells are named (usually the whole set).
 */
export function assertPublishable(protection: PublicationSetProtection, figs: ImpactFigures[], evaluations: LocalEvaluation[] = []): void {
  const differences = protection.differenceKeys ?? [];
  if (protection.failingKeys.length === 0 && differences.length === 0) return;
  const failing = new Set([...protection.failingKeys, ...differences]);
  const model = protection.model;
  const isFailing = (k: string) => failing.has(k) || (model.index.has(k) && failing.has(model.keys[model.index.get(k)!]));
  /** The failing keys some place below names (a printed cell, a difference, a window). */
  const named = new Set<string>();
  const name = (k: string) => named.add(failing.has(k) ? k : model.keys[model.index.get(k)!]);
  const places: string[] = [];
  for (const fig of figs) {
    const pub = publishFigures(fig, { lang: 'en', threshold: protection.threshold, decisions: protection });
    for (const [k, where] of publishedCellPlaces(pub)) {
      if (!isFailing(k)) continue;
      name(k);
      for (const w of where) places.push(`${pub.scopeLabel} ${pub.periodLabel}: ${w}`);
    }
  }
  for (const ev of evaluations) {
    const pub = publishLocalEvaluation(ev, { lang: 'en', threshold: protection.threshold, decisions: protection });
    for (const [k, where] of publishedCellPlaces(pub)) {
      if (!isFailing(k)) continue;
      name(k);
      for (const w of where) places.push(`evaluation Home-Start ${ev.siteName} ${periodLabel({ from: ev.from, to: ev.to }, 'en')}: ${w}`);
    }
  }
  // a difference of two printed periods is not printed anywhere: name the two counts a reader subtracts;
  // a window between printed periods likewise (its count follows from the periods around it)
  for (const k of failing) {
    const m = /^([^|]+)\|([^|<]+)<([^|]+)\|diff:(.+)$/.exec(k);
    if (m) places.push(`the difference of ${m[4]} between the periods ${m[3]} and ${m[2]} (${m[1]})`);
    const w = /^([^|]+)\|([^|]+)\|(?:window|seg):(.+)$/.exec(k);
    if (w) places.push(`${w[3]} in the window ${w[2].replace('_', ' to ')} (${w[1]}), which no file prints but follows from the printed periods around it`);
    // reach windows (publication.ts addReachWindowCells): units reached in a window, or in one period and not another
    const r = /^([^|]+)\|([^|]+)\|win:(.+)$/.exec(k);
    if (r) places.push(`${r[3]} reached in the window ${r[2].replace('_', ' to ')} (${r[1]}), which no file prints but follows from the printed periods that overlap there`);
    const n = /^([^|]+)\|([^|~]+)~([^|]+)\|not:(.+)$/.exec(k);
    if (n) places.push(`${n[4]} reached in ${n[2].replace('_', ' to ')} and not in ${n[3].replace('_', ' to ')} (${n[1]}), which no file prints but follows from the printed periods`);
    if (m || w || r || n) named.add(k);
  }
  // a failing count no file of `figs` prints (a row left out of a site list, a withdrawn publication's count, a
  // count of the ledger's earlier files): named by its key (scope, period, measure; never a value)
  for (const k of failing) if (!named.has(k)) places.push(`${k}, which no file of this set prints but follows from the printed counts`);
  const shown = places.slice(0, 25);
  const what = [
    protection.failingKeys.length ? `${protection.failingKeys.length} hidden count(s) could be narrowed down by a reader holding every published file` : '',
    differences.length ? `${differences.length} printed count(s) of a period differ from a printed period inside it by a small count of a window that is not published (a reader subtracts them)` : '',
  ].filter(Boolean).join(', and ');
  throw new DisclosureError(
    `publication refused: ${what}, ` +
      `and no further suppression protects them; no file was written. Cells: ${shown.join('; ')}${places.length > shown.length ? `; … and ${places.length - shown.length} more places` : ''}. ` +
      (protection.fallback?.length || protection.withdrawn?.length
        ? `Combining categories and leaving tables out did not protect them either (tried: ${[triedSteps(protection.fallback ?? []), ...(protection.withdrawn ?? []).map((w) => `withdrawn ${w.publication}, as ${w.reason}`)].filter(Boolean).join('; ')}): what is already published gives them away; publish a coarser scope`
        : 'Merge small categories or leave the table out, or publish a coarser scope') +
      `${differences.length ? ', or choose a period that does not end or start a few days from a published one' : ''}.`,
    places,
  );
}

function triedSteps(steps: readonly FallbackStep[]): string {
  return steps.map((f) => (f.action === 'merged' ? `combined ${f.publication} "${f.table}"` : f.action === 'rows left out' ? `left out rows ${f.rows!.join(', ')} of ${f.publication} "${f.table}"` : `left out ${f.publication} "${f.table}"`)).join('; ');
}

/** The id of a publication as the ledger records it: `<scope>|<period key>` (`site:S1|2024`, `nat|2018-03-01_2021-06-30`). */
export function publicationId(fig: ImpactFigures): string {
  return `${scopeKey(fig.scope)}|${fig.key}`;
}

/**
 * The figures of every publication of a set: national, every region and every site, for each year
 * (a number) or period ({@link ImpactPeriod}).
 * @example publicationSetFigures(data, [2025]).length // 1 + regions + sites
 */
export function publicationSetFigures(data: RegistrationData, years: Array<number | ImpactPeriod>, options: { referenceDate?: string; volunteerHoursPerWeek?: number } = {}): ImpactFigures[] {
  const regions = [...new Set(data.sites.map((s) => s.region))].sort((a, b) => a.localeCompare(b));
  const figs: ImpactFigures[] = [];
  for (const year of years) {
    const base = { ...(typeof year === 'number' ? { year } : { period: year }), referenceDate: options.referenceDate, volunteerHoursPerWeek: options.volunteerHoursPerWeek };
    figs.push(computeFigures(data, base));
    for (const region of regions) figs.push(computeFigures(data, { ...base, scope: { level: 'region', region } }));
    for (const s of data.sites) figs.push(computeFigures(data, { ...base, scope: { level: 'site', siteId: s.siteId } }));
  }
  return figs;
}

/**
 * Which of the `candidates` (cells not known) the known cells give exactly through the equalities among the
 * relations (lo = hi): x_c is determined when e_c is a linear combination of the equalities' rows over the
 * cells not known (Gaussian elimination, `linearCombination`) — a reader subtracts the same rows (an
 * evaluation's children aged 0–3: 43 in all less the 28 aged 4 and older, each total the sum of the finer age
 * classes in the model). Per candidate only the equalities reached from it through cells not known, up to
 * `maxUnknowns` of them (a smaller system determines less, never wrongly). A candidate whose value from the
 * combination is not its own (within 1e-6) is not taken (a safeguard; the relations hold on the data).
 * @example determinedCounts([{ vars: [0, 1, 2], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' }], [15, 28, 43], Uint8Array.of(0, 1, 1), [0]) // [0]
 */
export function determinedCounts(relations: ReadonlyArray<LinearRelation>, values: ArrayLike<number>, known: Uint8Array, candidates: Iterable<number>, maxUnknowns = 300): number[] {
  const equalities = relations.filter((r) => r.lo === r.hi && Number.isFinite(r.lo));
  const eqOf = new Map<number, number[]>();
  equalities.forEach((r, k) => {
    for (const v of r.vars) if (!known[v]) (eqOf.get(v) ?? eqOf.set(v, []).get(v)!).push(k);
  });
  const found: number[] = [];
  for (const c of candidates) {
    if (known[c] || !eqOf.has(c)) continue;
    // the equalities reached from c through cells not known
    const col = new Map<number, number>([[c, 0]]);
    const rows = new Set<number>();
    const queue = [c];
    while (queue.length && col.size <= maxUnknowns) {
      for (const k of eqOf.get(queue.shift()!) ?? []) {
        if (rows.has(k)) continue;
        rows.add(k);
        for (const v of equalities[k].vars) if (!known[v] && !col.has(v)) (col.set(v, col.size), queue.push(v));
      }
    }
    const list = [...rows];
    const dense = list.map((k) => {
      const row = new Array<number>(col.size).fill(0);
      equalities[k].vars.forEach((v, q) => !known[v] && (row[col.get(v)!] += equalities[k].coefs[q]));
      return row;
    });
    const target = new Array<number>(col.size).fill(0);
    target[0] = 1;
    const y = linearCombination(dense, target);
    if (!y) continue;
    // x_c = Σ_k y_k (lo_k − Σ over the known cells of the row)
    let x = 0;
    list.forEach((k, j) => {
      if (y[j] === 0) return;
      const r = equalities[k];
      let rest = r.lo;
      r.vars.forEach((v, q) => known[v] && (rest -= r.coefs[q] * values[v]));
      x += y[j] * rest;
    });
    if (Math.abs(x - values[c]) <= 1e-6) found.push(c);
  }
  return found;
}
