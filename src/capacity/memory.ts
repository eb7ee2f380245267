// Memory fit of one replica: weights + KV cache for its concurrent sequences + runtime overhead must
// fit in the usable share of the replica's GPU memory. Pure arithmetic on table rows.
//
// Units: model sizes in decimal bytes (1 GB = 1e9 B, as checkpoints are counted); GPU memory as the
// datasheet's "80 GB" really is: 80 GiB (80 × 2³⁰ B = 85.9e9 B; an H100 80GB reports 79.2 GiB to CUDA,
// an H200 "141 GB" 140.4 GiB). Reading it as 80e9 kept a hidden 7% in reserve and refused gpt-oss-120b
// (a 65 GB checkpoint) on the one 80 GB H100 it serves on.
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';

export const GB = new Decimal(1e9);
export const GIB = new Decimal(2).pow(30);

/**
 * Bytes per weight and per KV-cache value at each serving precision. fp8 and int8 serving keep the KV
 * cache in 8 bits as well (FP8 KV cache is the engines' default companion of FP8 weights; the shipped
 * fp8 profiles assume it). int4 is weight-only quantisation (AWQ/GPTQ): the KV cache stays 16-bit.
 * mxfp4: 4 bits + one 8-bit scale per 32 values = 4.25 bits; in a mixture of experts only the expert
 * weights are MXFP4 and everything else (attention, embeddings, router: `nonExpert`) stays bf16, as in
 * gpt-oss's quantization_config (modules_to_not_convert); a dense model in mxfp4 has all of it in MXFP4.
 */
export const PRECISION_BYTES: Readonly<Record<Precision, { weight: number; kv: number; nonExpert: number }>> = {
  bf16: { weight: 2, kv: 2, nonExpert: 2 },
  fp8: { weight: 1, kv: 1, nonExpert: 1 },
  int8: { weight: 1, kv: 1, nonExpert: 1 },
  int4: { weight: 0.5, kv: 2, nonExpert: 0.5 },
  mxfp4: { weight: 4.25 / 8, kv: 2, nonExpert: 2 },
};

/** Share of GPU memory a serving engine may plan with (vLLM's default gpu_memory_utilization). */
export const USABLE_MEMORY_FRACTION = new Decimal(0.9);

/**
 * Runtime overhead beyond weights and KV cache, inside the usable share:
 *   per GPU: 1 GiB (CUDA context and non-torch allocations, NCCL buffers, the sampler's logits);
 *   activation workspace: the largest forward pass the engine plans for (`workspaceTokens`, vLLM's
 *   default max_num_batched_tokens 8,192) × the activation width of one layer × 2 bytes, where the width
 *   is active parameters ÷ layers ÷ hidden size (the summed output widths of a layer's matrices). It
 *   grows with the hidden size and the active parameters, not with the number of experts. vLLM reports
 *   a "PyTorch activation peak" of ≈ 1.2 GiB for Llama-3.1-8B at these defaults; this rule gives 1.0 GB.
 */
export const RUNTIME_OVERHEAD = {
  perGpuBytes: GIB,
  workspaceTokens: 8192,
  activationBytes: 2,
} as const;

/** Tensor-parallel degrees tried, smallest first, when the scenario does not fix gpus_per_replica. */
export const TP_DEGREES = [1, 2, 4, 8] as const;

const BILLION = new Decimal(1e9);

export const isMoe = (model: OpenModel): boolean => model.experts !== undefined;

/** Parameters a token computes with: active_params_b for a mixture of experts, else all of them. */
export function activeParams(model: OpenModel): Decimal {
  return new Decimal(model.active_params_b ?? model.params_b).times(BILLION);
}

/** Parameters every token uses (all of them in a dense model). */
export function sharedParams(model: OpenModel): Decimal {
  return new Decimal(model.shared_params_b ?? model.params_b).times(BILLION);
}

/** Routed-expert parameters, summed over layers and experts (0 in a dense model). */
export function expertParams(model: OpenModel): Decimal {
  return new Decimal(model.params_b).times(BILLION).minus(sharedParams(model));
}

/** Bytes of the weights every token reads (the shared part; all weights of a dense model). */
export function sharedWeightBytes(model: OpenModel, precision: Precision): Decimal {
  const b = PRECISION_BYTES[precision];
  return sharedParams(model).times(isMoe(model) ? b.nonExpert : b.weight);
}

export function expertWeightBytes(model: OpenModel, precision: Precision): Decimal {
  return expertParams(model).times(PRECISION_BYTES[precision].weight);
}

/** All weights, every expert included: what memory must hold. */
export function weightBytes(model: OpenModel, precision: Precision): Decimal {
  return sharedWeightBytes(model, precision).plus(expertWeightBytes(model, precision));
}

/**
 * KV cache per token of one layer set, before any sliding-window cap:
 *   gqa: 2 (K and V) × layers × KV heads × head dim × bytes per value
 *   mla: layers × (kv_lora_rank + qk_rope_head_dim) × bytes per value (one latent, no separate K and V)
 */
export function kvBytesPerToken(model: OpenModel, precision: Precision): Decimal {
  return kvBytesPerLayerToken(model, precision).times(model.layers);
}

function kvBytesPerLayerToken(model: OpenModel, precision: Precision): Decimal {
  const bytes = PRECISION_BYTES[precision].kv;
  if (model.attention === 'mla') return new Decimal(model.kv_lora_rank!).plus(model.qk_rope_head_dim!).times(bytes);
  return new Decimal(2).times(model.kv_heads!).times(model.head_dim!).times(bytes);
}

/**
 * KV cache a replica holds for one sequence of `contextTokens`: sliding-window layers hold at most
 * their window; MLA's latent is not split by heads, so every tensor-parallel rank holds all of it
 * (× GPUs per replica), as vLLM and SGLang do.
 */
export function kvBytesPerSequence(
  model: OpenModel,
  precision: Precision,
  contextTokens: Decimal,
  gpus: number,
): Decimal {
  const ctx = Decimal.max(contextTokens, 1);
  const sw = model.sliding_window;
  const windowed = sw ? sw.layers : 0;
  const tokens = ctx.times(model.layers - windowed).plus(sw ? Decimal.min(ctx, sw.size).times(windowed) : 0);
  return kvBytesPerLayerToken(model, precision)
    .times(tokens)
    .times(model.attention === 'mla' ? gpus : 1);
}

/** Hidden size: the config's, else the dense-transformer identity parameters ≈ 12 × layers × hidden². */
export function hiddenSize(model: OpenModel): Decimal {
  if (model.hidden_size !== undefined) return new Decimal(model.hidden_size);
  return activeParams(model)
    .div(12 * model.layers)
    .sqrt();
}

/** The activation workspace of one replica (see RUNTIME_OVERHEAD). */
export function activationBytes(model: OpenModel): Decimal {
  const width = activeParams(model).div(model.layers).div(hiddenSize(model));
  return width.times(RUNTIME_OVERHEAD.workspaceTokens).times(RUNTIME_OVERHEAD.activationBytes);
}

export function overheadBytes(model: OpenModel, _precision: Precision, gpus: number): Decimal {
  return activationBytes(model).plus(RUNTIME_OVERHEAD.perGpuBytes.times(gpus));
}

/** Installed bytes of a replica: its GPUs' datasheet memory in the row's unit (GiB unless it says GB). */
export function installedBytes(gpu: Gpu, gpus: number): Decimal {
  return new Decimal(gpu.memory_gb).times(gpu.memory_unit === 'GB' ? GB : GIB).times(gpus);
}

/** Usable bytes of a replica: 90% of its GPUs' memory. */
export function usableBytes(gpu: Gpu, gpus: number): Decimal {
  return installedBytes(gpu, gpus).times(USABLE_MEMORY_FRACTION);
}

export interface MemoryUse {
  weights: Decimal;
  kv: Decimal;
  overhead: Decimal;
  /** weights + kv + overhead. */
  total: Decimal;
  /** Usable bytes of the replica (90% of its GPUs' memory). */
  available: Decimal;
  /** Total bytes of the replica's GPUs. */
  installed: Decimal;
}

export function memoryUse(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  contextTokens: Decimal,
): MemoryUse {
  const weights = weightBytes(model, precision);
  const kv = kvBytesPerSequence(model, precision, contextTokens, gpus).times(concurrency);
  const overhead = overheadBytes(model, precision, gpus);
  return {
    weights,
    kv,
    overhead,
    total: weights.plus(kv).plus(overhead),
    available: usableBytes(gpu, gpus),
    installed: installedBytes(gpu, gpus),
  };
}

/** The most sequences of `contextTokens` whose KV cache fits beside weights and overhead (0 when none). */
export function maxConcurrency(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  contextTokens: Decimal,
): number {
  return sequencesThatFit(model, gpu, precision, gpus, contextTokens).toNumber();
}

/**
 * maxConcurrency as a Decimal: what the planner compares with its concurrency, so that a sampled
 * context length that leaves the limit above the concurrency decides nothing (uncertainty/tape.ts).
 */
export function sequencesThatFit(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  contextTokens: Decimal,
): Decimal {
  const room = usableBytes(gpu, gpus)
    .minus(weightBytes(model, precision))
    .minus(overheadBytes(model, precision, gpus));
  if (room.lte(0)) return new Decimal(0);
  return room.div(kvBytesPerSequence(model, precision, contextTokens, gpus)).floor();
}

/** Bytes as GB with one decimal, for messages and tables. */
export function gbText(bytes: Decimal): string {
  return `${bytes.div(GB).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)} GB`;
}
