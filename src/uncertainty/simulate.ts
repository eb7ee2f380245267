// Monte Carlo: draw every uncertain input, evaluate all strategies month by month (float fast path),
// and summarise month-1 cost, TCO, which strategy is cheapest and when self-hosting pays back.
// Deterministic: one seeded generator, inputs drawn in a fixed order, one uniform per input per trial.
import type { StrategyId } from '../vocabulary.js';
import { drawSamples } from '../scenario/distribution.js';
import type { UncertainInput } from '../scenario/extract.js';
import { setterFor, tcoOf, type PreparedModel } from './model.js';
import { Xoshiro128 } from './random.js';
import { histogram, summarize, type Summary } from './stats.js';

/** Each trial keeps its draws and results (for --per-trial and the percentiles): 8 bytes × (inputs + 3 × strategies). */
export const MAX_TRIALS = 200_000;
export const HISTOGRAM_BINS = 12;

export interface PaybackDistribution {
  versus: 'api';
  /** counts[m − 1]: trials whose payback month is m. */
  counts: number[];
  /** Trials that never pay back within the horizon. */
  never: number;
  /** Percentile months; null when that percentile falls after the horizon (no payback). */
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

export interface StrategySimulation {
  id: StrategyId;
  /** At every input's point value: compare's numbers (float). */
  point: { month1: number; tco: number };
  month1: Summary;
  tco: Summary;
  /** Trials in which this strategy has the lowest TCO (ties go to the earlier strategy, as in compare). */
  cheapest: number;
  payback: PaybackDistribution | null;
}

export interface TrialData {
  /** samples[j][t]: input j's value in trial t. */
  samples: Float64Array[];
  month1: Float64Array[];
  tco: Float64Array[];
  /** Index into strategies of the cheapest, per trial. */
  cheapest: Uint8Array;
  /** Payback month per strategy (0 = none; −1 when not applicable). */
  payback: Int32Array[];
  /**
   * Only when asked for (the HTML report's fan chart): cumulative cost per strategy, trial and month,
   * cumulative[k][t × months + i] = cost of months 1 … i + 1 in trial t.
   */
  cumulative?: Float64Array[];
}

export interface SimulateOptions {
  /** Keep every trial's cumulative cost month by month (8 bytes × strategies × months × trials). */
  cumulative?: boolean;
}

export interface Simulation {
  scenario: string;
  file: string;
  seed: number;
  trials: number;
  months: number;
  inputs: UncertainInput[];
  strategies: StrategySimulation[];
  histogram: { edges: number[]; counts: number[][] };
  data: TrialData;
}

export function simulate(model: PreparedModel, trials: number, seed: number, opts: SimulateOptions = {}): Simulation {
  const H = model.months;
  const S = model.strategies.length;
  const J = model.inputs.length;
  const out = model.buffer();

  model.evaluate(out);
  const point = model.strategies.map((_, k) => ({ month1: out[k * H]!, tco: tcoOf(model, out, k) }));

  const setters = model.inputs.map((u) => setterFor(model, u.path));
  const at = model.inputs.map((u) => model.inputSlot(u.path));
  const rng = new Xoshiro128(seed);
  const samples = drawSamples(
    model.inputs.map((u) => u.dist),
    trials,
    (out) => rng.fillOpen01(out),
  );
  const apiIndex = model.strategies.indexOf('api');
  const paysBack = model.strategies.map((id) => apiIndex >= 0 && (id === 'self_hosted' || id === 'hybrid'));

  const data: TrialData = {
    samples,
    month1: model.strategies.map(() => new Float64Array(trials)),
    tco: model.strategies.map(() => new Float64Array(trials)),
    cheapest: new Uint8Array(trials),
    payback: model.strategies.map(() => new Int32Array(trials)),
    ...(opts.cumulative ? { cumulative: model.strategies.map(() => new Float64Array(trials * H)) } : {}),
  };
  const draw = (t: number, v: Float64Array): void => {
    for (let j = 0; j < J; j++) v[at[j]!] = samples[j]![t]!;
  };
  model.evaluateMany(trials, draw, (t, costs, at) => {
    let best = 0;
    let bestTco = Infinity;
    for (let k = 0; k < S; k++) {
      const tco = tcoOf(model, costs, k, at);
      data.month1[k]![t] = costs[at + k * H]!;
      data.tco[k]![t] = tco;
      if (tco < bestTco) {
        bestTco = tco;
        best = k;
      }
      data.payback[k]![t] = paysBack[k] ? paybackMonth(costs, H, k, apiIndex, at) : -1;
      const cum = data.cumulative?.[k];
      if (cum) {
        let running = 0;
        for (let i = 0; i < H; i++) cum[t * H + i] = running += costs[at + k * H + i]!;
      }
    }
    data.cheapest[t] = best;
  });
  // Leave the model at its point values for whoever uses it next.
  model.inputs.forEach((u, j) => setters[j]!(u.point));

  const cheapestCounts = new Array<number>(S).fill(0);
  for (let t = 0; t < trials; t++) cheapestCounts[data.cheapest[t]!]!++;
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of data.tco)
    for (let t = 0; t < trials; t++) {
      lo = Math.min(lo, a[t]!);
      hi = Math.max(hi, a[t]!);
    }
  return {
    scenario: model.name,
    file: model.file,
    seed,
    trials,
    months: H,
    inputs: model.inputs,
    strategies: model.strategies.map((id, k) => ({
      id,
      point: point[k]!,
      month1: summarize(data.month1[k]!),
      tco: summarize(data.tco[k]!),
      cheapest: cheapestCounts[k]!,
      payback: paysBack[k] ? paybackDistribution(data.payback[k]!, H) : null,
    })),
    histogram: histogram(data.tco, HISTOGRAM_BINS, lo, hi),
    data,
  };
}

function paybackDistribution(months: Int32Array, H: number): PaybackDistribution {
  const counts = new Array<number>(H).fill(0);
  let never = 0;
  for (const m of months) {
    if (m === 0) never++;
    else counts[m - 1]!++;
  }
  // Order statistics with "never" sorted after the horizon; a percentile is a month that occurs.
  const sorted = Int32Array.from(months, (m) => (m === 0 ? H + 1 : m)).sort();
  const at = (p: number) => {
    const m = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
    return m > H ? null : m;
  };
  return { versus: 'api', counts, never, p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/**
 * First month from which the cumulative cost of row `mine` (of the rows at costs[at …]) stays at or below row `api`'s to the
 * horizon's end (payback, as in engine/compare.ts); 0 when there is none. A relative 1e-12
 * allowance keeps exact ties ties.
 */
export function paybackMonth(costs: Float64Array, H: number, mine: number, api: number, at = 0): number {
  let cm = 0;
  let ca = 0;
  let from = 0;
  for (let i = 0; i < H; i++) {
    cm += costs[at + mine * H + i]!;
    ca += costs[at + api * H + i]!;
    if (cm <= ca + 1e-12 * Math.abs(ca)) from ||= i + 1;
    else from = 0;
  }
  return from;
}
