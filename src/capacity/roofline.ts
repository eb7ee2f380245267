// Roofline bounds on a replica's throughput and the calibrated model of what engines reach.
//
// Bounds (efficiency 1; a measured profile above them is wrong, a test checks every shipped one):
//   decode step  ≥ max(bytes read ÷ bandwidth, 2 × active params × concurrency ÷ matrix FLOP/s)
//     bytes read = shared weights + touched experts' weights + concurrency × KV cache of a sequence;
//     a batch of B tokens touches E × (1 − (1 − k/E)^B) of the E experts of each MoE layer, so decode at
//     batch 1 reads the active parameters and a large batch reads every expert.
//   decode tokens/s  ≤ concurrency ÷ decode step
//   prefill tokens/s ≤ replica matrix FLOP/s ÷ (2 × active parameters)
// Model (derived profiles): the same terms at calibrated efficiencies plus a per-step overhead,
// fitted to published measurements (docs/fidelity.md, pricing/fidelity/points.yaml):
//   decode step  = max(bytes ÷ (η_bw × bandwidth), FLOPs ÷ (η_c × FLOP/s)) + τ × layers
//   prefill time = max(FLOPs ÷ (η_c × FLOP/s), bytes ÷ (η_bw × bandwidth)) + τ × layers per chunk
//     of min(8,192, concurrency × prompt) tokens (the engine batches prompts up to its token budget),
//     FLOPs including attention over the prompt, + a fixed overhead per request
// so the share of the roofline reached rises with batch (the overhead is amortised over more tokens)
// and falls for small models, where the fixed per-layer cost is a larger share of each step.
// Tensor parallelism (n > 1 GPUs per replica) adds, to every decode step and prefill chunk, the
// all-reduces of its activations (not overlapped with the matrix work, as in vLLM and SGLang):
//   communication = 2 × layers × 2 (n − 1) ÷ n × tokens × hidden × 2 B ÷ (η_link × link bandwidth)
// two all-reduces per layer (after attention and after the MLP or MoE block: Megatron-LM, Shoeybi et al.
// 2019, arXiv:1909.08053 §3), the ring/tree all-reduce time of NCCL's bus-bandwidth formula
// (NVIDIA/nccl-tests doc/PERFORMANCE.md: t = S ÷ B × 2 (n − 1) ÷ n, B one direction of a GPU's link),
// 16-bit activations, the link being the GPU row's `interconnect` (NVLink or PCIe, half its datasheet
// both-directions figure). The fixed latency of each all-reduce is inside the per-layer step overhead τ.
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';
import {
  activeParams,
  expertWeightBytes,
  hiddenSize,
  isMoe,
  kvBytesPerSequence,
  RUNTIME_OVERHEAD,
  sharedParams,
  sharedWeightBytes,
} from './memory.js';

/**
 * Calibrated efficiencies (the fit-half optimum of fitEfficiency over pricing/fidelity/points.yaml;
 * docs/fidelity.md shows every point and its error):
 *   bandwidth: share of datasheet memory bandwidth a decode step's streaming reaches;
 *   compute:   share of datasheet dense matrix FLOP/s reached by prefill and compute-bound decode;
 *   expertCompute: the same for the routed experts of a mixture of experts (grouped, often dequantised
 *   matrix products reach much less of the peak than dense ones);
 *   stepOverheadUs: per decode step and layer (kernel launches, all-reduce latency, scheduling,
 *   sampling), in microseconds;
 *   requestOverheadMs: per request, added to its prefill (API server, tokeniser, scheduler admission);
 *   link: share of one direction of the interconnect's datasheet bandwidth that tensor-parallel
 *   all-reduces reach, as fitted: far below the ~0.8 NCCL reaches alone, because the term also carries
 *   what tensor parallelism costs besides the bytes (the ranks synchronise at every all-reduce, and the
 *   matrix products of each rank's shard are smaller and less efficient).
 */
export const EFFICIENCY: Efficiency = {
  bandwidth: new Decimal(0.6),
  compute: new Decimal(0.35),
  expertCompute: new Decimal(0.2),
  stepOverheadUs: new Decimal(80),
  requestOverheadMs: new Decimal(1),
  link: new Decimal(0.2),
};

/** Concurrency a derived profile is sized at when memory and latency allow: vLLM's default max_num_seqs. */
export const DEFAULT_MAX_CONCURRENCY = 256;

/**
 * Matrix throughput (FLOP/s per GPU) at a precision. fp8 runs on FP8 tensor cores where the GPU has
 * them (fp8_tflops), else as weight-only fp8 at bf16 speed; int8 uses int8_tops, else the same fall-back;
 * int4 and mxfp4 are weight-only on these GPUs (dequantised to bf16 in the matmul).
 */
export function matrixFlops(gpu: Gpu, precision: Precision): Decimal {
  const tflops =
    precision === 'fp8'
      ? (gpu.fp8_tflops ?? gpu.bf16_tflops)
      : precision === 'int8'
        ? (gpu.int8_tops ?? gpu.fp8_tflops ?? gpu.bf16_tflops)
        : gpu.bf16_tflops;
  return new Decimal(tflops).times(1e12);
}

export interface RooflineBound {
  decode: Decimal;
  prefill: Decimal;
}

/** Expected share of a MoE layer's experts a batch of `tokens` touches: 1 − (1 − k/E)^tokens. */
export function expertShareTouched(model: OpenModel, tokens: number): Decimal {
  if (!isMoe(model)) return new Decimal(1);
  const miss = new Decimal(1).minus(new Decimal(model.experts_per_token!).div(model.experts!));
  return new Decimal(1).minus(miss.pow(Math.max(tokens, 1)));
}

/** Weight bytes a forward pass over `tokens` tokens reads: shared weights + the experts it touches. */
export function weightBytesRead(model: OpenModel, precision: Precision, tokens: number): Decimal {
  const experts = expertWeightBytes(model, precision).times(expertShareTouched(model, tokens));
  return sharedWeightBytes(model, precision).plus(experts);
}

/** Bytes one decode step of the replica reads: weights touched + every sequence's KV cache. */
export function decodeBytesPerStep(
  model: OpenModel,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
): Decimal {
  const kv = kvBytesPerSequence(model, precision, contextTokens, gpus).times(concurrency);
  return weightBytesRead(model, precision, concurrency).plus(kv);
}

const bandwidthOf = (gpu: Gpu, gpus: number) => new Decimal(gpu.memory_bandwidth_gb_s).times(1e9).times(gpus);
const flopsOf = (gpu: Gpu, precision: Precision, gpus: number) => matrixFlops(gpu, precision).times(gpus);
const flopsPerToken = (model: OpenModel) => activeParams(model).times(2);

/** Seconds of matrix work for `tokens` tokens: dense/shared FLOPs at η_c, routed-expert FLOPs at η_e. */
function matrixSeconds(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  tokens: Decimal,
  extraPerToken: Decimal,
  eff: Efficiency,
): Decimal {
  const peak = flopsOf(gpu, precision, gpus);
  const routed = isMoe(model) ? activeParams(model).minus(sharedParams(model)).times(2) : new Decimal(0);
  const dense = flopsPerToken(model).minus(routed).plus(extraPerToken);
  return dense
    .div(peak.times(eff.compute))
    .plus(routed.div(peak.times(eff.expertCompute)))
    .times(tokens);
}

/** All-reduces of a tensor-parallel forward pass per layer: after attention and after the MLP (Megatron-LM). */
export const ALL_REDUCES_PER_LAYER = 2;
/** Bytes per activation value crossing the link (bf16/fp16 activations at every weight precision). */
const ACTIVATION_BYTES = 2;

/**
 * Seconds a forward pass over `tokens` tokens spends in tensor-parallel all-reduces on `gpus` GPUs
 * (0 on one GPU, or when the GPU row has no `interconnect`): see the header.
 */
export function allReduceSeconds(model: OpenModel, gpu: Gpu, gpus: number, tokens: Decimal, eff: Efficiency): Decimal {
  if (gpus <= 1 || !gpu.interconnect) return new Decimal(0);
  const oneDirection = new Decimal(gpu.interconnect.bandwidth_gb_s).times(1e9).div(2);
  const bytes = tokens.times(hiddenSize(model)).times(ACTIVATION_BYTES);
  const ring = bytes
    .times(2 * (gpus - 1))
    .div(gpus)
    .div(oneDirection.times(eff.link));
  return ring.times(ALL_REDUCES_PER_LAYER * model.layers);
}

/** Decode step time (s) at efficiencies; the bound (efficiency 1) has no overhead and no communication. */
function decodeStep(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
  eff: Efficiency,
  communication: boolean,
): Decimal {
  const bytes = decodeBytesPerStep(model, precision, gpus, concurrency, contextTokens);
  const mem = bytes.div(bandwidthOf(gpu, gpus).times(eff.bandwidth));
  const cmp = matrixSeconds(model, gpu, precision, gpus, new Decimal(concurrency), new Decimal(0), eff);
  const comm = communication ? allReduceSeconds(model, gpu, gpus, new Decimal(concurrency), eff) : new Decimal(0);
  return Decimal.max(mem, cmp).plus(comm).plus(eff.stepOverheadUs.times(model.layers).div(1e6));
}

export interface Efficiency {
  bandwidth: Decimal;
  compute: Decimal;
  /** Share of peak the routed experts' grouped matrix products reach (MoE models only). */
  expertCompute: Decimal;
  stepOverheadUs: Decimal;
  /** Replica time per request outside the GPU's matrix work (scheduling, tokenising, streaming), ms. */
  requestOverheadMs: Decimal;
  /** Share of one direction of the GPU's interconnect bandwidth tensor-parallel all-reduces reach. */
  link: Decimal;
}

const ROOFLINE: Efficiency = {
  bandwidth: new Decimal(1),
  compute: new Decimal(1),
  expertCompute: new Decimal(1),
  stepOverheadUs: new Decimal(0),
  requestOverheadMs: new Decimal(0),
  link: new Decimal(1),
};

export function decodeBound(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
): Decimal {
  const step = decodeStep(model, gpu, precision, gpus, concurrency, contextTokens, ROOFLINE, false);
  return new Decimal(concurrency).div(step);
}

export function prefillBound(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number): Decimal {
  return flopsOf(gpu, precision, gpus).div(flopsPerToken(model));
}

export function rooflineBound(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
): RooflineBound {
  return {
    decode: decodeBound(model, gpu, precision, gpus, concurrency, contextTokens),
    prefill: prefillBound(model, gpu, precision, gpus),
  };
}

/** Modelled aggregate decode tokens/s of a replica at `concurrency` sequences of `contextTokens`. */
export function modelledDecode(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
  eff: Efficiency = EFFICIENCY,
): Decimal {
  return new Decimal(concurrency).div(decodeStep(model, gpu, precision, gpus, concurrency, contextTokens, eff, true));
}

/**
 * Attention FLOPs per prompt token, averaged over a prompt of `inputTokens`: QKᵀ and AV cost 4 × width
 * per earlier token per layer, a token attends to (prompt ÷ 2) earlier tokens on average, capped at the
 * window on sliding-window layers; the width is taken as the hidden size (query heads × head dim is
 * within 1.6× of it in every shipped model). Negligible for short prompts; at 32K tokens it is as much
 * as the weights' 2 × active parameters.
 */
export function attentionFlopsPerToken(model: OpenModel, inputTokens: Decimal): Decimal {
  const half = inputTokens.div(2);
  const sw = model.sliding_window;
  const windowed = sw ? sw.layers : 0;
  const span = half.times(model.layers - windowed).plus(sw ? Decimal.min(half, sw.size).times(windowed) : 0);
  return span.times(hiddenSize(model)).times(4);
}

/**
 * Modelled prefill tokens/s for prompts of `inputTokens` arriving at `concurrency`: the engine prefills
 * a chunk of min(token budget, concurrency × prompt) tokens per pass, and each request adds a fixed
 * overhead. The bound (efficiency 1) has neither the overhead, the communication nor the attention FLOPs.
 */
export function modelledPrefill(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  inputTokens: Decimal,
  eff: Efficiency = EFFICIENCY,
): Decimal {
  const prompt = Decimal.max(inputTokens, 1);
  const chunk = Decimal.max(1, Decimal.min(RUNTIME_OVERHEAD.workspaceTokens, prompt.times(concurrency)).floor());
  const cmp = matrixSeconds(model, gpu, precision, gpus, chunk, attentionFlopsPerToken(model, prompt), eff);
  const mem = weightBytesRead(model, precision, chunk.toNumber()).div(bandwidthOf(gpu, gpus).times(eff.bandwidth));
  const comm = allReduceSeconds(model, gpu, gpus, chunk, eff);
  const perChunk = Decimal.max(cmp, mem).plus(comm).plus(eff.stepOverheadUs.times(model.layers).div(1e6));
  // seconds per prompt = its share of chunks + the per-request overhead
  const perPrompt = perChunk.times(prompt).div(chunk).plus(eff.requestOverheadMs.div(1000));
  return prompt.div(perPrompt);
}
