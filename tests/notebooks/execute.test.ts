/**
 * Executes every notebook in `notebooks/` through real Jupyter (nbconvert + tslab) as a user has
 * them (runs in `npm run test:package`): the global setup (tests/package/global-setup.ts) packed this
 * repository and installed it with tslab into a new empty project; the notebooks are copied into that
 * project's `notebooks/` folder and executed there with its own tslab kernel, so their
 * `import … from 'homestart-impact'` loads the installed package. Checks that
 * 1. nbconvert succeeds and no cell output is an error;
 * 2. the key numbers each notebook shows (its `showKeyNumbers` cell, tagged `key-numbers`) equal the
 *    library's own computation (`key-numbers.ts`, calling `src/` directly) to 1e-9 relative;
 * 3. the committed notebook (with outputs) shows the same key numbers as the fresh run, i.e. the
 *    notebooks are deterministic and their committed outputs are current;
 * 4. where R computed the same number from the same CSV files (`tests/reference/notebooks.R` →
 *    `notebooks.json`; notebook 06's registration counts: `tests/reference/notebook06.R` → `notebook06.json`),
 *    the notebook agrees with R to 1e-6 relative;
 * 5. every chart output carries a PNG (with its display size) beside the Vega-Lite spec, in the
 *    committed notebooks too.
 *
 * Without Jupyter the global setup fails the suite with the command that installs it (never a skip).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { executeNotebook } from '../../scripts/consumer-project.js';
import { KEY_NUMBERS_MIME } from '../../src/notebook/display.js';
import { NOTEBOOK_KEY_NUMBERS, type Numbers } from './key-numbers.js';

const ROOT = resolve(__dirname, '../..');
const NB_DIR = join(ROOT, 'notebooks');
const NOTEBOOKS = readdirSync(NB_DIR).filter((f) => f.endsWith('.ipynb')).sort();
const R_FIXTURE = join(ROOT, 'tests/reference/notebooks.json');
/** Further R fixtures of single notebooks (same shape: `{ notebooks: { file: numbers } }`). */
const R_FIXTURES_MORE = [join(ROOT, 'tests/reference/notebook06.json'), join(ROOT, 'tests/reference/notebook_longitudinal.json')];

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; metadata?: Record<string, unknown>; ename?: string; evalue?: string }
interface Cell { cell_type: string; metadata: { tags?: string[] }; outputs?: Output[]; source: string | string[] }
interface Notebook { cells: Cell[] }

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

/** Chart outputs: Vega-Lite spec + PNG with its display size; no SVG (nbconvert 6.5 would show it blank). */
function expectChartsWithPng(nb: Notebook, file: string): number {
  let charts = 0;
  nb.cells.forEach((c, i) => {
    for (const o of c.outputs ?? []) {
      if (!o.data || !('application/vnd.vegalite.v5+json' in o.data)) continue;
      charts++;
      expect(Object.keys(o.data).sort(), `${file} cell ${i}`).toEqual(['application/vnd.vegalite.v5+json', 'image/png', 'text/plain']);
      const png = Buffer.from(o.data['image/png'] as string, 'base64');
      expect(png.subarray(1, 4).toString('latin1'), `${file} cell ${i}: a PNG`).toBe('PNG');
      expect(o.metadata?.['image/png'], `${file} cell ${i}: display size`).toEqual({ width: png.readUInt32BE(16) / 2, height: png.readUInt32BE(20) / 2 });
    }
  });
  return charts;
}

const consumer = inject('consumer');
const runDir = join(consumer.dir, 'notebooks');
const outDir = join(consumer.dir, 'out');

describe('notebooks execute through Jupyter (tslab) in a project that installed the package, and show the library\'s numbers', () => {
  const rReference: Record<string, Numbers> = Object.assign(
    {},
    ...[R_FIXTURE, ...R_FIXTURES_MORE].filter((f) => existsSync(f)).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { notebooks: Record<string, Numbers> }).notebooks),
  );

  it('has the notebooks, each with a key-numbers check', () => {
    expect(NOTEBOOKS).toEqual(Object.keys(NOTEBOOK_KEY_NUMBERS).sort());
  });

  for (const file of NOTEBOOKS) {
    it(`${file} runs top to bottom and its key numbers equal the library's (and R's)`, async () => {
      mkdirSync(runDir, { recursive: true });
      copyFileSync(join(NB_DIR, file), join(runDir, file));
      const executedPath = join(runDir, 'executed', file);
      const r = await executeNotebook(consumer, join(runDir, file), executedPath, { HOMESTART_NOTEBOOK_OUT: outDir });
      expect(r.status, `nbconvert failed for ${file}:\n${r.stderr.slice(-3000)}`).toBe(0);
      const executed = JSON.parse(readFileSync(executedPath, 'utf8')) as Notebook;
      expect(errorsOf(executed), `${file}: cell errors`).toEqual([]);
      expect(readFileSync(executedPath, 'utf8')).not.toMatch(/"output_type": "error"/);

      const shown = keyNumbers(executed, file);
      const expected = await NOTEBOOK_KEY_NUMBERS[file]();
      expect(Object.keys(shown).sort(), `${file}: key-number names`).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expectClose(shown[k], v, 1e-9, `${file} ${k} (notebook vs library)`);

      const committedNb = JSON.parse(readFileSync(join(NB_DIR, file), 'utf8')) as Notebook;
      expect(expectChartsWithPng(committedNb, `${file} (committed)`), `${file}: committed and fresh run show the same number of charts`).toBe(expectChartsWithPng(executed, file));
      const committed = keyNumbers(committedNb, `${file} (committed)`);
      for (const [k, v] of Object.entries(shown)) expectClose(committed[k], v, 1e-12, `${file} ${k} (committed output vs fresh run; re-execute with scripts/execute-notebooks.ts)`);

      const fromR = rReference[file] ?? {};
      for (const [k, v] of Object.entries(fromR)) {
        expect(k in shown, `${file}: R reference names ${k}, which the notebook does not show`).toBe(true);
        expectClose(shown[k], v, 1e-6, `${file} ${k} (notebook vs R)`);
      }
    }, 600_000);
  }

  it('the thesis notebook wrote its CSV and XLSX exports', () => {
    for (const f of ['apa-table.csv', 'reliability.csv', 'thesis-tables.xlsx']) expect(existsSync(join(outDir, f)), f).toBe(true);
  });

  it('the annual-figures notebook wrote the jaarverslag files, with no ids from the input', () => {
    const dir = join(outDir, 'jaarverslag-2025');
    for (const f of ['jaarverslag-2025.html', 'jaarverslag-2025.xlsx', 'jaarverslag-2025.json', 'tables/kerncijfers.csv', 'tables/locaties.csv']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(join(outDir, 'dalfsen-2020', 'annual-report-2020.html'))).toBe(true);
    // site, family, volunteer and trajectory ids of the national sample look like S011, G000001, V00001, T000001
    for (const f of ['jaarverslag-2025.html', 'jaarverslag-2025.json', 'tables/locaties.csv']) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\b(S\d{3}|G\d{6}|V\d{5}|T\d{6})\b/);
    }
  });
});
