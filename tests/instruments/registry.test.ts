/** InstrumentRegistry: lookup, column resolution, ranges, overriding a bundled definition. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  InstrumentRegistry,
  defaultInstruments,
  defaultInstrumentsDir,
  loadInstruments,
} from '../../src/instruments/index.js';
import { DataError } from '../../src/data/issues.js';

const reg = defaultInstruments();
const read = (id: string): any => JSON.parse(readFileSync(join(defaultInstrumentsDir(), `${id}.json`), 'utf8'));

describe('lookup', () => {
  it('get accepts id or column prefix, case-insensitively', () => {
    expect(reg.get('daily-hassles')?.id).toBe('daily-hassles');
    expect(reg.get('PDH')?.id).toBe('daily-hassles');
    expect(reg.get('LE')?.id).toBe('life-events');
    expect(reg.get('Nosik')?.id).toBe('nosik');
    expect(reg.get('cbcl')).toBeUndefined();
  });

  it('require throws a DataError naming the known instruments', () => {
    expect(() => reg.require('cbcl')).toThrow("unknown instrument 'cbcl'; known: daily-hassles, gas, life-events, nosik, psoc");
    try {
      reg.require('cbcl');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).issues[0].rule).toBe('unknown-instrument');
    }
  });

  it('list returns the definitions in file order; defaultInstruments is cached; definitions are frozen', () => {
    expect(loadInstruments().list().map((d) => d.id)).toEqual(['daily-hassles', 'gas', 'life-events', 'nosik', 'psoc']);
    expect(defaultInstruments()).toBe(reg);
    const d = reg.require('psoc');
    expect(Object.isFrozen(d.scales[0].items)).toBe(true);
  });
});

describe('fromDefinitions', () => {
  it('the documented example', () => {
    const psocJson = read('psoc');
    const r = InstrumentRegistry.fromDefinitions([psocJson], ['psoc.json']);
    expect(r.list().map((d) => d.id)).toEqual(['psoc']);
    // the registry holds a frozen copy: the caller's object is not frozen or shared
    expect(Object.isFrozen(psocJson)).toBe(false);
    expect(r.require('psoc')).not.toBe(psocJson);
  });
});

describe('resolveColumn', () => {
  it.each([
    ['nosik_03', { instrument: 'nosik', kind: 'item', id: '03' }],
    ['NOSIK_25', { instrument: 'nosik', kind: 'item', id: '25' }],
    ['psoc_total', { instrument: 'psoc', kind: 'scale', id: 'total' }],
    ['PSOC_Total', { instrument: 'psoc', kind: 'scale', id: 'total' }],
    ['gas_weight_2', { instrument: 'gas', kind: 'weight', id: '2' }],
    ['gas_3', { instrument: 'gas', kind: 'item', id: '3' }],
    ['gas_t_score', { instrument: 'gas', kind: 'scale', id: 't_score' }],
    ['pdh_I20', { instrument: 'daily-hassles', kind: 'item', id: 'i20' }],
    ['pdh_frequency', { instrument: 'daily-hassles', kind: 'scale', id: 'frequency' }],
    ['le_y07', { instrument: 'life-events', kind: 'item', id: 'y07' }],
    ['le_past_year', { instrument: 'life-events', kind: 'scale', id: 'past_year' }],
    ['daily-hassles_f01', { instrument: 'daily-hassles', kind: 'item', id: 'f01' }],
  ])('%s', (column, ref) => {
    expect(reg.resolveColumn(column)).toEqual(ref);
  });

  it.each(['age', 'participant_id', 'nosik_26', 'nosik_', '_03', 'gas_weight_6', 'psoc_weight_1', 'nosik3'])('%s is not an instrument column', (column) => {
    expect(reg.resolveColumn(column)).toBeUndefined();
  });

  it('instrumentForColumn tells an unknown item of a known instrument from an unrelated column', () => {
    expect(reg.instrumentForColumn('nosik_26')?.id).toBe('nosik');
    expect(reg.instrumentForColumn('participant_id')).toBeUndefined();
  });
});

describe('ranges', () => {
  it('itemRange uses the per-item override (Daily Hassles intensity 1–5, frequency 1–4)', () => {
    expect(reg.itemRange('daily-hassles', 'f07')).toEqual({ min: 1, max: 4, integer: true });
    expect(reg.itemRange('pdh', 'i07')).toEqual({ min: 1, max: 5, integer: true });
    expect(reg.itemRange('life-events', 'y01')).toEqual({ min: 0, max: 1, integer: true });
    expect(() => reg.itemRange('nosik', '26')).toThrow("instrument 'nosik' has no item '26'");
  });

  it('scaleRange derives sums, counts and the GAS T range from the items', () => {
    expect(reg.scaleRange('nosik', 'total')).toEqual({ min: 25, max: 150 }); // 25 × 1 … 25 × 6
    expect(reg.scaleRange('nosik', 'parent')).toEqual({ min: 14, max: 84 });
    expect(reg.scaleRange('nosik', 'depression')).toEqual({ min: 5, max: 30 });
    expect(reg.scaleRange('psoc', 'satisfaction')).toEqual({ min: 9, max: 54 });
    expect(reg.scaleRange('pdh', 'frequency')).toEqual({ min: 20, max: 80 });
    expect(reg.scaleRange('pdh', 'intensity')).toEqual({ min: 20, max: 100 });
    expect(reg.scaleRange('le', 'negative')).toEqual({ min: 0, max: 15 });
    expect(reg.scaleRange('gas', 'mean_attainment')).toEqual({ min: -2, max: 2 });
    // five goals all at ±2, ρ = .3: 50 ± 10·10/√(.7·5 + .3·25) = 50 ± 100/√11
    const t = reg.scaleRange('gas', 't_score');
    expect(t.min).toBeCloseTo(50 - 100 / Math.sqrt(11), 12);
    expect(t.max).toBeCloseTo(50 + 100 / Math.sqrt(11), 12);
    expect(() => reg.scaleRange('psoc', 'stress')).toThrow("instrument 'psoc' has no scale 'stress'; its scales: satisfaction, efficacy, total");
  });

  it('a mean scale over 1–6 items ranges 1…6; a declared range wins', () => {
    const d = read('psoc');
    d.id = 'psoc-mean';
    d.columnPrefix = 'psocm';
    d.scales[2].method = 'mean';
    d.scales[1].range = { min: 0, max: 100 };
    const r = InstrumentRegistry.fromDefinitions([d]);
    expect(r.scaleRange('psoc-mean', 'total')).toEqual({ min: 1, max: 6 });
    expect(r.scaleRange('psoc-mean', 'efficacy')).toEqual({ min: 0, max: 100 });
  });
});

describe('overriding a bundled definition (e.g. the licensed NOSIK key)', () => {
  const licensed = (): any => {
    const d = read('nosik');
    d.illustrative = false;
    d.items[4].reverse = true; // pretend item 05 is reverse-keyed in the manual
    d.scales[0].reliability = 0.9;
    return d;
  };

  it('extend replaces the definition with the same id and keeps the others', () => {
    const r = reg.extend([licensed()], ['nosik-licensed.json']);
    expect(r.list().map((d) => d.id)).toEqual(['daily-hassles', 'gas', 'life-events', 'psoc', 'nosik']);
    expect(r.require('nosik').illustrative).toBe(false);
    expect(r.require('nosik').items[4].reverse).toBe(true);
    expect(reg.require('nosik').illustrative).toBe(true); // the original is untouched
  });

  it('loadInstruments(dir, { extendDefaults: true }) overlays a user folder; loadInstruments(dir) loads only it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-nosik-'));
    try {
      writeFileSync(join(dir, 'nosik.json'), JSON.stringify(licensed()));
      const overlay = loadInstruments(dir, { extendDefaults: true });
      expect(overlay.list()).toHaveLength(5);
      expect(overlay.require('nosik').scales[0].reliability).toBe(0.9);
      const alone = loadInstruments(dir);
      expect(alone.list().map((d) => d.id)).toEqual(['nosik']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
