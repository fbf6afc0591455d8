/**
 * The complete content of `sample-data/` as produced by `npm run sample-data`: every synthetic
 * study file and every file of `sample-data/broken/`, as exact bytes (the script only writes them).
 */
import { brokenSampleFiles } from './broken.js';
import { sampleToCsv } from './csv.js';
import { SAMPLE_DESIGN_FILES, SAMPLE_DESIGN_IDS, sampleDesign } from './designs.js';
import { generateSample } from './generate.js';
import { readSampleInstruments, type SampleInstrumentSet } from './instruments.js';
import { fileURLToPath } from 'node:url';
import { SampleDesignError } from './types.js';
import type { SampleDesignId } from './designs.js';

export interface SampleFile {
  /** Path relative to `sample-data/`, with `/` separators (e.g. `broken/duplicate.csv`). */
  path: string;
  bytes: Buffer;
}

/**
 * All generated files, in a fixed order: the five study files, then `broken/*`.
 * The `sample-data/README.md` is written by hand and not part of this list.
 *
 * @example
 * sampleDataFiles().map((f) => f.path)[0]; // 'synthetic-1997-prepost.csv'
 */
export function sampleDataFiles(instruments: SampleInstrumentSet = readSampleInstruments()): SampleFile[] {
  const out: SampleFile[] = SAMPLE_DESIGN_IDS.map((id) => ({
    path: SAMPLE_DESIGN_FILES[id],
    bytes: Buffer.from(sampleToCsv(generateSample(sampleDesign(id), instruments)), 'utf8'),
  }));
  for (const f of brokenSampleFiles(instruments)) out.push({ path: `broken/${f.name}`, bytes: f.bytes });
  return out;
}

/**
 * Absolute path of a committed sample file (package root `sample-data/`), by design id or by path
 * relative to `sample-data/` (e.g. `broken/duplicate.csv`). Works from `src/` (tsx, vitest) and `dist/`.
 *
 * @example
 * sampleDataPath('fivewaves-2013').endsWith('sample-data/synthetic-2013-fivewaves.csv'); // true
 */
export function sampleDataPath(idOrPath: SampleDesignId | string): string {
  const rel = (SAMPLE_DESIGN_FILES as Record<string, string>)[idOrPath] ?? idOrPath;
  if (rel.includes('..')) throw new SampleDesignError(`sampleDataPath: '${idOrPath}' must name a file inside sample-data/.`);
  return fileURLToPath(new URL(`../../sample-data/${rel}`, import.meta.url));
}
