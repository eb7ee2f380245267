import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/format/explain.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { fixture, run, simpleScenario } from '../helpers.js';

/** The simple fixture with its open model's tokenizer making 1.25 tokens per API token. */
function tablesWithRatio(
  extra = '    tokens_per_api_token: 1.25\n    tokens_per_api_token_source: test measurement\n',
) {
  const text = readFileSync(fixture('pricing-simple.yaml'), 'utf8').replace(
    '  - { id: test/open-1, params_b: 8, layers: 32, kv_heads: 8, head_dim: 128, as_of: 2026-01-01, source: test fixture }',
    `  - id: test/open-1\n    params_b: 8\n    layers: 32\n    kv_heads: 8\n    head_dim: 128\n    as_of: 2026-01-01\n    source: test fixture\n${extra}`,
  );
  return mergePricing([parsePricingText(text, 'pricing-simple.yaml')]);
}

describe('tokens_per_api_token', () => {
  it('scales self-hosted capacity, not the API bill', () => {
    const plain = run(simpleScenario());
    const scaled = run(simpleScenario(), tablesWithRatio());
    const cap = (r: typeof plain, id: string) => r.strategies.find((s) => s.id === id)!.months[0]!.capacity!;
    // 1,000 input ÷ 10,000 prefill tok/s + 200 output ÷ 1,000 decode tok/s = 0.1 + 0.2 = 0.3 s per call;
    // with 1.25 model tokens per API token: 1,250 ÷ 10,000 + 250 ÷ 1,000 = 0.125 + 0.25 = 0.375 s
    expect(cap(plain, 'self_hosted').replica_seconds_per_call.toString()).toBe('0.3');
    expect(cap(scaled, 'self_hosted').replica_seconds_per_call.toString()).toBe('0.375');
    // 3,000,000 calls × 2 peak-to-average ÷ 2,592,000 s × 0.375 ÷ 0.6 = 1.446… → 2 replicas (was 1.157 → 2)
    expect(cap(scaled, 'self_hosted').replicas_needed.toDecimalPlaces(4).toString()).toBe('1.4468');
    expect(scaled.strategies.find((s) => s.id === 'api')!.tco.toString()).toBe(
      plain.strategies.find((s) => s.id === 'api')!.tco.toString(),
    );
  });

  it("--explain shows the ratio and what a call is in the model's tokens", () => {
    const text = explain(run(simpleScenario(), tablesWithRatio()));
    expect(text).toContain(
      '0.375 replica-seconds per call = input tokens × 1.25 ÷ prefill tok/s + output tokens × 1.25 ÷ decode tok/s',
    );
    expect(text).toContain(
      "the model's tokenizer makes 1.25 tokens per API token (tokens_per_api_token of test/open-1 in pricing-simple.yaml, with how it was measured), so a call is 1,250 input and 250 output tokens to it",
    );
    expect(explain(run(simpleScenario()))).not.toContain('tokens_per_api_token');
  });

  it('a ratio without its source is refused', () => {
    expect(() => tablesWithRatio('    tokens_per_api_token: 1.25\n')).toThrow(
      /tokens_per_api_token and tokens_per_api_token_source go together/,
    );
  });

  it('every shipped open model carries a measured ratio, or says why it could not be measured', () => {
    const shipped = parsePricingText(
      readFileSync(new URL('../../pricing/open-models.yaml', import.meta.url), 'utf8'),
      'open-models.yaml',
    );
    for (const m of shipped.content.open_models ?? []) {
      if (m.tokens_per_api_token === undefined) {
        expect(m.notes, m.id).toMatch(/No tokens_per_api_token: .*not available/);
        continue;
      }
      expect(m.tokens_per_api_token, m.id).toBeGreaterThan(0.8);
      expect(m.tokens_per_api_token_source, m.id).toMatch(/measured/);
    }
  });
});
