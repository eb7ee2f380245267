// Hosted API bills: per service tier (standard, batch, flex, priority) and per token kind (fresh
// input, cache reads, cache writes, output, reasoning billed as output), at the rates of the
// long-context tier the call falls in; then any negotiated discount as its own negative line.
//
// Token accounting (as LiteLLM and genai-prices count): a call's input tokens INCLUDE its cache
// reads and cache writes, so fresh input = input − cache reads − cache writes.
import { Decimal, factNumber, formatNumber, ONE, sum, ZERO } from '../money.js';
import { TOKENS_PER_MILLION, type LineItem } from '../vocabulary.js';
import type { EngineApi, EngineWorkload } from './input.js';
import { lineItem, pricingSource } from './items.js';
import { trendedRate } from './trends.js';
import { rateFor, tierFor, type ServiceTier, type TokenKind } from './rates.js';

const MILLION = new Decimal(TOKENS_PER_MILLION);

/** One billed component of an API call: tokens per call and the rate per 1M tokens. */
export interface ApiComponent {
  name: string;
  tokensPerCall: Decimal;
  /** tokensPerCall ÷ 1M (exact: a shift of the exponent), the item quantity per call. */
  millionsPerCall: Decimal;
  /** Null when the tables publish no rate for it (only reachable with --allow-missing-prices). */
  ratePer1M: Decimal | null;
  source: string;
  /** Why the rate is missing ("no batch cached input price"), when it is. */
  missing?: string | undefined;
  /** The scenario field that asked for this component (where a missing-price error points). */
  cause: string;
  /** Which long-context rate applies and why ("[long-context rate: mean prompt 250,000 > 200,000 tokens]"). */
  tierNote?: string | undefined;
  /**
   * Whether a report item names the note: always on a long-context rate (every rate changed), and
   * on the fresh-input item only when the base rate applies (enough to say where the mean fell).
   */
  showTierNote?: boolean | undefined;
}

/**
 * A prompt size and the share of calls that have it. A mean-only workload is one bucket at the
 * mean; a sampled or distributed prompt size can pass several, and the long-context tier is then
 * chosen per bucket — per request, as providers bill it.
 */
export interface PromptBucket {
  inputTokens: Decimal;
  share: Decimal;
}

const SERVICE_SHARES: ReadonlyArray<[ServiceTier, (api: EngineApi) => Decimal, string]> = [
  ['standard', (a) => ONE.minus(a.batchShare).minus(a.flexShare).minus(a.priorityShare), 'api'],
  ['batch', (a) => a.batchShare, 'api.batch_share'],
  ['flex', (a) => a.flexShare, 'api.flex_share'],
  ['priority', (a) => a.priorityShare, 'api.priority_share'],
];

/** The tokens of one call (or one prompt-size bucket's mean call), by how they are billed. */
export interface CallTokens {
  /** All input: fresh + cache reads + cache writes. Chooses the long-context tier. */
  input: Decimal;
  cacheReads: Decimal;
  cacheWrites: Decimal;
  output: Decimal;
  reasoning: Decimal;
}

export function apiComponents(
  api: EngineApi,
  w: EngineWorkload,
  buckets: readonly PromptBucket[] = [{ inputTokens: w.inputTokens, share: ONE }],
): ApiComponent[] {
  const meanOnly = buckets.length === 1;
  return buckets.flatMap((bucket) => {
    if (bucket.share.isZero()) return [];
    const call: CallTokens = {
      input: bucket.inputTokens,
      cacheReads: bucket.inputTokens.times(w.cachedInputShare),
      cacheWrites: bucket.inputTokens.times(w.cacheWriteShare),
      output: w.outputTokens,
      reasoning: w.reasoningTokens,
    };
    return callComponents(api, call, bucket.share, meanOnly ? 'mean prompt' : 'prompt');
  });
}

/**
 * The billed components of `call`, spread over the API's service tiers by their shares and scaled
 * by `weight` (the share of calls that look like this one). The long-context tier is chosen from
 * this call's input alone.
 */
export function callComponents(
  api: EngineApi,
  call: CallTokens,
  weight: Decimal = ONE,
  promptLabel = 'prompt',
): ApiComponent[] {
  const out: ApiComponent[] = [];
  const fresh = call.input.minus(call.cacheReads).minus(call.cacheWrites);
  const writeKind: TokenKind = api.cacheTtl === '1h' ? 'cache_write_1h' : 'cache_write';
  const parts: Array<[string, Decimal, TokenKind, string]> = [
    ['input tokens', fresh, 'input', 'workload.input_tokens'],
    ['cached input tokens', call.cacheReads, 'cached_input', 'workload.cached_input_share'],
    [`cache write tokens (${api.cacheTtl})`, call.cacheWrites, writeKind, 'workload.cache_write_share'],
    ['output tokens', call.output, 'output', 'workload.output_tokens'],
    ['reasoning tokens (billed as output)', call.reasoning, 'output', 'workload.reasoning_tokens'],
  ];
  const tier = api.model ? tierFor(api.model, call.input) : undefined;
  const tierNote = api.model?.tiers
    ? longContextNote(api.model.tiers[0]!.above_input_tokens, tier?.tier.above_input_tokens, call.input, promptLabel)
    : '';
  for (const [service, shareOf, serviceCause] of SERVICE_SHARES) {
    const share = shareOf(api);
    if (share.isZero()) continue;
    for (const [what, tokens, kind, cause] of parts) {
      if (tokens.isZero()) continue;
      const showTierNote = tierNote !== '' && (tier !== undefined || kind === 'input');
      const name = `${api.id} ${service === 'standard' ? '' : `${service} `}${what}`;
      const tokensPerCall = tokens.times(share).times(weight);
      const millionsPerCall = tokensPerCall.div(MILLION);
      const why = service === 'standard' ? cause : serviceCause;
      if (!api.model) {
        out.push({
          name,
          tokensPerCall,
          millionsPerCall,
          ratePer1M: null,
          source: `not in the pricing tables: ${api.id}`,
          missing: `unknown API model '${api.id}'`,
          cause: 'api.model',
          tierNote,
          showTierNote,
        });
        continue;
      }
      const r = rateFor(api.model, tier, service, kind);
      const source = pricingSource(api.model.origin.file, api.model.id, api.model.as_of, r.field);
      if (r.missing !== undefined)
        out.push({
          name,
          tokensPerCall,
          millionsPerCall,
          ratePer1M: null,
          source,
          missing: r.missing,
          cause: why,
          tierNote,
          showTierNote,
        });
      else out.push({ name, tokensPerCall, millionsPerCall, ratePer1M: r.rate, source, cause, tierNote, showTierNote });
    }
  }
  return out;
}

/** The components at month `month`'s prices under the API price trend (today's in month 1). */
export function apiComponentsAt(
  components: readonly ApiComponent[],
  api: EngineApi,
  month: number,
): readonly ApiComponent[] {
  const r = api.priceChangePerYear;
  // Without a trend every month bills today's components: the same array, so what is worked out
  // from it (the cost per call) is worked out once.
  if (!r || r.isZero() || month <= 1) return components;
  return components.map((c) => ({
    ...c,
    ratePer1M: c.ratePer1M === null ? null : trendedRate(c.ratePer1M, r, month),
    // A label: its sign is read as a fact, so a recorded trial is not tied to the side of zero the trend falls on.
    source: `${c.source} *(1${factNumber(r) < 0 ? '' : '+'}${r.toFixed()})^(${month - 1}/12)`,
  }));
}

/** How the tier choice reads in an item name, saying when it was made at the mean prompt size. */
function longContextNote(firstThreshold: number, applied: number | undefined, prompt: Decimal, at: string): string {
  return applied !== undefined
    ? `[long-context rate: ${at} ${formatNumber(prompt)} > ${formatNumber(new Decimal(applied))} tokens]`
    : `[base rate: ${at} ${formatNumber(prompt)} <= ${formatNumber(new Decimal(firstThreshold))} tokens]`;
}

/** Components the tables have no price for. */
export function missingComponents(components: readonly ApiComponent[]): ApiComponent[] {
  return components.filter((c) => c.ratePer1M === null);
}

/**
 * Exact API cost of one call (unrounded), after the negotiated discount: what the break-even solver
 * uses. Components without a price add nothing here; the strategy is then marked as a lower bound.
 */
export function apiCostPerCall(components: readonly ApiComponent[], discount?: EngineApi['discount']): Decimal {
  const list = sum(components.map((c) => (c.ratePer1M ? c.tokensPerCall.times(c.ratePer1M).div(MILLION) : ZERO)));
  return discount ? list.times(ONE.minus(discount.rate)) : list;
}

/** The unit of the negotiated-discount line: its quantity is the list cost it is taken off. */
export const DISCOUNT_UNIT = 'USD at list price';

export function apiItems(
  components: readonly ApiComponent[],
  calls: Decimal,
  discount?: EngineApi['discount'],
): LineItem[] {
  if (calls.isZero()) return [];
  const items = components.map((c) => {
    // calls × (tokens ÷ 1M): the same digits as (calls × tokens) ÷ 1M, one operation fewer.
    const quantity = calls.times(c.millionsPerCall);
    // In a monthly report the item name says which long-context rate applied, and that it was
    // chosen at the mean prompt size when the workload gives only a mean.
    const name = c.tierNote && c.showTierNote ? `${c.name} ${c.tierNote}` : c.name;
    if (c.ratePer1M === null) {
      return {
        ...lineItem({ category: 'api_tokens', name, quantity, unit: '1M tokens', unit_price: ZERO, source: c.source }),
        missing_price: c.missing ?? 'price not found',
      };
    }
    return lineItem({
      category: 'api_tokens',
      name,
      quantity,
      unit: '1M tokens',
      unit_price: c.ratePer1M,
      source: c.source,
    });
  });
  if (discount) {
    // The discount is taken off the listed items as billed (each already quantised), so the line
    // reconciles with the items above it; an unpriced item cannot be discounted and is left out.
    const list = sum(items.filter((i) => !i.missing_price).map((i) => i.cost));
    items.push(
      lineItem({
        category: 'api_tokens',
        name: `negotiated discount (${discount.rate.times(100).toFixed()}% off list)`,
        quantity: list,
        unit: DISCOUNT_UNIT,
        unit_price: discount.rate.negated(),
        source: discount.source,
      }),
    );
  }
  return items;
}
