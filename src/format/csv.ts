// CSV for spreadsheets (RFC 4180): one header row, CRLF line ends, no thousands separators, money
// with two decimals. Cost cents are allocated per strategy (largest remainder) so that a SUM of the
// cost column for one strategy equals its TCO in the JSON report to the cent. Text cells that a
// spreadsheet would run as a formula are neutralised.
import { allocateCents, toCents, toPlain, type Decimal } from '../money.js';
import type { MonthResult, Report, StrategyResult } from '../report/model.js';
import { STRATEGIES, type LineItem, type StrategyId } from '../vocabulary.js';

export const CSV_LAYOUTS = ['long', 'wide'] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

export const LONG_COLUMNS = ['scenario', 'strategy', 'month', 'period', 'category', 'item', 'quantity', 'unit', 'unit_price', 'cost', 'currency', 'source'] as const;

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell: a leading formula character gets a `'` in front (OWASP's advice; spreadsheets show
 * the text as typed and never evaluate it), then RFC 4180 quoting when the cell holds a comma, a
 * quote, CR or LF (quotes doubled).
 */
export function csvText(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A number we produced ourselves (digits, one dot, maybe a sign): never quoted, never prefixed. */
export function csvNumber(value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a CSV number: ${value}`);
  return value;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

/** Quantities to six decimals at most, exact below that: 14400, 1.5, 0.074233. */
const quantity = (d: Decimal) => toPlain(d.toDecimalPlaces(6));

interface ItemRow {
  strategy: StrategyResult;
  month: MonthResult;
  item: LineItem;
}

/** The cost of each row in cents, allocated over all of one strategy's rows. */
function strategyRows(s: StrategyResult): Array<ItemRow & { cents: Decimal }> {
  const rows: ItemRow[] = s.months.flatMap((month) => month.items.map((item) => ({ strategy: s, month, item })));
  const cents = allocateCents(rows.map((r) => r.item.cost));
  return rows.map((r, i) => ({ ...r, cents: cents[i]! }));
}

/** One row per (strategy, month, line item). Several reports share one header. */
export function formatCsvLong(reports: readonly Report[]): string {
  return csvRow([...LONG_COLUMNS]) + reports.map(csvLongRows).join('');
}

/** One report's rows of the long layout. */
export function csvLongRows(r: Report): string {
  let out = '';
  for (const s of r.strategies) {
    for (const { month, item, cents } of strategyRows(s)) {
      out += csvRow([
        csvText(r.scenario),
        csvText(s.id),
        csvNumber(String(month.month)),
        month.period ? csvText(month.period) : '',
        csvText(item.category),
        csvText(item.name),
        csvNumber(quantity(item.quantity)),
        csvText(item.unit),
        // An unpriced item (--allow-missing-prices) has empty price and cost cells: unknown, not 0.
        item.missing_price !== undefined ? '' : csvNumber(toPlain(item.unit_price)),
        item.missing_price !== undefined ? '' : csvNumber(toCents(cents)),
        csvText(r.currency),
        csvText(item.source),
      ]);
    }
  }
  return out;
}

/**
 * One row per month, one cost column per strategy (empty where a scenario cannot compute it); the
 * month costs of each column are cent-allocated so the column sums to the strategy's TCO. Columns
 * are the strategies that appear in any of the reports, in the canonical order.
 */
export function formatCsvWide(reports: readonly Report[]): string {
  return assembleCsvWide(reports.map(csvWidePiece));
}

/** One report's wide rows with a cell for every strategy, and which strategies it has. */
export interface CsvWidePiece {
  ids: StrategyId[];
  rows: string[][];
}

export function csvWidePiece(r: Report): CsvWidePiece {
  const cents = new Map(r.strategies.map((s) => [s.id, allocateCents(s.months.map((m) => m.cost))]));
  const months = r.strategies[0]?.months ?? [];
  const rows = months.map((m, i) => [
    csvText(r.scenario),
    csvNumber(String(m.month)),
    m.period ? csvText(m.period) : '',
    csvNumber(quantity(m.calls)),
    ...STRATEGIES.map((id) => {
      const c = cents.get(id)?.[i];
      return c ? csvNumber(toCents(c)) : '';
    }),
    csvText(r.currency),
  ]);
  return { ids: r.strategies.map((s) => s.id), rows };
}

export function assembleCsvWide(pieces: readonly CsvWidePiece[]): string {
  const present = STRATEGIES.map((id) => pieces.some((p) => p.ids.includes(id)));
  const keep = (row: readonly string[]) => row.filter((_, c) => c < 4 || c >= 4 + STRATEGIES.length || present[c - 4]);
  let out = csvRow(keep(['scenario', 'month', 'period', 'calls', ...STRATEGIES, 'currency']));
  for (const p of pieces) for (const row of p.rows) out += csvRow(keep(row));
  return out;
}

export function formatCsv(reports: readonly Report[], layout: CsvLayout = 'long'): string {
  return layout === 'wide' ? formatCsvWide(reports) : formatCsvLong(reports);
}
