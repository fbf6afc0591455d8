/**
 * The independent attacker's solver (tests/impact/attacker.ts) takes shortcuts to scale to the national
 * publication set: whole-number tables found before (witnesses), LP bounds first, integer programs only
 * where the two differ. These tests check the shortcuts give away nothing: on random small systems of the
 * relations a reader writes (sums and differences with coefficients ±1, equalities and bounds, printed
 * cells as constants, and odd cycles whose LP vertices are fractional), every range is compared with the
 * integer minimum and maximum found by enumerating every table.
 */
import { describe, expect, it } from 'vitest';
import { solveRanges, type Relation } from './attacker.js';

const T = 5;

function rng(seed: number): () => number {
  let z = seed;
  return () => (z = (z * 48271) % 2147483647) / 2147483647;
}

interface System {
  relations: Relation[];
  cells: Map<string, { shown: number } | { mark: string; zero: boolean }>;
  hidden: string[];
  targets: Array<{ name: string; terms: Array<[string, number]>; mark: string | null }>;
}

/** A random system that the true table (random small counts) satisfies. */
function randomSystem(seed: number): System {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const n = int(3, 6);
  const hidden = Array.from({ length: n }, (_, i) => `h${i}`);
  const zero = hidden.map(() => r() < 0.5);
  const truth = new Map<string, number>(hidden.map((h, i) => [h, int(zero[i] ? 0 : 1, T - 1)]));
  const cells: System['cells'] = new Map(hidden.map((h, i) => [h, { mark: `<${T}`, zero: zero[i] }]));
  for (let i = 0; i < 2; i++) {
    truth.set(`p${i}`, int(0, 9));
    cells.set(`p${i}`, { shown: truth.get(`p${i}`)! });
  }
  const names = [...truth.keys()];
  const value = (terms: Array<[string, number]>) => terms.reduce((a, [k, c]) => a + c * truth.get(k)!, 0);
  const relations: Relation[] = [];
  for (let k = int(2, 5); k > 0; k--) {
    const terms = names.filter(() => r() < 0.45).map((nm): [string, number] => [nm, r() < 0.7 ? 1 : -1]);
    if (terms.filter(([nm]) => nm.startsWith('h')).length < 1) continue;
    const v = value(terms);
    const kind = r();
    relations.push(kind < 0.6 ? { terms, lo: v, hi: v } : kind < 0.8 ? { terms, lo: -Infinity, hi: v + int(0, 2) } : { terms, lo: v - int(0, 2), hi: Infinity });
  }
  // an odd cycle (a + b, b + c, a + c each printed): the LP has a vertex with halves
  if (n >= 3 && r() < 0.6) {
    for (const [a, b] of [['h0', 'h1'], ['h1', 'h2'], ['h0', 'h2']] as const) {
      const terms: Array<[string, number]> = [[a, 1], [b, 1]];
      const v = value(terms);
      relations.push(r() < 0.5 ? { terms, lo: v, hi: v } : { terms, lo: v - 1, hi: v + 1 });
    }
  }
  const targets: System['targets'] = hidden.map((h) => ({ name: h, terms: [[h, 1]], mark: `<${T}` }));
  // an unpublished count (a window: a sum of hidden cells), which has no label
  targets.push({ name: 'w', terms: [['h0', 1], ['h1', 1]], mark: null });
  return { relations, cells, hidden, targets };
}

/** Integer min and max of every target over every table of the box, by enumeration. */
function bruteForce(s: System): Map<string, { lo: number; hi: number }> {
  const box = s.hidden.map((h) => {
    const c = s.cells.get(h) as { mark: string; zero: boolean };
    return [c.zero ? 0 : 1, T - 1];
  });
  const out = new Map(s.targets.map((t) => [t.name, { lo: Infinity, hi: -Infinity }]));
  const x = new Map<string, number>();
  for (const [k, c] of s.cells) if ('shown' in c) x.set(k, c.shown);
  const walk = (i: number) => {
    if (i === s.hidden.length) {
      for (const rel of s.relations) {
        const v = rel.terms.reduce((a, [k, c]) => a + c * x.get(k)!, 0);
        if (v < rel.lo || v > rel.hi) return;
      }
      for (const t of s.targets) {
        const v = t.terms.reduce((a, [k, c]) => a + c * x.get(k)!, 0);
        const o = out.get(t.name)!;
        o.lo = Math.min(o.lo, v);
        o.hi = Math.max(o.hi, v);
      }
      return;
    }
    for (let v = box[i][0]; v <= box[i][1]; v++) {
      x.set(s.hidden[i], v);
      walk(i + 1);
    }
  };
  walk(0);
  return out;
}

/** The attacker's requirement (attacker.ts): "<t" keeps 1 … t − 1; an unpublished count is reported when pinned small or to 0. */
const settled = (mark: string | null, lo: number, hi: number) =>
  mark !== null ? lo <= 1 && hi >= T - 1 : hi >= T || (lo === 0 && hi >= 1) || (lo <= 1 && hi >= T - 1);

/**
 * Each range against the enumeration: the same verdict, inside the true range, and exact where the target is
 * narrowed. Returns how many were narrowed.
 */
function expectVerdicts(tag: number, ranges: Array<{ name: string; lo: number; hi: number }>, targets: System['targets'], truth: Map<string, { lo: number; hi: number }>): number {
  let narrowed = 0;
  for (const r of ranges) {
    const t = truth.get(r.name)!;
    const mark = targets.find((x) => x.name === r.name)!.mark;
    expect([tag, r.name, settled(mark, r.lo, r.hi)]).toEqual([tag, r.name, settled(mark, t.lo, t.hi)]);
    expect(r.lo).toBeGreaterThanOrEqual(t.lo);
    expect(r.hi).toBeLessThanOrEqual(t.hi);
    if (!settled(mark, t.lo, t.hi)) {
      narrowed++;
      expect([r.lo, r.hi]).toEqual([t.lo, t.hi]);
    }
  }
  return narrowed;
}

describe('the attacker solver: witnesses, LP bounds and integer programs agree with enumeration', () => {
  it('exact mode gives the integer min and max of every target on 150 random systems', async () => {
    let fractional = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const s = randomSystem(seed);
      const truth = bruteForce(s);
      const { ranges, stats } = await solveRanges(s.relations, s.cells, s.targets, T, true);
      for (const r of ranges) expect([seed, r.name, r.lo, r.hi]).toEqual([seed, r.name, truth.get(r.name)!.lo, truth.get(r.name)!.hi]);
      fractional += stats.mips;
    }
    // the integer-program path was taken (LP vertices with halves), so it is tested too
    expect(fractional).toBeGreaterThan(0);
  });

  it.each([
    ['the component LPs', {} as { localMin?: number }],
    ['the LPs over the relations near each target first (localMin 0)', { localMin: 0 }],
    ['the relations one step from each target (localMin 0, localDepth 1)', { localMin: 0, localDepth: 1 }],
  ])('with the shortcuts (%s), every verdict is the enumeration’s; a narrowed range is exact, a protected one lies inside the true range', async (_, options) => {
    let narrowed = 0;
    let byWitness = 0;
    let localSides = 0;
    let byLocal = 0;
    let repairs = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const s = randomSystem(seed);
      const truth = bruteForce(s);
      const { ranges, stats } = await solveRanges(s.relations, s.cells, s.targets, T, false, options);
      localSides += stats.localSides ?? 0;
      byLocal += stats.byLocal ?? 0;
      repairs += stats.repairs ?? 0;
      byWitness += stats.byWitness;
      narrowed += expectVerdicts(seed, ranges, s.targets, truth);
    }
    expect(narrowed).toBeGreaterThan(20);
    expect(byWitness).toBeGreaterThan(20);
    // fractional LP vertices (the odd cycles) were made whole near their fractions, and gave away nothing
    expect(repairs).toBeGreaterThan(5);
    // the local bounds were used where asked for (and only there)
    if (options.localMin === 0) expect(localSides).toBeGreaterThan(20);
    else expect(localSides).toBe(0);
    // and so were the pushes near the target
    if (options.localMin === 0) expect(byLocal).toBeGreaterThan(0);
    else expect(byLocal).toBe(0);
  });

  it('covering rounds (components with 40 targets or more): the same verdicts, narrowed ranges exact', async () => {
    // twelve random systems side by side, joined into one component by a relation that never binds (the
    // total of every hidden cell at most 10⁹): the truth is each system's own enumeration
    let rounds = 0;
    let narrowed = 0;
    let byLocal = 0;
    for (let group = 0; group < 12; group++) {
      const all: System = { relations: [], cells: new Map(), hidden: [], targets: [] };
      const truth = new Map<string, { lo: number; hi: number }>();
      for (let k = 0; k < 12; k++) {
        const s = randomSystem(1000 + group * 12 + k);
        const ren = (n: string) => `s${k}.${n}`;
        const rename = (terms: Array<[string, number]>) => terms.map(([n, c]): [string, number] => [ren(n), c]);
        for (const [n, t] of bruteForce(s)) truth.set(ren(n), t);
        all.relations.push(...s.relations.map((r) => ({ ...r, terms: rename(r.terms) })));
        for (const [n, c] of s.cells) all.cells.set(ren(n), c);
        all.hidden.push(...s.hidden.map(ren));
        all.targets.push(...s.targets.map((t) => ({ ...t, name: ren(t.name), terms: rename(t.terms) })));
      }
      all.relations.push({ terms: all.hidden.map((h): [string, number] => [h, 1]), lo: -Infinity, hi: 1e9 });
      expect(all.targets.length).toBeGreaterThanOrEqual(40);
      // every other group bounds and pushes targets near them; one in four, one step away only (a target's free
      // unknowns are then those of its own relations, the rest of the joined systems kept as in a witness)
      const local = group % 2 === 0 ? { localMin: 0, localDepth: group % 4 === 0 ? 1 : 3 } : {};
      const { ranges, stats } = await solveRanges(all.relations, all.cells, all.targets, T, false, local);
      expect(stats.components).toBe(1);
      rounds += stats.coverRounds ?? 0;
      byLocal += stats.localWitnesses ?? 0;
      expect(ranges.length).toBe(all.targets.length);
      narrowed += expectVerdicts(group, ranges, all.targets, truth);
    }
    expect(rounds).toBeGreaterThan(12);
    expect(narrowed).toBeGreaterThan(20);
    // tables from pushes near a target were added (and every verdict stayed the enumeration's)
    expect(byLocal).toBeGreaterThan(0);
  });

  it('odd cycles: the LP relaxation lets a "<5" total reach 2 in halves, the integer program pins it to 1', async () => {
    // four cells (0–4) with every pair summing to at most 1, and their total s a "<5" (1–4): the LP
    // optimum is every cell ½ (s = 2); whole numbers allow only one cell at 1 (s = 1 exactly)
    const cells = new Map<string, { mark: string; zero: boolean }>([['s', { mark: '<5', zero: false }]]);
    const four = ['a', 'b', 'c', 'd'];
    for (const n of four) cells.set(n, { mark: '<5', zero: true });
    const relations: Relation[] = [{ terms: [['s', -1], ...four.map((n): [string, number] => [n, 1])], lo: 0, hi: 0 }];
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) relations.push({ terms: [[four[i], 1], [four[j], 1]], lo: -Infinity, hi: 1 });
    const targets = ['s', ...four].map((n) => ({ name: n, terms: [[n, 1]] as Array<[string, number]>, mark: '<5' }));
    const truth = bruteForce({ relations, cells, hidden: ['s', ...four], targets });
    expect(truth.get('s')).toEqual({ lo: 1, hi: 1 });
    for (const exact of [false, true]) {
      const { ranges, stats } = await solveRanges(relations, cells, targets, T, exact);
      for (const r of ranges) expect([r.name, r.lo, r.hi]).toEqual([r.name, truth.get(r.name)!.lo, truth.get(r.name)!.hi]);
      expect(stats.mips).toBeGreaterThan(0);
    }
  });
});
