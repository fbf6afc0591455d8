/**
 * npm run bench:disclosure — disclosure control of the whole publication set of the bundled national
 * registration sample: national, 12 regions and 163 sites for every year asked (default 2021–2025:
 * 880 publications, each with its previous-year and history columns), protected together and
 * audited by linear programming (src/impact/disclosure.ts, audit.ts). Prints the counts (printed,
 * hidden, proved protected, left out; printed/hidden/left out per scope), the number of LPs and the time of each stage (wall and CPU).
 * Figures, not assertions — except the exit status: 3 when a set would be refused (a hidden count not
 * proved protected), so a regression of the repair fails the run.
 *
 * `--ledger`: year by year as an office runs `report` with its suppression ledger: each year's set is
 * protected with every earlier year's publications in the model (hidden again / public), the ledger
 * updated after each year; one line per year.
 *
 *   npm run bench:disclosure [-- --from 2021 --to 2025 --zeros auto] [-- --ledger]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadRegistration } from '../src/impact/registration.js';
import { protectPublicationSet, publicationSetFigures, type PublicationSetProtection, type ZeroPolicy } from '../src/impact/disclosure.js';
import { ledgerDecisions, updateLedger, type SuppressionLedger } from '../src/impact/ledger.js';
import type { ImpactFigures } from '../src/impact/figures.js';

const { values } = parseArgs({ options: { from: { type: 'string', default: '2021' }, to: { type: 'string', default: '2025' }, zeros: { type: 'string', default: 'auto' }, data: { type: 'string', default: 'sample-data/registration/national' }, ledger: { type: 'boolean', default: false } } });
const years: number[] = [];
for (let y = Number(values.from); y <= Number(values.to); y++) years.push(y);
const s = (t: number) => `${(t / 1000).toFixed(1)} s`;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const loaded = await loadRegistration(values.data, { referenceDate: '2025-12-31' });
const t1 = performance.now();
const perScope = (p: PublicationSetProtection) => {
  // per scope, counting by cell of the global model (a count printed in several tables is one cell)
  const scopes = { national: [0, 0, 0], regions: [0, 0, 0], sites: [0, 0, 0] };
  p.model.keys.forEach((k, i) => {
    if (!p.model.printed[i]) return;
    const row = k.startsWith('nat|') ? scopes.national : k.startsWith('reg:') ? scopes.regions : scopes.sites;
    row[p.withheld.has(i) ? 2 : p.status[i] === 'shown' ? 0 : 1]++;
  });
  return Object.entries(scopes).map(([s, [a, b, c]]) => `${s} ${a}/${b}/${c}`).join(', ');
};
if (values.ledger) {
  // year by year with the ledger, as an office runs `report --year Y` every year (the ledger read as the CLI reads it)
  let ledger: SuppressionLedger | null = null;
  const before: ImpactFigures[] = [];
  let refused = false;
  for (const y of years) {
    const ty = performance.now();
    const figs = publicationSetFigures(loaded.data, [y], { referenceDate: loaded.referenceDate });
    const p = await protectPublicationSet(figs, { sites: loaded.data.sites, zeros: values.zeros as ZeroPolicy, ...ledgerDecisions(ledger), publishedBefore: [...before] });
    const c = p.counts;
    console.log(`${y} (+ ${before.length} earlier publications): hidden ${c.hidden}, left out ${c.withheld}, proved ${c.provedProtected}, not protected ${c.failing}${p.failingKeys.length ? ` (${p.failingKeys.slice(0, 5).join(', ')})` : ''}; printed / hidden / left out ${perScope(p)}; ${s(performance.now() - ty)} wall`);
    if (p.failingKeys.length) refused = true;
    ledger = updateLedger(ledger, p, figs);
    before.push(...figs);
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`time: total ${s(performance.now() - t0)} wall; CPU ${s((cpu.user + cpu.system) / 1000)} (${cpus().length} cores, load avg ${loadavg()[0].toFixed(1)})`);
  process.exit(refused ? 3 : 0);
}
const figs = publicationSetFigures(loaded.data, years, { referenceDate: loaded.referenceDate });
const t2 = performance.now();
const p = await protectPublicationSet(figs, { sites: loaded.data.sites, zeros: values.zeros as ZeroPolicy });
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
const c = p.counts;
console.log(`publication set: ${figs.length} publications (${years[0]}–${years[years.length - 1]}, national + regions + sites), ${p.model.keys.length} cells, ${p.model.relations.length} relations`);
console.log(`printed counts ${c.printed}; hidden ${c.hidden} (primary ${c.primary}, zeros hidden ${c.zerosHidden}, secondary: line rule ${c.secondaryLineRule}, audit ${c.secondaryAudit}, ledger ${c.secondaryLedger}); left out "." ${c.withheld}; zeros printed after all ${c.zerosRevealed}`);
console.log(`audit: ${c.provedProtected} of ${c.hidden} hidden counts proved protected (${c.integerWitness} by all-integer witnesses), ${c.failing} not protected; ${p.lps} LPs in ${p.rounds} rounds`);
if (p.failingKeys.length) console.log(`not protected (the set would be refused): ${p.failingKeys.slice(0, 10).join(', ')}`);
console.log(`printed / hidden / left out, per scope: ${perScope(p)}`);
console.log(`time: load ${s(t1 - t0)}, figures ${s(t2 - t1)}, model ${s(p.ms.model)}, suppression + audit ${s(p.ms.audit)}, total ${s(t3 - t0)} wall; CPU ${s((cpu.user + cpu.system) / 1000)} (${cpus().length} cores, load avg ${loadavg()[0].toFixed(1)})`);
if (p.failingKeys.length) process.exit(3);
