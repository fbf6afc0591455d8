/**
 * npm run bench:local-evaluations — the local evaluations of the first N sites of the bundled national
 * registration sample (1-1-2023 … 30-6-2024, reference date 31-12-2025), each protected together with
 * that site's annual reports 2023 and 2024 as one publication set (`protectPublicationSetWithFallback`, in
 * process; docs/disclosure-control.md, "Combining categories, leaving tables out"). Prints one line per
 * site (refused or written, the tables the fallback combined or left out) and the totals: sets refused,
 * printed and hidden counts of the sets (model cells), counts the evaluations print and hide, evaluation
 * tables combined and left out, reports' tables combined and left out; CPU time and load.
 * Figures, not assertions.
 *
 * `--no-fallback`: `protectPublicationSet` alone (suppression only, no combining or leaving out).
 *
 *   npm run bench:local-evaluations [-- --sites 40] [-- --only S005,S009] [-- --no-fallback]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadRegistration } from '../src/impact/registration.js';
import { computeFigures } from '../src/impact/figures.js';
import { computeLocalEvaluation, publishLocalEvaluation } from '../src/impact/local-evaluation.js';
import { protectPublicationSet, protectPublicationSetWithFallback } from '../src/impact/disclosure.js';
import { LOCAL_SUFFIX } from '../src/impact/ledger.js';

const { values } = parseArgs({ options: { sites: { type: 'string', default: '40' }, only: { type: 'string' }, 'no-fallback': { type: 'boolean', default: false }, data: { type: 'string', default: 'sample-data/registration/national' } } });
const REF = '2025-12-31';
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const national = (await loadRegistration(values.data, { referenceDate: REF })).data;
const sites = values.only ? national.sites.filter((s) => values.only!.split(',').includes(s.siteId)) : national.sites.slice(0, Number(values.sites));
const total = { sets: 0, refused: [] as string[], printed: 0, hidden: 0, evPrinted: 0, evHidden: 0, evMerged: 0, evLeftOut: 0, repMerged: 0, repLeftOut: 0 };
for (const site of sites) {
  const ev = computeLocalEvaluation(national, { siteId: site.siteId, period: { from: '2023-01-01', to: '2024-06-30' }, referenceDate: REF });
  const figs = [2023, 2024].map((year) => computeFigures(national, { year, referenceDate: REF, scope: { level: 'site', siteId: site.siteId } }));
  const p = await (values['no-fallback'] ? protectPublicationSet : protectPublicationSetWithFallback)(figs, { evaluations: [ev], sites: [site] });
  total.sets++;
  const refused = p.failingKeys.length > 0 || p.differenceKeys.length > 0 || (p.withdrawn?.length ?? 0) > 0;
  const isEv = (id: string) => id.endsWith(LOCAL_SUFFIX);
  const steps = p.fallback.map((f) => `${isEv(f.publication) ? 'evaluation' : f.publication.slice(f.publication.indexOf('|') + 1)} ${f.action} ${f.table}`);
  for (const f of p.fallback) {
    if (isEv(f.publication)) f.action === 'merged' ? total.evMerged++ : total.evLeftOut++;
    else f.action === 'merged' ? total.repMerged++ : total.repLeftOut++;
  }
  if (refused) {
    total.refused.push(site.siteId);
    console.log(`${site.siteId}: REFUSED (${p.failingKeys.length + p.differenceKeys.length} cells: ${[...p.failingKeys, ...p.differenceKeys].slice(0, 3).join(', ')})${steps.length ? `; tried: ${steps.join('; ')}` : ''}${p.withdrawn?.length ? `; withdrawn: ${p.withdrawn.map((x) => `${x.publication} (${x.reason})`).join('; ')}` : ''}`);
    continue;
  }
  total.printed += p.counts.printed;
  total.hidden += p.counts.hidden;
  const pub = publishLocalEvaluation(ev, { lang: 'en', decisions: p });
  const counts = pub.tables.flatMap((t) => t.rows.flatMap((r) => r.cells.filter((c) => c.kind === 'count')));
  const shown = counts.filter((c) => c.value !== null).length;
  total.evPrinted += shown;
  total.evHidden += counts.length - shown;
  console.log(`${site.siteId}: written; set printed ${p.counts.printed}, hidden ${p.counts.hidden}; evaluation prints ${shown} counts, hides ${counts.length - shown}${steps.length ? `; fallback: ${steps.join('; ')}` : ''}`);
}
const cpu = process.cpuUsage(cpu0);
console.log(
  `${total.sets} sets: refused ${total.refused.length}${total.refused.length ? ` (${total.refused.join(', ')})` : ''}; written sets print ${total.printed} and hide ${total.hidden} counts (model cells); ` +
    `the evaluations print ${total.evPrinted} count cells and hide ${total.evHidden}; evaluation tables combined ${total.evMerged}, left out ${total.evLeftOut}; reports' tables combined ${total.repMerged}, left out ${total.repLeftOut}`,
);
console.log(`time: ${((performance.now() - t0) / 1000).toFixed(1)} s wall; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${cpus().length} cores, load avg ${loadavg()[0].toFixed(1)})`);
