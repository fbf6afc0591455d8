/**
 * Shared fixtures of the design tests: the committed sample files loaded and scored once per test
 * file, the R reference values (tests/reference/designs.json, made by tests/reference/designs.R) and
 * a relative-tolerance comparison.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { loadMeasurements } from '../../src/data/measurements.js';
import type { MeasurementRecord, ScoreRow } from '../../src/data/types.js';
import { defaultInstruments } from '../../src/instruments/registry.js';
import { scoreRecords } from '../../src/instruments/scoring.js';
import { sampleDataPath } from '../../src/sample/files.js';
import type { SampleDesignId } from '../../src/sample/designs.js';

export interface Scored {
  records: MeasurementRecord[];
  scores: ScoreRow[];
}

const cache = new Map<string, Promise<Scored>>();

/** Loads and scores a bundled sample file (by design id), cached. */
export function scoredSample(id: SampleDesignId): Promise<Scored> {
  let p = cache.get(id);
  if (!p) {
    p = loadMeasurements(sampleDataPath(id)).then((r) => ({ records: r.records, scores: scoreRecords(r.records, defaultInstruments()).scores }));
    cache.set(id, p);
  }
  return p;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REF: any = JSON.parse(readFileSync(new URL('../reference/designs.json', import.meta.url), 'utf8'));

/**
 * |actual − expected| ≤ max(rel·|expected|, abs), with a readable message. `abs` (default 1e-12) is the
 * floor for values at or near 0, where a relative tolerance means nothing (e.g. a CI bound of d that
 * happens to lie at −0.0002: both R and we find it by root finding to about 1e-8 absolute).
 */
export function expectClose(actual: number, expected: number, rel = 1e-6, what = '', abs = 1e-12): void {
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what}: got ${actual}, R gives ${expected} (relative tolerance ${rel})`);
  }
}
