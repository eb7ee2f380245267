// Random but valid scenarios and pricing tables for the property tests. Numbers are drawn as integers
// and scaled by powers of ten, so each is a short decimal (0.07, 12.5) exactly as a user would type it.
import fc from 'fast-check';
import { compareEngine } from '../../src/engine/compare.js';
import type { EngineInput } from '../../src/engine/input.js';
import { mergePricing, parsePricingText, type PricingTables } from '../../src/pricing/tables.js';
import type { Report } from '../../src/report/model.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';

/** An integer in [min, max] divided by 10^places. */
export const decimal = (min: number, max: number, places = 2) =>
  fc.integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) }).map((n) => n / 10 ** places);

export const pricingArb = fc
  .record({
    input: decimal(0.01, 60, 3),
    output: decimal(0.01, 120, 3),
    cachedFactor: decimal(0, 1, 2),
    batch: decimal(0, 0.9, 2),
    onDemand: decimal(0.2, 15, 2),
    reservedFactor: decimal(0.2, 1, 2),
    gpusPerReplica: fc.integer({ min: 1, max: 8 }),
    prefill: fc.integer({ min: 500, max: 200_000 }),
    decode: fc.integer({ min: 50, max: 30_000 }),
  })
  .map((p) => ({
    version: 1,
    api_models: [
      {
        id: 'prop/api',
        input_per_1m: p.input,
        output_per_1m: p.output,
        cached_input_per_1m: Math.round(p.input * p.cachedFactor * 1000) / 1000,
        batch_discount: p.batch,
        as_of: '2026-01-01',
        source: 'property test',
      },
    ],
    gpus: [
      {
        id: 'prop-gpu',
        memory_gb: 80,
        memory_bandwidth_gb_s: 3000,
        bf16_tflops: 1000,
        as_of: '2026-01-01',
        source: 'property test',
        prices: [
          {
            provider: 'cloud',
            on_demand: p.onDemand,
            reserved_1y: Math.max(0.01, Math.round(p.onDemand * p.reservedFactor * 100) / 100),
            as_of: '2026-01-01',
            source: 'property test',
          },
        ],
      },
    ],
    throughput_profiles: [
      {
        model: 'prop/open',
        gpu: 'prop-gpu',
        gpus_per_replica: p.gpusPerReplica,
        prefill_tokens_per_s: p.prefill,
        decode_tokens_per_s: p.decode,
        concurrency: 32,
        as_of: '2026-01-01',
        source: 'property test',
      },
    ],
    open_models: [
      {
        id: 'prop/open',
        params_b: 8,
        layers: 32,
        kv_heads: 8,
        head_dim: 128,
        as_of: '2026-01-01',
        source: 'property test',
      },
    ],
  }));

export interface ScenarioOptions {
  /** Leave out one-time overheads and fine-tuning, so every month costs its run rate. */
  steady?: boolean;
  /** Leave out applies_to, so every overhead applies to every strategy. */
  sharedOverheads?: boolean;
}

export const scenarioArb = (opts: ScenarioOptions = {}) =>
  fc
    .record({
      horizon: fc.integer({ min: 1, max: 24 }),
      days: fc.constantFrom(undefined, 30, 28, 31, 30.5),
      requestsPerDay: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), decimal(0, 5000, 2)),
      input: fc.integer({ min: 0, max: 20_000 }),
      output: fc.integer({ min: 0, max: 4_000 }),
      rag: fc.integer({ min: 0, max: 4_000 }),
      calls: decimal(1, 5, 1),
      retry: decimal(0, 0.5, 2),
      cached: decimal(0, 1, 2),
      peak: decimal(1, 5, 1),
      rate: decimal(-0.1, 0.2, 2),
      curve: fc.boolean(),
      curveSeed: fc.array(decimal(0, 5, 2), { minLength: 24, maxLength: 24 }),
      batch: decimal(0, 1, 2),
      commitment: fc.constantFrom('on_demand', 'reserved_1y'),
      utilization: decimal(0.05, 1, 2),
      minReplicas: fc.integer({ min: 0, max: 6 }),
      staff: fc.option(fc.record({ fte: decimal(0, 3, 1), annual_cost_per_fte: fc.integer({ min: 0, max: 300_000 }) })),
      fineTuning: fc.option(
        fc.record({ gpu_hours: fc.integer({ min: 0, max: 500 }), every: fc.option(fc.integer({ min: 1, max: 12 })) }),
      ),
      share: decimal(0, 1, 2),
      overheads: fc.array(
        fc.record({
          monthly: fc.option(decimal(0, 20_000, 2)),
          oneTime: fc.option(decimal(0, 100_000, 2)),
          appliesTo: fc.option(fc.subarray(['api', 'self_hosted', 'hybrid'], { minLength: 1 })),
        }),
        { maxLength: 3 },
      ),
    })
    .map((r) => {
      const scenario: Record<string, unknown> = {
        version: 1,
        name: 'property',
        horizon_months: r.horizon,
        ...(r.days !== undefined ? { days_per_month: r.days } : {}),
        workload: {
          requests_per_day: r.requestsPerDay,
          input_tokens: r.input,
          output_tokens: r.output,
          rag_context_tokens: r.rag,
          llm_calls_per_request: r.calls,
          retry_rate: r.retry,
          cached_input_share: r.cached,
          peak_to_average: r.peak,
          growth: r.curve ? { curve: r.curveSeed.slice(0, r.horizon) } : { monthly_rate: r.rate },
        },
        api: { model: 'prop/api', batch_share: r.batch },
        self_hosted: {
          model: 'prop/open',
          gpu: 'prop-gpu',
          provider: 'cloud',
          commitment: r.commitment,
          target_utilization: r.utilization,
          min_replicas: r.minReplicas,
          ...(r.staff ? { staff: r.staff } : {}),
          ...(r.fineTuning && !opts.steady
            ? {
                fine_tuning: {
                  gpu_hours: r.fineTuning.gpu_hours,
                  ...(r.fineTuning.every ? { every_months: r.fineTuning.every } : {}),
                },
              }
            : {}),
        },
        hybrid: { self_hosted_share: r.share },
        overheads: r.overheads
          .map((o, i) => ({
            name: `overhead ${i}`,
            ...(o.monthly !== null ? { monthly: o.monthly } : {}),
            ...(o.oneTime !== null && !opts.steady ? { one_time: o.oneTime } : {}),
            ...(o.appliesTo && !opts.sharedOverheads ? { applies_to: o.appliesTo } : {}),
          }))
          .filter((o) => 'monthly' in o || 'one_time' in o),
      };
      return scenario;
    });

/** JSON is YAML: the generated objects go through the real parser, schema and resolver. */
export function resolve(scenario: object, pricing: object): { input: EngineInput; tables: PricingTables } {
  const tables = mergePricing([parsePricingText(JSON.stringify(pricing), 'prop-pricing.yaml')]);
  const input = resolveScenario(parseScenarioText(JSON.stringify(scenario), 'prop.yaml'), tables);
  return { input, tables };
}

export function report(scenario: object, pricing: object): Report {
  return compareEngine(resolve(scenario, pricing).input);
}
