import { readFileSync } from 'node:fs';
// The same open model sold per token: the recommendation prices it, to separate which model from who
// runs it. API rows declare the model they serve with `open_model` (read by name; the shipped tables
// gain the field with issue 20), injected here into the simple tables.
import { describe, expect, it } from 'vitest';
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
  it('says nothing when no row declares the model', () => {
    const r = compareEngine(resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), simpleTables()));
    expect(r.recommendation!.facts.some((f) => f.kind === 'same_model_hosted')).toBe(false);
  });
});

describe('saas-support with the shipped tables (hosted Llama rows declare open_model)', () => {
  it('prices Llama-3.1-8B at its cheapest hosted endpoint and says the model choice drives the saving', () => {
    const r = compareEngine(resolveScenario(readScenario(`${ROOT}/scenarios/saas-support.yaml`), loadPricing()));
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
