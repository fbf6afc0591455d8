/**
 * Writes the synthetic registration data (`npm run sample-data`, after the measurement samples):
 * `sample-data/registration/{national,local,broken}/`. All logic lives in `src/sample/registration.ts`;
 * this script only writes the bytes. Usage: `tsx scripts/generate-registration-data.ts [--out <dir>]`
 * (default: `sample-data/registration/` in the package root). Deterministic: reruns give identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registrationSampleFiles } from '../src/sample/registration.js';

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = i >= 0 && args[i + 1] ? resolve(args[i + 1]) : join(root, 'sample-data', 'registration');
  let total = 0;
  for (const f of registrationSampleFiles()) {
    const target = join(outDir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.bytes);
    total += f.bytes.length;
    console.log(`wrote ${target} (${f.bytes.length} bytes)`);
  }
  console.log(`registration sample data: ${(total / 1e6).toFixed(1)} MB in ${outDir}`);
}

main();
