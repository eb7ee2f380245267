// `llmcost calibrate`: a measured throughput profile from your own benchmark of one replica.
//
// Reads the JSON that `vllm bench serve --save-result` writes (vllm-project/vllm
// benchmarks/benchmark_serving.py, vllm/benchmarks/serve.py: `duration`, `completed`,
// `total_input_tokens`, `total_output_tokens`, `max_concurrency`, `mean_ttft_ms`, `date`, …) or a
// GuideLLM report (`benchmarks[].metrics.requests_per_second / prompt_token_count / output_token_count /
// request_concurrency / time_to_first_token_ms`, each `{ successful: { mean } }`), and returns a profile
// row that reproduces the measured requests per replica-second at the measured lengths and concurrency:
//
//   I, O = mean input and output tokens per request;  R = requests per second of the replica
//   prefill P = I ÷ (mean TTFT) when the run is at concurrency 1 (TTFT is then the prefill alone,
//     plus one decode step), else the calibrated model's (roofline.ts) at this concurrency and prompt
//   decode  D = O ÷ (1 ÷ R − I ÷ P), so that I ÷ P + O ÷ D = 1 ÷ R, the replica-seconds per request
//     `llmcost` charges a call of these lengths
// If the derived prefill alone takes longer than a request did, the prefill roofline bound is used
// instead; if even that does, the result is refused as inconsistent. Pure: parsed JSON in, row out.
import { Decimal } from '../money.js';
import { InputError } from '../errors.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';
import { modelledPrefill, prefillBound } from './roofline.js';

export interface BenchmarkResult {
  format: 'vllm bench serve' | 'GuideLLM';
  completedPerSecond: Decimal;
  inputTokens: Decimal;
  outputTokens: Decimal;
  concurrency: number | null;
  meanTtftMs: Decimal | null;
  /** The run's own date (YYYY-MM-DD) when the file records one. */
  date: string | null;
}

export interface CalibrateRequest {
  model: OpenModel;
  gpu: Gpu;
  precision: Precision;
  gpusPerReplica: number;
  /** Needed when the result has no max_concurrency (an open-loop run at a request rate). */
  concurrency?: number | undefined;
  /** The file name, for the source and for errors. */
  file: string;
  /** as_of when the result carries no date (the CLI passes today's). */
  today: string;
}

export interface CalibratedProfile {
  model: string;
  gpu: string;
  gpus_per_replica: number;
  precision: Precision;
  prefill_tokens_per_s: number;
  decode_tokens_per_s: number;
  concurrency: number;
  context_tokens: number;
  kind: 'measured';
  as_of: string;
  source: string;
  derivation: string;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (file: string, field: string, message: string, expected: string): InputError =>
  new InputError({ code: 'E_INVALID', file, field, message, expected });
const EITHER = 'a `vllm bench serve --save-result` JSON or a GuideLLM benchmarks report';

function positiveNumber(obj: Record<string, Json>, key: string, file: string, field = key): Decimal {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw fail(file, field, `is ${JSON.stringify(v) ?? 'missing'}`, 'a positive number');
  }
  return new Decimal(v);
}

function meanOf(metrics: Record<string, Json>, key: string, file: string, at: string): Decimal | null {
  const m = metrics[key];
  if (m === undefined) return null;
  const s = isObject(m) ? m.successful : undefined;
  if (!isObject(s)) throw fail(file, `${at}.${key}.successful`, 'is missing', 'a summary with successful.mean');
  return positiveNumber(s, 'mean', file, `${at}.${key}.successful.mean`);
}

/** vLLM `date` is YYYYMMDD-HHMMSS. */
function vllmDate(v: Json): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})(\d{2})(\d{2})-\d{6}$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Recognise and read a benchmark result (parsed JSON). */
export function readBenchmarkResult(json: Json, file: string): BenchmarkResult {
  if (!isObject(json)) throw fail(file, '(top level)', 'is not a JSON object', EITHER);
  if (Array.isArray(json.benchmarks)) {
    if (json.benchmarks.length !== 1) {
      const expected = 'a report of one benchmark (run GuideLLM with one --rate, or one result per file)';
      throw fail(file, 'benchmarks', `has ${json.benchmarks.length} benchmarks`, expected);
    }
    const b = json.benchmarks[0];
    const metrics = isObject(b) ? b.metrics : undefined;
    if (!isObject(metrics)) throw fail(file, 'benchmarks[0].metrics', 'is missing', 'a GuideLLM generative benchmark');
    const at = 'benchmarks[0].metrics';
    const rps = meanOf(metrics, 'requests_per_second', file, at);
    const input = meanOf(metrics, 'prompt_token_count', file, at);
    const output = meanOf(metrics, 'output_token_count', file, at);
    if (!rps || !input || !output) {
      const lacks = 'lacks requests_per_second, prompt_token_count or output_token_count';
      throw fail(file, at, lacks, 'a GuideLLM generative benchmark');
    }
    const conc = meanOf(metrics, 'request_concurrency', file, at);
    return {
      format: 'GuideLLM',
      completedPerSecond: rps,
      inputTokens: input,
      outputTokens: output,
      concurrency: conc ? Math.max(1, Math.round(conc.toNumber())) : null,
      meanTtftMs: meanOf(metrics, 'time_to_first_token_ms', file, at),
      date: null,
    };
  }
  if ('completed' in json || 'duration' in json) {
    const completed = positiveNumber(json, 'completed', file);
    const duration = positiveNumber(json, 'duration', file);
    const input = positiveNumber(json, 'total_input_tokens', file);
    const output = positiveNumber(json, 'total_output_tokens', file);
    const mc = json.max_concurrency;
    if (mc !== undefined && mc !== null && (typeof mc !== 'number' || !Number.isInteger(mc) || mc < 1)) {
      throw fail(file, 'max_concurrency', `is ${JSON.stringify(mc)}`, 'a whole number ≥ 1 or null');
    }
    const ttft = typeof json.mean_ttft_ms === 'number' && json.mean_ttft_ms > 0 ? new Decimal(json.mean_ttft_ms) : null;
    return {
      format: 'vllm bench serve',
      completedPerSecond: completed.div(duration),
      inputTokens: input.div(completed),
      outputTokens: output.div(completed),
      concurrency: typeof mc === 'number' ? mc : null,
      meanTtftMs: ttft,
      date: vllmDate(json.date),
    };
  }
  const what = 'is neither a vllm bench serve result (no completed/duration) nor a GuideLLM report (no benchmarks)';
  throw fail(file, '(top level)', what, EITHER);
}

const round3 = (d: Decimal) => d.toDecimalPlaces(3, Decimal.ROUND_HALF_UP);

export function calibrateProfile(result: BenchmarkResult, req: CalibrateRequest): CalibratedProfile {
  const concurrency = result.concurrency ?? req.concurrency;
  if (concurrency === undefined) {
    throw new InputError({
      code: 'E_MISSING_FIELD',
      file: req.file,
      field: 'max_concurrency',
      message: 'is not recorded (an open-loop run at a request rate)',
      expected: 'the concurrency the replica ran at, given as --concurrency N',
    });
  }
  const { inputTokens: I, outputTokens: O, completedPerSecond: R } = result;
  const perRequest = new Decimal(1).div(R);
  let prefill: Decimal;
  let prefillHow: string;
  if (concurrency === 1 && result.meanTtftMs) {
    prefill = I.div(result.meanTtftMs.div(1000));
    const ttft = round3(result.meanTtftMs).toFixed();
    prefillHow = `${round3(I).toFixed()} input tokens ÷ mean TTFT ${ttft} ms at concurrency 1`;
  } else {
    prefill = modelledPrefill(req.model, req.gpu, req.precision, req.gpusPerReplica, concurrency, I);
    const prompt = round3(I).toFixed();
    prefillHow = `the calibrated model's prefill at concurrency ${concurrency} and ${prompt}-token prompts`;
    prefillHow += ' (docs/fidelity.md)';
  }
  let remaining = perRequest.minus(I.div(prefill));
  if (remaining.lte(0)) {
    prefill = prefillBound(req.model, req.gpu, req.precision, req.gpusPerReplica);
    prefillHow = 'the prefill roofline bound (the modelled prefill alone took longer than a measured request)';
    remaining = perRequest.minus(I.div(prefill));
    if (remaining.lte(0)) {
      const rate = `${round3(R).toFixed()} requests/s of ${round3(I).toFixed()} input tokens`;
      throw new InputError({
        code: 'E_INVALID',
        file: req.file,
        message: `${rate} is faster than ${req.gpusPerReplica} × ${req.gpu.id} can prefill at its roofline`,
        expected: 'a result of this model on this GPU and GPUs per replica',
      });
    }
  }
  const decode = O.div(remaining);
  const p = round3(prefill);
  const d = round3(decode);
  const date = result.date ?? req.today;
  return {
    model: req.model.id,
    gpu: req.gpu.id,
    gpus_per_replica: req.gpusPerReplica,
    precision: req.precision,
    prefill_tokens_per_s: p.toNumber(),
    decode_tokens_per_s: d.toNumber(),
    concurrency,
    context_tokens: Math.max(1, I.plus(O).round().toNumber()),
    kind: 'measured',
    as_of: date,
    source: `calibrated from ${req.file} (${result.format} result${result.date ? ` of ${result.date}` : ''})`,
    derivation: derivation(R, I, O, concurrency, p, d, prefillHow),
  };
}

function derivation(R: Decimal, I: Decimal, O: Decimal, c: number, p: Decimal, d: Decimal, prefillHow: string): string {
  const [r, i, o] = [R, I, O].map((x) => round3(x).toFixed());
  return (
    `${r} requests/s at concurrency ${c}, ${i} input / ${o} output tokens per request: ` +
    `prefill ${p.toFixed()} tok/s from ${prefillHow}; ` +
    `decode = ${o} ÷ (1 ÷ ${r} − ${i} ÷ ${p.toFixed()}) = ${d.toFixed()} tok/s, ` +
    'so input ÷ prefill + output ÷ decode reproduces the measured replica-seconds per request'
  );
}

/** The pricing file (YAML, ready for --pricing) holding the profile. */
export function calibratedPricingYaml(p: CalibratedProfile): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    '# llmcost pricing file written by `llmcost calibrate`: a measured throughput profile of one replica.',
    'version: 1',
    'throughput_profiles:',
    `  - model: ${p.model}`,
    `    gpu: ${p.gpu}`,
    `    gpus_per_replica: ${p.gpus_per_replica}`,
    `    precision: ${p.precision}`,
    `    prefill_tokens_per_s: ${p.prefill_tokens_per_s}`,
    `    decode_tokens_per_s: ${p.decode_tokens_per_s}`,
    `    concurrency: ${p.concurrency}`,
    `    context_tokens: ${p.context_tokens}`,
    `    kind: ${p.kind}`,
    `    as_of: ${p.as_of}`,
    `    source: ${q(p.source)}`,
    `    derivation: ${q(p.derivation)}`,
    '',
  ].join('\n');
}
