// Real calendars: with a start month each month has its own days (calls) and hours (GPU-hours),
// unless the scenario states days_per_month; without a start month a month is 730 hours.
import { describe, expect, it } from 'vitest';
import { calendarDays, daysInMonth } from '../../src/engine/calendar.js';
import { formatTable } from '../../src/format/table.js';
import { reportJson, stringify } from '../../src/format/json.js';
import type { Report } from '../../src/report/model.js';
import { evaluate } from '../../src/engine/breakEven.js';
import { compareEngine } from '../../src/engine/compare.js';
import { strategyModels } from '../../src/engine/strategies.js';
import { sum, type Decimal } from '../../src/money.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { run, simpleScenario, simpleTables } from '../helpers.js';

const gpuHours = (r: Report, month: number) =>
  r.strategies
    .find((s) => s.id === 'self_hosted')!
    .months[month - 1]!.items.filter((i) => i.unit === 'GPU-hour')
    .map((i) => i.quantity.toFixed());

describe('calendar months', () => {
  it('know their days (leap years included)', () => {
    const months = ['2027-01', '2027-02', '2027-04', '2028-02', '2100-02', '2000-02'];
    expect(months.map(daysInMonth)).toEqual([31, 28, 30, 29, 28, 29]);
    // November 2027 to February 2028 (a leap year)
    expect(calendarDays('2027-11', 4).map((d) => d.toNumber())).toEqual([30, 31, 31, 29]);
  });
  // simpleScenario: 100,000 requests a day; a replica serves 2,592,000 calls in a 30-day month at
  // peak: 2,800,000 calls in February need 2 replicas (28 days: 2,419,200 a replica).
  const noDays = (extra: string) => simpleScenario(extra).replace('days_per_month: 30\n', '');
  it('February 2027 bills 672 hours per GPU and 28 days of calls; March 744 and 31', () => {
    const r = run(noDays('start_month: 2027-02\n'));
    expect(r.month_convention).toBe('calendar');
    const sh = r.strategies.find((s) => s.id === 'self_hosted')!;
    expect(sh.months.map((m) => [m.period, m.days?.toNumber(), m.calls.toFixed()]).slice(0, 2)).toEqual([
      ['2027-02', 28, '2800000'],
      ['2027-03', 31, '3100000'],
    ]);
    // 2 replicas × 672 h = 1,344 GPU-hours; March: 2 × 744 = 1,488.
    expect(gpuHours(r, 1)).toEqual(['1344']);
    expect(gpuHours(r, 2)).toEqual(['1488']);
    expect(formatTable(r).split('\n')[0]).toBe(
      'hand-checked — 12 months, USD, calendar months from 2027-02 ' +
        '(each month its own days: 28 to 31 days, 672 to 744 hours)',
    );
    expect(stringify(reportJson(r))).toContain('"period": "2027-02",\n          "days": 28,');
  });
  it('a stated days_per_month wins over the calendar', () => {
    const r = run(simpleScenario('start_month: 2027-02\n'));
    expect(r.month_convention).toBe('days_per_month');
    expect(gpuHours(r, 1)).toEqual(['1440']); // 2 replicas × 30 days × 24 h
    expect(r.strategies[0]!.months[0]!.days).toBeUndefined();
    expect(formatTable(r).split('\n')[0]).toBe(
      'hand-checked — 12 months, USD, 30 days a month as stated (days_per_month, 720 hours), from 2027-02',
    );
  });
  it('without a start month a month is 365/12 days, 730 hours', () => {
    const r = run(noDays(''));
    expect(r.month_convention).toBe('average');
    expect(gpuHours(r, 1)).toEqual(['1460']); // 2 replicas × 730 h
    expect(formatTable(r).split('\n')[0]).toBe(
      'hand-checked — 12 months, USD, 30.4167 days a month (365/12, 730 hours)',
    );
  });
  it('the TCO break-even over calendar months is exact: it holds at its volume and not one call below', () => {
    // Months of 28, 30 and 31 days give replica steps of three widths: the multi-step solver's case.
    const input = resolveScenario(parseScenarioText(noDays('start_month: 2027-02\n'), 'test.yaml'), simpleTables());
    const v = compareEngine(input).break_even.self_hosted!.tco.calls_per_month!;
    const models = strategyModels(input).models;
    const tco = (id: string, V: Decimal) => {
      const m = models.find((x) => x.id === id)!;
      return sum(Array.from({ length: 12 }, (_, i) => evaluate(m.curve(i + 1), V)));
    };
    expect(tco('self_hosted', v).lte(tco('api', v))).toBe(true);
    expect(tco('self_hosted', v.minus(1)).gt(tco('api', v.minus(1)))).toBe(true);
  });
});
