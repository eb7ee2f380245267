// Memory fit of one replica (domain.md §3): weights + KV cache for its concurrent sequences + runtime
// overhead must fit in the usable share of the replica's GPU memory. Pure arithmetic on table rows.
//
// Units: decimal gigabytes (1 GB = 1e9 bytes) throughout, for model sizes and GPU memory alike. GPU
// datasheets' "80 GB" is really 80 GiB (85.9e9 bytes), so reading it as 80e9 leaves ~7% in reserve:
// a deliberate, conservative choice that also keeps every figure checkable by hand.
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';

export const GB = new Decimal(1e9);

/**
 * Bytes per weight and per KV-cache value at each serving precision. fp8 and int8 serving keep the KV
 * cache in 8 bits as well (FP8 KV cache is the engines' default companion of FP8 weights; the shipped
 * fp8 profiles assume it). int4 is weight-only quantisation (AWQ/GPTQ): the KV cache stays 16-bit.
 */
export const PRECISION_BYTES: Readonly<Record<Precision, { weight: number; kv: number }>> = {
  bf16: { weight: 2, kv: 2 },
  fp8: { weight: 1, kv: 1 },
  int8: { weight: 1, kv: 1 },
  int4: { weight: 0.5, kv: 2 },
};

/** Share of GPU memory a serving engine may plan with (vLLM's default gpu_memory_utilization). */
export const USABLE_MEMORY_FRACTION = new Decimal(0.9);

/**
 * Runtime overhead beyond weights and KV cache: 10% of the weight bytes (activation workspace,
 * CUDA graphs, allocator fragmentation, which grow with model width) plus 1.5 GB per GPU (CUDA
 * context, NCCL buffers, sampler). The 1.5 GB per GPU is what the shipped derived profiles assumed.
 */
export const RUNTIME_OVERHEAD = { weightShare: new Decimal(0.1), perGpuBytes: new Decimal(1.5).times(GB) } as const;

/** Tensor-parallel degrees tried, smallest first, when the scenario does not fix gpus_per_replica. */
export const TP_DEGREES = [1, 2, 4, 8] as const;

export function weightBytes(model: OpenModel, precision: Precision): Decimal {
  return new Decimal(model.params_b).times(1e9).times(PRECISION_BYTES[precision].weight);
}

/** KV cache per token = 2 (K and V) × layers × KV heads × head dim × bytes per value. */
export function kvBytesPerToken(model: OpenModel, precision: Precision): Decimal {
  return new Decimal(2).times(model.layers).times(model.kv_heads).times(model.head_dim).times(PRECISION_BYTES[precision].kv);
}

export function overheadBytes(model: OpenModel, precision: Precision, gpus: number): Decimal {
  return weightBytes(model, precision).times(RUNTIME_OVERHEAD.weightShare).plus(RUNTIME_OVERHEAD.perGpuBytes.times(gpus));
}

/** Usable bytes of a replica: 90% of its GPUs' memory. */
export function usableBytes(gpu: Gpu, gpus: number): Decimal {
  return new Decimal(gpu.memory_gb).times(GB).times(gpus).times(USABLE_MEMORY_FRACTION);
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

export function memoryUse(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number, concurrency: number, contextTokens: Decimal): MemoryUse {
  const weights = weightBytes(model, precision);
  const kv = kvBytesPerToken(model, precision).times(contextTokens).times(concurrency);
  const overhead = overheadBytes(model, precision, gpus);
  return { weights, kv, overhead, total: weights.plus(kv).plus(overhead), available: usableBytes(gpu, gpus), installed: new Decimal(gpu.memory_gb).times(GB).times(gpus) };
}

/** The most sequences of `contextTokens` whose KV cache fits beside weights and overhead (0 when none). */
export function maxConcurrency(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number, contextTokens: Decimal): number {
  const room = usableBytes(gpu, gpus).minus(weightBytes(model, precision)).minus(overheadBytes(model, precision, gpus));
  if (room.lte(0)) return 0;
  const perSequence = kvBytesPerToken(model, precision).times(Decimal.max(contextTokens, 1));
  return room.div(perSequence).floor().toNumber();
}

/** Bytes as GB with one decimal, for messages and tables. */
export function gbText(bytes: Decimal): string {
  return `${bytes.div(GB).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)} GB`;
}
