// The one report model every format renders. Versioned: `schema_version` changes only when a field's
// meaning changes. Money is Decimal here; formats decide how to print it (JSON: exact strings).
import type { Decimal } from '../money.js';
import { CATEGORIES, type Assumption, type Category, type LineItem, type StrategyId } from '../vocabulary.js';

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
  tpot_ms: Decimal;
  profile_kind: 'measured' | 'derived';
  profile_source: string;
  profile_adjustment: string | null;
  prefill_tokens_per_s: Decimal;
  decode_tokens_per_s: Decimal;
  roofline_prefill_tokens_per_s: Decimal;
  roofline_decode_tokens_per_s: Decimal;
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

export interface VolumeAnswer {
  calls_per_month: Decimal | null;
  tokens_per_month: Decimal | null;
  reason: string;
}

export interface BreakEven {
  versus: 'api';
  run_rate: VolumeAnswer;
  tco: VolumeAnswer;
  payback_month: number | null;
  payback_reason: string;
  /** How many times the solver evaluated a cost curve (bounded; no scans). */
  evaluations: number;
}

export interface MissingStrategy {
  id: StrategyId;
  reason: string;
}

export interface Recommendation {
  strategy: StrategyId;
  reasons: string[];
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
  /** ISO 4217 code. */
  currency: string;
  horizon_months: number;
  days_per_month: Decimal;
  start_month: string | null;
  strategies: StrategyResult[];
  missing: MissingStrategy[];
  break_even: Partial<Record<'self_hosted' | 'hybrid', BreakEven>>;
  recommendation: Recommendation | null;
  assumptions: Assumption[];
  pricing_used: PricingRowUsed[];
  /** Every pricing file loaded, in load order (later files override earlier ones by id). */
  pricing_files?: PricingFileUsed[];
}
