// Fine-tuning from first principles: FLOPs → GPU-hours at a stated utilisation, and the memory a
// method needs (which sets how many GPUs one run must shard over).
//
// FLOPs: full fine-tuning ≈ 6 × parameters × tokens per epoch (forward 2, backward 4). LoRA and QLoRA
// freeze the base weights, so the weight-gradient half of the backward pass is skipped: ≈ 4 × P × T.
// Utilisation (model FLOPs utilisation, MFU) of bf16 peak: 0.4 for full and LoRA runs (typical of
// well-tuned trainers); 0.3 for QLoRA, whose 4-bit weights are dequantised on every matmul.
// Memory (sharded evenly over the run's GPUs, ZeRO-3/FSDP style):
//   full  = 16 bytes/param (bf16 weights 2 + bf16 grads 2 + fp32 master 4 + Adam moments 8)
//   lora  = bf16 frozen weights 2 bytes/param + adapters
//   qlora = NF4 frozen weights 0.5 bytes/param + adapters
//   adapters = 0.5% of parameters (rank 16–64 on every projection) × 16 bytes (weights, grads, Adam)
//   + activations with gradient checkpointing ≈ 10% of the bf16 weight bytes + 1.5 GB per GPU.
import { Decimal } from '../money.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';
import { activeParams, GB, gbText, TP_DEGREES, usableBytes } from './memory.js';

export const FINE_TUNING_METHODS = ['lora', 'qlora', 'full'] as const;
export type FineTuningMethod = (typeof FINE_TUNING_METHODS)[number];

export const FINE_TUNING_TABLE: Readonly<
  Record<FineTuningMethod, { flopsPerParamToken: number; baseBytesPerParam: number; adapters: boolean; mfu: number }>
> = {
  full: { flopsPerParamToken: 6, baseBytesPerParam: 16, adapters: false, mfu: 0.4 },
  lora: { flopsPerParamToken: 4, baseBytesPerParam: 2, adapters: true, mfu: 0.4 },
  qlora: { flopsPerParamToken: 4, baseBytesPerParam: 0.5, adapters: true, mfu: 0.3 },
};
export const ADAPTER_SHARE = new Decimal(0.005);
export const ADAPTER_BYTES_PER_PARAM = 16;
/** Training activations with gradient checkpointing: 10% of the bf16 weight bytes + 1.5 GB per GPU. */
export const TRAINING_ACTIVATIONS = { weightShare: new Decimal(0.1), perGpuBytes: new Decimal(1.5).times(GB) } as const;

export interface FineTuningRequest {
  method: FineTuningMethod;
  tokens: Decimal;
  epochs: Decimal;
  /** Overrides the method's MFU. */
  utilization?: Decimal | undefined;
}

export interface FineTuningPlan extends FineTuningRequest {
  flops: Decimal;
  mfu: Decimal;
  gpus: number;
  memoryNeeded: Decimal;
  memoryAvailable: Decimal;
  gpuHours: Decimal;
}

export function fineTuningMemory(model: OpenModel, method: FineTuningMethod, gpus: number): Decimal {
  const params = new Decimal(model.params_b).times(1e9);
  const m = FINE_TUNING_TABLE[method];
  const base = params.times(m.baseBytesPerParam);
  const adapters = m.adapters ? params.times(ADAPTER_SHARE).times(ADAPTER_BYTES_PER_PARAM) : new Decimal(0);
  const activations = params
    .times(2)
    .times(TRAINING_ACTIVATIONS.weightShare)
    .plus(TRAINING_ACTIVATIONS.perGpuBytes.times(gpus));
  return base.plus(adapters).plus(activations);
}

export type FineTuningResult = { ok: true; plan: FineTuningPlan } | { ok: false; message: string };

export function planFineTuning(model: OpenModel, gpu: Gpu, req: FineTuningRequest): FineTuningResult {
  const m = FINE_TUNING_TABLE[req.method];
  const mfu = req.utilization ?? new Decimal(m.mfu);
  const flops = activeParams(model).times(m.flopsPerParamToken).times(req.tokens).times(req.epochs);
  // Rounded up to 0.01 GPU-hour: a bill never shows 40 decimals, and never less than the work.
  const gpuHours = flops
    .div(new Decimal(gpu.bf16_tflops).times(1e12).times(mfu))
    .div(3600)
    .toDecimalPlaces(2, Decimal.ROUND_UP);
  for (const gpus of TP_DEGREES) {
    const needed = fineTuningMemory(model, req.method, gpus);
    const available = usableBytes(gpu, gpus);
    if (needed.lte(available))
      return {
        ok: true,
        plan: { ...req, flops, mfu, gpus, memoryNeeded: needed, memoryAvailable: available, gpuHours },
      };
  }
  const needed = fineTuningMemory(model, req.method, 8);
  const available = usableBytes(gpu, 8);
  return {
    ok: false,
    message: `${req.method} fine-tuning of ${model.id} does not fit on 8 × ${gpu.id}: it needs ${gbText(needed)}, 8 GPUs offer ${gbText(available)} usable`,
  };
}
