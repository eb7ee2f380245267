// Regimes: which strategy has the lowest run-rate cost at each steady monthly volume, exact over the
// replica steps (domain: break-even).
//
// Each strategy's run-rate cost is a cost curve (breakEven.ts): fixed + perCall·V + Σ step costs ×
// max(floor, ⌈V ÷ width⌉) — under gpu: auto the minimum of one such curve per option. Between two
// consecutive replica boundaries every curve is a straight line in V, so the cheapest strategy over
// the whole calls of such a segment changes at most once per pair of lines, in order of falling
// slope: the region where one line is lowest is an interval. The walk visits the segments, compares
// the strategies at each segment's first and last whole call, and where they differ finds each change
// by bisection on whole calls, with the engine's own evaluation (no float, no sampling). Beyond a
// volume where the flattest curve's upper envelope lies below every other curve's lower envelope, the
// flattest stays cheapest: the last regime is open-ended.
import { Decimal, ZERO } from '../money.js';
import type { Regime } from '../report/model.js';
import type { StrategyId } from '../scenario/schema.js';
import { allSteps, evaluate, MAX_BREAKPOINTS, type CostCurve } from './breakEven.js';
import { MAX_MONTHLY_CALLS } from './limits.js';

export interface StrategyCurves {
  id: StrategyId;
  /** One curve, or (gpu: auto) one per option: the strategy costs their minimum. */
  curves: readonly CostCurve[];
}

/** Slope at full use (cost per call of fully used replicas) and how far above that line the curve can lie. */
function envelope(c: CostCurve): { slope: Decimal; spread: Decimal } {
  let slope = c.perCall;
  let spread = ZERO;
  for (const st of allSteps(c)) {
    if (st.cost.isZero()) continue;
    if (st.callsPerStep.isFinite()) slope = slope.plus(st.cost.div(st.callsPerStep));
    spread = spread.plus(st.cost.times(Math.max(st.minSteps, 1)));
  }
  return { slope, spread };
}

/**
 * The regimes from 0 calls a month on, or null when they cannot be computed exactly (two strategies
 * equally cheap per call at full use, or more replica steps in range than the solver walks).
 */
export function regimesOf(strategies: readonly StrategyCurves[]): Regime[] | null {
  if (strategies.length === 0) return null;
  const lines = strategies.flatMap((s, order) => s.curves.map((c) => ({ id: s.id, order, c, ...envelope(c) })));
  // The flattest curve wins at large volume once its upper envelope is below every other's lower one.
  const flattest = lines.reduce((a, b) => (b.slope.lt(a.slope) ? b : a));
  let vMax = ZERO;
  for (const l of lines) {
    if (l.id === flattest.id) continue;
    const dSlope = l.slope.minus(flattest.slope);
    if (dSlope.lte(0)) return null; // as cheap per call at full use: the order may alternate forever
    // flattest ≤ fixed + slope·V + spread < l.fixed + l.slope·V ≤ l
    //   ⇐  V > (fixed + spread − l.fixed) ÷ dSlope
    const beyond = flattest.c.fixed.plus(flattest.spread).minus(l.c.fixed).div(dSlope);
    vMax = Decimal.max(vMax, beyond.floor().plus(1));
  }
  if (vMax.gt(MAX_MONTHLY_CALLS)) return null;

  /** Each strategy's cost: the cheapest of its lines, each line's cost given by `lineCost`. */
  const perStrategy = (lineCost: (l: (typeof lines)[number], i: number) => Decimal) => {
    const byStrategy = strategies.map(() => null as Decimal | null);
    lines.forEach((l, i) => {
      const v = lineCost(l, i);
      const cur = byStrategy[l.order];
      if (cur === null || cur === undefined || v.lt(cur)) byStrategy[l.order] = v;
    });
    return byStrategy;
  };
  /** The cheapest strategy; a tie goes to the earlier strategy (as the recommendation's ranking). */
  const cheapest = (c: Array<Decimal | null>): number => {
    let best = 0;
    c.forEach((v, i) => {
      if (v!.lt(c[best]!)) best = i;
    });
    return best;
  };
  const cost = (V: Decimal) => perStrategy((l) => evaluate(l.c, V));
  const winnerAt = (V: Decimal): number => cheapest(cost(V));

  // Segment ends: the last whole call before each replica boundary k·width, up to vMax. At each end,
  // the steps whose replica count goes up by one just after it (a step of width w has ⌈V ÷ w⌉ = 1 +
  // the number of its boundaries k·w below V, so after the end ⌊k·w⌋ it counts one more).
  const ends = new Map<string, Array<{ line: number; step: number }>>();
  for (const [line, l] of lines.entries()) {
    for (const [step, st] of allSteps(l.c).entries()) {
      if (st.cost.isZero() || !st.callsPerStep.isFinite()) continue;
      const count = vMax.div(st.callsPerStep).floor().toNumber();
      if (ends.size + count > MAX_BREAKPOINTS) return null;
      for (let k = 1; k <= count; k++) {
        const end = st.callsPerStep.times(k).floor().toFixed();
        const at = ends.get(end);
        if (at) at.push({ line, step });
        else ends.set(end, [{ line, step }]);
      }
    }
  }
  if (!ends.has(vMax.toFixed())) ends.set(vMax.toFixed(), []);
  const sortedEnds = [...ends.keys()].map((e) => new Decimal(e)).sort((a, b) => a.comparedTo(b));

  // Replica counts inside a segment are constant: each step's cost × count is kept per step, and their
  // sum per curve, and moved on at the segment's end, so a cost inside the walk is evaluate()'s terms
  // without a division per step (a walk over thousands of segments with autoscaling's 24 hourly steps
  // per strategy did millions of them: 15 s for one compare). The step terms are whole replicas times
  // exact prices; only perCall × V can round (at the 34th digit), as in evaluate().
  const counts = lines.map((l) => allSteps(l.c).map(() => 1));
  const stepCosts = lines.map((l, i) =>
    allSteps(l.c).map((st, j) =>
      st.callsPerStep.isFinite() ? st.cost.times(Math.max(st.minSteps, counts[i]![j]!)) : st.cost.times(st.minSteps),
    ),
  );
  const stepSum = stepCosts.map((cs) => cs.reduce((a, c) => a.plus(c), ZERO));
  const walkWinner = (V: Decimal): number =>
    cheapest(perStrategy((l, i) => l.c.fixed.plus(l.c.perCall.times(V)).plus(stepSum[i]!)));

  const starts: Array<{ from: Decimal; who: number }> = [];
  const push = (from: Decimal, who: number) => {
    if (starts.length === 0 || starts[starts.length - 1]!.who !== who) starts.push({ from, who });
  };
  // At 0 calls strategies with the same fixed costs tie (two APIs): the range from 0 goes to the one
  // cheapest from the first call on, not to a one-volume range of its own.
  const w0 = winnerAt(ZERO);
  const w1 = winnerAt(new Decimal(1));
  const at0 = cost(ZERO);
  push(ZERO, at0[w1]!.eq(at0[w0]!) ? w1 : w0);
  let L = new Decimal(1);
  for (const R of sortedEnds) {
    if (R.gte(L)) {
      let who = walkWinner(L);
      push(L, who);
      // Within [L, R] each strategy is a line: the current winner's region is an interval from L on.
      let lo = L;
      while (walkWinner(R) !== who) {
        // Largest V in [lo, R) where `who` still wins, by bisection; the next strategy starts after it.
        let a = lo;
        let b = R;
        while (b.minus(a).gt(1)) {
          const mid = a.plus(b).div(2).floor();
          if (walkWinner(mid) === who) a = mid;
          else b = mid;
        }
        who = walkWinner(b);
        push(b, who);
        lo = b;
      }
      L = R.plus(1);
    }
    const moved = new Set<number>();
    for (const { line, step } of ends.get(R.toFixed()) ?? []) {
      const st = allSteps(lines[line]!.c)[step]!;
      const n = ++counts[line]![step]!;
      stepCosts[line]![step] = st.cost.times(Math.max(st.minSteps, n));
      moved.add(line);
    }
    for (const line of moved) stepSum[line] = stepCosts[line]!.reduce((a, c) => a.plus(c), ZERO);
  }
  const raw = starts.map((s, i) => ({ from: s.from, to: starts[i + 1]?.from ?? null, who: s.who }));
  return mergeNarrow(raw, strategies, minWidth(lines.map((l) => l.c)));
}

/** One replica step: the fewest calls any replica step of any strategy serves. */
function minWidth(curves: readonly CostCurve[]): Decimal | null {
  let w: Decimal | null = null;
  for (const c of curves) {
    for (const st of allSteps(c)) {
      if (st.cost.isZero() || !st.callsPerStep.isFinite()) continue;
      w = w === null ? st.callsPerStep : Decimal.min(w, st.callsPerStep);
    }
  }
  return w;
}

/**
 * Ranges between two others and narrower than one replica step (a strategy cheapest for a few calls
 * between two replica boundaries, near a crossover) are folded into the range before them, and said.
 * The first range (from 0) and the last (open-ended) are never folded.
 */
function mergeNarrow(
  raw: Array<{ from: Decimal; to: Decimal | null; who: number }>,
  strategies: readonly StrategyCurves[],
  step: Decimal | null,
): Regime[] {
  const out: Regime[] = [];
  for (const r of raw) {
    const id = strategies[r.who]!.id;
    const last = out[out.length - 1];
    if (last && last.strategy === id) {
      last.to_calls_per_month = r.to;
    } else if (last && r.to !== null && step !== null && r.to.minus(r.from).lt(step)) {
      last.merged.push({ from_calls_per_month: r.from, to_calls_per_month: r.to, strategy: id });
      last.to_calls_per_month = r.to;
    } else {
      out.push({ from_calls_per_month: r.from, to_calls_per_month: r.to, strategy: id, merged: [] });
    }
  }
  return out;
}
