// Pricing as data: LiteLLM import (on a hand-written excerpt of its format), staleness against a
// fixed date, and the pricing files a report lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quoteCall } from '../../src/engine/quote.js';
import { dec } from '../../src/money.js';
import { importLiteLlm, summariseSkipped, toPricingYaml } from '../../src/pricing/litellm.js';
import { loadPricing } from '../../src/pricing/load.js';
import { ageInDays, staleRows, staleSummary } from '../../src/pricing/staleness.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { compareText } from '../../src/index.js';
import { fixture } from '../helpers.js';

const text = readFileSync(fixture('litellm-excerpt.json'), 'utf8');
const imported = importLiteLlm(text, { file: 'litellm-excerpt.json', fallbackAsOf: '2026-07-24' });
const byId = new Map(imported.rows.map((r) => [r.id, r]));

describe('LiteLLM import', () => {
  it('maps ids: a bare key takes its litellm_provider, a prefixed key keeps its prefix', () => {
    expect(imported.rows.map((r) => r.id)).toEqual([
      'openai/gpt-4o',
      'openai/gpt-5',
      'anthropic/claude-sonnet-4-5',
      'gemini/gemini-2.5-pro',
    ]);
    expect(byId.get('gemini/gemini-2.5-pro')!.provider).toBe('gemini');
  });

  it('converts per-token costs to exact per-1M rates, with cache, batch and priority fields', () => {
    // 2.5e-06 × 1e6 = 2.5; 1.25e-06 → 1.25; 2.125e-06 → 2.125 (no binary-float residue)
    expect(byId.get('openai/gpt-4o')).toMatchObject({
      input_per_1m: 2.5,
      output_per_1m: 10,
      cached_input_per_1m: 1.25,
      batch_input_per_1m: 1.25,
      batch_output_per_1m: 5,
      priority_input_per_1m: 4.25,
      priority_output_per_1m: 17,
      priority_cached_input_per_1m: 2.125,
      context_window: 128000,
      as_of: '2026-07-24',
    });
    expect(byId.get('openai/gpt-5')).toMatchObject({
      flex_input_per_1m: 0.625,
      flex_output_per_1m: 5,
      flex_cached_input_per_1m: 0.0625,
    });
  });

  it('reads the _above_200k_tokens family as a long-context tier, 1-hour cache writes included', () => {
    const sonnet = byId.get('anthropic/claude-sonnet-4-5')!;
    expect(sonnet).toMatchObject({ cache_write_per_1m: 3.75, cache_write_1h_per_1m: 6 });
    expect(sonnet.tiers).toEqual([
      {
        above_input_tokens: 200000,
        input_per_1m: 6,
        output_per_1m: 22.5,
        cached_input_per_1m: 0.6,
        cache_write_per_1m: 7.5,
        cache_write_1h_per_1m: 12,
      },
    ]);
    expect(sonnet.notes).toBe('not imported: search_context_cost_per_query');
  });

  it('reports every skipped entry and why', () => {
    expect(imported.skipped).toEqual([
      { key: 'sample_spec', reason: 'documents the format; not a model' },
      { key: 'openai/gpt-4o', reason: "maps to 'openai/gpt-4o', already taken by key 'gpt-4o'" },
      {
        key: 'text-embedding-3-small',
        reason: "mode 'embedding' is not billed per text token (llmcost prices chat and completion models)",
      },
      {
        key: 'dall-e-3',
        reason: "mode 'image_generation' is not billed per text token (llmcost prices chat and completion models)",
      },
      { key: 'gpt-4-unpriced-preview', reason: 'no per-token input and output price' },
    ]);
    expect(summariseSkipped(imported.skipped)[0]).toBe(
      '1 skipped: documents the format; not a model (e.g. sample_spec)',
    );
  });

  it('writes our YAML format, which loads under the strict schema and bills the tier exactly', () => {
    const file = parsePricingText(toPricingYaml(imported, 'litellm-excerpt.json'), 'imported.yaml');
    const t = mergePricing([file]);
    const sonnet = t.apiModels.get('anthropic/claude-sonnet-4-5')!;
    // genai-prices vectors: 200,000 × 3/1M = 0.6; 200,001 × 6/1M = 1.200006
    expect(quoteCall(sonnet, { inputTokens: dec(200000), outputTokens: dec(0) }).total.toFixed()).toBe('0.6');
    expect(quoteCall(sonnet, { inputTokens: dec(200001), outputTokens: dec(0) }).total.toFixed()).toBe('1.200006');
  });

  it("takes as_of from --as-of, else the snapshot's last_updated entry, else the fallback", () => {
    const stamped = JSON.stringify({ last_updated: '2026-07-24T18:23:43+00:00', ...JSON.parse(text) });
    expect(importLiteLlm(stamped, { file: 'x', fallbackAsOf: '2026-11-25' }).asOf).toBe('2026-07-24');
    expect(importLiteLlm(stamped, { file: 'x', asOf: '2026-08-01', fallbackAsOf: '2026-11-25' }).rows[0]!.as_of).toBe(
      '2026-08-01',
    );
    expect(importLiteLlm(text, { file: 'x', fallbackAsOf: '2026-11-25' }).asOf).toBe('2026-11-25');
  });

  it('is accepted by --pricing as litellm:FILE, overriding shipped rows by id, and listed in the report', () => {
    const tables = loadPricing({
      overrides: [`litellm:${fixture('litellm-excerpt.json')}`],
      displayName: () => 'litellm:excerpt.json',
      litellmAsOf: '2026-07-24',
    });
    expect(tables.apiModels.get('openai/gpt-4o')!.origin.file).toBe('litellm:excerpt.json');
    expect(tables.files.at(-1)).toEqual({
      file: 'litellm:excerpt.json',
      rows: 4,
      as_of_min: '2026-07-24',
      as_of_max: '2026-07-24',
    });
    const report = compareText(
      'version: 1\nname: t\nworkload: { requests_per_day: 10, input_tokens: 100, output_tokens: 10 }\napi: { model: openai/gpt-4o }\n',
      's.yaml',
      { tables },
    );
    expect(report.pricing_files!.map((f) => f.file)).toEqual([
      'pricing/api-models.yaml',
      'pricing/gpus.yaml',
      'pricing/open-models.yaml',
      'pricing/throughput.yaml',
      'litellm:excerpt.json',
    ]);
    expect(report.pricing_used[0]!.file).toBe('litellm:excerpt.json');
  });

  it('refuses a file that is not LiteLLM JSON with one line', () => {
    expect(() => importLiteLlm('[1, 2]', { file: 'x', fallbackAsOf: '2026-01-01' })).toThrow(
      /not a JSON object of models/,
    );
  });
});

describe('staleness (fixed date 2026-11-25)', () => {
  const today = '2026-11-25';
  const rows = [
    { kind: 'api_model', id: 'a', as_of: '2026-07-24', file: 'f.yaml' }, // 124 days: stale
    { kind: 'api_model', id: 'b', as_of: '2026-07-28', file: 'f.yaml' }, // 120 days: exactly the limit, not stale
    { kind: 'gpu_price', id: 'c', as_of: '2025-01-01', file: 'g.yaml' }, // 693 days
    { kind: 'api_model', id: 'd', as_of: '2026-11-01', file: 'f.yaml' }, // 24 days
  ];
  it('counts whole calendar days', () => {
    // Jul 24 → Nov 25: 7 (rest of Jul) + 31 + 30 + 31 + 25 = 124
    expect(ageInDays('2026-07-24', today)).toBe(124);
    expect(ageInDays('2026-07-28', today)).toBe(120);
    expect(ageInDays('2025-01-01', today)).toBe(693); // 365 + 328 (Jan 1 → Nov 25, 2026)
  });
  it('flags rows strictly older than the limit, oldest first, in one summary line', () => {
    const stale = staleRows(rows, today, 120);
    expect(stale.map((r) => [r.id, r.age_days])).toEqual([
      ['c', 693],
      ['a', 124],
    ]);
    expect(staleSummary(stale, 120)).toBe(
      '2 pricing rows used are older than 120 days (oldest: gpu_price c, as of 2025-01-01, 693 days, g.yaml)',
    );
    expect(staleRows(rows, today, 30).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('pricing rows stay strict', () => {
  const row = (extra: string) =>
    `version: 1\napi_models:\n  - { id: t/m, input_per_1m: 3, output_per_1m: 15, as_of: 2026-01-01, source: t, ${extra} }\n`;
  const err = (text: string) => {
    try {
      parsePricingText(text, 'p.yaml');
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  it('an unknown field, in a row or a tier, is an error with a suggestion', () => {
    expect(err(row('cache_writes_per_1m: 3.75'))).toMatch(
      /^p\.yaml:3:\d+: api_models\[0\]\.cache_writes_per_1m: unknown key .*did you mean 'cache_write_per_1m'/,
    );
    expect(
      err(
        row('tiers: [{ above_input_tokens: 200000, input_per_1m: 6, output_per_1m: 22.5, cachd_input_per_1m: 0.6 }]'),
      ),
    ).toMatch(/tiers\[0\]\.cachd_input_per_1m: unknown key/);
  });
  it('tiers must rise', () => {
    expect(
      err(
        row(
          'tiers: [{ above_input_tokens: 200000, input_per_1m: 6, output_per_1m: 22.5 }, { above_input_tokens: 128000, input_per_1m: 5, output_per_1m: 20 }]',
        ),
      ),
    ).toMatch(/tiers are not in increasing order/);
  });
});
