// Per-year budgets (12-month and fiscal years, a partial year prorated) and the gate on change
// against a baseline, on the simple fixture: api $10,800 a month (test/helpers.ts).
import { describe, expect, it } from 'vitest';
import { collectBudgets, evaluateBudgets, evaluateIncrease, parseIncrease } from '../../src/budget/budgets.js';
import { compareEngine } from '../../src/engine/compare.js';
import { InputError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { simpleScenario, simpleTables } from '../helpers.js';

function load(yaml: string) {
  const loaded = parseScenarioText(yaml, 'b.yaml');
  return { loaded, report: compareEngine(resolveScenario(loaded, simpleTables())) };
}
const horizon = (months: number, extra: string) =>
  simpleScenario(extra).replace('horizon_months: 12', `horizon_months: ${months}`);
const annual = (yaml: string) => {
  const { loaded, report } = load(yaml);
  return evaluateBudgets(report, collectBudgets(loaded), 'b.yaml')[0]!;
};

describe('max_annual', () => {
  it('a limit equal to the year holds and a cent less fails, naming the year', () => {
    expect(annual(simpleScenario('budgets: { strategy: api, max_annual: 129600 }\n')).exceeded).toBe(false);
    const r = annual(simpleScenario('budgets: { strategy: api, max_annual: 129599.99 }\n'));
    expect(r.exceeded).toBe(true);
    expect(r.year).toBe('year 1 (months 1-12)');
    expect(r.over!.toFixed(2)).toBe('0.01');
    expect(r.message).toContain('exceeded in year 1 (months 1-12): $129,600.00, $0.01 over');
  });

  it('prorates a partial last year by its months', () => {
    // 18 months: year 2 is 6 months, $64,800 against 6/12 of the limit.
    const curve = `[${Array(17).fill(1).join(', ')}, 1.01]`;
    const yaml = (limit: string) =>
      horizon(18, `budgets: { strategy: api, max_annual: ${limit} }\n`).replace(
        'peak_to_average: 2',
        `peak_to_average: 2\n  growth: { curve: ${curve} }`,
      );
    const held = annual(yaml('131000'));
    expect(held.exceeded).toBe(false);
    // Year 2 costs 5 × 10,800 + 10,908 = 64,908; 6/12 of 129,800 is 64,900: over by $8.
    const r = annual(yaml('129800'));
    expect(r.exceeded).toBe(true);
    expect(r.year).toBe('year 2 (months 13-18; 6 of 12 months)');
    expect(r.over!.toFixed(2)).toBe('8.00');
    expect(r.message).toContain('($64,900.00 prorated)');
  });

  it('checks fiscal years when start_month and fiscal_year_start are set', () => {
    // From 2027-01 with fiscal years from April: FY2027 is 2027-01..03 (3 months, limit × 3/12).
    const yaml = (limit: string) =>
      simpleScenario(
        `start_month: 2027-01\nbudgets: { strategy: api, max_annual: ${limit}, fiscal_year_start: "04" }\n`,
      );
    expect(annual(yaml('129600')).exceeded).toBe(false);
    const r = annual(yaml('129599'));
    expect(r.exceeded).toBe(true);
    expect(r.year).toBe('FY2027 (2027-01 to 2027-03; 3 of 12 months)');
    const held = annual(yaml('129600'));
    expect(held.message).toContain('FY2027 (2027-01 to 2027-03; 3 of 12 months)');
  });

  it('fiscal years without start_month are an input error on the field', () => {
    const { loaded } = load(simpleScenario('budgets: { strategy: api, max_annual: 1, fiscal_year_start: 4 }\n'));
    expect(() => collectBudgets(loaded)).toThrow(InputError);
    expect(() => collectBudgets(loaded)).toThrow(/fiscal years need calendar months/);
  });
});

describe('--max-increase against a baseline', () => {
  const base = load(simpleScenario()).report;
  const head = load(simpleScenario().replace('requests_per_day: 100000', 'requests_per_day: 110000')).report;

  it('parses a percentage or an amount', () => {
    expect(parseIncrease('10%')).toMatchObject({ percent: true });
    expect(parseIncrease('5000').percent).toBe(false);
    expect(() => parseIncrease('ten')).toThrow(InputError);
  });

  it('fails every common strategy that rises by more, and holds those that do not', () => {
    // API rises exactly 10% (10% more calls, no fixed costs).
    const at10 = evaluateIncrease(head, base, parseIncrease('10%'), undefined, 'h.yaml');
    expect(at10.map((r) => r.strategy)).toEqual(head.strategies.map((s) => s.id));
    expect(at10.find((r) => r.strategy === 'api')!.exceeded).toBe(false);
    const at9 = evaluateIncrease(head, base, parseIncrease('9.99%'), 'api', 'h.yaml');
    expect(at9).toHaveLength(1);
    expect(at9[0]!.exceeded).toBe(true);
    expect(at9[0]!.message).toContain('+10%');
  });

  it('an amount: the rise in the printed TCO cents against the amount', () => {
    const rise = (s: string) => evaluateIncrease(head, base, parseIncrease(s), 'api', 'h.yaml')[0]!;
    // 12 months × $1,080 = $12,960 more.
    expect(rise('12960').exceeded).toBe(false);
    expect(rise('12959.99').exceeded).toBe(true);
  });
});
