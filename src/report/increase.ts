// The change gate of a pull request: how much a scenario's TCO rises between base and head, per
// strategy computed on both sides, against a limit given as a percentage (`10%`) or an amount in
// USD (`5000`), on the TCOs in cents. Pure. scripts/ci/gate.mjs applies the same rule to `diff
// --format json` output.
import { InputError } from '../errors.js';
import { dec, Decimal } from '../money.js';
import type { StrategyId } from '../scenario/schema.js';
import type { ReportDiff } from './diff.js';

export interface IncreaseLimit {
  kind: 'percent' | 'amount';
  /** Percent points (10 for `10%`) or USD. */
  value: Decimal;
  /** As the user wrote it, for messages. */
  text: string;
}

/** `10%`, `2.5%` or a plain USD amount (`5000`); nothing else. */
export function parseIncreaseLimit(text: string, flag = '--max-increase'): IncreaseLimit {
  const m = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s*(%?)\s*$/.exec(text);
  if (!m) {
    throw new InputError({
      code: 'E_USAGE',
      field: flag,
      message: `got '${text}'`,
      expected: 'a percentage such as 10% or an amount in USD such as 5000, 0 or more',
    });
  }
  return { kind: m[2] ? 'percent' : 'amount', value: dec(m[1]!), text: `${m[1]}${m[2]}` };
}

export interface Increase {
  strategy: StrategyId;
  base: Decimal;
  head: Decimal;
  delta: Decimal;
  /** delta ÷ base; null when base is zero. */
  ratio: Decimal | null;
  /** Above the limit: a percentage of base, or an amount; a rise from zero exceeds any percentage. */
  over: boolean;
}

function isOver(delta: Decimal, base: Decimal, limit: IncreaseLimit | undefined): boolean {
  if (!limit || !delta.isPositive() || delta.isZero()) return false;
  if (limit.kind === 'amount') return delta.gt(limit.value);
  return base.isZero() || delta.times(100).gt(limit.value.times(base));
}

/** An amount as printed: in cents, half away from zero. */
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * Every strategy with a TCO on both sides, in the diff's order. The TCOs are compared as the reports
 * print them, in cents (as `check --baseline --max-increase` does), so a limit equal to a printed
 * rise holds.
 */
export function tcoIncreases(d: ReportDiff, limit?: IncreaseLimit): Increase[] {
  const out: Increase[] = [];
  for (const s of d.strategies) {
    if (!s.tco.base || !s.tco.head) continue;
    const base = cents(s.tco.base);
    const head = cents(s.tco.head);
    const delta = head.minus(base);
    const ratio = base.isZero() ? null : delta.div(base);
    out.push({ strategy: s.id, base, head, delta, ratio, over: isOver(delta, base, limit) });
  }
  return out;
}

/** The largest rise (by ratio for a percentage limit or without one, by amount for an amount). */
export function largestIncrease(d: ReportDiff, limit?: IncreaseLimit): Increase | null {
  const key = (i: Increase) =>
    limit?.kind === 'amount' ? i.delta : (i.ratio ?? (i.delta.isPositive() ? new Decimal(Infinity) : i.delta));
  let best: Increase | null = null;
  for (const i of tcoIncreases(d, limit)) if (!best || key(i).gt(key(best))) best = i;
  return best;
}
