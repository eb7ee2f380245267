// Break-even, solved exactly over the step function of GPU replicas (domain.md §6).
//
// A strategy's monthly cost at a steady volume of V calls is a cost curve:
//     cost(V) = fixed + perCall × V + step.cost × max(minSteps, ⌈V ÷ step.callsPerStep⌉)
// The difference between two curves has the same shape. Between two replica steps it is a straight
// line falling at the API's per-call price; at each step it jumps up by one replica's cost. So the
// last volume where self-hosting is dearer lies on a known segment, found in closed form — a bounded
// number of evaluations, no scan.
import { Decimal, ZERO } from '../money.js';
import type { CrossingWhy } from '../report/model.js';
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
  /**
   * Further replica steps of other widths (autoscaling bills each hour of the day as its own step;
   * see capacity/traffic.ts). With them the curve is still piecewise linear with upward jumps, and
   * solveCrossing switches to a bounded walk over its breakpoints.
   */
  extraSteps?: readonly CostStep[] | undefined;
}

export function allSteps(curve: CostCurve): CostStep[] {
  return [...(curve.step ? [curve.step] : []), ...(curve.extraSteps ?? [])];
}

/** Replicas at a volume. A Decimal, not a number: near a far-off break-even it can pass 2^53. */
export function stepsAt(step: CostStep, calls: Decimal): Decimal {
  const raw = step.callsPerStep.isFinite() ? calls.div(step.callsPerStep).ceil() : ZERO;
  return Decimal.max(step.minSteps, raw);
}

export function evaluate(curve: CostCurve, calls: Decimal): Decimal {
  let cost = curve.fixed.plus(curve.perCall.times(calls));
  for (const step of allSteps(curve)) cost = cost.plus(step.cost.times(stepsAt(step, calls)));
  return cost;
}

/**
 * Sum of curves; steps of the same width and floor merge into one (in order of first appearance).
 * A curve object passed n times (months that cost the same share one) adds its fixed cost and step
 * costs once × n: exact, as those are sums of whole micro-dollars. Costs per call are added month by
 * month as before, so their last-digit rounding is the same whatever is shared.
 */
export function sumCurves(curves: readonly CostCurve[]): CostCurve {
  const counts = new Map<CostCurve, number>();
  let perCall = ZERO;
  curves.forEach((curve, i) => {
    counts.set(curve, (counts.get(curve) ?? 0) + 1);
    perCall = i === 0 ? (curve.perCall.isZero() ? ZERO : curve.perCall) : perCall.plus(curve.perCall);
  });
  const times = (d: Decimal, n: number) => (n === 1 ? d : d.times(n));
  let fixed: Decimal | undefined;
  const merged: CostStep[] = [];
  const byWidth = new Map<Decimal, number>(); // step width object → index in merged (widths are shared objects)
  for (const [curve, n] of counts) {
    fixed = fixed === undefined ? times(curve.fixed, n) : fixed.plus(times(curve.fixed, n));
    for (const st of allSteps(curve)) {
      const cost = times(st.cost, n);
      let i = byWidth.get(st.callsPerStep);
      if (i === undefined || merged[i]!.minSteps !== st.minSteps) {
        // Not this width object: an equal width in another object, or a new step.
        i = merged.findIndex((m) => m.minSteps === st.minSteps && m.callsPerStep.eq(st.callsPerStep));
      }
      if (i < 0) {
        byWidth.set(st.callsPerStep, merged.length);
        merged.push(n === 1 ? st : { ...st, cost });
      } else {
        merged[i] = { ...merged[i]!, cost: merged[i]!.cost.plus(cost) };
      }
    }
  }
  const [step, ...extraSteps] = merged;
  return { fixed: fixed ?? ZERO, perCall, step, ...(extraSteps.length ? { extraSteps } : {}) };
}

export interface Crossing {
  /** Smallest whole number of calls from which `candidate` costs at most `reference` for every larger volume; null when never. */
  calls: Decimal | null;
  /** Why, as a fact; src/format/reasons.ts writes the words. */
  why: CrossingWhy;
  evaluations: number;
}

/**
 * Smallest steady volume V such that candidate(V') ≤ reference(V') for all V' ≥ V.
 * The reference must have no replica steps (it is the API); the candidate may have them.
 */
export function solveCrossing(candidate: CostCurve, reference: CostCurve): Crossing {
  if (reference.step || reference.extraSteps?.length) throw new Error('the reference curve must be linear');
  if (candidate.extraSteps?.length) return solveMultiStep(candidate, reference);
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
      ? { calls: ZERO, why: { kind: 'any_volume_equal_per_call' }, evaluations }
      : { calls: null, why: { kind: 'per_call_not_below' }, evaluations };
  }

  const c = step.cost;
  const cap = step.callsPerStep;
  if (a.lte(0)) {
    return { calls: null, why: { kind: 'no_saving_per_call' }, evaluations };
  }
  const perReplicaSaving = a.times(cap).minus(c); // API cost of a full replica's calls − the replica's cost
  if (perReplicaSaving.lt(0)) {
    const apiPerCall = reference.perCall;
    const shPerCall = c.div(cap).plus(candidate.perCall);
    const per1k = { per_1k_calls: shPerCall.times(1000), api_per_1k_calls: apiPerCall.times(1000) };
    return { calls: null, why: { kind: 'full_use_above', ...per1k, replicas: 'one' }, evaluations };
  }
  // Segment n (n replicas) covers ((n−1)·cap, n·cap]; the first covers [0, n1·cap].
  const n1 = Math.max(step.minSteps, 1);
  const firstSup = F.plus(c.times(n1)); // the most the difference reaches on the first segment
  let nLast: Decimal | null;
  if (perReplicaSaving.isZero()) {
    if (F.plus(a.times(cap)).gt(0)) return { calls: null, why: { kind: 'replica_costs_its_calls' }, evaluations };
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
      return { calls: null, why: { kind: 'beyond_limit', limit: MAX_MONTHLY_CALLS }, evaluations };
    }
    const calls = exact.ceil();
    // Guard against rounding at the last digit: step forward (at most twice) until the difference is ≤ 0.
    let v = calls;
    for (let i = 0; i < 3 && diff(v).gt(0); i++) v = v.plus(1);
    return { calls: v, why: { kind: v.isZero() ? 'any_volume' : 'from' }, evaluations };
  }
}

/** Most breakpoints the multi-step walk visits before it settles for a proven upper bound. */
export const MAX_BREAKPOINTS = 20_000;

/**
 * The same answer for a curve with several step widths. The difference D(V) = candidate − reference
 * falls at slope a (the API's per-call saving) between breakpoints and jumps up at each multiple of a
 * step width. Envelopes bound where it can still be positive:
 *   D(V) ≥ F − s·V                       (⌈x⌉ ≥ x)          → D > 0 for V < F ÷ s
 *   D(V) ≤ F + Σ cⱼ·max(mⱼ, 1) − s·V     (max(m, ⌈x⌉) ≤ x + max(m, 1)) → D ≤ 0 for V ≥ that ÷ s
 * with s = a − Σ cⱼ ÷ widthⱼ (the saving per call net of replica cost at full use). The walk visits the
 * breakpoints between the two envelopes from the top down and stops at the first whose right-hand
 * value is positive: the crossing lies on the segment after it, solved in closed form. The number of
 * evaluations is the number of breakpoints in that window (bounded by MAX_BREAKPOINTS).
 */
function solveMultiStep(candidate: CostCurve, reference: CostCurve): Crossing {
  const steps = allSteps(candidate).filter((st) => !st.cost.isZero());
  const F = candidate.fixed.minus(reference.fixed);
  const a = reference.perCall.minus(candidate.perCall);
  let evaluations = 0;
  const diffRight = (v: Decimal) => {
    // value just above v: ⌈(v+ε) ÷ w⌉ = ⌊v ÷ w⌋ + 1
    evaluations++;
    let d = F.minus(a.times(v));
    for (const st of steps) {
      const n = st.callsPerStep.isFinite() ? v.div(st.callsPerStep).floor().toNumber() + 1 : 0;
      d = d.plus(st.cost.times(Math.max(st.minSteps, n)));
    }
    return d;
  };
  const diff = (v: Decimal) => {
    evaluations++;
    return evaluate(candidate, v).minus(evaluate(reference, v));
  };
  const finish = (exact: Decimal, why: CrossingWhy = { kind: 'from' }): Crossing => {
    let v = Decimal.max(exact.ceil(), ZERO);
    for (let i = 0; i < 3 && diff(v).gt(0); i++) v = v.plus(1);
    return { calls: v, why: v.isZero() ? { kind: 'any_volume' } : why, evaluations };
  };
  if (steps.length === 0) return solveCrossing({ fixed: candidate.fixed, perCall: candidate.perCall }, reference);
  if (a.lte(0)) return { calls: null, why: { kind: 'no_saving_per_call' }, evaluations };
  const fullUse = steps.reduce(
    (acc, st) => (st.callsPerStep.isFinite() ? acc.plus(st.cost.div(st.callsPerStep)) : acc),
    ZERO,
  );
  const s = a.minus(fullUse);
  if (s.lte(0)) {
    const per1k = {
      per_1k_calls: fullUse.plus(candidate.perCall).times(1000),
      api_per_1k_calls: reference.perCall.times(1000),
    };
    return { calls: null, why: { kind: 'full_use_above', ...per1k, replicas: 'all' }, evaluations };
  }
  const top = F.plus(steps.reduce((acc, st) => acc.plus(st.cost.times(Math.max(st.minSteps, 1))), ZERO)).div(s);
  if (top.lte(0)) return finish(ZERO);
  const bottom = Decimal.max(F.div(s), ZERO);
  // Walk breakpoints below `top` in decreasing order: for each width, the next lower multiple.
  const walk = steps.map((st) =>
    st.callsPerStep.isFinite() ? { w: st.callsPerStep, n: top.div(st.callsPerStep).ceil().minus(1), at: false } : null,
  );
  const next = walk.filter((x) => x !== null);
  for (let visited = 0; visited < MAX_BREAKPOINTS; visited++) {
    let best: (typeof next)[number] | undefined;
    let bestV = new Decimal(-1);
    for (const x of next) {
      if (x.n.lt(0)) continue;
      const v = x.n.times(x.w);
      if (v.gt(bestV)) {
        bestV = v;
        best = x;
      }
    }
    if (!best || bestV.lt(0)) break;
    for (const x of next) {
      x.at = x.n.gte(0) && x.n.times(x.w).eq(bestV);
      if (x.at) x.n = x.n.minus(1);
    }
    // diffRight(bestV) without a division per step: visited from the top down, each width's ⌊bestV ÷ w⌋
    // is its index n — one more for the widths whose multiple bestV is (their n just moved below it).
    // (With autoscaling's hourly steps the divisions were most of a compare: ~1 s on 20,000 breakpoints.)
    evaluations++;
    let d = F.minus(a.times(bestV));
    steps.forEach((st, i) => {
      const x = walk[i];
      const n = x ? x.n.plus(x.at ? 2 : 1) : ZERO;
      d = d.plus(st.cost.times(Decimal.max(st.minSteps, n)));
    });
    if (d.gt(0)) return finish(bestV.plus(d.div(a)));
    if (bestV.lt(bottom)) break; // cannot happen (D > 0 below the lower envelope); kept as a guard
  }
  if (next.some((x) => x.n.gte(0) && x.n.times(x.w).gte(bottom))) {
    // Too many breakpoints to walk: `top` is a proven volume from which it stays cheaper.
    return finish(top, { kind: 'at_the_latest', breakpoints: MAX_BREAKPOINTS });
  }
  // No breakpoint with a positive right-hand value: the first segment decides.
  const d0 = diffRight(ZERO);
  return finish(d0.gt(0) ? d0.div(a) : ZERO);
}

/**
 * gpu: auto — the candidate costs the cheapest of several curves at each volume. Each option's own
 * crossing is solved first; from the lowest of them on, the cheapest option stays at or below the
 * reference. Below it, the walk goes down through the merged breakpoints of every option: between two
 * breakpoints every difference Dg is linear, so the set where all of them are still positive (the
 * reference cheaper than every option) is an interval found in closed form. The first non-empty
 * interval from the top ends at the answer. Bounded by MAX_BREAKPOINTS like the single-curve walk.
 */
export function solveCrossingMin(candidates: readonly CostCurve[], reference: CostCurve): Crossing {
  if (candidates.length === 1) return solveCrossing(candidates[0]!, reference);
  const singles = candidates.map((c) => solveCrossing(c, reference));
  let evaluations = singles.reduce((n, s) => n + s.evaluations, 0);
  const tops = singles.map((s) => s.calls).filter((v): v is Decimal => v !== null);
  if (tops.length === 0) return { calls: null, why: { kind: 'every_option', each: singles[0]!.why }, evaluations };
  const vTop = Decimal.min(...tops);
  const opts = candidates.map((c) => ({
    c,
    a: reference.perCall.minus(c.perCall),
    F: c.fixed.minus(reference.fixed),
    steps: allSteps(c),
  }));
  const diffRight = (o: (typeof opts)[number], v: Decimal): Decimal => {
    let d = o.F.minus(o.a.times(v));
    for (const st of o.steps) {
      const n = st.callsPerStep.isFinite() ? v.div(st.callsPerStep).floor().toNumber() + 1 : 0;
      d = d.plus(st.cost.times(Math.max(st.minSteps, n)));
    }
    return d;
  };
  const diffMin = (v: Decimal) => {
    evaluations++;
    return Decimal.min(...candidates.map((c) => evaluate(c, v))).minus(evaluate(reference, v));
  };
  const finish = (exact: Decimal): Crossing => {
    let v = Decimal.max(exact.ceil(), ZERO);
    for (let i = 0; i < 3 && diffMin(v).gt(0); i++) v = v.plus(1);
    return { calls: v, why: { kind: v.isZero() ? 'any_volume' : 'from_cheapest_option' }, evaluations };
  };
  const next = opts.flatMap((o) =>
    o.steps
      .filter((st) => st.callsPerStep.isFinite() && !st.cost.isZero())
      .map((st) => ({ w: st.callsPerStep, n: vTop.div(st.callsPerStep).ceil().minus(1) })),
  );
  let hi = vTop;
  for (let visited = 0; visited <= MAX_BREAKPOINTS; visited++) {
    let lo = ZERO;
    for (const x of next) if (x.n.gte(0) && x.n.times(x.w).gt(lo)) lo = x.n.times(x.w);
    for (const x of next) if (x.n.gte(0) && x.n.times(x.w).eq(lo)) x.n = x.n.minus(1);
    // On (lo, hi]: Dg(V) = Dg(lo+) − ag·(V − lo). Where are all of them positive?
    let upper = hi;
    let lower = lo;
    let empty = false;
    for (const o of opts) {
      evaluations++;
      const d = diffRight(o, lo);
      if (o.a.gt(0)) upper = Decimal.min(upper, lo.plus(d.div(o.a)));
      else if (o.a.isZero()) empty ||= d.lte(0);
      else lower = Decimal.max(lower, lo.plus(d.div(o.a)));
    }
    if (!empty && upper.gt(lower)) return finish(upper);
    if (lo.isZero()) return finish(ZERO);
    hi = lo;
  }
  return { ...finish(vTop), why: { kind: 'at_the_latest', breakpoints: MAX_BREAKPOINTS } };
}
