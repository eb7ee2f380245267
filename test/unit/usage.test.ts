// The arithmetic of `llmcost init --from-usage`: the growth fit, its outliers and interval, CSV.
import { describe, expect, it } from 'vitest';
import { fitGrowth, linearFit, MIN_FIT_DAYS } from '../../src/cli/init/usage.js';
import { parseCsv } from '../../src/cli/init/usageFormats.js';

const series = (n: number, daily: number, f: (d: number) => number = () => 1) =>
  Array.from({ length: n }, (_, d) => ({ day: 20000 + d, volume: 1000 * (1 + daily) ** d * f(d) }));

describe('growth fit', () => {
  it('recovers an exact compound rate with R² 1 and a zero-width interval', () => {
    const g = fitGrowth(series(30, 0.01));
    if (typeof g === 'string') throw new Error(g);
    const monthly = Number((1.01 ** (365 / 12) - 1).toFixed(4));
    expect(g.monthly).toEqual({ low: monthly, mode: monthly, high: monthly });
    expect(g.r2).toBeCloseTo(1, 12);
    expect(g.dropped).toEqual([]);
  });

  it('drops an outage day and a partial last day, and only those', () => {
    const noise = (d: number) => 1 + 0.02 * Math.sin(d * 2.3);
    const s = series(28, 0.005, noise);
    s[10]!.volume *= 0.2;
    s[27]!.volume *= 0.4;
    const g = fitGrowth(s);
    if (typeof g === 'string') throw new Error(g);
    expect(g.dropped).toHaveLength(2);
    expect(g.days).toBe(26);
    const truth = 1.005 ** (365 / 12) - 1;
    expect(g.monthly.low).toBeLessThan(truth);
    expect(g.monthly.high).toBeGreaterThan(truth);
  });

  it('says why when there are too few days, and counts days with no traffic as dropped', () => {
    expect(fitGrowth(series(MIN_FIT_DAYS - 1, 0.01))).toMatch(/a growth fit needs at least 7/);
    const s = series(10, 0.01);
    s[3]!.volume = 0;
    const g = fitGrowth(s);
    if (typeof g === 'string') throw new Error(g);
    expect(g.dropped[0]).toMatch(/\(no requests\)$/);
  });

  it('least squares: slope, intercept and the standard error of the slope', () => {
    const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f).toEqual({ a: 1, b: 2, seB: 0, r2: 1 });
  });
});

describe('CSV', () => {
  it("reads quoted cells with commas, quotes and newlines, keeping each row's first line", () => {
    const rows = parseCsv('a,b,c\n1,"x, ""y""",3\n2,"multi\nline",4\r\n\n5,,6');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, "y"', '3'] },
      { line: 3, cells: ['2', 'multi\nline', '4'] },
      { line: 6, cells: ['5', '', '6'] },
    ]);
  });
});
