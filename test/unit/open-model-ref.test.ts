// A hosted row's open_model: a shipped open model must be spelled right; a model not (yet) in the
// tables is accepted as written (the field names the model, the tables need not ship it).
import { describe, expect, it } from 'vitest';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';

const models = parsePricingText(
  'version: 1\nopen_models:\n  - { id: meta/llama-3.1-8b-instruct, params_b: 8.03, layers: 32, kv_heads: 8, head_dim: 128, as_of: 2026-01-01, source: s }\n',
  'models.yaml',
);
const api = (openModel: string) =>
  parsePricingText(
    `version: 1\napi_models:\n  - id: h/m\n    open_model: ${openModel}\n    input_per_1m: 1\n    output_per_1m: 1\n    as_of: 2026-01-01\n    source: s\n`,
    'api.yaml',
  );

describe('open_model on API rows', () => {
  it('accepts a shipped open model and an id of one not in the tables', () => {
    expect(mergePricing([models, api('meta/llama-3.1-8b-instruct')]).apiModels.get('h/m')!.open_model).toBe(
      'meta/llama-3.1-8b-instruct',
    );
    expect(mergePricing([models, api('openai/gpt-oss-120b')]).apiModels.get('h/m')!.open_model).toBe(
      'openai/gpt-oss-120b',
    );
  });

  it('refuses a misspelling of a shipped one, at its line, with the id it meant', () => {
    expect(() => mergePricing([models, api('meta/llama-3.1-8b-instrct')])).toThrow(
      "api.yaml:4:17: api_models[0].open_model: unknown open model 'meta/llama-3.1-8b-instrct' (API model 'h/m'); expected an open_models id, or the id of an open model not in the tables; did you mean 'meta/llama-3.1-8b-instruct'?",
    );
  });
});
