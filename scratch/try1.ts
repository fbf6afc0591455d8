import { loadRegistration, computeFigures } from '../src/impact/index.js';
import { protectPublicationSet } from '../src/impact/disclosure.js';
const dir = process.argv[2]; const y0 = Number(process.argv[3]); const y1 = Number(process.argv[4]);
const zeros = (process.argv[5] ?? 'auto') as 'auto';
const t0 = performance.now();
const loaded = await loadRegistration(dir, { referenceDate: '2025-12-31' });
const data = loaded.data;
const figs = [];
const regions = [...new Set(data.sites.map((s) => s.region))];
for (let y = y0; y <= y1; y++) {
  figs.push(computeFigures(data, { year: y }));
  for (const r of regions) figs.push(computeFigures(data, { year: y, scope: { level: 'region', region: r } }));
  for (const s of data.sites) figs.push(computeFigures(data, { year: y, scope: { level: 'site', siteId: s.siteId } }));
}
const t1 = performance.now();
console.log('figures', figs.length, Math.round(t1 - t0), 'ms');
const p = await protectPublicationSet(figs, { sites: data.sites, zeros });
console.log(JSON.stringify({ cells: p.model.keys.length, relations: p.model.relations.length, counts: p.counts, rounds: p.rounds, lps: p.lps, ms: p.ms,  }));
console.log(p.failingKeys.slice(0, 10));
for (const k of p.failingKeys.slice(0, 40)) { const i = p.model.index.get(k)!; const a = p.cellAudits.get(i)!; 
  const rels = p.model.relations.filter(r => r.vars.includes(i)).map(r => r.kind + ':' + r.vars.map((v, q) => (r.coefs[q] > 0 ? '+' : '-') + p.model.keys[v].split('|').slice(1).join('|') + '=' + p.model.values[v] + '/' + p.status[v][0]).join(' '));
  console.log(k, p.model.values[i], a.status, a.lo, a.hi, rels.join(' || ')); }
