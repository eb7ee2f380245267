// Which published rate bills a token: the providers' billing rules as one data-driven lookup.
//   long-context tier (per call, input strictly above the threshold) → service tier (standard, batch,
//   flex, priority) → token kind (fresh input, cache read, cache write 5m/1h, output).
// Pure: a row in, a rate (or the reason there is none) out. No defaults are invented: a rate the
// tables do not publish is "price not found", never $0.
import { Decimal, dec } from '../money.js';
import type { ApiModelRow, LongContextTier } from '../pricing/schema.js';

export const SERVICE_TIERS = ['standard', 'batch', 'flex', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

export const TOKEN_KINDS = ['input', 'cached_input', 'cache_write', 'cache_write_1h', 'output'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Kinds a service tier publishes its own rates for (`batch_input_per_1m`, …). */
const SERVICE_KINDS: ReadonlySet<TokenKind> = new Set(['input', 'cached_input', 'output']);

export type RateLookup =
  | { rate: Decimal; field: string; missing?: undefined }
  | { rate: null; field: string; missing: string };

/**
 * The long-context tier a call with `inputTokens` of input falls in: the highest tier whose
 * threshold the input strictly exceeds (exactly `above_input_tokens` stays below it).
 */
export function tierFor(
  model: Pick<ApiModelRow, 'tiers'>,
  inputTokens: Decimal,
): { tier: LongContextTier; index: number } | undefined {
  let found: { tier: LongContextTier; index: number } | undefined;
  model.tiers?.forEach((tier, index) => {
    if (inputTokens.gt(tier.above_input_tokens)) found = { tier, index };
  });
  return found;
}

type RateRow = Partial<Record<string, unknown>>;

function read(row: RateRow, field: string): Decimal | undefined {
  const v = row[field];
  return typeof v === 'number' ? dec(v) : undefined;
}

/**
 * The rate per 1M tokens for one token kind on one service tier, at the base level or in a
 * long-context tier. `field` names the pricing field(s) it came from, for the line item's source.
 */
export function rateFor(
  model: ApiModelRow,
  tier: { tier: LongContextTier; index: number } | undefined,
  service: ServiceTier,
  kind: TokenKind,
): RateLookup {
  const level: RateRow = tier ? tier.tier : model;
  const prefix = tier ? `tiers[${tier.index}].` : '';
  const standardField = `${kind}_per_1m`;
  const standard = read(level, standardField);
  const label = `${service === 'standard' ? '' : `${service} `}${kind.replace(/_/g, ' ')} price${tier ? ` for calls above ${tier.tier.above_input_tokens} input tokens` : ''}`;
  if (service === 'standard') {
    return standard
      ? { rate: standard, field: prefix + standardField }
      : { rate: null, field: prefix + standardField, missing: `no ${label}` };
  }
  const serviceField = `${service}_${standardField}`;
  const published = SERVICE_KINDS.has(kind) ? read(level, serviceField) : undefined;
  if (published) return { rate: published, field: prefix + serviceField };
  if (service === 'batch' && model.batch_discount !== undefined && standard) {
    return {
      rate: standard.times(new Decimal(1).minus(model.batch_discount)),
      field: `${prefix}${standardField}*(1-batch_discount)`,
    };
  }
  return { rate: null, field: prefix + serviceField, missing: `no ${label}` };
}
