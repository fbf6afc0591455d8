/**
 * Shared study outputs publish no individual exact value (issue: study outputs for sharing). The
 * attacker (tests/report/attacker.ts) holds every file `analyze --out` writes and every participant's
 * true scores; in share mode (the default) it finds nothing, in private mode (the control case, so the
 * test can fail) it finds every participant.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadMeasurements } from '../../src/data/measurements.js';
import { defaultInstruments } from '../../src/instruments/registry.js';
import { scoreRecords } from '../../src/instruments/scoring.js';
import { sampleDataPath } from '../../src/sample/files.js';
import { participantNumbers } from '../../src/charts/builders.js';
import { attack } from './attacker.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return { code: await main(args), out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** The first `n` participants of each group of a sample file as a file of their own. */
function subset(id: 'prepost-1997' | 'control-2005', n: number, dir: string): string {
  const lines = readFileSync(sampleDataPath(id), 'utf8').split('\n');
  const head = lines.findIndex((l) => l.startsWith('participant_id'));
  const body = lines.slice(head + 1).filter(Boolean);
  const groups = [...new Set(body.map((l) => l.split(',')[1]))];
  const ids = groups.flatMap((g) => [...new Set(body.filter((l) => l.split(',')[1] === g).map((l) => l.split(',')[0]))].slice(0, n));
  const path = join(dir, `${id}-${n}.csv`);
  writeFileSync(path, [lines[head], ...body.filter((l) => ids.includes(l.split(',')[0]))].join('\n') + '\n');
  return path;
}

async function scoresOf(path: string) {
  const r = await loadMeasurements(path);
  return scoreRecords(r.records, defaultInstruments()).scores;
}

describe('analyze --out on 5 participants: nothing individual is published in share mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-disclosure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('share mode (default): the attacker finds no participant id and no exact score pair in any file', async () => {
    const file = subset('prepost-1997', 5, dir);
    const out = join(dir, 'share');
    const r = await run(['analyze', file, '--design', 'pre-post', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Output for sharing: no individual participant');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.disclosure).toMatchObject({ mode: 'share', minGroupSize: 5 });
    expect(readdirSync(join(out, 'figures')).some((f) => f.endsWith('.vl.json'))).toBe(true);
    const hits = attack(out, await scoresOf(file));
    expect(hits, JSON.stringify(hits.slice(0, 3))).toEqual([]);
  });

  it('control: --private publishes every participant exactly, and says so in titles and file names', async () => {
    const file = subset('prepost-1997', 5, dir);
    const out = join(dir, 'private');
    const r = await run(['analyze', file, '--design', 'pre-post', '--out', out, '--private', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PRIVATE — /m);
    const files = [...readdirSync(out), ...readdirSync(join(out, 'figures')), ...readdirSync(join(out, 'tables'))].filter((f) => f.includes('.'));
    expect(files.every((f) => f.includes('.PRIVATE.'))).toBe(true);
    expect(readFileSync(join(out, 'figures', 'prepost-slope-nosik-total.PRIVATE.svg'), 'utf8')).toContain('PRIVATE (individual values)');
    const hits = attack(out, await scoresOf(file));
    expect(new Set(hits.map((h) => h.participant)).size).toBe(5);
  });

  it('a group of 4: its statistics are replaced by a sentence, in tables, result.json and the APA text', async () => {
    const file = subset('prepost-1997', 4, dir);
    const out = join(dir, 'four');
    const r = await run(['analyze', file, '--design', 'pre-post', '--outcomes', 'psoc:total,nosik:total', '--out', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    for (const o of result.outcomes) {
      expect(o.n).toBe(4);
      expect(o.meanPre).toBeNull();
      expect(o.t).toBeNull();
      expect(o.suppressed).toMatch(/fewer than 5 participants/);
    }
    expect(result.sentences).toEqual(result.outcomes.map((o: { label: string }) => `${o.label}: Not shown: fewer than 5 participants (shared output shows no statistics of groups this small).`));
    const csv = readFileSync(join(out, 'tables', 'prepost-outcomes.csv'), 'utf8');
    expect(csv).toMatch(/fewer than 5 participants/);
    expect(attack(out, await scoresOf(file))).toEqual([]);
    // the group mean line is left out of the charts
    expect(readFileSync(join(out, 'figures', 'prepost-slope-psoc-total.vl.json'), 'utf8')).not.toContain('"kind": "mean"');
  });

  it('control design on 12 participants (6 + 6): share mode publishes no exact pair', async () => {
    const file = subset('control-2005', 6, dir);
    const out = join(dir, 'control');
    const r = await run(['analyze', file, '--design', 'control', '--covariates', 'none', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(3);
    expect(attack(out, await scoresOf(file))).toEqual([]);
  });
});

describe('participantNumbers', () => {
  it('is a seeded random permutation, not the order of the ids', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `HS-${String(i + 1).padStart(4, '0')}`);
    const a = participantNumbers(ids, 11);
    expect([...a.values()].map(Number).sort((x, y) => x - y)).toEqual(ids.map((_, i) => i + 1));
    expect([...a.values()]).not.toEqual(ids.map((_, i) => String(i + 1)));
    expect(participantNumbers(ids, 11)).toEqual(a);
    expect(participantNumbers(ids, 12)).not.toEqual(a);
  });
});
