/** The annual report says it was made from synthetic data when its input files say so (their first line). */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

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
