// After `tsc -p tsconfig.build.json`: TypeScript 7 writes `/// <reference types="node" resolution-mode="require"/>`
// into declaration files whose signatures use Node's global types (Buffer). That attribute is an error
// (TS1452) for a consumer type-checking with moduleResolution bundler or node10 and skipLibCheck off, so
// it is removed here; the plain reference resolves @types/node the same way under every resolution mode.
// Duplicate references are collapsed. tests/package/consumer.test.ts type-checks a consumer in all three modes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REF = /^\/\/\/ <reference types="([^"]+)" resolution-mode="(?:require|import)"\s*\/>\r?\n/gm;
let changed = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.d.ts')) {
      const src = readFileSync(p, 'utf8');
      const seen = new Set();
      const out = src.replace(REF, (_, types) => (seen.has(types) ? '' : (seen.add(types), `/// <reference types="${types}" />\n`)));
      if (out !== src) {
        writeFileSync(p, out);
        changed++;
      }
    }
  }
}
walk(new URL('../dist/', import.meta.url).pathname);
console.log(`fix-declarations: ${changed} declaration files without resolution-mode references`);
