// The cents every cents view prints, from one allocation (centsPlan in src/money.ts): a strategy's
// TCO rounded to cents, those cents allocated over its months, each month's cents over its items.
// Table, --monthly, CSV (long and wide), FOCUS, Markdown, HTML, JSON `*_cents` and money budgets all
// read their cents from here, so no two views of one figure can differ by a cent.
import { centsPlan, sum, type CentsPlan, type Decimal } from '../money.js';
import { CATEGORIES, type Category, type StrategyResult } from './model.js';

const plans = new WeakMap<StrategyResult, CentsPlan>();

export function strategyCents(s: StrategyResult): CentsPlan {
  let plan = plans.get(s);
  if (!plan) {
    plan = centsPlan(s.months.map((m) => m.items.map((i) => (i.missing_price !== undefined ? null : i.cost))));
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
  const { items } = strategyCents(s);
  const byCat = Object.fromEntries(CATEGORIES.map((c) => [c, [] as Decimal[]])) as Record<Category, Decimal[]>;
  s.months.forEach((m, i) => m.items.forEach((it, j) => byCat[it.category].push(items[i]![j]!)));
  return Object.fromEntries(CATEGORIES.map((c) => [c, sum(byCat[c])])) as Record<Category, Decimal>;
}
