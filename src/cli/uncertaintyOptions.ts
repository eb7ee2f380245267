// Options shared by simulate, sensitivity and sweep, and the one way they load a scenario for analysis.
import type { Command } from 'commander';
import { displayAs } from './commands/compare.js';
import { usageError, type CommandContext } from './context.js';

export interface AnalysisFlags {
  pricing: string[];
  defaultUncertainty: boolean;
}

export function defaultUncertaintyOption(cmd: Command): Command {
  return cmd.option('--no-default-uncertainty', 'do not add the sourced default distributions (API price trend) for inputs the scenario leaves out');
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

export async function loadForAnalysis(scenario: string, flags: AnalysisFlags, ctx: CommandContext) {
  const { readScenario } = await import('../scenario/load.js');
  const { loadPricing } = await import('../pricing/load.js');
  const { prepareModel } = await import('../uncertainty/model.js');
  const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
  return prepareModel(readScenario(ctx.resolvePath(scenario), scenario), tables, { defaults: flags.defaultUncertainty });
}
