import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

describe('README', () => {
  it('the ten-line library example runs as written (imports the built package by name)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## Library in ten lines\s+```ts\n([\s\S]*?)```/.exec(readme);
    expect(block, 'README has a "Library in ten lines" ts block').not.toBeNull();
    const code = block![1];
    expect(code).toMatch(/from 'homestart-impact'/);
    expect(existsSync(join(root, 'dist/index.js')), 'dist/ is built (npm test builds it)').toBe(true);
    // inside the package directory so that `homestart-impact` resolves to this package (self-reference)
    const dir = join(root, 'tests/.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'readme-example.mts');
    writeFileSync(file, code);
    const out = execFileSync(join(root, 'node_modules/.bin/tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/^112 rows accepted, 0 rejected — wide-by-wave layout/m);
    expect(out).toMatch(/PSOC/);
    expect(out).toMatch(/t\(\d+\) = -?\d+\.\d\d, p [<=] \.\d{3}/);
    // the sentence quoted in the README is what the example prints
    const quoted = /It prints, among others:\s+```\n(.*)\n```/.exec(readme)![1];
    expect(out).toContain(quoted);
  });

  it('names only commands and scripts that exist', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const m of readme.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, m[0]).toHaveProperty(m[1]);
    expect(pkg.scripts.start).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
    for (const m of readme.matchAll(/\]\(([\w./-]+\.md)\)/g)) expect(existsSync(join(root, m[1])), m[1]).toBe(true);
  });
});
