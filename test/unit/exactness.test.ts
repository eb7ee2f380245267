// Money is exact: a per-call cost that is a small fraction of a cent, repeated a hundred million
// times a month, adds up to the exact decimal total — in the model, the JSON and the table.
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { formatJson } from '../../src/format/json.js';
import { formatTable } from '../../src/format/table.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';

const pricing = mergePricing([
  parsePricingText(
    `version: 1
api_models:
  - { id: exact/api, input_per_1m: 0.15, output_per_1m: 0.6, cached_input_per_1m: 0.075, batch_discount: 0.5, as_of: 2026-01-01, source: test }
gpus:
  - id: exact-gpu
    memory_gb: 80
    memory_bandwidth_gb_s: 3000
    bf16_tflops: 1000
    as_of: 2026-01-01
    source: test
    prices: [{ provider: cloud, on_demand: 2.17, as_of: 2026-01-01, source: test }]
throughput_profiles:
  - { model: exact/open, gpu: exact-gpu, gpus_per_replica: 1, prefill_tokens_per_s: 10000, decode_tokens_per_s: 1000, concurrency: 32, as_of: 2026-01-01, source: test }
open_models:
  - { id: exact/open, params_b: 8, layers: 32, kv_heads: 8, head_dim: 128, as_of: 2026-01-01, source: test }
`,
    'exact-pricing.yaml',
  ),
]);

const run = (yaml: string) => compareEngine(resolveScenario(parseScenarioText(yaml, 'exact.yaml'), pricing));

describe('a fraction of a cent, 10^8 times', () => {
  // 4,000,000 requests/day × 25 days = 100,000,000 calls a month.
  // Per call: 1,234 input tokens × $0.15/1M = $0.0001851; 567 output × $0.60/1M = $0.0003402;
  // together $0.0005253 = 0.05253 ¢. × 10^8 = $18,510 + $34,020 = $52,530 a month, $630,360 a year.
  // In binary floating point 0.0005253 is 0.000525299999999999…: summing it 10^8 times drifts.
  const r = run(`version: 1
name: exact
horizon_months: 12
days_per_month: 25
workload: { requests_per_day: 4000000, input_tokens: 1234, output_tokens: 567 }
api: { model: exact/api }
`);
  const api = r.strategies[0]!;

  it('is exact in the model', () => {
    expect(api.months[0]!.calls.toFixed()).toBe('100000000');
    expect(api.months[0]!.items.map((i) => i.cost.toFixed())).toEqual(['18510', '34020']);
    expect(api.months[0]!.cost.toFixed()).toBe('52530');
    expect(api.tco.toFixed()).toBe('630360');
    expect(api.cost_per_1k_calls!.toFixed()).toBe('0.5253');
  });

  it('is exact in the JSON (decimal strings) and the table (cents)', () => {
    const json = JSON.parse(formatJson(r)) as {
      strategies: Array<{ tco: string; months: Array<{ cost: string }>; cost_per_1k_calls: string }>;
    };
    expect(json.strategies[0]!.tco).toBe('630360');
    expect(json.strategies[0]!.months[0]!.cost).toBe('52530');
    expect(json.strategies[0]!.cost_per_1k_calls).toBe('0.5253');
    expect(formatTable(r)).toMatch(/^api\s+\$52,530\.00\s+\$52,530\.00\s+\$630,360\.00\s+\$0\.5253$/m);
  });

  it('stays exact with cached and batch shares, where each token costs a millionth of a cent', () => {
    // 30% of input cached: fresh 863.8 tokens × $0.15 = 129.57, cached 370.2 × $0.075 = 27.765, output
    // 567 × $0.60 = 340.2 → $497.535 per 1M calls, $0.000497535 per call at list price. 40% of calls go
    // through batch at half price: × (0.6 + 0.4 × 0.5) = × 0.8 → $0.000398028 per call; × 10^8 = $39,802.80.
    const c = run(`version: 1
name: exact
horizon_months: 1
days_per_month: 25
workload: { requests_per_day: 4000000, input_tokens: 1234, output_tokens: 567, cached_input_share: 0.3 }
api: { model: exact/api, batch_share: 0.4 }
`);
    expect(c.strategies[0]!.tco.toFixed()).toBe('39802.8');
  });

  it('bills the default 365/12-day month as exactly 730 hours', () => {
    const s = run(`version: 1
name: exact
horizon_months: 1
workload: { requests_per_day: 0, input_tokens: 100, output_tokens: 10 }
self_hosted: { model: exact/open, gpu: exact-gpu, provider: cloud, min_replicas: 3 }
`);
    const gpu = s.strategies[0]!.months[0]!.items[0]!;
    // 3 replicas × 730 h = 2,190 GPU-hours × $2.17 = $4,752.30
    expect(gpu.quantity.toFixed()).toBe('2190');
    expect(gpu.cost.toFixed()).toBe('4752.3');
  });
});
