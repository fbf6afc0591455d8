/**
 * The inequalities of a reach count over overlapping periods (src/impact/reach-cone.ts): the facets of the cone of
 * the patterns of windows one unit can meet. Checked against a brute-force enumeration of the facets (every set of
 * d − 1 linearly independent patterns whose normal has all patterns on one side) on every structure of two to
 * five intervals over at most five segments, and on the national period set's structure by hand.
 */
import { describe, expect, it } from 'vitest';
import { coneFacets, coveragePatterns, coverageInequalities } from '../../src/impact/reach-cone.js';

/** Facets by brute force: normals of (d − 1)-subsets of patterns (integer, gcd 1) with every pattern on the ≥ 0 side. */
function bruteFacets(patterns: number[], d: number): string[] {
  const vec = (p: number) => Array.from({ length: d }, (_, w) => (p >> w) & 1);
  const rays = patterns.map(vec);
  const out = new Set<string>();
  const choose = (start: number, picked: number[][]) => {
    if (picked.length === d - 1) {
      // the normal: the cofactors of the (d − 1) × d matrix (exact for 0/1 entries of this size)
      const a = Array.from({ length: d }, (_, w) => (w % 2 ? -1 : 1) * det(picked.map((r) => r.filter((_, k) => k !== w))));
      if (a.every((x) => x === 0)) return;
      for (const s of [1, -1]) {
        const b = a.map((x) => s * x);
        if (rays.every((r) => r.reduce((t, x, k) => t + x * b[k], 0) >= 0)) {
          let g = 0;
          for (const x of b) g = gcdOf(g, x);
          out.add(b.map((x) => x / g).join(','));
        }
      }
      return;
    }
    for (let i = start; i < rays.length; i++) choose(i + 1, [...picked, rays[i]]);
  };
  choose(0, []);
  return [...out].sort();
}
const gcdOf = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcdOf(b, a % b));
function det(m: number[][]): number {
  if (m.length === 0) return 1;
  if (m.length === 1) return m[0][0];
  let s = 0;
  for (let j = 0; j < m.length; j++) if (m[0][j]) s += (j % 2 ? -1 : 1) * m[0][j] * det(m.slice(1).map((r) => r.filter((_, k) => k !== j)));
  return s;
}

describe('coverage cone facets', () => {
  it("the national period set's structure (2023, Jul 2023–Jun 2024, 2024, Jul 2024–Jun 2025, 2025 over six half-years): three union bounds", () => {
    const f = coverageInequalities([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]], 6)!;
    expect(f.map((a) => a.join(',')).sort()).toEqual(['0,0,1,-1,1', '0,1,-1,1,0', '1,-1,1,0,0']);
  });

  it('two nested periods: only the containment', () => {
    expect(coneFacets(coveragePatterns([[0], [0, 1]], 2), 2)!.map((a) => a.join(',')).sort()).toEqual(['-1,1', '1,0']); // inner ≤ outer, inner ≥ 0
  });

  it('agrees with brute force on every structure of 2–5 distinct intervals over up to 5 segments', () => {
    let structures = 0;
    for (let segs = 2; segs <= 5; segs++) {
      const intervals: number[][] = [];
      for (let a = 0; a < segs; a++) for (let b = a; b < segs; b++) intervals.push(Array.from({ length: b - a + 1 }, (_, k) => a + k));
      // every set of 2–5 intervals covering all segments (deterministic sample: every 7th set)
      const n = intervals.length;
      let k = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        const bits = [...Array(n).keys()].filter((i) => mask & (1 << i));
        if (bits.length < 2 || bits.length > 5) continue;
        const ws = bits.map((i) => intervals[i]);
        if (new Set(ws.flat()).size !== segs) continue;
        if (k++ % 7) continue;
        const pats = coveragePatterns(ws, segs);
        const dd = coneFacets(pats, ws.length);
        if (dd === null) continue;
        expect(dd.map((a) => a.join(',')).sort(), JSON.stringify(ws)).toEqual(bruteFacets(pats, ws.length));
        structures++;
      }
    }
    expect(structures).toBeGreaterThan(200);
  });

  it('every facet holds for every pattern (a unit reached in any set of segments)', () => {
    const ws = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [3], [4], [1], [2]];
    const pats = coveragePatterns(ws, 6);
    const f = coneFacets(pats, ws.length)!;
    for (const a of f) for (const p of pats) expect(a.reduce((s, c, w) => s + c * ((p >> w) & 1), 0)).toBeGreaterThanOrEqual(0);
    // the period is at most its two halves, 2024 at most its halves
    expect(f.map((a) => a.join(','))).toContain('0,0,0,-1,0,1,1,0,0');
  });
});
