// `llmcost plan`'s optimiser against brute force, built from compare's own monthly costs: for one
// allowed switch, the best plan is the cheaper of staying and the best switch month.
import { describe, expect, it } from 'vitest';
import { planEngine, planSpecOf } from '../../src/engine/plan.js';
import { compareEngine } from '../../src/engine/compare.js';
import { Decimal, sum, ZERO } from '../../src/money.js';
import type { Report } from '../../src/report/model.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { StrategyId } from '../../src/vocabulary.js';
import { simpleTables } from '../helpers.js';

const tables = simpleTables();

function scenario(o: { horizon: number; growth: string; plan: string; selfHosted?: string; overheads?: string }): string {
  return `version: 1
name: plan test
horizon_months: ${o.horizon}
days_per_month: 30
workload:
  requests_per_day: 100000
  input_tokens: 1000
  output_tokens: 200
  peak_to_average: 2
  growth: ${o.growth}
api:
  model: test/api-1
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  min_replicas: 1
  staff: { fte: 1, annual_cost_per_fte: 120000 }
${o.selfHosted ?? ''}
overheads:
${o.overheads ?? '  - { name: monitoring, monthly: 700 }'}
${o.plan}`;
}

function planOf(yaml: string) {
  const loaded = parseScenarioText(yaml, 'test.yaml');
  const input = resolveScenario(loaded, tables);
  const report = compareEngine(input);
  const computed = report.strategies.map((s) => s.id);
  return { report, plan: planEngine(input, report, planSpecOf(loaded.scenario.plan, computed)) };
}

/** The same scenario at zero traffic, through compare (a growth curve of zeros). */
function idleReport(yaml: string, horizon: number): Report {
  const zeros = `{ curve: [${Array.from({ length: horizon }, () => 0).join(', ')}] }`;
  const text = yaml.replace(/growth: .*/, `growth: ${zeros}`);
  return compareEngine(resolveScenario(parseScenarioText(text, 'idle.yaml'), tables));
}

const monthsOf = (r: Report, id: StrategyId) => r.strategies.find((s) => s.id === id)!.months;
const notMoved = (cat: string) => cat !== 'one_time' && cat !== 'fine_tuning';

/** Every way to use one switch `from → to` (one_time, lead), or none, built month by month from compare. */
function bruteForce(yaml: string, horizon: number, from: StrategyId, to: StrategyId, oneTime: number, lead: number): Decimal {
  const served = compareEngine(resolveScenario(parseScenarioText(yaml, 'test.yaml'), tables));
  const idle = idleReport(yaml, horizon);
  const a = monthsOf(served, from);
  const b = monthsOf(served, to);
  const run = (ms: typeof a, m: number) => sum(ms[m - 1]!.items.filter((i) => notMoved(i.category)).map((i) => i.cost));
  const moved = (ms: typeof a, cat: string) => sum(ms[0]!.items.filter((i) => i.category === cat).map((i) => i.cost));
  const fromSources = (m: number) => new Set(a[m - 1]!.items.map((i) => i.source));
  const standing = (m: number) =>
    sum(monthsOf(idle, to)[m - 1]!.items.filter((i) => notMoved(i.category) && !fromSources(m).has(i.source)).map((i) => i.cost));
  let best = sum(a.map((m) => m.cost)); // never switch
  // `start` serves month 1, so the earliest switch takes effect in month 2 (and after its lead).
  for (let s = Math.max(2, lead + 1); s <= horizon; s++) {
    let total = moved(a, 'one_time').plus(moved(a, 'fine_tuning'));
    for (let m = 1; m < s; m++) total = total.plus(run(a, m));
    for (let m = s; m <= horizon; m++) total = total.plus(run(b, m));
    for (let m = s - lead; m < s; m++) total = total.plus(standing(m));
    // The target's one-time items (none shared here) and its one fine-tuning run, at its first provisioning month.
    const ft = sum(monthsOf(idle, to)[0]!.items.filter((i) => i.category === 'fine_tuning').map((i) => i.cost));
    total = total.plus(oneTime).plus(moved(b, 'one_time')).plus(ft);
    if (total.lt(best)) best = total;
  }
  return best;
}

const cents = (d: Decimal) => d.toDecimalPlaces(2).toFixed(2);

describe('plan against brute force (one allowed switch)', () => {
  const cases: Array<{ name: string; growth: string; from: StrategyId; to: StrategyId }> = [
    { name: 'growing', growth: '{ monthly_rate: 0.09 }', from: 'api', to: 'self_hosted' },
    { name: 'fast growing', growth: '{ monthly_rate: 0.25 }', from: 'api', to: 'self_hosted' },
    { name: 'shrinking', growth: '{ monthly_rate: -0.1 }', from: 'self_hosted', to: 'api' },
    { name: 'flat', growth: '{ monthly_rate: 0 }', from: 'api', to: 'self_hosted' },
    { name: 'flat, high', growth: '{ curve: [CURVE] }', from: 'api', to: 'self_hosted' },
  ];
  const switched = new Set<string>();
  for (const c of cases) {
    for (const horizon of [6, 18]) {
      for (const [oneTime, lead] of [[0, 0], [25000, 2], [5000, 1], [200000, 3]] as const) {
        it(`${c.name}, ${horizon} months, one_time ${oneTime}, lead ${lead}`, () => {
          const growth = c.growth.replace('CURVE', Array.from({ length: horizon }, () => 3).join(', '));
          const sh = c.from === 'self_hosted' ? '  fine_tuning: { gpu_hours: 30 }' : '  fine_tuning: { gpu_hours: 50 }';
          const overheads = `  - { name: monitoring, monthly: 700 }\n  - { name: setup, one_time: 15000, monthly: 300, applies_to: [${c.to}] }`;
          const plan = `plan:\n  start: ${c.from}\n  switches:\n    - { from: ${c.from}, to: ${c.to}, one_time: ${oneTime}, lead_months: ${lead} }\n`;
          const yaml = scenario({ horizon, growth, plan, selfHosted: sh, overheads });
          const { plan: p, report } = planOf(yaml);
          expect(cents(p.plan.tco)).toBe(cents(bruteForce(yaml, horizon, c.from, c.to, oneTime, lead)));
          // Staying put is exactly compare's TCO of the start.
          expect(p.plan.versus_start.tco.eq(report.strategies.find((s) => s.id === c.from)!.tco)).toBe(true);
          expect(p.plan.tco.lte(p.plan.versus_start.tco)).toBe(true);
          expect(p.plan.switches.length).toBeLessThanOrEqual(1);
          if (p.plan.switches.length) switched.add(c.name);
        });
      }
    }
  }
  it('and the cases are not all "stay put": the growing, shrinking and high-volume ones switch', () => {
    expect([...switched].sort()).toEqual(['fast growing', 'flat, high', 'growing', 'shrinking']);
  });
});

describe('plan details', () => {
  it('finds a switch on a growing scenario, and every total is the sum of its items', () => {
    const plan = 'plan:\n  start: api\n  switches:\n    - { from: api, to: self_hosted, one_time: 20000, lead_months: 2 }\n';
    const { plan: p } = planOf(scenario({ horizon: 24, growth: '{ monthly_rate: 0.09 }', plan }));
    expect(p.plan.switches).toHaveLength(1);
    const sw = p.plan.switches[0]!;
    expect(sw.from).toBe('api');
    expect(p.plan.months[sw.month - 2]!.provisioning).toEqual(['self_hosted']);
    expect(p.plan.months[sw.month - 1]!.strategy).toBe('self_hosted');
    for (const m of p.plan.months) expect(m.cost.eq(sum(m.items.map((i) => i.cost)))).toBe(true);
    expect(p.plan.tco.eq(sum(p.plan.months.map((m) => m.cost)))).toBe(true);
    expect(sw.payback_month).not.toBeNull();
    expect(sw.cheaper_from).not.toBeNull();
    expect(ZERO.lt(p.plan.versus_start.saving)).toBe(true);
  });
});
