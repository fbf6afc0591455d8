import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures } from '../src/impact/disclosure.js';
import { attack, type PublishedJson } from '../tests/impact/attacker.js';
const REF = '2025-12-31';
const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
function subset(data: RegistrationData, siteIds: string[]): RegistrationData { const keep = new Set(siteIds); return { sites: data.sites.filter((s) => keep.has(s.siteId)), families: data.families.filter((f) => keep.has(f.siteId)), volunteers: data.volunteers.filter((v) => keep.has(v.siteId)), trajectories: data.trajectories.filter((t) => keep.has(t.siteId)) }; }
const regions = [...new Set(national.sites.map((s) => s.region))].sort();
const ids: string[] = []; [3, 2].forEach((k, r) => ids.push(...national.sites.filter((s) => s.region === regions[r]).slice(0, k).map((s) => s.siteId)));
const data = subset(national, ids);
const figs = publicationSetFigures(data, [2024, 2025], { referenceDate: REF });
const p = await protectPublicationSet(figs, { sites: data.sites });
console.log(JSON.stringify(p.counts), p.rounds, p.lps, p.failingKeys.slice(0, 5));
const files = figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })) as unknown as PublishedJson);
const res = await attack(files);
console.log('attacker hidden', res.hidden, 'narrowed', res.narrowed.length);
for (const n of res.narrowed.slice(0, 30)) console.log(JSON.stringify(n));
for (const k of p.failingKeys.slice(0, 2)) { const i = p.model.index.get(k)!; console.log(k, p.model.values[i], p.status[i], JSON.stringify(p.cellAudits.get(i)));
  for (const r of p.model.relations.filter((r) => r.vars.includes(i))) console.log(r.kind, r.vars.map((v, q) => `${r.coefs[q] > 0 ? '+' : '-'}${p.model.keys[v]}=${p.model.values[v]}/${p.status[v]}`).join(' ')); }
const tot = p.model.index.get('site:S008|2023|fam.intake.not-supported')!;
for (const r of p.model.relations.filter((r) => r.vars.includes(tot))) console.log('T', r.kind, r.vars.map((v, q) => `${r.coefs[q] > 0 ? '+' : '-'}${p.model.keys[v]}=${p.model.values[v]}/${p.status[v]}`).join(' '));
import { auditHiddenCells } from '../src/impact/audit.js';
const target = p.model.index.get(p.failingKeys[0])!;
for (const drop of ['none', 'subset', 'scope-sum', 'sum']) {
  const rel = p.model.relations.filter((r) => r.kind !== drop);
  const r = await auditHiddenCells({ values: p.model.values, status: p.status, relations: rel, threshold: 5, zeroHidden: true, only: [target] });
  console.log('drop', drop, JSON.stringify(r.cells[0]));
}
// which single relation matters
const rels = p.model.relations;
const touching = rels.map((r, k) => k);
