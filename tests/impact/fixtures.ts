/**
 * Shared test fixtures for the disclosure tests: a real-shaped subset of the national sample (a few of its
 * sites, every record of those sites), and the published JSON files of a written folder (what a reader holds).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
