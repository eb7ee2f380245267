// Uncertain inputs: the four distribution forms a scenario may give instead of a number, their point
// value (what `compare` uses), their quantiles (what `sensitivity` swings over) and inverse-CDF sampling
// (what `simulate` draws). Pure functions of plain data.

/** `{ low, mode, high }`: triangular. */
export interface Triangular {
  kind: 'triangular';
  low: number;
  mode: number;
  high: number;
}
/** `{ p10, p90 }`: lognormal fitted so that these are its 10th and 90th percentiles. */
export interface Lognormal {
  kind: 'lognormal';
  p10: number;
  p90: number;
}
/** `{ min, max }`: uniform. */
export interface Uniform {
  kind: 'uniform';
  min: number;
  max: number;
}
/** `{ choices: [...], weights: [...] }`: discrete; weights default to equal. */
export interface Choices {
  kind: 'choices';
  choices: number[];
  weights: number[];
}
export type Distribution = Triangular | Lognormal | Uniform | Choices;

/** z of the standard normal's 90th percentile: a lognormal's σ = ln(p90 ÷ p10) ÷ (2 z90). */
export const Z90 = 1.2815515655446004;
/**
 * A lognormal is truncated to its [1e-6, 1 − 1e-6] quantiles so that every distribution has a finite
 * support that can be checked against the field's allowed range.
 */
export const LOGNORMAL_TAIL = 1e-6;

export function pointValue(d: Distribution): number {
  switch (d.kind) {
    case 'triangular':
      return d.mode;
    case 'lognormal':
      return Math.sqrt(d.p10 * d.p90); // the median
    case 'uniform':
      return (d.min + d.max) / 2; // the median
    case 'choices': {
      // the most likely choice (the mode); the first listed on a tie
      let best = 0;
      d.weights.forEach((w, i) => {
        if (w > d.weights[best]!) best = i;
      });
      return d.choices[best]!;
    }
  }
}

/** The value below which a share `p` of the distribution lies (inverse CDF). */
export function quantile(d: Distribution, p: number): number {
  if (d.kind !== 'choices') return inverseCdf(d)(p);
  return choicesQuantile(d, p);
}

/**
 * The inverse CDF of a continuous distribution, its constants worked out once (a sampler calls it once
 * per trial). Each constant is the very subexpression quantile() evaluated, so values are the same.
 */
function inverseCdf(d: Triangular | Lognormal | Uniform): (p: number) => number {
  switch (d.kind) {
    case 'triangular': {
      const { low, mode, high } = d;
      if (high === low) return () => low;
      const width = high - low;
      const below = mode - low;
      const above = high - mode;
      const cut = below / width;
      return (p) => (p < cut ? low + Math.sqrt(p * width * below) : high - Math.sqrt((1 - p) * width * above));
    }
    case 'lognormal': {
      const { p10, p90 } = d;
      if (p10 === p90) return () => p10;
      const mu = (Math.log(p10) + Math.log(p90)) / 2;
      const sigma = (Math.log(p90) - Math.log(p10)) / (2 * Z90);
      return (p) => Math.exp(mu + sigma * normalQuantile(Math.min(Math.max(p, LOGNORMAL_TAIL), 1 - LOGNORMAL_TAIL)));
    }
    case 'uniform': {
      const { min } = d;
      const span = d.max - d.min;
      return (p) => min + p * span;
    }
  }
}

function choicesQuantile(d: Choices, p: number): number {
  switch (d.kind) {
    case 'choices': {
      const order = d.choices.map((_, i) => i).sort((i, j) => d.choices[i]! - d.choices[j]! || i - j);
      const total = d.weights.reduce((a, b) => a + b, 0);
      let cum = 0;
      for (const i of order) {
        cum += d.weights[i]!;
        if (cum / total >= p) return d.choices[i]!;
      }
      return d.choices[order[order.length - 1]!]!;
    }
  }
}

/** Smallest and largest value the distribution can produce. */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case 'triangular':
      return [d.low, d.high];
    case 'lognormal':
      return [quantile(d, 0), quantile(d, 1)];
    case 'uniform':
      return [d.min, d.max];
    case 'choices':
      return [Math.min(...d.choices), Math.max(...d.choices)];
  }
}

/**
 * A sampler: u in (0, 1) → value. Choices are sampled in the order listed (cumulative weights), the
 * others by their inverse CDF; both use exactly one uniform per draw so streams stay aligned.
 */
export function sampler(d: Distribution): (u: number) => number {
  if (d.kind !== 'choices') return inverseCdf(d);
  const total = d.weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const w of d.weights) cum.push((acc += w) / total);
  const n = d.choices.length;
  return (u) => {
    for (let i = 0; i < n - 1; i++) if (u < cum[i]!) return d.choices[i]!;
    return d.choices[n - 1]!;
  };
}

/** "triangular 1,000 / 1,200 / 1,500" and the like, for tables and assumptions. */
export function describeDistribution(d: Distribution): string {
  const f = (x: number) => String(Number(x.toPrecision(6)));
  switch (d.kind) {
    case 'triangular':
      return `triangular(low ${f(d.low)}, mode ${f(d.mode)}, high ${f(d.high)})`;
    case 'lognormal':
      return `lognormal(p10 ${f(d.p10)}, p90 ${f(d.p90)})`;
    case 'uniform':
      return `uniform(min ${f(d.min)}, max ${f(d.max)})`;
    case 'choices':
      return `choices(${d.choices.map((c, i) => `${f(c)}${d.weights.every((w) => w === d.weights[0]) ? '' : ` @${f(d.weights[i]!)}`}`).join(', ')})`;
  }
}

/** Coefficients of Acklam's approximation (normalQuantile), made once rather than on every call. */
const NQ_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const NQ_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const NQ_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const NQ_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * Inverse of the standard normal CDF: Peter Acklam's rational approximation, relative error below
 * 1.15e-9 over (0, 1) — far finer than any judgement a P10/P90 input expresses.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const lowCut = 0.02425;
  let x: number;
  if (p < lowCut) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((NQ_C[0]! * q + NQ_C[1]!) * q + NQ_C[2]!) * q + NQ_C[3]!) * q + NQ_C[4]!) * q + NQ_C[5]!) /
      ((((NQ_D[0]! * q + NQ_D[1]!) * q + NQ_D[2]!) * q + NQ_D[3]!) * q + 1);
  } else if (p <= 1 - lowCut) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((NQ_A[0]! * r + NQ_A[1]!) * r + NQ_A[2]!) * r + NQ_A[3]!) * r + NQ_A[4]!) * r + NQ_A[5]!) * q) /
      (((((NQ_B[0]! * r + NQ_B[1]!) * r + NQ_B[2]!) * r + NQ_B[3]!) * r + NQ_B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((NQ_C[0]! * q + NQ_C[1]!) * q + NQ_C[2]!) * q + NQ_C[3]!) * q + NQ_C[4]!) * q + NQ_C[5]!) /
      ((((NQ_D[0]! * q + NQ_D[1]!) * q + NQ_D[2]!) * q + NQ_D[3]!) * q + 1);
  }
  return x;
}

/**
 * Each trial's value of each input: samples[j][t]. `uniforms` fills a buffer with the generator's next
 * values in order, and they are dealt in trial order — trial t's inputs one after another, one uniform
 * each — so a seed gives the same draws to every analysis; the inverse CDFs then run input by input
 * over all trials (one loop each, rather than a call per value).
 */
export function drawSamples(
  dists: readonly Distribution[],
  trials: number,
  uniforms: (out: Float64Array) => void,
): Float64Array[] {
  const J = dists.length;
  const samples = dists.map(() => new Float64Array(trials));
  const draws = dists.map(sampler);
  // A few thousand trials' uniforms at a time: the same stream, in a buffer that stays small.
  const CHUNK = 4096;
  const u = new Float64Array(Math.min(trials, CHUNK) * J);
  for (let from = 0; from < trials; from += CHUNK) {
    const n = Math.min(CHUNK, trials - from);
    const chunk = n * J === u.length ? u : u.subarray(0, n * J);
    uniforms(chunk);
    for (let j = 0; j < J; j++) {
      const f = draws[j]!;
      const s = samples[j]!;
      for (let t = 0; t < n; t++) s[from + t] = f(chunk[t * J + j]!);
    }
  }
  return samples;
}
