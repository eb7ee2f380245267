// `llmcost capacity SCENARIO`: why this many replicas of this GPU — memory fit, throughput profile
// (measured or derived) against its roofline, modelled latency, utilisation, month by month.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, pricingOption, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fitOutput } from '../fit.js';
import { displayAs } from './compare.js';

export const CAPACITY_FORMATS = ['table', 'json', 'csv'] as const;

interface CapacityFlags {
  format: (typeof CAPACITY_FORMATS)[number];
  pricing: string[];
  strategy: 'self_hosted' | 'hybrid';
  allMonths?: boolean;
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('capacity')
    .description('show how the self-hosted replicas are sized: memory, throughput, latency, utilisation per month')
    .argument('<scenario>', 'scenario YAML file')
    .option('--strategy <id>', 'self_hosted, or hybrid for its self-hosted share', 'self_hosted')
    .option('--all-months', 'print every month (by default only months where the sizing changes, plus the first and last)');
  formatOption(cmd, CAPACITY_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: CapacityFlags) => {
    if (flags.strategy !== 'self_hosted' && flags.strategy !== 'hybrid') throw usageError(`unknown strategy '${flags.strategy}' for --strategy`, 'self_hosted or hybrid');
    const { compareLoaded } = await import('../../pipeline.js');
    const { readScenario } = await import('../../scenario/load.js');
    const { loadPricing } = await import('../../pricing/load.js');
    const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
    const report = compareLoaded(readScenario(ctx.resolvePath(scenario), scenario), { tables });
    const s = report.strategies.find((x) => x.id === flags.strategy);
    if (!s) {
      const why = report.missing.find((m) => m.id === flags.strategy)?.reason ?? 'not computed';
      throw usageError(`${scenario}: no ${flags.strategy} capacity to show (${why})`, 'a scenario with a `self_hosted:` block');
    }
    const f = await import('../../format/capacity.js');
    let text: string;
    if (flags.format === 'json') text = f.formatCapacityJson(report, s);
    else if (flags.format === 'csv') text = f.formatCapacityCsv(report, s);
    else text = f.formatCapacityTable(report, s, { style: await styleFor(!flags.out && wantsColor(ctx.io, flags.color)), allMonths: flags.allMonths });
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
