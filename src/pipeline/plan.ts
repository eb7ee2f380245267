// `llmcost plan`'s path: the scenario through the same read → measure → resolve → engine path as
// `compare` (so every flag means the same), then the optimiser over the report's month costs.
import { planEngine, planSpecOf } from '../engine/plan.js';
import type { PricingTables } from '../pricing/tables.js';
import type { PlanReport } from '../report/plan.js';
import { runScenario, type ScenarioRun } from './compare.js';
import type { FileRef, RunRequest } from './request.js';

export interface PlanRun {
  run: ScenarioRun;
  plan: PlanReport;
}

export function runPlan(ref: FileRef, req: RunRequest, tables: PricingTables): PlanRun {
  const run = runScenario(ref, req, tables);
  const spec = planSpecOf(run.loaded.scenario.plan, run.report.strategies.map((s) => s.id));
  return { run, plan: planEngine(run.input, run.report, spec) };
}
