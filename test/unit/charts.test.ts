// Chart primitives: scales and ticks worked by hand, terminal charts that respect their width, and
// the break-even curve vertices checked against the engine's own cost function.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type CostCurve } from '../../src/engine/breakEven.js';
import { curveVertices } from '../../src/engine/curves.js';
import { shareCells, stackedBars } from '../../src/format/charts/bars.js';
import { lineChart } from '../../src/format/charts/cumulative.js';
import { linearScale, monthTicks, niceStep, niceTicks, tickCount, tickUsd } from '../../src/format/charts/scale.js';
import { formatCharts } from '../../src/format/charts/terminal.js';
import { Decimal } from '../../src/money.js';
import { run, simpleScenario } from '../helpers.js';

const d = (v: number | string) => new Decimal(v);
const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('scales and ticks', () => {
  it('maps a domain onto a range linearly, and a zero-width domain to the range start', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect([s(0), s(5), s(10)]).toEqual([100, 150, 200]);
    expect(linearScale([3, 3], [7, 9])(3)).toBe(7);
  });

  it('steps by 1, 2 or 5 × 10ⁿ', () => {
    // 3,324,141 ÷ 5 = 664,828 → 6.6 × 10⁵ rounds to 5 × 10⁵
    expect(niceStep(3_324_141, 5)).toBe(500_000);
    // 23 ÷ 12 = 1.9 → 2
    expect(niceStep(23, 12)).toBe(2);
    // 0.3 ÷ 3 = 0.1 → 1 × 10⁻¹
    expect(niceStep(0.3, 3)).toBeCloseTo(0.1, 12);
  });

  it('covers the data with round ticks and no floating-point dust', () => {
    expect(niceTicks(0, 3_324_141, 5)).toEqual([
      0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000,
    ]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(7, 7, 2)).toEqual([5, 10, 15]); // equal ends widen to [7, 14]: 7 ÷ 2 = 3.5 → step 5
    expect(niceTicks(-120, 480, 4)).toEqual([-200, 0, 200, 400, 600]);
  });

  it('always spans [min, max] with evenly spaced ticks (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (min, span, count) => {
          fc.pre(span > 1e-6 * Math.max(1, Math.abs(min))); // narrower spans are widened on purpose (tested above)
          const max = min + span;
          const t = niceTicks(min, max, count);
          // Ends may miss by a billionth of a step: that slack absorbs floating-point dust in min ÷ step.
          const slack = (t[1]! - t[0]!) * 1e-9 + Number.EPSILON * Math.max(Math.abs(min), Math.abs(max));
          expect(t[0]!).toBeLessThanOrEqual(min + slack);
          expect(t[t.length - 1]!).toBeGreaterThanOrEqual(max - slack);
          expect(t.length).toBeLessThanOrEqual(3 * count + 3);
          const steps = t.slice(1).map((v, i) => v - t[i]!);
          for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 6);
        },
      ),
    );
  });

  it('labels months at round numbers and keeps both ends', () => {
    expect(monthTicks(0, 24, 6)).toEqual([0, 5, 10, 15, 20, 24]); // step 24 ÷ 6 = 4 → 5
    expect(monthTicks(1, 24, 12)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]); // step 2; 24 is one past 23
    expect(monthTicks(1, 1)).toEqual([1]);
    expect(monthTicks(0, 3, 6)).toEqual([0, 1, 2, 3]);
  });

  it('prints tick values short', () => {
    expect([0, 500, 250_000, 1_500_000, 2e9, -3000].map(tickUsd)).toEqual([
      '$0',
      '$500',
      '$250k',
      '$1.5M',
      '$2B',
      '-$3k',
    ]);
    expect([0, 4_562_367, 12_000].map(tickCount)).toEqual(['0', '4.562M', '12k']);
  });
});

describe('stacked bars', () => {
  it('shares cells by largest remainder so the parts fill the bar exactly', () => {
    // 10 cells over 1:1:1 → 3.33 each; the first remainder wins the spare cell
    expect(shareCells([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(shareCells([0, 5, 0], 7)).toEqual([0, 7, 0]);
    expect(shareCells([0, 0], 5)).toEqual([0, 0]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 200 }),
        (values, cells) => {
          const out = shareCells(values, cells);
          const sum = out.reduce((a, b) => a + b, 0);
          expect(sum).toBe(values.some((v) => v > 0) ? cells : 0);
        },
      ),
    );
  });

  it('draws each bar in proportion with one fill per category', () => {
    const out = stackedBars(
      [
        {
          label: 'a',
          total: '$100',
          segments: [
            { key: 'x', value: 60 },
            { key: 'y', value: 40 },
          ],
        },
        {
          label: 'bb',
          total: '$50',
          segments: [
            { key: 'x', value: 0 },
            { key: 'y', value: 50 },
          ],
        },
      ],
      {
        width: 30,
        fills: { x: '#', y: '=' },
        legend: [
          { key: 'x', label: 'ex' },
          { key: 'y', label: 'why' },
        ],
      },
    );
    // bar width 30 − 2 (label) − 4 (total) − 2 (gaps) = 22 cells: a fills them all (60% → 13.2 → 13 #, 9 =);
    // bb is half as long, 11 cells of =, then padding to the totals column.
    expect(out).toBe(
      [
        `a  ${'#'.repeat(13)}${'='.repeat(9)} $100`,
        `bb ${'='.repeat(11)}${' '.repeat(11)}  $50`,
        '# ex  = why',
        '',
      ].join('\n'),
    );
  });
});

describe('terminal line chart', () => {
  const series = [
    { label: 'up', values: [0, 10, 20, 30, 40] },
    { label: 'flat', values: [0, 5, 10, 15, 20] },
  ];

  it('fits the width, labels line ends and marks the payback month', () => {
    for (const ascii of [true, false]) {
      for (const w of [40, 60, 80, 123]) {
        const out = lineChart(series, {
          width: w,
          height: 6,
          ascii,
          yFormat: tickUsd,
          markers: [{ x: 2, label: 'payback month 2: flat' }],
          xLabel: 'month',
        });
        expect(width(out)).toBeLessThanOrEqual(w);
        expect(out).toContain(' up');
        expect(out).toContain(' flat');
        // Beside the arrow, on whichever side has room.
        const arrow = ascii ? '\\^' : '▲';
        expect(out).toMatch(new RegExp(`${arrow} payback month 2: flat|payback month 2: flat ${arrow}`));
      }
    }
  });

  it('draws in plain ASCII with --ascii and braille otherwise', () => {
    const ascii = lineChart(series, { width: 50, height: 6, ascii: true, yFormat: tickUsd });
    expect(/^[\x20-\x7e\n]*$/.test(ascii)).toBe(true);
    const uni = lineChart(series, { width: 50, height: 6, yFormat: tickUsd });
    expect(/[\u2800-\u28ff]/.test(uni)).toBe(true);
  });

  it('puts the y ticks on round values with the top one at or above the data', () => {
    const out = lineChart(series, { width: 60, height: 8, ascii: true, yFormat: tickUsd });
    // max 40 over ⌊8 ÷ 3⌋ = 2 ticks: step 40 ÷ 2 = 20 → 20 → $0, $20, $40
    const labels = out
      .split('\n')
      .map((l) => /^\s*(\$\d+)\s\+/.exec(l)?.[1])
      .filter(Boolean);
    expect(labels).toEqual(['$40', '$20', '$0']);
  });
});

describe('compare charts', () => {
  // 6,000,000 calls/month: API $21,600 a month; self-hosted $14,320 a month plus $50,000 once in month 1
  // (engine.test.ts works out both). Cumulative: 50,000 + 14,320·m ≤ 21,600·m from m = 6.87 → month 7.
  const report = run(
    simpleScenario('overheads:\n  - { name: setup, one_time: 50000, applies_to: [self_hosted] }\n').replace(
      'requests_per_day: 100000',
      'requests_per_day: 200000',
    ),
  );

  it('draws the cumulative chart and the category bars within the width', () => {
    for (const w of [40, 80, 132]) {
      const out = formatCharts(report, { width: w });
      expect(width(out)).toBeLessThanOrEqual(w);
      expect(out).toContain('Cumulative cost (USD) over 12 months');
      expect(out).toContain('12-month cost by category');
      for (const s of report.strategies) expect(out).toContain(s.id);
    }
  });

  it('marks the payback month of each strategy that pays back', () => {
    expect(report.break_even.self_hosted!.payback_month).toBe(7);
    expect(formatCharts(report, { width: 80, ascii: true })).toMatch(/\^ payback month 7: self_hosted/);
    expect(formatCharts(report, { width: 80 })).toMatch(/▲ payback month 7: self_hosted/);
  });

  it('clamps absurd widths', () => {
    expect(width(formatCharts(report, { width: 5 }))).toBeLessThanOrEqual(40);
    expect(width(formatCharts(report, { width: 10_000 }))).toBeLessThanOrEqual(160);
  });
});

describe('break-even curve vertices', () => {
  const curve: CostCurve = { fixed: d(100), perCall: d(0), step: { cost: d(50), callsPerStep: d(1000), minSteps: 1 } };

  it('lists every replica step as a jump at its boundary', () => {
    // 1 replica up to 1,000 calls (100 + 50 = 150), 2 up to 2,000 (200), 3 up to 3,000 (250), 4 beyond (300)
    const pts = curveVertices(curve, d(3500)).map((p) => [p.calls.toNumber(), p.cost.toNumber(), p.replicas]);
    expect(pts).toEqual([
      [0, 150, 1],
      [1000, 150, 1],
      [1000, 200, 2],
      [2000, 200, 2],
      [2000, 250, 3],
      [3000, 250, 3],
      [3000, 300, 4],
      [3500, 300, 4],
    ]);
  });

  it('is a straight line without steps', () => {
    const pts = curveVertices({ fixed: d(10), perCall: d('0.5') }, d(100));
    expect(pts.map((p) => [p.calls.toNumber(), p.cost.toNumber()])).toEqual([
      [0, 10],
      [100, 60],
    ]);
  });

  it('jumps at zero when no replica is kept at zero volume', () => {
    const pts = curveVertices({ ...curve, step: { ...curve.step!, minSteps: 0 } }, d(1500)).map((p) => [
      p.calls.toNumber(),
      p.cost.toNumber(),
      p.replicas,
    ]);
    expect(pts).toEqual([
      [0, 100, 0],
      [0, 150, 1],
      [1000, 150, 1],
      [1000, 200, 2],
      [1500, 200, 2],
    ]);
  });

  it('draws the envelope when the steps are too many to see', () => {
    expect(curveVertices({ ...curve, step: { ...curve.step!, callsPerStep: d(1) } }, d(1_000_000))).toHaveLength(2);
  });

  it('agrees with the solver’s cost function at every volume (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 300, max: 50_000 }), // ≤ 334 steps up to 100,000 calls: all drawn
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (fixed, cap, minSteps, perMille, v) => {
          const c: CostCurve = {
            fixed: d(fixed),
            perCall: d(perMille).div(1000),
            step: { cost: d(70), callsPerStep: d(cap), minSteps },
          };
          const upTo = d(100_000);
          const pts = curveVertices(c, upTo);
          const calls = d(v);
          // The segment holding v (right-closed: at a boundary the lower value applies).
          const i = pts.findIndex((p, k) => k > 0 && calls.lte(p.calls) && !p.calls.eq(pts[k - 1]!.calls));
          const a = pts[i - 1]!;
          const b = pts[i]!;
          const interpolated = a.cost.plus(
            b.cost.minus(a.cost).times(calls.minus(a.calls)).div(b.calls.minus(a.calls)),
          );
          expect(interpolated.minus(evaluate(c, calls)).abs().lt('1e-30')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
