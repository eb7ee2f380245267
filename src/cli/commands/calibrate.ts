// `llmcost calibrate RESULT.json... --model ID --gpu ID`: a pricing file with a measured throughput profile
// from a `vllm bench serve --save-result` JSON or a GuideLLM report of one replica, or, from several
// results, an efficiency curve (the share of the roofline reached against concurrency or length).
import { Option, type Command } from 'commander';
import { outOption, usageError, type CommandContext } from '../context.js';
import type { Precision } from '../../pricing/schema.js';
import { emit } from '../io.js';
import { pricingOption, pricingRequest } from '../scenarioOptions.js';

/** PRECISIONS of pricing/schema.ts, written out so that registering the command does not load zod. */
const PRECISION_CHOICES: readonly Precision[] = ['bf16', 'fp8', 'int8', 'int4', 'mxfp4'];

interface CalibrateFlags {
  model: string;
  gpu: string;
  precision?: string;
  gpusPerReplica: string;
  concurrency?: string;
  pricing: string[];
  out?: string;
}

const whole = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) {
    throw usageError(`${flag} '${v}' is not a whole number ≥ 1`, 'a whole number such as 1, 2, 4 or 8');
  }
  return Number(v);
};

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('calibrate')
    .description(
      'turn a vllm bench serve --save-result JSON (or a GuideLLM report) into a measured throughput profile; ' +
        'several results into an efficiency curve',
    )
    .argument('<results...>', 'benchmark result JSON of one replica (several: fit an efficiency curve)')
    .requiredOption('--model <id>', 'open model id from the pricing tables')
    .requiredOption('--gpu <id>', 'GPU id from the pricing tables')
    .addOption(
      new Option('--precision <p>', "serving precision (default: the model's default_precision, else bf16)").choices([
        ...PRECISION_CHOICES,
      ]),
    )
    .option('--gpus-per-replica <n>', 'GPUs of the benchmarked replica (tensor parallel)', '1')
    .option('--concurrency <n>', 'concurrency of an open-loop run (the result has no max_concurrency)');
  pricingOption(cmd);
  outOption(cmd);
  cmd.action(async (results: string[], flags: CalibrateFlags) => {
    const { loadTables } = await import('../../pipeline/index.js');
    const { findOpenModel } = await import('../../pricing/tables.js');
    const { readTextFile } = await import('../../input/read.js');
    const { InputError } = await import('../../errors.js');
    const cal = await import('../../capacity/calibrate.js');
    const tables = loadTables(pricingRequest(flags, ctx));
    const model = findOpenModel(tables, flags.model, { field: '--model' });
    const gpu = tables.gpus.get(flags.gpu);
    if (!gpu) throw usageError(`unknown GPU '${flags.gpu}' for --gpu`, `one of ${[...tables.gpus.keys()].join(', ')}`);
    const read = (result: string) => {
      const text = readTextFile(ctx.resolvePath(result), undefined, result);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        const why = (e as Error).message.split('\n')[0];
        const expected = 'the JSON written by vllm bench serve --save-result or GuideLLM';
        throw new InputError({ code: 'E_INVALID', file: result, message: `is not JSON (${why})`, expected });
      }
      return cal.readBenchmarkResult(json, result);
    };
    const precision = (flags.precision ?? model.default_precision ?? 'bf16') as Precision;
    const deployment = {
      model,
      gpu,
      precision,
      gpusPerReplica: whole('--gpus-per-replica', flags.gpusPerReplica)!,
      concurrency: whole('--concurrency', flags.concurrency),
      today: ctx.io.now().toISOString().slice(0, 10),
    };
    if (results.length > 1) {
      const eff = await import('../../capacity/efficiency.js');
      const fit = eff.fitEfficiencyCurve(results.map(read), results, deployment);
      emit(ctx.io, eff.efficiencyPricingYaml(fit), flags.out, ctx.resolvePath);
      return;
    }
    const result = results[0]!;
    const profile = cal.calibrateProfile(read(result), { ...deployment, file: result });
    emit(ctx.io, cal.calibratedPricingYaml(profile), flags.out, ctx.resolvePath);
  });
}
