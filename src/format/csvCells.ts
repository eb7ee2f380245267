// The one CSV writer (RFC 4180) every CSV llmcost writes goes through: compare (long, wide), focus,
// check, diff, capacity, pricing list, tokens, simulate, sensitivity and sweep. One rule for
// formula injection: a text cell that begins with = + - @, a tab or a carriage return gets a leading
// `'` (OWASP's advice: spreadsheets show it as typed and never evaluate it), unless the whole cell is
// a plain number ("-0.30" is data, not a formula). Then a cell holding a comma, a quote, CR or LF is
// quoted, with quotes doubled. Numbers we format ourselves are never prefixed or quoted.

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number written as text ("-0.30", "974617.60", "1e-7") is data, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** A text cell: neutralised if a spreadsheet would run it, quoted if it needs quoting. */
export function csvText(value: string): string {
  const inert = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A number we produced ourselves (digits, one dot, maybe a sign): never quoted, never prefixed. */
export function csvNumber(value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a CSV number: ${value}`);
  return value;
}

/** Cells already written by csvText / csvNumber (or empty), joined into one CRLF-terminated line. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

export type CsvCell = string | number | boolean | null | undefined;

/** A cell of any type: null and undefined are empty, numbers and booleans as written, text by csvText. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a CSV number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return csvText(v);
}

export function csvLine(cells: readonly CsvCell[]): string {
  return csvRow(cells.map(csvCell));
}

export function csvLines(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((r) => csvLine(r)).join('');
}

/**
 * Rows written by csvRow with `count` empty cells inserted before cell `at` of every row (at = the
 * row's cell count: appended). Cells quoted by csvText may hold commas and line breaks: only those
 * outside quotes count (a doubled quote toggles twice). For pieces of a many-file run written before
 * the run knew it needed the extra columns (class/target, Tags).
 */
export function withEmptyCells(rows: string, at: number, count: number): string {
  const empty = ','.repeat(count);
  let out = '';
  let quoted = false;
  let cell = 0;
  let from = 0;
  for (let i = 0; i < rows.length; i++) {
    const ch = rows[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === ',' && ++cell === at) {
      out += rows.slice(from, i) + empty;
      from = i;
    } else if (ch === '\r' && rows[i + 1] === '\n') {
      if (cell + 1 === at) {
        out += rows.slice(from, i) + empty;
        from = i;
      }
      cell = 0;
      i++;
    }
  }
  return out + rows.slice(from);
}
