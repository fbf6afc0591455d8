/**
 * The notebooks are what a user copies into a project of their own, and `npm run test:package` runs
 * them in such a project (the packed package installed from its tarball). So a code cell may import
 * only `homestart-impact`, its stage entry points (`homestart-impact/<stage>` from package.json
 * `exports`) and Node built-ins, and may not reach into this repository by relative path
 * (`../dist`, `../src`, `../sample-data`: use `hs.sampleDataPath(…)` for the bundled files).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const NB_DIR = join(ROOT, 'notebooks');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
const ALLOWED = new Set(Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`)));

describe('notebooks import the package as a user does', () => {
  for (const file of readdirSync(NB_DIR).filter((f) => f.endsWith('.ipynb')).sort()) {
    it(file, () => {
      const nb = JSON.parse(readFileSync(join(NB_DIR, file), 'utf8')) as { cells: Array<{ cell_type: string; source: string | string[] }> };
      const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
      const specifiers = [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(specifiers.some((s) => s === pkg.name), `${file} imports '${pkg.name}'`).toBe(true);
      const wrong = specifiers.filter((s) => !ALLOWED.has(s) && !s.startsWith('node:'));
      expect(wrong, `${file}: import '${pkg.name}' or '${pkg.name}/<stage>' (package.json exports) instead`).toEqual([]);
      const relative = [...code.matchAll(/['"](\.\.?\/(?:dist|src|sample-data|data-schemas)\/[^'"]*)['"]/g)].map((m) => m[1]);
      expect(relative, `${file}: use hs.sampleDataPath(…) / the package, not paths into this repository`).toEqual([]);
    });
  }
});
