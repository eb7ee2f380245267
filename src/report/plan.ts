// The plan report (`llmcost plan`): the cheapest month-by-month path between strategies, with its
// switches, and the zod schema of its JSON (`llmcost schema plan`). Its own versioned document,
// apart from the compare report: schema_version 1. Money is Decimal here; JSON writes exact strings.
import * as z from 'zod/mini';
import type { Decimal } from '../money.js';
import type { LineItem, StrategyId } from '../vocabulary.js';

export const PLAN_SCHEMA_VERSION = 1;

/**
 * Why an item is in a plan month: the strategy serving traffic; a target being provisioned before
 * its switch takes effect; the switch's own one-time cost; a reserved commitment still billed after
 * its strategy stopped serving.
 */
export const PLAN_ROLES = ['serving', 'provisioning', 'switch', 'commitment'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

export interface PlanItem extends LineItem {
  role: PlanRole;
  /** The strategy the item belongs to (for a switch: the strategy switched to). */
  strategy: StrategyId;
}

export interface PlanMonth {
  month: number;
  period: string | null;
  /** The strategy serving all of this month's traffic. */
  strategy: StrategyId;
  /** Strategies being provisioned this month for a switch that takes effect later. */
  provisioning: StrategyId[];
  cost: Decimal;
  items: PlanItem[];
}

export interface PlanSwitchResult {
  /** The first month `to` serves all traffic. */
  month: number;
  from: StrategyId;
  to: StrategyId;
  lead_months: number;
  /** The switch's own cost (scenario `plan.switches[].one_time`), billed in `month`. */
  one_time: Decimal;
  /** What `to` costs at zero traffic, beyond what `from` already pays, over the lead months. */
  lead_cost: Decimal;
  /** `to`'s one-time overheads and first fine-tuning run, in its first provisioning month. */
  setup_cost: Decimal;
  /** `from`'s reserved replicas still billed after the switch, to the end of their term. */
  commitment_cost: Decimal;
  /** The month from which `to`'s monthly run cost stays below `from`'s (null: never in the horizon). */
  cheaper_from: number | null;
  /** The month by whose end the monthly savings since `month` repay every cost of the switch. */
  payback_month: number | null;
}

/** A stretch of months on one strategy: provisioned from, serving from, serving to (inclusive). */
export interface PlanSegment {
  strategy: StrategyId;
  provisioning_from: number | null;
  serving_from: number;
  serving_to: number;
}

export interface PlanVersus {
  strategy: StrategyId;
  tco: Decimal;
  /** Its TCO minus the plan's (positive: the plan saves this much). */
  saving: Decimal;
}

export interface PlanResult {
  start: StrategyId;
  tco: Decimal;
  /** True when some item has no price (--allow-missing-prices): the TCO is "at least". */
  lower_bound?: boolean;
  /** No `plan:` block: every strategy may switch to every other at no cost, with no lead. */
  free_switching: boolean;
  min_months_between_switches: number;
  segments: PlanSegment[];
  months: PlanMonth[];
  switches: PlanSwitchResult[];
  /** The cheapest single strategy over the horizon (compare's recommendation). */
  versus_static: PlanVersus;
  /** Staying on `start` for the whole horizon. */
  versus_start: PlanVersus;
}

export interface PlanReport {
  schema_version: typeof PLAN_SCHEMA_VERSION;
  scenario: string;
  currency: string;
  horizon_months: number;
  start_month: string | null;
  plan: PlanResult;
}

// The JSON document (src/format/plan.ts writes it; a test validates real output against this).
const Money = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));
const Strategy = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/));
const Month = z.int().check(z.gte(1));

const Item = z.strictObject({
  role: z.enum(PLAN_ROLES),
  strategy: Strategy,
  category: z.string(),
  name: z.string(),
  quantity: z.number(),
  unit: z.string(),
  unit_price: z.nullable(Money),
  cost: z.nullable(Money),
  source: z.string(),
  missing_price: z.optional(z.string()),
});

const Versus = z.strictObject({ strategy: Strategy, tco: Money, saving: Money });
/** Sampled (float) figures, to the cent: `plan --uncertainty`. */
const Spread = z.strictObject({ p10: z.number(), p50: z.number(), p90: z.number(), mean: z.number() });
const SwitchMonth = z.nullable(Month);

export const PlanDocument = z.strictObject({
  schema_version: z.literal(PLAN_SCHEMA_VERSION),
  scenario: z.string(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  horizon_months: Month,
  start_month: z.nullable(z.string()),
  plan: z.strictObject({
    start: Strategy,
    tco: Money,
    lower_bound: z.boolean(),
    free_switching: z.boolean(),
    min_months_between_switches: Month,
    segments: z.array(
      z.strictObject({
        strategy: Strategy,
        provisioning_from: z.nullable(Month),
        serving_from: Month,
        serving_to: Month,
      }),
    ),
    months: z.array(
      z.strictObject({
        month: Month,
        period: z.nullable(z.string()),
        strategy: Strategy,
        provisioning: z.array(Strategy),
        cost: Money,
        items: z.array(Item),
      }),
    ),
    switches: z.array(
      z.strictObject({
        month: Month,
        from: Strategy,
        to: Strategy,
        lead_months: z.int().check(z.gte(0)),
        one_time: Money,
        lead_cost: Money,
        setup_cost: Money,
        commitment_cost: Money,
        cheaper_from: z.nullable(Month),
        payback_month: z.nullable(Month),
      }),
    ),
    versus_static: Versus,
    versus_start: Versus,
  }),
  uncertainty: z.optional(
    z.strictObject({
      trials: z.int(),
      seed: z.int(),
      inputs: z.array(z.string()),
      switch_month: z.strictObject({ p10: SwitchMonth, p50: SwitchMonth, p90: SwitchMonth, never: z.int() }),
      saving_vs_start: Spread,
      saving_vs_static: Spread,
    }),
  ),
});
