// Options shared by simulate, sensitivity and sweep, and the one way they load a scenario for analysis.
import type { Command } from 'commander';
import type { PreparedModel } from '../uncertainty/model.js';
import { usageError, type CommandContext } from './context.js';
import { fileRef, printWarnings, runRequest, type ScenarioFlags } from './scenarioOptions.js';

export interface AnalysisFlags extends ScenarioFlags {
  defaultUncertainty: boolean;
}

export function defaultUncertaintyOption(cmd: Command): Command {
  return cmd.option(
    '--no-default-uncertainty',
    'do not add the sourced default distributions (API price trend) for inputs the scenario leaves out',
  );
}

/** Parse a whole number option within [min, max]; a usage error (exit 2) otherwise. */
export function wholeNumberOption(name: string, text: string, min: number, max: number): number {
  const t = text.trim();
  const expected = `a whole number from ${min} to ${max}`;
  if (/^[-+]?\d+$/.test(t)) {
    const n = Number(t);
    if (n < min) throw usageError(`${name} ${t} is ${n < 0 ? 'negative' : `below ${min}`}`, expected);
    if (!Number.isSafeInteger(n) || n > max) throw usageError(`${name} ${t} is above ${max}`, expected);
    return n;
  }
  if (/^[-+]?(\d+\.\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) throw usageError(`${name} ${t} is not a whole number`, expected);
  throw usageError(`${name} '${text}' is not a number`, expected);
}

/** The scenario through the pipeline (every scenario option, the pricing-age policy), prepared for sampling. */
export async function loadForAnalysis(
  scenario: string,
  flags: AnalysisFlags,
  ctx: CommandContext,
): Promise<PreparedModel> {
  const { loadTables, prepareAnalysis, pricingAgePolicy } = await import('../pipeline/index.js');
  const req = runRequest(flags, ctx);
  const { run, model } = prepareAnalysis(fileRef(scenario, ctx), req, loadTables(req.pricing), {
    defaults: flags.defaultUncertainty,
  });
  printWarnings(ctx, pricingAgePolicy(run.report.pricing_used, req.pricing));
  return model;
}
