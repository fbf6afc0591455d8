/**
 * The meta-schema (data-schemas/instrument.schema.json) and the semantic checks: every shipped
 * definition is valid, and every kind of broken definition is rejected with an `invalid-definition`
 * issue whose message names the file and the JSON path.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  InstrumentRegistry,
  defaultInstrumentsDir,
  loadInstruments,
  validateInstrumentDefinition,
  instrumentMetaSchema,
} from '../../src/instruments/index.js';
import { DataError, type DataIssue } from '../../src/data/issues.js';

const shipped = ['daily-hassles', 'gas', 'life-events', 'nosik', 'psoc'];
const read = (id: string): any => JSON.parse(readFileSync(join(defaultInstrumentsDir(), `${id}.json`), 'utf8'));

/** Validates a mutated copy of a shipped definition and returns its issues. */
function issuesAfter(id: string, mutate: (d: any) => void): DataIssue[] {
  const d = read(id);
  mutate(d);
  const r = validateInstrumentDefinition(d, `${id}.json`);
  expect(r.definition).toBeUndefined();
  for (const i of r.issues) {
    expect(i.rule).toBe('invalid-definition');
    expect(i.severity).toBe('error');
    expect(i.file).toBe(`${id}.json`);
    expect(i.message.startsWith(`${id}.json: /`)).toBe(true);
  }
  return r.issues;
}

function only(issues: DataIssue[]): string {
  expect(issues).toHaveLength(1);
  return issues[0].message;
}

describe('shipped definitions', () => {
  it.each(shipped)('%s.json is valid against the meta-schema and the semantic rules', (id) => {
    const r = validateInstrumentDefinition(read(id), `${id}.json`);
    expect(r.issues).toEqual([]);
    expect(r.definition?.id).toBe(id);
  });

  it('have the fixed ids and column prefixes other code relies on', () => {
    const reg = loadInstruments();
    expect(reg.list().map((d) => [d.id, d.columnPrefix])).toEqual([
      ['daily-hassles', 'pdh'],
      ['gas', 'gas'],
      ['life-events', 'le'],
      ['nosik', 'nosik'],
      ['psoc', 'psoc'],
    ]);
  });

  it('NOSIK: 25 items 01…25 on 1–6, parent/child/depression/total, illustrative, prorating 1 per subscale and 2 for the total', () => {
    const d = loadInstruments().require('nosik');
    expect(d.items.map((i) => i.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(d.response).toEqual({ min: 1, max: 6, integer: true });
    expect(d.illustrative).toBe(true);
    expect(d.notes).toMatch(/licensed manual \(De Brock et al\., 1992\)/);
    expect(d.scales.map((s) => [s.id, s.maxMissing, s.direction])).toEqual([
      ['parent', 1, 'higher-worse'],
      ['child', 1, 'higher-worse'],
      ['depression', 1, 'higher-worse'],
      ['total', 2, 'higher-worse'],
    ]);
    const parent = new Set(d.scales[0].items);
    for (const id of d.scales.find((s) => s.id === 'depression')!.items) expect(parent.has(id)).toBe(true);
  });

  it('PSOC: satisfaction items 2,3,4,5,8,9,12,14,16 are exactly the reverse-keyed ones; efficacy 1,6,7,10,11,13,15', () => {
    const d = loadInstruments().require('psoc');
    const rev = d.items.filter((i) => i.reverse).map((i) => Number(i.id));
    expect(rev).toEqual([2, 3, 4, 5, 8, 9, 12, 14, 16]);
    expect(d.scales.find((s) => s.id === 'satisfaction')!.items.map(Number)).toEqual(rev);
    expect(d.scales.find((s) => s.id === 'efficacy')!.items.map(Number)).toEqual([1, 6, 7, 10, 11, 13, 15]);
    expect(d.scales.every((s) => s.direction === 'higher-better')).toBe(true);
  });

  it('GAS: kind gas with rho .3, 5 goals, weights on', () => {
    const d = loadInstruments().require('gas');
    expect(d.kind).toBe('gas');
    expect(d.gas).toEqual({ rho: 0.3, maxGoals: 5, weights: true });
    expect(d.items.map((i) => i.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(d.scales.map((s) => [s.id, s.method])).toEqual([['t_score', 'gas-t'], ['mean_attainment', 'mean']]);
  });

  it('the meta-schema is JSON Schema 2020-12', () => {
    expect(instrumentMetaSchema().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('meta-schema rejects broken definitions with a clear message', () => {
  it('the documented example: maxMissing not below the number of items', () => {
    const psoc = read('psoc');
    const { issues } = validateInstrumentDefinition({ ...psoc, scales: [{ ...psoc.scales[0], maxMissing: 9 }] }, 'psoc.json');
    expect(issues[0].message).toBe(
      'psoc.json: /scales/0/maxMissing: maxMissing (9) must be below the number of items of scale "satisfaction" (9).',
    );
  });

  it('not an object', () => {
    expect(only(validateInstrumentDefinition([1, 2], 'x.json').issues)).toBe(
      'x.json: /: an instrument definition must be a JSON object; got an array.',
    );
  });

  it('missing required field', () => {
    expect(only(issuesAfter('psoc', (d) => delete d.columnPrefix))).toBe('psoc.json: /: missing required field "columnPrefix".');
  });

  it('unknown (misspelt) field, listing the allowed ones', () => {
    const m = only(issuesAfter('psoc', (d) => (d.scales[1].maxmissing = 1)));
    expect(m).toMatch(/^psoc\.json: \/scales\/1: unknown field "maxmissing" \(check the spelling\)\. Allowed fields: id, label, .*maxMissing/);
  });

  it('invalid enum value (method)', () => {
    expect(only(issuesAfter('nosik', (d) => (d.scales[0].method = 'median')))).toBe(
      'nosik.json: /scales/0/method: must be one of "sum", "mean", "count", "gas-t"; got "median".',
    );
  });

  it('wrong type', () => {
    expect(only(issuesAfter('nosik', (d) => (d.response.max = 'six')))).toBe('nosik.json: /response/max: must be of type number; got "six".');
  });

  it('column prefix with an underscore', () => {
    expect(only(issuesAfter('nosik', (d) => (d.columnPrefix = 'no_sik')))).toBe(
      'nosik.json: /columnPrefix: "no_sik" does not match the pattern ^[A-Za-z][A-Za-z0-9]*$.',
    );
  });

  it('scale lists an item that does not exist', () => {
    expect(only(issuesAfter('nosik', (d) => d.scales[1].items.push('26')))).toBe(
      'nosik.json: /scales/1/items/11: scale "child" lists item "26", which is not defined in "items".',
    );
  });

  it('scale lists an item twice', () => {
    expect(only(issuesAfter('nosik', (d) => d.scales[2].items.push('01')))).toBe(
      'nosik.json: /scales/2/items/5: scale "depression" lists item "01" twice.',
    );
  });

  it('duplicate item id (case-insensitive)', () => {
    expect(only(issuesAfter('daily-hassles', (d) => d.items.push({ id: 'F01' })))).toMatch(
      /^daily-hassles\.json: \/items\/40\/id: duplicate item id "F01" \(also item 0;/,
    );
  });

  it('duplicate scale id', () => {
    expect(only(issuesAfter('psoc', (d) => (d.scales[1].id = 'satisfaction')))).toBe(
      'psoc.json: /scales/1/id: duplicate scale id "satisfaction" (also scale 0).',
    );
  });

  it('scale id equal to an item id (ambiguous column)', () => {
    expect(only(issuesAfter('psoc', (d) => (d.scales[1].id = '01')))).toBe(
      'psoc.json: /scales/1/id: scale id "01" is also an item id, so column <prefix>_01 would be ambiguous.',
    );
  });

  it('countValues outside the response range', () => {
    expect(only(issuesAfter('life-events', (d) => (d.scales[3].countValues = [2])))).toBe(
      'life-events.json: /scales/3/countValues/0: count value 2 of scale "past_year" is outside the response range 0…1 of item "y01".',
    );
  });

  it('count without countValues, countValues without count', () => {
    expect(only(issuesAfter('life-events', (d) => delete d.scales[0].countValues))).toMatch(
      /^life-events\.json: \/scales\/0\/countValues: scale "total" uses method "count" but gives no countValues/,
    );
    expect(only(issuesAfter('psoc', (d) => (d.scales[0].countValues = [1])))).toBe(
      'psoc.json: /scales/0/countValues: countValues only apply to method "count"; scale "satisfaction" uses "sum".',
    );
  });

  it('maxMissing not below the number of items', () => {
    expect(only(issuesAfter('nosik', (d) => (d.scales[2].maxMissing = 5)))).toBe(
      'nosik.json: /scales/2/maxMissing: maxMissing (5) must be below the number of items of scale "depression" (5).',
    );
  });

  it('prorating a scale that mixes response ranges', () => {
    const m = only(issuesAfter('daily-hassles', (d) => d.scales[0].items.push('i01')));
    expect(m).toMatch(/^daily-hassles\.json: \/scales\/0\/maxMissing: scale "frequency" mixes items with different response ranges/);
  });

  it('reliability outside (0, 1)', () => {
    expect(only(issuesAfter('psoc', (d) => (d.scales[2].reliability = 1.2)))).toBe('psoc.json: /scales/2/reliability: must be < 1; got 1.2.');
    expect(only(issuesAfter('psoc', (d) => (d.scales[2].reliability = 0)))).toBe('psoc.json: /scales/2/reliability: must be > 0; got 0.');
  });

  it('norm SD not positive; percentile table not ascending', () => {
    expect(only(issuesAfter('psoc', (d) => (d.scales[2].norms = [{ group: 'community', mean: 60, sd: 0 }])))).toBe(
      'psoc.json: /scales/2/norms/0/sd: must be > 0; got 0.',
    );
    const pct = [{ score: 50, percentile: 10 }, { score: 40, percentile: 50 }];
    expect(only(issuesAfter('psoc', (d) => (d.scales[2].norms = [{ group: 'community', mean: 60, sd: 9, percentiles: pct }])))).toBe(
      'psoc.json: /scales/2/norms/0/percentiles/1/score: percentile table of norm group "community" must be ascending by score (40 follows 50).',
    );
  });

  it('response min not below max (instrument and item override)', () => {
    expect(only(issuesAfter('psoc', (d) => (d.response = { min: 6, max: 1 })))).toBe('psoc.json: /response: response min (6) must be below max (1).');
    // the broken override also makes the intensity scale mix ranges: both are reported
    expect(issuesAfter('daily-hassles', (d) => (d.items[20].response = { min: 5, max: 5 })).map((i) => i.message)).toEqual([
      'daily-hassles.json: /items/20/response: item "i01": response min (5) must be below max (5).',
      expect.stringMatching(/^daily-hassles\.json: \/scales\/1\/maxMissing: scale "intensity" mixes items/),
    ]);
  });

  it('integer responses with fractional bounds', () => {
    expect(only(issuesAfter('psoc', (d) => (d.response = { min: 1, max: 5.5 })))).toBe(
      'psoc.json: /response: integer responses need whole-number bounds; got 1…5.5.',
    );
    expect(only(issuesAfter('life-events', (d) => (d.items[15].response = { min: 0, max: 1.5 })))).toBe(
      'life-events.json: /items/15/response: item "y01": integer responses need whole-number bounds; got 0…1.5.',
    );
  });

  it('GAS settings present iff kind = gas; gas-t only for GAS; maxGoals within the goal items', () => {
    expect(only(issuesAfter('gas', (d) => delete d.gas))).toBe('gas.json: /gas: kind is "gas" but the "gas" settings (rho, maxGoals) are missing.');
    expect(only(issuesAfter('psoc', (d) => (d.gas = { rho: 0.3, maxGoals: 5 })))).toBe(
      'psoc.json: /gas: "gas" settings are only allowed when kind is "gas" (kind is "items").',
    );
    expect(only(issuesAfter('psoc', (d) => (d.scales[2].method = 'gas-t')))).toBe(
      'psoc.json: /scales/2/method: method "gas-t" is only for kind "gas"; scale "total" belongs to a kind "items" instrument.',
    );
    expect(only(issuesAfter('gas', (d) => (d.gas.maxGoals = 6)))).toBe('gas.json: /gas/maxGoals: maxGoals (6) exceeds the number of goal items (5).');
    expect(only(issuesAfter('gas', (d) => (d.gas.rho = 1.5)))).toBe('gas.json: /gas/rho: must be <= 1; got 1.5.');
    expect(only(issuesAfter('gas', (d) => (d.scales[1].maxMissing = 1)))).toMatch(/^gas\.json: \/scales\/1\/maxMissing: maxMissing does not apply to GAS scales/);
  });

  it('reports every problem at once', () => {
    const issues = issuesAfter('psoc', (d) => {
      d.scales[0].items.push('99');
      d.scales[1].reliability = 2;
      d.items.push({ id: '01' });
    });
    expect(issues.map((i) => i.message.split(':')[1].trim())).toEqual(['/scales/1/reliability', '/items/16/id', '/scales/0/items/9']);
  });
});

describe('registry-level checks and loading errors', () => {
  it('fromDefinitions throws one DataError listing every issue of every file', () => {
    const a = read('psoc');
    const b = read('psoc');
    b.scales[0].items.push('77');
    const c = read('nosik');
    c.columnPrefix = 'psoc';
    let err: unknown;
    try {
      InstrumentRegistry.fromDefinitions([a, b, c], ['a.json', 'b.json', 'c.json']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    const issues = (err as DataError).issues;
    expect(issues.map((i) => i.file)).toEqual(['b.json', 'c.json']);
    expect(issues[1].message).toBe(
      'c.json: /columnPrefix: columnPrefix "psoc" is already used as the id of a.json; instrument ids and column prefixes must be unique (case-insensitive).',
    );
    expect((err as DataError).message).toMatch(/^2 problems in instrument definitions:\n {2}- b\.json: \/scales\/0\/items\/9: /);
  });

  it('duplicate ids across files', () => {
    expect(() => InstrumentRegistry.fromDefinitions([read('gas'), read('gas')], ['gas.json', 'gas-copy.json'])).toThrow(
      /gas-copy\.json: \/id: id "gas" is already used as the id of gas\.json/,
    );
  });

  it('loadInstruments: unreadable JSON, missing folder, empty folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-instr-'));
    try {
      expect(() => loadInstruments(dir)).toThrow(/no \*\.json instrument definitions in this folder/);
      writeFileSync(join(dir, 'broken.json'), '{ "id": "broken", ');
      expect(() => loadInstruments(dir)).toThrow(/broken\.json: \/: not readable as JSON/);
      expect(() => loadInstruments(join(dir, 'nope'))).toThrow(DataError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
