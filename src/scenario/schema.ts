// The scenario format users write (YAML, `version: 1`). Strict: an unknown key is a typo, and typos
// are errors. Defaults live here, once; docs/scenario.md and `llmcost schema scenario` derive from it.
import * as z from 'zod/mini';
import { COMMITMENTS, PRECISIONS } from '../pricing/schema.js';
import { finite, id, nonEmptyString, nonNegative, positive, share, wholeNumber } from '../schema-helpers.js';
import { ENCODINGS } from '../tokens/encodings.js';

export const STRATEGIES = ['api', 'self_hosted', 'hybrid'] as const;
export type StrategyId = (typeof STRATEGIES)[number];

export const MAX_HORIZON_MONTHS = 120;
/** The cloud billing convention: 365/12 days = 730 hours a month. */
export const DEFAULT_DAYS_PER_MONTH = 365 / 12;

const Growth = z.union([
  z.strictObject({ monthly_rate: finite().check(z.gt(-1), z.lte(10)) }),
  z.strictObject({ curve: z.array(nonNegative(1e6)).check(z.minLength(1)) }),
]);

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
const SAMPLE_EXPECTED = 'a number of tokens per call, or { sample: FILE|FOLDER|GLOB, stat: mean|p50|p95|max }';
const tokens = () => z.union([nonNegative(1e8), TokenSample], { error: `E_TYPE:is neither a token count nor a sample|${SAMPLE_EXPECTED}` });

const Workload = z
  .strictObject({
    daily_active_users: z.optional(nonNegative()),
    requests_per_user_per_day: z.optional(nonNegative(1e6)),
    requests_per_day: z.optional(nonNegative()),
    input_tokens: tokens(),
    output_tokens: tokens(),
    rag_context_tokens: z._default(z.union([nonNegative(1e8), RagSample], { error: `E_TYPE:is neither a token count nor a sample|${SAMPLE_EXPECTED}, per_call: N` }), 0),
    llm_calls_per_request: z._default(positive(1e4), 1),
    retry_rate: z._default(finite().check(z.gte(0), z.lte(10)), 0),
    cached_input_share: z._default(share(), 0),
    peak_to_average: z._default(finite().check(z.gte(1), z.lte(1000)), 2),
    growth: z._default(Growth, { monthly_rate: 0 }),
  })
  .check(
    z.refine(
      (w) => (w.requests_per_day !== undefined) !== (w.daily_active_users !== undefined || w.requests_per_user_per_day !== undefined),
      'E_INVALID:give either requests_per_day or daily_active_users with requests_per_user_per_day|exactly one of the two forms',
    ),
    z.refine(
      (w) => w.requests_per_day !== undefined || (w.daily_active_users !== undefined && w.requests_per_user_per_day !== undefined),
      'E_MISSING_FIELD:daily_active_users and requests_per_user_per_day go together|both fields, or requests_per_day instead',
    ),
  );

const Staff = z.strictObject({
  fte: nonNegative(1e4),
  annual_cost_per_fte: nonNegative(1e8),
});

const FineTuning = z.strictObject({
  gpu_hours: nonNegative(1e8),
  every_months: z.optional(wholeNumber(1, MAX_HORIZON_MONTHS)),
});

const Api = z.strictObject({
  model: id(),
  batch_share: z._default(share(), 0),
});

const SelfHosted = z.strictObject({
  model: id(),
  gpu: id(),
  provider: id(),
  commitment: z._default(z.enum(COMMITMENTS), 'on_demand'),
  precision: z.optional(z.enum(PRECISIONS)),
  gpus_per_replica: z.optional(wholeNumber(1, 64)),
  target_utilization: z._default(finite().check(z.gt(0), z.lte(1)), 0.6),
  min_replicas: z._default(wholeNumber(0, 100000), 2),
  staff: z.optional(Staff),
  fine_tuning: z.optional(FineTuning),
});

const Hybrid = z.strictObject({
  self_hosted_share: share(),
});

const Overhead = z
  .strictObject({
    name: nonEmptyString(200),
    monthly: z.optional(nonNegative(1e12)),
    one_time: z.optional(nonNegative(1e12)),
    applies_to: z.optional(z.array(z.enum(STRATEGIES)).check(z.minLength(1))),
  })
  .check(z.refine((o) => o.monthly !== undefined || o.one_time !== undefined, 'E_MISSING_FIELD:needs `monthly` or `one_time`|an amount in USD'));

const Budgets = z.strictObject({
  strategy: z._default(z.enum([...STRATEGIES, 'recommended']), 'recommended'),
  max_monthly: z.optional(nonNegative(1e15)),
  max_tco: z.optional(nonNegative(1e15)),
  max_cost_per_1k_calls: z.optional(nonNegative(1e12)),
});

export const Scenario = z
  .strictObject({
    version: z.literal(1),
    name: nonEmptyString(200),
    description: z.optional(nonEmptyString(5000)),
    horizon_months: z._default(wholeNumber(1, MAX_HORIZON_MONTHS), 24),
    days_per_month: z._default(finite().check(z.gt(0), z.lte(31)), DEFAULT_DAYS_PER_MONTH),
    start_month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'E_INVALID:is not a month|a month as YYYY-MM'))),
    workload: Workload,
    api: z.optional(Api),
    self_hosted: z.optional(SelfHosted),
    hybrid: z.optional(Hybrid),
    overheads: z._default(z.array(Overhead), []),
    budgets: z.optional(Budgets),
  })
  .check(
    z.refine((s) => s.api !== undefined || s.self_hosted !== undefined, 'E_MISSING_FIELD:a scenario needs an `api:` or a `self_hosted:` block|at least one of api, self_hosted'),
    z.superRefine((s, ctx) => {
      const g = s.workload.growth;
      if ('curve' in g && g.curve.length !== s.horizon_months) {
        ctx.issues.push({
          code: 'custom',
          path: ['workload', 'growth', 'curve'],
          input: g.curve,
          message: `E_RANGE:has ${g.curve.length} multipliers|one multiplier per month (${s.horizon_months}, the horizon)`,
        });
      }
    }),
  );

export type Scenario = z.infer<typeof Scenario>;
