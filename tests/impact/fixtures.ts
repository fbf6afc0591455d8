/**
 * Shared test fixtures for the disclosure tests: a real-shaped subset of the national sample (a few of its
 * sites, every record of those sites), and the published JSON files of a written folder (what a reader holds).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistration, parsePeriod, type RegistrationData } from '../../src/impact/index.js';
import type { AuditStatus } from '../../src/impact/audit.js';
import type { LinearRelation } from '../../src/impact/publication.js';
import { protectPublicationSetWithFallback, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { computeFigures, type ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, parsePublicationId, updateLedger, type SuppressionLedger } from '../../src/impact/ledger.js';

/** The sites `siteIds` of `data` with all their families, volunteers and trajectories. */
export function siteSubset(data: RegistrationData, siteIds: Iterable<string>): RegistrationData {
  const keep = new Set(siteIds);
  return {
    sites: data.sites.filter((s) => keep.has(s.siteId)),
    families: data.families.filter((f) => keep.has(f.siteId)),
    volunteers: data.volunteers.filter((v) => keep.has(v.siteId)),
    trajectories: data.trajectories.filter((t) => keep.has(t.siteId)),
  };
}

/**
 * The annual reports of `years` written one after the other into one ledger, as the office does (each run with
 * the ledger's decisions and the figures of every publication before it; each must pass): the reports as written,
 * the ledger after them, and the figures of every publication in it (what a later run is given as published before).
 */
export async function annualLedger(
  data: RegistrationData,
  years: number[],
  opts: { referenceDate: string; volunteerHoursPerWeek: number },
): Promise<{ annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }>; ledger: SuppressionLedger; before: ImpactFigures[] }> {
  const annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }> = [];
  let ledger: SuppressionLedger | null = null;
  const publishedIn = (l: SuppressionLedger | null) => (l?.publications ?? []).map((x) => parsePublicationId(x.id)).map((x) => computeFigures(data, { ...opts, period: x.period, scope: x.scope }));
  for (const year of years) {
    const figs = publicationSetFigures(data, [year], opts);
    const p = await protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(ledger), publishedBefore: publishedIn(ledger), sites: data.sites, data });
    if (p.failingKeys.length) throw new Error(`the annual set ${year} does not pass: ${p.failingKeys.length} counts failing`);
    annual.push({ figs, p });
    ledger = updateLedger(ledger, p, figs, '2026-01-01');
  }
  return { annual, ledger: ledger!, before: publishedIn(ledger) };
}

/**
 * The set of the period tests (period-pins, fallback-restore): three Limburg sites of the national sample (Beeksum
 * S046, Holwijk S140, Rosdorp S148), their annual reports 2024 and 2025 written into one ledger
 * ({@link annualLedger}), and the figures of every publication of the period July 2024 – June 2025.
 */
export async function threeSitePeriodSet(): Promise<Awaited<ReturnType<typeof annualLedger>> & { data: RegistrationData; periodFigs: ImpactFigures[] }> {
  const opts = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };
  const data = siteSubset((await loadRegistration('sample-data/registration/national')).data, ['S046', 'S140', 'S148']);
  const written = await annualLedger(data, [2024, 2025], opts);
  return { ...written, data, periodFigs: publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], opts) };
}

/** Every published JSON file under `dir` (sub-folders included; the private ledger left out), sorted. */
export function publishedJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...publishedJsonFiles(p));
    else if (e.endsWith('.json') && !/ledger/.test(e)) out.push(p);
  }
  return out.sort();
}

/** The fields of one CSV line (quotes respected). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) (out.push(cur), (cur = ''));
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Writes the four registration files of the national sample, filtered on site_id (comment lines kept), to `dir` (for the CLI tests). */
export function writeSiteSubset(dir: string, sites: ReadonlySet<string>): void {
  mkdirSync(dir, { recursive: true });
  for (const f of ['sites.csv', 'families.csv', 'volunteers.csv', 'trajectories.csv']) {
    const lines = readFileSync(join('sample-data/registration/national', f), 'utf8').split('\n');
    const out: string[] = [];
    let at = -1;
    for (const line of lines) {
      if (line.startsWith('#') || line === '') out.push(line);
      else if (at < 0) (out.push(line), (at = fields(line).indexOf('site_id')));
      else if (sites.has(fields(line)[at])) out.push(line);
    }
    writeFileSync(join(dir, f), out.join('\n'));
  }
}

/**
 * A ladder of `blocks` blocks of `len` "<5" cells c (values 2, 3, 2, …): c_i + c_{i+1} = 5 printed inside a
 * block; between two blocks a left-out count f (any value ≥ 0) with c_last + c_first − f = printed, so each
 * block moves as a whole (c_i up, c_{i+1} down, …) against the f at its ends. Every block whose number is in
 * `pinned` has its first cell tied to a printed count as well (c + g = 7, g printed): the whole block is
 * then pinned, its cells fail, and the bound of each rests on the relations along the block to that count.
 */
export function ladder(blocks: number, len: number, pinned: Set<number>) {
  const values: number[] = [];
  const status: AuditStatus[] = [];
  const relations: LinearRelation[] = [];
  const cell = (v: number, s: AuditStatus) => (values.push(v), status.push(s), values.length - 1);
  const printed = (v: number) => cell(v, 'shown');
  const targets: number[] = [];
  let prev = -1;
  for (let b = 0; b < blocks; b++) {
    const first = cell(2, 'primary');
    targets.push(first);
    if (prev >= 0) {
      const f = cell(10, 'residual');
      const s = printed(values[prev] + values[first] - 10);
      relations.push({ vars: [prev, first, f, s], coefs: [1, 1, -1, -1], lo: 0, hi: 0, kind: 'sum' });
    }
    if (pinned.has(b)) {
      const g = printed(5);
      const s = printed(7);
      relations.push({ vars: [first, g, s], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' });
    }
    let last = first;
    for (let i = 1; i < len; i++) {
      const c = cell(values[last] === 2 ? 3 : 2, 'primary');
      targets.push(c);
      const s = printed(5);
      relations.push({ vars: [last, c, s], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' });
      last = c;
    }
    prev = last;
  }
  // the ladder's two ends are free too (a left-out count beside each)
  for (const end of [targets[0], prev]) {
    const f = cell(10, 'residual');
    const s = printed(values[end] + 10);
    relations.push({ vars: [end, f, s], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' });
  }
  return { values, status, relations, targets };
}
