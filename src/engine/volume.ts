// How much traffic: calls and tokens per month along the scenario's growth path.
import { type Decimal, ONE } from '../money.js';
import type { EngineInput } from './input.js';
import { monthInput } from './calendar.js';
import { memoOn } from './memo.js';
import { HOURS_PER_DAY } from '../vocabulary.js';

export const SECONDS_PER_DAY = 86_400;

/** Calls in a month at growth multiplier 1: users × requests × days × agent steps × (1 + retries). */
export function baseMonthlyCalls(input: EngineInput): Decimal {
  const w = input.workload;
  return w.requestsPerDay.times(input.daysPerMonth).times(w.callsPerRequest).times(ONE.plus(w.retryRate));
}

/**
 * Calls in each month. A month with the same growth multiplier as the month before gets the very same
 * Decimal object: a flat stretch of months is then recognisably one volume, and what the engine
 * derives from a volume (API items, capacity) is worked out once for the stretch.
 */
export function monthlyCalls(input: EngineInput): Decimal[] {
  const calls: Decimal[] = [];
  input.workload.growth.forEach((g, i) => {
    const prev = input.workload.growth[i - 1];
    // Calendar months: each month's own days (the same Decimal object for the same length).
    const days = input.calendarDays;
    const sameDays = !days || days[i] === days[i - 1];
    const same = prev !== undefined && sameDays && (prev === g || prev.eq(g));
    calls.push(same ? calls[i - 1]! : baseMonthlyCalls(monthInput(input, i + 1)).times(g));
  });
  return calls;
}

export const hoursInMonth: (input: EngineInput) => Decimal = memoOn((input) => input.daysPerMonth.times(HOURS_PER_DAY));

export const secondsInMonth: (input: EngineInput) => Decimal = memoOn((input) =>
  input.daysPerMonth.times(SECONDS_PER_DAY),
);

export function tokensPerCall(input: EngineInput): Decimal {
  return input.workload.inputTokens.plus(input.workload.outputTokens);
}

/** `YYYY-MM` of month `m` (1-based) counted from `start` (`YYYY-MM`). Pure calendar arithmetic. */
export function periodOf(start: string | undefined, m: number): string | null {
  if (!start) return null;
  const [y, mo] = start.split('-').map(Number) as [number, number];
  const index = y * 12 + (mo - 1) + (m - 1);
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
