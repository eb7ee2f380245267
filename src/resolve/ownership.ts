// Owning the GPUs (self_hosted.commitment: owned, or owned_replicas next to a rented commitment):
// the scenario's ownership block checked against the GPU's purchase and power rows, resolved into
// the engine's EngineOwnership. Every failure is one InputError at the scenario field that caused it.
import type { EngineOwnership } from '../engine/input.js';
import { InputError } from '../errors.js';
import { dec, type Decimal } from '../money.js';
import type { GpuPriceRow } from '../pricing/schema.js';
import type { Gpu, Where } from '../pricing/tables.js';
import { DEFAULT_PUE_SOURCE, type Scenario } from '../scenario/schema.js';

type SelfHostedIn = NonNullable<Scenario['self_hosted']>;
type At = (...p: Array<string | number>) => Where;

/** True when the scenario owns some or all of its GPUs. */
export function owns(sh: SelfHostedIn): boolean {
  return sh.commitment === 'owned' || sh.owned_replicas !== undefined;
}

/**
 * The checks that do not need the GPU row: which other self_hosted fields go with ownership.
 * `gpu: auto` is refused (owning is a choice of one GPU, bought once), as are reserved replicas next
 * to owned ones (two floors of committed capacity) and autoscaling of an all-owned fleet (owned
 * GPUs are paid for whether busy or not; there is nothing to scale down).
 */
export function checkOwnershipFields(sh: SelfHostedIn, at: At, autoGpu: boolean): void {
  const all = sh.commitment === 'owned';
  if (!owns(sh)) {
    if (sh.ownership) {
      throw new InputError({
        code: 'E_INVALID',
        ...at('self_hosted', 'ownership'),
        message: 'ownership is set but no GPU is owned',
        expected: 'commitment: owned, or owned_replicas: N, or no ownership block',
      });
    }
    return;
  }
  if (!sh.ownership) {
    const field = all ? 'commitment' : 'owned_replicas';
    throw new InputError({
      code: 'E_MISSING_FIELD',
      ...at('self_hosted', field),
      field: 'self_hosted.ownership',
      message: 'owned GPUs need an ownership block',
      expected: 'ownership: { electricity_per_kwh, ... } (docs/ownership.md)',
    });
  }
  if (autoGpu) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'gpu'),
      message: 'gpu: auto cannot be bought: owned GPUs are one GPU model, bought once',
      expected: 'a named gpu (one with purchase and power rows)',
    });
  }
  if (sh.reserved_replicas !== undefined && sh.owned_replicas !== undefined) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'owned_replicas'),
      message: 'owned_replicas and reserved_replicas together',
      expected: 'one committed base fleet: owned_replicas or reserved_replicas',
    });
  }
  if (all && sh.reserved_replicas !== undefined) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'reserved_replicas'),
      message: 'reserved replicas in an all-owned fleet',
      expected: 'commitment: owned without reserved_replicas, or owned_replicas with a rented commitment',
    });
  }
  if (all && sh.autoscaling?.enabled) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'autoscaling'),
      message: 'an owned fleet does not scale down: its GPUs are paid for whether busy or not',
      expected: 'no autoscaling with commitment: owned (or owned_replicas with a rented, autoscaled commitment)',
    });
  }
  if (!all && sh.ownership.hours_per_day < 24) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'ownership', 'hours_per_day'),
      message: `hours_per_day ${sh.ownership.hours_per_day} with rented replicas beside the owned ones`,
      expected: 'hours_per_day below 24 with commitment: owned only',
    });
  }
}

/** The ownership of `gpu` as the engine reads it. `rawPue` says whether the file set ownership.pue. */
export function resolveOwnership(sh: SelfHostedIn, gpu: Gpu, at: At, pueGiven: boolean): EngineOwnership {
  const o = sh.ownership!;
  if (!gpu.purchase || gpu.purchase.length === 0) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at('self_hosted', 'gpu'),
      message: `GPU '${gpu.id}' has no purchase price in the pricing tables`,
      expected: `a purchase row for '${gpu.id}' (add one with --pricing), or a GPU that has one`,
    });
  }
  if (!gpu.power) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at('self_hosted', 'gpu'),
      message: `GPU '${gpu.id}' has no power row in the pricing tables`,
      expected: `power: { max_watts } for '${gpu.id}' (add one with --pricing)`,
    });
  }
  const vendors = gpu.purchase.map((p) => p.vendor);
  let purchase = gpu.purchase[0]!;
  if (o.vendor !== undefined) {
    const found = gpu.purchase.find((p) => p.vendor === o.vendor);
    if (!found)
      throw new InputError({
        code: 'E_NO_PRICE',
        ...at('self_hosted', 'ownership', 'vendor'),
        message: `no '${o.vendor}' purchase price for GPU '${gpu.id}'`,
        expected: `one of ${vendors.join(', ')}`,
      });
    purchase = found;
  } else if (gpu.purchase.length > 1) {
    throw new InputError({
      code: 'E_MISSING_FIELD',
      ...at('self_hosted', 'ownership'),
      field: 'self_hosted.ownership.vendor',
      message: `which vendor's price of '${gpu.id}'?`,
      expected: `vendor: one of ${vendors.join(', ')}`,
    });
  }
  const rental = cheapestOnDemand(gpu);
  return {
    all: sh.commitment === 'owned',
    baseReplicas: sh.owned_replicas ?? 0,
    purchase,
    power: gpu.power,
    pricePerGpu: dec(purchase.price_per_gpu).plus(purchase.server_overhead_per_gpu ?? 0),
    depreciationMonths: o.depreciation_months,
    residualShare: dec(o.residual_share),
    pue: dec(o.pue),
    pueSource: pueGiven ? 'scenario:self_hosted.ownership.pue' : `default ${o.pue}: ${DEFAULT_PUE_SOURCE}`,
    electricityPerKwh: dec(o.electricity_per_kwh),
    hostingPerGpuMonth: dec(o.hosting_per_gpu_month),
    maintenanceSharePerYear: dec(o.maintenance_share_per_year),
    hoursPerDay: dec(o.hours_per_day),
    accounting: o.accounting,
    ...(rental ? { rental } : {}),
  };
}

/** The GPU's cheapest on-demand row (ties: the first in the table): the rented alternative. */
export function cheapestOnDemand(gpu: Gpu): { price: GpuPriceRow; hourlyRate: Decimal } | undefined {
  let best: { price: GpuPriceRow; hourlyRate: Decimal } | undefined;
  for (const p of gpu.prices) {
    if (p.on_demand === undefined) continue;
    if (!best || dec(p.on_demand).lt(best.hourlyRate)) best = { price: p, hourlyRate: dec(p.on_demand) };
  }
  return best;
}

/**
 * commitment: owned — the price row the rest of the engine names the fleet by: the purchase row's
 * provenance under the id `owned/<vendor>` (no hourly price: owned GPUs bill no GPU-hours).
 */
export function ownedPriceRow(owned: EngineOwnership): GpuPriceRow {
  const p = owned.purchase;
  return { provider: `owned/${p.vendor}`, as_of: p.as_of, source: p.source };
}
