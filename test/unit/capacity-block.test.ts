// capacity_block: a reserve-ahead GPU price (AWS EC2 Capacity Blocks) is its own commitment, selectable
// in a scenario and never read as on-demand. Runs on the shipped tables' aws-capacity-blocks row.
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/index.js';
import { COMMITMENTS } from '../../src/pricing/schema.js';
import { parsePricingText } from '../../src/pricing/tables.js';

const scenario = (provider: string, commitment: string, fineTuning = '') =>
  `version: 1
name: t
horizon_months: 1
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200 }
api: { model: openai/gpt-4o }
self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: ${provider}, commitment: ${commitment}, min_replicas: 1${fineTuning} }
`;
const gpuItems = (text: string) =>
  compareText(text, 's.yaml')
    .strategies.find((s) => s.id === 'self_hosted')!
    .months[0]!.items.filter((i) => i.unit === 'GPU-hour');

describe('capacity_block', () => {
  it('is one of the commitments a scenario may choose', () => {
    expect(COMMITMENTS).toContain('capacity_block');
  });

  it('prices GPU-hours at the Capacity Blocks rate, and a fine-tuning run there too (the row has no on-demand rate)', () => {
    const items = gpuItems(scenario('aws-capacity-blocks', 'capacity_block', ', fine_tuning: { gpu_hours: 10 }'));
    expect(items.map((i) => i.unit_price.toFixed())).toEqual(['4.916', '4.916']);
    expect(items.map((i) => i.source.split('@')[0])).toEqual([
      'pricing/gpus.yaml#h100-80gb/aws-capacity-blocks.capacity_block',
      'pricing/gpus.yaml#h100-80gb/aws-capacity-blocks.capacity_block',
    ]);
  });

  it('is never an on-demand price: asking Capacity Blocks for on_demand names what it offers', () => {
    expect(() => gpuItems(scenario('aws-capacity-blocks', 'on_demand'))).toThrow(
      /'aws-capacity-blocks' has no on_demand price for GPU 'h100-80gb'.*one of capacity_block/,
    );
  });

  it('lets a GPU price row publish only a capacity block, but not nothing at all', () => {
    const row = (prices: string) =>
      `version: 1\ngpus:\n  - { id: g, memory_gb: 1, memory_bandwidth_gb_s: 1, bf16_tflops: 1, as_of: 2026-01-01, source: s, prices: [${prices}] }\n`;
    expect(
      parsePricingText(row('{ provider: p, capacity_block: 2, as_of: 2026-01-01, source: s }'), 'p.yaml').content
        .gpus![0]!.prices[0]!.capacity_block,
    ).toBe(2);
    expect(() => parsePricingText(row('{ provider: p, as_of: 2026-01-01, source: s }'), 'p.yaml')).toThrow(/no price/);
  });
});
