// The analyses' entry to the pipeline: the scenario goes through the same read → measure → resolve →
// engine path as `compare` (so every flag means the same), then is prepared for sampled evaluation.
import { InputError } from '../errors.js';
import type { PricingTables } from '../pricing/tables.js';
import { prepareModel, type PreparedModel, type PrepareOptions } from '../uncertainty/model.js';
import { runScenario, type ScenarioRun } from './compare.js';
import type { FileRef, RunRequest } from './request.js';

export interface AnalysisRun {
  run: ScenarioRun;
  model: PreparedModel;
}

export function prepareAnalysis(
  ref: FileRef,
  req: RunRequest,
  tables: PricingTables,
  opts: PrepareOptions = {},
): AnalysisRun {
  const run = runScenario(ref, req, tables);
  // A total that is only a lower bound has no distribution to sample: say which price is missing.
  for (const s of run.report.strategies) {
    const item = s.months.flatMap((m) => m.items).find((i) => i.missing_price);
    if (item) {
      throw new InputError({
        code: 'E_NO_PRICE',
        file: ref.display,
        field: s.id,
        message: `${s.id}'s total is a lower bound (${item.missing_price}), so it has no distribution to sample`,
        expected:
          'a price for every item (add one with --pricing) for simulate, sensitivity, sweep and report --uncertainty',
      });
    }
  }
  return { run, model: prepareModel(run.loaded, tables, opts) };
}
