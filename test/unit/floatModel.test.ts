// The float mirror against the exact engine: same formulas, so the same numbers to within binary
// rounding (relative 1e-9) plus the exact engine's quantisation of each line item to $0.000001. The
// analyses use the mirror only where compiled tapes of the engine do not hold (uncertainty/model.ts)
// and only for scenarios it covers (floatUnsupported); these tests call it directly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { loadPricing } from '../../src/pricing/load.js';
import { mergePricing, parsePricingText, type PricingTables } from '../../src/pricing/tables.js';
import type { Report } from '../../src/report/model.js';
import { parseScenarioText, readScenario, type LoadedScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import {
  ceilSnapped,
  evaluateFloat,
  floatPrices,
  floatScratch,
  floatStrategies,
  floatUnsupported,
  paybackMonth,
} from '../../src/uncertainty/floatModel.js';
import { fixture, ROOT, simpleScenario, simpleTables } from '../helpers.js';

/** Largest relative difference between float and exact monthly costs, after allowing item quantisation. */
function maxRelativeError(
  loaded: LoadedScenario,
  tables: PricingTables,
): { rel: number; report: Report; out: Float64Array } {
  const input = resolveScenario(loaded, tables);
  const report = compareEngine(input);
  const H = loaded.scenario.horizon_months;
  const model = { months: H, strategies: floatStrategies(loaded.scenario) };
  const out = new Float64Array(model.strategies.length * H);
  evaluateFloat(loaded.scenario, floatPrices(input), out, floatScratch(H));
  expect(model.strategies).toEqual(report.strategies.map((s) => s.id));
  let rel = 0;
  report.strategies.forEach((s, k) => {
    s.months.forEach((m, i) => {
      const exact = m.cost.toNumber();
      const diff = Math.abs(out[k * model.months + i]! - exact);
      const quantisation = 0.5e-6 * m.items.length;
      expect(diff).toBeLessThanOrEqual(1e-9 * Math.abs(exact) + quantisation);
      // The binary-rounding part of the error: what is left after the items' micro-dollar quantisation.
      if (exact !== 0) rel = Math.max(rel, Math.max(0, diff - quantisation) / Math.abs(exact));
    });
  });
  return { rel, report, out };
}

describe('float evaluator = exact engine', () => {
  const tables = loadPricing();
  // The shipped scenarios the mirror covers (and without `sample:` token fields, which it reads as numbers).
  const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => {
    if (!f.endsWith('.yaml')) return false;
    const s = readScenario(join(ROOT, 'scenarios', f), f).scenario;
    return floatUnsupported(s) === null && typeof s.workload?.input_tokens === 'number';
  });
  it('covers some shipped scenarios and knows the features it does not mirror', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    const loaded = readScenario(join(ROOT, 'scenarios', 'chat-diurnal.yaml'), 'chat-diurnal.yaml');
    expect(floatUnsupported(loaded.scenario)).toBe('self_hosted.autoscaling');
  });
  it.each(shipped)('on scenarios/%s at its point values', (f) => {
    const { rel, report, out } = maxRelativeError(readScenario(join(ROOT, 'scenarios', f), f), tables);
    expect(rel).toBeLessThan(1e-9);
    // payback agrees too
    const H = report.horizon_months;
    const ids = report.strategies.map((s) => s.id);
    for (const k of ['self_hosted', 'hybrid'] as const) {
      const be = report.break_even[k];
      if (be) expect(paybackMonth(out, H, ids.indexOf(k), ids.indexOf('api')) || null).toBe(be.payback_month);
    }
  });

  it('on random scenarios of the round-number fixture (trends, batch, cache, growth curves, overheads)', () => {
    const simple = simpleTables();
    // Values are 0 or at least 1e-6 in size: a denormal (5e-324) volume or share underflows to 0 in
    // binary but not in decimal, and would turn 0 replicas into 1 — not a question any input asks.
    const real = (min: number, max: number) =>
      fc.double({ min, max, noNaN: true }).map((x) => (Math.abs(x) < 1e-6 ? 0 : x));
    const arb = fc.record({
      rpd: fc.integer({ min: 0, max: 5_000_000 }),
      input: fc.integer({ min: 0, max: 20_000 }),
      output: fc.integer({ min: 1, max: 4_000 }),
      cached: real(0, 1),
      batch: real(0, 1),
      apiTrend: real(-0.95, 1),
      gpuTrend: real(-0.95, 1),
      growth: fc.oneof(real(-0.2, 0.3), fc.array(real(0, 5), { minLength: 6, maxLength: 6 })),
      util: real(0.05, 1),
      minReplicas: fc.integer({ min: 0, max: 5 }),
      share: real(0, 1),
      ft: fc.option(
        fc.record({
          hours: fc.integer({ min: 0, max: 500 }),
          every: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      overhead: fc.integer({ min: 0, max: 10_000 }),
      // A diurnal curve instead of peak_to_average: the peak is derived from it.
      hourly: fc.option(
        fc.array(real(0, 10), { minLength: 24, maxLength: 24 }).filter((a) => a.some((x) => x > 0)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const growth = Array.isArray(a.growth) ? `curve: [${a.growth.join(', ')}]` : `monthly_rate: ${a.growth}`;
        const yaml = `version: 1
name: random
horizon_months: 6
workload: { requests_per_day: ${a.rpd}, input_tokens: ${a.input}, output_tokens: ${a.output}, cached_input_share: ${a.cached}, growth: { ${growth} }${a.hourly ? `, traffic: { hourly: [${a.hourly.join(', ')}] }` : ''} }
api: { model: test/api-1, batch_share: ${a.batch}, price_change_per_year: ${a.apiTrend} }
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  target_utilization: ${a.util}
  min_replicas: ${a.minReplicas}
  gpu_price_change_per_year: ${a.gpuTrend}
  staff: { fte: 1, annual_cost_per_fte: 90000 }
${a.ft ? `  fine_tuning: { gpu_hours: ${a.ft.hours}${a.ft.every ? `, every_months: ${a.ft.every}` : ''} }` : ''}
hybrid: { self_hosted_share: ${a.share} }
overheads: [{ name: ops, monthly: ${a.overhead}, one_time: 5000, applies_to: [self_hosted, hybrid] }]
`;
        maxRelativeError(parseScenarioText(yaml, 'random.yaml'), simple);
      }),
      { numRuns: 60, seed: 6 },
    );
  });

  it('prices calendar months as compare does (a start month without days_per_month: February has 28 days)', () => {
    const yaml = readFileSync(join(ROOT, 'scenarios', 'saas-support.yaml'), 'utf8')
      .replace(/^days_per_month:.*$/m, '')
      .replace(/^horizon_months:.*$/m, 'horizon_months: 24\nstart_month: 2027-01');
    const { out } = maxRelativeError(parseScenarioText(yaml, 'calendar.yaml'), tables);
    // January (31 days) costs the API more than February (28 days) at the same daily volume and growth.
    expect(out[0]! / out[1]!).toBeGreaterThan(1);
  });

  it('derives the peak from a traffic curve, as compare does (chat-diurnal without autoscaling)', () => {
    // The curve's peak (9 of a mean 115.5 / 24 = 1.87) differs from the default peak_to_average of 2.
    const yaml = `version: 1
name: diurnal, always on
horizon_months: 12
workload:
  requests_per_day: 1500000
  input_tokens: 900
  output_tokens: 250
  growth: { monthly_rate: 0.04 }
  traffic: { hourly: [3, 2, 1.5, 1, 1, 1, 1.5, 2.5, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4] }
api: { model: openai/gpt-4.1-mini }
self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: hyperstack, min_replicas: 2, target_utilization: 0.6 }
hybrid: { self_hosted_share: 0.6 }
`;
    expect(maxRelativeError(parseScenarioText(yaml, 'diurnal.yaml'), tables).rel).toBeLessThan(1e-9);
  });

  it('rounds replicas up, forgiving only binary noise', () => {
    expect(ceilSnapped(2)).toBe(2);
    expect(ceilSnapped(2.0000000000000004)).toBe(2);
    expect(ceilSnapped(2.000001)).toBe(3);
    expect(ceilSnapped(1.5)).toBe(2);
  });

  it('reproduces the hand-checked fixture numbers', () => {
    const { out } = maxRelativeError(parseScenarioText(simpleScenario(), 't.yaml'), simpleTables());
    // api $10,800 · self_hosted $12,880 · hybrid $16,840 in month 1 (test/unit/engine.test.ts)
    expect([out[0], out[12], out[24]]).toEqual([10800, 12880, 16840]);
  });
});

describe('float evaluator = exact engine, owned GPUs', () => {
  const ownedTables = mergePricing([
    parsePricingText(readFileSync(fixture('pricing-owned.yaml'), 'utf8'), 'pricing-owned.yaml'),
  ]);
  const base = (selfHosted: string, horizon = 8) => `version: 1
name: owned float
horizon_months: ${horizon}
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200, peak_to_average: 2, growth: { curve: [${[0.5, 1, 1, 2, 0.5, 3, 3, 1.2].slice(0, horizon).join(', ')}] } }
api: { model: test/api-1 }
self_hosted:
  model: test/open-1
  gpu: test-gpu
${selfHosted}
hybrid: { self_hosted_share: 0.4 }
`;
  const cases: Array<[string, string]> = [
    [
      'tranches and replacement, cash with resale',
      '  commitment: owned\n  min_replicas: 1\n  ownership: { depreciation_months: 3, residual_share: 0.15, pue: 1.3, electricity_per_kwh: 0.12, hosting_per_gpu_month: 90, maintenance_share_per_year: 0.08 }',
    ],
    [
      'depreciation view, 10 hours a day',
      '  commitment: owned\n  min_replicas: 1\n  ownership: { depreciation_months: 5, residual_share: 0.2, electricity_per_kwh: 0.2, hours_per_day: 10, accounting: depreciation }',
    ],
    [
      'owned_replicas beside on-demand',
      '  provider: cloud\n  commitment: on_demand\n  min_replicas: 1\n  owned_replicas: 2\n  ownership: { depreciation_months: 4, residual_share: 0.1, electricity_per_kwh: 0.1, hosting_per_gpu_month: 50 }',
    ],
  ];
  it.each(cases)('%s', (_name, selfHosted) => {
    const { rel } = maxRelativeError(parseScenarioText(base(selfHosted), 'owned.yaml'), ownedTables);
    expect(rel).toBeLessThan(1e-9);
  });
});
