/**
 * The CLI starts fast because `--help` and `--version` load nothing of the library: src/cli/main.ts
 * imports only Node built-ins and ./args.js, and each command's module (loaders, statistics, vega,
 * resvg, xlsx, …) is imported when that command runs. Checked on the built CLI (`npm test` builds
 * first) by recording every module Node resolves while it prints `--help`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/homestart-impact.js');

/** Registers a resolve hook that prints every resolved URL to stderr. */
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + "\\\\n"); return r; }'));
`)}`;

function loaded(args: string[]): { status: number | null; stdout: string; urls: string[] } {
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], { encoding: 'utf8' });
  const urls = r.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice(9));
  return { status: r.status, stdout: r.stdout, urls };
}

describe('CLI start-up loads no library module', () => {
  it('src/cli/main.ts imports only Node built-ins and ./args.js statically', () => {
    for (const f of ['src/cli/main.ts', 'src/cli/args.ts']) {
      const src = readFileSync(join(ROOT, f), 'utf8');
      const specifiers = [...src.matchAll(/^import\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(specifiers.filter((s) => !s.startsWith('node:') && s !== './args.js'), f).toEqual([]);
    }
  });

  it('--help and --version resolve only the CLI entry modules', () => {
    for (const args of [['--help'], ['--version']]) {
      const r = loaded(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.urls.some((u) => u.includes('/dist/cli/main.js')), 'the trace sees the CLI').toBe(true);
      expect(r.urls.filter((u) => u.startsWith('file:') && !/\/(bin\/homestart-impact|dist\/cli\/(main|args))\.js$/.test(u)), `modules loaded by ${args.join(' ')}`).toEqual([]);
    }
  });

  it('report and evaluation load the registration path only: not the measurement loader, instruments or SPSS reader', () => {
    for (const command of ['report', 'evaluation']) {
      const r = loaded([command, '--help']);
      expect(r.status, command).toBe(0);
      expect(r.urls.some((u) => u.endsWith(`/dist/cli/commands/${command}.js`)), command).toBe(true);
      expect(r.urls.filter((u) => /\/dist\/(data\/(measurements|sav|mapping-suggest|key-store|columns)|instruments\/(registry|validate|scoring)|cli\/commands\/shared)\.js$/.test(u)), command).toEqual([]);
    }
  });

  it('--version prints the package version; a command loads its module on demand', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(loaded(['--version']).stdout.trim()).toBe(pkg.version);
    const r = loaded(['validate', '--help']);
    expect(r.stdout).toMatch(/^Usage: homestart-impact validate FILE/);
    expect(r.urls.some((u) => u.endsWith('/dist/cli/commands/validate.js'))).toBe(true);
    expect(r.urls.some((u) => u.endsWith('/dist/cli/commands/analyze.js'))).toBe(false);
  });
});
