/**
 * The package as a user gets it (runs in `npm run test:package`): the global setup packed this
 * repository and installed the tarball and tslab into a new empty project (`npm init -y`, npm registry
 * only, no overrides). Here that project imports and requires the package, type-checks against it in
 * three module-resolution modes, runs the CLI on a bundled sample file, and executes a notebook of its
 * own through Jupyter with its own tslab kernel; nbconvert's HTML of that notebook must show the chart.
 * Every number is compared with the library computed from `src/` in this process.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { executeNotebook, ROOT, run } from '../../scripts/consumer-project.js';
import { loadStudy, notebookPrePost } from '../../src/notebook/study.js';
import { tTestPaired } from '../../src/stats/index.js';
import { KEY_NUMBERS_MIME } from '../../src/notebook/display.js';

const consumer = inject('consumer');
const dir = consumer.dir;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
};
const SUBPATHS = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json').map((k) => k.slice(2));

/** Runs `node` in the consumer project (asynchronously: a blocked vitest worker misses its RPC deadline). */
function node(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return run(process.execPath, args, { cwd: dir });
}

/** The paired t of the PSOC total in the 1997 sample, as the library computes it from src/. */
let reference: { t: number; n: number };
beforeAll(async () => {
  const study = await loadStudy('prepost-1997');
  const p = notebookPrePost(study.scores, 'psoc:total', { pre: 'T1', post: 'T2' });
  const t = tTestPaired(p.post, p.pre);
  reference = { t: t.statistic, n: t.n };
});

const SCRIPT = `
  const study = await hs.loadStudy('prepost-1997');
  const p = hs.notebookPrePost(study.scores, 'psoc:total', { pre: 'T1', post: 'T2' });
  const t = hs.tTestPaired(p.post, p.pre);
  console.log(JSON.stringify({ t: t.statistic, n: t.n, keys: Object.keys(hs).length }));`;

describe('the packed package installed into a new empty project from the npm registry', () => {
  it('installs without overrides and without danfojs-node or TensorFlow', () => {
    const consumerPkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(consumerPkg.overrides).toBeUndefined();
    expect(existsSync(join(dir, 'node_modules/homestart-impact/package.json'))).toBe(true);
    for (const absent of ['danfojs-node', '@tensorflow/tfjs-node', '@tensorflow/tfjs']) expect(existsSync(join(dir, 'node_modules', absent)), absent).toBe(false);
    console.log(
      `consumer install (tarball + tslab): ${consumer.installSeconds.toFixed(1)} s, node_modules ${(consumer.nodeModulesBytes / 1e6).toFixed(0)} MB` +
        (consumer.libraryOnly ? `; library only: ${consumer.libraryOnly.installSeconds.toFixed(1)} s, ${(consumer.libraryOnly.nodeModulesBytes / 1e6).toFixed(0)} MB` : ''),
    );
  });

  it('the tarball holds the library, the CLI, schemas, instruments, sample data, docs and notebooks — no tests or tooling', async () => {
    const list = (await run('tar', ['-tzf', consumer.tarball])).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/homestart-impact.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js',
      'data-schemas/instrument.schema.json', 'data-schemas/instruments/nosik.json', 'data-schemas/registration/families.schema.json',
      'sample-data/synthetic-1997-prepost.csv', 'sample-data/registration/national/families.csv', 'docs/data-formats.md',
      'notebooks/05-thesis-quick-start.ipynb',
      ...SUBPATHS.flatMap((s) => [`dist/${s}/index.js`, `dist/${s}/index.d.ts`]),
    ]) expect(list, f).toContain(f);
    const tooling = list.filter((f) => /^(src|tests|scripts|bench|\.ci|node_modules)\/|^tsconfig|^vitest|\.map$|\.tsbuildinfo$/.test(f));
    expect(tooling).toEqual([]);
  });

  it('ESM import and CommonJS require both load it and give the library\'s numbers', async () => {
    const esm = await node(['--input-type=module', '-e', `import * as hs from 'homestart-impact';${SCRIPT}`]);
    expect(esm.status, esm.stderr).toBe(0);
    const cjs = await node(['-e', `(async () => { const hs = require('homestart-impact');${SCRIPT} })()`]);
    expect(cjs.status, cjs.stderr).toBe(0);
    for (const out of [esm.stdout, cjs.stdout]) {
      const r = JSON.parse(out) as { t: number; n: number; keys: number };
      expect(r.n).toBe(reference.n);
      expect(Math.abs(r.t - reference.t)).toBeLessThanOrEqual(1e-12 * Math.abs(reference.t));
      expect(r.keys).toBeGreaterThan(100);
    }
  });

  it('every subpath export loads with import and require; numerical internals are not exported', async () => {
    const specs = JSON.stringify(SUBPATHS.map((s) => `homestart-impact/${s}`));
    const esm = await node(['--input-type=module', '-e', `const out = {}; for (const s of ${specs}) out[s] = Object.keys(await import(s)).length; console.log(JSON.stringify(out));`]);
    expect(esm.status, esm.stderr).toBe(0);
    const cjs = await node(['-e', `const out = {}; for (const s of ${specs}) out[s] = Object.keys(require(s)).length; console.log(JSON.stringify(out));`]);
    expect(cjs.status, cjs.stderr).toBe(0);
    const counts = JSON.parse(esm.stdout) as Record<string, number>;
    expect(Object.keys(counts)).toHaveLength(SUBPATHS.length);
    for (const [spec, n] of Object.entries(counts)) expect(n, spec).toBeGreaterThan(0);
    expect(JSON.parse(cjs.stdout)).toEqual(counts);
    const internals = await node(['-e', `const hs = require('homestart-impact'), st = require('homestart-impact/stats');
      console.log(JSON.stringify(['brentRoot', 'qrLeastSquares', 'choleskyLower', 'generateSample', 'checkTestAlternative', 'sortedCopy', 'anovaGroupIndex', 'finiteValues'].filter((k) => k in hs || k in st)))`]);
    expect(JSON.parse(internals.stdout)).toEqual([]);
    const notExported = await node(['-e', `require('homestart-impact/dist/stats/roots.js')`]);
    expect(notExported.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  it('types resolve with moduleResolution node16, bundler and node10 (typesVersions), declaration files included', async () => {
    const code = `import { tTestPaired, loadStudy, type DesignResult } from 'homestart-impact';
import { cohensD } from 'homestart-impact/stats';
import { analyzePrePost } from 'homestart-impact/designs';
import { showChart } from 'homestart-impact/notebook';
import { loadMeasurements } from 'homestart-impact/data';
// @ts-expect-error numerical internals are not part of the public surface
import { brentRoot } from 'homestart-impact';
const t: number = tTestPaired([1, 2, 3], [2, 3, 5]).statistic;
const d: number = cohensD([1, 2, 3], [2, 3, 5]).estimate;
export { t, d, analyzePrePost, showChart, loadStudy, loadMeasurements, brentRoot };
export type R = DesignResult<object>;
`;
    const tdir = join(dir, 'types-check');
    mkdirSync(tdir, { recursive: true });
    writeFileSync(join(tdir, 'esm.mts'), code);
    writeFileSync(join(tdir, 'cjs.ts'), code);
    // TypeScript 5.0 as shipped with tslab (the notebooks' kernel: node10) and this repository's TypeScript 7 (node16, bundler)
    const tslabTsc = join(dir, 'node_modules/@tslab/typescript-for-tslab/bin/tsc');
    const repoTsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const checks: Array<[string, string, string, string]> = [[repoTsc, 'node16', 'node16', 'esm.mts'], [repoTsc, 'esnext', 'bundler', 'esm.mts'], [tslabTsc, 'commonjs', 'node10', 'cjs.ts']];
    for (const [tsc, module, resolution, file] of checks) {
      const r = await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--module', module, '--moduleResolution', resolution, '--types', 'node', join(tdir, file)], { cwd: dir });
      expect(r.status, `${tsc} ${resolution}:\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('npx homestart-impact --version and validate on the bundled 1997 sample file', async () => {
    const v = await run('npx', ['homestart-impact', '--version'], { cwd: dir });
    expect(v.stdout.trim()).toBe(pkg.version);
    const sample = join(dir, 'node_modules/homestart-impact/sample-data/synthetic-1997-prepost.csv');
    const r = await run('npx', ['homestart-impact', 'validate', sample], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rows read: 112, accepted: 112, rejected: 0/);
    const h = await run('npx', ['homestart-impact', '--help'], { cwd: dir });
    expect(h.stdout).toMatch(/Commands:[\s\S]*validate[\s\S]*score[\s\S]*report[\s\S]*analyze/);
  });

  it('the README\'s "Use it in your own project" example runs in the project and prints what the README says', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it in your own project'));
    const code = /```js\n([\s\S]*?)```/.exec(section)![1];
    const printed = /It prints `([^`]+)`/.exec(section)![1];
    writeFileSync(join(dir, 'analysis.mjs'), code);
    const r = await node(['analysis.mjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(printed);
  });

  it('a DataFrame without the optional danfojs-node names the exact install command and overrides', async () => {
    const r = await node(['-e', `require('homestart-impact').toDataFrame([{ a: 1 }])`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('toDataFrame needs the optional package danfojs-node, which is not installed in this project.');
    expect(r.stderr).toContain('"overrides": { "xlsx": "0.18.5", "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@3.21.0" }');
    expect(r.stderr).toContain('npm install danfojs-node@^1.2.0');
  });

  it('a notebook of the user\'s own runs with tslab, shows the library\'s number and a chart as PNG; nbconvert HTML shows the picture', async () => {
    const cell = (source: string, tags: string[] = []) => ({ cell_type: 'code', execution_count: null, metadata: { tags }, outputs: [], source });
    const nb = {
      cells: [
        cell(`import * as hs from 'homestart-impact';\nimport { interactionPlot } from 'homestart-impact/charts';`),
        cell(`const study = await hs.loadStudy('prepost-1997');\nconst p = hs.notebookPrePost(study.scores, 'psoc:total', { pre: 'T1', post: 'T2' });\nconst t = hs.tTestPaired(p.post, p.pre);\nhs.showKeyNumbers({ psoc_t: t.statistic, psoc_n: t.n });`, ['key-numbers']),
        cell(`await hs.showChart(interactionPlot(hs.notebookWaveMeans(study.scores, 'psoc:total'), { title: 'PSOC total by wave' }));`),
      ],
      metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const src = join(dir, 'my-first.ipynb');
    writeFileSync(src, JSON.stringify(nb, null, 1));
    const executedPath = join(dir, 'executed', 'my-first.ipynb');
    const r = await executeNotebook(consumer, src, executedPath);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const executed = JSON.parse(readFileSync(executedPath, 'utf8')) as { cells: Array<{ outputs: Array<{ output_type: string; name?: string; text?: string[]; data?: Record<string, unknown>; metadata?: Record<string, unknown> }> }> };
    const outputs = executed.cells.flatMap((c) => c.outputs);
    expect(outputs.filter((o) => o.output_type === 'error' || o.name === 'stderr')).toEqual([]);

    const numbers = outputs.find((o) => o.data && KEY_NUMBERS_MIME in o.data)!.data![KEY_NUMBERS_MIME] as { psoc_t: number; psoc_n: number };
    expect(numbers.psoc_n).toBe(reference.n);
    expect(Math.abs(numbers.psoc_t - reference.t)).toBeLessThanOrEqual(1e-12 * Math.abs(reference.t));

    const chart = outputs.find((o) => o.data && 'image/png' in o.data)!;
    expect(Object.keys(chart.data!).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/png', 'text/plain']);
    const png = Buffer.from(chart.data!['image/png'] as string, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.metadata).toEqual({ 'image/png': { width: png.readUInt32BE(16) / 2, height: png.readUInt32BE(20) / 2 } });

    const html = await run('jupyter', ['nbconvert', '--to', 'html', executedPath], { cwd: dir, env: consumer.env });
    expect(html.status, html.stderr).toBe(0);
    const page = readFileSync(executedPath.replace(/\.ipynb$/, '.html'), 'utf8');
    const imgs = page.match(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]{1000,}"/g) ?? [];
    expect(imgs).toHaveLength(1);
    expect(page).not.toContain('data-mime-type="image/svg+xml"');
  });
});
