// The scenario format users write (YAML, `version: 1`). Strict: an unknown key is a typo, and typos
// are errors. Defaults live here, once; docs/scenario.md and `llmcost schema scenario` derive from it.
import * as z from 'zod/mini';
import { FINE_TUNING_METHODS } from '../capacity/fineTuning.js';
import { COMMITMENTS, PRECISIONS } from '../pricing/schema.js';
import { finite, id, isoDate, nonEmptyString, nonNegative, positive, share, wholeNumber } from '../schema-helpers.js';
import { ENCODINGS } from '../tokens/encodings.js';
import { checkPortfolio } from './portfolioRules.js';
import { didYouMean } from '../suggest.js';
import { type BuiltinStrategyId, DEFAULT_DAYS_PER_MONTH, STRATEGIES, type StrategyId } from '../vocabulary.js';

// The strategy ids and the default month are shared words (src/vocabulary.ts); re-exported here for
// the schema's readers.
export { DEFAULT_DAYS_PER_MONTH, STRATEGIES, type StrategyId };

export const MAX_HORIZON_MONTHS = 120;
/** Each overhead is a line item in every month of every strategy: bounded so a 1 MiB file stays fast. */
export const MAX_OVERHEADS = 200;
/** The cloud billing convention: 365/12 days = 730 hours a month. */
/**
 * Point defaults of the price trends: flat. A pinned model's list price rarely moves (the falls
 * published for LLM APIs are for a constant capability reached by newer, cheaper models), and GPU
 * rental prices have swung both ways. `simulate` and `sensitivity` still treat the API trend as
 * uncertain by default (src/uncertainty/defaults.ts, with its source); docs/uncertainty.md says why.
 */
export const DEFAULT_API_PRICE_CHANGE_PER_YEAR = 0;
export const DEFAULT_GPU_PRICE_CHANGE_PER_YEAR = 0;

const Growth = z.union([
  z.strictObject({ monthly_rate: finite().check(z.gt(-1), z.lte(10)) }),
  z.strictObject({ curve: z.array(nonNegative(1e6)).check(z.minLength(1)) }),
]);

/** A diurnal curve: 24 relative weights, hour 0 first (any scale; normalised to a mean of 1). */
const Traffic = z.strictObject({
  hourly: z.array(nonNegative(1e12)).check(
    z.refine((a) => a.length === 24, 'E_RANGE:needs 24 hourly weights|24 numbers, hour 0 to hour 23'),
    z.refine((a) => a.some((w) => w > 0), 'E_RANGE:has no positive weight|at least one hour with traffic'),
  ),
});

/** Token counts measured from real text at load time (paths relative to the scenario's folder). */
const sampleFields = {
  sample: nonEmptyString(1000),
  stat: z._default(z.enum(['mean', 'p50', 'p95', 'max']), 'mean'),
  encoding: z.optional(z.enum(ENCODINGS)),
};
export const TokenSample = z.strictObject(sampleFields);
export const RagSample = z.strictObject({ ...sampleFields, per_call: z._default(positive(1e4), 1) });
export type TokenSample = z.infer<typeof TokenSample>;
export type RagSample = z.infer<typeof RagSample>;
const SAMPLE_EXPECTED =
  'a number of tokens per call, or { sample: a file, folder or glob; stat: mean, p50, p95 or max }';
const tokens = () =>
  z.union([nonNegative(1e8), TokenSample], {
    error: `E_TYPE:is neither a token count nor a sample|${SAMPLE_EXPECTED}`,
  });

const workloadShape = {
  daily_active_users: z.optional(nonNegative()),
  requests_per_user_per_day: z.optional(nonNegative(1e6)),
  requests_per_day: z.optional(nonNegative()),
  input_tokens: tokens(),
  output_tokens: tokens(),
  rag_context_tokens: z._default(
    z.union([nonNegative(1e8), RagSample], {
      error: `E_TYPE:is neither a token count nor a sample|${SAMPLE_EXPECTED}, per_call: N`,
    }),
    0,
  ),
  llm_calls_per_request: z._default(positive(1e4), 1),
  /** Share of calls sent a second time and billed again: 0 to 1 (1 = every call sent twice). */
  retry_rate: z._default(share(), 0),
  cached_input_share: z._default(share(), 0),
  /** Share of input tokens written to the prompt cache (billed at the cache-write rate). */
  cache_write_share: z._default(share(), 0),
  /** Hidden reasoning tokens per call, billed as output tokens. */
  reasoning_tokens: z._default(nonNegative(1e8), 0),
  peak_to_average: z._default(finite().check(z.gte(1), z.lte(1000)), 2),
  growth: z._default(Growth, { monthly_rate: 0 }),
  traffic: z.optional(Traffic),
};

/** The rules every workload (and every class of `workloads:`) obeys. */
interface WorkloadRuleFields {
  requests_per_day?: number | undefined;
  daily_active_users?: number | undefined;
  requests_per_user_per_day?: number | undefined;
  cached_input_share: number;
  cache_write_share: number;
}
const workloadChecks = [
  z.refine<WorkloadRuleFields>(
    (w) =>
      (w.requests_per_day !== undefined) !==
      (w.daily_active_users !== undefined || w.requests_per_user_per_day !== undefined),
    'E_INVALID:give either requests_per_day or daily_active_users with requests_per_user_per_day|exactly one of the two forms',
  ),
  z.refine<WorkloadRuleFields>(
    (w) => w.cached_input_share + w.cache_write_share <= 1,
    'E_RANGE:cached_input_share + cache_write_share is above 1|cache reads and cache writes that together are at most all input tokens',
  ),
  z.refine<WorkloadRuleFields>(
    (w) =>
      w.requests_per_day !== undefined ||
      (w.daily_active_users !== undefined && w.requests_per_user_per_day !== undefined),
    'E_MISSING_FIELD:daily_active_users and requests_per_user_per_day go together|both fields, or requests_per_day instead',
  ),
] as const;

const Workload = z.strictObject(workloadShape).check(...workloadChecks);

/** A name a report can carry as an id (strategy ids in the report's JSON are snake_case). */
const NAME_RE = /^[a-z][a-z0-9_]*$/;
const name = () =>
  z
    .string()
    .check(
      z.maxLength(60),
      z.regex(NAME_RE, 'E_INVALID:is not a name|a snake_case name: a lowercase letter, then letters, digits or _'),
    );

/** One request class of a portfolio: a workload with an id (every workload field works per class). */
const WorkloadClass = z.strictObject({ id: name(), ...workloadShape }).check(...workloadChecks);
export type WorkloadClass = z.infer<typeof WorkloadClass>;
/** Bounds the strategies × classes × months the engine prices: a 1 MiB file stays fast. */
export const MAX_CLASSES = 50;
const MAX_USER_STRATEGIES = 20;
const MAX_DEPLOYMENTS = 20;
export const MAX_PER_CALL_COSTS = 100;

const Staff = z.strictObject({
  fte: nonNegative(1e4),
  annual_cost_per_fte: nonNegative(1e8),
});

// Either `gpu_hours` as given, or from first principles (capacity/fineTuning.ts): the method's FLOPs
// → GPU-hours at a utilisation. One object rather than a union, so a mistake gets a precise message.
const FineTuning = z
  .strictObject({
    gpu_hours: z.optional(nonNegative(1e8)),
    method: z.optional(z.enum(FINE_TUNING_METHODS)),
    tokens: z.optional(positive(1e15)),
    epochs: z.optional(positive(1000)),
    utilization: z.optional(finite().check(z.gt(0), z.lte(1))),
    every_months: z.optional(wholeNumber(1, MAX_HORIZON_MONTHS)),
  })
  .check(
    z.refine(
      (f) => (f.gpu_hours !== undefined) !== (f.method !== undefined),
      'E_INVALID:needs exactly one of gpu_hours and method|gpu_hours: N, or method (lora, qlora or full) with tokens',
    ),
    z.refine(
      (f) => f.method === undefined || f.tokens !== undefined,
      'E_MISSING_FIELD:method needs tokens|tokens: training tokens per epoch',
    ),
    z.refine(
      (f) =>
        f.method !== undefined || (f.tokens === undefined && f.epochs === undefined && f.utilization === undefined),
      'E_INVALID:tokens, epochs and utilization go with method|method: lora, qlora or full',
    ),
  );

/** Latency targets per call: time to first token and time per output token, in milliseconds. */
const Slo = z
  .strictObject({
    ttft_ms: z.optional(positive(1e7)),
    /** Sizes on the modelled 95th-percentile TTFT (queueing at target_utilization included). */
    ttft_p95_ms: z.optional(positive(1e7)),
    tpot_ms: z.optional(positive(1e6)),
  })
  .check(
    z.refine(
      (s) => s.ttft_ms !== undefined || s.ttft_p95_ms !== undefined || s.tpot_ms !== undefined,
      'E_MISSING_FIELD:needs ttft_ms, ttft_p95_ms or tpot_ms|a target in milliseconds',
    ),
  );

const Autoscaling = z.strictObject({
  enabled: z._default(z.boolean(), true),
  min_replicas: z.optional(wholeNumber(0, 100000)),
  scale_up_minutes: z._default(finite().check(z.gte(0), z.lte(60)), 10),
});

const Api = z
  .strictObject({
    model: id(),
    batch_share: z._default(share(), 0),
    /** Shares of calls on the flex and priority service tiers; the rest is standard. */
    flex_share: z._default(share(), 0),
    priority_share: z._default(share(), 0),
    /** Lifetime of cache writes: 5-minute (default) or 1-hour (Anthropic's two write prices). */
    cache_ttl: z._default(z.enum(['5m', '1h']), '5m'),
    // Yearly change of the token prices, applied month by month (docs/uncertainty.md § Price trends).
    price_change_per_year: z._default(finite().check(z.gt(-1), z.lte(10)), DEFAULT_API_PRICE_CHANGE_PER_YEAR),
  })
  .check(
    z.refine(
      (a) => a.batch_share + a.flex_share + a.priority_share <= 1,
      'E_RANGE:batch_share + flex_share + priority_share is above 1|service-tier shares that add up to at most 1 (the rest is standard)',
    ),
  );

/** The `api:` block a portfolio's `api:<model>` target uses when the scenario has none: every default. */
export function apiDefaults(model: string): z.infer<typeof Api> {
  return z.parse(Api, { model });
}

const Discount = z.strictObject({
  provider: id(),
  rate: finite().check(z.gt(0), z.lt(1)),
});

/**
 * Spot interruptions (docs/capacity.md § Spot): each spot replica is interrupted
 * `interruptions_per_month` times a month on average and takes `restart_minutes` to serve again; the
 * GPU-hours lost are re-bought on demand, and `on_demand_floor_replicas` always run on demand.
 */
const Spot = z.strictObject({
  interruptions_per_month: finite().check(z.gte(0), z.lte(720)),
  restart_minutes: finite().check(z.gte(0), z.lte(1440)),
  on_demand_floor_replicas: z._default(wholeNumber(0, 100000), 0),
});

/**
 * The average annual PUE (total facility power ÷ IT power) of Uptime Institute's Global Data Center
 * Survey 2023: the default `ownership.pue` (a data centre's; a workstation in an office is 1.0).
 */
export const DEFAULT_PUE = 1.58;
export const DEFAULT_PUE_SOURCE =
  'Uptime Institute Global Data Center Survey 2023: industry average PUE 1.58 (Uptime Intelligence,' +
  ' "Large data centers are mostly more efficient, analysis confirms",' +
  ' https://journal.uptimeinstitute.com/large-data-centers-are-mostly-more-efficient-analysis-confirms/,' +
  ' read 2026-12-03)';
export const ACCOUNTING_VIEWS = ['cash', 'depreciation'] as const;
/** Commitments of a self-hosted fleet: the rented ones of the pricing tables, or bought outright. */
export const SELF_HOSTED_COMMITMENTS = [...COMMITMENTS, 'owned'] as const;

/** What owning the GPUs costs besides the price (docs/ownership.md). */
const Ownership = z.strictObject({
  /** Which purchase row of the GPU; may be left out when the GPU has exactly one. */
  vendor: z.optional(id()),
  depreciation_months: z._default(wholeNumber(1, 240), 36),
  /** Share of the purchase recovered by resale at the end (cash) or not depreciated (depreciation). */
  residual_share: z._default(finite().check(z.gte(0), z.lt(1)), 0),
  pue: z._default(finite().check(z.gte(1), z.lte(3)), DEFAULT_PUE),
  electricity_per_kwh: finite().check(z.gte(0), z.lte(5)),
  hosting_per_gpu_month: z._default(nonNegative(1e6), 0),
  maintenance_share_per_year: z._default(finite().check(z.gte(0), z.lte(1)), 0),
  /** Hours a day the fleet is powered; the day's traffic is served in them. */
  hours_per_day: z._default(finite().check(z.gt(0), z.lte(24)), 24),
  accounting: z._default(z.enum(ACCOUNTING_VIEWS), 'cash'),
});

const SelfHosted = z.strictObject({
  model: id(),
  /** A GPU id, or `auto`: the cheapest fitting GPU and provider, chosen month by month. */
  gpu: id(),
  /** Which price row of the GPU; required unless gpu is `auto` (then it limits the search to one provider). */
  provider: z.optional(id()),
  commitment: z._default(z.enum(SELF_HOSTED_COMMITMENTS), 'on_demand'),
  precision: z.optional(z.enum(PRECISIONS)),
  gpus_per_replica: z.optional(wholeNumber(1, 64)),
  target_utilization: z._default(finite().check(z.gt(0), z.lte(1)), 0.6),
  min_replicas: z._default(wholeNumber(0, 100000), 2),
  staff: z.optional(Staff),
  fine_tuning: z.optional(FineTuning),
  slo: z.optional(Slo),
  autoscaling: z.optional(Autoscaling),
  /** Replicas paid at `reserved_commitment` every hour; replicas above them at `commitment`. */
  reserved_replicas: z.optional(wholeNumber(0, 100000)),
  reserved_commitment: z.optional(z.enum(['reserved_1y', 'reserved_3y'])),
  spot: z.optional(Spot),
  /** Replicas bought outright in month 1 and kept; replicas above them at `commitment` (rented). */
  owned_replicas: z.optional(wholeNumber(1, 100000)),
  ownership: z.optional(Ownership),
  gpu_price_change_per_year: z._default(finite().check(z.gt(-1), z.lte(10)), DEFAULT_GPU_PRICE_CHANGE_PER_YEAR),
});

const Hybrid = z.strictObject({
  self_hosted_share: share(),
});

/** Where a route sends calls: `self_hosted`, a deployment's name, or `api:<model id>`. */
const target = () =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(160),
      z.regex(
        /^(api:[a-zA-Z0-9][a-zA-Z0-9._\-/:]*|[a-z][a-z0-9_]*)$/,
        'E_INVALID:is not a target|self_hosted, a deployment name, or api:<model id>',
      ),
    );

/** What a route does with a call its first target fails (success_rate below 1). */
export const ON_FAILURE = ['retry', 'escalate'] as const;

const Route = z
  .strictObject({
    to: target(),
    /** A share of the class's calls served again by a second target (paid twice: tokens and capacity). */
    escalate: z.optional(z.strictObject({ share: share(), to: target() })),
    /** Share of calls the first target answers well enough (sourced or measured by the user). */
    success_rate: z.optional(finite().check(z.gt(0), z.lte(1))),
    on_failure: z.optional(z.enum(ON_FAILURE)),
  })
  .check(
    z.refine(
      (r) => r.on_failure !== 'escalate' || r.escalate !== undefined,
      'E_MISSING_FIELD:on_failure: escalate needs an escalate target|escalate: { share, to }, or on_failure: retry',
    ),
  );
export type Route = z.infer<typeof Route>;

const UserStrategy = z.strictObject({
  /** Free text shown as the strategy's label; default: its name. */
  label: z.optional(nonEmptyString(80)),
  routes: z.record(name(), Route),
});
export type UserStrategy = z.infer<typeof UserStrategy>;

/** Costs per call beyond tokens (moderation, human review, tool calls): once per call of a class. */
const PerCallCost = z
  .strictObject({
    name: nonEmptyString(200),
    per_1k_calls: z.optional(nonNegative(1e9)),
    /** Share of calls that incur `per_call` (human review of 2%: share 0.02). */
    share: z.optional(share()),
    per_call: z.optional(nonNegative(1e6)),
    applies_to: z.optional(z.array(name()).check(z.minLength(1))),
    classes: z.optional(z.array(name()).check(z.minLength(1))),
  })
  .check(
    z.refine(
      (c) => (c.per_1k_calls !== undefined) !== (c.per_call !== undefined),
      'E_INVALID:needs exactly one of per_1k_calls and per_call|per_1k_calls: USD, or per_call: USD with an optional share',
    ),
    z.refine(
      (c) => c.share === undefined || c.per_call !== undefined,
      'E_INVALID:share goes with per_call|per_call: USD for the share of calls that incur it',
    ),
  );
export type PerCallCost = z.infer<typeof PerCallCost>;

const Overhead = z
  .strictObject({
    name: nonEmptyString(200),
    monthly: z.optional(nonNegative(1e12)),
    one_time: z.optional(nonNegative(1e12)),
    applies_to: z.optional(z.array(name()).check(z.minLength(1))),
  })
  .check(
    z.refine(
      (o) => o.monthly !== undefined || o.one_time !== undefined,
      'E_MISSING_FIELD:needs `monthly` or `one_time`|an amount in USD',
    ),
  );

/**
 * Limits `llmcost check` enforces (USD): on any month's cost, on each year's cost (a partial year
 * prorated by its months), on the TCO, on TCO ÷ calls × 1000.
 */
export const BudgetLimits = z.strictObject({
  max_monthly: z.optional(nonNegative(1e15)),
  max_annual: z.optional(nonNegative(1e15)),
  max_tco: z.optional(nonNegative(1e15)),
  max_cost_per_1k_calls: z.optional(nonNegative(1e12)),
});

/**
 * The top-level limits apply to `strategy` (default: whichever is recommended); a block named after
 * a strategy holds limits for that strategy too (docs/check.md).
 */
const BudgetsFixed = z.strictObject({
  /** A built-in strategy, a user-defined one (`strategies:`), `recommended` or `plan`. */
  strategy: z._default(name(), 'recommended'),
  /** First month of the fiscal year (1–12, or "04"): max_annual then checks fiscal years (needs start_month). */
  fiscal_year_start: z.optional(z.union([wholeNumber(1, 12), z.string().check(z.regex(/^(0[1-9]|1[0-2])$/))])),
  ...BudgetLimits.shape,
  api: z.optional(BudgetLimits),
  self_hosted: z.optional(BudgetLimits),
  hybrid: z.optional(BudgetLimits),
  api_same_model: z.optional(BudgetLimits),
  recommended: z.optional(BudgetLimits),
  /** The cheapest path of `llmcost plan` (the scenario's `plan:` block), month by month. */
  plan: z.optional(BudgetLimits),
});
/** Any other key is a portfolio's limits block (`budgets.routed:`); scenario/portfolioRules.ts checks the name. */
const Budgets = z.catchall(BudgetsFixed, z.unknown());
/** The keys of `budgets:` other than a portfolio's limits blocks. */
export const BUDGET_KEYS: readonly string[] = Object.keys(BudgetsFixed.shape);

/**
 * The currency the scenario reports in: its own amounts (staff, overheads, budgets) are in `code`;
 * USD pricing tables are converted once at `per_usd` (units of `code` per US dollar), a rate with
 * the date it was read and where.
 */
const Currency = z.strictObject({
  code: z.string().check(z.regex(/^[A-Z]{3}$/, 'E_INVALID:is not a currency code|an ISO 4217 code such as EUR')),
  per_usd: positive(1e6).check(
    z.refine(
      (n) => /^\d+(\.\d{1,8})?$/.test(String(n)),
      'E_INVALID:has more than 8 decimals|a rate with at most 8 decimals, e.g. 0.92',
    ),
  ),
  as_of: isoDate(),
  source: nonEmptyString(2000),
});

/** Each (from, to) pair once, at most one per ordered pair of strategies: bounds the plan's search. */
export const MAX_PLAN_SWITCHES = 12;

/**
 * A move `llmcost plan` may make: it takes effect in month s (the first month `to` serves all
 * traffic), bills `one_time` in month s and, in each of the `lead_months` before s, what `to` costs at
 * zero traffic beyond what `from` already pays (docs/plan.md). `once`: usable at most once.
 */
const PlanSwitch = z.strictObject({
  /** A built-in strategy or a portfolio's (`strategies:`); checkPlan says which the scenario computes. */
  from: name(),
  to: name(),
  one_time: z._default(nonNegative(1e12), 0),
  lead_months: z._default(wholeNumber(0, MAX_HORIZON_MONTHS), 0),
  once: z._default(z.boolean(), false),
});

const Plan = z.strictObject({
  /** The strategy serving month 1 (default: the cheapest in month 1). */
  start: z.optional(name()),
  switches: z.array(PlanSwitch).check(z.minLength(1), z.maxLength(MAX_PLAN_SWITCHES)),
  min_months_between_switches: z._default(wholeNumber(1, MAX_HORIZON_MONTHS), 1),
});
export type PlanBlock = z.infer<typeof Plan>;

/** The strategies a scenario can compute, from its blocks (the engine's rule: src/engine/strategies.ts). */
function definedStrategies(s: {
  api?: unknown;
  self_hosted?: unknown;
  hybrid?: unknown;
  strategies?: Record<string, unknown> | undefined;
}): StrategyId[] {
  const both = s.api !== undefined && s.self_hosted !== undefined;
  // api_same_model comes from the pricing tables (an API row serving the open model), not a block.
  const has: Record<BuiltinStrategyId, boolean> = {
    api: s.api !== undefined,
    self_hosted: s.self_hosted !== undefined,
    hybrid: s.hybrid !== undefined && both,
    api_same_model: false,
  };
  return [...STRATEGIES.filter((id) => has[id]), ...Object.keys(s.strategies ?? {})];
}

type IssueSink = (path: Array<string | number>, input: unknown, message: string) => void;

/** The plan names only strategies the scenario computes, each move once, with a lead that fits. */
function checkPlan(
  s: {
    horizon_months: number;
    plan?: PlanBlock | undefined;
    api?: unknown;
    self_hosted?: unknown;
    hybrid?: unknown;
    strategies?: Record<string, unknown> | undefined;
  },
  issue: IssueSink,
): void {
  const plan = s.plan;
  if (!plan) return;
  const defined = definedStrategies(s);
  const expected = `a strategy this scenario computes (${defined.join(', ')})`;
  // A name no strategy has is a typo (the nearest name); a known one the scenario lacks needs its block.
  const names = [...STRATEGIES, ...Object.keys(s.strategies ?? {})];
  const unknown = (path: Array<string | number>, id: string) => {
    if (!names.includes(id)) {
      const near = didYouMean(id, names);
      issue(path, id, `E_INVALID:got '${id}'|one of ${names.join(', ')}${near ? `; did you mean ${near}?` : ''}`);
      return;
    }
    issue(path, id, `E_INVALID:'${id}' is not computed by this scenario (it needs its \`${id}:\` block)|${expected}`);
  };
  if (plan.start !== undefined && !defined.includes(plan.start)) unknown(['plan', 'start'], plan.start);
  const seen = new Set<string>();
  plan.switches.forEach((sw, i) => {
    const at = (field: string) => ['plan', 'switches', i, field];
    if (!defined.includes(sw.from)) unknown(at('from'), sw.from);
    if (!defined.includes(sw.to)) unknown(at('to'), sw.to);
    if (sw.from === sw.to)
      issue(at('to'), sw.to, `E_INVALID:switches from '${sw.from}' to itself|a strategy other than \`from\``);
    const pair = `${sw.from}>${sw.to}`;
    if (seen.has(pair))
      issue(
        at('to'),
        sw.to,
        `E_DUPLICATE_ID:a second switch from '${sw.from}' to '${sw.to}'|one switch per (from, to) pair`,
      );
    seen.add(pair);
    if (sw.lead_months >= s.horizon_months) {
      const why = `E_RANGE:got ${sw.lead_months}, which leaves no month of the ${s.horizon_months}-month horizon to switch in`;
      issue(
        at('lead_months'),
        sw.lead_months,
        `${why}|at most ${s.horizon_months - 1} (the lead months fit inside the horizon)`,
      );
    }
  });
}

export const Scenario = z
  .strictObject({
    version: z.literal(1),
    name: nonEmptyString(200),
    description: z.optional(nonEmptyString(5000)),
    horizon_months: z._default(wholeNumber(1, MAX_HORIZON_MONTHS), 24),
    days_per_month: z._default(finite().check(z.gt(0), z.lte(31)), DEFAULT_DAYS_PER_MONTH),
    start_month: z.optional(
      z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'E_INVALID:is not a month|a month as YYYY-MM')),
    ),
    /** The one-class form; a portfolio gives `workloads:` instead. */
    workload: z.optional(Workload),
    /** Request classes of a portfolio, each a workload with an id (docs/scenario.md § workloads). */
    workloads: z.optional(z.array(WorkloadClass).check(z.minLength(1), z.maxLength(MAX_CLASSES))),
    api: z.optional(Api),
    self_hosted: z.optional(SelfHosted),
    hybrid: z.optional(Hybrid),
    /** More named self-hosted deployments a strategy's routes may send calls to. */
    deployments: z.optional(
      z
        .record(name(), SelfHosted)
        .check(
          z.refine(
            (r) => Object.keys(r).length <= MAX_DEPLOYMENTS,
            `E_RANGE:has more than ${MAX_DEPLOYMENTS} deployments|at most ${MAX_DEPLOYMENTS}`,
          ),
        ),
    ),
    /** User-defined portfolios, reported next to the built-in strategies. */
    strategies: z.optional(
      z
        .record(name(), UserStrategy)
        .check(
          z.refine(
            (r) => Object.keys(r).length <= MAX_USER_STRATEGIES,
            `E_RANGE:has more than ${MAX_USER_STRATEGIES} strategies|at most ${MAX_USER_STRATEGIES}`,
          ),
        ),
    ),
    /** Costs per call beyond tokens (moderation, human review, tool calls), per class and strategy. */
    per_call_costs: z.optional(z.array(PerCallCost).check(z.maxLength(MAX_PER_CALL_COSTS))),
    overheads: z._default(z.array(Overhead).check(z.maxLength(MAX_OVERHEADS)), []),
    budgets: z.optional(Budgets),
    currency: z.optional(Currency),
    /** Negotiated discounts off list price, per provider, shown as their own line items. */
    discounts: z.optional(z.array(Discount)),
    /** The moves `llmcost plan` may make between strategies over the horizon (docs/plan.md). */
    plan: z.optional(Plan),
  })
  .check(
    z.refine(
      (s) => s.api !== undefined || s.self_hosted !== undefined,
      'E_MISSING_FIELD:a scenario needs an `api:` or a `self_hosted:` block|at least one of api, self_hosted',
    ),
    z.superRefine((s, ctx) => {
      checkPlan(s, (path, input, message) => ctx.issues.push({ code: 'custom', path, input, message }));
    }),
    z.superRefine((s, ctx) => {
      checkPortfolio(
        s,
        definedStrategies(s),
        (path, input, message) => ctx.issues.push({ code: 'custom', path, input, message }),
        BUDGET_KEYS,
      );
      // A portfolio's limits block (`budgets.routed:`): the limits of any other block.
      for (const k of Object.keys(s.strategies ?? {})) {
        const block = (s.budgets as Record<string, unknown> | undefined)?.[k];
        if (block === undefined) continue;
        const r = z.safeParse(BudgetLimits, block);
        if (!r.success)
          for (const i of r.error.issues)
            ctx.issues.push({ code: 'custom', input: block, path: ['budgets', k, ...i.path], message: i.message });
      }
    }),
    z.superRefine((s, ctx) => {
      const seen = new Set<string>();
      s.discounts?.forEach((d, i) => {
        if (seen.has(d.provider))
          ctx.issues.push({
            code: 'custom',
            path: ['discounts', i, 'provider'],
            input: d.provider,
            message: `E_DUPLICATE_ID:a second discount for '${d.provider}'|one discount per provider`,
          });
        seen.add(d.provider);
      });
      const classes: Array<[Array<string | number>, { growth: z.infer<typeof Growth> }]> = s.workload
        ? [[['workload'], s.workload]]
        : (s.workloads ?? []).map((w, i) => [['workloads', i], w]);
      for (const [at, w] of classes) {
        const g = w.growth;
        if ('curve' in g && g.curve.length !== s.horizon_months) {
          ctx.issues.push({
            code: 'custom',
            path: [...at, 'growth', 'curve'],
            input: g.curve,
            message: `E_RANGE:has ${g.curve.length} multipliers|one multiplier per month (${s.horizon_months}, the horizon)`,
          });
        }
      }
    }),
  );

export type Scenario = z.infer<typeof Scenario>;
