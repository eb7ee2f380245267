// `llmcost report SCENARIO --out report.html`: the self-contained HTML report (charts, tables, sources).
import type { Command } from 'commander';
import type { PricingTables } from '../../pricing/tables.js';
import type { LoadedScenario } from '../../scenario/load.js';
import { formatOption, outOption, pricingOption, usageError, type CommandContext } from '../context.js';
import { emit } from '../io.js';
import { displayAs } from './compare.js';

export const REPORT_FORMATS = ['html'] as const;

interface ReportFlags {
  format: (typeof REPORT_FORMATS)[number];
  pricing: string[];
  out?: string;
  today?: string;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('write a self-contained HTML report: the answer, charts, assumptions, prices and every line item')
    .argument('<scenario>', 'scenario YAML file')
    .option('--today <date>', 'age pricing rows against this date (YYYY-MM-DD) instead of the current date, for reproducible output');
  formatOption(cmd, REPORT_FORMATS, 'html');
  pricingOption(cmd);
  outOption(cmd);
  cmd.action(async (scenario: string, flags: ReportFlags) => {
    const today = flags.today === undefined ? ctx.io.now() : parseDay(flags.today);
    const { readScenario } = await import('../../scenario/load.js');
    const { loadPricing } = await import('../../pricing/load.js');
    const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
    const loaded = readScenario(ctx.resolvePath(scenario), scenario);
    emit(ctx.io, await renderHtmlReport(loaded, tables, today), flags.out, ctx.resolvePath);
  });
}

function parseDay(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) throw usageError(`--today: "${text}" is not a date`, 'a calendar date as YYYY-MM-DD, e.g. 2026-11-25');
  return d;
}

/** Scenario → HTML, shared with `compare --format html`. The break-even chart needs the engine's cost curves. */
export async function renderHtmlReport(loaded: LoadedScenario, tables: PricingTables, today: Date): Promise<string> {
  const { resolveScenario } = await import('../../scenario/load.js');
  const { listAssumptions } = await import('../../scenario/assumptions.js');
  const { compareEngine } = await import('../../engine/compare.js');
  const { runRateCurves } = await import('../../engine/curves.js');
  const { breakEvenChartLimit } = await import('../../format/html/charts.js');
  const { formatHtml } = await import('../../format/html/page.js');
  const input = resolveScenario(loaded, tables);
  const report = compareEngine(input, { assumptions: listAssumptions(loaded) });
  const curves = runRateCurves(input, breakEvenChartLimit(report));
  return formatHtml(report, { curves, today });
}
