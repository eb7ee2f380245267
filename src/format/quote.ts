// `llmcost quote` output: one call, itemised, in exact decimals — no rounding to cents or to
// micro-dollars (a call can cost $0.0000150; a long-context call $1.200006).
import { formatNumber, toPlain, type Decimal } from '../money.js';
import type { Quote } from '../engine/quote.js';
import { grid } from './grid.js';
import { stringify, RawNumber, type JsonValue } from './json.js';

export function quoteJson(q: Quote): JsonValue {
  return {
    model: q.model,
    service_tier: q.service,
    input_tokens: new RawNumber(toPlain(q.input_tokens)),
    long_context: q.long_context,
    items: q.items.map((i) => ({
      name: i.name,
      tokens: new RawNumber(toPlain(i.tokens)),
      rate_per_1m: i.rate_per_1m ? toPlain(i.rate_per_1m) : null,
      cost: i.cost ? toPlain(i.cost) : null,
      source: i.source,
      ...(i.missing_price ? { missing_price: i.missing_price } : {}),
    })),
    total: toPlain(q.total),
    // false when an item has no price (--allow-missing-prices): `total` is then a lower bound.
    complete: q.complete,
  };
}

export function formatQuoteJson(q: Quote): string {
  return stringify(quoteJson(q));
}

const usd = (d: Decimal | null) => (d === null ? 'price not found' : `$${toPlain(d)}`);

export function formatQuoteTable(q: Quote): string {
  const rows = q.items.map((i) => [i.name, formatNumber(i.tokens), usd(i.rate_per_1m), usd(i.cost)]);
  rows.push(['Total', '', '', `${q.complete ? '' : '≥ '}$${toPlain(q.total)}`]);
  const lines = [
    `${q.model}, one call${q.service === 'standard' ? '' : ` (${q.service} tier)`}: ${formatNumber(q.input_tokens)} input tokens${q.long_context ? `, ${q.long_context} (every token of the call)` : ''}`,
    '',
    grid(['Item', 'Tokens', 'Rate per 1M', 'Cost'], rows, ['left', 'right', 'right', 'right']),
    '',
    ...q.items.map((i) => `  ${i.name}: ${i.source}${i.missing_price ? ` (${i.missing_price})` : ''}`),
  ];
  if (!q.complete) lines.push('', 'Some prices were not found: the total is a lower bound.');
  return `${lines.join('\n')}\n`;
}
