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
  switch (d.kind) {
    case 'triangular': {
      const { low, mode, high } = d;
      if (high === low) return low;
      const cut = (mode - low) / (high - low);
      return p < cut
        ? low + Math.sqrt(p * (high - low) * (mode - low))
        : high - Math.sqrt((1 - p) * (high - low) * (high - mode));
    }
    case 'lognormal': {
      if (d.p10 === d.p90) return d.p10;
      const q = Math.min(Math.max(p, LOGNORMAL_TAIL), 1 - LOGNORMAL_TAIL);
      const mu = (Math.log(d.p10) + Math.log(d.p90)) / 2;
      const sigma = (Math.log(d.p90) - Math.log(d.p10)) / (2 * Z90);
      return Math.exp(mu + sigma * normalQuantile(q));
    }
    case 'uniform':
      return d.min + p * (d.max - d.min);
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
  if (d.kind !== 'choices') return (u) => quantile(d, u);
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

/**
 * Inverse of the standard normal CDF: Peter Acklam's rational approximation, relative error below
 * 1.15e-9 over (0, 1) — far finer than any judgement a P10/P90 input expresses.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowCut = 0.02425;
  let x: number;
  if (p < lowCut) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lowCut) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}
