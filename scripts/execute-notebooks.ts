/**
 * Re-executes the notebooks in place (outputs committed so they read on GitHub):
 *   npm run build && npx tsx scripts/execute-notebooks.ts [NOTEBOOK.ipynb …]
 * Uses Jupyter's nbconvert with the tslab kernel; files the thesis notebook exports go to a
 * temporary directory, not into the repository. Exits non-zero when a notebook fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'notebooks');
const wanted = process.argv.slice(2).map((f) => basename(f));
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb') && (wanted.length === 0 || wanted.includes(f))).sort();
const out = mkdtempSync(join(tmpdir(), 'homestart-notebook-out-'));
let failed = 0;
for (const f of files) {
  const t0 = Date.now();
  const r = spawnSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=tslab', join(dir, f)], {
    encoding: 'utf8',
    env: { ...process.env, HOMESTART_NOTEBOOK_OUT: out },
  });
  if (r.status !== 0) {
    failed++;
    console.error(`✗ ${f}\n${r.stderr.slice(-3000)}`);
  } else console.log(`✓ ${f} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
rmSync(out, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
