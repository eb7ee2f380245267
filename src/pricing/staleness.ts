// How old the prices behind a result are. Pure: the rows and today's date in, the stale ones out.
// Today comes from the CLI edge (io.now()), so tests fix it and the engine never reads a clock.

/**
 * The one staleness threshold: rows older than this many days earn a CLI warning and are flagged
 * "stale" in the HTML report. Prices change about monthly.
 */
export const STALE_AFTER_DAYS = 120;

export interface DatedRow {
  kind: string;
  id: string;
  as_of: string;
  file: string;
}

/** Each row once, however many scenarios of a run used it. */
export function distinctRows<R extends DatedRow>(rows: readonly R[]): R[] {
  return [...new Map(rows.map((r) => [`${r.kind}|${r.id}|${r.file}|${r.as_of}`, r])).values()];
}

export interface StaleRow extends DatedRow {
  age_days: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `asOf` to `today` (both YYYY-MM-DD, UTC calendar days). */
export function ageInDays(asOf: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
}

/** Today's UTC calendar date of a clock reading. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Rows strictly older than `maxAgeDays`, oldest first (then by id, for a stable order). */
export function staleRows(rows: readonly DatedRow[], today: string, maxAgeDays = STALE_AFTER_DAYS): StaleRow[] {
  return rows
    .map((r) => ({ ...r, age_days: ageInDays(r.as_of, today) }))
    .filter((r) => r.age_days > maxAgeDays)
    .sort((a, b) => b.age_days - a.age_days || compareIds(a.id, b.id));
}

/** Ids of lower-case letters, digits, '-', '.' and '/' (every shipped id but a profile's '@'). */
const PLAIN_ID = /^[a-z0-9./-]*$/;

/**
 * `a.localeCompare(b)`, without the collator for plain ids: its first use loads ICU's collation data,
 * ≈ 10 ms of a `compare` whose two stale rows were the same age. On plain ids the root collation
 * orders as their code units do ('-' < '.' < '/' < digits < letters, a prefix first).
 */
function compareIds(a: string, b: string): number {
  if (PLAIN_ID.test(a) && PLAIN_ID.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

/** One line for stderr: how many rows, and the oldest (never one line per row). */
export function staleSummary(stale: readonly StaleRow[], maxAgeDays: number, what = 'pricing rows used'): string {
  const oldest = stale[0]!;
  const n = stale.length;
  return `${n} ${n === 1 ? what.replace('rows', 'row') : what} ${n === 1 ? 'is' : 'are'} older than ${maxAgeDays} days (oldest: ${oldest.kind} ${oldest.id}, as of ${oldest.as_of}, ${oldest.age_days} days, ${oldest.file})`;
}
