// One way to print an amount of a strategy in every format: a total that includes an item without a
// price (--allow-missing-prices) is a lower bound and says so ("≥ $1,234.00"), never a plain figure
// that reads as the whole cost. Formats call this instead of formatUsd for strategy totals.
import { formatUsd, formatUsdShort, type Decimal } from '../money.js';

/** Anything that knows whether its totals are lower bounds (a strategy result, a diff side). */
export interface Bounded {
  lower_bound?: boolean | undefined;
}

export const AT_LEAST = '≥ ';

/** `$1,234.56`, or `≥ $1,234.56` when the strategy's totals are lower bounds; in the report's currency. */
export function amount(of: Bounded, value: Decimal, places = 2, currency = 'USD'): string {
  return `${of.lower_bound ? AT_LEAST : ''}${formatUsd(value, places, currency)}`;
}

/** The short form for chart labels (`$1.2M`), with the same mark. */
export function amountShort(of: Bounded, value: Decimal): string {
  return `${of.lower_bound ? AT_LEAST : ''}${formatUsdShort(value)}`;
}

/** Cost per 1,000 calls at the four decimals every format prints, or '-' when there are no calls. */
export function perThousand(of: Bounded & { cost_per_1k_calls: Decimal | null }, currency = 'USD'): string {
  return of.cost_per_1k_calls ? amount(of, of.cost_per_1k_calls, 4, currency) : '-';
}
