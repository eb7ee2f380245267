// Several scenario files in one run: each is loaded and priced on its own, so an invalid file is
// reported by name and the others are still compared or checked.
import { InputError, isInputError } from '../errors.js';
import type { NamedReport } from '../format/markdown.js';
import type { Report } from '../report/model.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { CommandContext } from './context.js';

export interface ScenarioRun extends NamedReport {
  loaded: LoadedScenario;
  report: Report;
}

export interface ScenarioFailure {
  file: string;
  error: InputError;
}

export interface ScenarioBatch {
  runs: ScenarioRun[];
  failures: ScenarioFailure[];
}

/**
 * Load pricing once, then every scenario. Pricing errors (a bad --pricing file) stop the run; a
 * scenario's own errors are collected. Internal errors are never swallowed.
 */
export interface BatchOptions {
  pricing: readonly string[];
  /** `YYYY-MM`: anchors every scenario in calendar time (overrides its start_month). */
  startMonth?: string | undefined;
  /** Mark unpriced items "price not found" (lower-bound totals) instead of failing. */
  allowMissingPrices?: boolean | undefined;
  /** Let `sample:` paths reach outside each scenario's folder (--allow-outside-paths). */
  allowOutsidePaths?: boolean | undefined;
  /** --currency and friends: overrides each scenario's `currency:` block. */
  currency?: import('./currencyOptions.js').ScenarioCurrency | undefined;
  /** Load a file some other way (a scenario read from stdin); undefined: read it from disk. */
  read?: ((file: string) => LoadedScenario | undefined) | undefined;
}

export async function compareScenarios(files: readonly string[], opts: BatchOptions, ctx: CommandContext): Promise<ScenarioBatch> {
  const runs: ScenarioRun[] = [];
  const { failures } = await forEachScenario(files, opts, ctx, (run) => runs.push(run));
  return { runs, failures };
}

/**
 * The same, handing each scenario's run to `visit` as soon as it is computed and keeping nothing:
 * a caller that turns each report into its piece of the output holds one report at a time.
 */
export async function forEachScenario(files: readonly string[], opts: BatchOptions, ctx: CommandContext, visit: (run: ScenarioRun) => void): Promise<{ failures: ScenarioFailure[] }> {
  const { pricing, startMonth } = opts;
  const { compareLoaded } = await import('../pipeline.js');
  const { readScenario } = await import('../scenario/load.js');
  const { loadPricing } = await import('../pricing/load.js');
  const { displayAs } = await import('./commands/compare.js');
  const { resolvePricingSpec } = await import('./context.js');
  const tables = loadPricing({ overrides: pricing.map((p) => resolvePricingSpec(p, ctx)), displayName: displayAs(pricing, ctx) });
  const failures: ScenarioFailure[] = [];
  for (const file of files) {
    let run: ScenarioRun;
    try {
      const read = opts.read?.(file) ?? readScenario(ctx.resolvePath(file), file, { allowOutsidePaths: opts.allowOutsidePaths });
      const dated = startMonth ? { ...read, scenario: { ...read.scenario, start_month: startMonth } } : read;
      const loaded = opts.currency ? { ...dated, scenario: { ...dated.scenario, currency: opts.currency } } : dated;
      const report = compareLoaded(loaded, { tables, allowMissingPrices: opts.allowMissingPrices });
      // The assumptions list says where each input came from: here, the command line.
      if (startMonth) report.assumptions = report.assumptions.map((a) => (a.field === 'start_month' ? { ...a, source: '--start-month' } : a));
      run = { file, loaded, report };
    } catch (e) {
      if (!isInputError(e)) throw e;
      // File errors name the absolute path; say it the way the user typed it.
      const named = e.details.file === ctx.resolvePath(file) ? new InputError({ ...e.details, file }) : e.inFile(file);
      failures.push({ file, error: named });
      continue;
    }
    visit(run);
  }
  return { failures };
}
