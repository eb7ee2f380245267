// Our text tables (src/format/grid.ts) against cli-table3, which drew them before: the same
// characters for random tables of ASCII, accented Latin, CJK, emoji, colour codes and multi-line cells.
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, grid, type Align } from '../../src/format/grid.js';

const CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '-',
  'mid-mid': '  ',
  right: '',
  'right-mid': '',
  middle: '  ',
};

function cliTable3(header: string[], rows: string[][], align: Align[]): string {
  const table = new Table({
    head: header,
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: align,
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

const PIECES = [
  'a',
  'Z',
  '0',
  '9',
  ' ',
  '$',
  '1,234.56',
  '—',
  '×',
  '≥',
  'é',
  'ü',
  '中',
  '文字',
  '한',
  'ｶ',
  '😀',
  '👍🏽',
  '🇫🇷',
  '❤️',
  '©',
  '↔',
  'e\u0301',
];
const COLOURED = PIECES.map((p) => `\u001b[32m${p}\u001b[39m`);
const cell = (multiLine: boolean) =>
  fc
    .array(fc.constantFrom(...PIECES, ...COLOURED, ...(multiLine ? ['\n'] : [])), { maxLength: 6 })
    .map((parts) => parts.join(''));

describe('grid', () => {
  it('draws exactly what cli-table3 drew, for random tables', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.record({
            header: fc.array(cell(false), { minLength: cols, maxLength: cols }),
            rows: fc.array(fc.array(cell(true), { minLength: cols, maxLength: cols }), { maxLength: 6 }),
            align: fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: cols, maxLength: cols }),
          }),
        ),
        ({ header, rows, align }) => {
          expect(grid(header, rows, align)).toBe(cliTable3(header, rows, align));
        },
      ),
      { numRuns: 500, seed: 20261125 },
    );
  });

  it('measures display width as terminals draw it', () => {
    expect(displayWidth('$1,234.56')).toBe(9);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('©')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('stays linear in the number of rows', () => {
    // 20,000 rows: a layout that compared each cell with the cells above it would not finish here.
    const rows = Array.from({ length: 20_000 }, (_, i) => [`scenario-${i}`, `$${i}.00`]);
    const out = grid(['Scenario', 'TCO'], rows, ['left', 'right']).split('\n');
    expect(out).toHaveLength(20_002);
    expect(out[20_001]).toBe('scenario-19999  $19999.00');
  });
});
