// `llmcost check SCENARIO...`: fail a build when a scenario's cost goes over its budgets.
//   exit 0 every budget holds · 1 a budget is exceeded · 2 invalid input or usage · 3 internal error
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BudgetTarget } from '../../budget/budgets.js';
import type { CheckRun } from '../../format/check.js';
import { colorOptions, formatOption, outOption, type CommandContext } from '../context.js';
import { EXIT, setExitCode } from '../exit.js';
import { appendText, emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';

export const CHECK_FORMATS = ['table', 'json', 'csv', 'markdown', 'github', 'junit'] as const;

interface CheckFlags extends ScenarioFlags {
  format: (typeof CHECK_FORMATS)[number];
  strategy?: BudgetTarget;
  maxMonthly?: number;
  maxAnnual?: number;
  maxTco?: number;
  baseline?: string;
  maxIncrease?: string;
  maxCostPer1kCalls?: number;
  out?: string;
  color?: boolean;
}

function amount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1e15)
    throw new InvalidArgumentError(
      `got '${value}'; expected an amount (in the scenario's currency, USD unless it states one), 0 or more, without separators`,
    );
  return n;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description("exit 1 when a scenario's cost exceeds its budgets (exit 0 when all hold, 2 on invalid input)")
    .argument('<scenarios...>', 'scenario YAML files with a budgets: block (or give budgets as flags)')
    .option('--max-monthly <usd>', 'limit on any single month (overrides budgets.max_monthly)', amount)
    .option(
      '--max-annual <usd>',
      'limit on each 12-month or fiscal year, prorated if partial (overrides budgets.max_annual)',
      amount,
    )
    .option('--baseline <scenario>', 'the scenario before the change (e.g. from the main branch), for --max-increase')
    .option('--max-increase <pct|usd>', "limit on the rise of each strategy's TCO over --baseline: 10% or an amount")
    .option('--max-tco <usd>', 'limit on the total over the horizon (overrides budgets.max_tco)', amount)
    .option(
      '--max-cost-per-1k-calls <usd>',
      'limit on TCO per 1,000 calls (overrides budgets.max_cost_per_1k_calls)',
      amount,
    )
    .addOption(
      new Option('--strategy <strategy>', 'which strategy the limits apply to (overrides budgets.strategy)').choices([
        'api',
        'self_hosted',
        'hybrid',
        'recommended',
        'plan',
      ] satisfies BudgetTarget[]),
    );
  formatOption(cmd, CHECK_FORMATS, 'table');
  scenarioOptions(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenarios: string[], flags: CheckFlags) => {
    const { loadTables, planAsStrategy, planOf, pricingAgePolicy, runScenario, runScenarios } = await import(
      '../../pipeline/index.js'
    );
    const { collectBudgets, evaluateBudgets } = await import('../../budget/budgets.js');
    const { InputError, isInputError } = await import('../../errors.js');
    const { evaluateIncrease, parseIncrease, statedStrategy } = await import('../../budget/budgets.js');
    if ((flags.baseline === undefined) !== (flags.maxIncrease === undefined)) {
      throw new InputError({
        code: 'E_USAGE',
        field: flags.baseline ? '--max-increase' : '--baseline',
        message: '--baseline and --max-increase go together',
        expected: 'check HEAD.yaml --baseline BASE.yaml --max-increase 10%',
      });
    }
    const gate = flags.maxIncrease === undefined ? undefined : parseIncrease(flags.maxIncrease);
    const req = runRequest(flags, ctx);
    const tables = loadTables(req.pricing);
    const batch = runScenarios(
      scenarios.map((s) => fileRef(s, ctx)),
      req,
      tables,
    );
    // The baseline goes through the same pipeline with the same options; its errors are the run's.
    const baseline =
      flags.baseline === undefined ? undefined : runScenario(fileRef(flags.baseline, ctx), req, tables).report;
    // Old prices warn on stderr; past --max-pricing-age they fail the build (exit 2) before any budget.
    const used = batch.runs.flatMap((r) => r.report.pricing_used);
    printWarnings(ctx, pricingAgePolicy(used, req.pricing));
    const run: CheckRun = { checked: [], failures: [...batch.failures], skipped: [] };
    if (flags.format === 'github') {
      const st = await import('../../pricing/staleness.js');
      run.stale = st.staleRows(st.distinctRows(used), req.pricing.today, st.STALE_AFTER_DAYS);
    }
    for (const r of batch.runs) {
      try {
        const budgets = collectBudgets(r.loaded, {
          strategy: flags.strategy,
          maxMonthly: flags.maxMonthly,
          maxAnnual: flags.maxAnnual,
          maxTco: flags.maxTco,
          maxCostPer1kCalls: flags.maxCostPer1kCalls,
        });
        const gated = flags.strategy ?? statedStrategy(r.loaded);
        const increase = gate && baseline ? evaluateIncrease(r.report, baseline, gate, gated, r.file) : [];
        // Checking a glob of scenarios, one without budgets is skipped (and said so); asked to
        // check one file that has none, or a set where none has any, is a usage mistake.
        if (budgets.length === 0 && increase.length === 0 && scenarios.length > 1) {
          run.skipped.push({ file: r.file, reason: 'no budgets: block and no budget flags' });
          continue;
        }
        if (budgets.length === 0 && increase.length === 0) {
          throw new InputError({
            code: 'E_MISSING_FIELD',
            file: r.file,
            line: 1,
            col: 1,
            field: 'budgets',
            message: 'no budgets to check',
            expected:
              'a budgets: block with max_monthly, max_tco or max_cost_per_1k_calls, or --max-monthly / --max-tco / --max-cost-per-1k-calls',
          });
        }
        // `plan` budgets gate on the cheapest path of `llmcost plan`, computed only when asked for.
        const plan = budgets.some((b) => b.target === 'plan') ? planAsStrategy(planOf(r), r.report) : undefined;
        const results = [...evaluateBudgets(r.report, budgets, r.file, plan), ...increase];
        run.checked.push({ file: r.file, report: r.report, results });
      } catch (e) {
        if (!isInputError(e)) throw e;
        run.failures.push({ file: r.file, error: e });
      }
    }
    // Keep the files in the order given, whichever step found a problem.
    run.failures.sort((a, b) => scenarios.indexOf(a.file) - scenarios.indexOf(b.file));
    if (run.checked.length === 0 && run.failures.length === 0) {
      throw new InputError({
        code: 'E_USAGE',
        message: `none of the ${scenarios.length} scenarios has budgets to check`,
        expected: 'a budgets: block in a scenario, or --max-monthly / --max-tco / --max-cost-per-1k-calls',
      });
    }

    const fmt = await import('../../format/check.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<CheckFlags['format'], () => Promise<string>> = {
      table: async () => fmt.formatCheckTable(run, style),
      json: async () => fmt.formatCheckJson(run),
      csv: async () => fmt.formatCheckCsv(run),
      markdown: async () => fmt.formatCheckMarkdown(run),
      junit: async () => (await import('../../format/junit.js')).formatJunit(run),
      github: async () => {
        const gh = await import('../../format/github.js');
        const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
        if (summary) {
          try {
            appendText(summary, gh.githubStepSummary(run));
          } catch (e) {
            ctx.io.stderr(
              `llmcost: warning: cannot append to GITHUB_STEP_SUMMARY (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`,
            );
          }
        }
        return gh.formatGithub(run);
      },
    };
    const text = await formats[flags.format]();
    // Invalid files are part of the result (a JUnit error, an annotation): the report is still written.
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
    if (flags.out && run.failures.length) for (const f of run.failures) ctx.io.stderr(`${f.error.message}\n`);
    setExitCode(cmd, run.failures.length ? EXIT.INPUT : fmt.exceededCount(run) ? EXIT.BUDGET_EXCEEDED : EXIT.OK);
  });
}
