/**
 * Wide scores (src/instruments/wide-scores.ts) and the SPSS syntax that reads them
 * (src/util/sps-write.ts), verified by running the syntax in PSPP and reading back what PSPP
 * saved. When PSPP is not installed only the PSPP run is skipped (the test name says so); CI
 * installs it (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMeasurements } from '../../src/data/measurements.js';
import { readSav, savTable } from '../../src/data/sav.js';
import { scoreRecords } from '../../src/instruments/scoring.js';
import { scoresToWide } from '../../src/instruments/wide-scores.js';
import { spssSyntax } from '../../src/util/sps-write.js';
import { writeCsv } from '../../src/util/csv-write.js';

const fixture = fileURLToPath(new URL('../fixtures/data/spss/dutch-export.sav', import.meta.url));

function hasPspp(): boolean {
  try {
    execFileSync('pspp', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PSPP = hasPspp();

async function wide() {
  const r = await loadMeasurements(fixture);
  const scores = scoreRecords(r.records).scores;
  return { scores, wide: scoresToWide(scores) };
}

describe('scoresToWide', () => {
  it('one row per participant, nosik_total_T1 … with labels; equals the long table', async () => {
    const { scores, wide: w } = await wide();
    expect(w.columns).toEqual(['participant_id', 'group', 'group_code', 'age', 'nosik_parent_T1', 'nosik_parent_T2', 'nosik_child_T1', 'nosik_child_T2', 'nosik_depression_T1', 'nosik_depression_T2', 'nosik_total_T1', 'nosik_total_T2']);
    expect(w.rows).toHaveLength(24);
    for (const s of scores) {
      const row = w.rows.find((x) => x.participant_id === s.participantId)!;
      expect(row[`nosik_${s.scale}_${s.wave}`]).toBe(s.score);
      expect(row.group).toBe(s.group);
    }
    // the dropout: empty cells, never 99
    expect(w.rows.find((x) => x.participant_id === '108')!.nosik_total_T2).toBeNull();
    expect(w.variables.find((v) => v.name === 'group_code')!.valueLabels).toEqual({ 1: 'Home-Start', 2: 'comparison group' });
    expect(w.variables.find((v) => v.name === 'nosik_total_T1')!.label).toBe('NOSIK: Total parenting stress, T1');
  });
  it('spssSyntax text', () => {
    const sps = spssSyntax([{ name: 'id', type: 'string', width: 6, label: "Mother's id" }, { name: 'g', type: 'numeric', decimals: 0, valueLabels: { 1: 'Home-Start' }, level: 'nominal' }], { csvFile: 'w.csv', delimiter: ';', decimal: ',' });
    expect(sps).toContain("SET DECIMAL=COMMA.");
    expect(sps).toContain("  /DELIMITERS=';'");
    expect(sps).toContain("    id A6\n    g F12.0.");
    expect(sps).toContain("VARIABLE LABELS\n  id 'Mother''s id'.");
    expect(sps).toContain("VALUE LABELS g 1 'Home-Start'.");
    expect(sps).toContain('VARIABLE LEVEL g (NOMINAL).');
  });
});

describe('the .sps reads the wide CSV in PSPP with labels', () => {
  for (const variant of ['plain', 'excel-nl'] as const) {
    it.skipIf(!PSPP)(`${variant} CSV${PSPP ? '' : ' — SKIPPED: pspp is not installed (apt-get install pspp); only this PSPP check is skipped'}`, async () => {
      const { wide: w } = await wide();
      const dir = mkdtempSync(join(tmpdir(), 'hs-sps-'));
      try {
        const nl = variant === 'excel-nl';
        writeCsv(join(dir, 'wide.csv'), w.columns, w.rows, nl ? { delimiter: ';', decimal: ',', bom: true, eol: '\r\n' } : {});
        writeFileSync(join(dir, 'wide.sps'), spssSyntax(w.variables, { csvFile: 'wide.csv', ...(nl ? { delimiter: ';' as const, decimal: ',' as const } : {}) }));
        writeFileSync(join(dir, 'check.sps'), "SAVE OUTFILE='back.sav'.\n");
        const log = execFileSync('pspp', ['wide.sps', 'check.sps', '-o', 'out.txt'], { cwd: dir, encoding: 'utf8' });
        const out = readFileSync(join(dir, 'out.txt'), 'utf8');
        expect(`${log}${out}`).not.toMatch(/error|warning/i);
        const back = readSav(readFileSync(join(dir, 'back.sav')), 'back.sav');
        const t = savTable(back);
        expect(t.header).toEqual(w.columns);
        expect(t.meta.variableLabels.nosik_total_T2).toBe('NOSIK: Total parenting stress, T2');
        expect(t.meta.variableLabels.participant_id).toBe('Participant (pseudonymous id)');
        expect(t.meta.valueLabels.group_code).toEqual({ '1': 'Home-Start', '2': 'comparison group' });
        expect(back.cases).toHaveLength(w.rows.length);
        back.cases.forEach((c, i) => {
          w.columns.forEach((col, k) => {
            const mine = w.rows[i][col];
            if (typeof mine === 'number') expect(Math.abs((c[k] as number) - mine), `${col} row ${i}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(mine)));
            else expect(c[k], `${col} row ${i}`).toBe(mine === null ? null : mine);
          });
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
