// How big a scenario llmcost computes. Inside these limits every figure is exact: money has at most
// ~30 significant digits (the Decimal precision is 50) and replica counts stay safe JavaScript
// integers. Past them llmcost refuses with the limit stated, rather than print a rounded or
// exponent-notation number.
import { Decimal, formatNumber } from '../money.js';

/** Calls in any one month (and the largest break-even volume reported): 10^15. */
export const MAX_MONTHLY_CALLS = new Decimal('1e15');
/** GPUs billed in any one month: 10^9, far above any fleet, far below 2^53. */
export const MAX_GPUS = 1_000_000_000;

/** A large quantity for an error message: grouped digits up to 10^15, else mantissa × 10^exponent. */
export function roughly(d: Decimal): string {
  if (!d.isFinite()) return String(d);
  if (d.abs().lte(MAX_MONTHLY_CALLS)) return formatNumber(d);
  const [mantissa, exponent] = d.toExponential(2).split('e');
  return `${mantissa}×10^${Number(exponent)}`;
}
