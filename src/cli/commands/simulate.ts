// `llmcost simulate SCENARIO`: Monte Carlo over the scenario's uncertain inputs.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { scenarioOptions } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';
import {
  defaultUncertaintyOption,
  loadForAnalysis,
  wholeNumberOption,
  type AnalysisFlags,
} from '../uncertaintyOptions.js';

export const SIMULATE_FORMATS = ['table', 'json', 'csv'] as const;

interface SimulateFlags extends AnalysisFlags {
  format: (typeof SIMULATE_FORMATS)[number];
  trials: string;
  seed: string;
  perTrial?: boolean;
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('simulate')
    .description('Monte Carlo: P10/P50/P90 cost per strategy, P(cheapest) and payback under uncertain inputs')
    .argument('<scenario>', 'scenario YAML file (any number may be a distribution)')
    .option('-n, --trials <n>', 'number of trials', '10000')
    .option('--seed <n>', 'random seed (same seed, same output)', '1')
    .option('--per-trial', 'CSV: one row per trial instead of the summary');
  formatOption(cmd, SIMULATE_FORMATS, 'table');
  scenarioOptions(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: SimulateFlags) => {
    const { MAX_TRIALS, simulate } = await import('../../uncertainty/simulate.js');
    const { MAX_SEED } = await import('../../uncertainty/random.js');
    const trials = wholeNumberOption('--trials', flags.trials, 1, MAX_TRIALS);
    const seed = wholeNumberOption('--seed', flags.seed, 0, MAX_SEED);
    if (flags.perTrial && flags.format !== 'csv')
      throw usageError('--per-trial needs --format csv', '--format csv --per-trial');
    const model = await loadForAnalysis(scenario, flags, ctx);
    const result = simulate(model, trials, seed);
    const f = await import('../../format/simulate.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<SimulateFlags['format'], () => string> = {
      table: () => f.formatSimulationTable(result, style),
      json: () => f.formatSimulationJson(result),
      csv: () => (flags.perTrial ? f.formatSimulationTrialsCsv(result) : f.formatSimulationCsv(result)),
    };
    const text = formats[flags.format]();
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
