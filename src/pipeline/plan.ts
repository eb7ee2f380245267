// `llmcost plan`'s path: the scenario through the same read → measure → resolve → engine path as
// `compare` (so every flag means the same), then the optimiser over the report's month costs.
import { planEngine, planOfPrepared, planSpecOf, preparePlan } from '../engine/plan.js';
import type { PricingTables } from '../pricing/tables.js';
import { type Decimal, ZERO } from '../money.js';
import type { Report, StrategyResult } from '../report/model.js';
import { CATEGORIES, type Category } from '../vocabulary.js';
import type { PlanReport } from '../report/plan.js';
import { DEFAULT_PLAN_TRIALS, simulatePlan, type PlanUncertainty } from '../uncertainty/plan.js';
import { prepareAnalysis } from './analysis.js';
import { runScenario, type ScenarioRun } from './compare.js';
import type { FileRef, RunRequest } from './request.js';

export interface PlanRun {
  run: ScenarioRun;
  plan: PlanReport;
  /** With `uncertainty`: the plan over the scenario's distributions (Monte Carlo). */
  uncertainty?: PlanUncertainty;
}

export interface PlanRunOptions {
  uncertainty?: { trials?: number; seed?: number; defaults?: boolean } | undefined;
}

export function runPlan(ref: FileRef, req: RunRequest, tables: PricingTables, opts: PlanRunOptions = {}): PlanRun {
  if (!opts.uncertainty) {
    const run = runScenario(ref, req, tables);
    return { run, plan: planOf(run) };
  }
  // The same preparation as simulate (and its refusals: lower bounds, features the sampler lacks).
  const { run: full, model } = prepareAnalysis(ref, req, tables, { defaults: opts.uncertainty.defaults });
  // The sampled model computes the strategies of the scenario's blocks, not api_same_model (the open model
  // at a hosted endpoint): the plan and its trials run over the same strategies, or they would disagree.
  const mirrored = full.report.strategies.filter((s) => model.strategies.includes(s.id));
  const run = { ...full, report: { ...full.report, strategies: mirrored } };
  const prepared = preparePlan(run.input, run.report, specOf(run));
  const { trials = DEFAULT_PLAN_TRIALS, seed = 1 } = opts.uncertainty;
  return { run, plan: planOfPrepared(prepared), uncertainty: simulatePlan(model, prepared, trials, seed) };
}

const specOf = (run: ScenarioRun) =>
  planSpecOf(
    run.loaded.scenario.plan,
    run.report.strategies.map((s) => s.id),
  );

/** The plan of a scenario already run (its `plan:` block, or free switching without one). */
export function planOf(run: ScenarioRun): PlanReport {
  const spec = planSpecOf(
    run.loaded.scenario.plan,
    run.report.strategies.map((s) => s.id),
  );
  return planEngine(run.input, run.report, spec);
}

/**
 * The plan's months in the shape of a strategy's, for budgets (`budgets.strategy: plan`): its cost per
 * month, calls and TCO; `id` is the strategy it starts on, `label` says it is the plan.
 */
export function planAsStrategy(plan: PlanReport, report: Report): StrategyResult {
  const start = report.strategies.find((s) => s.id === plan.plan.start)!;
  const tco = plan.plan.tco;
  const months = start.months.map((m, i) => ({
    ...m,
    cost: plan.plan.months[i]!.cost,
    items: plan.plan.months[i]!.items,
    capacity: null,
  }));
  const calls = start.total_calls;
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, ZERO])) as Record<Category, Decimal>;
  for (const m of months) for (const it of m.items) byCategory[it.category] = byCategory[it.category].plus(it.cost);
  const { lower_bound: _startBound, ...rest } = start;
  return {
    ...rest,
    label: 'Plan',
    by_category: byCategory,
    tco,
    month1_cost: months[0]?.cost ?? tco,
    last_month_cost: months[months.length - 1]?.cost ?? tco,
    cost_per_1k_calls: calls.isZero() ? null : tco.div(calls).times(1000),
    months,
    ...(plan.plan.lower_bound ? { lower_bound: true } : {}),
  };
}
