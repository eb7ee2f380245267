// CSV for spreadsheets (RFC 4180, written by csvCells.ts): one header row, CRLF line ends, no
// thousands separators, money with two decimals. Every cost cell is the cents of the one allocation
// (cents.ts): a strategy's rows sum to its TCO, a month's rows to that month, in both layouts and in
// every other view. A `file` column keeps the rows of each input file apart, even when two files
// share a scenario name (a pull request's base and head).
import { toCents, toPlain, type Decimal } from '../money.js';
import { hasClassTargets, type Report } from '../report/model.js';
import { STRATEGIES, type StrategyId } from '../vocabulary.js';
import { strategyCents } from '../report/cents.js';
import { csvNumber, csvRow, csvText, withEmptyCells } from './csvCells.js';

export { csvNumber, csvRow, csvText } from './csvCells.js';

export const CSV_LAYOUTS = ['long', 'wide'] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

export const LONG_COLUMNS = [
  'file',
  'scenario',
  'strategy',
  'month',
  'period',
  'category',
  'item',
  'quantity',
  'unit',
  'unit_price',
  'cost',
  'currency',
  'source',
] as const;

/**
 * A portfolio's items name the request class they serve and the target serving them (a deployment
 * or `api:<model>`): two more columns, after the others, in a run where any report has them — so
 * every column keeps its position and a run without portfolios keeps its bytes (docs/formats.md).
 */
export const CLASS_COLUMNS = ['class', 'target'] as const;

/** The long layout's header, with the class and target columns when the run has them. */
export function longHeader(tagged: boolean): string {
  return csvRow(tagged ? [...LONG_COLUMNS, ...CLASS_COLUMNS] : [...LONG_COLUMNS]);
}

/** The month cell of rows owed after the horizon (reserved terms): in no month of it. */
export const AFTER_HORIZON = 'after_horizon';

/** Quantities to six decimals at most, exact below that: 14400, 1.5, 0.074233. */
const quantity = (d: Decimal) => toPlain(d.toDecimalPlaces(6));

/** One row per (file, strategy, month, line item). Several reports share one header. */
export function formatCsvLong(reports: readonly Report[], files: readonly (string | undefined)[] = []): string {
  const tagged = reports.some(hasClassTargets);
  return longHeader(tagged) + reports.map((r, i) => csvLongRows(r, files[i], tagged)).join('');
}

/**
 * A many-file run's long CSV from its reports' pieces, each written with the class and target
 * columns when its own report has them: one header, and empty cells for the others when any has.
 */
export function assembleCsvLong(pieces: ReadonlyArray<{ text?: string | undefined; tagged?: boolean }>): string[] {
  const tagged = pieces.some((p) => p.tagged);
  const extra = CLASS_COLUMNS.length;
  return [
    longHeader(tagged),
    ...pieces.map((p) =>
      tagged && !p.tagged ? withEmptyCells(p.text ?? '', LONG_COLUMNS.length, extra) : (p.text ?? ''),
    ),
  ];
}

/** One report's rows of the long layout (`tagged`: with the class and target columns). */
export function csvLongRows(r: Report, file = '', tagged = false): string {
  let out = '';
  for (const s of r.strategies) {
    const plan = strategyCents(s);
    const cents = plan.items;
    // The horizon-level items (reserved terms after the last month) as rows of their own: month
    // `after_horizon`, so the month rows still sum to each month and all rows to the TCO.
    const after = { month: AFTER_HORIZON, period: null, items: s.after_horizon ?? [] };
    [...s.months, after].forEach((month, i) =>
      month.items.forEach((item, j) => {
        const itemCents = i < s.months.length ? cents[i]![j]! : plan.afterItems[j]!;
        out += csvRow([
          csvText(file),
          csvText(r.scenario),
          csvText(s.id),
          typeof month.month === 'number' ? csvNumber(String(month.month)) : csvText(month.month),
          month.period ? csvText(month.period) : '',
          csvText(item.category),
          csvText(item.name),
          csvNumber(quantity(item.quantity)),
          csvText(item.unit),
          // An unpriced item (--allow-missing-prices) has empty price and cost cells: unknown, not 0.
          item.missing_price !== undefined ? '' : csvNumber(toPlain(item.unit_price)),
          item.missing_price !== undefined ? '' : csvNumber(toCents(itemCents)),
          csvText(r.currency),
          csvText(item.source),
          ...(tagged ? [csvText(item.class ?? ''), csvText(item.target ?? '')] : []),
        ]);
      }),
    );
  }
  return out;
}

/**
 * One row per month, one cost column per strategy (empty where a scenario cannot compute it): the
 * month cents of the one allocation, so each column sums to the strategy's TCO and each cell is the
 * sum of that month's rows in the long layout. Columns are the strategies that appear in any of the
 * reports, in the canonical order.
 */
export function formatCsvWide(reports: readonly Report[], files: readonly (string | undefined)[] = []): string {
  return assembleCsvWide(reports.map((r, i) => csvWidePiece(r, files[i])));
}

/** One report's wide rows with a cell for every strategy, and which strategies it has. */
export interface CsvWidePiece {
  ids: StrategyId[];
  rows: string[][];
}

/** Leading columns before the strategy columns. */
const WIDE_LEAD = ['file', 'scenario', 'month', 'period', 'calls'] as const;

export function csvWidePiece(r: Report, file = ''): CsvWidePiece {
  const cents = new Map(r.strategies.map((s) => [s.id, strategyCents(s).months]));
  const months = r.strategies[0]?.months ?? [];
  const ids = r.strategies.map((s) => s.id);
  // Lead cells, then one cell per strategy of this report (in `ids` order), then the currency.
  const rows = months.map((m, i) => [
    csvText(file),
    csvText(r.scenario),
    csvNumber(String(m.month)),
    m.period ? csvText(m.period) : '',
    csvNumber(quantity(m.calls)),
    ...ids.map((id) => {
      const c = cents.get(id)?.[i];
      return c ? csvNumber(toCents(c)) : '';
    }),
    csvText(r.currency),
  ]);
  // One more row for what reserved terms owe after the horizon, when a strategy has any.
  const plans = r.strategies.map((s) => [s.id, strategyCents(s)] as const);
  if (r.strategies.some((s) => s.after_horizon?.length)) {
    rows.push([
      csvText(file),
      csvText(r.scenario),
      csvText(AFTER_HORIZON),
      '',
      '',
      ...ids.map((id) => {
        const p = plans.find(([sid]) => sid === id)?.[1];
        return p ? csvNumber(toCents(p.after)) : '';
      }),
      csvText(r.currency),
    ]);
  }
  return { ids, rows };
}

/**
 * The columns: the built-in strategies any report computes, in the canonical order, then the
 * portfolios' own strategies in the order they first appear.
 */
export function assembleCsvWide(pieces: readonly CsvWidePiece[]): string {
  const lead = WIDE_LEAD.length;
  const all = pieces.flatMap((p) => p.ids);
  const builtin = STRATEGIES.filter((id) => all.includes(id));
  const columns: StrategyId[] = [
    ...builtin,
    ...[...new Set(all)].filter((id) => !(STRATEGIES as readonly string[]).includes(id)),
  ];
  let out = csvRow([...WIDE_LEAD, ...columns, 'currency']);
  for (const p of pieces) {
    for (const row of p.rows) {
      const cell = new Map(p.ids.map((id, j) => [id, row[lead + j]!]));
      out += csvRow([...row.slice(0, lead), ...columns.map((id) => cell.get(id) ?? ''), row[row.length - 1]!]);
    }
  }
  return out;
}

export function formatCsv(
  reports: readonly Report[],
  layout: CsvLayout = 'long',
  files: readonly (string | undefined)[] = [],
): string {
  return layout === 'wide' ? formatCsvWide(reports, files) : formatCsvLong(reports, files);
}
