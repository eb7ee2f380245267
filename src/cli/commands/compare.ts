// `llmcost compare SCENARIO`: the three strategies side by side.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, pricingOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';

export const COMPARE_FORMATS = ['table', 'json', 'html'] as const;

interface CompareFlags {
  format: (typeof COMPARE_FORMATS)[number];
  pricing: string[];
  monthly?: boolean;
  explain?: boolean;
  out?: string;
  color?: boolean;
  chart?: boolean;
  ascii?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('compare api, self_hosted and hybrid costs for a scenario')
    .argument('<scenario>', 'scenario YAML file')
    .option('--monthly', 'add the month-by-month table')
    .option('--explain', 'show how every month-1 figure is derived, with its source')
    .option('--chart', 'draw the charts under the table (default on a terminal)')
    .option('--no-chart', 'never draw the charts')
    .option('--ascii', 'draw charts with plain ASCII instead of braille and block characters');
  formatOption(cmd, COMPARE_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: CompareFlags) => {
    const { compareLoaded } = await import('../../index.js');
    const { readScenario } = await import('../../scenario/load.js');
    const { loadPricing } = await import('../../pricing/load.js');
    const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
    const loaded = readScenario(ctx.resolvePath(scenario), scenario);
    if (flags.format === 'html') {
      const { renderHtmlReport } = await import('./report.js');
      emit(ctx.io, await renderHtmlReport(loaded, tables, ctx.io.now()), flags.out, ctx.resolvePath);
      return;
    }
    const report = compareLoaded(loaded, { tables });
    let text: string;
    if (flags.format === 'json') {
      const { formatJson } = await import('../../format/json.js');
      text = formatJson(report);
    } else {
      const { formatTable } = await import('../../format/table.js');
      const style = await styleFor(!flags.out && wantsColor(ctx.io, flags.color));
      text = formatTable(report, { style, monthly: flags.monthly, explain: flags.explain });
      // Charts are decoration: on a terminal by default, in a pipe or a file only when asked for.
      if (flags.chart ?? (ctx.io.stdoutIsTTY && !flags.out)) {
        const { formatCharts } = await import('../../format/charts/terminal.js');
        text += `\n${formatCharts(report, { width: terminalWidth(ctx), ascii: flags.ascii, style })}`;
      }
    }
    emit(ctx.io, text, flags.out, ctx.resolvePath);
  });
}

/** Name override files in messages and sources as the user typed them. */
export function displayAs(typed: readonly string[], ctx: CommandContext): (p: string) => string {
  const byAbsolute = new Map(typed.map((t) => [ctx.resolvePath(t), t]));
  return (p) => byAbsolute.get(p) ?? p;
}

/** Columns to draw in: COLUMNS when set (people set it to ask), else the terminal's width, else 80. */
export function terminalWidth(ctx: CommandContext): number {
  const fromEnv = Number.parseInt(ctx.io.env.COLUMNS ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return ctx.io.columns && ctx.io.columns > 0 ? ctx.io.columns : 80;
}
