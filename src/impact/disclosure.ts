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
 *     × 10⁶ for a national cell, so the large totals of high scopes are hidden last.
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
import { auditHiddenCells, type AuditStatus, type CellAudit } from './audit.js';
import type { AuditProofs } from './audit-cache.js';
import { computeFigures, periodFiguresWithFamilies, periodLabel, type ImpactFigures, type ImpactPeriod, type ImpactScope } from './figures.js';
import type { RegistrationData } from './types.js';
import { addPeriodDifferenceCells, addPeriodSegmentCells, buildPublicationModel, decideOpenEndedTails, ownOpenEndedTails, publicationPeriods, type OpenEndedTails, periodCounts, collectPublicationCells as collectCells, periodDifferenceLeaks, globalKey, regionHierarchy, scopeKey, type PublicationCells, type PublicationModel } from './publication.js';
import { collectLocalEvaluationCells, localEvaluationLinks, publishLocalEvaluation, type LocalEvaluation } from './local-evaluation.js';
import { publishFigures, publishedCellPlaces, type PublicationDecisions } from './report.js';
import type { CellStatus } from './suppression.js';

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
   * The open-ended classes earlier publications printed merged (the ledger's `tails`, by publication id):
   * their cells as they were printed. An earlier publication without an entry is taken as its own columns
   * decide (the rule of ledgers written before the set-wide decision).
   */
  tailsBefore?: ReadonlyMap<string, OpenEndedTails>;
}

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
  counts: { printed: number; primary: number; zerosHidden: number; zerosRevealed: number; withheld: number; secondaryLineRule: number; secondaryAudit: number; secondaryLedger: number; hidden: number; provedProtected: number; integerWitness: number; failing: number; differencesProtected: number };
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
  const allShown: PublicationDecisions = { threshold, zeroHidden: false, statusOf: () => undefined, unprotected: 0, openEndedTails };
  const annual: PublicationCells[] = [...figs, ...earlier].map((fig) => {
    const pub = publishFigures(fig, { lang: 'en', threshold, decisions: allShown });
    const ledger = collectCells(fig, threshold, tails.get(publicationId(fig)));
    // a small class merged into an open-ended class is not printed, but the rule tells a reader it is
    // small: it is a "<t" of the model (label bounds, and the audit must keep it anywhere in its range)
    const implied = ledger.implied.map((k) => globalKey(fig.scope, k));
    return { fig, ledger, printed: new Set([...publishedCellPlaces(pub).keys(), ...implied]) };
  });
  const years = [...new Set([...figs, ...earlier].flatMap((f) => [f.current, ...f.history].map((h) => h.year).filter((y): y is number => y !== null)))];
  const evsNow = options.evaluations ?? [];
  const evsBefore = options.evaluationsBefore ?? [];
  const local: PublicationCells[] = [...evsNow, ...evsBefore].map((ev) => {
    const ledger = collectLocalEvaluationCells(ev, threshold);
    const pub = publishLocalEvaluation(ev, { lang: 'en', threshold, decisions: allShown });
    const implied = ledger.implied.map((k) => globalKey({ level: 'site', siteId: ev.siteId }, k));
    return { fig: { scope: { level: 'site', siteId: ev.siteId }, key: ev.key }, ledger, printed: new Set([...publishedCellPlaces(pub).keys(), ...implied]), links: localEvaluationLinks(ev, ledger, years) };
  });
  // this run's publications first, then the earlier ones (whose plainly printed counts are public)
  const cells = [...annual.slice(0, figs.length), ...local.slice(0, evsNow.length), ...annual.slice(figs.length), ...local.slice(evsNow.length)];
  const nowCount = figs.length + evsNow.length;
  const model = buildPublicationModel(cells, regionHierarchy(dedupeSites(sites)));
  // the small counts a reader gets by subtracting printed periods: unprinted cells the audit protects
  const differenceCells = addPeriodDifferenceCells(model, threshold);
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
  }
  const differenceFlags = new Uint8Array(model.keys.length);
  for (const c of differenceCells) differenceFlags[c] = 1;
  options.proofs?.attach(model, threshold);
  const tModel = performance.now();
  const n = model.keys.length;
  const { values, relations, printed } = model;
  const status: AuditStatus[] = printed.map((p) => (p ? 'shown' : 'residual'));
  const fixedShown = new Uint8Array(n);
  const hiddenBefore = new Set(options.hiddenBefore ?? []);
  for (const c of cells.slice(nowCount)) {
    for (const k of c.printed) {
      const i = model.index.get(k);
      if (i !== undefined && !hiddenBefore.has(k)) fixedShown[i] = 1;
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
  const hideZero = (i: number) => {
    if (status[i] === 'shown' && printed[i] && values[i] === 0 && !fixedShown[i] && !pinnedByDefinition[i]) {
      status[i] = 'primary';
      zerosHidden++;
    }
  };
  if (zeros === 'hide') for (let i = 0; i < n; i++) hideZero(i);
  const national = (i: number) => model.keys[i].startsWith('nat|');
  if (zeros === 'auto') {
    for (let i = 0; i < n; i++) if (model.keys[i].startsWith('site:')) hideZero(i);
    for (const r of relations) {
      if (r.kind === 'subset') continue;
      const parts = r.vars.filter((_, q) => r.coefs[q] === 1);
      if (parts.some((v) => status[v] === 'primary' && values[v] > 0)) for (const v of parts) if (!national(v)) hideZero(v);
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
        const tops = r.vars.filter((_, q) => r.coefs[q] === -1);
        const parts = r.vars.filter((_, q) => r.coefs[q] === 1);
        if (!parts.some((v) => status[v] !== 'shown' && values[v] === 0)) continue;
        for (const top of tops) {
          if (status[top] === 'shown' && values[top] === 0 && printed[top] && !fixedShown[top] && !(zeros === 'auto' && national(top))) {
            hideZero(top);
            changed = true;
          }
        }
      }
    }
  }
  // under `auto`, a 0 that a printed 0 pins (every part of an empty total, every subset of an empty
  // set: e.g. a category empty in the whole country is empty at every site) tells nothing the printed
  // 0 does not: print it rather than hide it (hiding it only makes cells beside it look protected when
  // they are not, and costs further suppression), down to the sites, up to a fixed point
  let zerosPinned = 0;
  if (zeros === 'auto' && zerosHidden > 0) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of relations) {
        let top = -1;
        for (let q = 0; q < r.vars.length; q++) if (r.coefs[q] === -1) top = top < 0 ? r.vars[q] : -2;
        if (top < 0 || status[top] !== 'shown' || values[top] !== 0 || r.lo !== (r.kind === 'subset' ? -Infinity : 0)) continue;
        for (let q = 0; q < r.vars.length; q++) {
          const v = r.vars[q];
          if (r.coefs[q] === 1 && status[v] === 'primary' && values[v] === 0 && printed[v]) {
            status[v] = 'shown';
            zerosHidden--;
            zerosPinned++;
            changed = true;
          }
        }
      }
    }
  }
  // the ledger: left out before → left out again; hidden before → hidden again
  const withheld = new Set<number>();
  for (const k of options.withheldBefore ?? []) {
    const i = model.index.get(k);
    if (i === undefined || !printed[i] || status[i] !== 'shown' || values[i] < threshold) continue;
    status[i] = 'residual';
    withheld.add(i);
  }
  // what earlier files told of counts left out now: "x" → at least t
  const atLeast = new Float64Array(n);
  for (const k of options.atLeastBefore ?? []) {
    const i = model.index.get(k);
    if (i !== undefined) atLeast[i] = threshold;
  }
  let secondaryLedger = 0;
  for (const k of hiddenBefore) {
    const i = model.index.get(k);
    if (i === undefined || !printed[i] || status[i] !== 'shown') continue;
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
  // cost of hiding a cell (τ-ARGUS / sdcTable cost weights): its value times a hierarchical weight, so
  // cells of the lowest scope are always preferred to regional ones, and regional ones to national ones
  // (a large national or regional total is the figure a reader needs most and is never itself
  // disclosive); the national key figures weigh most of all, so they are hidden only when no other cell can protect
  const scopeWeight = model.keys.map((k) => (k.startsWith('site:') ? 1 : k.startsWith('reg:') ? 1e3 : KEY_FIGURES.has(k.slice(k.indexOf('|', 4) + 1)) ? 1e9 : 1e6));
  const cost = (i: number) => values[i] * scopeWeight[i];
  // line rule
  let secondaryLineRule = 0;
  const sums = relations.filter((r) => r.kind !== 'subset');
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of sums) {
      let hidden = 0;
      let one = -1;
      for (const v of r.vars) if (status[v] !== 'shown') (hidden++, (one = v));
      // a cell left out before (ledger ".") needs no protection: a sum with only it hidden is left as it is
      if (hidden !== 1 || withheld.has(one)) continue;
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
  const unsure = pinnedBefore.filter((i) => status[i] === 'primary');
  if (unsure.length) {
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, proofs: options.proofs, only: unsure });
    earlyLps = res.lps;
    for (const c of res.cells) {
      if (c.protected || !c.exact || c.hi > 1e-6) continue;
      status[c.cell] = 'shown';
      revealedZeros.add(c.cell);
    }
  }
  // audit and repair
  const relOf: number[][] = Array.from({ length: n }, () => []);
  relations.forEach((r, k) => {
    for (const v of r.vars) relOf[v].push(k);
  });
  const cellAudits = new Map<number, CellAudit>();
  const groupIds = new Map<string, number>();
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = model.keys[i];
    const g = k.slice(0, k.indexOf('|', k.indexOf('|') + 1)); // scope|year
    let id = groupIds.get(g);
    if (id === undefined) groupIds.set(g, (id = groupIds.size));
    group[i] = id;
  }
  const maxRounds = options.maxRounds ?? 60;
  let secondaryAudit = 0;
  let lps = earlyLps;
  let rounds = 0;
  let only: number[] | undefined;
  const hopeless = new Set<number>();
  /** How often the repair has chosen a cell for each failing "<t". */
  const tries = new Map<number, number>();
  let zerosRevealed = zerosPinned + revealedZeros.size;
  const tAudit0 = performance.now();
  const stillFailing = () => [...cellAudits.values()].filter((c) => !c.protected && status[c.cell] !== 'shown').map((c) => c.cell);
  for (;;) {
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, proofs: options.proofs, only, group });
    lps += res.lps;
    for (const c of res.cells) cellAudits.set(c.cell, c);
    // an "x" that is not protected is left out at once rather than protected by hiding more cells
    // (an "x" made of a few "<t" parts can never be t wide: protecting it would hide cell after cell) —
    // unless an earlier file printed it as "x": leaving it out now does not take that file back, so it
    // is repaired like a small count first (and left out only as the last resort below)
    for (const f of stillFailing()) {
      if (status[f] !== 'secondary' || atLeast[f] > 0) continue;
      status[f] = 'residual';
      withheld.add(f);
      cellAudits.delete(f);
    }
    const failing = stillFailing().filter((c) => !hopeless.has(c));
    if (failing.length === 0 || rounds >= maxRounds) break;
    const chosen = new Set<number>();
    // the cheapest printed count ≥ t nearest to f: on f's own relations, else on the relations of the
    // hidden cells beside it, and so on outwards (breadth first through hidden cells). A "<t" pinned by
    // its hidden neighbours (a region's count = Σ of its sites' "<t", each held up by its own table)
    // needs a cell hidden in THEIR tables; the cheapest cell anywhere in its component (the rule before)
    // is usually far away and protects nothing, round after round.
    const nearestCandidate = (f: number): number => {
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
                if (!chosen.has(v) && (best < 0 || cost(v) < cost(best))) best = v;
              } else if (status[v] !== 'shown' && !seen.has(v)) {
                seen.add(v);
                next.push(v);
              }
            }
          }
        }
        if (best >= 0 && (found < 0 || cost(best) < cost(found))) found = best;
        // on f's own relations the cheapest; further out, when the nearest is a regional or national
        // cell, one level more on the first try for f, so that a site cell there is preferred (the cost
        // weights of step 3); on later tries the nearest (a far site cell may protect nothing, and
        // preferring it every round was the 2022–2023 regression again)
        if (found >= 0 && (level === 0 || lookedFurther || scopeWeight[found] === 1 || (tries.get(f) ?? 0) > 0)) return found;
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
    only = [...chosen, ...failing];
  }
  // cells the local LPs could not prove: their exact bounds on the whole component
  let last = stillFailing();
  if (last.length) {
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, proofs: options.proofs, only: last, group });
    lps += res.lps;
    for (const c of res.cells) cellAudits.set(c.cell, c);
    last = stillFailing();
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
      } else cellAudits.set(v, a); // a small count no suppression protects: the set is refused
    }
    last = stillFailing();
    if (!changed || !last.length) break;
    // leaving cells out widened the others' ranges: audit the cells still failing again
    rounds++;
    const res = await auditHiddenCells({ values, status, relations, threshold, zeroHidden, unprinted: differenceFlags, atLeast, proofs: options.proofs, only: last, group });
    lps += res.lps;
    for (const c of res.cells) cellAudits.set(c.cell, c);
    last = stillFailing();
  }
  options.proofs?.settle({ values, status, t: threshold, zeroLo: zeroHidden ? 0 : 1, floor: 1, unprinted: differenceFlags }, cellAudits.keys());
  const tEnd = performance.now();
  // the final verdict: every hidden printed cell's latest audit (components not re-audited kept theirs)
  const failingCells = [...cellAudits.values()].filter((c) => !c.protected && status[c.cell] !== 'shown');
  const hiddenPrinted = status.filter((s, i) => (s === 'primary' || s === 'secondary') && printed[i]).length;
  const proved = [...cellAudits.values()].filter((c) => c.protected && status[c.cell] !== 'shown' && printed[c.cell]);
  const failingKeys = failingCells.map((c) => model.keys[c.cell]);
  // belt and braces: no pair of printed periods may differ by a small count (the difference cells above
  // make the audit protect it; a pair left here refuses the set)
  const isShown = (c: number) => status[c] === 'shown' && !withheld.has(c) && Boolean(model.printed[c]);
  const differenceKeys = periodDifferenceLeaks(model, isShown, threshold).map((d) => model.keys[d.outer]);
  // differences of printed periods the audit proved protected (an unprotected one is in failingKeys)
  const differencesProtected = differenceCells.filter((c) => cellAudits.get(c)?.protected).length;
  const byKey = new Map<string, CellStatus | 'withheld'>();
  for (let i = 0; i < n; i++) if (status[i] === 'primary' || status[i] === 'secondary') byKey.set(model.keys[i], status[i] as CellStatus);
  for (const i of withheld) byKey.set(model.keys[i], 'withheld');
  return {
    threshold,
    zeroHidden,
    statusOf: (k: string) => byKey.get(k),
    openEndedTails,
    unprotected: failingKeys.length,
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
    },
    rounds,
    lps,
    ms: { model: tModel - t0, audit: tEnd - tAudit0, total: tEnd - t0 },
    failingKeys,
    differenceKeys,
    revealedZeros,
  };
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
  const places: string[] = [];
  for (const fig of figs) {
    const pub = publishFigures(fig, { lang: 'en', threshold: protection.threshold, decisions: protection });
    for (const [k, where] of publishedCellPlaces(pub)) {
      if (!failing.has(k)) continue;
      for (const w of where) places.push(`${pub.scopeLabel} ${pub.periodLabel}: ${w}`);
    }
  }
  for (const ev of evaluations) {
    const pub = publishLocalEvaluation(ev, { lang: 'en', threshold: protection.threshold, decisions: protection });
    for (const [k, where] of publishedCellPlaces(pub)) {
      if (!failing.has(k)) continue;
      for (const w of where) places.push(`evaluation Home-Start ${ev.siteName} ${periodLabel({ from: ev.from, to: ev.to }, 'en')}: ${w}`);
    }
  }
  // a difference of two printed periods is not printed anywhere: name the two counts a reader subtracts
  for (const k of failing) {
    const m = /^([^|]+)\|([^|<]+)<([^|]+)\|diff:(.+)$/.exec(k);
    if (m) places.push(`the difference of ${m[4]} between the periods ${m[3]} and ${m[2]} (${m[1]})`);
  }
  const shown = places.slice(0, 25);
  const what = [
    protection.failingKeys.length ? `${protection.failingKeys.length} hidden count(s) could be narrowed down by a reader holding every published file` : '',
    differences.length ? `${differences.length} printed count(s) of a period differ from a printed period inside it by a small count of a window that is not published (a reader subtracts them)` : '',
  ].filter(Boolean).join(', and ');
  throw new DisclosureError(
    `publication refused: ${what}, ` +
      `and no further suppression protects them; no file was written. Cells: ${shown.join('; ')}${places.length > shown.length ? `; … and ${places.length - shown.length} more places` : ''}. ` +
      `Merge small categories or leave the table out, or publish a coarser scope${differences.length ? ', or choose a period that does not end or start a few days from a published one' : ''}.`,
    places,
  );
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
