// Reporting in another currency. A scenario's `currency: { code, per_usd, as_of, source }` states its
// own amounts (staff, overheads, budgets) in that currency; the pricing tables stay in USD and are
// converted here, once, at that sourced rate, before anything is priced: every per-1M-token rate
// (base, service tiers, long-context tiers), every GPU-hour rate and every purchase price is multiplied
// by `per_usd`.
// Exact: a rate has at most 8 decimals and a price at most 15 significant digits, so each product is
// a short decimal that a table number holds exactly (checked, never silently rounded).
import { COMMITMENTS } from './schema.js';
import { Decimal, isFastArithmetic } from '../money.js';
import type { PricingTables } from './tables.js';

export interface CurrencyRate {
  code: string;
  /** Units of `code` per US dollar. */
  perUsd: Decimal;
  as_of: string;
  source: string;
}

/** Money fields of a pricing row, by name: per-1M-token rates, GPU-hour commitment rates, purchase prices. */
const PURCHASE_FIELDS = new Set(['price_per_gpu', 'server_overhead_per_gpu']);
const isMoneyField = (key: string): boolean =>
  key.endsWith('_per_1m') || (COMMITMENTS as readonly string[]).includes(key) || PURCHASE_FIELDS.has(key);

function convertNumber(v: number, rate: Decimal, where: string): number {
  const exact = new Decimal(v).times(rate);
  const n = exact.toNumber();
  // A table number must hold the converted price exactly; otherwise refuse rather than round.
  if (!new Decimal(n).eq(exact)) throw new Error(`currency conversion of ${where} is not exact: ${exact.toFixed()}`);
  return n;
}

/** A copy of a row with every money field (at any depth: long-context tiers too) converted. */
function convertRow<T>(row: T, rate: Decimal, where: string): T {
  if (Array.isArray(row)) return row.map((x, i) => convertRow(x, rate, `${where}[${i}]`)) as T;
  if (row === null || typeof row !== 'object') return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
    if (typeof v === 'number' && isMoneyField(k)) out[k] = convertNumber(v, rate, `${where}.${k}`);
    else if (k === 'tiers' || k === 'prices' || k === 'purchase') out[k] = convertRow(v, rate, `${where}.${k}`);
    else out[k] = v;
  }
  return out as T;
}

const converted = new WeakMap<PricingTables, Map<string, PricingTables>>();

/** The tables in another currency (memoised per tables and rate: a batch converts once). */
export function tablesIn(tables: PricingTables, rate: CurrencyRate): PricingTables {
  let byRate = converted.get(tables);
  if (!byRate) converted.set(tables, (byRate = new Map()));
  // In fast arithmetic the rate may be a tape input (uncertainty/model.ts): read as a number, so a
  // recording holds only at this rate (its text would record nothing), and remembered apart, so an
  // exact run never reuses tables converted in binary floats.
  const key = isFastArithmetic()
    ? `fast:${rate.code}@${rate.perUsd.toNumber()}`
    : `${rate.code}@${rate.perUsd.toFixed()}`;
  let t = byRate.get(key);
  if (!t) {
    t = {
      ...tables,
      apiModels: new Map([...tables.apiModels].map(([id, m]) => [id, convertRow(m, rate.perUsd, id)])),
      gpus: new Map([...tables.gpus].map(([id, g]) => [id, convertRow(g, rate.perUsd, id)])),
    };
    byRate.set(key, t);
  }
  return t;
}

/** How a converted price says so in its source: `…@2026-07-24 *0.92 EUR/USD@2026-11-30`. */
export function conversionNote(rate: { code: string; perUsd: Decimal; asOf: string }): string {
  return ` *${rate.perUsd.toFixed()} ${rate.code}/USD@${rate.asOf}`;
}

/**
 * Items priced from the (converted) tables say so in their source; the scenario's own amounts
 * (`scenario:` sources) and unpriced items do not. Items shared between months stay shared.
 */
export function noteConversion<T extends { source: string; missing_price?: string | undefined }>(
  months: Array<{ items: T[] }>,
  rate: { code: string; perUsd: Decimal; asOf: string },
  seen: Map<T, T> = new Map(),
): void {
  const note = conversionNote(rate);
  for (const m of months) {
    m.items = m.items.map((it) => {
      if (it.source.startsWith('scenario:') || it.missing_price !== undefined) return it;
      let c = seen.get(it);
      if (!c) seen.set(it, (c = { ...it, source: `${it.source}${note}` }));
      return c;
    });
  }
}
