// JSON: the stable contract for other tools. Money is an exact decimal string ("96000",
// "0.000125"); quantities are JSON numbers. Key order is fixed, so output is byte-identical for
// identical input.
import { Decimal, toCents, toPlain } from '../money.js';
import { categoryCents, endMonthsCents, strategyCents } from '../report/cents.js';
import {
  breakEvenIds,
  REPORT_SCHEMA_VERSION,
  type BreakEven,
  type CapacityFacts,
  type ClassResult,
  type LineItem,
  type MonthResult,
  type Recommendation,
  type Report,
  type StrategyResult,
  type TrancheFact,
  type VolumeAnswer,
} from '../report/model.js';
import { crossingReason, paybackReason, reasonsOf } from './reasons.js';
import { isOptionalCategory, type Category } from '../vocabulary.js';

/** A JSON number written exactly as given (JSON allows any precision; JSON.stringify does not). */
export class RawNumber {
  constructor(readonly literal: string) {}
}
export type JsonValue = string | number | boolean | null | RawNumber | JsonValue[] | { [key: string]: JsonValue };

/** A non-money quantity, rounded to `places` decimals and written as a JSON number. */
export function num(d: Decimal, places = 6): RawNumber {
  return new RawNumber(toPlain(d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN)));
}
const money = (d: Decimal): string => toPlain(d);

export function stringify(value: JsonValue, indent = 2): string {
  return `${write(value, '', ' '.repeat(indent))}\n`;
}

function write(v: JsonValue, pad: string, step: string): string {
  if (v instanceof RawNumber) return v.literal;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = pad + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + write(x, inner, step)).join(',\n')}\n${pad}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(v[k]!, inner, step)}`).join(',\n')}\n${pad}}`;
}

/** Cents as every cents view prints them (cents.ts): "1234.50". */
const cents = (d: Decimal): string => toCents(d);

/** A line item as JSON; `itemCents` (the one allocation's cents) where the item sits in a report. */
export function itemJson(i: LineItem, itemCents?: Decimal): JsonValue {
  // An unpriced item (--allow-missing-prices) has no price and no cost: null, never "0".
  if (i.missing_price !== undefined) {
    return {
      category: i.category,
      name: i.name,
      quantity: num(i.quantity),
      unit: i.unit,
      unit_price: null,
      cost: null,
      ...(itemCents ? { cost_cents: null } : {}),
      source: i.source,
      missing_price: i.missing_price,
      ...portfolioFields(i),
    };
  }
  return {
    category: i.category,
    name: i.name,
    quantity: num(i.quantity),
    unit: i.unit,
    unit_price: money(i.unit_price),
    cost: money(i.cost),
    ...(itemCents ? { cost_cents: cents(itemCents) } : {}),
    source: i.source,
    ...portfolioFields(i),
  };
}

/** A portfolio item's class and target (absent on every other item, so other reports keep their shape). */
function portfolioFields(i: LineItem): { [k: string]: JsonValue } {
  return {
    ...(i.class !== undefined ? { class: i.class } : {}),
    ...(i.target !== undefined ? { target: i.target } : {}),
  };
}

const per1k = (d: Decimal | null | undefined): JsonValue =>
  d ? money(d.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)) : null;

function byClassJson(c: ClassResult): JsonValue {
  return {
    class: c.class,
    calls: num(c.calls),
    cost: money(c.cost.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)),
    cost_per_1k_calls: per1k(c.cost_per_1k_calls),
    successful_calls: num(c.successful_calls),
    cost_per_1k_successful_calls: per1k(c.cost_per_1k_successful_calls),
    routes: c.routes.map((r) => ({ target: r.target, share: num(r.share), ...(r.again ? { again: r.again } : {}) })),
  };
}

function capacity(c: CapacityFacts | null): JsonValue {
  if (!c) return null;
  return {
    calls: num(c.calls),
    peak_calls_per_s: num(c.peak_calls_per_s),
    replica_seconds_per_call: num(c.replica_seconds_per_call, 9),
    replicas_needed: num(c.replicas_needed),
    replicas: c.replicas,
    gpus_per_replica: c.gpus_per_replica,
    gpus: c.gpus,
    gpu: c.gpu,
    utilization: num(c.utilization),
    ...(c.serving ? { replica_hours: c.replica_hours ? num(c.replica_hours) : null, serving: servingJson(c) } : {}),
    ...(c.choice
      ? {
          choice: {
            chosen: c.choice.chosen,
            chosen_cost: money(c.choice.chosen_cost),
            runner_up: c.choice.runner_up,
            runner_up_cost: c.choice.runner_up_cost ? money(c.choice.runner_up_cost) : null,
          },
        }
      : {}),
  };
}

/** The serving facts as JSON (shared with the compare report's capacity block). */
export function servingJson(c: CapacityFacts): JsonValue {
  const v = c.serving;
  if (!v) return null;
  return {
    precision: v.precision,
    concurrency: v.concurrency,
    concurrency_limit: v.concurrency_limit,
    context_tokens: num(v.context_tokens),
    memory_used_gb: num(v.memory_used_gb, 3),
    memory_available_gb: num(v.memory_available_gb, 3),
    ttft_ms: num(v.ttft_ms, 3),
    ttft_p95_ms: num(v.ttft_p95_ms, 3),
    tpot_ms: num(v.tpot_ms, 3),
    profile_kind: v.profile_kind,
    profile_source: v.profile_source,
    profile_adjustment: v.profile_adjustment,
    prefill_tokens_per_s: num(v.prefill_tokens_per_s, 3),
    decode_tokens_per_s: num(v.decode_tokens_per_s, 3),
    roofline_prefill_tokens_per_s: num(v.roofline_prefill_tokens_per_s, 3),
    roofline_decode_tokens_per_s: num(v.roofline_decode_tokens_per_s, 3),
    kv_bytes_per_token: num(v.kv_bytes_per_token, 3),
    weight_bytes_read_per_step: num(v.weight_bytes_read_per_step),
  };
}

function month(m: MonthResult, monthCents: Decimal, itemCents: readonly Decimal[]): JsonValue {
  return {
    month: m.month,
    period: m.period,
    ...(m.days ? { days: num(m.days, 0) } : {}),
    calls: num(m.calls),
    input_tokens: num(m.input_tokens),
    output_tokens: num(m.output_tokens),
    cost: money(m.cost),
    cost_cents: cents(monthCents),
    items: m.items.map((it, j) => itemJson(it, itemCents[j]!)),
    capacity: capacity(m.capacity),
  };
}

function ownershipJson(o: NonNullable<StrategyResult['ownership']>): JsonValue {
  return {
    accounting: o.accounting,
    gpu: o.gpu,
    vendor: o.vendor,
    price_per_gpu: money(o.price_per_gpu),
    gpus_at_end: o.gpus_at_end,
    hours_per_day: o.hours_per_day,
    purchases: o.purchases.map((p) => ({ month: p.month, gpus: p.gpus, cost: money(p.cost) })),
    tco_cash: money(o.tco_cash),
    tco_depreciation: money(o.tco_depreciation),
    book_value_at_end: money(o.book_value_at_end),
    rented: o.rented
      ? {
          provider: o.rented.provider,
          hourly_rate: money(o.rented.hourly_rate),
          as_of: o.rented.as_of,
          tco: money(o.rented.tco),
          owning_cheaper_from_month: o.rented.owning_cheaper_from_month,
        }
      : null,
    rented_reason: o.rented_reason,
    payback_month_cash: o.payback_month_cash,
    payback_reason: o.payback_reason,
  };
}

export function strategyJson(s: StrategyResult, withMonths = true): JsonValue {
  const plan = strategyCents(s);
  const ends = endMonthsCents(s);
  const out: { [k: string]: JsonValue } = {
    id: s.id,
    label: s.label,
    tco: money(s.tco),
    tco_cents: cents(plan.total),
    month1_cost: money(s.month1_cost),
    month1_cost_cents: cents(ends.first),
    last_month_cost: money(s.last_month_cost),
    last_month_cost_cents: cents(ends.last),
    total_calls: num(s.total_calls),
    cost_per_1k_calls: s.cost_per_1k_calls
      ? money(s.cost_per_1k_calls.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN))
      : null,
    // Owned-hardware categories only when not zero: a rented-only report keeps its shape.
    by_category: Object.fromEntries(
      Object.entries(s.by_category)
        .filter(([k, v]) => !isOptionalCategory(k as Category) || !v.isZero())
        .map(([k, v]) => [k, money(v)]),
    ),
    by_category_cents: Object.fromEntries(
      Object.entries(categoryCents(s))
        .filter(([k]) => !isOptionalCategory(k as Category) || !s.by_category[k as Category].isZero())
        .map(([k, v]) => [k, cents(v)]),
    ),
  };
  if (withMonths) out.months = s.months.map((m, i) => month(m, plan.months[i]!, plan.items[i]!));
  // Reserved terms past the horizon: a horizon-level item in the TCO, in no month.
  if (s.after_horizon?.length) {
    out.commitment_after_horizon = {
      cost: money(s.by_category.commitment_after_horizon),
      cost_cents: cents(plan.after),
      items: s.after_horizon.map((it, j) => itemJson(it, plan.afterItems[j]!)),
    };
  }
  if (s.tranches?.length) out.tranches = s.tranches.map(trancheJson);
  if (s.lower_bound) out.lower_bound = true;
  if (s.ownership) out.ownership = ownershipJson(s.ownership);
  if (s.by_class) {
    out.by_class = s.by_class.map(byClassJson);
    out.successful_calls = num(s.successful_calls ?? s.total_calls);
    out.cost_per_1k_successful_calls = per1k(s.cost_per_1k_successful_calls);
  }
  return out;
}

function trancheJson(t: TrancheFact): JsonValue {
  return {
    kind: t.kind,
    gpu: t.gpu,
    provider: t.provider,
    commitment: t.commitment,
    start_month: t.start,
    end_month: t.end,
    term_months: t.term_months,
    replicas: t.replicas,
    gpus: t.gpus,
    ...(t.requested !== undefined ? { requested_replicas: t.requested } : {}),
    why: t.why,
    months_billed: t.months_billed,
    months_after_horizon: t.months_after_horizon,
    cost_after_horizon: money(t.cost_after_horizon),
  };
}

function volume(v: VolumeAnswer, cur: string): JsonValue {
  return {
    calls_per_month: v.calls_per_month ? num(v.calls_per_month, 0) : null,
    tokens_per_month: v.tokens_per_month ? num(v.tokens_per_month, 0) : null,
    reason: crossingReason(v.why, cur),
  };
}

export function breakEvenJson(b: BreakEven, horizon: number, cur = 'USD'): JsonValue {
  return {
    versus: b.versus,
    run_rate: volume(b.run_rate, cur),
    tco: volume(b.tco, cur),
    payback_month: b.payback_month,
    first_below_month: b.first_below_month,
    payback_reason: paybackReason(b, horizon),
    evaluations: b.evaluations,
  };
}

/** The recommendation: its rendered reasons (for readers) next to the facts (for tools). */
function recommendationJson(r: Report, rec: Recommendation): JsonValue {
  return {
    strategy: rec.strategy,
    reasons: reasonsOf(r),
    flips: rec.flips.map((f) => ({ axis: f.axis, factor: toPlain(f.factor), direction: f.direction, to: f.to })),
    regimes: rec.regimes
      ? rec.regimes.map((g) => ({
          from_calls_per_month: num(g.from_calls_per_month, 0),
          to_calls_per_month: g.to_calls_per_month === null ? null : num(g.to_calls_per_month, 0),
          strategy: g.strategy,
          ...(g.merged.length
            ? {
                merged: g.merged.map((m) => ({
                  from_calls_per_month: num(m.from_calls_per_month, 0),
                  to_calls_per_month: num(m.to_calls_per_month, 0),
                  strategy: m.strategy,
                })),
              }
            : {}),
        }))
      : null,
  };
}

export function reportJson(r: Report): JsonValue {
  const be: { [k: string]: JsonValue } = {};
  for (const k of breakEvenIds(r)) {
    const b = r.break_even[k];
    if (b) be[k] = breakEvenJson(b, r.horizon_months, r.currency);
  }
  return {
    schema_version: r.schema_version,
    scenario: r.scenario,
    currency: r.currency,
    ...(r.exchange
      ? {
          exchange: {
            code: r.exchange.code,
            per_usd: toPlain(r.exchange.per_usd),
            as_of: r.exchange.as_of,
            source: r.exchange.source,
          },
        }
      : {}),
    horizon_months: r.horizon_months,
    days_per_month: num(r.days_per_month, 9),
    month_convention: r.month_convention,
    start_month: r.start_month,
    strategies: r.strategies.map((s) => strategyJson(s)),
    missing: r.missing.map((m) => ({ id: m.id, reason: m.reason })),
    break_even: be,
    recommendation: r.recommendation ? recommendationJson(r, r.recommendation) : null,
    assumptions: r.assumptions.map((a) => ({ field: a.field, value: a.value, source: a.source })),
    pricing_used: r.pricing_used.map((p) => ({
      kind: p.kind,
      id: p.id,
      as_of: p.as_of,
      source: p.source,
      file: p.file,
    })),
    ...(r.pricing_files
      ? {
          pricing_files: r.pricing_files.map((f) => ({
            file: f.file,
            rows: f.rows,
            as_of_min: f.as_of_min,
            as_of_max: f.as_of_max,
          })),
        }
      : {}),
    ...(r.warnings ? { warnings: [...r.warnings] } : {}),
  };
}

export function formatJson(r: Report): string {
  return stringify(reportJson(r));
}

/** Several scenarios in one document: `{ schema_version, reports: [...] }`, each report as above. */
export function formatJsonMany(reports: readonly Report[]): string {
  return assembleJsonMany(reports.map(jsonManyPiece));
}

/** One report as it sits in the `reports` array of formatJsonMany (indented two levels deep). */
export function jsonManyPiece(r: Report): string {
  return write(reportJson(r), '    ', '  ');
}

/** `{ schema_version, reports: [...] }` from the pieces: what stringify writes for that object. */
export function assembleJsonMany(pieces: readonly string[]): string {
  return jsonManyChunks(pieces).join('');
}

/** The same in chunks: the pieces themselves with the punctuation between them. */
export function jsonManyChunks(pieces: readonly string[]): string[] {
  const head = `{\n  "schema_version": ${JSON.stringify(REPORT_SCHEMA_VERSION)},\n  "reports": `;
  if (pieces.length === 0) return [`${head}[]\n}\n`];
  const chunks = [`${head}[\n    `];
  pieces.forEach((p, i) => chunks.push(...(i ? [',\n    ', p] : [p])));
  chunks.push('\n  ]\n}\n');
  return chunks;
}
