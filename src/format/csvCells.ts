// CSV cells and lines (RFC 4180) for the uncertainty commands: quoted when they hold a comma, quote or
// line break; a text cell that begins with = + - @ is prefixed with ' so a spreadsheet never runs it as
// a formula (domain.md §7). Numbers are passed as numbers and never prefixed.

/** A number written as text ("-0.30", "974617.60") is data, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export type CsvCell = string | number | null;

export function csvCell(v: CsvCell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = v;
  if (/^[=+\-@]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLines(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
