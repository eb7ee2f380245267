// Billing semantics, hand-checked. Every expected cost is worked out in the comment beside it.
// Rates (test/fixtures/pricing-billing.yaml): test/gpt-4o 2.50 in / 10.00 out / 1.25 cached,
// batch 1.25 / 5.00, priority 4.25 / 17.00, flex 1.25 / 5.00; test/sonnet 3.00 in / 15.00 out /
// 0.30 cached / 3.75 cache write (5m) / 6.00 (1h), batch_discount 0.5, and above 200,000 input
// tokens 6.00 / 22.50 / 0.60 / 7.50 / 12.00.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiComponents, apiCostPerCall } from '../../src/engine/api.js';
import { compareEngine } from '../../src/engine/compare.js';
import { quoteCall, type QuoteRequest } from '../../src/engine/quote.js';
import type { InputError } from '../../src/errors.js';
import { reportJson, stringify } from '../../src/format/json.js';
import { reasonsOf } from '../../src/format/reasons.js';
import { dec } from '../../src/money.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { fixture, run, simpleScenario, simpleTables } from '../helpers.js';

const tables = mergePricing([
  parsePricingText(readFileSync(fixture('pricing-billing.yaml'), 'utf8'), 'pricing-billing.yaml'),
]);
const model = (id: string) => tables.apiModels.get(id)!;
const quote = (
  id: string,
  q: Partial<Record<'input' | 'output' | 'cached' | 'writes' | 'reasoning', number>> &
    Pick<QuoteRequest, 'service' | 'cacheTtl'>,
) =>
  quoteCall(model(id), {
    inputTokens: dec(q.input ?? 0),
    outputTokens: dec(q.output ?? 0),
    cachedTokens: dec(q.cached ?? 0),
    cacheWriteTokens: dec(q.writes ?? 0),
    reasoningTokens: dec(q.reasoning ?? 0),
    service: q.service,
    cacheTtl: q.cacheTtl,
  });
const costs = (q: ReturnType<typeof quote>) => q.items.map((i) => [i.name, i.cost?.toFixed() ?? null]);

describe('one call, exact (quote)', () => {
  it('plain call: the genai-prices vector $0.0035', () => {
    // 1,000 × 2.50/1M = 0.0025; 100 × 10.00/1M = 0.001
    const q = quote('test/gpt-4o', { input: 1000, output: 100 });
    expect(costs(q)).toEqual([
      ['input tokens', '0.0025'],
      ['output tokens', '0.001'],
    ]);
    expect(q.total.toFixed()).toBe('0.0035');
  });

  it('cached-input call: cache reads are part of the input; fresh = input − reads', () => {
    // 1,000 input of which 100 cache reads: 900 × 2.50/1M = 0.00225; 100 × 1.25/1M = 0.000125 (tokencost vector)
    const q = quote('test/gpt-4o', { input: 1000, cached: 100 });
    expect(costs(q)).toEqual([
      ['input tokens', '0.00225'],
      ['cached input tokens', '0.000125'],
    ]);
    expect(q.total.toFixed()).toBe('0.002375');
  });

  it('cache-write call, 5-minute and 1-hour lifetimes', () => {
    // 10,000 input of which 8,000 cache writes, 500 output:
    //   fresh 2,000 × 3.00/1M = 0.006; writes 8,000 × 3.75/1M = 0.03; output 500 × 15/1M = 0.0075 → 0.0435
    const q5 = quote('test/sonnet', { input: 10000, writes: 8000, output: 500 });
    expect(costs(q5)).toEqual([
      ['input tokens', '0.006'],
      ['cache write tokens (5m)', '0.03'],
      ['output tokens', '0.0075'],
    ]);
    expect(q5.long_context).toBe('base rate: prompt 10,000 <= 200,000 tokens');
    expect(q5.total.toFixed()).toBe('0.0435');
    //   1-hour writes: 8,000 × 6.00/1M = 0.048 → 0.006 + 0.048 + 0.0075 = 0.0615
    expect(quote('test/sonnet', { input: 10000, writes: 8000, output: 500, cacheTtl: '1h' }).total.toFixed()).toBe(
      '0.0615',
    );
  });

  it('long context: exactly at the threshold stays on the base rate (genai-prices vector $0.60)', () => {
    // 200,000 is not above 200,000: 200,000 × 3.00/1M = 0.6
    const q = quote('test/sonnet', { input: 200000 });
    expect(q.total.toFixed()).toBe('0.6');
    expect(q.long_context).toBe('base rate: prompt 200,000 <= 200,000 tokens');
  });

  it('long context: one token above bills EVERY token at the tier rate ($1.200006)', () => {
    // 200,001 × 6.00/1M = 1.200006 (not 200,000 × 3 + 1 × 6)
    const q = quote('test/sonnet', { input: 200001 });
    expect(q.total.toFixed()).toBe('1.200006');
    expect(q.long_context).toBe('long-context rate: prompt 200,001 > 200,000 tokens');
    // output on the same call moves to the tier too: 1,000 × 22.50/1M = 0.0225; cache reads at 0.60:
    // 200,001 input with 100,000 reads: 100,001 × 6/1M = 0.600006 + 100,000 × 0.60/1M = 0.06 → 0.660006 + 0.0225
    const q2 = quote('test/sonnet', { input: 200001, cached: 100000, output: 1000 });
    expect(costs(q2)).toEqual([
      ['input tokens', '0.600006'],
      ['cached input tokens', '0.06'],
      ['output tokens', '0.0225'],
    ]);
    expect(q2.total.toFixed()).toBe('0.682506');
    expect(q2.items[0]!.source).toBe('pricing-billing.yaml#test/sonnet.tiers[0].input_per_1m@2026-07-24');
  });

  it('batch call: published batch rates, else batch_discount', () => {
    // gpt-4o batch rates: 1,000 × 1.25/1M = 0.00125; 100 × 5.00/1M = 0.0005 → 0.00175
    const q = quote('test/gpt-4o', { input: 1000, output: 100, service: 'batch' });
    expect(costs(q)).toEqual([
      ['batch input tokens', '0.00125'],
      ['batch output tokens', '0.0005'],
    ]);
    expect(q.total.toFixed()).toBe('0.00175');
    // sonnet has batch_discount 0.5: 1,000 × 1.50/1M = 0.0015; 100 × 7.50/1M = 0.00075 → 0.00225
    const s = quote('test/sonnet', { input: 1000, output: 100, service: 'batch' });
    expect(s.total.toFixed()).toBe('0.00225');
    expect(s.items[0]!.source).toBe('pricing-billing.yaml#test/sonnet.input_per_1m*(1-batch_discount)@2026-07-24');
  });

  it('priority and flex calls use their published rates', () => {
    // priority: 1,000 × 4.25/1M = 0.00425; 100 × 17/1M = 0.0017 → 0.00595. flex: as batch, 0.00175
    expect(quote('test/gpt-4o', { input: 1000, output: 100, service: 'priority' }).total.toFixed()).toBe('0.00595');
    expect(quote('test/gpt-4o', { input: 1000, output: 100, service: 'flex' }).total.toFixed()).toBe('0.00175');
  });

  it('reasoning-token call: reasoning tokens bill at the output rate', () => {
    // 0.0025 input + 100 × 10/1M = 0.001 output + 400 × 10/1M = 0.004 reasoning → 0.0075
    const q = quote('test/gpt-4o', { input: 1000, output: 100, reasoning: 400 });
    expect(costs(q)).toEqual([
      ['input tokens', '0.0025'],
      ['output tokens', '0.001'],
      ['reasoning tokens (billed as output)', '0.004'],
    ]);
    expect(q.total.toFixed()).toBe('0.0075');
  });

  it('never rounds: 15 tokens at $1/M is $0.000015, not $0.00', () => {
    expect(quote('test/no-cache', { input: 15 }).total.toFixed()).toBe('0.000015');
  });

  it('a rate the tables do not publish is "price not found", never $0', () => {
    const q = quote('test/gpt-4o', { input: 1000, writes: 500 });
    expect(q.complete).toBe(false);
    expect(q.items[1]).toMatchObject({ cost: null, rate_per_1m: null, missing_price: 'no cache write price' });
    expect(q.total.toFixed()).toBe('0.00125'); // 500 fresh × 2.50/1M, a lower bound
  });
});

const scenario = (api: string, workload = '', extra = '') => `version: 1
name: billing
horizon_months: 2
days_per_month: 30
workload:
  requests_per_day: 1000
  input_tokens: 1000
  output_tokens: 100
${workload}
api:
${api}
${extra}`;
const month1 = (yaml: string, allowMissingPrices = false) => {
  const input = resolveScenario(parseScenarioText(yaml, 's.yaml'), tables, { allowMissingPrices });
  const report = compareEngine(input);
  return { input, report, m1: report.strategies[0]!.months[0]! };
};

describe('scenarios, month by month', () => {
  it('negotiated discount is its own negative line item, and the per-call cost the solver uses agrees', () => {
    // 1,000 requests × 30 days = 30,000 calls; input 30 M tokens × 2.50 = $75; output 3 M × 10 = $30
    // list $105; 15% discount = −$15.75; month = $89.25
    const { input, m1 } = month1(scenario('  model: test/gpt-4o', '', 'discounts: [{ provider: openai, rate: 0.15 }]'));
    expect(m1.items.map((i) => [i.name, i.cost.toFixed()])).toEqual([
      ['test/gpt-4o input tokens', '75'],
      ['test/gpt-4o output tokens', '30'],
      ['negotiated discount (15% off list)', '-15.75'],
    ]);
    expect(m1.items[2]!.source).toBe('scenario:discounts[0]');
    expect(m1.cost.toFixed()).toBe('89.25');
    // per call: (0.0025 + 0.001) × 0.85 = 0.002975; × 30,000 = 89.25
    const perCall = apiCostPerCall(apiComponents(input.api!, input.workload), input.api!.discount);
    expect(perCall.toFixed()).toBe('0.002975');
    expect(perCall.times(m1.calls).toFixed()).toBe(m1.cost.toFixed());
  });

  it('cache reads and writes as shares of input', () => {
    // sonnet, 10,000 input: reads 50% = 5,000, writes 10% = 1,000, fresh 4,000; 500 output; 30,000 calls
    //   fresh 4,000 × 3/1M = 0.012; reads 5,000 × 0.30/1M = 0.0015; writes 1,000 × 3.75/1M = 0.00375;
    //   output 500 × 15/1M = 0.0075 → 0.02475 per call × 30,000 = $742.50
    const { m1 } = month1(
      scenario('  model: test/sonnet', '  cached_input_share: 0.5\n  cache_write_share: 0.1')
        .replace('input_tokens: 1000', 'input_tokens: 10000')
        .replace('output_tokens: 100', 'output_tokens: 500'),
    );
    expect(m1.items.map((i) => i.cost.toFixed())).toEqual(['360', '45', '112.5', '225']);
    expect(m1.cost.toFixed()).toBe('742.5');
  });

  it('long-context tier evaluated at the mean prompt, and the item says so', () => {
    // mean input 250,000 > 200,000: every token at the tier: 250,000 × 6/1M = 1.5; 100 × 22.50/1M = 0.00225
    // per call 1.50225 × 30,000 calls = $45,067.50
    const { m1 } = month1(scenario('  model: test/sonnet').replace('input_tokens: 1000', 'input_tokens: 250000'));
    expect(m1.items[0]!.name).toBe(
      'test/sonnet input tokens [long-context rate: mean prompt 250,000 > 200,000 tokens]',
    );
    expect(m1.cost.toFixed()).toBe('45067.5');
  });

  it('a prompt-size distribution picks the tier per request, not at the mean', () => {
    // half the calls at 100,000 input, half at 300,000: the mean (200,000) would bill all at the base rate
    //   per call: 0.5 × 100,000 × 3/1M = 0.15 (base) + 0.5 × 300,000 × 6/1M = 0.9 (tier) = 1.05
    //   output 100 tokens: 0.5 × 100 × 15/1M + 0.5 × 100 × 22.5/1M = 0.00075 + 0.001125
    const { input } = month1(scenario('  model: test/sonnet').replace('input_tokens: 1000', 'input_tokens: 200000'));
    const buckets = [
      { inputTokens: dec(100000), share: dec(0.5) },
      { inputTokens: dec(300000), share: dec(0.5) },
    ];
    const perRequest = apiCostPerCall(apiComponents(input.api!, input.workload, buckets));
    expect(perRequest.toFixed()).toBe('1.051875');
    const atMean = apiCostPerCall(apiComponents(input.api!, input.workload));
    expect(atMean.toFixed()).toBe('0.6015'); // 200,000 × 3/1M + 100 × 15/1M: the tier is never reached
  });

  it('service-tier shares split the calls', () => {
    // 30,000 calls: 50% standard (0.0035 each) = 52.5; 30% batch (0.00175) = 15.75; 20% priority (0.00595) = 35.7 → 103.95
    const { m1 } = month1(scenario('  model: test/gpt-4o\n  batch_share: 0.3\n  priority_share: 0.2'));
    expect(m1.cost.toFixed()).toBe('103.95');
  });

  it('reasoning tokens also occupy self-hosted decode time', () => {
    // replica-seconds per call = 1,000/10,000 + (200 + 100)/1,000 = 0.4
    const r = run(simpleScenario().replace('output_tokens: 200', 'output_tokens: 200\n  reasoning_tokens: 100'));
    expect(
      r.strategies.find((s) => s.id === 'self_hosted')!.months[0]!.capacity!.replica_seconds_per_call.toFixed(),
    ).toBe('0.4');
  });
});

describe('missing prices', () => {
  const fails = (yaml: string) => {
    try {
      month1(yaml);
    } catch (e) {
      return (e as InputError).message;
    }
    throw new Error('expected an error');
  };
  it('a rate the scenario needs and the table lacks is an error at the scenario field', () => {
    expect(fails(scenario('  model: test/no-cache', '  cache_write_share: 0.2'))).toBe(
      "s.yaml:9:22: workload.cache_write_share: API model 'test/no-cache' has no cache write price in the pricing tables; expected a rate for it (test/no-cache.cache_write_per_1m; add one with --pricing), a scenario that does not need it, or --allow-missing-prices",
    );
    expect(fails(scenario('  model: test/sonnet\n  flex_share: 0.5'))).toMatch(
      /api\.flex_share: API model 'test\/sonnet' has no flex input price/,
    );
    expect(fails(scenario('  model: test/nope'))).toMatch(/unknown API model 'test\/nope'/);
  });
  it('a discount for a provider the scenario does not use is an error, not a silent no-op', () => {
    expect(fails(scenario('  model: test/gpt-4o', '', 'discounts: [{ provider: opneai, rate: 0.15 }]'))).toMatch(
      /discounts\[0\]\.provider: no API model of provider 'opneai'/,
    );
  });
  it('service-tier shares above 1 are refused', () => {
    expect(fails(scenario('  model: test/gpt-4o\n  batch_share: 0.7\n  flex_share: 0.4'))).toMatch(
      /E?batch_share \+ flex_share \+ priority_share is above 1/,
    );
  });
  it('with allowMissingPrices an unknown model gives "price not found" items, lower-bound totals and no break-even', () => {
    const { report, m1 } = month1(scenario('  model: test/nope'), true);
    expect(m1.items.every((i) => i.missing_price === "unknown API model 'test/nope'")).toBe(true);
    expect(report.strategies[0]!.lower_bound).toBe(true);
    const json = stringify(reportJson(report));
    expect(json).toContain('"cost": null');
    expect(json).toContain('"lower_bound": true');
    expect(reasonsOf(report).at(-1)).toMatch(/lower bounds/);
  });
  it('with allowMissingPrices a missing rate is unknown while the rest is priced', () => {
    // 30,000 calls × 800 fresh × 1/1M = $24 input, 3 M output × 2 = $6; cache writes unknown → at least $30
    const { report, m1 } = month1(scenario('  model: test/no-cache', '  cache_write_share: 0.2'), true);
    expect(m1.items.map((i) => [i.cost.toFixed(), i.missing_price ?? null])).toEqual([
      ['24', null],
      ['0', 'no cache write price'],
      ['6', null],
    ]);
    expect(report.strategies[0]!.lower_bound).toBe(true);
  });
  it('a GPU provider without a price: an error, or with allowMissingPrices an unpriced GPU item', () => {
    const yaml = simpleScenario().replace('provider: cloud', 'provider: nimbus');
    expect(() => run(yaml)).toThrow(/self_hosted\.provider: no 'nimbus' price for GPU 'test-gpu'/);
    const input = resolveScenario(parseScenarioText(yaml, 's.yaml'), simpleTables(), { allowMissingPrices: true });
    const report = compareEngine(input);
    const sh = report.strategies.find((s) => s.id === 'self_hosted')!;
    // the replica count is still known (2, as in engine.test.ts); its price is not
    expect(sh.months[0]!.capacity!.replicas).toBe(2);
    expect(sh.months[0]!.items[0]).toMatchObject({
      category: 'gpu',
      missing_price: "no 'nimbus' price for GPU 'test-gpu'",
    });
    expect(sh.lower_bound).toBe(true);
    expect(report.strategies.find((s) => s.id === 'api')!.lower_bound).toBeUndefined();
    expect(report.break_even).toEqual({}); // no break-even from a lower bound
  });
});
