/**
 * Writes the synthetic sample data (`npm run sample-data`). All logic lives in `src/sample/`;
 * this script only writes the bytes. Usage: `tsx scripts/generate-sample-data.ts [--out <dir>]`
 * (default: `sample-data/` in the package root). Deterministic: running it twice gives identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleDataFiles } from '../src/sample/index.js';

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = i >= 0 && args[i + 1] ? resolve(args[i + 1]) : join(root, 'sample-data');
  for (const f of sampleDataFiles()) {
    const target = join(outDir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.bytes);
    console.log(`wrote ${target} (${f.bytes.length} bytes)`);
  }
}

main();
