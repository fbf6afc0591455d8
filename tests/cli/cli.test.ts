import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const sample = (f: string) => new URL(`../../sample-data/${f}`, import.meta.url).pathname;

const run = runCli;

afterEach(() => vi.restoreAllMocks());

describe('homestart-impact validate', () => {
  it('exit 0 and a summary for a valid file', async () => {
    const r = await run(['validate', sample('synthetic-2005-control.csv')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rows read: 210, accepted: 210, rejected: 0/);
    expect(r.out).toMatch(/wide-by-wave layout/);
  });

  it('exit 1, every issue with row/column/value/rule, and a rejects file, when some rows are invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-cli-'));
    const rejects = join(dir, 'rejects.csv');
    const r = await run(['validate', sample('broken/out-of-range.csv'), '--json', '--rejects', rejects]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.rows).toBe(j.accepted + j.rejected);
    expect(j.rejected).toBeGreaterThan(0);
    const oor = j.issues.find((i: any) => i.rule === 'out-of-range');
    expect(oor).toMatchObject({ column: 'nosik_03', value: '7' });
    expect(oor.row).toBeGreaterThan(1);
    expect(oor.message).toMatch(/out-of-range\.csv, row \d+, column "nosik_03": value "7" is outside the allowed range 1 to 6/);
    expect(j.issues.some((i: any) => i.rule === 'not-a-number')).toBe(true);
    const csv = readFileSync(rejects, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/row/);
    // rejected rows plus rejected units (one instrument at one wave of an otherwise accepted row)
    expect(csv.split('\n').filter(Boolean).length).toBe(j.rejects + 1);
    expect(j.units.accepted + j.units.rejected).toBe(j.units.read);
    expect(j.rejects).toBeGreaterThanOrEqual(j.rejected);
  });

  it('exit 2 for a file with identifying columns, without echoing their values', async () => {
    const r = await run(['validate', sample('broken/identifying-column.csv'), '--json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j.usable).toBe(false);
    expect(j.accepted).toBe(0);
    expect(j.rejected).toBe(j.rows);
    expect(r.out).not.toMatch(/@example\.org/);
    expect(r.out).not.toMatch(/Voorbeeld Ouder/);
    expect(j.issues.some((i: any) => i.rule === 'identifying-column' && /pseudonym/i.test(i.message) && /HS-0001/.test(i.message))).toBe(true);
  });

  it('reads a Dutch Excel export (semicolons, decimal commas, Windows-1252)', async () => {
    const r = await run(['validate', sample('broken/dutch-excel-export.csv'), '--json']);
    const j = JSON.parse(r.out);
    expect(j.rows).toBeGreaterThan(0);
    expect(j.rows).toBe(j.accepted + j.rejected);
    expect(r.code).toBe(j.rejected > 0 ? 1 : 0);
  });

  it('exit 2 with a clear message for a missing file or bad usage', async () => {
    const missing = await run(['validate', '/nonexistent/file.csv']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/file not found: \/nonexistent\/file\.csv/);
    const usage = await run(['validate', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/Unknown option '--bogus'/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('prints help for the program and each command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/validate/);
    expect(top.out).toMatch(/score/);
    const v = await run(['validate', '--help']);
    expect(v.out).toMatch(/Usage: homestart-impact validate FILE/);
    expect(v.out).toMatch(/Exit codes: 0 all rows valid, 1 some rows rejected/);
    const s = await run(['help', 'score']);
    expect(s.out).toMatch(/Usage: homestart-impact score FILE --out SCORES\.csv/);
  });
});

describe('homestart-impact score', () => {
  it('writes one row per participant × wave × scale with item counts and missing reasons', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-cli-'));
    const out = join(dir, 'scores.csv');
    const r = await run(['score', sample('synthetic-1997-prepost.csv'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(existsSync(out)).toBe(true);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 12)).toEqual([
      'participant_id', 'group', 'wave', 'date', 'instrument', 'scale', 'score',
      'items_expected', 'items_answered', 'items_prorated', 'origin', 'missing_reason',
    ]);
    expect(lines.length - 1).toBe(j.scores);
    // 56 families × 2 waves × (nosik 4 + psoc 3 + daily hassles 2 + life events 4 + gas 2 scales)
    expect(j.scores).toBe(56 * 2 * 15);
    const gas = lines.filter((l) => l.includes(',gas,t_score,'));
    expect(gas.length).toBe(112);
  });

  it('--excel-nl writes semicolons, decimal commas and a BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-cli-'));
    const out = join(dir, 'scores.csv');
    await run(['score', sample('synthetic-1997-prepost.csv'), '--out', out, '--excel-nl']);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFFparticipant_id;group;wave;/);
    expect(text).toMatch(/;\d+,\d+;/); // a decimal comma somewhere (GAS T-scores)
  });

  it('requires --out', async () => {
    const r = await run(['score', sample('synthetic-1997-prepost.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out SCORES\.csv is required/);
  });
});
