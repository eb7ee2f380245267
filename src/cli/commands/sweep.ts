// `llmcost sweep SCENARIO --vary FIELD=LO..HI [--vary FIELD=LO..HI] [--steps N] [--log]`.
import type { Command } from 'commander';
import { colorOptions, formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor } from '../io.js';
import { scenarioOptions } from '../scenarioOptions.js';
import { fitOutput } from '../fit.js';
import {
  defaultUncertaintyOption,
  loadForAnalysis,
  wholeNumberOption,
  type AnalysisFlags,
} from '../uncertaintyOptions.js';

export const SWEEP_FORMATS = ['table', 'json', 'csv'] as const;

interface SweepFlags extends AnalysisFlags {
  format: (typeof SWEEP_FORMATS)[number];
  vary: string[];
  steps: string;
  log?: boolean;
  chart?: boolean;
  out?: string;
  color?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('sweep')
    .description(
      'TCO per strategy as one input (or two, for a grid) varies over a range; marks where the cheapest strategy changes',
    )
    .argument('<scenario>', 'scenario YAML file')
    .option(
      '--vary <field=lo..hi>',
      'input to vary and its range, e.g. workload.daily_active_users=1000..1000000 (once, or twice for a grid)',
      collect,
      [],
    )
    .option('--steps <n>', 'points per varied input, ends included', '20')
    .option('--log', 'space the points geometrically (ranges above 0)')
    .option('--chart', 'draw the ASCII line chart (default on a terminal)');
  formatOption(cmd, SWEEP_FORMATS, 'table');
  scenarioOptions(cmd);
  defaultUncertaintyOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (scenario: string, flags: SweepFlags) => {
    const { MAX_GRID_POINTS, MAX_STEPS, sweep } = await import('../../uncertainty/sweep.js');
    if (flags.vary.length === 0 || flags.vary.length > 2)
      throw usageError(`--vary given ${flags.vary.length} times`, 'one --vary (a line) or two (a grid)');
    const steps = wholeNumberOption('--steps', flags.steps, 2, MAX_STEPS);
    if (flags.vary.length === 2 && steps * steps > MAX_GRID_POINTS)
      throw usageError(`a ${steps} × ${steps} grid is too large`, `at most ${MAX_GRID_POINTS} points`);
    const model = await loadForAnalysis(scenario, flags, ctx);
    const { variableInput, withinBounds, describeBounds } = await import('../../uncertainty/model.js');
    const axes = flags.vary.map((spec) => {
      const m = /^([^=]+)=([^.]*(?:\.\d+)?[^.]*)\.\.(.+)$/.exec(spec.trim());
      if (!m || !NUMBER.test(m[2]!.trim()) || !NUMBER.test(m[3]!.trim()))
        throw usageError(`--vary '${spec}' is not FIELD=LO..HI`, 'e.g. workload.daily_active_users=1000..1000000');
      const input = variableInput(model, m[1]!.trim(), '--vary');
      const lo = Number(m[2]!.trim());
      const hi = Number(m[3]!.trim());
      if (!(lo < hi)) throw usageError(`--vary '${spec}': the range is empty`, 'LO below HI');
      for (const v of [lo, hi]) {
        const value = input.bounds.integer ? Math.round(v) : v;
        if (!withinBounds(value, input.bounds))
          throw usageError(`--vary '${spec}': ${v} is outside ${input.field}'s range`, describeBounds(input.bounds));
      }
      if (flags.log && lo <= 0) throw usageError(`--vary '${spec}': --log needs a range above 0`, 'LO greater than 0');
      return { field: input.field, path: input.path, bounds: input.bounds, lo, hi, steps, log: Boolean(flags.log) };
    });
    if (axes.length === 2 && axes[0]!.field === axes[1]!.field)
      throw usageError('both --vary options name the same input', 'two different inputs for a grid');
    const result = sweep(model, axes[0]!, axes[1] ?? null);
    const f = await import('../../format/sweep.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const chart = flags.chart ?? (!flags.out && ctx.io.stdoutIsTTY);
    const formats: Record<SweepFlags['format'], () => string> = {
      table: () => f.formatSweepTable(result, { chart, style }),
      json: () => f.formatSweepJson(result),
      csv: () => f.formatSweepCsv(result),
    };
    const text = formats[flags.format]();
    emit(ctx.io, flags.format === 'table' ? await fitOutput(ctx, text, flags.out) : text, flags.out, ctx.resolvePath);
  });
}
