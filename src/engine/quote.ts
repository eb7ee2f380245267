// The exact cost of ONE API call, itemised: what `llmcost quote` prints. Nothing is rounded or
// quantised here — a call can cost $0.0000150 and a long-context call $1.200006.
import { Decimal, ONE, sum, ZERO } from '../money.js';
import type { ApiModel } from '../pricing/tables.js';
import { TOKENS_PER_MILLION } from '../vocabulary.js';
import { callComponents } from './api.js';
import type { EngineApi } from './input.js';
import type { ServiceTier } from './rates.js';

const MILLION = new Decimal(TOKENS_PER_MILLION);

export interface QuoteRequest {
  inputTokens: Decimal;
  outputTokens: Decimal;
  cachedTokens?: Decimal;
  cacheWriteTokens?: Decimal;
  cacheTtl?: '5m' | '1h';
  reasoningTokens?: Decimal;
  service?: ServiceTier;
}

export interface QuoteItem {
  name: string;
  tokens: Decimal;
  rate_per_1m: Decimal | null;
  cost: Decimal | null;
  source: string;
  missing_price?: string;
}

export interface Quote {
  model: string;
  service: ServiceTier;
  input_tokens: Decimal;
  /** Which long-context rate the call is billed at, for a model with tiers (null without). */
  long_context: string | null;
  items: QuoteItem[];
  /** Exact sum of the items; a lower bound when an item has no price (`complete: false`). */
  total: Decimal;
  complete: boolean;
}

/**
 * Quote one call on `model` — or, given only an id the tables do not know (--allow-missing-prices),
 * the same items each marked "price not found".
 */
export function quoteCall(model: ApiModel | string, q: QuoteRequest): Quote {
  const service = q.service ?? 'standard';
  const id = typeof model === 'string' ? model : model.id;
  const api: EngineApi = {
    id,
    provider: typeof model === 'string' ? (id.split('/')[0] ?? id) : model.provider,
    model: typeof model === 'string' ? null : model,
    batchShare: service === 'batch' ? ONE : ZERO,
    flexShare: service === 'flex' ? ONE : ZERO,
    priorityShare: service === 'priority' ? ONE : ZERO,
    cacheTtl: q.cacheTtl ?? '5m',
  };
  const components = callComponents(api, {
    input: q.inputTokens,
    cacheReads: q.cachedTokens ?? ZERO,
    cacheWrites: q.cacheWriteTokens ?? ZERO,
    output: q.outputTokens,
    reasoning: q.reasoningTokens ?? ZERO,
  });
  const items: QuoteItem[] = components.map((c) => ({
    name: c.name.startsWith(`${id} `) ? c.name.slice(id.length + 1) : c.name,
    tokens: c.tokensPerCall,
    rate_per_1m: c.ratePer1M,
    cost: c.ratePer1M ? c.tokensPerCall.times(c.ratePer1M).div(MILLION) : null,
    source: c.source,
    ...(c.missing ? { missing_price: c.missing } : {}),
  }));
  return {
    model: id,
    service,
    input_tokens: q.inputTokens,
    long_context: components[0]?.tierNote?.replace(/^\[|\]$/g, '') ?? null,
    items,
    total: sum(items.map((i) => i.cost ?? ZERO)),
    complete: items.every((i) => i.cost !== null),
  };
}
