// Self-hosted capacity and cost: how many replicas the peak needs, and what they, the staff and the
// fine-tuning runs cost each month.
import { isRecording } from '../fastDecimal.js';
import { Decimal, factNumber, hintNumber, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, ServingFacts } from '../report/model.js';
import { HOURS_PER_DAY, type LineItem } from '../vocabulary.js';
import { GB } from '../capacity/memory.js';
import { replicaCount, replicasFor, replicaTerms, type ReplicaTerm } from '../capacity/traffic.js';
import type { CostStep } from './breakEven.js';
import type { EngineInput, EngineSelfHosted } from './input.js';
import { lineItem, pricingSource, scenarioSource } from './items.js';
import { memoOn, memoOn2 } from './memo.js';
import { trendedRate } from './trends.js';
import { hoursInMonth, secondsInMonth } from './volume.js';
import { floorReplicas, roundToTranche, servingTerm, servingUnit, steadyAfterHorizon } from './commitments.js';

/** The GPU-hour rate of the commitment in month `month`, under the GPU price trend. */
export function hourlyRateAt(sh: EngineSelfHosted, month: number): Decimal {
  return trendedRate(sh.hourlyRate, sh.gpuPriceChangePerYear, month);
}

/** The on-demand GPU-hour rate (fine-tuning) in month `month`, under the GPU price trend. */
export function onDemandRateAt(sh: EngineSelfHosted, month: number): Decimal {
  return trendedRate(sh.onDemandRate, sh.gpuPriceChangePerYear, month);
}

const trendNote = (sh: EngineSelfHosted, month: number): string => {
  const r = sh.gpuPriceChangePerYear;
  // A label: its sign is read as a fact, so a tape is not tied to the side of zero the rate falls on.
  return !r || r.isZero() || month <= 1 ? '' : ` *(1${factNumber(r) < 0 ? '' : '+'}${r.toFixed()})^(${month - 1}/12)`;
};

/**
 * Replica-seconds one call occupies: input ÷ prefill tok/s + (output + reasoning) ÷ decode tok/s (per
 * replica). Workload tokens are API tokens; throughput profiles count the model's own tokens, so both
 * are first converted with the model's tokens_per_api_token (its tokenizer makes more or fewer tokens
 * of the same text).
 */
export const replicaSecondsPerCall: (sh: EngineSelfHosted, input: EngineInput) => Decimal = memoOn2((sh, input) => {
  const w = input.workload;
  const r = sh.tokensPerApiToken ?? ONE;
  return w.inputTokens
    .times(r)
    .div(sh.profile.prefill_tokens_per_s)
    .plus(w.outputTokens.plus(w.reasoningTokens).times(r).div(sh.profile.decode_tokens_per_s));
});

/**
 * Calls one replica serves in a month at peak without exceeding the target utilisation. Replicas
 * needed = calls ÷ this, rounded up: the step of the self-hosted cost curve.
 */
export function callsPerReplicaMonth(sh: EngineSelfHosted, input: EngineInput): Decimal {
  const perCall = replicaSecondsPerCall(sh, input);
  if (perCall.isZero()) return new Decimal(Infinity);
  return poweredSeconds(sh, input).times(sh.targetUtilization).div(input.workload.peakToAverage.times(perCall));
}

/**
 * Share of the day an owned fleet is powered (ownership.hours_per_day ÷ 24); 1 for every other fleet.
 * The day's traffic is served in those hours, so capacity is sized on them.
 */
export function poweredShare(sh: EngineSelfHosted): Decimal {
  return sh.owned?.all && !sh.owned.hoursPerDay.eq(HOURS_PER_DAY) ? sh.owned.hoursPerDay.div(HOURS_PER_DAY) : ONE;
}

/** Seconds a month the fleet is powered: all of them, or hours_per_day's share for an owned fleet. */
function poweredSeconds(sh: EngineSelfHosted, input: EngineInput): Decimal {
  const s = poweredShare(sh);
  return s === ONE ? secondsInMonth(input) : secondsInMonth(input).times(s);
}

export function capacityFor(sh: EngineSelfHosted, input: EngineInput, calls: Decimal): CapacityFacts {
  const perCall = replicaSecondsPerCall(sh, input);
  const perSecond = calls.div(poweredSeconds(sh, input));
  const peak = perSecond.times(input.workload.peakToAverage);
  const needed = peak.times(perCall).div(sh.targetUtilization);
  const terms = replicaTermsFor(sh, input);
  const plan = billingPlan(terms);
  // While the analyses record a tape, replica counts stay Decimals (see recordedCounts).
  if (isRecording()) return recordedCapacity(sh, input, calls, { perCall, perSecond, peak, needed, terms, plan });
  // A binary estimate of calls ÷ width settles most ceilings without dividing (traffic.ts ceilQuotient).
  const approxCalls = hintNumber(calls);
  const counts = terms.map((t, i) => {
    const width = plan.approxWidths[i];
    return replicasFor(
      t,
      calls,
      approxCalls !== undefined && width !== undefined ? { calls: approxCalls, callsPerStep: width } : undefined,
    );
  });
  const replicas = Math.max(0, ...counts);
  // Σ hours × replicas, with the terms that bill the same hours summed as whole numbers first (an
  // autoscaled day has two lengths of term, the hour before a scale-up and the rest): exact either way.
  const replicasPerHours = plan.hours.map(() => 0);
  counts.forEach((n, i) => (replicasPerHours[plan.hoursIndex[i]!]! += n));
  const replicaHours = sum(plan.hours.map((h, j) => h.times(replicasPerHours[j]!)));
  // Always-on: hours × n ÷ hours is n exactly; skip the division.
  const averageReplicas =
    terms.length === 1 && terms[0]!.replicaHours === hoursInMonth(input)
      ? new Decimal(counts[0]!)
      : replicaHours.div(hoursInMonth(input));
  const utilization = averageReplicas.isZero() ? ZERO : perSecond.times(perCall).div(averageReplicas);
  return capacityFacts(sh, calls, { peak, perCall, needed }, replicas, utilization, replicaHours);
}

/** A month's capacity facts, as capacityFor and recordedCapacity report them. */
function capacityFacts(
  sh: EngineSelfHosted,
  calls: Decimal,
  f: { peak: Decimal; perCall: Decimal; needed: Decimal },
  replicas: number,
  utilization: Decimal,
  replicaHours: Decimal,
): CapacityFacts {
  return {
    calls,
    peak_calls_per_s: f.peak,
    replica_seconds_per_call: f.perCall,
    replicas_needed: f.needed,
    replicas,
    gpus_per_replica: sh.gpusPerReplica,
    gpus: replicas * sh.gpusPerReplica,
    gpu: sh.gpu.id,
    utilization,
    replica_hours: replicaHours,
    reserved_replicas: sh.reserved?.replicas ?? 0,
    autoscaled: Boolean(sh.autoscaling),
    serving: servingFacts(sh),
    ...(sh.tokensPerApiToken ? { tokens_per_api_token: sh.tokensPerApiToken } : {}),
  };
}

/**
 * capacityFor while the analyses record a tape (uncertainty/tape.ts): the same figures, with each
 * term's replica count a Decimal ⌈calls ÷ width⌉, so the tape records the ceiling and holds across
 * sampled volumes. The counts as plain numbers (`replicas`, `gpus`) are read through getters that
 * record a guard: code that decides on them (commitments, owned fleets, gpu: auto) still ties the
 * tape to their value; the always-on and autoscaled GPU items read the Decimals instead.
 */
function recordedCapacity(
  sh: EngineSelfHosted,
  input: EngineInput,
  calls: Decimal,
  f: {
    perCall: Decimal;
    perSecond: Decimal;
    peak: Decimal;
    needed: Decimal;
    terms: ReplicaTerm[];
    plan: ReturnType<typeof billingPlan>;
  },
): CapacityFacts {
  const counts = f.terms.map((t) => replicaCount(t, calls));
  const most = Decimal.max(0, ...counts);
  const perHours = f.plan.hours.map(() => ZERO);
  counts.forEach((n, i) => {
    const j = f.plan.hoursIndex[i]!;
    perHours[j] = perHours[j]!.plus(n);
  });
  const replicaHours = sum(f.plan.hours.map((h, j) => h.times(perHours[j]!)));
  const averageReplicas =
    f.terms.length === 1 && f.terms[0]!.replicaHours === hoursInMonth(input)
      ? counts[0]!
      : replicaHours.div(hoursInMonth(input));
  const utilization = averageReplicas.isZero() ? ZERO : f.perSecond.times(f.perCall).div(averageReplicas);
  // The counts as plain numbers are getters (below): the literal's 0 is never read.
  const facts = capacityFacts(sh, calls, f, 0, utilization, replicaHours);
  Object.defineProperty(facts, 'replicas', { get: () => most.toNumber(), enumerable: true });
  Object.defineProperty(facts, 'gpus', { get: () => most.toNumber() * sh.gpusPerReplica, enumerable: true });
  recordedPeaks.set(facts, most);
  return facts;
}

/** The busiest term's replicas of a recorded month, for labels (read without a guard). */
const recordedPeaks = new WeakMap<CapacityFacts, Decimal>();
const peakForLabel = (cap: CapacityFacts): number => {
  const d = recordedPeaks.get(cap);
  return d ? factNumber(d) : cap.replicas;
};

/** What capacityFor needs of a month's billing terms beyond the terms themselves, worked out once. */
const billingPlan = memoOn((terms: readonly ReplicaTerm[]) => {
  const hours: Decimal[] = [];
  const hoursIndex = terms.map((t) => {
    const j = hours.findIndex((h) => h.eq(t.replicaHours));
    return j >= 0 ? j : hours.push(t.replicaHours) - 1;
  });
  return { approxWidths: terms.map((t) => hintNumber(t.callsPerStep)), hours, hoursIndex };
});

/** The same for every month: one shared (read-only) object per self-hosted option. */
const servingFacts: (sh: EngineSelfHosted) => ServingFacts | undefined = memoOn(servingFactsOf);

function servingFactsOf(sh: EngineSelfHosted): ServingFacts | undefined {
  const p = sh.plan;
  if (!p) return undefined;
  return {
    precision: p.precision,
    provider: sh.price.provider,
    concurrency: p.concurrency,
    concurrency_limit: p.concurrencyLimit,
    context_tokens: p.contextTokens,
    memory_used_gb: p.memory.total.div(GB),
    memory_available_gb: p.memory.available.div(GB),
    ttft_ms: p.latency.ttftMs,
    ttft_p95_ms: p.latency.ttftP95Ms,
    tpot_ms: p.latency.tpotMs,
    profile_kind: p.profile.kind,
    profile_source: p.tableProfile
      ? `${p.tableProfile.origin.file}#${p.profile.model}@${p.profile.gpu}/${p.profile.precision}/tp${p.profile.gpus_per_replica}@${p.profile.as_of}`
      : p.profile.source,
    profile_adjustment: p.adjustment,
    prefill_tokens_per_s: new Decimal(p.profile.prefill_tokens_per_s),
    decode_tokens_per_s: new Decimal(p.profile.decode_tokens_per_s),
    roofline_prefill_tokens_per_s: p.bound.prefill,
    roofline_decode_tokens_per_s: p.bound.decode,
    kv_bytes_per_token: p.kvBytesPerToken,
    weight_bytes_read_per_step: p.weightBytesReadPerStep,
  };
}

/**
 * The month's replica billing as terms of the shape replica-hours × max(floor, ⌈calls ÷ width⌉)
 * (capacity/traffic.ts). The floor is the minimum replica count and the reserved replicas, which are
 * paid for whether busy or not. `share` scales widths for a hybrid's self-hosted share of calls.
 */
export function replicaTermsFor(sh: EngineSelfHosted, input: EngineInput, share: Decimal = ONE): ReplicaTerm[] {
  // Pure in (sh, input, share) and asked for every month of every option: computed once each. The
  // share is one Decimal object per strategy, so its identity is the key (equal shares held in two
  // objects are merely computed twice).
  const byShare = termsCache(sh, input);
  let terms = byShare.get(share);
  if (!terms) byShare.set(share, (terms = computeReplicaTerms(sh, input, share)));
  return terms;
}

const termsCache = memoOn2((_sh: EngineSelfHosted, _input: EngineInput) => new Map<Decimal, ReplicaTerm[]>());

function computeReplicaTerms(sh: EngineSelfHosted, input: EngineInput, share: Decimal): ReplicaTerm[] {
  const perCall = replicaSecondsPerCall(sh, input);
  const capacityAtAverage = perCall.isZero()
    ? new Decimal(Infinity)
    : poweredSeconds(sh, input).times(sh.targetUtilization).div(perCall);
  const minReplicas = sh.autoscaling ? sh.autoscaling.minReplicas : sh.minReplicas;
  const terms = replicaTerms({
    hoursInMonth: hoursInMonth(input),
    days: input.daysPerMonth,
    capacityAtAverage: capacityAtAverage.div(share),
    capacityAtPeak: callsPerReplicaMonth(sh, input).div(share),
    peakToAverage: input.workload.peakToAverage,
    hourly: sh.hourly,
    autoscaling: sh.autoscaling,
    floor: Math.max(minReplicas, sh.reserved?.replicas ?? 0, sh.owned?.baseReplicas ?? 0),
  });
  return terms;
}

/**
 * The self-hosted GPU bill as a cost curve part: fixed = reserved replicas × (reserved − other rate)
 * per month, plus one step per billing term at the other rate. Equal, call for call, to gpuItems.
 */
export interface GpuCurve {
  fixed: Decimal;
  steps: CostStep[];
}

/** The same in every month without a GPU price trend: one object per (option, scenario, share). */
export function gpuCurve(sh: EngineSelfHosted, input: EngineInput, share: Decimal, month = 1): GpuCurve {
  const byShare = gpuCurveCache(sh, input);
  let byMonth = byShare.get(share);
  if (!byMonth) byShare.set(share, (byMonth = new Map()));
  const key = hasGpuTrend(sh) ? month : 0;
  let curve = byMonth.get(key);
  if (!curve) byMonth.set(key, (curve = buildGpuCurve(sh, input, share, month)));
  return curve;
}

const gpuCurveCache = memoOn2(
  (_sh: EngineSelfHosted, _input: EngineInput) => new Map<Decimal, Map<number, GpuCurve>>(),
);

function buildGpuCurve(sh: EngineSelfHosted, input: EngineInput, share: Decimal, month: number): GpuCurve {
  // Spot: each spot replica-hour also pays for its share of the hours lost to interruptions.
  const rate = hourlyRateAt(sh, month).plus(spotLossPerHour(sh, input, month));
  const perHour = rate.times(sh.gpusPerReplica);
  const terms = replicaTermsFor(sh, input, share);
  // Reserved for a term: the busiest hour's replicas, in whole tranches, billed every hour.
  const steps =
    servingTerm(sh) !== null
      ? [committedStep(terms, servingUnit(sh), hoursInMonth(input).times(perHour))]
      : terms.map((t) => ({ cost: t.replicaHours.times(perHour), callsPerStep: t.callsPerStep, minSteps: t.minSteps }));
  const r = sh.reserved;
  let fixed = r
    ? hoursInMonth(input)
        .times(r.replicas)
        .times(sh.gpusPerReplica)
        .times(trendedRate(r.hourlyRate, sh.gpuPriceChangePerYear, month).minus(rate))
    : ZERO;
  // Owned base replicas pay no rent (their costs are engine/owned.ts's): a reserved floor at rate 0.
  const owned = sh.owned && !sh.owned.all ? sh.owned.baseReplicas : 0;
  if (owned) fixed = fixed.minus(hoursInMonth(input).times(owned).times(sh.gpusPerReplica).times(rate));
  return { fixed, steps };
}

/**
 * The replica step of capacity bought for a term at a steady volume: replicas = the busiest hour's
 * (the narrowest term), rounded up to whole tranches of `unit` replicas, each billed `perReplicaMonth`.
 * With the floor a whole number of tranches, floor + ⌈(replicas − floor) ÷ unit⌉ × unit =
 * unit × max(⌈min ÷ unit⌉, ⌈calls ÷ (unit × width)⌉): one step of unit × width.
 */
function committedStep(terms: readonly ReplicaTerm[], unit: number, perReplicaMonth: Decimal): CostStep {
  const peak = terms.reduce((a, t) => (t.callsPerStep.lt(a.callsPerStep) ? t : a), terms[0]!);
  const minSteps = Math.max(...terms.map((t) => t.minSteps));
  return {
    cost: perReplicaMonth.times(unit),
    callsPerStep: unit === 1 ? peak.callsPerStep : widthOf(peak)(unit),
    minSteps: Math.ceil(minSteps / unit),
  };
}

/** A tranche's width in calls: one object per (term, unit), so horizon sums merge the months' steps. */
const widthOf = memoOn((t: ReplicaTerm) => {
  const byUnit = new Map<number, Decimal>();
  return (unit: number): Decimal => {
    let w = byUnit.get(unit);
    if (!w) byUnit.set(unit, (w = t.callsPerStep.times(unit)));
    return w;
  };
});

/**
 * A steady volume's commitments after the horizon as a cost curve (zero per call): the floor's
 * tranche, and each serving tranche, renewed term after term from month 1, owe the months of their
 * last term past the horizon. Null when nothing is committed past it.
 */
export function afterHorizonCurve(sh: EngineSelfHosted, input: EngineInput, share: Decimal): GpuCurve | null {
  const after = steadyAfterHorizon(sh, input);
  if (after.perServingReplica.isZero() && after.floor.isZero()) return null;
  const f = floorReplicas(sh);
  if (servingTerm(sh) === null || after.perServingReplica.isZero()) return { fixed: after.floor, steps: [] };
  const unit = servingUnit(sh);
  const step = committedStep(replicaTermsFor(sh, input, share), unit, after.perServingReplica);
  return { fixed: after.floor.minus(after.perServingReplica.times(f)), steps: [step] };
}

/** Serving replicas held in tranches at a steady volume: those above the floor, in whole tranches. */
export function steadyHeld(sh: EngineSelfHosted, replicas: number): number {
  return roundToTranche(Math.max(0, replicas - floorReplicas(sh)), servingUnit(sh));
}

/**
 * Spot: the on-demand cost, per spot replica-hour, of re-buying the GPU-hours interruptions lose:
 * on-demand rate × interruptions a month × restart hours ÷ hours in the month. Zero without spot.
 */
export function spotLossPerHour(sh: EngineSelfHosted, input: EngineInput, month: number): Decimal {
  return sh.spot ? onDemandRateAt(sh, month).times(spotLostShare(sh, input)) : ZERO;
}

/** GPU-hours lost per spot GPU-hour: interruptions a month × restart hours ÷ hours in the month. */
function spotLostShare(sh: EngineSelfHosted, input: EngineInput): Decimal {
  return sh.spot ? sh.spot.interruptionsPerMonth.times(sh.spot.restartHours).div(hoursInMonth(input)) : ZERO;
}

/**
 * The month's GPU items. Always-on replicas bill hours × replicas, so months with the same replica
 * count (and, under a GPU price trend, the same month) have the same items: built once each.
 */
export function gpuItems(
  sh: EngineSelfHosted,
  input: EngineInput,
  cap: CapacityFacts,
  month = 1,
  committed?: Committed,
): LineItem[] {
  if (sh.owned?.all) return [];
  const bound = servingTerm(sh) !== null;
  // Capacity bought for a term: the replicas held in tranches (the path's, or a steady volume's).
  const held = bound ? (committed?.held ?? steadyHeld(sh, cap.replicas)) : 0;
  // No replica-hours is no GPUs (read from the Decimal, which a recording tape keeps as an operation).
  const idle = cap.replica_hours ? cap.replica_hours.isZero() : cap.gpus === 0;
  if (idle && held === 0) return [];
  // Autoscaled months differ hour by hour; a recording tape must see every month's own items.
  if ((sh.autoscaling && !bound) || isRecording()) return buildGpuItems(sh, input, cap, month, held, committed);
  const byCount = gpuItemsCache(sh, input);
  const key = `${cap.replicas}|${held}|${committed?.note ?? ''}|${hasGpuTrend(sh) ? month : 0}`;
  let items = byCount.get(key);
  if (!items) byCount.set(key, (items = buildGpuItems(sh, input, cap, month, held, committed)));
  return items;
}

/** A month's capacity bought for a term, from the reservation plan: replicas held and how they were bought. */
export interface Committed {
  held: number;
  /** The tranches live this month, in words for the item's name (e.g. "4 from month 1, 2 from month 7"). */
  note?: string | undefined;
}

const gpuItemsCache = memoOn2((_sh: EngineSelfHosted, _input: EngineInput) => new Map<string, LineItem[]>());

const hasGpuTrend: (sh: EngineSelfHosted) => boolean = memoOn((sh) =>
  Boolean(sh.gpuPriceChangePerYear && !sh.gpuPriceChangePerYear.isZero()),
);

function buildGpuItems(
  sh: EngineSelfHosted,
  input: EngineInput,
  cap: CapacityFacts,
  month: number,
  held: number,
  committed: Committed | undefined,
): LineItem[] {
  const p = sh.price;
  const g = sh.gpusPerReplica;
  const hours = hoursInMonth(input);
  const items: LineItem[] = [];
  const reserved = sh.reserved?.replicas ?? 0;
  // Under spot the floor is on demand; otherwise it is reserved.
  const floorWord = sh.reserved?.commitment === 'on_demand' ? 'on-demand floor' : 'reserved';
  const owned = sh.owned?.baseReplicas ?? 0;
  if (sh.reserved && reserved > 0) {
    items.push(
      lineItem({
        category: 'gpu',
        name: `${sh.gpu.id} GPU-hours (${reserved} ${floorWord} replica${reserved === 1 ? '' : 's'}${rounded(sh)} x ${g} GPU, ${p.provider} ${sh.reserved.commitment})`,
        quantity: hours.times(reserved * g),
        unit: 'GPU-hour',
        unit_price: trendedRate(sh.reserved.hourlyRate, sh.gpuPriceChangePerYear, month),
        source:
          pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, sh.reserved.commitment) +
          trendNote(sh, month),
      }),
    );
    items[items.length - 1]!.pricing = {
      commitment: sh.reserved.commitment,
      list_unit_price: onDemandRateAt(sh, month),
    };
  }
  if (servingTerm(sh) !== null) {
    if (held > 0) items.push(committedItem(sh, hours, held, reserved, owned, floorWord, month, committed));
    return withMissing(sh, items);
  }
  const replicaHours = (cap.replica_hours ?? hours.times(cap.replicas)).minus(hours.times(reserved + owned));
  if (replicaHours.gt(0)) {
    const above = peakForLabel(cap) - reserved - owned;
    const base = reserved ? ` above ${reserved} ${floorWord}` : owned ? ` above ${owned} owned` : '';
    const what = sh.autoscaling
      ? `autoscaled, peak ${above}, average ${replicaHours.div(hours).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()} replicas${base}`
      : `${above} replica${above === 1 ? '' : 's'}${base}`;
    items.push(
      lineItem({
        category: 'gpu',
        name: `${sh.gpu.id} GPU-hours (${what} x ${g} GPU, ${p.provider} ${sh.commitment})`,
        quantity: replicaHours.times(g),
        unit: 'GPU-hour',
        unit_price: hourlyRateAt(sh, month),
        source:
          pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, sh.commitment) +
          trendNote(sh, month),
      }),
    );
    items[items.length - 1]!.pricing = { commitment: sh.commitment, list_unit_price: onDemandRateAt(sh, month) };
    if (sh.spot && !sh.spot.interruptionsPerMonth.isZero() && !sh.spot.restartHours.isZero()) {
      const i = sh.spot.interruptionsPerMonth.toFixed();
      const minutes = sh.spot.restartHours.times(60).toDecimalPlaces(4).toFixed();
      items.push(
        lineItem({
          category: 'gpu',
          name: `${sh.gpu.id} GPU-hours re-bought on demand after spot interruptions (${i} a replica-month x ${minutes} min restart, ${p.provider} on_demand)`,
          quantity: replicaHours.times(g).times(spotLostShare(sh, input)),
          unit: 'GPU-hour',
          unit_price: onDemandRateAt(sh, month),
          source: `${pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, 'on_demand')}${trendNote(sh, month)}; interruptions: scenario self_hosted.spot`,
        }),
      );
    }
  }
  return withMissing(sh, items);
}

/** The floor's note when whole instances made it larger than reserved_replicas. */
const rounded = (sh: EngineSelfHosted): string => {
  const r = sh.reserved;
  return r?.requested !== undefined && r.requested !== r.replicas
    ? `: reserved_replicas ${r.requested} in whole ${sh.price.gpus_per_instance}-GPU instances`
    : '';
};

/** Replicas held in term tranches, billed every hour of the month whether busy or not. */
function committedItem(
  sh: EngineSelfHosted,
  hours: Decimal,
  held: number,
  reserved: number,
  owned: number,
  floorWord: string,
  month: number,
  committed: Committed | undefined,
): LineItem {
  const p = sh.price;
  const g = sh.gpusPerReplica;
  const base = reserved ? ` above ${reserved} ${floorWord}` : owned ? ` above ${owned} owned` : '';
  const how = committed?.note ? `; tranches: ${committed.note}` : '';
  const item = lineItem({
    category: 'gpu',
    name: `${sh.gpu.id} GPU-hours (${held} replica${held === 1 ? '' : 's'}${base} held for the term${how} x ${g} GPU, ${p.provider} ${sh.commitment})`,
    quantity: hours.times(held * g),
    unit: 'GPU-hour',
    unit_price: hourlyRateAt(sh, month),
    source:
      pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, sh.commitment) + trendNote(sh, month),
  });
  item.pricing = { commitment: sh.commitment, list_unit_price: onDemandRateAt(sh, month) };
  return item;
}

/** --allow-missing-prices: the GPU-hours are known, their price is not; never a silent $0. */
function withMissing(sh: EngineSelfHosted, items: LineItem[]): LineItem[] {
  const p = sh.price;
  const missing = sh.missingPrice?.hourly;
  return missing
    ? items.map((it) => ({
        ...it,
        source: `not in the pricing tables: ${sh.gpu.id}/${p.provider} ${sh.commitment}`,
        missing_price: missing,
      }))
    : items;
}

/**
 * Costs that do not depend on volume: staff every month, fine-tuning in its months. Without a GPU
 * price trend they are the same in every month with (or every month without) a fine-tuning run:
 * built once each, for every strategy that has them.
 */
export function selfHostedFixedItems(sh: EngineSelfHosted, month: number): LineItem[] {
  const byMonth = fixedItemsCache(sh);
  const key = hasGpuTrend(sh) ? month : isFineTuningMonth(sh.fineTuning?.everyMonths, month) ? 'run' : 'none';
  let items = byMonth.get(key);
  if (!items) byMonth.set(key, (items = buildFixedItems(sh, month)));
  return items;
}

const fixedItemsCache = memoOn((_sh: EngineSelfHosted) => new Map<string | number, LineItem[]>());

function buildFixedItems(sh: EngineSelfHosted, month: number): LineItem[] {
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
  const ft = sh.fineTuning;
  if (ft && isFineTuningMonth(ft.everyMonths, month) && !ft.gpuHours.isZero()) {
    const gpu = ft.gpu ?? sh.gpu;
    const price = ft.price ?? sh.price;
    const p = ft.plan;
    const what = p
      ? `${p.method}, ${p.tokens.toFixed()} tokens x ${p.epochs.toFixed()} epoch${p.epochs.eq(1) ? '' : 's'} on ${p.gpus} x `
      : '';
    // A row without an on-demand price (capacity blocks only) runs the job at the serving commitment.
    const rate = price.on_demand !== undefined || ft.price ? 'on_demand' : sh.commitment;
    const item = lineItem({
      category: 'fine_tuning',
      name: `fine-tuning run (${what}${gpu.id}, ${price.provider} ${rate})`,
      quantity: ft.gpuHours,
      unit: 'GPU-hour',
      unit_price: trendedRate(fineTuningRate(sh), sh.gpuPriceChangePerYear, month),
      source: pricingSource(gpu.origin.file, `${gpu.id}/${price.provider}`, price.as_of, rate) + trendNote(sh, month),
    });
    const missing = sh.missingPrice?.onDemand;
    const unpriced = `not in the pricing tables: ${gpu.id}/${price.provider} ${rate}`;
    items.push(missing ? { ...item, source: unpriced, missing_price: missing } : item);
  }
  return items;
}

/** Month 1, then every `every` months; once (month 1) when no period is given. */
export function isFineTuningMonth(every: number | undefined, month: number): boolean {
  return every === undefined ? month === 1 : (month - 1) % every === 0;
}

/** Fine-tuning spread over the months it recurs in: its share of a steady month's run rate (today's rate). */
export function fineTuningRunRate(sh: EngineSelfHosted): Decimal {
  if (!sh.fineTuning || sh.fineTuning.everyMonths === undefined) return ZERO;
  return sh.fineTuning.gpuHours.times(fineTuningRate(sh)).div(sh.fineTuning.everyMonths);
}

/** Fine-tuning runs at on-demand rates: of its own GPU row under gpu: auto, else of the serving GPU. */
export function fineTuningRate(sh: EngineSelfHosted): Decimal {
  const own = sh.fineTuning?.price?.on_demand;
  return own !== undefined ? new Decimal(own) : sh.onDemandRate;
}
