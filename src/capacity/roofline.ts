// Roofline bounds on a replica's throughput (domain.md §3) and the profiles derived from them.
//   decode tokens/s  ≤ concurrency × replica bandwidth ÷ (weight bytes + concurrency × context × KV bytes/token)
//     (every decode step streams all weights once plus each sequence's KV cache; one token per sequence)
//   prefill tokens/s ≤ replica matrix FLOP/s ÷ (2 × parameters)
// A measured profile above its bound is wrong (a test checks every shipped one); a derived profile is
// the bound × a documented efficiency.
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';
import { kvBytesPerToken, weightBytes } from './memory.js';

/**
 * Share of the roofline a serving engine reaches, applied to derive a profile when none is measured.
 * Engines reach 1/1.9–1/1.4 of the decode roofline and 0.5–0.65 of peak matrix throughput in prefill
 * (anchor data: LLM-Viewer #4, BLIS/inference-sim calibration 0.72 / 0.65 before per-step overhead);
 * 0.5 sits at the cautious end of both, and is what the shipped derived profiles use.
 */
export const DERIVED_EFFICIENCY = { decode: new Decimal(0.5), prefill: new Decimal(0.5) } as const;

/** Concurrency a derived profile is sized at when memory and latency allow: vLLM's default max_num_seqs. */
export const DEFAULT_MAX_CONCURRENCY = 256;

/**
 * Matrix throughput (FLOP/s per GPU) at a precision. fp8 runs on FP8 tensor cores where the GPU has
 * them (fp8_tflops), else as weight-only fp8 at bf16 speed; int8 uses int8_tops, else the same fall-back;
 * int4 is weight-only, computed in bf16.
 */
export function matrixFlops(gpu: Gpu, precision: Precision): Decimal {
  const tflops = precision === 'fp8' ? (gpu.fp8_tflops ?? gpu.bf16_tflops) : precision === 'int8' ? (gpu.int8_tops ?? gpu.fp8_tflops ?? gpu.bf16_tflops) : gpu.bf16_tflops;
  return new Decimal(tflops).times(1e12);
}

export interface RooflineBound {
  decode: Decimal;
  prefill: Decimal;
}

export function decodeBound(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number, concurrency: number, contextTokens: Decimal): Decimal {
  const bandwidth = new Decimal(gpu.memory_bandwidth_gb_s).times(1e9).times(gpus);
  const bytesPerStep = weightBytes(model, precision).plus(kvBytesPerToken(model, precision).times(contextTokens).times(concurrency));
  return bandwidth.times(concurrency).div(bytesPerStep);
}

export function prefillBound(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number): Decimal {
  return matrixFlops(gpu, precision).times(gpus).div(new Decimal(model.params_b).times(1e9).times(2));
}

export function rooflineBound(model: OpenModel, gpu: Gpu, precision: Precision, gpus: number, concurrency: number, contextTokens: Decimal): RooflineBound {
  return { decode: decodeBound(model, gpu, precision, gpus, concurrency, contextTokens), prefill: prefillBound(model, gpu, precision, gpus) };
}

/** A derived profile: the bound × the efficiency, rounded down to whole tokens/s. */
export function derivedRates(bound: RooflineBound): RooflineBound {
  return {
    decode: bound.decode.times(DERIVED_EFFICIENCY.decode).floor(),
    prefill: bound.prefill.times(DERIVED_EFFICIENCY.prefill).floor(),
  };
}
