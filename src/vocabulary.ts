// The words every stage shares: strategy ids, cost categories, the line item, the assumption record
// and the time and token constants. Any module may import this one; it imports nothing but types of
// money.ts, so it can never close a cycle between stages (docs/architecture.md).
import type { Decimal } from './money.js';

/** The built-in strategies, in report order. */
/**
 * The built-in strategies a report compares, in report order. `api_same_model`: the self-hosted open
 * model bought per token from a hosted endpoint (an API row declaring `open_model`), when the tables
 * have one.
 */
export const STRATEGIES = ['api', 'self_hosted', 'hybrid', 'api_same_model'] as const;
export type BuiltinStrategyId = (typeof STRATEGIES)[number];
/**
 * A strategy id: a built-in one, or the name of a user-defined portfolio (scenario `strategies:`),
 * snake_case like the report's JSON Schema asks. `string & {}` keeps the built-in names as hints.
 */
export type StrategyId = BuiltinStrategyId | (string & {});
/** Strategies weighed against the API (break-even, payback): every one but `api`, portfolios included. */
export type RivalId = Exclude<BuiltinStrategyId, 'api'> | (string & {});

/** How GPU-hours are bought: pricing rows carry a rate per commitment (pricing/schema.ts validates them). */
export const COMMITMENTS = ['on_demand', 'reserved_1y', 'reserved_3y', 'spot', 'capacity_block'] as const;
export type Commitment = (typeof COMMITMENTS)[number];
/**
 * Commitments with a term: capacity bought at them is billed every month of the term whether used or
 * not (engine/commitments.ts). Months of each, as the providers sell them (1-year and 3-year terms).
 */
export const COMMITMENT_TERMS: ReadonlyArray<{ commitment: Commitment; months: number }> = [
  { commitment: 'reserved_1y', months: 12 },
  { commitment: 'reserved_3y', months: 36 },
];
/**
 * What an owned fleet costs (self_hosted.commitment: owned / owned_replicas): the purchase (cash view)
 * or its straight-line depreciation, energy, hosting, maintenance, and the resale credit (negative).
 * Reports list them only when a strategy has them, so rented-only reports keep their shape.
 */
export const OWNED_CATEGORIES = ['capital', 'depreciation', 'energy', 'hosting', 'maintenance', 'residual'] as const;
export type OwnedCategory = (typeof OWNED_CATEGORIES)[number];

/** Cost categories of line items, in report order. */
export const CATEGORIES = [
  'api_tokens',
  'gpu',
  ...OWNED_CATEGORIES,
  'staff',
  'fine_tuning',
  'overhead',
  'one_time',
  // What reserved terms still owe after the last month: a horizon-level item, in no month.
  'commitment_after_horizon',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories listed only when not zero: the owned-hardware ones and commitments past the horizon. */
const OPTIONAL_CATEGORIES: readonly string[] = [...OWNED_CATEGORIES, 'commitment_after_horizon'];

/** A category that is listed only when it is not zero. */
export function isOptionalCategory(c: Category): c is OwnedCategory | 'commitment_after_horizon' {
  return OPTIONAL_CATEGORIES.includes(c);
}

export interface LineItem {
  category: Category;
  name: string;
  quantity: Decimal;
  unit: string;
  unit_price: Decimal;
  /** quantity × unit_price computed exactly, quantised once to $0.000001. */
  cost: Decimal;
  /** Where the price came from: pricing row and its as_of date, or the scenario field. */
  source: string;
  /**
   * Set only with --allow-missing-prices when the tables have no price for this item: the reason.
   * `unit_price` and `cost` are then placeholders (0) that formats print as unknown, never as $0,
   * and every total that includes the item is a lower bound ("at least").
   */
  missing_price?: string;
  /**
   * GPU-hours: the commitment they are billed at and the on-demand (list) rate of the same hour, so
   * a FinOps export can show the list price beside the committed one (FOCUS ListUnitPrice).
   */
  pricing?: { commitment: Commitment; list_unit_price: Decimal } | undefined;
  /**
   * A portfolio's items (scenario `workloads:` / `strategies:`): the request class(es) the item
   * serves and the target serving them (`api:<model>` or a deployment's name). Absent otherwise.
   */
  class?: string | undefined;
  target?: string | undefined;
}

/** One input of a report and where its value came from (scenario field, default, measurement, flag). */
export interface Assumption {
  field: string;
  value: string;
  source: string;
}

export const HOURS_PER_DAY = 24;
/** Per-token prices are quoted per million tokens. */
export const TOKENS_PER_MILLION = 1_000_000;
/** The cloud billing month when a scenario has no calendar: 365/12 days = 730 hours. */
export const DEFAULT_DAYS_PER_MONTH = 365 / 12;
