// The fast path: the engine's cost formulas compiled into a binary-float evaluator, for the tens of
// thousands of evaluations that `simulate`, `sensitivity` and `sweep` need. Exact decimals cost
// ≈ 5 ms a scenario (a 10,000-trial run would take ≈ 10 s); this evaluator takes microseconds.
//
// It mirrors src/engine/{volume,api,selfHosted,overheads,strategies}.ts formula by formula and month
// by month. It differs from the exact engine in two conscious ways: it does not quantise line items to
// $0.000001 (each item differs by at most half a micro-dollar), and binary rounding of the inputs and
// of each operation leaves a relative error near 1e-15. test/unit/floatModel.test.ts holds it to the
// exact engine within 1e-9 relative on every shipped scenario and on random ones.
import { termMonths } from '../engine/commitments.js';
import type { EngineInput } from '../engine/input.js';
import { rateFor, type TokenKind } from '../engine/rates.js';
import type { Scenario } from '../scenario/schema.js';
import { HOURS_PER_DAY, TOKENS_PER_MILLION, type StrategyId } from '../vocabulary.js';

/** What the pricing tables contribute; fixed for the whole run (ids and strings cannot be uncertain). */
export interface FloatPrices {
  /** Calendar months (a start month without stated days_per_month): each month's days, from the resolved input. */
  calendarDays?: number[];
  /** Rates per 1M tokens: [standard, batch] for each kind, read through the engine's own rate rules. */
  api?: {
    input: [number, number];
    cached: [number, number] | undefined;
    output: [number, number];
    batchPriced: boolean;
  };
  selfHosted?: {
    hourlyRate: number;
    onDemandRate: number;
    prefill: number;
    decode: number;
    gpusPerReplica: number;
    tokensRatio: number;
    owned?: FloatOwned;
  };
}

/** An owned fleet's figures from the pricing tables (the scenario's ownership block is read per evaluation). */
interface FloatOwned {
  all: boolean;
  pricePerGpu: number;
  maxWatts: number;
  idleWatts: number;
  hostWatts: number;
}

export function floatPrices(input: EngineInput): FloatPrices {
  const out: FloatPrices = {};
  if (input.calendarDays) out.calendarDays = input.calendarDays.map((d) => d.toNumber());
  if (input.api?.model) {
    const m = input.api.model;
    // Published batch rates where the row has them, else the batch discount (engine/rates.ts); a rate
    // the engine cannot find is never used here, since resolving the scenario already refused it.
    const pair = (kind: TokenKind): [number, number] => [
      rateFor(m, undefined, 'standard', kind).rate?.toNumber() ?? 0,
      rateFor(m, undefined, 'batch', kind).rate?.toNumber() ?? 0,
    ];
    out.api = {
      input: pair('input'),
      cached: m.cached_input_per_1m !== undefined ? pair('cached_input') : undefined,
      output: pair('output'),
      batchPriced:
        rateFor(m, undefined, 'batch', 'input').rate !== null && rateFor(m, undefined, 'batch', 'output').rate !== null,
    };
  }
  if (input.selfHosted) {
    const sh = input.selfHosted;
    out.selfHosted = {
      hourlyRate: sh.hourlyRate.toNumber(),
      onDemandRate: sh.onDemandRate.toNumber(),
      prefill: sh.profile.prefill_tokens_per_s,
      decode: sh.profile.decode_tokens_per_s,
      gpusPerReplica: sh.gpusPerReplica,
      tokensRatio: sh.tokensPerApiToken?.toNumber() ?? 1,
      ...(sh.owned
        ? {
            owned: {
              all: sh.owned.all,
              pricePerGpu: sh.owned.pricePerGpu.toNumber(),
              maxWatts: sh.owned.power.max_watts,
              idleWatts: sh.owned.power.idle_watts ?? sh.owned.power.max_watts,
              hostWatts: sh.owned.power.host_watts_per_gpu ?? 0,
            },
          }
        : {}),
    };
  }
  return out;
}

/**
 * Capacity features (docs/capacity.md) this evaluator does not mirror yet: hour-by-hour autoscaling,
 * reserved replicas, gpu: auto and first-principles fine-tuning. The analyses refuse them rather than
 * give numbers that differ from `compare`. (Memory- or latency-capped profiles are mirrored at the
 * scenario's point values: the serving rates are resolved once.)
 */
export function floatUnsupported(s: Scenario, input?: EngineInput): string | null {
  // Billing rules (docs/pricing.md) the evaluator does not mirror: it prices fresh and cached input,
  // output, and batch at the row's batch_discount, and nothing else.
  const m = input?.api ? input.api.model : undefined;
  if (input?.api && !m) return 'api.model: a model without a price';
  // Portfolios (issue 17) come to the analyses through the traced engine, not this mirror.
  if (!s.workload) return 'workloads';
  if (s.strategies) return 'strategies';
  if (s.per_call_costs) return 'per_call_costs';
  if (s.workload.reasoning_tokens) return 'workload.reasoning_tokens';
  if (s.workload.cache_write_share) return 'workload.cache_write_share';
  if (s.api?.flex_share) return 'api.flex_share';
  if (s.api?.priority_share) return 'api.priority_share';
  if (s.discounts?.length) return 'discounts';
  // Long-context tiers are priced at base rates here: refused when the prompt crosses a threshold at
  // its point value (a 200k-token threshold is far from any sampled range in practice).
  const firstTier = m?.tiers?.[0];
  if (firstTier && input!.workload.inputTokens.gt(firstTier.above_input_tokens))
    return 'api.model: a long-context tier';
  const sh = s.self_hosted;
  if (!sh) return null;
  if (sh.autoscaling?.enabled) return 'self_hosted.autoscaling';
  if (sh.reserved_replicas) return 'self_hosted.reserved_replicas';
  // Reserved for a term: bought in tranches and held (docs/commitments.md), which this mirror does not do.
  if (sh.commitment === 'reserved_1y' || sh.commitment === 'reserved_3y')
    return `self_hosted.commitment: ${sh.commitment}`;
  if (sh.spot) return 'self_hosted.spot';
  // A commitment with a term buys tranches that never shrink and may run past the horizon (engine/commitments.ts).
  if (sh.commitment !== 'owned' && termMonths(sh.commitment) !== null) return 'self_hosted.commitment';
  if (sh.gpu === 'auto') return 'self_hosted.gpu: auto';
  if (sh.fine_tuning?.method) return 'self_hosted.fine_tuning.method';
  // Owned GPUs (commitment: owned, owned_replicas) are mirrored: see ownedMonth in evaluateFloat.
  return null;
}

/** The strategies a scenario computes, in report order (the same rule as engine/strategies.ts). */
export function floatStrategies(s: Scenario): StrategyId[] {
  const ids: StrategyId[] = [];
  if (s.api) ids.push('api');
  if (s.self_hosted) ids.push('self_hosted');
  if (s.hybrid && s.api && s.self_hosted) ids.push('hybrid');
  return ids;
}

const MILLION = TOKENS_PER_MILLION;
const SECONDS_PER_DAY = 86_400;

/** A trended price rounded to $0.000001 as engine/trends.ts does (half-even ties are measure-zero here). */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * ⌈x⌉ that forgives binary noise: a value within 1e-9 (relative) of a whole number ≥ 1 counts as
 * that number, as the exact engine would compute it (exact 2 can arrive here as 2.0000000000000004).
 * Near 0 no snapping is needed: a volume that is exactly 0 stays exactly 0 in binary too.
 */
export function ceilSnapped(x: number): number {
  const r = Math.round(x);
  return r >= 1 && Math.abs(x - r) <= 1e-9 * x ? r : Math.ceil(x);
}

/** Per-month scratch arrays, reused across evaluations so a trial allocates nothing. */
export interface FloatScratch {
  growth: Float64Array;
  apiPerCall: Float64Array;
  gpuRate: Float64Array;
  onDemandRate: Float64Array;
}

export function floatScratch(months: number): FloatScratch {
  return {
    growth: new Float64Array(months),
    apiPerCall: new Float64Array(months),
    gpuRate: new Float64Array(months),
    onDemandRate: new Float64Array(months),
  };
}

/**
 * Evaluate every month of every strategy of `s` (point values already substituted) into `out`:
 * out[k × H + (m − 1)] is strategy k's cost in month m, strategies in `floatStrategies(s)` order.
 */
export function evaluateFloat(
  s: Scenario,
  p: FloatPrices,
  out: Float64Array,
  scratch: FloatScratch = floatScratch(s.horizon_months),
): void {
  const { growth, apiPerCall, gpuRate, onDemandRate } = scratch;
  const w = s.workload!; // floatUnsupported refuses a scenario without one
  const H = s.horizon_months;
  // volume.ts: users × requests × days × agent steps × (1 + retries) × growth; with calendar months
  // each month has its own days (engine/calendar.ts), else every month has days_per_month.
  const days = s.days_per_month;
  const daysOf = (i: number): number => p.calendarDays?.[i] ?? days;
  const rpd =
    w.requests_per_day !== undefined ? w.requests_per_day : w.daily_active_users! * w.requests_per_user_per_day!;
  const perDay = rpd * w.llm_calls_per_request * (1 + w.retry_rate);
  const g = w.growth;
  if ('curve' in g) for (let i = 0; i < H; i++) growth[i] = g.curve[i]!;
  else {
    const f = 1 + g.monthly_rate;
    let x = 1;
    for (let i = 0; i < H; i++) {
      growth[i] = x;
      x *= f;
    }
  }
  const inTok = measuredTokens(w.input_tokens) + measuredTokens(w.rag_context_tokens);
  const outTok = measuredTokens(w.output_tokens);
  const cachedTok = inTok * w.cached_input_share;
  const freshTok = inTok - cachedTok;

  // api.ts: each component's tokens per call × its (trended) rate per 1M tokens, summed per month
  const api = s.api;
  const ap = p.api;
  if (api && ap) {
    const r = api.price_change_per_year;
    const b = api.batch_share;
    // (1 + r)^(i/12) by repeated multiplication: one power a trial instead of one a month (the
    // accumulated error, ~H ulps, is far below the 1e-9 the evaluator is held to)
    const step = r === 0 ? 1 : (1 + r) ** (1 / 12);
    let growthOfPrice = 1;
    for (let i = 0; i < H; i++, growthOfPrice *= step) {
      const f = i === 0 ? 1 : growthOfPrice;
      let perCall = 0;
      for (let mode = 0; mode < 2; mode++) {
        const share = mode === 0 ? 1 - b : b;
        if (share === 0) continue;
        const inRate = ap.input[mode]!;
        const outRate = ap.output[mode]!;
        if (freshTok !== 0) perCall += ((freshTok * share) / MILLION) * (f === 1 ? inRate : round6(inRate * f));
        if (cachedTok !== 0 && ap.cached !== undefined)
          perCall += ((cachedTok * share) / MILLION) * (f === 1 ? ap.cached[mode]! : round6(ap.cached[mode]! * f));
        if (outTok !== 0) perCall += ((outTok * share) / MILLION) * (f === 1 ? outRate : round6(outRate * f));
      }
      apiPerCall[i] = perCall;
    }
  }

  // selfHosted.ts: replicas for the peak, GPU-hours at the (trended) rate, staff, fine-tuning
  const sh = s.self_hosted;
  const sp = p.selfHosted;
  let secondsPerCall = 0;
  let staff = 0;
  if (sh && sp) {
    secondsPerCall = (inTok * sp.tokensRatio) / sp.prefill + (outTok * sp.tokensRatio) / sp.decode;
    if (sh.staff && sh.staff.fte !== 0 && sh.staff.annual_cost_per_fte !== 0)
      staff = (sh.staff.fte * sh.staff.annual_cost_per_fte) / 12;
    const r = sh.gpu_price_change_per_year;
    const step = r === 0 ? 1 : (1 + r) ** (1 / 12);
    let growthOfPrice = 1;
    for (let i = 0; i < H; i++, growthOfPrice *= step) {
      const f = i === 0 ? 1 : growthOfPrice;
      gpuRate[i] = f === 1 ? sp.hourlyRate : round6(sp.hourlyRate * f);
      onDemandRate[i] = f === 1 ? sp.onDemandRate : round6(sp.onDemandRate * f);
    }
  }
  const ft = sh?.fine_tuning;
  // With a traffic curve the peak is derived from it (capacity/traffic.ts): the busiest hour's weight
  // over the average weight. Weights can be uncertain, so it is worked out for every evaluation.
  // Peak replica-seconds per call per second of a day: calls ÷ seconds is the same whatever the month's length.
  const peakFactor = (peakToAverage(w) * secondsPerCall) / SECONDS_PER_DAY;

  // owned.ts: the fleet (tranches kept, replaced every depreciation_months), capital or depreciation,
  // energy, hosting, maintenance and resale. The ownership block is read here, so it can be uncertain.
  const own = sh?.ownership;
  const po = sp?.owned;
  const poweredShare = po?.all && own ? own.hours_per_day / HOURS_PER_DAY : 1;
  let tranches: Array<{ start: number; replicas: number }> = [];
  let held = 0;
  const ownedMonth = (i: number, need: number, shCalls: number): number => {
    if (!own || !po || !sh || !sp) return 0;
    const month = i + 1;
    const g = sp.gpusPerReplica;
    const d = own.depreciation_months;
    if (i === 0) {
      tranches = [];
      held = 0;
    }
    const want = Math.max(held, po.all ? need : 0, sh.owned_replicas ?? 0);
    let bought = 0;
    let sold = 0;
    for (const t of tranches) {
      if (month > t.start && (month - t.start) % d === 0) {
        bought += t.replicas * g;
        sold += t.replicas * g;
      }
    }
    if (want > held) {
      tranches.push({ start: month, replicas: want - held });
      bought += (want - held) * g;
      held = want;
    }
    const gpus = held * g;
    const price = po.pricePerGpu;
    let c = 0;
    if (own.accounting === 'cash') {
      c += bought * price;
      const resold = sold + (month === H ? gpus : 0);
      if (own.residual_share !== 0) c -= resold * round6(price * own.residual_share);
    } else c += (gpus * (price * (1 - own.residual_share))) / d;
    const powered = daysOf(i) * HOURS_PER_DAY * poweredShare;
    let kwh = (gpus * (po.idleWatts + po.hostWatts) * powered) / 1000;
    if (po.all) kwh += ((po.maxWatts - po.idleWatts) * g * shCalls * secondsPerCall) / 3600 / 1000;
    else {
      const u = Math.min(1, need === 0 ? 0 : (shCalls * secondsPerCall) / (daysOf(i) * SECONDS_PER_DAY * need));
      kwh += ((po.maxWatts - po.idleWatts) * u * gpus * powered) / 1000;
    }
    c += kwh * own.pue * own.electricity_per_kwh;
    c += gpus * own.hosting_per_gpu_month + (gpus * price * own.maintenance_share_per_year) / 12;
    return c;
  };

  let k = 0;
  const strategy = (id: StrategyId, apiShare: number, shShare: number) => {
    // overheads.ts: monthly ones every month, one-time ones in month 1
    let monthly = 0;
    let oneTime = 0;
    for (const o of s.overheads) {
      if (o.applies_to && !o.applies_to.includes(id)) continue;
      if (o.monthly !== undefined) monthly += o.monthly;
      if (o.one_time !== undefined) oneTime += o.one_time;
    }
    const row = k * H;
    for (let i = 0; i < H; i++) {
      const calls = perDay * daysOf(i) * growth[i]!;
      let cost = monthly + (i === 0 ? oneTime : 0);
      if (apiShare !== 0) cost += calls * apiShare * apiPerCall[i]!;
      if (shShare !== 0 && sh && sp) {
        const needed = ((calls / daysOf(i)) * shShare * peakFactor) / sh.target_utilization / poweredShare;
        const replicas = Math.max(sh.min_replicas, ceilSnapped(needed), sh.owned_replicas ?? 0);
        const gpus = (replicas - (sp.owned && !sp.owned.all ? (sh.owned_replicas ?? 0) : 0)) * sp.gpusPerReplica;
        cost += daysOf(i) * HOURS_PER_DAY * gpus * gpuRate[i]! + staff;
        if (sp.owned && own) cost += ownedMonth(i, replicas, calls * shShare);
        if (
          ft &&
          ft.gpu_hours !== undefined &&
          ft.gpu_hours !== 0 &&
          (ft.every_months === undefined ? i === 0 : i % ft.every_months === 0)
        )
          cost += ft.gpu_hours * onDemandRate[i]!;
      }
      out[row + i] = cost;
    }
    k++;
  };
  if (s.api) strategy('api', 1, 0);
  if (s.self_hosted) strategy('self_hosted', 0, 1);
  if (s.hybrid && s.api && s.self_hosted)
    strategy('hybrid', 1 - s.hybrid.self_hosted_share, s.hybrid.self_hosted_share);
}

/**
 * First month from which the cumulative cost of row `mine` stays at or below row `api`'s to the
 * horizon's end (payback, as in engine/compare.ts); 0 when there is none. A relative 1e-12
 * allowance keeps exact ties ties.
 */
export function paybackMonth(costs: Float64Array, H: number, mine: number, api: number): number {
  let cm = 0;
  let ca = 0;
  let from = 0;
  for (let i = 0; i < H; i++) {
    cm += costs[mine * H + i]!;
    ca += costs[api * H + i]!;
    if (cm <= ca + 1e-12 * Math.abs(ca)) from ||= i + 1;
    else from = 0;
  }
  return from;
}

/** peak_to_average, or max(weight) ÷ mean(weight) of a `traffic.hourly` curve, as resolveScenario sets it. */
function peakToAverage(w: NonNullable<Scenario['workload']>): number {
  const hourly = w.traffic?.hourly;
  if (!hourly) return w.peak_to_average;
  let total = 0;
  let most = 0;
  for (const x of hourly) {
    total += x;
    most = Math.max(most, x);
  }
  return (most * HOURS_PER_DAY) / total;
}

/** Token fields reach the evaluator as numbers: prepareModel replaces `sample:` fields by what was measured. */
function measuredTokens(v: number | { sample: string }): number {
  if (typeof v !== 'number')
    throw new Error(`the sample field '${v.sample}' was not measured before the float evaluation`);
  return v;
}
