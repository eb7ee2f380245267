// The cents every cents view prints, from one allocation (centsPlan in src/money.ts): a strategy's
// TCO rounded to cents, those cents allocated over its months, each month's cents over its items.
// Table, --monthly, CSV (long and wide), FOCUS, Markdown, HTML, JSON `*_cents` and money budgets all
// read their cents from here, so no two views of one figure can differ by a cent.
import { centsPlan, sum, ZERO, type CentsPlan, type Decimal } from '../money.js';
import { CATEGORIES, type Category, type LineItem, type StrategyResult } from './model.js';

/**
 * The allocation of one strategy: its months, and the horizon-level items (reserved terms after the
 * horizon) as one more group, so months + after sum to the TCO's cents and every month stays true.
 */
export interface StrategyCents extends CentsPlan {
  /** Cents of the horizon-level items (0 when none), and each item's. */
  after: Decimal;
  afterItems: Decimal[];
}

const plans = new WeakMap<StrategyResult, StrategyCents>();

export function strategyCents(s: StrategyResult): StrategyCents {
  let plan = plans.get(s);
  if (!plan) {
    const cost = (i: LineItem) => (i.missing_price !== undefined ? null : i.cost);
    const after = s.after_horizon ?? [];
    const groups = s.months.map((m) => m.items.map(cost));
    const all = centsPlan(after.length ? [...groups, after.map(cost)] : groups);
    const n = s.months.length;
    plan = after.length
      ? {
          total: all.total,
          months: all.months.slice(0, n),
          items: all.items.slice(0, n),
          after: all.months[n]!,
          afterItems: all.items[n]!,
        }
      : { ...all, after: ZERO, afterItems: [] };
    plans.set(s, plan);
  }
  return plan;
}

/** Month 1 and the last month, in cents, as the month-by-month table shows them. */
export function endMonthsCents(s: StrategyResult): { first: Decimal; last: Decimal } {
  const { months, total } = strategyCents(s);
  return { first: months[0] ?? total, last: months[months.length - 1] ?? total };
}

/** Each category's cents: the sum of its items' cents, so the categories sum to the TCO's cents. */
export function categoryCents(s: StrategyResult): Record<Category, Decimal> {
  const { items, afterItems } = strategyCents(s);
  const byCat = Object.fromEntries(CATEGORIES.map((c) => [c, [] as Decimal[]])) as Record<Category, Decimal[]>;
  s.months.forEach((m, i) => m.items.forEach((it, j) => byCat[it.category].push(items[i]![j]!)));
  (s.after_horizon ?? []).forEach((it, j) => byCat[it.category].push(afterItems[j]!));
  return Object.fromEntries(CATEGORIES.map((c) => [c, sum(byCat[c])])) as Record<Category, Decimal>;
}
