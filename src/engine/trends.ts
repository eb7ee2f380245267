// Price trends: a yearly rate of change applied month by month, compounding smoothly, so month m
// pays rate × (1 + change)^((m − 1) ÷ 12). Month 1 always pays today's price, which keeps the
// run-rate break-even (a steady month at today's prices) independent of the trend.
import { Decimal, ONE, isFastArithmetic } from '../money.js';
import { memoOn2 } from './memo.js';

/** Decimals a trended unit price keeps: $0.000001 per unit, so each line item is quantity × the printed price. */
export const TRENDED_PRICE_DECIMALS = 6;

/**
 * A fractional power at 50 digits costs about a millisecond, and a comparison asks for the same
 * (rate, month) factor dozens of times (items, cost curves, break-even): remember each once.
 */
const factors = new Map<string, Decimal>();
const MAX_REMEMBERED = 10_000;

export function trendFactor(changePerYear: Decimal | undefined, month: number): Decimal {
  if (!changePerYear || changePerYear.isZero() || month <= 1) return ONE;
  // Exact factors only: in fast arithmetic the rate may be a tape input (uncertainty/model.ts), and a
  // factor found by the rate's text would record a cost that does not depend on it — replayed at
  // another rate it answers the old one. In floats the month's factor is the monthly factor
  // (1 + change)^(1/12) raised to the whole power m − 1: one general power per trend instead of one per
  // month (a program shares it across months, and a whole power is a few multiplications:
  // fastDecimal.ts power): relative error about (m − 1) × 2^-53, under 3e-14 for any horizon the schema
  // allows (measured worst 1.9e-14, change +911% a year, month 111; the fast path is held to 1e-9).
  if (isFastArithmetic())
    return ONE.plus(changePerYear)
      .pow(1 / 12)
      .pow(month - 1);
  const key = `${changePerYear.toString()}|${month}`;
  let f = factors.get(key);
  if (!f) {
    f = ONE.plus(changePerYear).pow(new Decimal(month - 1).div(12));
    if (factors.size >= MAX_REMEMBERED) factors.clear();
    factors.set(key, f);
  }
  return f;
}

/**
 * Trended rates remembered by identity: a run prices the same (rate, trend) objects in every month of
 * every strategy, so each (rate, trend, month) is worked out once. Keyed by the objects, never by their
 * text, and one table per number type: a fast run (whose trend may be a tape input, a new object each
 * recording) never receives an exact value, nor the reverse.
 */
const trendedExact = memoOn2((_rate: Decimal, _change: Decimal) => new Map<number, Decimal>());
const trendedFast = memoOn2((_rate: Decimal, _change: Decimal) => new Map<number, Decimal>());

/** `rate` in month `month` under the trend; today's rate, untouched, when there is no trend. */
export function trendedRate(rate: Decimal, changePerYear: Decimal | undefined, month: number): Decimal {
  if (!changePerYear || month <= 1) return rate;
  const byMonth = (isFastArithmetic() ? trendedFast : trendedExact)(rate, changePerYear);
  let r = byMonth.get(month);
  if (r === undefined) {
    const f = trendFactor(changePerYear, month);
    r = f === ONE ? rate : rate.times(f).toDecimalPlaces(TRENDED_PRICE_DECIMALS, Decimal.ROUND_HALF_EVEN);
    byMonth.set(month, r);
  }
  return r;
}
