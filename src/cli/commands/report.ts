// `llmcost report SCENARIO --out report.html`: the self-contained HTML report (charts, tables, sources).
import type { Command } from 'commander';
import type { PricingTables } from '../../pricing/tables.js';
import type { LoadedScenario } from '../../scenario/load.js';
import type { UncertaintyResults } from '../../format/html/uncertainty.js';
import { formatOption, outOption, pricingOption, usageError, type CommandContext } from '../context.js';
import { defaultUncertaintyOption, wholeNumberOption } from '../uncertaintyOptions.js';
import { emit } from '../io.js';
import { displayAs } from './compare.js';

export const REPORT_FORMATS = ['html'] as const;

interface ReportFlags {
  format: (typeof REPORT_FORMATS)[number];
  pricing: string[];
  out?: string;
  today?: string;
  uncertainty?: boolean;
  trials: string;
  seed: string;
  defaultUncertainty: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('write a self-contained HTML report: the answer, charts, assumptions, prices and every line item')
    .argument('<scenario>', 'scenario YAML file')
    .option('--today <date>', 'show each pricing row\'s age on this date (YYYY-MM-DD); without it the report has no ages, so its bytes never depend on the clock')
    .option('--uncertainty', 'add the Uncertainty section: a fan chart of cumulative cost (Monte Carlo) and a tornado (sensitivity), as `simulate` and `sensitivity` compute them')
    .option('-n, --trials <n>', 'Monte Carlo trials for --uncertainty', '10000')
    .option('--seed <n>', 'random seed for --uncertainty (same seed, same report)', '1');
  formatOption(cmd, REPORT_FORMATS, 'html');
  pricingOption(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  cmd.action(async (scenario: string, flags: ReportFlags) => {
    const today = flags.today === undefined ? undefined : parseDay(flags.today);
    const { readScenario } = await import('../../scenario/load.js');
    const { loadPricing } = await import('../../pricing/load.js');
    const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
    const loaded = readScenario(ctx.resolvePath(scenario), scenario);
    const uncertainty = flags.uncertainty ? await analyse(loaded, tables, flags) : undefined;
    emit(ctx.io, await renderHtmlReport(loaded, tables, today, uncertainty), flags.out, ctx.resolvePath);
  });
}

/** The same analyses as `simulate` and `sensitivity`, on the same model, for the report's section. */
async function analyse(loaded: LoadedScenario, tables: PricingTables, flags: ReportFlags): Promise<UncertaintyResults> {
  const { MAX_TRIALS, simulate } = await import('../../uncertainty/simulate.js');
  const { MAX_SEED } = await import('../../uncertainty/random.js');
  const { prepareModel } = await import('../../uncertainty/model.js');
  const { sensitivity } = await import('../../uncertainty/sensitivity.js');
  const { uncertaintyResults } = await import('../../uncertainty/forReport.js');
  const trials = wholeNumberOption('--trials', flags.trials, 1, MAX_TRIALS);
  const seed = wholeNumberOption('--seed', flags.seed, 0, MAX_SEED);
  const model = prepareModel(loaded, tables, { defaults: flags.defaultUncertainty });
  return uncertaintyResults(simulate(model, trials, seed, { cumulative: true }), sensitivity(model));
}

function parseDay(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) throw usageError(`--today: "${text}" is not a date`, 'a calendar date as YYYY-MM-DD, e.g. 2026-11-25');
  return d;
}

/** Scenario → HTML, shared with `compare --format html`. The break-even chart needs the engine's cost curves. */
export async function renderHtmlReport(loaded: LoadedScenario, tables: PricingTables, today: Date | undefined, uncertainty?: UncertaintyResults): Promise<string> {
  const { resolveScenario } = await import('../../scenario/load.js');
  const { listAssumptions } = await import('../../scenario/assumptions.js');
  const { compareEngine } = await import('../../engine/compare.js');
  const { runRateCurves } = await import('../../engine/curves.js');
  const { breakEvenChartLimit } = await import('../../format/html/charts.js');
  const { formatHtml } = await import('../../format/html/page.js');
  const input = resolveScenario(loaded, tables);
  const report = compareEngine(input, { assumptions: listAssumptions(loaded) });
  const curves = runRateCurves(input, breakEvenChartLimit(report));
  return formatHtml(report, { curves, today, ...(uncertainty ? { uncertainty } : {}) });
}
