/** The annual report says it was made from synthetic data when its input files say so (their first line). */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { syntheticRegistration } from '../../src/cli/commands/registration.js';

describe('homestart-impact report marks synthetic data', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'hs-synth-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = async (args: string[]) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      return await main(['report', ...args]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };

  it('synthetic sample files: the report says SYNTHETIC DATA under its title; the same rows without the comment line: it does not', async () => {
    expect(await run(['--year', '2020', '--data', 'sample-data/registration/local', '--out', join(tmp, 'synth'), '--reference-date', '2021-06-30'])).toBe(0);
    expect(readFileSync(join(tmp, 'synth', 'jaarverslag-2020-national.html'), 'utf8')).toContain('SYNTHETISCHE DATA');
    const real = join(tmp, 'real-data');
    cpSync('sample-data/registration/local', real, { recursive: true });
    for (const f of readdirSync(real).filter((x) => x.endsWith('.csv'))) {
      const p = join(real, f);
      writeFileSync(p, readFileSync(p, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n'));
    }
    expect(await run(['--year', '2020', '--data', real, '--out', join(tmp, 'real'), '--reference-date', '2021-06-30', '--lang', 'en'])).toBe(0);
    expect(readFileSync(join(tmp, 'real', 'annual-report-2020-national.html'), 'utf8')).not.toContain('SYNTHETIC DATA');
  });
});

describe('which registration files say they are synthetic', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'hs-synth-head-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const files = (...names: string[]) => ({ files: names.map((file) => ({ file })) }) as unknown as Parameters<typeof syntheticRegistration>[1];

  it('the first line of any file, after a byte-order mark, in any case; not a later line, not a file not read', async () => {
    writeFileSync(join(tmp, 'a.csv'), 'site_id\n' + 'é,'.repeat(2000) + '\n# SYNTHETIC DATA on a later line\n');
    writeFileSync(join(tmp, 'b.csv'), '\uFEFF# synthetic data, generated\nfamily_id\n' + 'x\n'.repeat(5000));
    writeFileSync(join(tmp, 'c.csv'), 'ĳ'.repeat(600) + '# SYNTHETIC\n');
    expect(syntheticRegistration(tmp, files('a.csv'))).toBe(false);
    expect(syntheticRegistration(tmp, files('a.csv', 'b.csv'))).toBe(true);
    expect(syntheticRegistration(tmp, files('c.csv'))).toBe(false);
    expect(syntheticRegistration(tmp, { files: [{ file: null }] } as unknown as Parameters<typeof syntheticRegistration>[1])).toBe(false);
  });
});
