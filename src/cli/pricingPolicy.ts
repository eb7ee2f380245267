// The pricing options commands share — --allow-missing-prices and --max-pricing-age — and the
// staleness check they drive: a one-line warning on stderr, or an error (exit 2) for CI.
import { type Command } from 'commander';
import { InputError } from '../errors.js';
import { distinctRows, isoDay, STALE_AFTER_DAYS, staleRows, staleSummary, type DatedRow } from '../pricing/staleness.js';
import type { CommandContext } from './context.js';

export interface PricingPolicyFlags {
  allowMissingPrices?: boolean;
  maxPricingAge?: number;
}

export function parseDays(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new InputError({ code: 'E_USAGE', field: '--max-pricing-age', message: `'${value}' is not a number of days`, expected: 'a whole number of days, e.g. 90' });
  return Number(value);
}

export function maxPricingAgeOption(cmd: Command): Command {
  return cmd.option('--max-pricing-age <days>', `fail (exit 2) when a pricing row used is older than DAYS (rows older than ${STALE_AFTER_DAYS} days only warn)`, parseDays);
}

export function allowMissingPricesOption(cmd: Command): Command {
  return cmd.option('--allow-missing-prices', 'price what can be priced; mark the rest "price not found" (totals become lower bounds) instead of failing');
}

/** Warn about (or, past --max-pricing-age, refuse) old rows. `what` names the rows in the message. */
export function checkStaleness(ctx: CommandContext, used: readonly DatedRow[], maxAge: number | undefined, what = 'pricing rows used'): void {
  const today = isoDay(ctx.io.now());
  const rows = distinctRows(used);
  if (maxAge !== undefined) {
    const tooOld = staleRows(rows, today, maxAge);
    if (tooOld.length) {
      throw new InputError({ code: 'E_STALE_PRICE', file: tooOld[0]!.file, field: '--max-pricing-age', message: staleSummary(tooOld, maxAge, what), expected: `prices at most ${maxAge} days old (refresh the rows, or raise --max-pricing-age)` });
    }
  }
  const stale = staleRows(rows, today, STALE_AFTER_DAYS);
  if (stale.length) ctx.io.stderr(`llmcost: warning: ${staleSummary(stale, STALE_AFTER_DAYS, what)}\n`);
}
