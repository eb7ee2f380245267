// The pricing rows a result cites (report `pricing_used`), built one way wherever a strategy uses them.
import type { PricingRowUsed } from '../report/model.js';
import type { EngineSelfHosted } from './input.js';

type Gpu = Pick<EngineSelfHosted['gpu'], 'id' | 'origin'>;
type GpuPrice = Pick<EngineSelfHosted['price'], 'provider' | 'as_of' | 'source'>;

/** A GPU's hourly price at one provider. */
export function gpuPriceRow(gpu: Gpu, price: GpuPrice): PricingRowUsed {
  return {
    kind: 'gpu_price',
    id: `${gpu.id}/${price.provider}`,
    as_of: price.as_of,
    source: price.source,
    file: gpu.origin.file,
  };
}

/** The throughput profile a self-hosted option is sized with. */
export function profileRow(p: EngineSelfHosted['profile']): PricingRowUsed {
  return {
    kind: 'throughput_profile',
    id: `${p.model}@${p.gpu}/${p.precision}/tp${p.gpus_per_replica}`,
    as_of: p.as_of,
    source: p.source,
    file: p.origin.file,
  };
}

/** The open model's architecture row. */
export function openModelRow(m: EngineSelfHosted['model']): PricingRowUsed {
  return { kind: 'open_model', id: m.id, as_of: m.as_of, source: m.source, file: m.origin.file };
}
