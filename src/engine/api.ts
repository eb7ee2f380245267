// Hosted API bills: input (fresh and cached) and output tokens, each at real-time or batch rates.
import { Decimal, ONE, sum } from '../money.js';
import type { LineItem } from '../report/model.js';
import type { EngineApi, EngineWorkload } from './input.js';
import { lineItem, pricingSource } from './items.js';

const MILLION = new Decimal(1_000_000);
/** × 10⁻⁶ equals ÷ 10⁶ exactly (the digits only shift; nothing rounds) and avoids a 50-digit long division. */
const PER_MILLION = new Decimal('1e-6');

/** One billed component of an API call: tokens per call and the rate per 1M tokens. */
export interface ApiComponent {
  name: string;
  tokensPerCall: Decimal;
  /** tokensPerCall × 10⁻⁶ (exact: a shift of the digits), what a call's quantity in 1M tokens is. */
  millionsPerCall: Decimal;
  ratePer1M: Decimal;
  source: string;
}

export function apiComponents(api: EngineApi, w: EngineWorkload): ApiComponent[] {
  const m = api.model;
  const src = (field: string) => pricingSource(m.origin.file, m.id, m.as_of, field);
  const cached = w.inputTokens.times(w.cachedInputShare);
  const fresh = w.inputTokens.minus(cached);
  const modes = [
    { label: '', share: ONE.minus(api.batchShare), factor: ONE, suffix: '' },
    { label: 'batch ', share: api.batchShare, factor: ONE.minus(m.batch_discount ?? 0), suffix: `, batch -${new Decimal(m.batch_discount ?? 0).times(100).toFixed()}%` },
  ];
  const out: ApiComponent[] = [];
  for (const mode of modes) {
    if (mode.share.isZero()) continue;
    const parts: Array<[string, Decimal, number | undefined, string]> = [
      ['input tokens', fresh, m.input_per_1m, 'input_per_1m'],
      ['cached input tokens', cached, m.cached_input_per_1m, 'cached_input_per_1m'],
      ['output tokens', w.outputTokens, m.output_per_1m, 'output_per_1m'],
    ];
    for (const [what, tokens, rate, field] of parts) {
      if (tokens.isZero() || rate === undefined) continue;
      const tokensPerCall = tokens.times(mode.share);
      out.push({
        name: `${m.id} ${mode.label}${what}`,
        tokensPerCall,
        millionsPerCall: tokensPerCall.times(PER_MILLION),
        ratePer1M: new Decimal(rate).times(mode.factor),
        source: src(field) + (mode.suffix ? ` ×(1-batch_discount)` : ''),
      });
    }
  }
  return out;
}

/** Exact API cost of one call (unrounded): what the break-even solver uses. */
export function apiCostPerCall(components: readonly ApiComponent[]): Decimal {
  return sum(components.map((c) => c.tokensPerCall.times(c.ratePer1M).div(MILLION)));
}

export function apiItems(components: readonly ApiComponent[], calls: Decimal): LineItem[] {
  if (calls.isZero()) return [];
  return components.map((c) =>
    lineItem({
      category: 'api_tokens',
      name: c.name,
      // calls × (tokens × 10⁻⁶) has the same digits as (calls × tokens) ÷ 10⁶: shifting never rounds.
      quantity: calls.times(c.millionsPerCall),
      unit: '1M tokens',
      unit_price: c.ratePer1M,
      source: c.source,
    }),
  );
}

