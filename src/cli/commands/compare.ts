// `llmcost compare SCENARIO...`: the strategies side by side, for one scenario or many.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CsvLayout } from '../../format/csv.js';
import { SINGLE_REPORT_FORMATS } from '../../format/index.js';
import { colorOptions, formatOption, outOption, terminalWidth, usageError, type CommandContext } from '../context.js';
import { EXIT, setExitCode } from '../exit.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';

export const COMPARE_FORMATS = SINGLE_REPORT_FORMATS;

interface CompareFlags extends ScenarioFlags {
  format: (typeof COMPARE_FORMATS)[number];
  csvLayout: CsvLayout;
  monthly?: boolean;
  explain?: boolean;
  byClass?: boolean;
  out?: string;
  color?: boolean;
  chart?: boolean;
  ascii?: boolean;
  jobs?: number;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('compare')
    .description('compare api, self_hosted and hybrid costs for one scenario, or summarise several')
    .argument('<scenarios...>', 'scenario YAML files (several give one summary table and one exit code)')
    .option('--monthly', 'add the month-by-month table (one scenario)')
    .option('--explain', 'show how every month-1 figure is derived, with its source (one scenario)')
    .option('--by-class', "add each portfolio strategy's cost per request class (table; one scenario)")
    .option('--chart', 'draw the charts under the table (default on a terminal; one scenario)')
    .option('--no-chart', 'never draw the charts')
    .option('--ascii', 'draw charts with plain ASCII instead of braille and block characters')
    .option('--jobs <n>', 'threads for many scenario files (default: one per CPU; 1 = no threads)', (v: string) => {
      if (!/^[1-9]\d{0,2}$/.test(v))
        throw new InvalidArgumentError(`got '${v}'; expected a whole number from 1 to 999`);
      return Number(v);
    });
  formatOption(cmd, COMPARE_FORMATS, 'table');
  csvLayoutOption(cmd);
  scenarioOptions(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenarios: string[], flags: CompareFlags) => {
    if (scenarios.length > 1) {
      if (flags.format === 'html')
        throw usageError(
          `--format html takes one scenario, got ${scenarios.length}`,
          'one scenario file (or use `llmcost report`)',
        );
      return compareMany(scenarios, { ...flags, format: flags.format }, ctx, cmd);
    }
    const { loadTables, pricingAgePolicy, runScenario } = await import('../../pipeline/index.js');
    const { REPORT_FORMATTERS } = await import('../../format/index.js');
    const req = runRequest(flags, ctx);
    const run = runScenario(fileRef(scenarios[0]!, ctx), req, loadTables(req.pricing));
    printWarnings(ctx, pricingAgePolicy(run.report.pricing_used, req.pricing));
    const isTable = flags.format === 'table';
    const style = await styleFor(isTable && !flags.out && wantsColor(ctx.io, flags.color));
    // Charts are decoration: on a terminal by default, in a pipe or a file only when asked for.
    const charts =
      isTable && (flags.chart ?? (ctx.io.stdoutIsTTY && !flags.out))
        ? { width: terminalWidth(ctx), ascii: flags.ascii }
        : undefined;
    const text = await REPORT_FORMATTERS[flags.format](run, {
      style,
      monthly: flags.monthly,
      explain: flags.explain,
      byClass: flags.byClass,
      csvLayout: flags.csvLayout,
      charts,
    });
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}

/**
 * Several scenarios: each report becomes its piece of the output as soon as it is computed and is
 * then let go, so a run over thousands of files holds strings, not reports; with many files the
 * slices run on several threads (cli/parallel.ts). The output is the same, byte for byte, as
 * formatting all the reports at the end on one thread (docs/performance.md).
 */
async function compareMany(
  scenarios: string[],
  flags: CompareFlags & { format: Exclude<CompareFlags['format'], 'html'> },
  ctx: CommandContext,
  cmd: Command,
): Promise<void> {
  const { runSlices, defaultJobs } = await import('../parallel.js');
  const { BATCH_FORMATTERS } = await import('../../format/index.js');
  const { pricingAgePolicy } = await import('../../pipeline/index.js');
  const { InputError } = await import('../../errors.js');
  const { format } = flags;
  const color = format === 'table' && !flags.out && wantsColor(ctx.io, flags.color);
  const request = runRequest(flags, ctx);
  const task = {
    refs: scenarios.map((s) => fileRef(s, ctx)),
    request,
    format,
    opts: { monthly: flags.monthly, explain: flags.explain, csvLayout: flags.csvLayout, color },
  };
  const slices = await runSlices(task, flags.jobs ?? defaultJobs(), ctx.io.env);
  const failures = slices.flatMap((s) => s.failures.map((f) => new InputError(f.details)));
  printWarnings(
    ctx,
    pricingAgePolicy(
      slices.flatMap((s) => s.used),
      request.pricing,
    ),
  );
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
  emit(
    ctx.io,
    formatter.assemble(
      slices.flatMap((s) => s.pieces),
      opts,
    ),
    flags.out,
    ctx.resolvePath,
  );
}

export function csvLayoutOption(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--csv-layout <layout>',
      'csv: long (a row per strategy, month and line item) or wide (a row per month, a column per strategy)',
    )
      .choices(['long', 'wide'] satisfies CsvLayout[])
      .default('long'),
  );
}
