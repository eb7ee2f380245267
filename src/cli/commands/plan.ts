// `llmcost plan SCENARIO`: the cheapest month-by-month path between the scenario's strategies, with
// the switches its `plan:` block allows (lead times, switch costs, reservations), against the best
// single strategy and against staying on the start (docs/plan.md).
import type { Command } from 'commander';
import type { PlanFormatName } from '../../format/plan.js';
import { colorOptions, formatOption, outOption, terminalWidth, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';
import { defaultUncertaintyOption, wholeNumberOption } from '../uncertaintyOptions.js';

/** The formats of src/format/plan.ts (named here so the command loads its formats only when run). */
export const PLAN_FORMATS = ['table', 'json', 'csv', 'markdown'] as const satisfies readonly PlanFormatName[];

interface PlanFlags extends ScenarioFlags {
  format: PlanFormatName;
  explain?: boolean;
  out?: string;
  color?: boolean;
  chart?: boolean;
  ascii?: boolean;
  uncertainty?: boolean;
  trials: string;
  seed: string;
  defaultUncertainty: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('plan')
    .description(
      'find the cheapest month-by-month path between strategies (when to switch, with lead times and switch costs)',
    )
    .argument('<scenario>', 'scenario YAML file (its `plan:` block says which switches are allowed)')
    .option('--explain', 'say why each switch falls in its month and how long it takes to pay back')
    .option('--chart', 'draw the cumulative-cost chart under the table (default on a terminal)')
    .option('--no-chart', 'never draw the chart')
    .option('--ascii', 'draw the chart with plain ASCII instead of braille characters')
    .option(
      '--uncertainty',
      "also run the plan over the scenario's distributions: P10/P50/P90 of the switch month and the saving",
    )
    .option('-n, --trials <n>', 'Monte Carlo trials for --uncertainty', '1000')
    .option('--seed <n>', 'random seed for --uncertainty (same seed, same output)', '1');
  formatOption(cmd, PLAN_FORMATS, 'table');
  scenarioOptions(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: PlanFlags) => {
    const { loadTables, pricingAgePolicy, runPlan } = await import('../../pipeline/index.js');
    const { PLAN_FORMATTERS } = await import('../../format/plan.js');
    const req = runRequest(flags, ctx);
    let uncertainty: { trials: number; seed: number; defaults: boolean } | undefined;
    if (flags.uncertainty) {
      const { MAX_PLAN_TRIALS } = await import('../../uncertainty/plan.js');
      const { MAX_SEED } = await import('../../uncertainty/random.js');
      const trials = wholeNumberOption('--trials', flags.trials, 1, MAX_PLAN_TRIALS);
      uncertainty = {
        trials,
        seed: wholeNumberOption('--seed', flags.seed, 0, MAX_SEED),
        defaults: flags.defaultUncertainty,
      };
    }
    const done = runPlan(fileRef(scenario, ctx), req, loadTables(req.pricing), { uncertainty });
    const { run, plan } = done;
    printWarnings(ctx, pricingAgePolicy(run.report.pricing_used, req.pricing));
    const isTable = flags.format === 'table';
    const style = await styleFor(isTable && !flags.out && wantsColor(ctx.io, flags.color));
    const charts =
      isTable && (flags.chart ?? (ctx.io.stdoutIsTTY && !flags.out))
        ? { width: terminalWidth(ctx), ascii: flags.ascii }
        : undefined;
    const view = { plan, report: run.report, uncertainty: done.uncertainty };
    const text = PLAN_FORMATTERS[flags.format](view, { style, explain: flags.explain, charts });
    emit(ctx.io, text, flags.out, ctx.resolvePath);
  });
}
