/**
 * "A new questionnaire needs only JSON": a definition written to a temporary folder is loaded,
 * its columns resolve, and records are scored by the same engine — no code.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadInstruments, scoreRecords } from '../../src/instruments/index.js';
import { record, row } from './records.js';

const wellbeing = {
  $schema: '../instrument.schema.json',
  id: 'wellbeing',
  name: 'Parent well-being (test questionnaire)',
  columnPrefix: 'wb',
  kind: 'items',
  response: { min: 0, max: 4 },
  items: [
    { id: 'a1' },
    { id: 'a2', reverse: true },
    { id: 'a3' },
    { id: 'a4', reverse: true },
    { id: 'b1', response: { min: 0, max: 1 } },
    { id: 'b2', response: { min: 0, max: 1 } },
    { id: 'b3', response: { min: 0, max: 1 } },
  ],
  scales: [
    { id: 'mood', label: 'Mood (mean)', items: ['a1', 'a2', 'a3', 'a4'], method: 'mean', maxMissing: 1, direction: 'higher-better', reliability: 0.82 },
    { id: 'worries', label: 'Worries (count of yes)', items: ['b1', 'b2', 'b3'], method: 'count', countValues: [1], direction: 'higher-worse' },
  ],
};

describe('a new questionnaire needs only a JSON file', () => {
  it('is loaded from a user folder, resolves columns and is scored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-new-'));
    try {
      writeFileSync(join(dir, 'wellbeing.json'), JSON.stringify(wellbeing, null, 2));
      const reg = loadInstruments(dir, { extendDefaults: true });
      expect(reg.list().map((d) => d.id)).toContain('wellbeing');
      expect(reg.resolveColumn('WB_A2')).toEqual({ instrument: 'wellbeing', kind: 'item', id: 'a2' });
      expect(reg.resolveColumn('wb_mood')).toEqual({ instrument: 'wellbeing', kind: 'scale', id: 'mood' });
      expect(reg.scaleRange('wb', 'mood')).toEqual({ min: 0, max: 4 });
      expect(reg.scaleRange('wb', 'worries')).toEqual({ min: 0, max: 3 });

      const complete = record('wellbeing', { a1: 4, a2: 1, a3: 2, a4: 0, b1: 1, b2: 0, b3: 1 });
      const partial = record('wellbeing', { a1: 4, a2: null, a3: 2, a4: 0, b1: 1, b2: null, b3: 1 }, { participantId: 'P002' });
      const { scores, issues } = scoreRecords([complete, partial], reg);
      expect(issues).toEqual([]);
      // mood: a1 = 4, a2 = 4 − 1 = 3 (reversed on 0–4), a3 = 2, a4 = 4 − 0 = 4 → (4 + 3 + 2 + 4) / 4 = 3.25
      expect(row(scores, 'mood', 'P001').score).toBe(3.25);
      // worries: b1 and b3 are 1 → 2
      expect(row(scores, 'worries', 'P001').score).toBe(2);
      // P002 mood: a2 missing (1 ≤ maxMissing 1) → mean of 4, 2, 4 = 10/3, prorated
      expect(row(scores, 'mood', 'P002')).toMatchObject({ itemsAnswered: 3, itemsProrated: 1 });
      expect(row(scores, 'mood', 'P002').score).toBeCloseTo(10 / 3, 14);
      // P002 worries: b2 missing, count has no prorating by default
      expect(row(scores, 'worries', 'P002')).toMatchObject({ score: null, missingReason: '1 of 3 items missing; none may be prorated' });

      // and the bundled instruments still work next to it
      expect(reg.require('psoc').id).toBe('psoc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a mistake in the new file is reported with its file name and JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-new-'));
    try {
      const broken = structuredClone(wellbeing) as any;
      broken.scales[1].countValues = [2];
      writeFileSync(join(dir, 'wellbeing.json'), JSON.stringify(broken));
      expect(() => loadInstruments(dir)).toThrow(
        'wellbeing.json: /scales/1/countValues/0: count value 2 of scale "worries" is outside the response range 0…1 of item "b1".',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
