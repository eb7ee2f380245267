// A small, seedable, portable pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), seeded
// by splitmix32. 32-bit integer arithmetic only (Math.imul, >>>), so a seed gives the same stream on
// every platform and Node version; period 2^128 − 1, far beyond any run's needs. Not cryptographic.

export const MAX_SEED = 2 ** 32 - 1;

export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed over the 128-bit state (never all zero).
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /**
   * A uniform number strictly inside (0, 1) with 53 random bits: the midpoint of one of 2^53 equal
   * cells, so inverse-CDF sampling never meets 0 or 1.
   */
  nextOpen01(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** out[0], out[1], … : the next out.length values of nextOpen01, in order (one loop, no call per value). */
  fillOpen01(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) {
      const hi = this.nextUint32() >>> 5;
      const lo = this.nextUint32() >>> 6;
      out[i] = (hi * 67108864 + lo + 0.5) / 9007199254740992;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
