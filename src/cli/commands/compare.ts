// `llmcost compare SCENARIO...`: the three strategies side by side, for one scenario or many.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CsvLayout } from '../../format/csv.js';
import type { ReportFormatName } from '../../format/index.js';
import { colorOptions, formatOption, outOption, pricingOption, resolvePricingSpec, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fitOutput } from '../fit.js';
import { EXIT, setExitCode } from '../main.js';
import { allowMissingPricesOption, checkStaleness, maxPricingAgeOption, type PricingPolicyFlags } from '../pricingPolicy.js';

/** `html` is the self-contained report of `llmcost report` (one scenario); the rest are report formatters. */
export const COMPARE_FORMATS = ['table', 'json', 'csv', 'markdown', 'focus', 'html'] as const satisfies ReadonlyArray<ReportFormatName | 'html'>;

interface CompareFlags extends PricingPolicyFlags {
  format: (typeof COMPARE_FORMATS)[number];
  csvLayout: CsvLayout;
  startMonth?: string;
  pricing: string[];
  monthly?: boolean;
  explain?: boolean;
  out?: string;
  color?: boolean;
  chart?: boolean;
  ascii?: boolean;
  allowOutsidePaths?: boolean;
  jobs?: number;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('compare api, self_hosted and hybrid costs for one scenario, or summarise several')
    .argument('<scenarios...>', 'scenario YAML files (several give one summary table and one exit code)')
    .option('--monthly', 'add the month-by-month table (one scenario)')
    .option('--explain', 'show how every month-1 figure is derived, with its source (one scenario)')
    .option('--chart', 'draw the charts under the table (default on a terminal; one scenario)')
    .option('--no-chart', 'never draw the charts')
    .option('--ascii', 'draw charts with plain ASCII instead of braille and block characters')
    .option('--allow-outside-paths', 'let `sample:` fields read files outside the scenario\'s folder')
    .option('--jobs <n>', 'threads for many scenario files (default: one per CPU; 1 = no threads)', (v: string) => {
      if (!/^[1-9]\d{0,2}$/.test(v)) throw new InvalidArgumentError(`got '${v}'; expected a whole number from 1 to 999`);
      return Number(v);
    });
  startMonthOption(cmd);
  formatOption(cmd, COMPARE_FORMATS, 'table');
  csvLayoutOption(cmd);
  pricingOption(cmd);
  allowMissingPricesOption(cmd);
  maxPricingAgeOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenarios: string[], flags: CompareFlags) => {
    if (flags.format === 'html') return emitHtml(scenarios, flags, ctx);
    if (scenarios.length > 1) return compareMany(scenarios, flags, ctx, cmd);
    const { compareScenarios } = await import('../scenarios.js');
    const { runs, failures } = await compareScenarios(scenarios, { pricing: flags.pricing, startMonth: flags.startMonth, allowMissingPrices: flags.allowMissingPrices, allowOutsidePaths: flags.allowOutsidePaths }, ctx);
    // One scenario: its error is the run's error (exit 2).
    if (failures[0]) throw failures[0].error;
    const run = runs[0]!;
    checkStaleness(ctx, run.report.pricing_used, flags.maxPricingAge);
    const { REPORT_FORMATTERS } = await import('../../format/index.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    let text = await REPORT_FORMATTERS[flags.format](run, { style, monthly: flags.monthly, explain: flags.explain, csvLayout: flags.csvLayout });
    // Charts are decoration: on a terminal by default, in a pipe or a file only when asked for.
    if (flags.format === 'table' && (flags.chart ?? (ctx.io.stdoutIsTTY && !flags.out))) {
      const { formatCharts } = await import('../../format/charts/terminal.js');
      text += `\n${formatCharts(run.report, { width: terminalWidth(ctx), ascii: flags.ascii, style })}`;
    }
    if (flags.format === 'table') text = await fitOutput(ctx, text, flags.out);
    emit(ctx.io, text, flags.out, ctx.resolvePath);
  });
}

/**
 * Several scenarios: each report becomes its piece of the output as soon as it is computed and is
 * then let go, so a run over thousands of files holds strings, not reports; with many files the
 * slices run on several threads (cli/parallel.ts). The output is the same, byte for byte, as
 * formatting all the reports at the end on one thread (docs/performance.md).
 */
async function compareMany(scenarios: string[], flags: CompareFlags, ctx: CommandContext, cmd: Command): Promise<void> {
  const { runSlices, defaultJobs } = await import('../parallel.js');
  const { BATCH_FORMATTERS } = await import('../../format/index.js');
  const { InputError } = await import('../../errors.js');
  const format = flags.format as Exclude<CompareFlags['format'], 'html'>;
  const color = format === 'table' && !flags.out && wantsColor(ctx.io, flags.color);
  const task = {
    files: scenarios,
    cwd: ctx.io.cwd,
    batch: { pricing: flags.pricing, startMonth: flags.startMonth, allowMissingPrices: flags.allowMissingPrices, allowOutsidePaths: flags.allowOutsidePaths },
    format,
    opts: { monthly: flags.monthly, explain: flags.explain, csvLayout: flags.csvLayout, color },
  };
  const slices = await runSlices(task, flags.jobs ?? defaultJobs(), ctx.io.env);
  const failures = slices.flatMap((s) => s.failures.map((f) => new InputError(f.details)));
  checkStaleness(ctx, slices.flatMap((s) => s.used), flags.maxPricingAge);
  for (const f of failures) ctx.io.stderr(`${f.message}\n`);
  setExitCode(cmd, failures.length ? EXIT.INPUT : EXIT.OK);
  // A failing run never touches --out: an existing file stays byte-identical.
  if (slices.every((s) => s.computed === 0) || (failures.length && flags.out)) return;
  // A format that cannot take a scenario (focus without start_month) fails the run here, after the
  // pricing-age check and the other scenarios' errors, as formatting always has.
  const formatError = slices.find((s) => s.formatError)?.formatError;
  if (formatError) throw new InputError(formatError);
  const formatter = await BATCH_FORMATTERS[format]();
  const style = await styleFor(color);
  const opts = { style, monthly: flags.monthly, explain: flags.explain, csvLayout: flags.csvLayout };
  emit(ctx.io, formatter.assemble(slices.flatMap((s) => s.pieces), opts), flags.out, ctx.resolvePath);
}

async function emitHtml(scenarios: string[], flags: CompareFlags, ctx: CommandContext): Promise<void> {
  if (scenarios.length !== 1) throw usageError(`--format html takes one scenario, got ${scenarios.length}`, 'one scenario file (or use `llmcost report`)');
  const { loadPricing } = await import('../../pricing/load.js');
  const { readScenario } = await import('../../scenario/load.js');
  const { renderHtmlReport } = await import('./report.js');
  const tables = loadPricing({ overrides: flags.pricing.map(ctx.resolvePath), displayName: displayAs(flags.pricing, ctx) });
  const loaded = readScenario(ctx.resolvePath(scenarios[0]!), scenarios[0]!);
  // No pricing ages here: compare's output never depends on the clock (`llmcost report --today` adds them).
  emit(ctx.io, await renderHtmlReport(loaded, tables, undefined), flags.out, ctx.resolvePath);
}

export function terminalWidth(ctx: CommandContext): number {
  const fromEnv = Number.parseInt(ctx.io.env.COLUMNS ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return ctx.io.columns && ctx.io.columns > 0 ? ctx.io.columns : 80;
}

export function csvLayoutOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--csv-layout <layout>', 'csv: long (a row per strategy, month and line item) or wide (a row per month, a column per strategy)').choices(['long', 'wide'] satisfies CsvLayout[]).default('long'),
  );
}

/** Calendar anchoring from the command line, e.g. to export any scenario as FOCUS. */
export function startMonthOption(cmd: Command): Command {
  return cmd.option('--start-month <YYYY-MM>', 'month 1 of every scenario (overrides start_month; needed by --format focus)', (v: string) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError(`got '${v}'; expected a month as YYYY-MM`);
    return v;
  });
}

/** Name override files in messages and sources as the user typed them. */
export function displayAs(typed: readonly string[], ctx: CommandContext): (p: string) => string {
  const byAbsolute = new Map(typed.map((t) => [resolvePricingSpec(t, ctx), t]));
  return (p) => byAbsolute.get(p) ?? p;
}
