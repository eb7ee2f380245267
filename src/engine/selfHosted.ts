// Self-hosted capacity and cost: how many replicas the peak needs, and what they, the staff and the
// fine-tuning runs cost each month.
import { Decimal, ZERO } from '../money.js';
import type { CapacityFacts, LineItem } from '../report/model.js';
import type { EngineInput, EngineSelfHosted } from './input.js';
import { lineItem, pricingSource, scenarioSource } from './items.js';
import { hoursInMonth, secondsInMonth } from './volume.js';

/** Replica-seconds one call occupies: input ÷ prefill tok/s + output ÷ decode tok/s (per replica). */
export function replicaSecondsPerCall(sh: EngineSelfHosted, input: EngineInput): Decimal {
  const w = input.workload;
  return w.inputTokens.div(sh.profile.prefill_tokens_per_s).plus(w.outputTokens.div(sh.profile.decode_tokens_per_s));
}

/**
 * Calls one replica serves in a month at peak without exceeding the target utilisation. Replicas
 * needed = calls ÷ this, rounded up: the step of the self-hosted cost curve.
 */
export function callsPerReplicaMonth(sh: EngineSelfHosted, input: EngineInput): Decimal {
  const perCall = replicaSecondsPerCall(sh, input);
  if (perCall.isZero()) return new Decimal(Infinity);
  return secondsInMonth(input).times(sh.targetUtilization).div(input.workload.peakToAverage.times(perCall));
}

export function capacityFor(sh: EngineSelfHosted, input: EngineInput, calls: Decimal): CapacityFacts {
  return capacityModel(sh, input)(calls);
}

/**
 * capacityFor with what does not depend on the month's calls worked out once: the engine sizes
 * every month of two strategies with it. Same operations in the same order, so the same digits.
 */
export function capacityModel(sh: EngineSelfHosted, input: EngineInput): (calls: Decimal) => CapacityFacts {
  const seconds = secondsInMonth(input);
  const perCall = replicaSecondsPerCall(sh, input);
  return (calls) => {
    const perSecond = calls.div(seconds);
    const peak = perSecond.times(input.workload.peakToAverage);
    const needed = peak.times(perCall).div(sh.targetUtilization);
    const replicas = Math.max(sh.minReplicas, needed.ceil().toNumber());
    // Utilisation is only printed (JSON, --explain), never priced: worked out when first read, with
    // the same operations, so a default table or a library caller does not pay its division.
    let utilization: Decimal | undefined;
    return {
      calls,
      peak_calls_per_s: peak,
      replica_seconds_per_call: perCall,
      replicas_needed: needed,
      replicas,
      gpus_per_replica: sh.gpusPerReplica,
      gpus: replicas * sh.gpusPerReplica,
      gpu: sh.gpu.id,
      get utilization(): Decimal {
        utilization ??= replicas === 0 ? ZERO : perSecond.times(perCall).div(replicas);
        return utilization;
      },
    };
  };
}

/** Monthly cost of one always-on replica: GPUs per replica × hours × hourly rate. */
export function replicaMonthCost(sh: EngineSelfHosted, input: EngineInput): Decimal {
  return hoursInMonth(input).times(sh.gpusPerReplica).times(sh.hourlyRate);
}

export function gpuItems(sh: EngineSelfHosted, input: EngineInput, cap: CapacityFacts): LineItem[] {
  if (cap.gpus === 0) return [];
  const p = sh.price;
  return [
    lineItem({
      category: 'gpu',
      name: `${sh.gpu.id} GPU-hours (${cap.replicas} replica${cap.replicas === 1 ? '' : 's'} × ${sh.gpusPerReplica} GPU, ${p.provider} ${sh.commitment})`,
      quantity: hoursInMonth(input).times(cap.gpus),
      unit: 'GPU-hour',
      unit_price: sh.hourlyRate,
      source: pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, sh.commitment),
    }),
  ];
}

/** Costs that do not depend on volume: staff every month, fine-tuning in its months. */
export function selfHostedFixedItems(sh: EngineSelfHosted, month: number): LineItem[] {
  const items: LineItem[] = [];
  if (sh.staff && !sh.staff.fte.isZero() && !sh.staff.annualCostPerFte.isZero()) {
    items.push(
      lineItem(
        {
          category: 'staff',
          name: `ML/platform staff (${sh.staff.fte.toFixed()} FTE)`,
          quantity: sh.staff.fte,
          unit: 'FTE-month',
          unit_price: sh.staff.annualCostPerFte.div(12).toDecimalPlaces(6),
          source: scenarioSource('self_hosted.staff'),
        },
        sh.staff.fte.times(sh.staff.annualCostPerFte).div(12),
      ),
    );
  }
  if (sh.fineTuning && isFineTuningMonth(sh.fineTuning.everyMonths, month) && !sh.fineTuning.gpuHours.isZero()) {
    items.push(
      lineItem({
        category: 'fine_tuning',
        name: `fine-tuning run (${sh.gpu.id}, ${sh.price.provider} on_demand)`,
        quantity: sh.fineTuning.gpuHours,
        unit: 'GPU-hour',
        unit_price: sh.onDemandRate,
        source: pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${sh.price.provider}`, sh.price.as_of, 'on_demand'),
      }),
    );
  }
  return items;
}

/** Month 1, then every `every` months; once (month 1) when no period is given. */
export function isFineTuningMonth(every: number | undefined, month: number): boolean {
  return every === undefined ? month === 1 : (month - 1) % every === 0;
}

/** Fine-tuning spread over the months it recurs in: its share of a steady month's run rate. */
export function fineTuningRunRate(sh: EngineSelfHosted): Decimal {
  if (!sh.fineTuning || sh.fineTuning.everyMonths === undefined) return ZERO;
  return sh.fineTuning.gpuHours.times(sh.onDemandRate).div(sh.fineTuning.everyMonths);
}
