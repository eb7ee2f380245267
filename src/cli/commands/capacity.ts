// `llmcost capacity SCENARIO`: why this many replicas of this GPU — memory fit, throughput profile
// (measured or derived) against its roofline, modelled latency, utilisation, month by month.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';

export const CAPACITY_FORMATS = ['table', 'json', 'csv'] as const;

interface CapacityFlags extends ScenarioFlags {
  format: (typeof CAPACITY_FORMATS)[number];
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
    .option(
      '--all-months',
      'print every month (by default only months where the sizing changes, plus the first and last)',
    );
  formatOption(cmd, CAPACITY_FORMATS, 'table');
  scenarioOptions(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: CapacityFlags) => {
    if (flags.strategy !== 'self_hosted' && flags.strategy !== 'hybrid')
      throw usageError(`unknown strategy '${flags.strategy}' for --strategy`, 'self_hosted or hybrid');
    const { loadTables, pricingAgePolicy, runScenario } = await import('../../pipeline/index.js');
    const req = runRequest(flags, ctx);
    const { report } = runScenario(fileRef(scenario, ctx), req, loadTables(req.pricing));
    printWarnings(ctx, pricingAgePolicy(report.pricing_used, req.pricing));
    const s = report.strategies.find((x) => x.id === flags.strategy);
    if (!s) {
      const why = report.missing.find((m) => m.id === flags.strategy)?.reason ?? 'not computed';
      throw usageError(
        `${scenario}: no ${flags.strategy} capacity to show (${why})`,
        'a scenario with a `self_hosted:` block',
      );
    }
    const f = await import('../../format/capacity.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<CapacityFlags['format'], () => string> = {
      table: () => f.formatCapacityTable(report, s, { style, allMonths: flags.allMonths }),
      json: () => f.formatCapacityJson(report, s),
      csv: () => f.formatCapacityCsv(s),
    };
    const text = formats[flags.format]();
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
