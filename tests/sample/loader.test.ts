/**
 * The sample files go through the real loader (src/data/measurements.ts): every valid file loads with
 * zero rejects and exactly the generated values; every broken file yields its intended rule(s), and
 * nothing is lost (accepted + rejected = rows read).
 */
import { describe, expect, it } from 'vitest';
import { loadMeasurements } from '../../src/data/measurements.js';
import type { MeasurementRecord } from '../../src/data/types.js';
import {
  brokenSampleFiles,
  generateSample,
  readSampleInstruments,
  SAMPLE_DESIGN_IDS,
  sampleDataPath,
  sampleDesign,
  sampleToRecords,
} from '../../src/sample/index.js';

const defs = readSampleInstruments();
const key = (r: Pick<MeasurementRecord, 'participantId' | 'wave' | 'instrument'>) => `${r.participantId}|${r.wave}|${r.instrument}`;

describe.each(SAMPLE_DESIGN_IDS.map((id) => [id]))('valid study file %s', (id) => {
  it('loads as wide-by-wave with zero rejects, no errors, and exactly the generated item values', async () => {
    const res = await loadMeasurements(sampleDataPath(id));
    const data = generateSample(sampleDesign(id), defs);
    expect(res.layout.kind).toBe('wide-by-wave');
    expect(res.rejected).toBe(0);
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(res.rowsRead).toBe(data.rows.length);
    expect(res.accepted).toBe(res.rowsRead);
    const expected = sampleToRecords(data, defs);
    const loaded = new Map(res.records.map((r) => [key(r), r]));
    expect(loaded.size).toBe(expected.length);
    for (const e of expected) {
      const got = loaded.get(key(e));
      expect(got, key(e)).toBeDefined();
      expect(got!.group).toBe(e.group);
      expect(got!.items).toEqual(e.items);
      expect(got!.weights).toEqual(e.weights);
      expect(got!.date).toBe(e.date);
      expect(got!.covariates).toEqual(e.covariates);
    }
  });
});

describe('sample-data/broken/', () => {
  const files = new Map(brokenSampleFiles(defs).map((f) => [f.name, f]));
  const load = (name: string, options = {}) => loadMeasurements(sampleDataPath(`broken/${name}`), options);
  const rules = (res: Awaited<ReturnType<typeof load>>) => new Set(res.issues.filter((i) => i.severity === 'error').map((i) => i.rule));

  it('dutch-excel-export.csv: Windows-1252, semicolons, decimal commas and day-first dates load without rejects', async () => {
    const res = await load('dutch-excel-export.csv');
    expect(res.read.encoding).toBe('windows-1252');
    expect(res.read.delimiter).toBe(';');
    expect(res.rejected).toBe(0);
    expect(res.accepted).toBe(res.rowsRead);
    expect(res.rowsRead).toBe(14);
    const sites = new Set(res.records.map((r) => r.covariates.site));
    expect(sites.has('Súdwest-Fryslân')).toBe(true);
    const ages = res.records.map((r) => r.covariates.age as number);
    expect(ages.some((a) => a % 1 === 0.5)).toBe(true);
    expect(res.records.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date ?? ''))).toBe(true);
  });

  it('utf8-bom.csv: BOM and tabs load without rejects', async () => {
    const res = await load('utf8-bom.csv');
    expect(res.read.delimiter).toBe('\t');
    expect(res.rejected).toBe(0);
    expect(res.records.length).toBe(2 * res.rowsRead);
    expect(res.read.columns[0]).toBe('participant_id');
  });

  it('long-layout.csv and wide-layout.csv: valid, recognised, same values as the generated data', async () => {
    const long = await load('long-layout.csv');
    expect(long.layout.kind).toBe('long');
    expect(long.rejected).toBe(0);
    expect(long.records.length).toBe(16); // 4 participants × 2 waves × 2 instruments
    const gen = sampleToRecords(generateSample(sampleDesign('control-2005', { seed: files.get('long-layout.csv')!.seed, n: { homestart: 2, control: 2 } }), defs), defs);
    const byKey = new Map(long.records.map((r) => [key(r), r]));
    for (const e of gen) {
      const answered = Object.fromEntries(Object.entries(e.items).filter(([, v]) => v !== null));
      const got = Object.fromEntries(Object.entries(byKey.get(key(e))!.items).filter(([, v]) => v !== null));
      expect(got).toEqual(answered);
    }
    const wide = await load('wide-layout.csv');
    expect(wide.layout.kind).toBe('wide');
    expect(wide.rejected).toBe(0);
    expect(wide.records.length).toBe(20); // 5 participants × 2 waves × 2 instruments
    expect(new Set(wide.records.map((r) => r.wave))).toEqual(new Set(['T1', 'T2']));
  });

  it('out-of-range.csv: out-of-range, not-a-number, unknown-group (and unknown-wave with the study waves declared)', async () => {
    const res = await load('out-of-range.csv', { waves: ['T1', 'T2'] });
    expect(rules(res)).toEqual(new Set(files.get('out-of-range.csv')!.intendedRules));
    // 2 rows rejected as a whole (unknown group, unknown wave); 3 invalid values reject only their unit
    expect(res.rejected).toBe(2);
    expect(res.rejects).toHaveLength(5);
    expect(res.rejects.filter((r) => r.unit).map((r) => r.unit!.instrument).sort()).toEqual(['gas', 'nosik', 'psoc']);
    expect(res.accepted + res.rejected).toBe(res.rowsRead);
    expect(res.units!.accepted + res.units!.rejected).toBe(res.units!.read);
    const msgs = res.issues.map((i) => i.message).join('\n');
    expect(msgs).toMatch(/nosik_03.*"7"/);
    expect(msgs).toMatch(/gas_1.*"-3"/);
    expect(msgs).toMatch(/psoc_04.*"vier"/);
    expect(msgs).toMatch(/T9/);
    expect(msgs).toMatch(/onbekend/);
    const byDefault = await load('out-of-range.csv');
    expect(rules(byDefault)).toEqual(new Set(['out-of-range', 'not-a-number', 'unknown-group']));
  });

  it('duplicate.csv: rule duplicate on the second entry of HS-0002 T1', async () => {
    const res = await load('duplicate.csv');
    expect(rules(res)).toEqual(new Set(['duplicate']));
    expect(res.rejected).toBe(1);
    expect(res.accepted + res.rejected).toBe(res.rowsRead);
    expect(res.issues.find((i) => i.rule === 'duplicate')!.message).toMatch(/HS-0002/);
  });

  it('identifying-column.csv: refused (identifying-column), nothing accepted, the fake names and e-mails never echoed', async () => {
    const res = await load('identifying-column.csv');
    expect(rules(res)).toEqual(new Set(['identifying-column']));
    expect(res.accepted).toBe(0);
    expect(res.records).toEqual([]);
    expect(res.rejected).toBe(res.rowsRead);
    const everything = JSON.stringify({ issues: res.issues, rejects: res.rejects });
    expect(everything).not.toMatch(/Voorbeeld Ouder|@example\.org/);
  });
});

describe('scoring the loaded sample (src/instruments/scoring.ts)', () => {
  it('synthetic-1997-prepost.csv: prorating is exercised, a few scores are missing with a reason, GAS 48/56 improve', async () => {
    const { scoreRecords } = await import('../../src/instruments/scoring.js');
    const res = await loadMeasurements(sampleDataPath('prepost-1997'));
    const { scores } = scoreRecords(res.records);
    const nosikTotal = scores.filter((s) => s.instrument === 'nosik' && s.scale === 'total');
    expect(nosikTotal.length).toBe(112);
    expect(nosikTotal.some((s) => s.itemsProrated === 1 && s.score !== null)).toBe(true);
    const itemScales = scores.filter((s) => s.instrument !== 'gas');
    const missing = itemScales.filter((s) => s.score === null);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length / itemScales.length).toBeLessThan(0.05);
    expect(missing.every((s) => typeof s.missingReason === 'string' && s.missingReason.length > 10)).toBe(true);
    const t = new Map<string, number[]>();
    for (const s of scores.filter((x) => x.instrument === 'gas' && x.scale === 't_score')) {
      (t.get(s.participantId) ?? t.set(s.participantId, []).get(s.participantId)!)[s.waveIndex - 1] = s.score as number;
    }
    expect([...t.values()].filter(([a, b]) => b > a).length).toBe(48);
  });
});
