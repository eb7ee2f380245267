// The run-rate cost curves drawn by the break-even chart, as exact vertices. A self-hosted curve is
// straight between replica steps and jumps by one replica's cost at each step, so its exact shape is
// the list of step boundaries: no sampling, and the picture shows the same function the solver uses.
import { ZERO, type Decimal } from '../money.js';
import type { StrategyId } from '../vocabulary.js';
import { allSteps, evaluate, type CostCurve } from './breakEven.js';
import type { EngineInput } from './input.js';
import { allStrategyModels } from './portfolio.js';

export interface CurvePoint {
  calls: Decimal;
  cost: Decimal;
  /** Replicas billed on the segment that starts at this point (absent for curves without steps). */
  replicas?: number;
}

export interface StrategyCurve {
  id: StrategyId;
  /** Vertices in order of volume; a step appears as two points at the same volume. */
  points: CurvePoint[];
  /** Calls one replica step serves (null for the API, which has no steps). */
  calls_per_step: Decimal | null;
}

/** Beyond this many steps in range the picture cannot show them anyway: draw the envelope instead. */
export const MAX_STEPS_DRAWN = 400;

/** Every strategy's steady-month cost from 0 to `upTo` calls a month. */
export function runRateCurves(input: EngineInput, upTo: Decimal): StrategyCurve[] {
  return allStrategyModels(input).models.map((m) => {
    const curve = m.runRateCurve();
    return {
      id: m.id,
      points: curveVertices(curve, upTo),
      calls_per_step: curve.step?.callsPerStep.isFinite() ? curve.step.callsPerStep : null,
    };
  });
}

export function curveVertices(curve: CostCurve, upTo: Decimal): CurvePoint[] {
  const at = (calls: Decimal): CurvePoint => ({ calls, cost: evaluate(curve, calls) });
  if (curve.extraSteps?.length) return multiStepVertices(curve, upTo);
  const step = curve.step;
  if (!step?.callsPerStep.isFinite() || step.cost.isZero()) return [at(ZERO), at(upTo)];
  // Boundary k·cap is the last volume k steps serve; just after it the cost jumps by one step.
  const first = Math.max(1, step.minSteps);
  const points: CurvePoint[] = [{ ...at(ZERO), replicas: Math.max(0, step.minSteps) }];
  // With no minimum, zero calls need no replica and the first call brings one: a jump at zero.
  if (step.minSteps < 1) points.push({ calls: ZERO, cost: curve.fixed.plus(step.cost), replicas: 1 });
  const last = upTo.div(step.callsPerStep).ceil().toNumber() - 1;
  if (last - first + 1 > MAX_STEPS_DRAWN) return [at(ZERO), at(upTo)];
  for (let k = first; k <= last; k++) {
    const b = step.callsPerStep.times(k);
    // Written out rather than evaluate(b): b ÷ cap may round a hair above k and count one step too many.
    const before = curve.fixed.plus(curve.perCall.times(b)).plus(step.cost.times(k));
    points.push({ calls: b, cost: before, replicas: k }, { calls: b, cost: before.plus(step.cost), replicas: k + 1 });
  }
  points.push({ ...at(upTo), replicas: Math.max(first, last + 1) });
  return points;
}

/**
 * Several step widths (autoscaling bills each hour of the day as its own step; docs/capacity.md): the
 * vertices are every step boundary of every width, with the value just before and just after it.
 * Step counts are snapped to 30 decimals so a boundary never counts a hair above its multiple.
 */
function multiStepVertices(curve: CostCurve, upTo: Decimal): CurvePoint[] {
  const steps = allSteps(curve).filter((st) => st.callsPerStep.isFinite() && !st.cost.isZero());
  const valueAt = (v: Decimal, justAfter: boolean): Decimal => {
    let cost = curve.fixed.plus(curve.perCall.times(v));
    for (const st of allSteps(curve)) {
      const q = st.callsPerStep.isFinite() ? v.div(st.callsPerStep).toDecimalPlaces(30) : ZERO;
      const n = justAfter ? q.floor().plus(1) : q.ceil();
      cost = cost.plus(st.cost.times(Math.max(st.minSteps, st.callsPerStep.isFinite() ? n.toNumber() : 0)));
    }
    return cost;
  };
  const bounds = new Map<string, Decimal>();
  for (const st of steps) {
    const count = upTo.div(st.callsPerStep).ceil().toNumber();
    if (bounds.size + count > MAX_STEPS_DRAWN)
      return [
        { calls: ZERO, cost: valueAt(ZERO, false) },
        { calls: upTo, cost: valueAt(upTo, false) },
      ];
    for (let k = 0; k < count; k++) {
      const b = st.callsPerStep.times(k);
      bounds.set(b.toString(), b);
    }
  }
  const sorted = [...bounds.values()].sort((a, b) => a.comparedTo(b));
  const points: CurvePoint[] = [];
  for (const b of sorted) {
    const before = valueAt(b, false);
    const after = valueAt(b, true);
    points.push({ calls: b, cost: before });
    if (!after.eq(before)) points.push({ calls: b, cost: after });
  }
  points.push({ calls: upTo, cost: valueAt(upTo, false) });
  return points;
}
