/**
 * Executes every notebook in `notebooks/` through real Jupyter (nbconvert + the tslab kernel) into a
 * temporary directory and checks that
 * 1. nbconvert succeeds and no cell output is an error;
 * 2. the key numbers each notebook shows (its `showKeyNumbers` cell, tagged `key-numbers`) equal the
 *    library's own computation (`key-numbers.ts`, calling `src/` directly) to 1e-9 relative;
 * 3. the committed notebook (with outputs) shows the same key numbers as the fresh run, i.e. the
 *    notebooks are deterministic and their committed outputs are current;
 * 4. where R computed the same number from the same CSV files (`tests/reference/notebooks.R` →
 *    `notebooks.json`; notebook 06's registration counts: `tests/reference/notebook06.R` → `notebook06.json`),
 *    the notebook agrees with R to 1e-6 relative.
 *
 * Needs `dist/` (built here with `npm run build` when missing or older than `src/`), `jupyter` and
 * the tslab kernel. Without Jupyter or tslab the suite is skipped with a loud message — except when
 * `CI=true`, where it fails, since `.ci/run` installs both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_NUMBERS_MIME } from '../../src/notebook/display.js';
import { NOTEBOOK_KEY_NUMBERS, type Numbers } from './key-numbers.js';

const ROOT = resolve(__dirname, '../..');
const NB_DIR = join(ROOT, 'notebooks');
const NOTEBOOKS = readdirSync(NB_DIR).filter((f) => f.endsWith('.ipynb')).sort();
const R_FIXTURE = join(ROOT, 'tests/reference/notebooks.json');
/** Further R fixtures of single notebooks (same shape: `{ notebooks: { file: numbers } }`). */
const R_FIXTURES_MORE = [join(ROOT, 'tests/reference/notebook06.json'), join(ROOT, 'tests/reference/notebook_longitudinal.json')];

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string }
interface Cell { cell_type: string; metadata: { tags?: string[] }; outputs?: Output[]; source: string | string[] }
interface Notebook { cells: Cell[] }

function jupyterStatus(): { ok: boolean; why?: string } {
  const v = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) return { ok: false, why: '`jupyter nbconvert` is not installed' };
  const k = spawnSync('jupyter', ['kernelspec', 'list', '--json'], { encoding: 'utf8' });
  if (k.status !== 0) return { ok: false, why: '`jupyter kernelspec list` failed' };
  const specs = (JSON.parse(k.stdout) as { kernelspecs: Record<string, unknown> }).kernelspecs;
  if (!('tslab' in specs)) return { ok: false, why: 'the tslab kernel is not installed (npx tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab")' };
  return { ok: true };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than any file in src/ (the notebooks load ../dist/index.js). */
async function ensureBuilt(): Promise<void> {
  const entry = join(ROOT, 'dist/index.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const started = Date.now();
  const r = await run('npm', ['run', 'build'], { cwd: ROOT });
  if (!existsSync(entry) || statSync(entry).mtimeMs < started - 1000) {
    throw new Error(`npm run build did not produce dist/index.js:\n${r.stdout}\n${r.stderr}`);
  }
  // tsc emits even with type errors; those are the typecheck's job (npm test runs tsc --noEmit first).
  if (r.status !== 0) console.warn(`npm run build reported errors (dist/ was emitted anyway):\n${r.stdout.split('\n').filter((l) => l.includes('error')).join('\n')}`);
}

/**
 * Runs a command without blocking the test worker's event loop (a long spawnSync starves vitest's
 * worker RPC and makes it report a timeout); resolves with the exit status and output.
 */
function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : t ?? '');

function keyNumbers(nb: Notebook, file: string): Numbers {
  const cells = nb.cells.filter((c) => c.cell_type === 'code' && c.metadata.tags?.includes('key-numbers'));
  expect(cells, `${file}: exactly one cell tagged key-numbers`).toHaveLength(1);
  const out = (cells[0].outputs ?? []).find((o) => o.data && KEY_NUMBERS_MIME in o.data);
  expect(out, `${file}: the key-numbers cell shows its numbers`).toBeDefined();
  return out!.data![KEY_NUMBERS_MIME] as Numbers;
}

function errorsOf(nb: Notebook): string[] {
  const errs: string[] = [];
  nb.cells.forEach((c, i) => {
    for (const o of c.outputs ?? []) {
      if (o.output_type === 'error') errs.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      // tslab reports compile errors and uncaught exceptions on stderr
      if (o.output_type === 'stream' && o.name === 'stderr') errs.push(`cell ${i} (stderr): ${text(o.text).slice(0, 500)}`);
    }
  });
  return errs;
}

function expectClose(actual: unknown, expected: unknown, rel: number, what: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = rel * Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
  } else {
    expect(actual, what).toEqual(expected);
  }
}

const status = jupyterStatus();
if (!status.ok) {
  const msg = `\n${'!'.repeat(78)}\n!! NOTEBOOK TESTS SKIPPED: ${status.why}.\n!! Install Jupyter (jupyter-nbconvert, python3-nbclient, python3-ipykernel) and the tslab kernel to run them.\n${'!'.repeat(78)}\n`;
  if (process.env.CI === 'true') throw new Error(`In CI the notebooks must execute, but ${status.why}.`);
  console.warn(msg);
}

describe.skipIf(!status.ok)('notebooks execute through Jupyter (tslab) and show the library\'s numbers', () => {
  let outDir: string;
  const rReference: Record<string, Numbers> = Object.assign(
    {},
    ...[R_FIXTURE, ...R_FIXTURES_MORE].filter((f) => existsSync(f)).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { notebooks: Record<string, Numbers> }).notebooks),
  );

  beforeAll(async () => {
    await ensureBuilt();
    outDir = mkdtempSync(join(tmpdir(), 'homestart-notebooks-'));
  }, 300_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('has the notebooks, each with a key-numbers check', () => {
    expect(NOTEBOOKS).toEqual(Object.keys(NOTEBOOK_KEY_NUMBERS).sort());
  });

  for (const file of NOTEBOOKS) {
    it(`${file} runs top to bottom and its key numbers equal the library's (and R's)`, async () => {
      const r = await run('jupyter', [
        'nbconvert', '--to', 'notebook', '--execute', join(NB_DIR, file),
        '--output-dir', outDir, '--output', file, '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=tslab',
      ], { env: { ...process.env, HOMESTART_NOTEBOOK_OUT: join(outDir, 'out') } });
      expect(r.status, `nbconvert failed for ${file}:\n${r.stderr.slice(-3000)}`).toBe(0);
      const executed = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as Notebook;
      expect(errorsOf(executed), `${file}: cell errors`).toEqual([]);
      expect(readFileSync(join(outDir, file), 'utf8')).not.toMatch(/"output_type": "error"/);

      const shown = keyNumbers(executed, file);
      const expected = await NOTEBOOK_KEY_NUMBERS[file]();
      expect(Object.keys(shown).sort(), `${file}: key-number names`).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expectClose(shown[k], v, 1e-9, `${file} ${k} (notebook vs library)`);

      const committed = keyNumbers(JSON.parse(readFileSync(join(NB_DIR, file), 'utf8')) as Notebook, `${file} (committed)`);
      for (const [k, v] of Object.entries(shown)) expectClose(committed[k], v, 1e-12, `${file} ${k} (committed output vs fresh run; re-execute with scripts/execute-notebooks.ts)`);

      const fromR = rReference[file] ?? {};
      for (const [k, v] of Object.entries(fromR)) {
        expect(k in shown, `${file}: R reference names ${k}, which the notebook does not show`).toBe(true);
        expectClose(shown[k], v, 1e-6, `${file} ${k} (notebook vs R)`);
      }
    }, 600_000);
  }

  it('the thesis notebook wrote its CSV and XLSX exports', () => {
    for (const f of ['apa-table.csv', 'reliability.csv', 'thesis-tables.xlsx']) expect(existsSync(join(outDir, 'out', f)), f).toBe(true);
  });

  it('the annual-figures notebook wrote the jaarverslag files, with no ids from the input', () => {
    const dir = join(outDir, 'out', 'jaarverslag-2025');
    for (const f of ['jaarverslag-2025.html', 'jaarverslag-2025.xlsx', 'jaarverslag-2025.json', 'tables/kerncijfers.csv', 'tables/locaties.csv']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(join(outDir, 'out', 'dalfsen-2020', 'annual-report-2020.html'))).toBe(true);
    // site, family, volunteer and trajectory ids of the national sample look like S011, G000001, V00001, T000001
    for (const f of ['jaarverslag-2025.html', 'jaarverslag-2025.json', 'tables/locaties.csv']) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\b(S\d{3}|G\d{6}|V\d{5}|T\d{6})\b/);
    }
  });
});
