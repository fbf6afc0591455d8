/**
 * The committed sample-data files are exactly what the current generator produces, and generation is
 * deterministic (same seed → same bytes), both through the library and through the script.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSample, readSampleInstruments, sampleDataFiles, sampleDesign, sampleToCsv } from '../../src/sample/index.js';

const root = join(import.meta.dirname, '..', '..');
const sampleDir = join(root, 'sample-data');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? listFiles(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`]));
}

describe('sample data is deterministic and committed', () => {
  const files = sampleDataFiles(readSampleInstruments());

  it('lists every measurement file in sample-data/ (besides the README and registration/, which has its own test) and nothing else', () => {
    const committed = listFiles(sampleDir).filter((f) => f !== 'README.md' && !f.startsWith('registration/'));
    expect(files.map((f) => f.path).sort()).toEqual(committed.sort());
    expect(files.length).toBe(13);
  });

  it.each(files.map((f) => [f.path, f] as const))('%s: the committed bytes equal a fresh generation', (_path, f) => {
    const onDisk = readFileSync(join(sampleDir, ...f.path.split('/')));
    expect(Buffer.compare(onDisk, f.bytes)).toBe(0);
  });

  it('generating twice gives identical text; another seed gives different text', () => {
    const a = sampleToCsv(generateSample(sampleDesign('control-2005')));
    const b = sampleToCsv(generateSample(sampleDesign('control-2005')));
    const c = sampleToCsv(generateSample(sampleDesign('control-2005', { seed: 2006 })));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(c.split('\n')[1]).toBe(a.split('\n')[1]); // same header
  });

  it('the script (npm run sample-data) writes byte-identical files into a temp dir', () => {
    const out = mkdtempSync(join(tmpdir(), 'hs-sample-'));
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'generate-sample-data.ts'), '--out', out], {
        cwd: root,
        stdio: 'pipe',
      });
      const written = listFiles(out);
      expect(written.sort()).toEqual(files.map((f) => f.path).sort());
      for (const f of written) {
        expect(Buffer.compare(readFileSync(join(out, f)), readFileSync(join(sampleDir, f))), f).toBe(0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
