// `llmcost check SCENARIO...`: fail a build when a scenario's cost goes over its budgets.
//   exit 0 every budget holds · 1 a budget is exceeded · 2 invalid input or usage · 3 internal error
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BudgetTarget } from '../../budget/budgets.js';
import { colorOptions, formatOption, outOption, pricingOption, type CommandContext } from '../context.js';
import { appendText, emit, styleFor, wantsColor } from '../io.js';
import { fitOutput } from '../fit.js';
import { EXIT, setExitCode } from '../main.js';
import { checkStaleness, maxPricingAgeOption } from '../pricingPolicy.js';
import { startMonthOption } from './compare.js';

export const CHECK_FORMATS = ['table', 'json', 'csv', 'markdown', 'github', 'junit'] as const;

interface CheckFlags {
  format: (typeof CHECK_FORMATS)[number];
  pricing: string[];
  strategy?: BudgetTarget;
  maxMonthly?: number;
  maxTco?: number;
  maxCostPer1kCalls?: number;
  startMonth?: string;
  maxPricingAge?: number;
  out?: string;
  color?: boolean;
}

function amount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1e15) throw new InvalidArgumentError(`got '${value}'; expected an amount in USD, 0 or more, without separators`);
  return n;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description("exit 1 when a scenario's cost exceeds its budgets (exit 0 when all hold, 2 on invalid input)")
    .argument('<scenarios...>', 'scenario YAML files with a budgets: block (or give budgets as flags)')
    .option('--max-monthly <usd>', 'limit on any single month (overrides budgets.max_monthly)', amount)
    .option('--max-tco <usd>', 'limit on the total over the horizon (overrides budgets.max_tco)', amount)
    .option('--max-cost-per-1k-calls <usd>', 'limit on TCO per 1,000 calls (overrides budgets.max_cost_per_1k_calls)', amount)
    .addOption(new Option('--strategy <strategy>', 'which strategy the limits apply to (overrides budgets.strategy)').choices(['api', 'self_hosted', 'hybrid', 'recommended'] satisfies BudgetTarget[]));
  startMonthOption(cmd);
  formatOption(cmd, CHECK_FORMATS, 'table');
  pricingOption(cmd);
  maxPricingAgeOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenarios: string[], flags: CheckFlags) => {
    const { compareScenarios } = await import('../scenarios.js');
    const { collectBudgets, evaluateBudgets } = await import('../../budget/budgets.js');
    const { InputError, isInputError } = await import('../../errors.js');
    const batch = await compareScenarios(scenarios, { pricing: flags.pricing, startMonth: flags.startMonth }, ctx);
    // Old prices warn on stderr; past --max-pricing-age they fail the build (exit 2) before any budget.
    checkStaleness(ctx, batch.runs.flatMap((r) => r.report.pricing_used), flags.maxPricingAge);
    const run: import('../../format/check.js').CheckRun = { checked: [], failures: [...batch.failures], skipped: [] };
    for (const r of batch.runs) {
      try {
        const budgets = collectBudgets(r.loaded, { strategy: flags.strategy, maxMonthly: flags.maxMonthly, maxTco: flags.maxTco, maxCostPer1kCalls: flags.maxCostPer1kCalls });
        // Checking a glob of scenarios, one without budgets is skipped (and said so); asked to
        // check one file that has none, or a set where none has any, is a usage mistake.
        if (budgets.length === 0 && scenarios.length > 1) {
          run.skipped.push({ file: r.file, reason: 'no budgets: block and no budget flags' });
          continue;
        }
        if (budgets.length === 0) {
          throw new InputError({ code: 'E_MISSING_FIELD', file: r.file, line: 1, col: 1, field: 'budgets', message: 'no budgets to check', expected: 'a budgets: block with max_monthly, max_tco or max_cost_per_1k_calls, or --max-monthly / --max-tco / --max-cost-per-1k-calls' });
        }
        run.checked.push({ file: r.file, report: r.report, results: evaluateBudgets(r.report, budgets, r.file) });
      } catch (e) {
        if (!isInputError(e)) throw e;
        run.failures.push({ file: r.file, error: e });
      }
    }
    // Keep the files in the order given, whichever step found a problem.
    run.failures.sort((a, b) => scenarios.indexOf(a.file) - scenarios.indexOf(b.file));
    if (run.checked.length === 0 && run.failures.length === 0) {
      throw new InputError({ code: 'E_USAGE', message: `none of the ${scenarios.length} scenarios has budgets to check`, expected: 'a budgets: block in a scenario, or --max-monthly / --max-tco / --max-cost-per-1k-calls' });
    }

    const fmt = await import('../../format/check.js');
    let text: string;
    switch (flags.format) {
      case 'json':
        text = fmt.formatCheckJson(run);
        break;
      case 'markdown':
        text = fmt.formatCheckMarkdown(run);
        break;
      case 'csv':
        text = fmt.formatCheckCsv(run);
        break;
      case 'junit':
        text = (await import('../../format/junit.js')).formatJunit(run);
        break;
      case 'github': {
        const gh = await import('../../format/github.js');
        text = gh.formatGithub(run);
        const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
        if (summary) {
          try {
            appendText(summary, gh.githubStepSummary(run));
          } catch (e) {
            ctx.io.stderr(`llmcost: warning: cannot append to GITHUB_STEP_SUMMARY (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
          }
        }
        break;
      }
      default:
        text = fmt.formatCheckTable(run, await styleFor(!flags.out && wantsColor(ctx.io, flags.color)));
    }
    // Invalid files are part of the result (a JUnit error, an annotation): the report is still written.
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
    if (flags.out && run.failures.length) for (const f of run.failures) ctx.io.stderr(`${f.error.message}\n`);
    setExitCode(cmd, run.failures.length ? EXIT.INPUT : fmt.exceededCount(run) ? EXIT.BUDGET_EXCEEDED : EXIT.OK);
  });
}
