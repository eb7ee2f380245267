// Budgets, with hand-checked figures on the simple fixture (test/helpers.ts):
// 100,000 requests/day × 30 days = 3,000,000 calls a month; API: 3,000 M input tokens × $2 = $6,000
// plus 600 M output tokens × $8 = $4,800 → $10,800 a month.
import { describe, expect, it } from 'vitest';
import { collectBudgets, evaluateBudgets } from '../../src/budget/budgets.js';
import { compareEngine } from '../../src/engine/compare.js';
import { InputError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { simpleScenario, simpleTables } from '../helpers.js';

function load(yaml: string) {
  const loaded = parseScenarioText(yaml, 'b.yaml');
  return { loaded, report: compareEngine(resolveScenario(loaded, simpleTables())) };
}
const growing = (budgets: string) =>
  simpleScenario(budgets).replace('peak_to_average: 2', 'peak_to_average: 2\n  growth: { monthly_rate: 0.1 }');

describe('max_monthly', () => {
  // With 10% growth: $10,800 · $11,880 · $13,068 · $14,374.80 · … month 4 is the first above $14,000.
  const { loaded, report } = load(growing('budgets:\n  strategy: api\n  max_monthly: 14000\n'));
  const [r] = evaluateBudgets(report, collectBudgets(loaded), 'b.yaml');

  it('names the first month crossed and by how much', () => {
    expect(r!.exceeded).toBe(true);
    expect(r!.first_month).toBe(4);
    expect(r!.over!.toFixed(2)).toBe('374.80');
    expect(r!.message).toContain(
      'api max_monthly $14,000.00 exceeded: first crossed in month 4 at $14,374.80, $374.80 over',
    );
  });

  it('points at the line of the budget', () => {
    const b = collectBudgets(loaded)[0]!;
    expect('field' in b.origin && b.origin.field).toBe('budgets.max_monthly');
    expect('line' in b.origin && b.origin.line).toBe(
      yamlLine(growing('budgets:\n  strategy: api\n  max_monthly: 14000\n'), 'max_monthly: 14000'),
    );
  });

  it('holds at exactly the limit (over means strictly above)', () => {
    const { loaded: l, report: rep } = load(simpleScenario('budgets: { strategy: api, max_monthly: 10800 }\n'));
    expect(evaluateBudgets(rep, collectBudgets(l), 'b.yaml')[0]!.exceeded).toBe(false);
  });
});

describe('max_tco and max_cost_per_1k_calls', () => {
  // Flat: cumulative $10,800 × n passes $50,000 in month 5 ($54,000); TCO 12 × $10,800 = $129,600.
  // Per 1k calls: $129,600 ÷ 36,000,000 × 1,000 = $3.60.
  const { loaded, report } = load(
    simpleScenario('budgets:\n  strategy: api\n  max_tco: 50000\n  max_cost_per_1k_calls: 3.5\n'),
  );
  const [tco, perK] = evaluateBudgets(report, collectBudgets(loaded), 'b.yaml');

  it('max_tco: over by TCO − limit, first month the cumulative cost passes it', () => {
    expect(tco!.exceeded).toBe(true);
    expect(tco!.figure!.toFixed(2)).toBe('129600.00');
    expect(tco!.over!.toFixed(2)).toBe('79600.00');
    expect(tco!.first_month).toBe(5);
  });

  it('max_cost_per_1k_calls: horizon figure against the limit', () => {
    expect(perK!.exceeded).toBe(true);
    expect(perK!.figure!.toFixed(4)).toBe('3.6000');
    expect(perK!.over!.toFixed(4)).toBe('0.1000');
    expect(perK!.first_month).toBe(1);
  });
});

describe('where budgets come from', () => {
  const yaml = simpleScenario(
    'budgets:\n  max_tco: 1000000\n  api: { max_monthly: 10000 }\n  self_hosted: { max_tco: 1 }\n',
  );

  it('top-level limits apply to the recommended strategy; per-strategy blocks to theirs', () => {
    const { loaded, report } = load(yaml);
    const results = evaluateBudgets(report, collectBudgets(loaded), 'b.yaml');
    expect(results.map((r) => [r.budget.target, r.strategy, r.budget.kind, r.exceeded])).toEqual([
      ['recommended', report.recommendation!.strategy, 'max_tco', false],
      ['api', 'api', 'max_monthly', true],
      ['self_hosted', 'self_hosted', 'max_tco', true],
    ]);
  });

  it('flags override the top-level block and keep per-strategy blocks', () => {
    const { loaded } = load(yaml);
    const budgets = collectBudgets(loaded, { strategy: 'hybrid', maxTco: 5, maxMonthly: 7 });
    expect(
      budgets.map((b) => [b.target, b.kind, b.limit.toFixed(), 'flag' in b.origin ? b.origin.flag : b.origin.field]),
    ).toEqual([
      ['hybrid', 'max_monthly', '7', '--max-monthly'],
      ['hybrid', 'max_tco', '5', '--max-tco'],
      ['api', 'max_monthly', '10000', 'budgets.api.max_monthly'],
      ['self_hosted', 'max_tco', '1', 'budgets.self_hosted.max_tco'],
    ]);
  });

  it('a budget on a strategy the scenario cannot compute is an input error at its line', () => {
    const { loaded, report } = load(
      simpleScenario('budgets: { hybrid: { max_tco: 1 } }\n').replace('hybrid:\n  self_hosted_share: 0.5\n', ''),
    );
    expect(() => evaluateBudgets(report, collectBudgets(loaded), 'b.yaml')).toThrow(InputError);
    try {
      evaluateBudgets(report, collectBudgets(loaded), 'b.yaml');
    } catch (e) {
      expect((e as InputError).message).toMatch(
        /^b\.yaml:\d+:\d+: budgets\.hybrid\.max_tco: a budget for 'hybrid', which this scenario does not compute/,
      );
    }
  });

  it('the issue-2 form still validates, and unknown keys are still typos', () => {
    expect(() =>
      load(simpleScenario('budgets: { strategy: api, max_monthly: 1, max_tco: 2, max_cost_per_1k_calls: 3 }\n')),
    ).not.toThrow();
    expect(() => load(simpleScenario('budgets: { max_montly: 1 }\n'))).toThrow(/unknown key 'max_montly'/);
    expect(() => load(simpleScenario('budgets: { api: { max_tco: -1 } }\n'))).toThrow(/budgets\.api\.max_tco/);
  });
});

function yamlLine(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}
