// Exact money. Every amount on the reporting path is a Decimal from this clone, never a binary float.
// A private clone keeps our precision and rounding settings from leaking into (or being changed by)
// a host application that also uses decimal.js.
import { Decimal as DecimalJs } from 'decimal.js';
import { FastDecimal, isRecording } from './fastDecimal.js';

const ExactDecimal = DecimalJs.clone({
  // 34 significant digits (IEEE 754 decimal128): line items are quantised to $0.000001, so even a
  // $10^15 total keeps 13 spare digits, and it costs half of what 50 digits did (docs/performance.md).
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof ExactDecimal>;

/**
 * The number type of the cost model. Exact on every path that reports (this is the default and what
 * every result a user sees is computed with); the analyses' sampled runs swap in FastDecimal for the
 * duration of one synchronous call (withFastArithmetic), so the one engine serves both. These are
 * live bindings: importers see the swap.
 */
export let Decimal: typeof ExactDecimal = ExactDecimal;
export let ZERO: Decimal = new ExactDecimal(0);
export let ONE: Decimal = new ExactDecimal(1);

const EXACT = { Decimal: ExactDecimal, ZERO, ONE };
// FastDecimal implements the subset of Decimal's API the cost model uses (fastDecimal.ts); the
// property test runs every scenario field through both and compares.
const FAST = {
  Decimal: FastDecimal as unknown as typeof ExactDecimal,
  ZERO: new FastDecimal(0) as unknown as Decimal,
  ONE: new FastDecimal(1) as unknown as Decimal,
};

/**
 * Run `fn` with binary-float arithmetic standing in for exact decimals: the analyses' fast path.
 * `fn` must be synchronous (no await inside), so no other code can observe the swap; restored even
 * when `fn` throws.
 */
export function withFastArithmetic<T>(fn: () => T): T {
  ({ Decimal, ZERO, ONE } = FAST);
  try {
    return fn();
  } finally {
    ({ Decimal, ZERO, ONE } = EXACT);
  }
}

/**
 * A plain-number estimate of `d` for a shortcut whose answer does not depend on it being right (a
 * binary estimate that settles ⌈a ÷ b⌉ without the division): undefined while the fast path records
 * a tape, which must see the exact decision instead (fastDecimal.ts).
 */
export function hintNumber(d: Decimal): number | undefined {
  if (Decimal === ExactDecimal) return d.toNumber();
  return isRecording() ? undefined : d.toNumber();
}

/**
 * `d` as a plain number for a report fact (a modelled latency, a label) that no cost or decision reads:
 * on the fast path it is read without recording a guard, so a tape is not tied to its value.
 */
export function factNumber(d: Decimal): number {
  return Decimal === ExactDecimal ? d.toNumber() : (d as unknown as FastDecimal).peek();
}

/** True inside withFastArithmetic (tests assert the exact mode is always restored). */
export function isFastArithmetic(): boolean {
  return Decimal !== ExactDecimal;
}

export type DecimalLike = Decimal | number | string;

export function dec(value: DecimalLike): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total: Decimal | undefined;
  if (Decimal !== ExactDecimal) {
    // Fast arithmetic: no −0 to tidy away for printing, and no zero test for a tape to record.
    // (An exact constant made when a module loaded is converted once, as the first term.)
    for (const v of values) total = total === undefined ? (v instanceof Decimal ? v : new Decimal(v)) : total.plus(v);
    return total ?? ZERO;
  }
  // 0 + x is x (and 0 + −0 is 0): the first term needs no addition.
  for (const v of values) total = total === undefined ? (v.isZero() ? ZERO : v) : total.plus(v);
  return total ?? ZERO;
}

/**
 * A line item's cost is computed exactly and quantised once to a micro-dollar ($0.000001), the finest
 * unit any provider bills in. Totals are exact sums of quantised items, so every total in every format
 * is the sum of the items shown beside it.
 */
export const MONEY_DECIMALS = 6;

export function quantize(amount: Decimal): Decimal {
  // The analyses' fast arithmetic leaves items unquantised: each differs by at most half a micro-dollar
  // (the fast-engine test allows exactly that), and a sampled total needs no cent-exact items.
  if (Decimal !== ExactDecimal) return amount;
  return amount.toDecimalPlaces(MONEY_DECIMALS, Decimal.ROUND_HALF_EVEN);
}

/** Plain decimal string, no exponent, no trailing zeros ("96000", "0.0035"). The JSON money form. */
export function toPlain(amount: Decimal): string {
  const fixed = amount.toFixed();
  return fixed === '-0' ? '0' : fixed;
}

/** Cents, half away from zero (the way invoices round), as a fixed two-decimal string. */
export function toCents(amount: Decimal): string {
  const s = amount.toFixed(2, Decimal.ROUND_HALF_UP);
  return s === '-0.00' ? '0.00' : s;
}

/** Currency symbols for people; any other ISO code is written before the amount ("CHF 1,234.00"). */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** The symbol (or "CODE ") written before an amount in `currency`. */
export const currencySymbol = (currency: string): string => CURRENCY_SYMBOLS[currency] ?? `${currency} `;

/** "$1,234,567.89" (or "€…" in another currency) for people; never used in machine-readable formats. */
export function formatUsd(amount: Decimal, decimals = 2, currency = 'USD'): string {
  const negative = amount.isNegative() && !amount.isZero();
  const [whole, frac] = amount.abs().toFixed(decimals, Decimal.ROUND_HALF_UP).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${currencySymbol(currency)}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Money in a report's currency, two decimals: "€1,234.50". */

/** Compact money for narrow columns and charts: $96.0k, $2.31M. */
export function formatUsdShort(amount: Decimal): string {
  const abs = amount.abs();
  const sign = amount.isNegative() && !amount.isZero() ? '-' : '';
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs.gte(size))
      return `${sign}$${abs.div(size).toFixed(abs.div(size).gte(100) ? 0 : abs.div(size).gte(10) ? 1 : 2, Decimal.ROUND_HALF_UP)}${suffix}`;
  }
  return `${sign}$${abs.toFixed(2, Decimal.ROUND_HALF_UP)}`;
}

/** Integer-like quantities for people: 12,000,000 (rounded half up to `decimals`). */
export function formatNumber(value: Decimal, decimals = 0): string {
  const [whole, frac] = value.toFixed(decimals, Decimal.ROUND_HALF_UP).split('.');
  const neg = (whole ?? '').startsWith('-');
  const digits = neg ? (whole ?? '').slice(1) : (whole ?? '0');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** An amount in whole cents, half away from zero (the way invoices round): 1234.565 → 123457. */
export function centsOf(amount: Decimal): Decimal {
  return amount.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

/**
 * Split `targetCents` (a whole number of cents) over `amounts` so that each share is its amount
 * rounded down or up to a whole cent and the shares add up to the target exactly (largest
 * remainder; ties go to the earlier amount). Signed amounts are fine: a credit's cents are floored
 * towards minus infinity like any other. If the target is off the rounded sum by more than the count
 * of amounts (it never is when the target is the rounded sum), the rest goes round again.
 * Returns whole cents.
 */
export function allocateCentsTo(amounts: readonly Decimal[], targetCents: Decimal): Decimal[] {
  if (amounts.length === 0) return [];
  const scaled = amounts.map((a) => a.times(100));
  const floors = scaled.map((a) => a.floor());
  const remainders = scaled.map((a, i) => a.minus(floors[i]!));
  let diff = targetCents.minus(sum(floors)).toNumber(); // small integer: count of cents to hand out
  const order = amounts
    .map((_, i) => i)
    .sort((i, j) => {
      const c = remainders[j]!.comparedTo(remainders[i]!);
      return c !== 0 ? c : i - j;
    });
  const cents = [...floors];
  for (let k = 0; diff > 0; k = (k + 1) % order.length, diff--) cents[order[k]!] = cents[order[k]!]!.plus(1);
  for (let k = order.length - 1; diff < 0; k = (k - 1 + order.length) % order.length, diff++) {
    cents[order[k]!] = cents[order[k]!]!.minus(1);
  }
  return cents;
}

/**
 * Round each amount to cents so that the rounded parts add up exactly to the rounded whole
 * (largest-remainder allocation). Returns dollars with two decimals.
 */
export function allocateCents(amounts: readonly Decimal[]): Decimal[] {
  return allocateCentsTo(amounts, centsOf(sum(amounts))).map((c) => c.div(100));
}

/** One strategy's figures in cents that foot (items → month) and cross-foot (months → total). */
export interface CentsPlan {
  /** The total, in dollars with two decimals: the exact total rounded half up. */
  total: Decimal;
  /** Each month's share of the total's cents, in dollars; they sum to `total`. */
  months: Decimal[];
  /** Each month's items' shares of that month's cents, in dollars; each month's sum to its `months` entry. */
  items: Decimal[][];
}

/**
 * THE cents allocation every cents view prints (table, --monthly, CSV long and wide, Markdown, HTML,
 * JSON `*_cents`, budgets): the exact total to cents; its cents allocated over the months by their
 * exact costs; each month's cents allocated over its items. So a month column sums to the total, a
 * month's items sum to the month, and every view shows the same cents for the same figure.
 */
export function centsPlan(monthItems: ReadonlyArray<ReadonlyArray<Decimal | null>>): CentsPlan {
  // An unpriced item (null) has no cents of its own: it gets 0 and never a cent handed out.
  const exactMonths = monthItems.map((items) => sum(items.filter((x): x is Decimal => x !== null)));
  const totalCents = centsOf(sum(exactMonths));
  const monthCents = allocateCentsTo(exactMonths, totalCents);
  const items = monthItems.map((its, i) => {
    const priced = its.flatMap((x, j) => (x === null ? [] : [j]));
    const shares = allocateCentsTo(
      priced.map((j) => its[j]!),
      monthCents[i]!,
    );
    const out = its.map(() => ZERO);
    priced.forEach((j, k) => (out[j] = shares[k]!.div(100)));
    return out;
  });
  return { total: totalCents.div(100), months: monthCents.map((c) => c.div(100)), items };
}
