/**
 * The status line of `report` and `evaluation` (src/cli/progress.ts): on a terminal, one line on stderr that
 * rewrites itself with the disclosure control's progress (which audit, its stage, cells settled of its total,
 * LPs, time), cleared before the normal output; nothing on a non-terminal (logs and CI stay clean). Counts only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disclosureProgressLine, elapsed, statusLine } from '../../src/cli/progress.js';
import type { DisclosureProgress } from '../../src/impact/disclosure.js';
import { runCli } from './run-cli.js';
import { publishedJsonFiles, writeSiteSubset } from '../impact/fixtures.js';

const progress = (over: Partial<DisclosureProgress> = {}, audit: Partial<DisclosureProgress['audit']> = {}): DisclosureProgress => ({
  step: 'repair',
  round: 1,
  failing: null,
  fallbackRound: 0,
  lps: 10,
  ms: 1000,
  ...over,
  audit: { stage: 'local', settled: 5, total: 50, lps: 10, ms: 1000, done: false, ...audit },
});

/** A stream that records what is written; a terminal when `tty`. */
function fakeStream(tty: boolean, columns = 200) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('disclosureProgressLine', () => {
  it('the TSDoc example', () => {
    expect(
      disclosureProgressLine({ step: 'repair', round: 2, failing: 37, fallbackRound: 0, lps: 5812, ms: 72_400, audit: { stage: 'component', settled: 1234, total: 3760, lps: 812, ms: 20_000, done: false } }),
    ).toBe('disclosure control: audit round 2, whole components: 1,234 of 3,760 cells settled, 5,812 LPs, 1 min 12 s (37 counts not yet protected after round 1)');
  });
  it('names each kind of audit, the fallback round and the stage', () => {
    expect(disclosureProgressLine(progress())).toBe('disclosure control: audit round 1, local LPs: 5 of 50 cells settled, 10 LPs, 1 s');
    expect(disclosureProgressLine(progress({ step: 'exact', round: 4 }, { stage: 'neighbourhood' }))).toMatch(/^disclosure control: audit round 4 \(exact bounds\), neighbourhoods: /);
    expect(disclosureProgressLine(progress({ step: 'left-out', round: 5 }))).toMatch(/audit round 5 \(after leaving counts out\)/);
    expect(disclosureProgressLine(progress({ step: 'reprint', trial: { index: 3, of: 1200 } }))).toMatch(/^disclosure control: redundant suppression, trial 3 of 1,200, local LPs/);
    expect(disclosureProgressLine(progress({ step: 'zeros' }))).toMatch(/^disclosure control: zeros printed before, /);
    expect(disclosureProgressLine(progress({ step: 'proofs' }))).toMatch(/^disclosure control: audit for the proofs kept, /);
    expect(disclosureProgressLine(progress({ fallbackRound: 2 }))).toMatch(/^disclosure control, fallback round 2: audit round 1, /);
    expect(disclosureProgressLine(progress({ round: 3, failing: 1 }))).toMatch(/, 1 s \(1 count not yet protected after round 2\)$/);
  });
  it('elapsed time in seconds, minutes, hours', () => {
    expect(elapsed(999)).toBe('0 s');
    expect(elapsed(59_999)).toBe('59 s');
    expect(elapsed(60_000)).toBe('1 min 0 s');
    expect(elapsed(72_400)).toBe('1 min 12 s');
    expect(elapsed(3_900_000)).toBe('1 h 5 min');
  });
});

describe('statusLine', () => {
  it('on a terminal: the step, then the progress in its place; a new stage at once, the same stage at most every 200 ms; cleared at the end', () => {
    const { writes, stream } = fakeStream(true);
    const s = statusLine(stream);
    s.step('protecting and auditing the publication set');
    expect(writes).toEqual(['\r\x1b[K  [1] protecting and auditing the publication set…']);
    s.disclosure(progress());
    expect(writes[1]).toBe('\r\x1b[K  [1] disclosure control: audit round 1, local LPs: 5 of 50 cells settled, 10 LPs, 1 s');
    // the same stage again at once: not rewritten; a new stage: rewritten at once
    s.disclosure(progress({}, { settled: 6 }));
    expect(writes.length).toBe(2);
    s.disclosure(progress({}, { stage: 'component', settled: 7 }));
    expect(writes.length).toBe(3);
    expect(writes[2]).toMatch(/whole components: 7 of 50/);
    s.clear();
    expect(writes[3]).toBe('\r\x1b[K');
  });
  it('the same stage is rewritten once 200 ms have passed', () => {
    const { writes, stream } = fakeStream(true);
    const real = performance.now.bind(performance);
    let now = 0;
    performance.now = () => now;
    try {
      const s = statusLine(stream);
      s.disclosure(progress({}, { settled: 1 }));
      now = 150;
      s.disclosure(progress({}, { settled: 2 }));
      now = 201;
      s.disclosure(progress({}, { settled: 3 }));
    } finally {
      performance.now = real;
    }
    expect(writes.map((w) => /: (\d+) of 50/.exec(w)![1])).toEqual(['1', '3']);
  });
  it('cut to the terminal width, so that it never wraps', () => {
    const { writes, stream } = fakeStream(true, 40);
    statusLine(stream).disclosure(progress());
    const text = writes[0].replace('\r\x1b[K', '');
    expect(text.length).toBe(39);
    expect(text.endsWith('…')).toBe(true);
  });
  it('not a terminal: nothing at all', () => {
    const { writes, stream } = fakeStream(false);
    const s = statusLine(stream);
    s.step('reading registration data');
    s.disclosure(progress());
    s.clear();
    expect(writes).toEqual([]);
  });
});

describe('the report command’s status line', () => {
  let tmp: string;
  let data: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'hs-progress-'));
    data = join(tmp, 'data');
    writeSiteSubset(data, new Set(['S050', 'S084']));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Runs `report` (or `args`) with stderr a terminal or not; returns the CLI's result and everything written to stderr directly. */
  async function run(tty: boolean, out: string, args = ['report', '--year', '2025', '--data', data, '--out', out, '--lang', 'en', '--reference-date', '2025-12-31', '--audit-cache', 'off', '--all-scopes']) {
    const had = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true, writable: true });
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (writes.push(String(s)), true));
    try {
      const r = await runCli(args);
      return { r, writes };
    } finally {
      spy.mockRestore();
      if (had) Object.defineProperty(process.stderr, 'isTTY', had);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  }

  it('on a terminal: the disclosure control’s progress, counts only, cleared before the output; not on a non-terminal; the same files either way', async () => {
    const onTty = await run(true, join(tmp, 'tty'));
    expect(onTty.r.code).toBe(0);
    const lines = onTty.writes.filter((w) => w.includes('disclosure control'));
    expect(lines.length).toBeGreaterThan(0);
    // every progress line: the step number, then counts and fixed words only (no name, no value of a cell)
    for (const w of lines) expect(w).toMatch(/^\r\x1b\[K {2}\[\d+\] disclosure control(, fallback round \d+)?: [a-z ]+( round \d+)?( \([a-z ]+\))?(, trial [\d,]+ of [\d,]+)?, (local LPs|neighbourhoods|whole components): [\d,]+ of [\d,]+ cells settled, [\d,]+ LPs, \d+ (s|min \d+ s|h \d+ min)( \([\d,]+ counts? not yet protected after round \d+\))?$/);
    expect(lines.some((w) => /audit round 1, local LPs: 0 of [1-9][\d,]* cells settled/.test(w))).toBe(true);
    // the line is cleared before the normal output (printed with console.log after the last write)
    expect(onTty.writes[onTty.writes.length - 1]).toBe('\r\x1b[K');
    expect(onTty.r.out).toMatch(/Reports written: \d+ publications/);

    const plain = await run(false, join(tmp, 'plain'));
    expect(plain.r.code).toBe(0);
    expect(plain.writes.filter((w) => w.includes('disclosure control') || w.includes('\x1b'))).toEqual([]);
    // the same publications, whether or not the progress was shown
    const files = (dir: string) => publishedJsonFiles(dir).map((p) => readFileSync(p, 'utf8'));
    expect(files(join(tmp, 'tty'))).toEqual(files(join(tmp, 'plain')));
    const ledger = (dir: string) => JSON.parse(readFileSync(join(dir, 'suppression-ledger.json'), 'utf8')).hidden;
    expect(ledger(join(tmp, 'tty'))).toEqual(ledger(join(tmp, 'plain')));
  }, 240_000);

  it('evaluation: the same line on a terminal, cleared before the output; nothing on a non-terminal', async () => {
    const args = (out: string) => ['evaluation', '--site', 'S050', '--from', '2024-03-01', '--to', '2025-06-30', '--data', data, '--out', out, '--lang', 'en', '--reference-date', '2025-12-31', '--audit-cache', 'off'];
    const onTty = await run(true, '', args(join(tmp, 'ev-tty')));
    expect(onTty.r.code).toBe(0);
    const lines = onTty.writes.filter((w) => w.includes('disclosure control'));
    expect(lines.length).toBeGreaterThan(0);
    for (const w of lines) expect(w).toMatch(/^\r\x1b\[K {2}\[1\] disclosure control(, fallback round \d+)?: [a-z ]+( round \d+)?( \([a-z ]+\))?(, trial [\d,]+ of [\d,]+)?, (local LPs|neighbourhoods|whole components): [\d,]+ of [\d,]+ cells settled, [\d,]+ LPs, \d+ (s|min \d+ s|h \d+ min)( \([\d,]+ counts? not yet protected after round \d+\))?$/);
    expect(onTty.writes[onTty.writes.length - 1]).toBe('\r\x1b[K');
    expect(onTty.r.out).toMatch(/Evaluation written: /);
    const plain = await run(false, '', args(join(tmp, 'ev-plain')));
    expect(plain.r.code).toBe(0);
    expect(plain.writes).toEqual([]);
  }, 240_000);
});
