/**
 * The test helpers that compute scale scores and Cronbach's alpha straight from the sample items agree
 * with R (psych::alpha 2.2.9; base R means) on the committed files: tests/reference/sample_data.R →
 * sample_data.json. Closed form, so agreement is required to 1e-9 relative. (Regenerate the fixture with
 * `Rscript tests/reference/sample_data.R` whenever the sample files change.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSampleInstruments } from '../../src/sample/index.js';
import { cronbachAlpha, meanOf, parseSampleCsv, scoresAt } from './helpers.js';

interface Case {
  file: string;
  instrument: 'nosik' | 'psoc' | 'daily-hassles';
  scale: string;
  alpha_t1: number;
  n_complete_t1: number;
  means: Array<{ group: string; wave: string; mean: number }>;
}
const root = join(import.meta.dirname, '..', '..');
const ref = JSON.parse(readFileSync(join(root, 'tests', 'reference', 'sample_data.json'), 'utf8')) as { cases: Case[] };
const defs = readSampleInstruments();
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sample helpers vs R (psych::alpha, aggregate means)', () => {
  it('covers every scale of every study file', () => {
    expect(ref.cases.length).toBe(37); // 1997: 4 + 3 + 2; four other files: 4 + 3 each
  });
  it.each(ref.cases.map((c) => [`${c.file} ${c.instrument}.${c.scale}`, c] as const))('%s', (_label, c) => {
    const rows = parseSampleCsv(readFileSync(join(root, 'sample-data', c.file), 'utf8')).rows;
    const def = defs[c.instrument]!;
    expect(rel(cronbachAlpha(rows.filter((r) => r.wave === 'T1'), def, c.scale), c.alpha_t1)).toBeLessThan(1e-9);
    for (const m of c.means) {
      const got = meanOf([...scoresAt(rows, def, c.scale, m.group, m.wave).values()]);
      expect(rel(got, m.mean), `${m.group} ${m.wave}`).toBeLessThan(1e-9);
    }
  });
});
