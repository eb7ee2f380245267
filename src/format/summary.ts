// Several scenarios in one terminal table: a row per scenario × strategy, the recommended one marked.
import { amount, perThousand } from './amount.js';
import { endMonthsCents, monthsCents } from '../report/cents.js';
import { grid } from './grid.js';
import type { NamedReport } from './markdown.js';
import { PLAIN, type Style } from './style.js';

/** Names can hold anything; a table row must stay one line. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');

/** One scenario's rows of the summary table: one per strategy it computed. */
export function summaryRows({ file, report: r }: NamedReport, st: Style = PLAIN): string[][] {
  return r.strategies.map((s) => {
    const best = r.recommendation?.strategy === s.id;
    return [
      oneLine(file),
      oneLine(r.scenario),
      best ? st.green(`${s.id} *`) : s.id,
      amount(s, endMonthsCents(s).first, 2, r.currency),
      amount(s, endMonthsCents(s).last, 2, r.currency),
      String(r.horizon_months),
      best ? st.bold(amount(s, monthsCents(s).total, 2, r.currency)) : amount(s, monthsCents(s).total, 2, r.currency),
      perThousand(s, r.currency),
    ];
  });
}

/** The many-file summary's columns and their alignment: the terminal and Markdown tables share them. */
export const SUMMARY_HEADER = [
  'File',
  'Scenario',
  'Strategy',
  'Month 1',
  'Last month',
  'Months',
  'TCO',
  'Per 1k calls',
];
export const SUMMARY_ALIGN = ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'] as const;

export function summaryTable(rows: string[][], st: Style = PLAIN): string {
  const table = grid(SUMMARY_HEADER, rows, [...SUMMARY_ALIGN]);
  return `${table}\n${st.dim('* recommended: the lowest TCO of its scenario')}\n`;
}
