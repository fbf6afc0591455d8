/**
 * Seeded pseudo-random numbers for reproducible sample data and bootstrap resampling.
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32: fast, 32-bit state words,
 * identical output on every platform for the same seed.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /**
   * Fills `out` with the next `out.length` values of `next()`, in order — the same stream, drawn in one
   * tight loop with the generator state in local variables (the bootstrap's resampling draws millions).
   */
  fill(out: Float64Array): void;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Normal deviate (Box–Muller, polar form). */
  normal(mean?: number, sd?: number): number;
  /** Bernoulli draw with probability p. */
  bernoulli(p: number): boolean;
  /** Uniform pick from an array. */
  pick<T>(xs: readonly T[]): T;
  /** Fisher–Yates shuffle in place. */
  shuffle<T>(xs: T[]): T[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const sm = splitmix32(seed);
  // State kept as int32 (`| 0`) so V8 stays on small-integer arithmetic; the bits, and so the
  // output, are those of the reference xoshiro128**.
  let a = sm() | 0;
  let b = sm() | 0;
  let c = sm() | 0;
  let d = sm() | 0;
  let spare: number | null = null;
  /** One xoshiro128** step; returns the 32 output bits as an int32. */
  const step = (): number => {
    const x = Math.imul(b, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return result;
  };
  const next = (): number => {
    // 53-bit uniform from two 32-bit outputs
    const hi = step() >>> 5;
    const lo = step() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const fill = (out: Float64Array): void => {
    // two xoshiro128** steps per value, exactly as `step` and `next`, on local copies of the state
    let A = a;
    let B = b;
    let C = c;
    let D = d;
    for (let k = 0; k < out.length; k++) {
      let x = Math.imul(B, 5);
      const r1 = Math.imul((x << 7) | (x >>> 25), 9);
      let t = B << 9;
      C ^= A;
      D ^= B;
      B ^= C;
      A ^= D;
      C ^= t;
      D = (D << 11) | (D >>> 21);
      x = Math.imul(B, 5);
      const r2 = Math.imul((x << 7) | (x >>> 25), 9);
      t = B << 9;
      C ^= A;
      D ^= B;
      B ^= C;
      A ^= D;
      C ^= t;
      D = (D << 11) | (D >>> 21);
      out[k] = ((r1 >>> 5) * 67108864 + (r2 >>> 6)) / 9007199254740992;
    }
    a = A;
    b = B;
    c = C;
    d = D;
  };
  const rng: Rng = {
    next,
    fill,
    int: (n: number) => Math.floor(next() * n),
    normal: (mean = 0, sd = 1) => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return mean + sd * v;
      }
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      return mean + sd * u * f;
    },
    bernoulli: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    shuffle: <T>(xs: T[]) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [xs[i], xs[j]] = [xs[j], xs[i]];
      }
      return xs;
    },
  };
  return rng;
}
