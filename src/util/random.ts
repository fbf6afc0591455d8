/**
 * Seeded pseudo-random numbers for reproducible sample data and bootstrap resampling.
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32: fast, 32-bit state words,
 * identical output on every platform for the same seed.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
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
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  let spare: number | null = null;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d >>> 0, 11);
    a >>>= 0; b >>>= 0; c >>>= 0;
    return result;
  };
  const next = (): number => {
    // 53-bit uniform from two 32-bit outputs
    const hi = nextU32() >>> 5;
    const lo = nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const rng: Rng = {
    next,
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

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
