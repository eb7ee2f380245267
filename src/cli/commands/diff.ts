// `llmcost diff BASE HEAD`: what a change to a scenario does to the costs. It reports; `check` gates
// (exit 0 unless the input is invalid).
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';

export const DIFF_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;

interface DiffFlags extends ScenarioFlags {
  format: (typeof DIFF_FORMATS)[number];
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
  scenarioOptions(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (base: string, head: string, flags: DiffFlags) => {
    const { loadTables, pricingAgePolicy, runScenarios } = await import('../../pipeline/index.js');
    const req = runRequest(flags, ctx);
    const { runs, failures } = runScenarios([fileRef(base, ctx), fileRef(head, ctx)], req, loadTables(req.pricing));
    if (failures[0]) {
      for (const f of failures.slice(1)) ctx.io.stderr(`${f.error.message}\n`);
      throw failures[0].error;
    }
    printWarnings(ctx, pricingAgePolicy(runs.flatMap((r) => r.report.pricing_used), req.pricing));
    const { diffReports } = await import('../../report/diff.js');
    const d = diffReports(runs[0]!.report, runs[1]!.report, { base, head });
    const fmt = await import('../../format/diff.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<DiffFlags['format'], () => string> = {
      table: () => fmt.formatDiffTable(d, style),
      json: () => fmt.formatDiffJson(d),
      csv: () => fmt.formatDiffCsv(d),
      markdown: () => fmt.formatDiffMarkdown(d),
    };
    emit(ctx.io, formats[flags.format](), flags.out, ctx.resolvePath);
  });
}
