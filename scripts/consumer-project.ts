/**
 * A project of a user's own, made from nothing: `npm pack` this repository, `npm init -y` in an empty
 * temporary folder, `npm install` the tarball (and tslab) from the npm registry alone — no overrides —
 * and install that project's tslab as a Jupyter kernel in a private kernel folder. The package tests
 * (`npm run test:package`) and `scripts/execute-notebooks.ts` run everything in such a project, so the
 * notebooks import `'homestart-impact'` exactly as a user's notebook does.
 *
 * Needs Jupyter (Debian: jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel) for the
 * kernel; `jupyterMissing()` names the command that installs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

/** The one command that installs what the notebook tests need on Debian/Ubuntu. */
export const JUPYTER_INSTALL_COMMAND =
  'apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel';

/** Python with jupyter_client (Debian's); the kernel spec is installed with it. */
export const PYTHON = '/usr/bin/python3';

export interface ConsumerProject {
  /** The project folder (has package.json and node_modules/homestart-impact). */
  dir: string;
  /** The packed tarball that was installed. */
  tarball: string;
  /** Environment for `jupyter …` in this project: JUPYTER_PATH points at its private tslab kernel. */
  env: Record<string, string>;
  /** Seconds `npm install <tarball> tslab` took, and the size of node_modules in bytes. */
  installSeconds: number;
  nodeModulesBytes: number;
  /** Seconds and size of a second, library-only project (`npm install <tarball>`), when measured. */
  libraryOnly?: { installSeconds: number; nodeModulesBytes: number };
}

/** Why Jupyter cannot run notebooks here, with the command that fixes it; undefined when it can. */
export function jupyterMissing(): string | undefined {
  const v = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) {
    return `Jupyter's nbconvert is not installed. Install it with:\n  ${JUPYTER_INSTALL_COMMAND}\n(or run bash .ci/run, which installs it)`;
  }
  const k = spawnSync(PYTHON, ['-c', 'import jupyter_client, ipykernel, nbclient'], { encoding: 'utf8' });
  if (k.status !== 0) {
    return `${PYTHON} lacks jupyter_client/ipykernel/nbclient. Install them with:\n  ${JUPYTER_INSTALL_COMMAND}`;
  }
  return undefined;
}

/** Runs a command without blocking the event loop (vitest workers must keep answering RPC). */
export function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

async function mustRun(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await run(cmd, args, options);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}) in ${options.cwd ?? process.cwd()}:\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  return r.stdout;
}

/** Total size in bytes of the files below `dir` (symlinks not followed). */
export function duBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += duBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** `npm pack` of this repository (its `prepack` cleans and builds dist/) into `dest`; the tarball's path. */
export async function packRepository(dest: string): Promise<string> {
  const out = await mustRun('npm', ['pack', '--json', '--pack-destination', dest], { cwd: ROOT });
  const json = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
  return join(dest, json[0].filename);
}

/** The tslab version this repository is tested with (so the npm cache serves it). */
function tslabVersion(): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return lock.packages['node_modules/tslab']?.version ?? 'latest';
}

async function npmInstallInto(dir: string, specs: string[]): Promise<{ installSeconds: number; nodeModulesBytes: number }> {
  mkdirSync(dir, { recursive: true });
  await mustRun('npm', ['init', '-y'], { cwd: dir });
  const t0 = process.hrtime.bigint();
  await mustRun('npm', ['install', '--no-audit', '--no-fund', ...specs], { cwd: dir });
  const installSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { installSeconds, nodeModulesBytes: duBytes(join(dir, 'node_modules')) };
}

/**
 * Packs the repository and installs it with tslab into a new empty project under `base` (a fresh
 * temporary folder by default), then installs that project's tslab as the `tslab` kernel in
 * `<project>/.jupyter/share/jupyter` (used through JUPYTER_PATH; the machine's kernels are untouched).
 * With `measureLibraryOnly`, also installs the tarball alone into a second empty project to measure
 * what a library-only user downloads.
 */
export async function createConsumerProject(options: { base?: string; measureLibraryOnly?: boolean; log?: (s: string) => void } = {}): Promise<ConsumerProject> {
  const log = options.log ?? (() => {});
  const base = options.base ?? mkdtempSync(join(tmpdir(), 'homestart-consumer-'));
  const tarball = await packRepository(base);
  log(`packed ${tarball}`);
  const dir = join(base, 'my-study');
  const measured = await npmInstallInto(dir, [tarball, `tslab@${tslabVersion()}`]);
  log(`installed the tarball and tslab in ${measured.installSeconds.toFixed(1)} s (node_modules ${(measured.nodeModulesBytes / 1e6).toFixed(0)} MB)`);
  const prefix = join(dir, '.jupyter');
  await mustRun(join(dir, 'node_modules/.bin/tslab'), ['install', `--python=${PYTHON}`, `--binary=${join(dir, 'node_modules/.bin/tslab')}`, `--prefix=${prefix}`], { cwd: dir });
  const project: ConsumerProject = { dir, tarball, env: { JUPYTER_PATH: join(prefix, 'share/jupyter') }, ...measured };
  if (options.measureLibraryOnly) {
    project.libraryOnly = await npmInstallInto(join(base, 'library-only'), [tarball]);
    log(`library only: ${project.libraryOnly.installSeconds.toFixed(1)} s, node_modules ${(project.libraryOnly.nodeModulesBytes / 1e6).toFixed(0)} MB`);
  }
  writeFileSync(join(base, 'consumer.json'), JSON.stringify(project, null, 2));
  return project;
}

/**
 * Executes a notebook with the project's tslab kernel (nbconvert --execute) and writes the executed
 * copy to `outFile`. Cells run with the notebook's folder as working directory.
 */
export async function executeNotebook(project: ConsumerProject, notebook: string, outFile: string, env: Record<string, string> = {}): Promise<{ status: number | null; stderr: string }> {
  const outDir = resolve(outFile, '..');
  mkdirSync(outDir, { recursive: true });
  const r = await run('jupyter', [
    'nbconvert', '--to', 'notebook', '--execute', notebook, '--output-dir', outDir, '--output', outFile.slice(outDir.length + 1),
    '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=tslab',
  ], { cwd: project.dir, env: { ...project.env, ...env } });
  return { status: r.status, stderr: r.stderr };
}
