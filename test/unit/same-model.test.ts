import { readFileSync } from 'node:fs';
// The same open model sold per token: the recommendation prices it, to separate which model from who
// runs it. API rows declare the model they serve with `open_model` (read by name; the shipped tables
// gain the field with issue 20), injected here into the simple tables.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cheapestEndpoint, endpointApi, endpointTokenCost } from '../../src/engine/sameModel.js';
import type { Decimal } from '../../src/money.js';
import { compareEngine } from '../../src/engine/compare.js';
import { factSentence, reasonsOf } from '../../src/format/reasons.js';
import type { ApiModel, PricingTables } from '../../src/pricing/tables.js';
import { loadPricing } from '../../src/pricing/load.js';
import { parseScenarioText, readScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { ROOT, simpleScenario, simpleTables } from '../helpers.js';

function withEndpoint(extra: Record<string, unknown> = {}): PricingTables {
  const t = simpleTables();
  const base = t.apiModels.get('test/api-1')!;
  const row = { ...base, id: 'test/open-hosted', input_per_1m: 0.1, output_per_1m: 0.2, open_model: 'test/open-1' };
  Object.assign(row, extra);
  return { ...t, apiModels: new Map([...t.apiModels, ['test/open-hosted', row as ApiModel]]) };
}

describe('the same open model, hosted', () => {
  // 3,000,000 calls a month for 12 months, 1,000 input + 200 output tokens a call.
  // Hosted: 1,000 × $0.10/1M + 200 × $0.20/1M = $0.00014 a call → $420 a month → $5,040.
  // API model: $0.0036 a call → $129,600.
  // Self-hosted: 2 replicas × 720 h × $2 + $10,000 staff → $154,560 a year.
  // Which model saves 129,600 − 5,040 = $124,560; self-hosting costs 154,560 − 5,040 = $149,520 more.
  it('prices the endpoint and says which choice drives the difference', () => {
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), withEndpoint()));
    const fact = r.recommendation!.facts.find((f) => f.kind === 'same_model_hosted');
    expect(fact).toMatchObject({ endpoint: 'test/open-hosted', open_model: 'test/open-1' });
    expect(fact?.kind === 'same_model_hosted' && fact.endpoint_tco.toFixed()).toBe('5040');
    const sentence = reasonsOf(r).find((s) => s.startsWith('The same open model is hosted'))!;
    expect(sentence).toContain('test/open-hosted sells test/open-1 per token: $5,040.00 over 12 months');
    expect(sentence).toContain('against $154,560.00 self-hosted');
    expect(sentence).toContain('which model (test/api-1 against test/open-1, both per token) saves $124,560.00');
    expect(sentence).toContain('who runs it (self-hosting against the hosted endpoint) costs $149,520.00 more');
    expect(sentence).toContain('who runs it drives the difference');
  });
  it('leaves out an endpoint whose context the workload does not fit', () => {
    const small = withEndpoint({ context_window: 500 });
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), small));
    expect(r.recommendation!.facts.some((f) => f.kind === 'same_model_hosted')).toBe(false);
  });
  it('leaves out an endpoint whose max_output is below the workload output', () => {
    const short = withEndpoint({ max_output: 100 });
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), short));
    expect(r.strategies.some((s) => s.id === 'api_same_model')).toBe(false);
  });
  it('says nothing when no row declares the model', () => {
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), simpleTables()));
    expect(r.recommendation!.facts.some((f) => f.kind === 'same_model_hosted')).toBe(false);
  });
});

describe('saas-support with the shipped tables (hosted Llama rows declare open_model)', () => {
  it('reports api_same_model below self_hosted and says the saving comes from the model choice', () => {
    const r = compareEngine(resolveScenario(readScenario(`${ROOT}/scenarios/saas-support.yaml`), loadPricing()));
    const tco = (id: string) => r.strategies.find((s) => s.id === id)!.tco;
    expect(tco('api_same_model').lt(tco('self_hosted'))).toBe(true);
    expect(r.recommendation!.strategy).toBe('api_same_model');
    expect(reasonsOf(r).join('\n')).toContain('the saving comes from the model, not from who runs it');
    const sentence = reasonsOf(r).find((s) => s.startsWith('The same open model is hosted'))!;
    // Of the five providers' rows that serve it, DeepInfra's is the cheapest for this workload.
    const sells = 'deepinfra/meta-llama-3.1-8b-instruct-turbo sells meta/llama-3.1-8b-instruct per token';
    expect(sentence).toContain(`${sells}: $35,311.59 over 24 months`);
    expect(sentence).toContain('the choice of model drives the difference');
  });

  it('a single endpoint is priced alone: groq/llama-3.1-8b-instant at $60,511.76', () => {
    const t = loadPricing();
    const onlyGroq = new Map(
      [...t.apiModels].filter(
        ([id, m]) => id === 'groq/llama-3.1-8b-instant' || !(m as { open_model?: string }).open_model,
      ),
    );
    const r = compareEngine(
      resolveScenario(readScenario(`${ROOT}/scenarios/saas-support.yaml`), { ...t, apiModels: onlyGroq }),
    );
    const sentence = reasonsOf(r).find((s) => s.startsWith('The same open model is hosted'))!;
    expect(sentence).toContain(
      'groq/llama-3.1-8b-instant sells meta/llama-3.1-8b-instruct per token: $60,511.76 over 24 months',
    );
  });
});

describe('quality is named when the strategies serve different models', () => {
  const fact = (api: number | null, open: number | null) =>
    factSentence({
      kind: 'different_models',
      api_model: 'openai/gpt-4.1',
      open_model: 'meta/llama-3.1-8b-instruct',
      hybrid: false,
      api_quality:
        api === null ? null : { benchmark: 'LMArena Text Arena score', score: api, as_of: '2026-01-16', source: 's' },
      open_quality:
        open === null ? null : { benchmark: 'LMArena Text Arena score', score: open, as_of: '2026-01-16', source: 's' },
    });
  it('shows each published score with its benchmark and date', () => {
    expect(fact(1413, 1212)).toContain(
      '(openai/gpt-4.1 1413 (LMArena Text Arena score, as of 2026-01-16); meta/llama-3.1-8b-instruct 1212',
    );
  });
  it('says a score is unknown rather than leaving it out', () => {
    expect(fact(1413, null)).toContain('meta/llama-3.1-8b-instruct: no published score in the pricing tables');
  });
  it('reads the scores from the pricing rows (gpt-4.1 has one in the shipped tables)', () => {
    const yaml = readFileSync(`${ROOT}/scenarios/saas-support.yaml`, 'utf8').replace(
      'model: openai/gpt-4o',
      'model: openai/gpt-4.1',
    );
    const r = compareEngine(resolveScenario(parseScenarioText(yaml, 's.yaml'), loadPricing()));
    const f = r.recommendation!.facts.find((x) => x.kind === 'different_models');
    expect(f && f.kind === 'different_models' && f.api_quality?.score).toBe(1413);
  });
});

describe('api_same_model, a full strategy', () => {
  const simple = () => compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), withEndpoint()));
  it('is a strategy of the report: priced item by item, recommended when cheapest, in break-even', () => {
    const r = simple();
    const s = r.strategies.find((x) => x.id === 'api_same_model')!;
    expect(s.tco.toFixed()).toBe('5040'); // 36M calls × $0.00014
    expect(s.months[0]!.items.map((i) => i.name)).toEqual([
      'test/open-hosted input tokens',
      'test/open-hosted output tokens',
    ]);
    expect(r.recommendation!.strategy).toBe('api_same_model');
    expect(r.break_even.api_same_model?.run_rate.calls_per_month?.toFixed()).toBe('0');
    expect(r.pricing_used.map((p) => p.id)).toContain('test/open-hosted');
  });
  it('pays the overheads that apply to the hosted API', () => {
    const overhead = 'overheads:\n  - { name: data agreement, monthly: 100, applies_to: [api] }\n';
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(overhead), 's.yaml'), withEndpoint()));
    const s = r.strategies.find((x) => x.id === 'api_same_model')!;
    expect(s.by_category.overhead.toFixed()).toBe('1200');
    expect(r.strategies.find((x) => x.id === 'self_hosted')!.by_category.overhead.toFixed()).toBe('0');
  });
  it("can be a flip's `to`: self-hosting wins at 30M calls a month, and dearer GPUs hand it to the endpoint", () => {
    // 30M calls: 12 replicas × 720 h × $2 + $10,000 = $27,280 a month; the endpoint at $1.50/$6 per 1M
    // costs $0.0027 a call = $81,000 a month; the API $0.0036 = $108,000.
    const yaml = simpleScenario().replace('requests_per_day: 100000', 'requests_per_day: 1000000');
    const r = compareEngine(
      resolveScenario(parseScenarioText(yaml, 's.yaml'), withEndpoint({ input_per_1m: 1.5, output_per_1m: 6 })),
    );
    expect(r.recommendation!.strategy).toBe('self_hosted');
    const flips = r.recommendation!.flips.map((f) => [f.axis, f.direction, f.to]);
    expect(flips).toContainEqual(['gpu_price', 'rise', 'api_same_model']);
    expect(flips).toContainEqual(['api_price', 'fall', 'api_same_model']);
    // The rise factor: (81,000 − 10,000) ÷ 17,280 = 4.108796…, rounded away from 1.
    const rise = r.recommendation!.flips.find((f) => f.axis === 'gpu_price')!;
    expect(rise.factor.toFixed()).toBe('4.1088');
  });
  it('ranks endpoints on the API cost curve exactly as a full simulation would (saas-support, shipped tables)', () => {
    const t = loadPricing();
    const loaded = readScenario(`${ROOT}/scenarios/saas-support.yaml`);
    const r = compareEngine(resolveScenario(loaded, t));
    const chosen = r.strategies.find((s) => s.id === 'api_same_model')!;
    const serving = [...t.apiModels.values()].filter(
      (m) => (m as { open_model?: string }).open_model === 'meta/llama-3.1-8b-instruct',
    );
    expect(serving.length).toBeGreaterThan(1);
    // Each endpoint alone in the tables: its api_same_model is simulated item by item.
    const alone = serving.map((row) => {
      const only = new Map(
        [...t.apiModels].filter(([id, m]) => id === row.id || !(m as { open_model?: string }).open_model),
      );
      const one = compareEngine(resolveScenario(loaded, { ...t, apiModels: only }));
      return one.strategies.find((s) => s.id === 'api_same_model')?.tco ?? null;
    });
    const priced = alone.filter((x) => x !== null);
    expect(priced.every((x) => x.gte(chosen.tco))).toBe(true);
    expect(priced.some((x) => x.eq(chosen.tco))).toBe(true);
  });
  /** cheapestEndpoint's choice and a brute force that prices every endpoint month by month (first wins ties). */
  function ranked(rows: Array<[number, number]>, trend: number, requests: number, inputTokens: number) {
    const t = simpleTables();
    const base = t.apiModels.get('test/api-1')!;
    const endpoints = rows.map(([i, o], k): [string, ApiModel] => [
      `test/open-hosted-${k}`,
      {
        ...base,
        id: `test/open-hosted-${k}`,
        input_per_1m: i,
        output_per_1m: o,
        open_model: 'test/open-1',
      } as ApiModel,
    ]);
    const tables = { ...t, apiModels: new Map([...t.apiModels, ...endpoints]) };
    const yaml = simpleScenario()
      .replace(/requests_per_day: \d+/, `requests_per_day: ${requests}`)
      .replace(/input_tokens: \d+/, `input_tokens: ${inputTokens}`)
      .replace(/^api:\n/m, `api:\n  price_change_per_year: ${trend}\n`);
    const input = resolveScenario(parseScenarioText(yaml, 's.yaml'), tables);
    let best: { id: string; cost: Decimal } | null = null;
    for (const row of input.sameModelEndpoints ?? []) {
      const cost = endpointTokenCost(endpointApi(row, input), input);
      if (cost && (!best || cost.lt(best.cost))) best = { id: row.id, cost };
    }
    return { chosen: cheapestEndpoint(input)?.id ?? null, brute: best?.id ?? null };
  }
  it('ranks endpoints from bounds exactly as pricing every endpoint month by month would (near ties)', () => {
    // Today e0 costs $0.00014000042 a call and e1 $0.0001400005, but under a +50% trend each month's
    // rates are rounded to 6 decimals and e0's round up more: over 12 months e0 bills $6,110.70066 and
    // e1 $6,110.6997. Today's rates alone would pick e0; the bounds overlap, so both are priced by month.
    const r = ranked(
      [
        [0.1000003, 0.2000006],
        [0.1000005, 0.2],
      ],
      0.5,
      100_000,
      1000,
    );
    expect(r).toEqual({ chosen: 'test/open-hosted-1', brute: 'test/open-hosted-1' });
  });
  it('ranks endpoints from bounds exactly as pricing every endpoint month by month would (random prices, trends)', () => {
    const prices = [0.1, 0.1000001, 0.1000004, 0.12, 0.2, 0.0999995];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...prices), fc.constantFrom(...prices)), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, -0.3, -0.05, 0.07, 0.5),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 1, max: 40_000 }),
        (rows, trend, requests, inputTokens) => {
          const r = ranked(rows, trend, requests, inputTokens);
          expect(r.chosen).toBe(r.brute);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
