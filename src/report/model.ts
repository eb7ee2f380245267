// The one report model every format renders. Versioned: `schema_version` changes only when a field's
// meaning changes. Money is Decimal here; formats decide how to print it (JSON: exact strings).
import type { Decimal } from '../money.js';
import {
  CATEGORIES,
  type Assumption,
  type Category,
  type LineItem,
  type RivalId,
  type StrategyId,
} from '../vocabulary.js';

/** How long a month is (engine/calendar.ts). */
export type MonthConvention = 'calendar' | 'days_per_month' | 'average';

/**
 * 2 (this wave): strategy ids, cost categories and per-strategy maps are open sets and `currency` is a
 * code, so strategies, categories and currencies can be added without another bump (README: JSON output).
 */
export const REPORT_SCHEMA_VERSION = 2;

// Categories, line items and assumptions are shared words (src/vocabulary.ts), re-exported for readers
// of the report model.
export { CATEGORIES, type Assumption, type Category, type LineItem };

export interface CapacityFacts {
  /** Calls served by self-hosted replicas this month. */
  calls: Decimal;
  peak_calls_per_s: Decimal;
  /** Replica-seconds one call occupies: input ÷ prefill tok/s + output ÷ decode tok/s. */
  replica_seconds_per_call: Decimal;
  /** Replicas the load needs before the minimum applies (fractional, before rounding up). */
  replicas_needed: Decimal;
  replicas: number;
  gpus_per_replica: number;
  gpus: number;
  gpu: string;
  /** Average utilisation of the billed replicas over the month. */
  utilization: Decimal;
  /** Replica-hours billed this month (always-on: replicas × hours; autoscaled: hour by hour). */
  replica_hours?: Decimal | undefined;
  /** Replicas billed at the reserved rate every hour (0 when none). */
  reserved_replicas?: number | undefined;
  autoscaled?: boolean | undefined;
  /** The self-hosted model's tokens per API token, applied to the workload's tokens above. */
  tokens_per_api_token?: Decimal | undefined;
  /** How one replica serves (present when the scenario was resolved against the tables). */
  serving?: ServingFacts | undefined;
  /** gpu: auto — the option chosen this month and the next cheapest. */
  choice?: GpuChoice | undefined;
}

export interface ServingFacts {
  precision: string;
  provider: string;
  concurrency: number;
  /** What set the concurrency: the profile, the engine default, memory, or a latency target. */
  concurrency_limit: string;
  context_tokens: Decimal;
  memory_used_gb: Decimal;
  memory_available_gb: Decimal;
  ttft_ms: Decimal;
  /** Modelled 95th-percentile TTFT (queueing at the target utilisation). */
  ttft_p95_ms: Decimal;
  tpot_ms: Decimal;
  profile_kind: 'measured' | 'derived';
  profile_source: string;
  profile_adjustment: string | null;
  prefill_tokens_per_s: Decimal;
  decode_tokens_per_s: Decimal;
  roofline_prefill_tokens_per_s: Decimal;
  roofline_decode_tokens_per_s: Decimal;
  /** KV cache bytes the replica holds per token of a sequence (sliding windows capped, MLA per rank). */
  kv_bytes_per_token: Decimal;
  /** Weight bytes one decode step reads: shared weights + the experts the batch touches. */
  weight_bytes_read_per_step: Decimal;
}

export interface GpuChoice {
  chosen: string;
  chosen_cost: Decimal;
  runner_up: string | null;
  runner_up_cost: Decimal | null;
}

export interface MonthResult {
  month: number;
  /** `YYYY-MM` when the scenario has `start_month`. */
  period: string | null;
  /** The month's days under the calendar convention (calls and GPU-hours follow them); absent otherwise. */
  days?: Decimal | undefined;
  calls: Decimal;
  input_tokens: Decimal;
  output_tokens: Decimal;
  cost: Decimal;
  items: LineItem[];
  capacity: CapacityFacts | null;
}

export interface StrategyResult {
  id: StrategyId;
  label: string;
  tco: Decimal;
  month1_cost: Decimal;
  last_month_cost: Decimal;
  total_calls: Decimal;
  cost_per_1k_calls: Decimal | null;
  by_category: Record<Category, Decimal>;
  months: MonthResult[];
  /** True when some item has no price (--allow-missing-prices): every total above is "at least". */
  lower_bound?: boolean;
  /** Owned GPUs (commitment: owned / owned_replicas): both accounting views, rent vs buy, payback. */
  ownership?: OwnershipFacts;
  /** Portfolios (engine/portfolio.ts): each request class's calls, cost and routes. */
  by_class?: ClassResult[] | undefined;
  /** Calls that end in a successful answer (routes' success_rate; all calls without one). */
  successful_calls?: Decimal | undefined;
  /** TCO ÷ successful calls × 1000: the cost per successful outcome. */
  cost_per_1k_successful_calls?: Decimal | null | undefined;
  /**
   * Horizon-level items, in no month: what reserved terms still owe after the last month
   * (category commitment_after_horizon). Counted in `tco` and `by_category`, never in a month.
   */
  after_horizon?: LineItem[];
  /** Capacity bought for a term (reserved_1y / reserved_3y), tranche by tranche. */
  tranches?: TrancheFact[];
}

/** One request class under one strategy. */
export interface ClassResult {
  class: string;
  /** Over the horizon, transport retries included (as `total_calls`). */
  calls: Decimal;
  /**
   * What the class costs over the horizon: its token items and per-call costs, its share of each
   * deployment it uses (GPU-hours and fixed costs by replica-seconds), of overheads by calls.
   */
  cost: Decimal;
  cost_per_1k_calls: Decimal | null;
  successful_calls: Decimal;
  cost_per_1k_successful_calls: Decimal | null;
  /** Where its calls go: each target with the share of the class's calls it serves. */
  routes: Array<{ target: string; share: Decimal; again?: 'escalation' | 'retry' }>;
}

/** One purchase of reserved capacity (engine/commitments.ts). */
export interface TrancheFact {
  kind: 'floor' | 'serving';
  gpu: string;
  provider: string;
  commitment: string;
  /** Month bought (first billed) and the term's last month, which may lie after the horizon. */
  start: number;
  end: number;
  term_months: number;
  replicas: number;
  gpus: number;
  /** reserved_replicas as written, when whole instances made the floor larger. */
  requested?: number | undefined;
  why: 'needed' | 'renewal' | 'floor';
  months_billed: number;
  months_after_horizon: number;
  cost_after_horizon: Decimal;
}

export interface OwnershipFacts {
  /** The view the TCO and the items use. */
  accounting: 'cash' | 'depreciation';
  gpu: string;
  vendor: string;
  /** Purchase price per GPU including its server share. */
  price_per_gpu: Decimal;
  gpus_at_end: number;
  /** Hours a day the fleet is powered; the day's traffic is served in them (capacity sized on them). */
  hours_per_day: number;
  /** Months GPUs are bought in (first tranches, growth, replacements), with their cost. */
  purchases: Array<{ month: number; gpus: number; cost: Decimal }>;
  /** The strategy's TCO with purchases when paid and resale credited (cash) … */
  tco_cash: Decimal;
  /** … and with straight-line depreciation inside the horizon instead (no resale credit). */
  tco_depreciation: Decimal;
  /** Purchase not yet depreciated at the horizon's end: never charged in the depreciation view. */
  book_value_at_end: Decimal;
  /** The same replicas rented on demand from the GPU's cheapest provider; null when it has no rent. */
  rented: {
    provider: string;
    hourly_rate: Decimal;
    as_of: string;
    tco: Decimal;
    /** First month from which owning's cumulative cash cost stays at or below renting's; null: never. */
    owning_cheaper_from_month: number | null;
  } | null;
  rented_reason: string;
  /** First month whose cumulative cash cost is at or below the API's (months to pay back). */
  payback_month_cash: number | null;
  payback_reason: string;
}

/** Why a break-even volume is what it is (or is none): the facts; src/format/reasons.ts writes the words. */
export type CrossingWhy =
  | { kind: 'from' }
  | { kind: 'from_cheapest_option' }
  | { kind: 'any_volume' }
  | { kind: 'any_volume_equal_per_call' }
  | { kind: 'per_call_not_below' }
  | { kind: 'no_saving_per_call' }
  /** Fully used replicas (one step, or all the steps of an autoscaled day) cost more per 1,000 calls than the API. */
  | { kind: 'full_use_above'; per_1k_calls: Decimal; api_per_1k_calls: Decimal; replicas: 'one' | 'all' }
  | { kind: 'replica_costs_its_calls' }
  | { kind: 'beyond_limit'; limit: Decimal }
  /** A proven bound: more breakpoints below it than the solver walks. */
  | { kind: 'at_the_latest'; breakpoints: number }
  /** gpu: auto — the same on every GPU option. */
  | { kind: 'every_option'; each: CrossingWhy }
  /** The horizon's TCO: cheaper over `months` months, one-time costs included. */
  | { kind: 'over_horizon'; months: number };

export interface VolumeAnswer {
  calls_per_month: Decimal | null;
  tokens_per_month: Decimal | null;
  why: CrossingWhy;
}

export interface BreakEven {
  versus: 'api';
  run_rate: VolumeAnswer;
  tco: VolumeAnswer;
  /** First month from which cumulative cost stays at or below the API's to the horizon's end (null: none). */
  payback_month: number | null;
  /** First month whose cumulative cost is at or below the API's (it may rise above again). */
  first_below_month: number | null;
  /** After first_below_month, the first month whose cumulative cost is above the API's again (null: none). */
  above_again_month: number | null;
  /** How many times the solver evaluated a cost curve (bounded; no scans). */
  evaluations: number;
}

export interface MissingStrategy {
  id: StrategyId;
  reason: string;
}

export type FlipAxis = 'api_price' | 'gpu_price';

/**
 * A breakpoint of the lower envelope of the strategies' TCO lines along one price factor (1 = today):
 * past `exact` in `direction`, `to` is the cheapest strategy. src/engine/flips.ts.
 */
export interface Flip {
  axis: FlipAxis;
  direction: 'fall' | 'rise';
  to: StrategyId;
  /** The breakpoint, unrounded. */
  exact: Decimal;
  /** The breakpoint to 6 significant digits, rounded away from 1 (the JSON contract's `factor`). */
  factor: Decimal;
  /** The shortest rounding away from 1 that still lies before the next breakpoint: what words print. */
  printed: Decimal;
  /** The following breakpoint in the same direction, if any. */
  next: { factor: Decimal; to: StrategyId } | null;
}

/** A range of steady monthly volume in which one strategy's run-rate cost is the lowest. */
export interface Regime {
  from_calls_per_month: Decimal;
  /** Exclusive upper end; null: from `from` on. */
  to_calls_per_month: Decimal | null;
  strategy: StrategyId;
  /** Narrower ranges (under one replica step) folded into this one, with the strategy each favoured. */
  merged: Array<{ from_calls_per_month: Decimal; to_calls_per_month: Decimal; strategy: StrategyId }>;
}

/**
 * What the recommendation rests on, as facts; the words are written by src/format/reasons.ts, so
 * every format says the same and JSON can carry both.
 */
export type RecommendationFact =
  | {
      kind: 'lowest_tco';
      strategy: StrategyId;
      tco: Decimal;
      horizon_months: number;
      others: Array<{ strategy: StrategyId; tco: Decimal }>;
    }
  | { kind: 'only_strategy' }
  | {
      kind: 'run_rate_break_even';
      strategy: 'self_hosted' | 'hybrid';
      calls_per_month: Decimal | null;
      why: CrossingWhy;
      first_month_calls: Decimal;
      last_month_calls: Decimal;
      horizon_months: number;
    }
  | {
      kind: 'payback';
      strategy: 'self_hosted' | 'hybrid';
      payback_month: number | null;
      first_below_month: number | null;
      above_again_month: number | null;
      horizon_months: number;
    }
  | { kind: 'flip'; flip: Flip }
  | {
      kind: 'horizon_volume';
      /** The strategy weighed against the API. */
      strategy: StrategyId;
      winner: StrategyId;
      calls_per_month: Decimal;
      average_calls_per_month: Decimal;
    }
  | { kind: 'regimes'; regimes: Regime[] }
  /**
   * The self-hosted open model is also sold per token: its cheapest endpoint's TCO (standard list
   * rates) against the API model's and self-hosting's, separating which model from who runs it.
   */
  | {
      kind: 'same_model_hosted';
      open_model: string;
      endpoint: string;
      endpoint_tco: Decimal;
      self_hosted_tco: Decimal;
      api_model: string | null;
      api_tco: Decimal | null;
      horizon_months: number;
    }
  /** The API and the self-hosted side serve different models: costs are compared, quality is not. */
  | {
      kind: 'different_models';
      api_model: string;
      open_model: string;
      hybrid: boolean;
      /** Strategy api_same_model (the open model per token) is in the report. */
      api_same_model?: boolean | undefined;
      /** Each model's published quality score from its pricing row (sourced, dated), or null: unknown. */
      api_quality: QualityScore | null;
      open_quality: QualityScore | null;
    }
  | { kind: 'lower_bounds'; strategies: StrategyId[] };

/** A model's published quality score, as its pricing row gives it. */
export interface QualityScore {
  benchmark: string;
  score: number;
  as_of: string;
  source: string;
}

/** A strategy's TCO as a line in a uniform price factor f (1 = today): fixed + f × scaled. */
export interface FactorLine {
  axis: FlipAxis;
  strategy: StrategyId;
  fixed: Decimal;
  scaled: Decimal;
}

export interface Recommendation {
  strategy: StrategyId;
  facts: RecommendationFact[];
  flips: Flip[];
  /** The lines the flips are the envelope of (both axes; none with unpriced items). */
  factor_lines: FactorLine[];
  /** Null when no run-rate curve can be computed exactly (unpriced items). */
  regimes: Regime[] | null;
}

export interface PricingRowUsed {
  kind: 'api_model' | 'gpu_price' | 'throughput_profile' | 'open_model';
  id: string;
  as_of: string;
  source: string;
  file: string;
}

/** A pricing file the tables were built from, with the range of its rows' as_of dates. */
export interface PricingFileUsed {
  file: string;
  rows: number;
  as_of_min: string | null;
  as_of_max: string | null;
}

export interface Report {
  schema_version: typeof REPORT_SCHEMA_VERSION;
  scenario: string;
  /** ISO 4217 code every amount of the report is in: USD unless the scenario states `currency`. */
  currency: string;
  /** Set when the report is in another currency: the rate USD pricing was converted at, and its source. */
  exchange?: { code: string; per_usd: Decimal; as_of: string; source: string };
  horizon_months: number;
  days_per_month: Decimal;
  /**
   * How long a month is: `calendar` (each month its own days, from start_month), `days_per_month`
   * (the scenario's stated days every month) or `average` (365/12 days, 730 hours). engine/calendar.ts.
   */
  month_convention: MonthConvention;
  start_month: string | null;
  strategies: StrategyResult[];
  missing: MissingStrategy[];
  /** Every strategy but `api` that has a break-even against it (built-in ones and portfolios). */
  break_even: Partial<Record<RivalId, BreakEven>>;
  recommendation: Recommendation | null;
  assumptions: Assumption[];
  pricing_used: PricingRowUsed[];
  /** Every pricing file loaded, in load order (later files override earlier ones by id). */
  pricing_files?: PricingFileUsed[];
  /** What the inputs leave uncertain (a sampled call's p99 above a context limit); absent when none. */
  warnings?: string[];
}

/**
 * The strategies with a break-even against `api`, in report order: self_hosted and hybrid, then a
 * portfolio's own (engine/compare.ts computes one for every strategy but the API).
 */
export function breakEvenIds(r: Pick<Report, 'strategies' | 'break_even'>): StrategyId[] {
  return r.strategies.map((s) => s.id).filter((id) => id !== 'api' && r.break_even[id] !== undefined);
}

/**
 * Whether any item of the report names a request class or a target (a portfolio's strategies): the
 * CSV long and FOCUS exports then carry them as columns (docs/formats.md). A scenario without
 * `workloads:` or `strategies:` has none, so its exports keep their columns.
 */
export function hasClassTargets(r: Pick<Report, 'strategies'>): boolean {
  const tagged = (items: readonly { class?: string | undefined; target?: string | undefined }[] | undefined) =>
    (items ?? []).some((it) => it.class !== undefined || it.target !== undefined);
  return r.strategies.some((s) => tagged(s.after_horizon) || s.months.some((m) => tagged(m.items)));
}
