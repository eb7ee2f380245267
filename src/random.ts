// A small seeded PRNG for the places that need reproducible draws without statistical weight
// (corpus sampling, fuzzing). Monte Carlo uses xoshiro128** (src/uncertainty/random.ts).

/** mulberry32 (public domain): a well-mixed 32-bit PRNG; the same seed gives the same draws everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
