// The JSON report (src/format/json.ts) described as a zod schema, so `llmcost schema report` is
// generated rather than hand-written, and a test can validate real output against it. When
// format/json.ts changes shape, this changes with it (the test fails otherwise).
import * as z from 'zod/mini';

import { REPORT_SCHEMA_VERSION } from './model.js';

/** Money as an exact decimal string: "96000", "0.000125", never an exponent or a float. */
const Money = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));
/** A figure in cents as every cents view prints it (one allocation that foots and cross-foots): "1234.50". */
const Cents = z.string().check(z.regex(/^-?\d+\.\d{2}$/));
const Quantity = z.number();
/**
 * Schema version 2 is open where later additions must not need a version bump: a strategy id is any
 * name (the built-in ones, reference strategies and user-defined portfolios), a cost category any
 * snake_case name (today's set: vocabulary.ts CATEGORIES), currency any ISO 4217 code.
 */
const NAME = /^[a-z][a-z0-9_]*$/;
const Strategy = z.string().check(z.regex(NAME));
const Category = z.string().check(z.regex(NAME));
const Currency = z.string().check(z.regex(/^[A-Z]{3}$/));

const Item = z.strictObject({
  category: Category,
  name: z.string(),
  quantity: Quantity,
  unit: z.string(),
  // null only with `missing_price` (--allow-missing-prices): the price is unknown, never "0".
  unit_price: z.nullable(Money),
  cost: z.nullable(Money),
  cost_cents: z.nullable(Cents),
  source: z.string(),
  missing_price: z.optional(z.string()),
  /** A portfolio's items: the request class(es) served and the target serving them. */
  class: z.optional(z.string()),
  target: z.optional(z.string()),
});

/** A request class under a portfolio strategy: its calls, cost (shared costs attributed), routes. */
const ClassResult = z.strictObject({
  class: z.string(),
  calls: Quantity,
  cost: Money,
  cost_per_1k_calls: z.nullable(Money),
  successful_calls: Quantity,
  cost_per_1k_successful_calls: z.nullable(Money),
  routes: z.array(
    z.strictObject({ target: z.string(), share: Quantity, again: z.optional(z.enum(['escalation', 'retry'])) }),
  ),
});

/** How one replica serves (llmcost capacity; docs/capacity.md). */
const Serving = z.strictObject({
  precision: z.string(),
  concurrency: z.int(),
  concurrency_limit: z.string(),
  context_tokens: Quantity,
  memory_used_gb: Quantity,
  memory_available_gb: Quantity,
  ttft_ms: Quantity,
  ttft_p95_ms: Quantity,
  tpot_ms: Quantity,
  profile_kind: z.enum(['measured', 'derived']),
  profile_source: z.string(),
  profile_adjustment: z.nullable(z.string()),
  prefill_tokens_per_s: Quantity,
  decode_tokens_per_s: Quantity,
  roofline_prefill_tokens_per_s: Quantity,
  roofline_decode_tokens_per_s: Quantity,
  kv_bytes_per_token: Quantity,
  weight_bytes_read_per_step: Quantity,
});

/** gpu: auto — the option chosen this month and the next cheapest. */
const GpuChoice = z.strictObject({
  chosen: z.string(),
  chosen_cost: Money,
  runner_up: z.nullable(z.string()),
  runner_up_cost: z.nullable(Money),
});

const Capacity = z.strictObject({
  calls: Quantity,
  peak_calls_per_s: Quantity,
  replica_seconds_per_call: Quantity,
  replicas_needed: Quantity,
  replicas: z.int(),
  gpus_per_replica: z.int(),
  gpus: z.int(),
  gpu: z.string(),
  utilization: Quantity,
  replica_hours: z.optional(z.nullable(Quantity)),
  serving: z.optional(Serving),
  choice: z.optional(GpuChoice),
});

const Month = z.strictObject({
  month: z.int().check(z.gte(1)),
  period: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}$/))),
  /** Present under the calendar convention: the month's days (its calls and GPU-hours follow them). */
  days: z.optional(z.int()),
  calls: Quantity,
  input_tokens: Quantity,
  output_tokens: Quantity,
  cost: Money,
  cost_cents: Cents,
  items: z.array(Item),
  capacity: z.nullable(Capacity),
});

/** Owned GPUs: both accounting views, the purchases, rent vs buy, months to pay back (cash). */
const Ownership = z.strictObject({
  accounting: z.enum(['cash', 'depreciation']),
  gpu: z.string(),
  vendor: z.string(),
  price_per_gpu: Money,
  gpus_at_end: z.int(),
  hours_per_day: z.number(),
  purchases: z.array(z.strictObject({ month: z.int(), gpus: z.int(), cost: Money })),
  tco_cash: Money,
  tco_depreciation: Money,
  book_value_at_end: Money,
  rented: z.nullable(
    z.strictObject({
      provider: z.string(),
      hourly_rate: Money,
      as_of: z.string(),
      tco: Money,
      owning_cheaper_from_month: z.nullable(z.int()),
    }),
  ),
  rented_reason: z.string(),
  payback_month_cash: z.nullable(z.int()),
  payback_reason: z.string(),
});

const StrategyResult = z.strictObject({
  id: Strategy,
  label: z.string(),
  tco: Money,
  tco_cents: Cents,
  month1_cost: Money,
  month1_cost_cents: Cents,
  last_month_cost: Money,
  last_month_cost_cents: Cents,
  total_calls: Quantity,
  cost_per_1k_calls: z.nullable(Money),
  by_category: z.record(Category, Money),
  by_category_cents: z.record(Category, Cents),
  months: z.array(Month),
  /** Present (true) when an item has no price: every total above is a lower bound. */
  lower_bound: z.optional(z.literal(true)),
  ownership: z.optional(Ownership),
  /** Portfolios: per class figures, and the cost per 1,000 successful calls (routes' success_rate). */
  by_class: z.optional(z.array(ClassResult)),
  successful_calls: z.optional(Quantity),
  cost_per_1k_successful_calls: z.optional(z.nullable(Money)),
  /** What reserved terms owe after the horizon: in the TCO, in no month (docs/commitments.md). */
  commitment_after_horizon: z.optional(z.strictObject({ cost: Money, cost_cents: Cents, items: z.array(Item) })),
  /** Capacity bought for a term, tranche by tranche. */
  tranches: z.optional(
    z.array(
      z.strictObject({
        kind: z.enum(['floor', 'serving']),
        gpu: z.string(),
        provider: z.string(),
        commitment: z.string(),
        start_month: z.int(),
        end_month: z.int(),
        term_months: z.int(),
        replicas: z.int(),
        gpus: z.int(),
        requested_replicas: z.optional(z.int()),
        why: z.enum(['needed', 'renewal', 'floor']),
        months_billed: z.int(),
        months_after_horizon: z.int(),
        cost_after_horizon: Money,
      }),
    ),
  ),
});

const Volume = z.strictObject({
  calls_per_month: z.nullable(Quantity),
  tokens_per_month: z.nullable(Quantity),
  reason: z.string(),
});

const BreakEven = z.strictObject({
  versus: z.literal('api'),
  run_rate: Volume,
  tco: Volume,
  /** First month from which cumulative cost stays at or below the API's to the end (null: none). */
  payback_month: z.nullable(z.int()),
  /** First month whose cumulative cost is at or below the API's; it may rise above again. */
  first_below_month: z.nullable(z.int()),
  payback_reason: z.string(),
  evaluations: z.int(),
});

/**
 * `factor` multiplies every per-token rate of every API model (api_price) or every GPU-hour rate
 * (gpu_price); the exact breakpoint rounded to 6 significant digits away from 1.
 */
const Flip = z.strictObject({
  axis: z.enum(['api_price', 'gpu_price']),
  factor: Money,
  direction: z.enum(['fall', 'rise']),
  to: Strategy,
});

const VolumeRange = { from_calls_per_month: Quantity, to_calls_per_month: z.nullable(Quantity), strategy: Strategy };
const Regime = z.strictObject({
  ...VolumeRange,
  /** Ranges narrower than one replica step folded into this one. */
  merged: z.optional(z.array(z.strictObject({ ...VolumeRange, to_calls_per_month: Quantity }))),
});

export const ReportJson = z.strictObject({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  scenario: z.string(),
  currency: Currency,
  /** Present when the report is in another currency than USD: the rate pricing was converted at. */
  exchange: z.optional(z.strictObject({ code: z.string(), per_usd: Money, as_of: z.string(), source: z.string() })),
  horizon_months: z.int(),
  /** The steady (average or stated) month's days; under `calendar` each month gives its own `days`. */
  days_per_month: Quantity,
  /** calendar: each month its own days (from start_month); days_per_month: as stated; average: 365/12 days, 730 h. */
  month_convention: z.enum(['calendar', 'days_per_month', 'average']),
  start_month: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}$/))),
  strategies: z.array(StrategyResult),
  missing: z.array(z.strictObject({ id: Strategy, reason: z.string() })),
  break_even: z.record(Strategy, BreakEven),
  recommendation: z.nullable(
    z.strictObject({
      strategy: Strategy,
      /** The facts below (and the others) in words, written by src/format/reasons.ts. */
      reasons: z.array(z.string()),
      /** The nearest breakpoints of the cheapest strategy along a uniform price factor (1 = today). */
      flips: z.array(Flip),
      /** Steady monthly volume ranges and the strategy with the lowest run-rate cost in each. */
      regimes: z.nullable(z.array(Regime)),
    }),
  ),
  assumptions: z.array(z.strictObject({ field: z.string(), value: z.string(), source: z.string() })),
  pricing_used: z.array(
    z.strictObject({
      kind: z.enum(['api_model', 'gpu_price', 'throughput_profile', 'open_model']),
      id: z.string(),
      as_of: z.string(),
      source: z.string(),
      file: z.string(),
    }),
  ),
  /** Every pricing file loaded, in load order, with the range of its rows' as_of dates. */
  pricing_files: z.optional(
    z.array(
      z.strictObject({
        file: z.string(),
        rows: z.int(),
        as_of_min: z.nullable(z.string()),
        as_of_max: z.nullable(z.string()),
      }),
    ),
  ),
  /** What the inputs leave uncertain, e.g. a sampled call's p99 above a context limit; absent when none. */
  warnings: z.optional(z.array(z.string())),
});

/** `compare` with several scenarios wraps the reports. */
export const ReportBatchJson = z.strictObject({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  reports: z.array(ReportJson),
});

/** What `compare --format json` prints: one report, or several wrapped. */
export const ReportDocument = z.union([ReportJson, ReportBatchJson]);
