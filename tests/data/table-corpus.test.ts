/**
 * The table reader reads its whole corpus (tests/data/table-corpus.ts) exactly as recorded in
 * tests/fixtures/data/table-corpus.json: same header, row numbers, cells, problems, read info and
 * errors, for every file × entry point × option combination.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CORPUS_JSON, cleanTemp, corpusCases, digest } from './table-corpus.js';

const update = process.env.UPDATE_TABLE_CORPUS === '1';
const expected: Record<string, string> = !update && existsSync(CORPUS_JSON) ? (JSON.parse(readFileSync(CORPUS_JSON, 'utf8')) as Record<string, string>) : {};
const cases = corpusCases();
const written: Record<string, string> = {};

afterAll(() => {
  cleanTemp();
  if (update) writeFileSync(CORPUS_JSON, JSON.stringify(written, null, 1) + '\n');
});

describe('the table reader reads its corpus as recorded', () => {
  it('has a recorded output for every case, and no stale ones', () => {
    if (update) return;
    expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.name).sort());
  });
  for (const c of cases) {
    it(c.name, async () => {
      const out = digest(await c.run());
      if (update) written[c.name] = out;
      else expect(out).toBe(expected[c.name]);
    }, 60_000);
  }
});
