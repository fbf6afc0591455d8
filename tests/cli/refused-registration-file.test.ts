/**
 * A volunteers or trajectories file refused as a whole (a column that identifies people) while sites and families
 * are usable: every figure drawn from it would be printed as 0 instead of unknown, so `report` and `evaluation`
 * write nothing (exit 2) and say why in one sentence, without the identifying value.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const PLANTED = 'Piet Jansen 0612345678';

/** The local sample with a name and phone number planted in one volunteer's stop reason. */
function plantedData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hs-refused-file-'));
  cpSync('sample-data/registration/local', join(dir, 'data'), { recursive: true });
  const file = join(dir, 'data', 'vrijwilligers.csv');
  const lines = readFileSync(file, 'utf8').split('\n');
  // line 1 is the synthetic-data comment, line 2 the header (semicolons: a Dutch Excel CSV), line 3 the first volunteer
  const header = lines[1].split(';');
  const cells = lines[2].split(';');
  cells[header.indexOf('stopreden')] = PLANTED;
  lines[2] = cells.join(';');
  writeFileSync(file, lines.join('\n'));
  return dir;
}

describe('a registration file refused as a whole', () => {
  for (const command of ['report', 'evaluation'] as const) {
    it(`${command}: exit 2, nothing written, the sentence names the file and the reason, never the value`, async () => {
      const dir = plantedData();
      const out = join(dir, 'out');
      const args = command === 'report' ? ['report', '--year', '2020', '--data', join(dir, 'data'), '--out', out, '--audit-cache', 'off'] : ['evaluation', '--site', 'DLF', '--from', '2018-03-01', '--to', '2021-06-30', '--reference-date', '2021-06-30', '--data', join(dir, 'data'), '--out', out, '--audit-cache', 'off'];
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
      expect(r.err).toMatch(/vrijwilligers\.csv: the file was refused because it identifies people/);
      expect(r.err).toMatch(new RegExp(`homestart-impact ${command}: no row of vrijwilligers\\.csv could be used, so every figure about volunteers would be printed as 0 instead of unknown`));
      expect(r.err + r.out).not.toContain('0612345678');
      expect(r.err + r.out).not.toContain('Piet Jansen');
    });
  }
});
