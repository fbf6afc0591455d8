/**
 * The suppression ledger: the record of what was published, so that a count hidden in an earlier
 * publication stays hidden when it appears again (next year's previous-year column, the history
 * table, another scope), and a count printed plainly before is treated as public.
 *
 * Where: `suppression-ledger.json` in the report's output folder (the `report` command's default;
 * `--ledger FILE` points elsewhere). Keep it with the office's records; it holds no counts, only which
 * cells were hidden, but it names sites by their pseudonymous id and is not meant for publication.
 *
 * Format (JSON, version 1):
 * ```json
 * { "format": "homestart-impact suppression ledger", "version": 1, "threshold": 5, "zeroHidden": true,
 *   "publications": [{ "id": "site:S001|2024", "referenceDate": "2025-03-31", "written": "2025-04-02" }],
 *   "hidden": { "site:S001|2024|fam.active": "<5", "reg:Noord|2024|ref.school": "x" } }
 * ```
 * `id` is `<scope>|<period>` (scope `nat`, `reg:<region>`, `site:<siteId>`; period the year, `2024`, or
 * any other period as `<from>_<to>`, `2018-03-01_2021-06-30` — see `periodKey`); the keys of `hidden`
 * are the global cell keys of publication.ts (`<scope>|<period>|<measure>`). A ledger written before
 * periods existed holds only years and is read unchanged.
 *
 * A cell marked "." (left out) is left out again by the next run ({@link ledgerDecisions}); every other
 * hidden cell is hidden again. `zerosPrinted` (optional) lists the zeros the zero rule hides but the run
 * printed because every solution of the published set pins them to 0; the next run checks them first
 * and prints them again while they are still pinned.
 *
 * `layouts` (optional) records, per publication id, the categories printed as one combined row, the rows
 * left out of the site or region list, and the tables left out (publication.ts `PublicationLayout`;
 * disclosure.ts `protectPublicationSetWithFallback`):
 * `{ "site:S050|2024-07-01_2025-06-30": { "merged": { "verwijzers": ["childcare", "other", "school"] },
 * "leftOut": ["vrijwilligers-gender"] }, "nat|2024-07-01_2025-06-30": { "leftOutRows": { "locaties": ["site:S043"] } } }`.
 * The next run prints those publications the same way — as earlier publications in the model, and when the
 * same publication is written again.
 *
 * The audit's proofs are not kept here but in a private cache outside the output folder (audit-cache.ts).
 *
 * Rebuild it from the data: run `report` for every year and period published so far, oldest first, with the same
 * threshold and zero rule and the same `--ledger` file; each run adds its publications and hidden cells.
 * (With the same data and reference dates this reproduces the original decisions.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { ensureDir, writeFileAtomic } from '../util/atomic-write.js';
import { dirname } from 'node:path';
import { StatsError } from '../stats/result.js';
import type { PublicationSetProtection } from './disclosure.js';
import { keyPeriod, periodYear, type ImpactFigures, type ImpactPeriod, type ImpactScope } from './figures.js';
import { scopeKey, type OpenEndedTails, type PublicationLayout } from './publication.js';

export const LEDGER_FILE = 'suppression-ledger.json';

/** The end of a local evaluation's publication id: `site:S1|2018-03-01_2021-06-30#local` (local-evaluation.ts). */
export const LOCAL_SUFFIX = '#local';
const FORMAT = 'homestart-impact suppression ledger';

export interface LedgerPublication {
  /** `<scope>|<period>` (`site:S1|2024`, `nat|2018-03-01_2021-06-30`). */
  id: string;
  referenceDate: string;
  /** Date the publication was written (YYYY-MM-DD). */
  written: string;
  /**
   * The open-ended classes it printed merged (`{ "dur": "15+" }`; `{}`: none), as the set decided them
   * (publication.ts `decideOpenEndedTails`). Absent in ledgers written before that rule: the publication's
   * own columns decided then.
   */
  tails?: OpenEndedTails;
}

export interface SuppressionLedger {
  format: typeof FORMAT;
  version: 1;
  threshold: number;
  zeroHidden: boolean;
  publications: LedgerPublication[];
  /**
   * Global cell key → the mark printed ("<5", "x", or "." for a cell left out; "x." for a cell printed
   * "x" in an earlier publication and left out since).
   */
  hidden: Record<string, string>;
  /**
   * Global keys of zeros the zero rule hides but the run printed, because every solution of the
   * published set pins them to 0 (optional; a ledger without it is read as an empty list).
   */
  zerosPrinted?: string[];
  /** Publication id → categories combined, rows and tables left out (optional; absent = every table as is). */
  layouts?: Record<string, PublicationLayout>;
}

/** An empty ledger. */
export function emptyLedger(threshold: number, zeroHidden: boolean): SuppressionLedger {
  return { format: FORMAT, version: 1, threshold, zeroHidden, publications: [], hidden: {} };
}

/** Reads a ledger file; null when the file does not exist. Throws a sentence naming the file when it is not a ledger. */
export function readLedger(path: string): SuppressionLedger | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new StatsError(`${path} is not valid JSON; a suppression ledger is a JSON file written by the report command.`);
  }
  const l = raw as Partial<SuppressionLedger>;
  if (!l || l.format !== FORMAT || l.version !== 1 || typeof l.threshold !== 'number' || !Array.isArray(l.publications) || typeof l.hidden !== 'object' || l.hidden === null) {
    throw new StatsError(`${path} is not a suppression ledger (format "${FORMAT}", version 1).`);
  }
  const zerosPrinted = Array.isArray(l.zerosPrinted) ? l.zerosPrinted.filter((k): k is string => typeof k === 'string') : [];
  const layouts = readLayouts(l.layouts, path);
  return { format: FORMAT, version: 1, threshold: l.threshold, zeroHidden: l.zeroHidden === true, publications: l.publications, hidden: l.hidden, ...(zerosPrinted.length ? { zerosPrinted } : {}), ...(Object.keys(layouts).length ? { layouts } : {}) };
}

/** The ledger's `layouts`, checked: table ids and category codes are strings; anything else is refused with a sentence. */
function readLayouts(raw: unknown, path: string): Record<string, PublicationLayout> {
  if (raw === undefined) return {};
  const bad = () => new StatsError(`${path}: "layouts" must map publication ids to { "merged": { table: [categories] }, "leftOut": [tables], "leftOutRows": { table: [rows] } }.`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad();
  const out: Record<string, PublicationLayout> = {};
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((c) => typeof c === 'string');
  for (const [id, l] of Object.entries(raw as Record<string, unknown>)) {
    const { merged, leftOut, leftOutRows } = (l ?? {}) as { merged?: unknown; leftOut?: unknown; leftOutRows?: unknown };
    if (typeof l !== 'object' || l === null || (leftOut !== undefined && !strings(leftOut))) throw bad();
    for (const byTable of [merged, leftOutRows]) if (byTable !== undefined && (typeof byTable !== 'object' || byTable === null || Array.isArray(byTable) || !Object.values(byTable).every(strings))) throw bad();
    out[id] = { ...(merged ? { merged: merged as Record<string, string[]> } : {}), ...(leftOut ? { leftOut: leftOut as string[] } : {}), ...(leftOutRows ? { leftOutRows: leftOutRows as Record<string, string[]> } : {}) };
  }
  return out;
}

/**
 * The ledger as options of `protectPublicationSet`: every cell hidden before (hidden again), the
 * cells left out before (".": left out again) and the zeros printed before because the set pinned them
 * to 0 (printed again when still pinned).
 * @example ledgerDecisions(emptyLedger(5, true)).layouts // {}
 */
export function ledgerDecisions(ledger: SuppressionLedger | null): { hiddenBefore: string[]; withheldBefore: string[]; atLeastBefore: string[]; zerosPrintedBefore: string[]; layouts: Record<string, PublicationLayout>; tailsBefore: Map<string, OpenEndedTails> } {
  const hidden = ledger ? Object.keys(ledger.hidden) : [];
  const mark = (k: string) => ledger!.hidden[k];
  const tailsBefore = new Map<string, OpenEndedTails>();
  for (const p of ledger?.publications ?? []) {
    if (p.tails && typeof p.tails === 'object') tailsBefore.set(p.id, Object.fromEntries(Object.entries(p.tails).filter(([b, c]) => (b === 'dur' || b === 'age') && typeof c === 'string')) as OpenEndedTails);
  }
  return {
    tailsBefore,
    hiddenBefore: hidden,
    withheldBefore: hidden.filter((k) => mark(k) === '.' || mark(k) === WITHHELD_AFTER_X),
    atLeastBefore: hidden.filter((k) => mark(k) === 'x' || mark(k) === WITHHELD_AFTER_X),
    zerosPrintedBefore: ledger?.zerosPrinted ?? [],
    layouts: ledger?.layouts ?? {},
  };
}

/**
 * The ledger's mark of a count printed as "x" in an earlier publication and left out (".") since: the
 * earlier file still tells a reader it is at least the threshold, so the audit keeps that bound.
 */
export const WITHHELD_AFTER_X = 'x.';

/** Writes a ledger file (creating its folder). */
export function writeLedger(path: string, ledger: SuppressionLedger): void {
  ensureDir(dirname(path));
  const hidden: Record<string, string> = {};
  for (const k of Object.keys(ledger.hidden).sort()) hidden[k] = ledger.hidden[k];
  const zerosPrinted = ledger.zerosPrinted?.length ? { zerosPrinted: [...ledger.zerosPrinted].sort() } : {};
  writeFileAtomic(path, JSON.stringify({ ...ledger, hidden, ...zerosPrinted }, null, 1) + '\n');
}

/**
 * The scope and period of a ledger publication id (`<scope>|<year>` or `<scope>|<from>_<to>`); a local
 * evaluation's id ends in `#local` (`site:S1|2018-03-01_2021-06-30#local`, `local` true).
 * @example parsePublicationId('site:S1|2018-03-01_2021-06-30').period // { from: '2018-03-01', to: '2021-06-30' }
 */
export function parsePublicationId(publicationId: string): { scope: ImpactScope; period: ImpactPeriod; key: string; year: number | null; local: boolean } {
  const local = publicationId.endsWith(LOCAL_SUFFIX);
  const id = local ? publicationId.slice(0, -LOCAL_SUFFIX.length) : publicationId;
  const m = /^(nat|reg:(.+)|site:(.+))\|(\d{4}|\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})$/.exec(id);
  const period = m ? keyPeriod(m[4]) : null;
  if (!m || !period) throw new StatsError(`the ledger names a publication "${id}" that is not <scope>|<year> or <scope>|<from>_<to>.`);
  const scope: ImpactScope = m[1] === 'nat' ? { level: 'national' } : m[2] !== undefined ? { level: 'region', region: m[2] } : { level: 'site', siteId: m[3] };
  if (local && scope.level !== 'site') throw new StatsError(`the ledger names a local evaluation "${publicationId}" that is not of a site.`);
  return { scope, period, key: m[4], year: periodYear(period), local };
}

/** The ledger after writing `written` publications of a protected set: their ids, and every hidden cell of the set. */
export function updateLedger(
  prev: SuppressionLedger | null,
  protection: PublicationSetProtection,
  written: Array<Pick<ImpactFigures, 'scope' | 'key' | 'referenceDate'>>,
  today = new Date().toISOString().slice(0, 10),
): SuppressionLedger {
  const l = prev ? { ...prev, publications: [...prev.publications], hidden: { ...prev.hidden } } : emptyLedger(protection.threshold, protection.zeroHidden);
  if (l.threshold !== protection.threshold) throw new StatsError(`the ledger was kept with threshold ${l.threshold}; this run used ${protection.threshold}. Use the same threshold for every publication of a data set.`);
  l.zeroHidden = l.zeroHidden || protection.zeroHidden;
  const ids = new Set(l.publications.map((p) => p.id));
  for (const f of written) {
    const id = `${scopeKey(f.scope)}|${f.key}`;
    if (ids.has(id)) continue;
    ids.add(id);
    const tails = protection.openEndedTails?.(id);
    l.publications.push({ id, referenceDate: f.referenceDate, written: today, ...(tails ? { tails: { ...tails } } : {}) });
  }
  const { model, status, threshold } = protection;
  for (let i = 0; i < model.keys.length; i++) {
    if (!model.printed[i]) continue; // cells of the model no publication prints (e.g. differences of periods)
    if (status[i] === 'primary') l.hidden[model.keys[i]] = `<${threshold}`;
    else if (status[i] === 'secondary') l.hidden[model.keys[i]] = 'x';
  }
  for (const i of protection.withheld) {
    const k = model.keys[i];
    const before = prev?.hidden[k];
    l.hidden[k] = before === 'x' || before === WITHHELD_AFTER_X ? WITHHELD_AFTER_X : '.';
  }
  // the layout of each publication written now (categories combined, tables left out), kept for the next run
  const layouts = { ...(prev?.layouts ?? {}) };
  for (const f of written) {
    const id = `${scopeKey(f.scope)}|${f.key}`;
    const layout = protection.layouts?.[id];
    if (layout && (Object.keys(layout.merged ?? {}).length || layout.leftOut?.length || Object.keys(layout.leftOutRows ?? {}).length)) layouts[id] = layout;
  }
  if (Object.keys(layouts).length) l.layouts = layouts;
  const zeros = new Set(prev?.zerosPrinted ?? []);
  for (const i of protection.revealedZeros ?? []) zeros.add(model.keys[i]);
  const zerosPrinted = [...zeros].filter((k) => !(k in l.hidden)).sort();
  if (zerosPrinted.length) l.zerosPrinted = zerosPrinted;
  else delete l.zerosPrinted;
  return l;
}
