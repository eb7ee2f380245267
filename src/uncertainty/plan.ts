// `llmcost plan --uncertainty`: the plan's search run once per Monte Carlo trial, on the prepared
// model's monthly costs per strategy (the float evaluator `simulate` uses), to give the distribution
// of the first switch's month and of the plan's saving. What the plan places itself (one-time items,
// fine-tuning runs, lead months, reservations after a switch, the switch costs) is held at its exact
// value at the inputs' point values: the trials move the strategies' monthly run costs.
import { searchPlan, type PlanCostModel, type PlanMove, type PreparedPlan } from '../engine/plan.js';
import type { Decimal } from '../money.js';
import { drawSamples } from '../scenario/distribution.js';
import type { StrategyId } from '../vocabulary.js';
import { setterFor, type PreparedModel } from './model.js';
import { Xoshiro128 } from './random.js';
import { percentileSorted, summarize, type Summary } from './stats.js';

export const DEFAULT_PLAN_TRIALS = 1000;
/** Each trial runs the whole search: bounded well below simulate's limit. */
export const MAX_PLAN_TRIALS = 20_000;

export interface PlanUncertainty {
  trials: number;
  seed: number;
  /** The inputs drawn in each trial (declared distributions, then the sourced defaults). */
  inputs: string[];
  /** The first switch's month; a percentile that falls on "no switch" is null. */
  switch_month: { p10: number | null; p50: number | null; p90: number | null; never: number };
  /** Staying on the start minus the plan, per trial. */
  saving_vs_start: Summary;
  /** The cheapest single strategy of the trial minus the plan. */
  saving_vs_static: Summary;
}

export function simulatePlan(model: PreparedModel, plan: PreparedPlan, trials: number, seed: number): PlanUncertainty {
  const H = model.months;
  const index = new Map<StrategyId, number>(model.strategies.map((id, k) => [id, k]));
  const start = index.get(plan.problem.start)!;
  // A report month's cost less its run cost: the items the plan places by its own rules.
  const placed = new Map(
    plan.report.strategies.map((s) => [
      s.id,
      s.months.map((m, i) => m.cost.minus(plan.C(s.id).runCost[i]!).toNumber()),
    ]),
  );
  const out = model.buffer();
  const memo = <K extends unknown[]>(f: (...k: K) => Decimal) => {
    const cache = new Map<string, number>();
    return (...k: K): number => {
      const key = k
        .map((x) => (typeof x === 'object' && x ? plan.problem.moves.indexOf(x as PlanMove) : String(x)))
        .join('|');
      let v = cache.get(key);
      if (v === undefined) cache.set(key, (v = f(...k).toNumber()));
      return v;
    };
  };
  const float: PlanCostModel<number> = {
    zero: 0,
    add: (a, b) => a + b,
    lt: (a, b) => a < b,
    run: (id, m) => out[index.get(id)! * H + m - 1]! - placed.get(id)![m - 1]!,
    periodic: memo((id: StrategyId, p: number, m: number) => plan.exact.periodic(id, p, m)),
    setup: memo((mv: PlanMove | null, to: StrategyId, p: number) => plan.exact.setup(mv, to, p)),
    change: memo((mv: PlanMove, pFrom: number, p: number, e: number) => plan.exact.change(mv, pFrom, p, e)),
  };
  const setters = model.inputs.map((u) => setterFor(model, u.path));
  const rng = new Xoshiro128(seed);
  const samples = drawSamples(
    model.inputs.map((u) => u.dist),
    trials,
    (out) => rng.fillOpen01(out),
  );
  const first = new Float64Array(trials);
  const vsStart = new Float64Array(trials);
  const vsStatic = new Float64Array(trials);
  let never = 0;
  const at = model.inputs.map((u) => model.inputSlot(u.path));
  const draw = (t: number, v: Float64Array): void => {
    for (let j = 0; j < at.length; j++) v[at[j]!] = samples[j]![t]!;
  };
  model.evaluateMany(trials, draw, (t, costs, at) => {
    for (let i = 0; i < out.length; i++) out[i] = costs[at + i]!; // the search reads the month costs from `out`
    const { path, cost } = searchPlan(plan.problem, float);
    const month = path[1]?.state.s;
    if (month === undefined) never++;
    first[t] = month ?? H + 1;
    const tcos = model.strategies.map((_, k) => {
      let total = 0;
      for (let i = 0; i < H; i++) total += out[k * H + i]!;
      return total;
    });
    vsStart[t] = tcos[start]! - cost;
    vsStatic[t] = Math.min(...tcos) - cost;
  });
  // Leave the model at its point values for whoever uses it next.
  model.inputs.forEach((u, j) => {
    setters[j]!(u.point);
  });
  const sorted = Float64Array.from(first).sort();
  const pct = (p: number) => {
    const m = Math.round(percentileSorted(sorted, p));
    return m > H ? null : m;
  };
  return {
    trials,
    seed,
    inputs: model.inputs.map((u) => u.field),
    switch_month: { p10: pct(0.1), p50: pct(0.5), p90: pct(0.9), never },
    saving_vs_start: summarize(vsStart),
    saving_vs_static: summarize(vsStatic),
  };
}
