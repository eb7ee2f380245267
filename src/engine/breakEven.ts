// Break-even, solved exactly over the step function of GPU replicas (domain.md §6).
//
// A strategy's monthly cost at a steady volume of V calls is a cost curve:
//     cost(V) = fixed + perCall × V + step.cost × max(minSteps, ⌈V ÷ step.callsPerStep⌉)
// The difference between two curves has the same shape. Between two replica steps it is a straight
// line falling at the API's per-call price; at each step it jumps up by one replica's cost. So the
// last volume where self-hosting is dearer lies on a known segment, found in closed form — a bounded
// number of evaluations, no scan.
import { Decimal, ZERO } from '../money.js';
import { MAX_MONTHLY_CALLS } from './limits.js';

export interface CostStep {
  cost: Decimal;
  callsPerStep: Decimal;
  minSteps: number;
}

export interface CostCurve {
  fixed: Decimal;
  perCall: Decimal;
  step?: CostStep | undefined;
}

/** Replicas at a volume. A Decimal, not a number: near a far-off break-even it can pass 2^53. */
export function stepsAt(step: CostStep, calls: Decimal): Decimal {
  const raw = step.callsPerStep.isFinite() ? calls.div(step.callsPerStep).ceil() : ZERO;
  return Decimal.max(step.minSteps, raw);
}

export function evaluate(curve: CostCurve, calls: Decimal): Decimal {
  let cost = curve.fixed.plus(curve.perCall.times(calls));
  if (curve.step) cost = cost.plus(curve.step.cost.times(stepsAt(curve.step, calls)));
  return cost;
}

export function addCurves(a: CostCurve, b: CostCurve): CostCurve {
  if (a.step && b.step && !a.step.callsPerStep.eq(b.step.callsPerStep)) throw new Error('cannot add cost curves with different replica steps');
  const step = a.step && b.step ? { ...a.step, cost: a.step.cost.plus(b.step.cost) } : (a.step ?? b.step);
  return { fixed: a.fixed.plus(b.fixed), perCall: a.perCall.plus(b.perCall), step };
}

export interface Crossing {
  /** Smallest whole number of calls from which `candidate` costs at most `reference` for every larger volume; null when never. */
  calls: Decimal | null;
  reason: string;
  evaluations: number;
}

/**
 * Smallest steady volume V such that candidate(V') ≤ reference(V') for all V' ≥ V.
 * The reference must have no replica steps (it is the API); the candidate may have them.
 */
export function solveCrossing(candidate: CostCurve, reference: CostCurve): Crossing {
  if (reference.step) throw new Error('the reference curve must be linear');
  const F = candidate.fixed.minus(reference.fixed);
  const a = reference.perCall.minus(candidate.perCall); // what each call saves before replicas
  const step = candidate.step;
  let evaluations = 0;
  const diff = (v: Decimal) => {
    evaluations++;
    return evaluate(candidate, v).minus(evaluate(reference, v));
  };

  if (!step || step.cost.isZero()) {
    if (a.gt(0)) return finish(F.gt(0) ? F.div(a) : ZERO);
    return diff(ZERO).lte(0) && a.isZero()
      ? { calls: ZERO, reason: 'cheaper at any volume: fixed costs are lower and per-call costs equal', evaluations }
      : { calls: null, reason: 'never cheaper: its cost per call is not below the API price', evaluations };
  }

  const c = step.cost;
  const cap = step.callsPerStep;
  if (a.lte(0)) {
    return { calls: null, reason: 'never cheaper: it pays for replicas and saves nothing per call against the API', evaluations };
  }
  const perReplicaSaving = a.times(cap).minus(c); // API cost of a full replica's calls − the replica's cost
  if (perReplicaSaving.lt(0)) {
    const apiPerCall = reference.perCall;
    const shPerCall = c.div(cap).plus(candidate.perCall);
    return {
      calls: null,
      reason: `never stays cheaper: a fully used replica costs $${shPerCall.times(1000).toSignificantDigits(4).toFixed()} per 1,000 calls, above the API's $${apiPerCall.times(1000).toSignificantDigits(4).toFixed()}`,
      evaluations,
    };
  }
  // Segment n (n replicas) covers ((n−1)·cap, n·cap]; the first covers [0, n1·cap].
  const n1 = Math.max(step.minSteps, 1);
  const firstSup = F.plus(c.times(n1)); // the most the difference reaches on the first segment
  let nLast: Decimal | null;
  if (perReplicaSaving.isZero()) {
    if (F.plus(a.times(cap)).gt(0)) return { calls: null, reason: 'never stays cheaper: each extra replica costs exactly what its calls would cost on the API', evaluations };
    nLast = firstSup.gt(0) ? new Decimal(n1) : null;
  } else {
    // Left end of segment n > n1: F + c·n − a·(n−1)·cap > 0  ⇔  n < (F + a·cap) ÷ (a·cap − c)
    const bound = F.plus(a.times(cap)).div(perReplicaSaving);
    const candidateN = bound.ceil().minus(1);
    if (candidateN.gt(n1)) nLast = candidateN;
    else nLast = firstSup.gt(0) ? new Decimal(n1) : null;
  }
  if (nLast === null) return finish(ZERO);
  return finish(F.plus(c.times(nLast)).div(a));

  function finish(exact: Decimal): Crossing {
    if (exact.gt(MAX_MONTHLY_CALLS)) {
      return { calls: null, reason: `cheaper only above ${MAX_MONTHLY_CALLS.toExponential(0).replace('e+', '×10^')} calls a month, beyond what llmcost computes exactly`, evaluations };
    }
    const calls = exact.ceil();
    // Guard against rounding at the last digit: step forward (at most twice) until the difference is ≤ 0.
    let v = calls;
    for (let i = 0; i < 3 && diff(v).gt(0); i++) v = v.plus(1);
    return { calls: v, reason: v.isZero() ? 'cheaper at any volume' : 'cheaper from this steady monthly volume on', evaluations };
  }
}
