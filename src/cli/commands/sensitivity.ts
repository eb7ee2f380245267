// `llmcost sensitivity SCENARIO`: which inputs move the TCO, and the gap between the best two, most.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { scenarioOptions } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';
import {
  defaultUncertaintyOption,
  loadForAnalysis,
  wholeNumberOption,
  type AnalysisFlags,
} from '../uncertaintyOptions.js';

export const SENSITIVITY_FORMATS = ['table', 'json', 'csv'] as const;

interface SensitivityFlags extends AnalysisFlags {
  format: (typeof SENSITIVITY_FORMATS)[number];
  top: string;
  includeConventions?: boolean;
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('sensitivity')
    .description(
      'tornado: swing each input (P10–P90 of its distribution, or ±25%) and rank its effect on TCO and on the gap between the best two strategies',
    )
    .argument('<scenario>', 'scenario YAML file')
    .option('--top <n>', 'inputs to show per table (JSON and CSV list all)', '12')
    .option('--include-conventions', 'swing conventions given as plain numbers too (days_per_month ±25%)');
  formatOption(cmd, SENSITIVITY_FORMATS, 'table');
  scenarioOptions(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: SensitivityFlags) => {
    const top = wholeNumberOption('--top', flags.top, 1, 1000);
    const model = await loadForAnalysis(scenario, flags, ctx);
    const { sensitivity } = await import('../../uncertainty/sensitivity.js');
    const result = sensitivity(model, { includeConventions: flags.includeConventions });
    const f = await import('../../format/sensitivity.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<SensitivityFlags['format'], () => string> = {
      table: () => f.formatSensitivityTable(result, top, style),
      json: () => f.formatSensitivityJson(result),
      csv: () => f.formatSensitivityCsv(result),
    };
    const text = formats[flags.format]();
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
