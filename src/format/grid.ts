// Text tables: cli-table3 with the box drawing stripped to a rule under the header, so a table reads
// the same in a terminal, a CI log and a golden file.
import Table from 'cli-table3';

export type Align = 'left' | 'right';

const CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '-', 'mid-mid': '  ', right: '', 'right-mid': '', middle: '  ',
};

export function grid(header: string[], rows: string[][], align: Align[]): string {
  const table = new Table({
    head: header,
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: align,
  });
  table.push(...rows);
  // compact mode still rules the header off with `mid`, which is the one line we want.
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}
