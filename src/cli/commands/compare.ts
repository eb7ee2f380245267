// `llmcost compare SCENARIO`: the three strategies side by side.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, pricingOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';

export const COMPARE_FORMATS = ['table', 'json'] as const;

interface CompareFlags {
  format: (typeof COMPARE_FORMATS)[number];
  pricing: string[];
  monthly?: boolean;
  explain?: boolean;
  out?: string;
  color?: boolean;
  allowOutsidePaths?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('compare api, self_hosted and hybrid costs for a scenario')
    .argument('<scenario>', 'scenario YAML file')
    .option('--monthly', 'add the month-by-month table')
    .option('--explain', 'show how every month-1 figure is derived, with its source')
    .option('--allow-outside-paths', 'let `sample:` fields read files outside the scenario\'s folder');
  formatOption(cmd, COMPARE_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: CompareFlags) => {
    const { compareLoaded } = await import('../../index.js');
    const { readScenario } = await import('../../scenario/load.js');
    const { loadPricing } = await import('../../pricing/load.js');
    const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
    const report = compareLoaded(readScenario(ctx.resolvePath(scenario), scenario, { allowOutsidePaths: flags.allowOutsidePaths }), { tables });
    let text: string;
    if (flags.format === 'json') {
      const { formatJson } = await import('../../format/json.js');
      text = formatJson(report);
    } else {
      const { formatTable } = await import('../../format/table.js');
      const style = await styleFor(!flags.out && wantsColor(ctx.io, flags.color));
      text = formatTable(report, { style, monthly: flags.monthly, explain: flags.explain });
    }
    emit(ctx.io, text, flags.out, ctx.resolvePath);
  });
}

/** Name override files in messages and sources as the user typed them. */
export function displayAs(typed: readonly string[], ctx: CommandContext): (p: string) => string {
  const byAbsolute = new Map(typed.map((t) => [ctx.resolvePath(t), t]));
  return (p) => byAbsolute.get(p) ?? p;
}
