// What changed between two versions of a scenario, the way a pull request changes one: per strategy
// month 1 and TCO before → after, break-even and recommendation changes, and the inputs that differ.
// Pure: two reports in, a diff out.
import type { Decimal } from '../money.js';
import { breakEvenIds, type Report, type VolumeAnswer } from './model.js';
import { STRATEGIES, type StrategyId } from '../vocabulary.js';

export interface Change<T> {
  base: T | null;
  head: T | null;
}

export interface MoneyChange extends Change<Decimal> {
  /** head − base, when both exist and neither is a lower bound (the change of an unknown is unknown). */
  delta: Decimal | null;
  /** Set when the base (head) total includes an item without a price: it is only "at least". */
  base_lower_bound?: true;
  head_lower_bound?: true;
  /** (head − base) ÷ base, when both exist and base is not zero. */
  ratio: Decimal | null;
}

export interface StrategyDiff {
  id: StrategyId;
  month1: MoneyChange;
  tco: MoneyChange;
}

export interface BreakEvenDiff {
  id: StrategyId;
  run_rate_calls: Change<Decimal>;
  tco_calls: Change<Decimal>;
  payback_month: Change<number>;
  changed: boolean;
}

export interface InputDiff {
  field: string;
  base: string | null;
  head: string | null;
}

export interface ReportDiff {
  base: { file: string; scenario: string };
  head: { file: string; scenario: string };
  horizon_months: Change<number>;
  /** The currency of HEAD's figures (a currency change also shows among the inputs). */
  currency: string;
  strategies: StrategyDiff[];
  break_even: BreakEvenDiff[];
  recommendation: Change<StrategyId> & { changed: boolean };
  inputs: InputDiff[];
  pricing: InputDiff[];
}

function money(
  base: Decimal | undefined,
  head: Decimal | undefined,
  bounds: { base?: boolean | undefined; head?: boolean | undefined } = {},
): MoneyChange {
  const delta = base && head && !bounds.base && !bounds.head ? head.minus(base) : null;
  return {
    base: base ?? null,
    head: head ?? null,
    delta,
    ratio: delta && base && !base.isZero() ? delta.div(base) : null,
    ...(bounds.base ? { base_lower_bound: true as const } : {}),
    ...(bounds.head ? { head_lower_bound: true as const } : {}),
  };
}

const calls = (v: VolumeAnswer | undefined) => v?.calls_per_month ?? null;
const same = (a: Decimal | null, b: Decimal | null) => (a === null || b === null ? a === b : a.eq(b));

function fieldChanges(
  base: ReadonlyArray<{ key: string; value: string }>,
  head: ReadonlyArray<{ key: string; value: string }>,
): InputDiff[] {
  const b = new Map(base.map((x) => [x.key, x.value]));
  const h = new Map(head.map((x) => [x.key, x.value]));
  const keys = [...new Set([...b.keys(), ...h.keys()])];
  return keys
    .filter((k) => b.get(k) !== h.get(k))
    .map((k) => ({ field: k, base: b.get(k) ?? null, head: h.get(k) ?? null }));
}

export function diffReports(base: Report, head: Report, files: { base: string; head: string }): ReportDiff {
  // The built-in strategies in the canonical order, then the portfolios' own in report order.
  const own = [...new Set([...base.strategies, ...head.strategies].map((s) => s.id))];
  const ids: StrategyId[] = [
    ...STRATEGIES.filter((id) => own.includes(id)),
    ...own.filter((id) => !(STRATEGIES as readonly string[]).includes(id)),
  ];
  const strategies = ids.map((id) => {
    const b = base.strategies.find((s) => s.id === id);
    const h = head.strategies.find((s) => s.id === id);
    const bounds = { base: b?.lower_bound, head: h?.lower_bound };
    return { id, month1: money(b?.month1_cost, h?.month1_cost, bounds), tco: money(b?.tco, h?.tco, bounds) };
  });
  const breakEven = [...new Set([...breakEvenIds(base), ...breakEvenIds(head)])].map((k) => {
    const b = base.break_even[k];
    const h = head.break_even[k];
    const d: BreakEvenDiff = {
      id: k,
      run_rate_calls: { base: calls(b?.run_rate), head: calls(h?.run_rate) },
      tco_calls: { base: calls(b?.tco), head: calls(h?.tco) },
      payback_month: { base: b?.payback_month ?? null, head: h?.payback_month ?? null },
      changed: false,
    };
    d.changed =
      !same(d.run_rate_calls.base, d.run_rate_calls.head) ||
      !same(d.tco_calls.base, d.tco_calls.head) ||
      d.payback_month.base !== d.payback_month.head ||
      !b !== !h;
    return d;
  });
  const rb = base.recommendation?.strategy ?? null;
  const rh = head.recommendation?.strategy ?? null;
  const named = (r: Report) => [
    { key: 'name', value: r.scenario },
    ...r.assumptions.map((a) => ({ key: a.field, value: a.value })),
  ];
  const prices = (r: Report) => r.pricing_used.map((p) => ({ key: `${p.kind} ${p.id}`, value: `as of ${p.as_of}` }));
  return {
    base: { file: files.base, scenario: base.scenario },
    head: { file: files.head, scenario: head.scenario },
    horizon_months: { base: base.horizon_months, head: head.horizon_months },
    currency: head.currency,
    strategies,
    break_even: breakEven,
    recommendation: { base: rb, head: rh, changed: rb !== rh },
    inputs: fieldChanges(named(base), named(head)),
    pricing: fieldChanges(prices(base), prices(head)),
  };
}
