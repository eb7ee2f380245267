// Owned GPUs in words: both accounting views, rent vs buy and months to pay back, for the table,
// Markdown and --explain (one wording, every format).
import { formatUsd } from '../money.js';
import type { Report, StrategyResult } from '../report/model.js';

type Owning = StrategyResult & { ownership: NonNullable<StrategyResult['ownership']> };

export function owningStrategies(r: Report): Owning[] {
  return r.strategies.filter((s): s is Owning => s.ownership !== undefined);
}

/** The summary lines of one owning strategy (no styling: callers style the heading). */
export function ownershipLines(s: Owning, horizon: number, cur = 'USD'): string[] {
  const o = s.ownership;
  const view =
    o.accounting === 'cash'
      ? 'cash (purchases when paid, resale credited)'
      : 'depreciation (straight-line inside the horizon)';
  const bought = o.purchases
    .map((p) => `month ${p.month}: ${p.gpus} GPU${p.gpus === 1 ? '' : 's'} (${formatUsd(p.cost, 2, cur)})`)
    .join('; ');
  const cash = o.accounting === 'cash';
  const lines = [
    `${s.id} owns ${o.gpus_at_end} × ${o.gpu} at ${formatUsd(o.price_per_gpu, 2, cur)} per GPU (${o.vendor});` +
      ` bought ${bought || 'none'}`,
    `TCO in the ${view} view: ${formatUsd(cash ? o.tco_cash : o.tco_depreciation, 2, cur)}; in the` +
      ` ${cash ? 'depreciation' : 'cash'} view: ${formatUsd(cash ? o.tco_depreciation : o.tco_cash, 2, cur)} (--accounting)`,
  ];
  if (!o.book_value_at_end.isZero())
    lines.push(
      `book value left at the end of month ${horizon}: ${formatUsd(o.book_value_at_end, 2, cur)}` +
        ' (not charged in the depreciation view)',
    );
  lines.push(
    o.rented
      ? `renting the same replicas on demand (${o.rented.provider}, ${formatUsd(o.rented.hourly_rate, 4, cur)}/GPU-hour` +
          ` as of ${o.rented.as_of}): ${formatUsd(o.rented.tco, 2, cur)} over ${horizon} months; ${o.rented_reason}`
      : `rent vs buy: ${o.rented_reason}`,
  );
  lines.push(`months to pay back against the API (cash): ${o.payback_month_cash ?? 'none'} — ${o.payback_reason}`);
  return lines;
}
