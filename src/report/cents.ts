// The cents every cents view prints, from one allocation (centsPlan in src/money.ts): a strategy's
// TCO rounded to cents, those cents allocated over its months, each month's cents over its items.
// Table, --monthly, CSV (long and wide), FOCUS, Markdown, HTML, JSON `*_cents` and money budgets all
// read their cents from here, so no two views of one figure can differ by a cent.
import { allocateCentsTo, centsOf, centsPlan, sum, ZERO, type CentsPlan, type Decimal } from '../money.js';
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

/** Each month's items' costs, and the horizon-level items as one more group (null: unpriced). */
function groupsOf(s: StrategyResult): Array<Array<Decimal | null>> {
  const cost = (i: LineItem) => (i.missing_price !== undefined ? null : i.cost);
  const after = s.after_horizon ?? [];
  const groups = s.months.map((m) => m.items.map(cost));
  return after.length ? [...groups, after.map(cost)] : groups;
}

export function strategyCents(s: StrategyResult): StrategyCents {
  let plan = plans.get(s);
  if (!plan) {
    const after = s.after_horizon ?? [];
    const all = centsPlan(groupsOf(s));
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

/** A strategy's cents down to its months: the total, each month's, and the horizon-level items' (`after`). */
export type MonthsCents = Pick<StrategyCents, 'total' | 'months' | 'after'>;

const monthPlans = new WeakMap<StrategyResult, MonthsCents>();

/**
 * strategyCents without the items' shares, for views of month totals (the summary table, --monthly):
 * the same figures (centsPlan allocates the months before their items, from the same sums), without
 * allocating every month's cents over its items, which is most of the work.
 */
export function monthsCents(s: StrategyResult): MonthsCents {
  const full = plans.get(s);
  if (full) return full;
  let plan = monthPlans.get(s);
  if (!plan) {
    // As centsPlan: an unpriced item (null) has no cents of its own.
    const exact = groupsOf(s).map((items) => sum(items.filter((x): x is Decimal => x !== null)));
    const totalCents = centsOf(sum(exact));
    const cents = allocateCentsTo(exact, totalCents).map((c) => c.div(100));
    const n = s.months.length;
    const after = s.after_horizon?.length ? cents[n]! : ZERO;
    plan = { total: totalCents.div(100), months: cents.slice(0, n), after };
    monthPlans.set(s, plan);
  }
  return plan;
}

/** Month 1 and the last month, in cents, as the month-by-month table shows them. */
export function endMonthsCents(s: StrategyResult): { first: Decimal; last: Decimal } {
  const { months, total } = monthsCents(s);
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
