/**
 * Re-executes the notebooks and writes them back with their outputs (committed so they read on GitHub):
 *   npx tsx scripts/execute-notebooks.ts [NOTEBOOK.ipynb …]
 * The notebooks run as a user has them: this repository is packed and installed into a new empty
 * project (scripts/consumer-project.ts), the notebooks are copied into its `notebooks/` folder and
 * executed there with that project's tslab kernel, so `import … from 'homestart-impact'` loads the
 * installed package. Files the notebooks export go to a temporary folder. Exits non-zero when a
 * notebook fails.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT, createConsumerProject, executeNotebook, jupyterMissing } from './consumer-project.js';

const missing = jupyterMissing();
if (missing) {
  console.error(missing);
  process.exit(2);
}
const dir = join(ROOT, 'notebooks');
const wanted = process.argv.slice(2).map((f) => basename(f));
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb') && (wanted.length === 0 || wanted.includes(f))).sort();
const project = await createConsumerProject({ log: (s) => console.log(s) });
const nbDir = join(project.dir, 'notebooks');
mkdirSync(nbDir, { recursive: true });
let failed = 0;
for (const f of files) {
  copyFileSync(join(dir, f), join(nbDir, f));
  const t0 = Date.now();
  const r = await executeNotebook(project, join(nbDir, f), join(nbDir, 'executed', f), { HOMESTART_NOTEBOOK_OUT: join(project.dir, 'out') });
  if (r.status !== 0) {
    failed++;
    console.error(`✗ ${f}\n${r.stderr.slice(-3000)}`);
  } else {
    copyFileSync(join(nbDir, 'executed', f), join(dir, f));
    console.log(`✓ ${f} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
rmSync(join(project.dir, '..'), { recursive: true, force: true });
process.exit(failed ? 1 : 0);
