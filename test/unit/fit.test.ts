// Fitting text to a terminal: word wrap with a hanging indent, stacked tables, charts untouched;
// and the cumulative chart's overlapping lines drawn in a defined order with shared labels.
import { describe, expect, it } from 'vitest';
import { lineChart } from '../../src/format/charts/cumulative.js';
import { fitText, visibleLength, wrapLine } from '../../src/format/fit.js';

const fits = (text: string, w: number) => text.split('\n').every((l) => visibleLength(l) <= w);

describe('fitText', () => {
  it("wraps prose at spaces, continuation under the bullet's text, never mid-word", () => {
    const line = "  - The answer flips to api if API token prices fall by 71.1% (to 0.289× today's rates).";
    expect(wrapLine(line, 40)).toEqual([
      '  - The answer flips to api if API token',
      '    prices fall by 71.1% (to 0.289×',
      "    today's rates).",
    ]);
    expect(wrapLine('short', 40)).toEqual(['short']);
  });

  it('cuts only a word longer than the line, and counts colour codes as zero width', () => {
    expect(wrapLine('x '.concat('a'.repeat(25)), 10).every((l) => l.length <= 10)).toBe(true);
    const red = '\u001b[31mred\u001b[39m';
    expect(wrapLine(`${red} ${red} ${red}`, 8)).toEqual([`${red} ${red}`, `  ${red}`]);
  });

  it('stacks a table that does not fit, keeps one that does, and leaves the lines after it alone', () => {
    const row = (a: string, b: string, c: string) => `${a.padEnd(11)}  ${b.padStart(9)}  ${c.padStart(13)}`;
    const rule = row('-'.repeat(11), '-'.repeat(9), '-'.repeat(13));
    const table = [
      row('Strategy', 'Month 1', '24-month TCO'),
      rule,
      row('api', '$1,000.00', '$24,000.00'),
      row('self_hosted', '$2,000.00', '$48,000.00'),
      'hybrid: not computed — no hybrid block',
    ].join('\n');
    expect(fitText(table, 60)).toBe(table);
    expect(fitText(table, 30)).toBe(
      [
        'Strategy: api',
        '  Month 1:      $1,000.00',
        '  24-month TCO: $24,000.00',
        '',
        'Strategy: self_hosted',
        '  Month 1:      $2,000.00',
        '  24-month TCO: $48,000.00',
        'hybrid: not computed — no',
        '  hybrid block',
      ].join('\n'),
    );
  });

  it('leaves chart lines to the chart', () => {
    const chart = `$0 ┤${'⣀'.repeat(50)} api`;
    expect(fitText(chart, 20)).toBe(chart);
  });
});

describe('cumulative chart overlaps', () => {
  const opts = { width: 60, height: 8, yFormat: (v: number) => `$${v}` };
  it('lines ending on the same row share one label, the top line (drawn last) first', () => {
    const chart = lineChart(
      [
        { label: 'api', values: [0, 10, 20, 30] },
        { label: 'hybrid', values: [0, 50, 100, 150] },
        { label: 'self_hosted', values: [0, 49, 99, 149] },
      ],
      opts,
    );
    expect(chart).toContain(' hybrid · self_hosted');
    expect(chart).not.toMatch(/ self_hosted\n[\s\S]* hybrid/);
    expect(fits(chart, 60)).toBe(true);
  });

  it('the top line owns a shared cell: its paint wins, whatever the order given', () => {
    const tag = (t: string) => (s: string) => `<${t}>${s}`;
    const draw = (order: number[]) => {
      const series = [
        { label: 'low', values: [0, 0, 0, 1], paint: tag('L') },
        { label: 'top', values: [0, 0, 0, 100], paint: tag('T') },
      ];
      return lineChart(
        order.map((i) => series[i]!),
        { ...opts, ascii: true },
      );
    };
    // Which series owns each cell (its paint), glyphs aside: ascii glyphs follow the order given.
    const bottom = (c: string) =>
      c
        .split('\n')
        .find((l) => l.trimStart().startsWith('$0'))!
        .replace(/<([LT])>[*o]/g, '$1');
    expect(bottom(draw([0, 1]))).toBe(bottom(draw([1, 0])));
    expect(bottom(draw([0, 1]))).toMatch(/^ +\$0 \+T+L+ <L>low$/);
  });
});
