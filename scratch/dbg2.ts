import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../src/impact/index.js';
import { publicationSetFigures } from '../src/impact/disclosure.js';
import { attack, type PublishedJson } from '../tests/impact/attacker.js';
const REF = '2025-12-31';
const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
function subset(data: RegistrationData, siteIds: string[]): RegistrationData { const keep = new Set(siteIds); return { sites: data.sites.filter((s) => keep.has(s.siteId)), families: data.families.filter((f) => keep.has(f.siteId)), volunteers: data.volunteers.filter((v) => keep.has(v.siteId)), trajectories: data.trajectories.filter((t) => keep.has(t.siteId)) }; }
const regions = [...new Set(national.sites.map((s) => s.region))].sort();
const ids: string[] = []; [3, 2].forEach((k, r) => ids.push(...national.sites.filter((s) => s.region === regions[r]).slice(0, k).map((s) => s.siteId)));
const data = subset(national, ids);
const figs = publicationSetFigures(data, [2024, 2025], { referenceDate: REF });
const files = figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', threshold: 1 })) as unknown as PublishedJson);
const res = await attack(files, { verify: true });
console.log(res.narrowed.length); for (const n of res.narrowed.slice(0, 10)) console.log(n.name);
