// Owned GPUs in a portfolio (issue 17, docs/ownership.md "Portfolios"): a deployment several classes
// share buys its fleet for their summed load, month by month, bills it once and attributes it to the
// classes by replica-seconds; its ownership facts are the built-in ones'. Worked by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import type { Report, StrategyResult } from '../../src/report/model.js';
import { fixture, run } from '../helpers.js';

const T = mergePricing([parsePricingText(readFileSync(fixture('pricing-owned.yaml'), 'utf8'), 'pricing-owned.yaml')]);
const strategy = (r: Report, id: string): StrategyResult => r.strategies.find((s) => s.id === id)!;

/**
 * chat: 100,000 requests/day × 30 days = 3,000,000 calls a month at 0.3 replica-seconds (1000/10000 +
 * 200/1000), peak 2. docs: 10,000/day = 300,000 calls at 1 replica-second (5000/10000 + 500/1000),
 * peak 3, doubling from month 4.
 */
const SHARED = `version: 1
name: owned-portfolio
horizon_months: 6
days_per_month: 30
workloads:
  - id: chat
    requests_per_day: 100000
    input_tokens: 1000
    output_tokens: 200
    peak_to_average: 2
  - id: docs
    requests_per_day: 10000
    input_tokens: 5000
    output_tokens: 500
    peak_to_average: 3
    growth: { curve: [1, 1, 1, 2, 2, 2] }
api: { model: test/api-1 }
self_hosted:
  model: test/open-1
  gpu: test-gpu
  commitment: owned
  target_utilization: 0.6
  ownership: { depreciation_months: 36, residual_share: 0.1, pue: 1.5, electricity_per_kwh: 0.10,
    hosting_per_gpu_month: 200, maintenance_share_per_year: 0.12 }
strategies:
  shared:
    routes:
      chat: { to: self_hosted }
      docs: { to: self_hosted }
`;

const costs = (s: StrategyResult, month: number) =>
  Object.fromEntries(s.months[month - 1]!.items.map((i) => [i.category, i.cost.toFixed(2)]));

describe('owned GPUs in a deployment two classes share', () => {
  const r = run(SHARED, T);
  const s = strategy(r, 'shared');

  it('buys the fleet for the summed load, in tranches as first needed', () => {
    // months 1-3: chat 3M ÷ 2,592,000 s × 2 × 0.3 ÷ 0.6 = 1.1574 + docs 300,000 ÷ 2,592,000 × 3 × 1 ÷ 0.6
    // = 0.5787 → 1.7361 → 2 replicas (each class alone: 2 + 1); months 4-6: docs doubles, 2.3148 → 3.
    expect(s.months.map((m) => m.capacity!.replicas)).toEqual([2, 2, 2, 3, 3, 3]);
    expect(s.ownership!.purchases.map((p) => [p.month, p.gpus, p.cost.toFixed()])).toEqual([
      [1, 2, '72000'],
      [4, 1, '36000'],
    ]);
    expect(s.ownership!.gpus_at_end).toBe(3);
  });

  it('prices capital, energy, hosting, maintenance and resale once, on the summed load', () => {
    // energy month 1: 2 GPUs × 150 W × 720 h = 216 kWh + busy 600 W × (900,000 + 300,000) s ÷ 3,600
    // = 200 kWh → 416 × PUE 1.5 = 624 kWh × $0.10 = $62.40; hosting 2 × 200; maintenance 2 × 360.
    expect(costs(s, 1)).toEqual({ capital: '72000.00', energy: '62.40', hosting: '400.00', maintenance: '720.00' });
    expect(costs(s, 2)).toEqual({ energy: '62.40', hosting: '400.00', maintenance: '720.00' });
    // month 4: 3 × 150 × 720 = 324 kWh + 600 W × (900,000 + 600,000) s ÷ 3,600 = 250 kWh → 574 × 1.5
    // = 861 kWh → $86.10; the third GPU bought.
    expect(costs(s, 4)).toEqual({ capital: '36000.00', energy: '86.10', hosting: '600.00', maintenance: '1080.00' });
    // month 6: the 3 GPUs sold at 10% of $36,000.
    expect(costs(s, 6)).toEqual({
      energy: '86.10',
      hosting: '600.00',
      maintenance: '1080.00',
      residual: '-10800.00',
    });
    // 73,182.40 + 2 × 1,182.40 + 37,766.10 + 1,766.10 − 9,033.90
    expect(s.tco.toFixed(2)).toBe('106045.50');
    // The built-in self_hosted of a multi-class scenario is the same deployment.
    expect(strategy(r, 'self_hosted').tco.toFixed(2)).toBe('106045.50');
    // Every owned item names the deployment and the classes it serves.
    for (const it of s.months[0]!.items) expect([it.class, it.target]).toEqual(['chat+docs', 'self_hosted']);
  });

  it('attributes the fleet to the classes by replica-seconds', () => {
    // months 1-3: chat 900,000 of 1,200,000 replica-seconds (3/4); months 4-6: 900,000 of 1,500,000 (3/5).
    // chat 0.75 × 75,547.20 + 0.6 × 30,498.30 = 74,959.38; docs 0.25 × 75,547.20 + 0.4 × 30,498.30.
    expect(s.by_class!.map((c) => [c.class, c.cost.toFixed(2)])).toEqual([
      ['chat', '74959.38'],
      ['docs', '31086.12'],
    ]);
  });

  it('states the ownership facts of the shared fleet', () => {
    const o = s.ownership!;
    expect(o.tco_cash.toFixed(2)).toBe('106045.50');
    // depreciation 36,000 × 0.9 ÷ 36 = 900 a GPU-month: 3 × 1,800 + 3 × 2,700 = 13,500 instead of
    // 72,000 + 36,000 − 10,800 = 97,200 of capital.
    expect(o.tco_depreciation.toFixed(2)).toBe('22345.50');
    // book value: 2 × 36,000 − 900 × 2 × 6 + 36,000 − 900 × 3 = 61,200 + 33,300.
    expect(o.book_value_at_end.toFixed(2)).toBe('94500.00');
    // rented: 2 replicas × $2 × 720 h for 3 months, then 3: 8,640 + 12,960.
    expect(o.rented!.tco.toFixed(2)).toBe('21600.00');
    expect(o.rented!.owning_cheaper_from_month).toBeNull();
    // API: 15,000 a month, 19,200 from month 4: cumulative 102,600 < 106,045.50 — no payback.
    expect(o.payback_month_cash).toBeNull();
  });
});

describe('owned GPUs in a one-class portfolio', () => {
  it('a strategy routing the one class to an owned self_hosted owns what self_hosted owns, facts included', () => {
    const text = SHARED.replace(
      /workloads:\n[\s\S]*?\napi:/,
      'workload:\n  requests_per_day: 100000\n  input_tokens: 1000\n  output_tokens: 200\n  peak_to_average: 2\n' +
        '  growth: { curve: [1, 1, 2, 2, 3, 3] }\napi:',
    ).replace(/strategies:[\s\S]*$/, 'strategies:\n  mine:\n    routes:\n      workload: { to: self_hosted }\n');
    const r = run(text, T);
    const [mine, sh] = [strategy(r, 'mine'), strategy(r, 'self_hosted')];
    expect(mine.tco.toFixed()).toBe(sh.tco.toFixed());
    expect(sh.ownership!.purchases.length).toBe(3);
    const facts = (o: NonNullable<StrategyResult['ownership']>) => JSON.stringify(o);
    expect(facts(mine.ownership!)).toBe(facts(sh.ownership!));
  });
});
