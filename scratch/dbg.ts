import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures } from '../src/impact/disclosure.js';
import { attack, type PublishedJson } from '../tests/impact/attacker.js';
const REF = '2025-12-31';
const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
function subset(data: RegistrationData, siteIds: string[]): RegistrationData { const keep = new Set(siteIds); return { sites: data.sites.filter((s) => keep.has(s.siteId)), families: data.families.filter((f) => keep.has(f.siteId)), volunteers: data.volunteers.filter((v) => keep.has(v.siteId)), trajectories: data.trajectories.filter((t) => keep.has(t.siteId)) }; }
const regions = [...new Set(national.sites.map((s) => s.region))].sort();
const per = [Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 2)]; const offset = Number(process.argv[4] ?? 0);
const ids: string[] = []; per.forEach((k, r) => ids.push(...national.sites.filter((s) => s.region === regions[(r + offset) % regions.length]).slice(0, k).map((s) => s.siteId)));
const data = subset(national, ids);
const years = process.argv[5] ? [Number(process.argv[5])] : [2024, 2025];
const figs = publicationSetFigures(data, years, { referenceDate: REF });
const p = await protectPublicationSet(figs, { sites: data.sites });
console.log(JSON.stringify(p.counts), p.rounds, p.lps);
for (const k of p.failingKeys.slice(0, 8)) { const i = p.model.index.get(k)!; const a = p.cellAudits.get(i)!; console.log('FAIL', k, p.model.values[i], a.status, a.lo, a.hi, a.exact); }
const files = figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })) as unknown as PublishedJson);

const truth = figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', threshold: 1 })) as unknown as PublishedJson);
  if (v === 'x' && typeof tv === 'number' && tv < 5) console.log('BAD x', files[i].scope, T.id, r[0], T.columns[j], tv);
  if (v === '<5' && typeof tv === 'number' && tv >= 5) console.log('BAD <5', files[i].scope, T.id, r[0], T.columns[j], tv);
  if (typeof v === 'number' && typeof tv === 'number' && v !== tv) console.log('BAD value', files[i].scope, T.id, r[0], T.columns[j], v, tv); })); }
const res = await attack(files);
console.log('attacker hidden', res.hidden, 'narrowed', res.narrowed.length);
for (const n of res.narrowed.slice(0, 15)) console.log(n);
const sch = data.sites.find((s) => s.municipality === 'Schooningen')!.siteId;
for (const k of [`site:${sch}|2024|fam.intake.not-supported`]) { const i = p.model.index.get(k)!; console.log(k, p.model.values[i], p.status[i], p.cellAudits.get(i));
  for (const r of p.model.relations.filter((r) => r.vars.includes(i))) console.log(r.kind, r.vars.map((v, q) => `${r.coefs[q] > 0 ? '+' : '-'}${p.model.keys[v]}=${p.model.values[v]}/${p.status[v]}`).join(' ')); }
