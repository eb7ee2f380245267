// `llmcost report SCENARIO --out report.html`: the self-contained HTML report (charts, tables, sources).
// The same pipeline and the same `html` format as `compare --format html`, plus what only a report
// offers: pricing ages on a given day and the Uncertainty section.
import type { Command } from 'commander';
import { formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions } from '../scenarioOptions.js';
import { defaultUncertaintyOption, wholeNumberOption, type AnalysisFlags } from '../uncertaintyOptions.js';

export const REPORT_FORMATS = ['html'] as const;

interface ReportFlags extends AnalysisFlags {
  format: (typeof REPORT_FORMATS)[number];
  out?: string;
  today?: string;
  uncertainty?: boolean;
  trials: string;
  seed: string;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('write a self-contained HTML report: the answer, charts, assumptions, prices and every line item')
    .argument('<scenario>', 'scenario YAML file')
    .option(
      '--today <date>',
      "show each pricing row's age on this date (YYYY-MM-DD); without it the report has no ages, so its bytes never depend on the clock",
    )
    .option(
      '--uncertainty',
      'add the Uncertainty section: a fan chart of cumulative cost (Monte Carlo) and a tornado (sensitivity), as `simulate` and `sensitivity` compute them',
    )
    .option('-n, --trials <n>', 'Monte Carlo trials for --uncertainty', '10000')
    .option('--seed <n>', 'random seed for --uncertainty (same seed, same report)', '1');
  formatOption(cmd, REPORT_FORMATS, 'html');
  scenarioOptions(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  cmd.action(async (scenario: string, flags: ReportFlags) => {
    const today = flags.today === undefined ? undefined : parseDay(flags.today);
    const { loadTables, planOf, prepareAnalysis, pricingAgePolicy, runScenario } = await import(
      '../../pipeline/index.js'
    );
    const { REPORT_FORMATTERS } = await import('../../format/index.js');
    const req = runRequest(flags, ctx);
    // --today is the day of the report: the pricing ages it prints and the age policy agree.
    if (flags.today !== undefined) req.pricing.today = flags.today;
    const tables = loadTables(req.pricing);
    const ref = fileRef(scenario, ctx);
    let uncertainty: import('../../uncertainty/forReport.js').UncertaintyResults | undefined;
    let run: import('../../pipeline/compare.js').ScenarioRun;
    if (flags.uncertainty) {
      // The same analyses as `simulate` and `sensitivity`, on the same model, for the report's section.
      const { MAX_TRIALS, simulate } = await import('../../uncertainty/simulate.js');
      const { MAX_SEED } = await import('../../uncertainty/random.js');
      const { sensitivity } = await import('../../uncertainty/sensitivity.js');
      const { uncertaintyResults } = await import('../../uncertainty/forReport.js');
      const trials = wholeNumberOption('--trials', flags.trials, 1, MAX_TRIALS);
      const seed = wholeNumberOption('--seed', flags.seed, 0, MAX_SEED);
      const analysis = prepareAnalysis(ref, req, tables, { defaults: flags.defaultUncertainty });
      run = analysis.run;
      uncertainty = uncertaintyResults(
        simulate(analysis.model, trials, seed, { cumulative: true }),
        sensitivity(analysis.model),
      );
    } else {
      run = runScenario(ref, req, tables);
    }
    printWarnings(ctx, pricingAgePolicy(run.report.pricing_used, req.pricing));
    // A scenario with a `plan:` block gets the Plan section (the same plan as `llmcost plan`).
    const plan = run.loaded.scenario.plan ? planOf(run) : undefined;
    emit(ctx.io, await REPORT_FORMATTERS[flags.format](run, { today, uncertainty, plan }), flags.out, ctx.resolvePath);
  });
}

function parseDay(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text)
    throw usageError(`--today: "${text}" is not a date`, 'a calendar date as YYYY-MM-DD, e.g. 2026-11-25');
  return d;
}
