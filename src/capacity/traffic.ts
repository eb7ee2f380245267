// Traffic shape and how it turns into billed replica-hours.
//
// A diurnal curve `hourly: [24 weights]` is normalised to a mean of 1 (weight ÷ average weight), so
// hour h carries w_h × the average load; peak_to_average is then max(w_h).
//
// Billing, per month, for replicas above the `reserved` ones (which are billed every hour anyway):
//   always-on:  R = max(min, ⌈V ÷ capacity at peak⌉) replicas for every hour of the month.
//   autoscaled: hour h of the day needs n_h = max(min, ⌈V × w_h ÷ capacity at average load⌉) replicas.
//     Scaling up takes `scale_up_minutes` (s): replicas for a busier next hour start s minutes before
//     it, so hour h bills n_h for (60 − s) minutes and max(n_h, n_h+1) for the last s minutes (the
//     day wraps: hour 23 is followed by hour 0). Scaling down is immediate.
// Every term has the shape hours × max(m, ⌈V ÷ width⌉): a sum of replica steps, which is what the
// break-even solver reasons about exactly.
import { Decimal, factNumber, isFastArithmetic, ONE, sum } from '../money.js';
import { HOURS_PER_DAY } from '../vocabulary.js';

/** Weights normalised to mean 1. Throws nothing: the schema guarantees 24 non-negative weights, not all 0. */
export function normaliseHourly(weights: readonly number[]): Decimal[] {
  const total = sum(weights.map((w) => new Decimal(w)));
  return weights.map((w) => new Decimal(w).times(HOURS_PER_DAY).div(total));
}

export function peakToAverageOf(hourly: readonly Decimal[]): Decimal {
  return Decimal.max(...hourly);
}

/** One billing term: `replicaHours` per replica for max(minSteps, ⌈V ÷ callsPerStep⌉) replicas. */
export interface ReplicaTerm {
  replicaHours: Decimal;
  /** Calls (this month, on the self-hosted side) per extra replica; Infinity when the hour carries no load. */
  callsPerStep: Decimal;
  minSteps: number;
}

export interface Autoscaling {
  minReplicas: number;
  scaleUpMinutes: Decimal;
}

/**
 * Billing terms of a month. `capacityAtAverage` = calls a replica serves in a month at average load
 * and target utilisation; `peak` = peak-to-average; `floor` = the replica floor (min replicas, and
 * reserved replicas, which are paid for whether used or not).
 */
export function replicaTerms(opts: {
  hoursInMonth: Decimal;
  days: Decimal;
  capacityAtAverage: Decimal;
  /** capacityAtAverage ÷ peak-to-average, as the always-on sizing has always computed it. */
  capacityAtPeak: Decimal;
  peakToAverage: Decimal;
  hourly?: readonly Decimal[] | undefined;
  autoscaling?: Autoscaling | undefined;
  floor: number;
}): ReplicaTerm[] {
  const width = (w: Decimal) => (w.isZero() ? new Decimal(Infinity) : opts.capacityAtAverage.div(w));
  if (!opts.autoscaling)
    return [{ replicaHours: opts.hoursInMonth, callsPerStep: opts.capacityAtPeak, minSteps: opts.floor }];
  const hourly = opts.hourly ?? Array.from({ length: HOURS_PER_DAY }, () => opts.peakToAverage);
  const lead = Decimal.min(opts.autoscaling.scaleUpMinutes, 60).div(60);
  const terms: ReplicaTerm[] = [];
  hourly.forEach((w, h) => {
    const next = hourly[(h + 1) % hourly.length]!;
    if (!lead.eq(ONE))
      terms.push({ replicaHours: opts.days.times(ONE.minus(lead)), callsPerStep: width(w), minSteps: opts.floor });
    if (!lead.isZero())
      terms.push({
        replicaHours: opts.days.times(lead),
        callsPerStep: width(Decimal.max(w, next)),
        minSteps: opts.floor,
      });
  });
  return mergeTerms(terms);
}

/**
 * Terms with the same step width and floor bill together (fewer steps for the solver). Merging is only
 * a saving: two terms of equal width bill the same apart. On the fast path a width may be a tape input
 * (a varied traffic weight), whose text records no guard: found by its text, two hours stayed merged
 * on a tape after a trial made their widths differ (billed at one width; found by the property test).
 * There a width's unrecorded value only proposes a merge, and a recorded comparison decides it.
 */
export function mergeTerms(terms: readonly ReplicaTerm[]): ReplicaTerm[] {
  const fast = isFastArithmetic();
  const byKey = new Map<string, ReplicaTerm[]>();
  for (const t of terms) {
    const key = `${fast ? factNumber(t.callsPerStep) : t.callsPerStep.toString()}|${t.minSteps}`;
    const list = byKey.get(key) ?? [];
    const i = fast ? list.findIndex((m) => m.callsPerStep.eq(t.callsPerStep)) : list.length ? 0 : -1;
    if (i >= 0) list[i] = { ...list[i]!, replicaHours: list[i]!.replicaHours.plus(t.replicaHours) };
    else list.push(t);
    byKey.set(key, list);
  }
  return [...byKey.values()].flat();
}

export function replicasFor(
  term: ReplicaTerm,
  calls: Decimal,
  approx?: { calls: number; callsPerStep: number },
): number {
  const raw = term.callsPerStep.isFinite()
    ? ceilQuotient(calls, term.callsPerStep, approx && approx.calls / approx.callsPerStep)
    : 0;
  return Math.max(term.minSteps, raw);
}

/**
 * replicasFor as a Decimal, with no shortcut: what the engine uses while the analyses record a tape
 * (uncertainty/tape.ts), so that ⌈calls ÷ width⌉ is a recorded operation rather than a number the
 * tape would have to hold fixed.
 */
export function replicaCount(term: ReplicaTerm, calls: Decimal): Decimal {
  const raw = term.callsPerStep.isFinite() ? calls.div(term.callsPerStep).ceil() : new Decimal(0);
  return Decimal.max(term.minSteps, raw);
}

/**
 * ⌈a ÷ b⌉ (a ≥ 0, b > 0 finite), exactly as the Decimal division would give it, but without the
 * division when a binary float estimate `q` settles it: doubles carry a ÷ b to a relative error of
 * about 3×10⁻¹⁶, so when q is more than 10⁻¹² (relative) away from a whole number, the ceiling is
 * certain. Only quotients that close to a step boundary (or outside 10⁻⁶…2⁵⁰) are divided exactly.
 * Autoscaling asks this for every hour-of-day term of every month: it was most of the engine's time.
 */
export function ceilQuotient(a: Decimal, b: Decimal, q?: number): number {
  if (q !== undefined && q > 1e-6 && q < 2 ** 50) {
    const lo = Math.ceil(q * (1 - 1e-12));
    if (lo === Math.ceil(q * (1 + 1e-12))) return lo;
  }
  return a.div(b).ceil().toNumber();
}
