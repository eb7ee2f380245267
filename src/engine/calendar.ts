// Months of the calendar: how many days (calls) and hours (GPU-hours) each month of the horizon has.
//
// Three conventions, stated in every report header (docs/check.md, README):
//   calendar        — the scenario has start_month (or --start-month) and no days_per_month: each month
//                     has its own days, so February 2027 bills 28 × 24 = 672 GPU-hours per GPU;
//   days_per_month  — the scenario states days_per_month (e.g. a source's 30 days): every month has
//                     them, with or without a start month (the stated convention wins);
//   average         — neither: every month is 365/12 days, 730 hours.
// A steady month (run-rate break-even, regimes) is the average month under the calendar convention.
import { dec, type Decimal } from '../money.js';
import type { MonthConvention } from '../report/model.js';
import type { EngineInput } from './input.js';
import { memoOn } from './memo.js';

export type { MonthConvention };

/** Days in month `YYYY-MM`, Gregorian leap years included. */
export function daysInMonth(period: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** `YYYY-MM` of month `m` (1-based) counted from `start`. */
export function periodAt(start: string, m: number): string {
  const [y, mo] = start.split('-').map(Number) as [number, number];
  const index = y * 12 + (mo - 1) + (m - 1);
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Each month's days from `start`: one Decimal object per distinct length (28, 29, 30, 31). */
export function calendarDays(start: string, months: number): Decimal[] {
  const byLength = new Map<number, Decimal>();
  return Array.from({ length: months }, (_, i) => {
    const n = daysInMonth(periodAt(start, i + 1));
    let d = byLength.get(n);
    if (!d) byLength.set(n, (d = dec(n)));
    return d;
  });
}

export function monthConvention(input: EngineInput): MonthConvention {
  return input.calendarDays ? 'calendar' : input.daysStated ? 'days_per_month' : 'average';
}

/**
 * The input as month `m` sees it: with calendar months, the same input with that month's days (one
 * object per distinct length, so whatever is worked out per input — capacity, replica terms, GPU
 * bills — is worked out at most four times). Without, the input itself.
 */
export function monthInput(input: EngineInput, m: number): EngineInput {
  const days = input.calendarDays?.[m - 1];
  if (!days) return input;
  const variants = variantsOf(input);
  let v = variants.get(days);
  if (!v) {
    const { calendarDays: _drop, ...rest } = input;
    variants.set(days, (v = { ...rest, daysPerMonth: days }));
  }
  return v;
}

const variantsOf = memoOn((_input: EngineInput) => new Map<Decimal, EngineInput>());
