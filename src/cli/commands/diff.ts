// `llmcost diff BASE HEAD`: what a change to a scenario does to the costs. It reports; `check` gates
// (exit 0 unless the input is invalid).
import type { Command } from 'commander';
import type { FileRef } from '../../pipeline/request.js';
import { colorOptions, formatOption, outOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';

export const DIFF_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

interface DiffFlags extends ScenarioFlags {
  format: (typeof DIFF_FORMATS)[number];
  label: string[];
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .description('what changed between two versions of a scenario: costs, break-even, recommendation, inputs')
    .argument('<base>', 'the scenario before (e.g. from the main branch); - reads it from standard input')
    .argument('<head>', 'the scenario after; - reads it from standard input')
    .option(
      '--label <name>',
      'name BASE (first --label) and HEAD (second) in the output instead of their paths',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    );
  formatOption(cmd, DIFF_FORMATS, 'table');
  scenarioOptions(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (base: string, head: string, flags: DiffFlags) => {
    const { loadTables, pricingAgePolicy, runScenarios } = await import('../../pipeline/index.js');
    const { InputError } = await import('../../errors.js');
    const usage = (message: string, expected: string, field?: string) =>
      new InputError({ code: 'E_USAGE', field, message, expected });
    if (flags.label.length > 2) {
      throw usage(
        `${flags.label.length} labels for two scenarios`,
        'at most two: --label BASE --label HEAD',
        '--label',
      );
    }
    if (base === '-' && head === '-') {
      throw usage('both BASE and HEAD are -, and standard input holds one scenario', 'at most one of them as -');
    }
    // What each side is called in the output and in errors: its label, else its path (stdin: "stdin").
    const names = [base, head].map((f, i) => flags.label[i] ?? (f === '-' ? 'stdin' : f)) as [string, string];
    if ((base === '-' || head === '-') && !ctx.io.readStdin)
      throw usage('standard input cannot be read here', 'a scenario file path');
    // `sample:` paths in a scenario from standard input are relative to the current directory.
    const refs = [base, head].map(
      (f, i): FileRef =>
        f === '-'
          ? { path: ctx.resolvePath('stdin.yaml'), display: names[i]!, text: ctx.io.readStdin!() }
          : fileRef(f, ctx),
    );
    const req = runRequest(flags, ctx);
    const { runs, failures } = runScenarios(refs, req, loadTables(req.pricing));
    if (failures[0]) {
      for (const f of failures.slice(1)) ctx.io.stderr(`${f.error.message}\n`);
      throw failures[0].error;
    }
    printWarnings(
      ctx,
      pricingAgePolicy(
        runs.flatMap((r) => r.report.pricing_used),
        req.pricing,
      ),
    );
    const [b, h] = [runs[0]!.report, runs[1]!.report];
    // A difference between two currencies means nothing: refuse rather than mix them.
    if (b.currency !== h.currency) {
      throw new InputError({
        code: 'E_INVALID',
        message: `${names[0]} reports in ${b.currency} and ${names[1]} in ${h.currency}`,
        expected: 'two scenarios in one currency (the same currency: block, or --currency on both)',
      });
    }
    const { diffReports } = await import('../../report/diff.js');
    const d = diffReports(b, h, { base: names[0], head: names[1] });
    const fmt = await import('../../format/diff.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<DiffFlags['format'], () => string> = {
      table: () => fmt.formatDiffTable(d, style),
      json: () => fmt.formatDiffJson(d),
      csv: () => fmt.formatDiffCsv(d),
      markdown: () => fmt.formatDiffMarkdown(d),
    };
    const text = formats[flags.format]();
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
