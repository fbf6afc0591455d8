/**
 * Shared test fixtures for the disclosure tests: a real-shaped subset of the national sample (a few of its
 * sites, every record of those sites), and the published JSON files of a written folder (what a reader holds).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistrationData } from '../../src/impact/index.js';

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
