import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalText, OutputCache, outputKey, outputMakerTag } from '../../src/util/output-cache.js';
import { pruneOutputCache } from '../../src/util/index.js'; // the public entry (homestart-impact/util)

const tmp = mkdtempSync(join(tmpdir(), 'hs-output-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const isString = (v: unknown): v is string => typeof v === 'string';

describe('outputKey and outputMakerTag', () => {
  it('tell apart inputs that JSON does not (NaN and null, undefined and absent, −0 and 0)', () => {
    const tag = outputMakerTag('test 1', [], []);
    expect(outputKey(tag, [NaN])).not.toBe(outputKey(tag, [null]));
    expect(outputKey(tag, { a: undefined })).not.toBe(outputKey(tag, {}));
    expect(outputKey(tag, [-0])).not.toBe(outputKey(tag, [0]));
    expect(outputKey(tag, [Infinity])).not.toBe(outputKey(tag, [-Infinity]));
    expect(outputKey(tag, ['1'])).not.toBe(outputKey(tag, [1]));
    expect(outputKey(tag, [[1], 2])).not.toBe(outputKey(tag, [[1, 2]]));
    expect(outputKey(tag, { a: 1, b: [2, 'x'] })).toBe(outputKey(tag, { a: 1, b: [2, 'x'] }));
  });

  it('is the same for equal values however the engine holds them (a one-byte text made from a two-byte one)', () => {
    const tag = outputMakerTag('test 1', [], []);
    const sliced = '€ab'.slice(1); // 'ab', held two bytes a character
    expect(outputKey(tag, [sliced, Math.sqrt(25)])).toBe(outputKey(tag, ['ab', 5]));
  });

  it('refuses what is not plain data', () => {
    expect(() => canonicalText([new Map()])).toThrow(/not plain data/);
    expect(() => canonicalText({ f: () => 1 })).toThrow(/not plain data/);
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => canonicalText(cycle)).toThrow(/cycle/);
    expect(canonicalText({ a: [1, -0, NaN, null, undefined, 'x'], b: true })).toBe('{"a":[n1,n-0,nNaN,null,u,"x"],"b":t}');
  });

  it('a changed format, package version or source makes another tag', () => {
    const src = join(tmp, 'maker.js');
    writeFileSync(src, 'one');
    const one = outputMakerTag('test 1', ['vega'], [src]);
    expect(outputMakerTag('test 1', ['vega'], [src])).toBe(one);
    expect(outputMakerTag('test 2', ['vega'], [src])).not.toBe(one);
    expect(outputMakerTag('test 1', ['vega-lite'], [src])).not.toBe(one);
    writeFileSync(src, 'two');
    expect(outputMakerTag('test 1', ['vega'], [src])).not.toBe(one);
  });
});

describe('OutputCache', () => {
  it('reads what was written under the same key, kind and format only', () => {
    const dir = join(tmp, 'one');
    const cache = new OutputCache<string>(dir, 'thing-', 'thing 1');
    expect(cache.holdsAny()).toBe(false);
    const key = outputKey('tag', ['a']);
    cache.write(key, 'value');
    expect(cache.holdsAny()).toBe(true);
    expect(cache.read(key, isString)).toBe('value');
    expect(cache.read(outputKey('tag', ['b']), isString)).toBeNull();
    expect(new OutputCache<string>(dir, 'thing-', 'thing 2').read(key, isString)).toBeNull();
    expect(new OutputCache<string>(dir, 'other-', 'thing 1').read(key, isString)).toBeNull();
    expect(cache.read(key, (v): v is string => false)).toBeNull();
    const none = new OutputCache<string>(null, 'thing-', 'thing 1');
    none.write(key, 'value');
    expect(none.read(key, isString)).toBeNull();
  });

  it("keeps every file a run used, however many, and of the others the newest `keep` (pruned at the run's end)", () => {
    const dir = join(tmp, 'keep');
    const isNumber = (v: unknown): v is number => typeof v === 'number';
    const cache = new OutputCache<number>(dir, 'n-', 'n 1', 1);
    const keys = [0, 1, 2, 3, 4, 5].map((i) => outputKey('tag', [i]));
    const age = (i: number): void => {
      // each file older than the next (file times can be equal within one test)
      for (const f of readdirSync(dir)) if (f.startsWith(`n-${keys[i].slice(0, 24)}`)) utimesSync(join(dir, f), 1000 + i, 1000 + i);
    };
    // run 1 writes five outputs: nothing is removed while it goes on, nor at its end (all five are its own)
    for (let i = 0; i < 5; i++) {
      cache.write(keys[i], i);
      age(i);
    }
    writeFileSync(join(dir, 'proofs-x.json'), '{}'); // another kind in the same folder: never touched
    expect(readdirSync(dir).filter((f) => f.startsWith('n-'))).toHaveLength(5);
    expect(pruneOutputCache(dir)).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('n-'))).toHaveLength(5);
    // run 2 reads 0 and 1 and writes 5: of 2, 3, 4 (not used) the newest one (4) stays
    expect(cache.read(keys[0], isNumber)).toBe(0);
    expect(cache.read(keys[1], isNumber)).toBe(1);
    cache.write(keys[5], 5);
    expect(readdirSync(dir).filter((f) => f.startsWith('n-'))).toHaveLength(6);
    expect(pruneOutputCache(dir)).toBe(2);
    expect(keys.map((k) => cache.read(k, isNumber))).toEqual([0, 1, null, null, 4, 5]);
    expect(readdirSync(dir)).toContain('proofs-x.json');
    // run 3 read every file that is left (above): nothing goes
    expect(pruneOutputCache(dir)).toBe(0);
    expect(pruneOutputCache(null)).toBe(0);
  });
});
