/**
 * Runs the independent attacker of the disclosure tests (tests/impact/attacker.ts) against every
 * publication JSON in a folder (annual reports, period reports, local evaluations written by the CLI
 * with `--lang en`), and prints what it recovers: hidden cells narrowed or pinned exactly, cells hidden
 * in one file and printed in another, and unpublished window counts (a segment between published
 * windows, a difference A∖B, an intersection A∩B) and counts of rows left out of a site or region list
 * that no file prints, pinned to a small count or to 0.
 *
 *   npx tsx bench/attack.ts --files OUT [--truth TRUTH] [--verify] [--list] [--max-segments K] [--no-windows]
 *
 * `--no-windows` solves for the hidden cells only (the unpublished window counts are still unknowns of the relations,
 * so each cell's range is the same): a quicker first pass on a large set.
 *
 * `--truth` is the same publications written with `--threshold 1 --zeros show` (nothing hidden) into
 * another folder with another ledger: the attacker's relations are then checked on the true values
 * (`--verify`: every relation must hold), and each recovered value is shown beside the truth.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { attack, type PublishedJson } from '../tests/impact/attacker.js';
import { publishedJsonFiles } from '../tests/impact/fixtures.js';

const { values } = parseArgs({ options: { files: { type: 'string' }, truth: { type: 'string' }, verify: { type: 'boolean' }, list: { type: 'boolean' }, 'max-segments': { type: 'string' }, 'no-windows': { type: 'boolean' } } });
if (!values.files) {
  console.error('usage: npx tsx bench/attack.ts --files OUT [--truth TRUTH] [--verify] [--list]');
  process.exit(2);
}
const load = (dir: string) => publishedJsonFiles(dir).map((p) => JSON.parse(readFileSync(p, 'utf8')) as PublishedJson);
const files = load(values.files);
// the attacker names quantities from the English headers; a Dutch file (the CLI's default) would be misread (its
// region column taken for counts): refuse it plainly — the numbers are the same in both languages
const dutch = files.filter((f) => ['jaarverslag', 'evaluatie'].includes(String((f as { report?: unknown }).report))).length;
if (dutch) {
  console.error(`bench/attack.ts: ${dutch} of the ${files.length} files are in Dutch; the attacker reads the English files: write the same publications with --lang en (the numbers are the same).`);
  process.exit(2);
}
const truth = values.truth ? load(values.truth) : undefined;
console.log(`${files.length} published files in ${values.files}`);
if (values.verify && truth) {
  const v = await attack(truth, { verify: true });
  console.log(`verify on the unsuppressed files: ${v.narrowed.length} false relations`);
  for (const n of v.narrowed.slice(0, 20)) console.log(`  FALSE ${n.name}`);
}
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const since = () => `${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(0)} s`;
const res = await attack(files, {
  ...(values['max-segments'] ? { maxSegments: Number(values['max-segments']) } : {}),
  // the hidden cells only: no unpublished window counts solved (a quicker first pass on a large set; the windows'
  // relations are still read, so the cells' ranges are the same)
  ...(values['no-windows'] ? { windows: false } : {}),
  progress: (line) => console.error(`[${since()}] ${line}`),
});
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
const t = files[0].suppression.threshold;
const cells = res.narrowed.filter((n) => n.mark !== 'printed elsewhere');
const small = cells.filter((n) => n.mark.startsWith('<'));
const count = (l: unknown[]) => String(l.length);
const byKind = (k: string) => res.windows.filter((w) => w.kind === k).length;
console.log(`hidden cells ${res.hidden} (attack ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
const st = res.stats;
if (st) console.log(`  solver: ${st.components} components (largest ${st.largestComponent} unknowns); targets settled by earlier whole-number tables ${st.byWitness}, by their LP bounds ${st.byLp}, by integer programs ${st.byMip}; ${st.lps} LPs, ${st.mips} integer programs${st.coverRounds ? `, ${st.coverRounds} covering rounds` : ""}${st.localSides ? `, ${st.localSides} sides bounded by the relations near them` : ""}${st.byLocal ? `, ${st.byLocal} targets settled by pushes near them` : ""}${st.repairs ? `, ${st.repairs} fractional LP vertices made whole near their fractions` : ""}`);
console.log(`  "<${t}" recovered exactly (1–${t - 1}): ${count(small.filter((n) => n.lo === n.hi && n.lo > 0))}; narrowed within 1–${t - 1}: ${count(small.filter((n) => n.lo !== n.hi && n.hi > 0))}; shown to be 0 (a hidden zero under printed zeros): ${count(small.filter((n) => n.hi === 0))}`);
console.log(`  "x" narrower than ${t}: ${count(cells.filter((n) => n.mark === 'x'))} (exact ${count(cells.filter((n) => n.mark === 'x' && n.lo === n.hi))})`);
console.log(`  hidden in one file, printed in another: ${count(res.narrowed.filter((n) => n.mark === 'printed elsewhere'))}; left out (".") in one file, printed in another (not a finding: a "." claims nothing): ${res.leftOutPrinted?.length ?? 0}`);
console.log(`  unpublished window counts (and counts of rows left out of a site list): exact small ${byKind('exact')}, narrowed within 1–${t - 1} ${byKind('narrowed')}, 0 ${byKind('zero')}, 0 under a printed 0 ${byKind('zero under a printed 0')}`);
if (values.list) {
  for (const n of res.narrowed) console.log(`  cell ${n.mark.padEnd(4)} ${n.name}: ${n.lo}–${n.hi}`);
  for (const w of res.windows) console.log(`  window ${w.kind.padEnd(8)} ${w.name}: ${w.lo}–${w.hi}`);
  for (const n of res.leftOutPrinted ?? []) console.log(`  left out and printed elsewhere ${n}`);
}
