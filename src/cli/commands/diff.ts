// `llmcost diff BASE HEAD`: what a change to a scenario does to the costs. It reports; `check` gates
// (exit 0 unless the input is invalid).
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, pricingOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fitOutput } from '../fit.js';

export const DIFF_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

interface DiffFlags {
  format: (typeof DIFF_FORMATS)[number];
  pricing: string[];
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .description('what changed between two versions of a scenario: costs, break-even, recommendation, inputs')
    .argument('<base>', 'the scenario before (e.g. from the main branch)')
    .argument('<head>', 'the scenario after');
  formatOption(cmd, DIFF_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (base: string, head: string, flags: DiffFlags) => {
    const { compareScenarios } = await import('../scenarios.js');
    const { runs, failures } = await compareScenarios([base, head], { pricing: flags.pricing }, ctx);
    if (failures[0]) {
      for (const f of failures.slice(1)) ctx.io.stderr(`${f.error.message}\n`);
      throw failures[0].error;
    }
    const { diffReports } = await import('../../report/diff.js');
    const d = diffReports(runs[0]!.report, runs[1]!.report, { base, head });
    const fmt = await import('../../format/diff.js');
    const formats = { json: fmt.formatDiffJson, csv: fmt.formatDiffCsv, markdown: fmt.formatDiffMarkdown } as const;
    const text = flags.format === 'table' ? fmt.formatDiffTable(d, await styleFor(!flags.out && wantsColor(ctx.io, flags.color))) : formats[flags.format](d);
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
