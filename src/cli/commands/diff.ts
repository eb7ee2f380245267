// `llmcost diff BASE HEAD`: what a change to a scenario does to the costs. It reports; `check` gates
// (exit 0 unless the input is invalid).
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, pricingOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';

export const DIFF_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

interface DiffFlags {
  format: (typeof DIFF_FORMATS)[number];
  label: string[];
  pricing: string[];
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .description('what changed between two versions of a scenario: costs, break-even, recommendation, inputs')
    .argument('<base>', 'the scenario before (e.g. from the main branch); - reads it from standard input')
    .argument('<head>', 'the scenario after; - reads it from standard input')
    .option('--label <name>', 'name BASE (first --label) and HEAD (second) in the output instead of their paths', (v: string, prev: string[]) => [...prev, v], [] as string[]);
  formatOption(cmd, DIFF_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (base: string, head: string, flags: DiffFlags) => {
    const { compareScenarios } = await import('../scenarios.js');
    const { InputError } = await import('../../errors.js');
    if (flags.label.length > 2) throw new InputError({ code: 'E_USAGE', field: '--label', message: `${flags.label.length} labels for two scenarios`, expected: 'at most two: --label BASE --label HEAD' });
    if (base === '-' && head === '-') throw new InputError({ code: 'E_USAGE', message: 'both BASE and HEAD are -, and standard input holds one scenario', expected: 'at most one of them as -' });
    // What each side is called in the output and in errors: its label, else its path (stdin: "stdin").
    const names = [base, head].map((f, i) => flags.label[i] ?? (f === '-' ? 'stdin' : f)) as [string, string];
    const read = async (file: string) => {
      if (file !== '-') return undefined;
      const { parseScenarioText } = await import('../../scenario/load.js');
      const name = names[base === '-' ? 0 : 1];
      if (!ctx.io.readStdin) throw new InputError({ code: 'E_USAGE', message: 'standard input cannot be read here', expected: 'a scenario file path' });
      // sample: paths in a scenario from stdin are relative to the current directory.
      return { ...parseScenarioText(ctx.io.readStdin(), name), path: ctx.resolvePath(name) };
    };
    const stdin = base === '-' || head === '-' ? await read('-') : undefined;
    const { runs, failures } = await compareScenarios([base, head], { pricing: flags.pricing, read: (f) => (f === '-' ? stdin : undefined) }, ctx);
    if (failures[0]) {
      for (const f of failures.slice(1)) ctx.io.stderr(`${f.error.message}\n`);
      throw failures[0].error;
    }
    const { diffReports } = await import('../../report/diff.js');
    const d = diffReports(runs[0]!.report, runs[1]!.report, { base: names[0], head: names[1] });
    const fmt = await import('../../format/diff.js');
    const formats = { json: fmt.formatDiffJson, csv: fmt.formatDiffCsv, markdown: fmt.formatDiffMarkdown } as const;
    const text = flags.format === 'table' ? fmt.formatDiffTable(d, await styleFor(!flags.out && wantsColor(ctx.io, flags.color))) : formats[flags.format](d);
    emit(ctx.io, text, flags.out, ctx.resolvePath);
  });
}
