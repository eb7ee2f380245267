// Portfolios (scenario `workloads:` / `strategies:`): each strategy's figures per request class, and in
// words where each class's calls go and what they cost. The figures are the report's (engine/portfolio.ts
// attributes a shared deployment's costs by replica-seconds and overheads by calls).
import { formatNumber, formatUsd } from '../money.js';
import type { ClassResult, Report, StrategyResult } from '../report/model.js';
import { amount } from './amount.js';
import { grid } from './grid.js';
import { PLAIN, type Style } from './style.js';

const withClasses = (r: Report): StrategyResult[] => r.strategies.filter((s) => s.by_class?.length);

/** How a class's routes read: "100% → self_hosted; 15% again (escalation) → api:openai/gpt-4o". */
export function routeText(c: ClassResult): string {
  return c.routes
    .map(
      (l) =>
        `${formatNumber(l.share.times(100), 2).replace(/\.?0+$/, '')}%${l.again ? ` again (${l.again})` : ''} → ${l.target}`,
    )
    .join('; ');
}

const per1k = (s: StrategyResult, d: ClassResult['cost_per_1k_calls'], cur: string) => (d ? amount(s, d, 4, cur) : '-');

export const BY_CLASS_TITLE = 'By class (over the horizon; shared deployments by replica-seconds, overheads by calls)';
export const BY_CLASS_HEADER = ['Strategy', 'Class', 'Calls', 'Cost', 'Per 1k calls', 'Per 1k successful', 'Routes'];
export const BY_CLASS_ALIGN = ['left', 'left', 'right', 'right', 'right', 'right', 'left'] as const;

/** One row per (strategy, class) of the portfolio strategies; none for a report without them. */
export function byClassRows(r: Report): string[][] {
  return withClasses(r).flatMap((s) =>
    s.by_class!.map((c, i) => [
      i === 0 ? s.id : '',
      c.class,
      formatNumber(c.calls, 0),
      amount(s, c.cost, 2, r.currency),
      per1k(s, c.cost_per_1k_calls, r.currency),
      per1k(s, c.cost_per_1k_successful_calls, r.currency),
      routeText(c),
    ]),
  );
}

/** `compare --by-class`: the rows above as a terminal table. Empty for a report without portfolios. */
export function byClassTable(r: Report, st: Style = PLAIN): string {
  const rows = byClassRows(r);
  if (!rows.length) return '';
  return [st.bold(BY_CLASS_TITLE), grid(BY_CLASS_HEADER, rows, [...BY_CLASS_ALIGN])].join('\n');
}

/** `--explain`: for each portfolio strategy and class, where its calls go and what they cost. */
export function explainClasses(r: Report, st: Style = PLAIN): string[] {
  const strategies = withClasses(r);
  if (!strategies.length) return [];
  const out = ['', st.bold('Where each class goes (portfolios)')];
  for (const s of strategies) {
    for (const c of s.by_class!) {
      const month1 = s.months[0]?.items.filter((it) => it.class?.split('+').includes(c.class)) ?? [];
      const shared = month1.some((it) => it.class?.includes('+'));
      out.push(
        `${s.id} / ${c.class}: ${routeText(c)}; ${formatUsd(c.cost, 2, r.currency)} over ${r.horizon_months} months` +
          `${c.cost_per_1k_calls ? `, ${formatUsd(c.cost_per_1k_calls, 4, r.currency)} per 1,000 calls` : ''}` +
          `${c.cost_per_1k_successful_calls && !c.successful_calls.eq(c.calls) ? `, ${formatUsd(c.cost_per_1k_successful_calls, 4, r.currency)} per 1,000 successful calls` : ''}` +
          `${shared ? ' (shares a deployment: its part of it by replica-seconds)' : ''}`,
      );
    }
  }
  return out;
}
