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

  /**
   * A uniform number strictly inside (0, 1) with 53 random bits (27 from one 32-bit output, 26 from the
   * next): the midpoint of one of 2^53 equal cells, so inverse-CDF sampling never meets 0 or 1.
   */
  nextOpen01(): number {
    this.fillOpen01(this.one);
    return this.one[0]!;
  }

  private readonly one = new Float64Array(1);

  /**
   * out[0], out[1], …: the next out.length values of nextOpen01, in order. The generator's step is
   * written out here once, on local copies of the state: a simulation draws hundreds of thousands of
   * values, most of them before V8 has optimised anything, and a method call per 32 bits cost more than
   * the arithmetic.
   */
  fillOpen01(out: Float64Array): void {
    let { a, b, c, d } = this;
    for (let i = 0; i < out.length; i++) {
      let hi = 0;
      let lo = 0;
      for (let k = 0; k < 2; k++) {
        // xoshiro128**: the output rotl(b × 5, 7) × 9, then the state update.
        const x = Math.imul(b, 5);
        const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = (d << 11) | (d >>> 21);
        if (k === 0)
          hi = r >>> 5; // 27 bits
        else lo = r >>> 6; // 26 bits
      }
      out[i] = (hi * 67108864 + lo + 0.5) / 9007199254740992;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }
}
