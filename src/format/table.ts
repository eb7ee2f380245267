// The terminal report: summary per strategy, break-even facts, the recommendation and its reasons;
// the month-by-month table with --monthly and the derivation of every month-1 figure with --explain.
import { Decimal, formatNumber, type Decimal as D } from '../money.js';
import { breakEvenIds, type BreakEven, type Report } from '../report/model.js';
import { endMonthsCents, monthsCents } from '../report/cents.js';
import { byClassTable } from './byClass.js';
import { explain } from './explain.js';
import { ownershipLines, owningStrategies } from './ownership.js';
import { amount, perThousand } from './amount.js';
import { crossingReason, monthsText, paybackCell, reasonsOf } from './reasons.js';
import { grid } from './grid.js';
import { PLAIN, type Style } from './style.js';

export interface TableOptions {
  style?: Style;
  monthly?: boolean;
  explain?: boolean;
  /** Portfolios: each strategy's figures per request class (compare --by-class). */
  byClass?: boolean;
}

const perK = perThousand;

export function formatTable(r: Report, opts: TableOptions = {}): string {
  const st = opts.style ?? PLAIN;
  const out: string[] = [];
  out.push(st.bold(`${r.scenario}`) + st.dim(` — ${r.horizon_months} months, ${r.currency}, ${monthsText(r)}`));
  out.push('');
  const best = r.recommendation?.strategy;
  out.push(
    grid(
      ['Strategy', 'Month 1', `Month ${r.horizon_months}`, `${r.horizon_months}-month TCO`, 'Per 1k calls'],
      r.strategies.map((s) => [
        s.id === best ? st.green(s.id) : s.id,
        amount(s, endMonthsCents(s).first, 2, r.currency),
        amount(s, endMonthsCents(s).last, 2, r.currency),
        s.id === best
          ? st.bold(amount(s, monthsCents(s).total, 2, r.currency))
          : amount(s, monthsCents(s).total, 2, r.currency),
        perK(s, r.currency),
      ]),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  for (const line of afterHorizonLines(r)) out.push(line);
  for (const m of r.missing) out.push(st.dim(`${m.id}: not computed — ${m.reason}`));
  for (const s of r.strategies.filter((x) => x.lower_bound)) {
    const reasons = [
      ...new Set(
        s.months.flatMap((m) => m.items.flatMap((i) => (i.missing_price !== undefined ? [i.missing_price] : []))),
      ),
    ];
    out.push(st.yellow(`${s.id}: price not found (${reasons.join('; ')}) — totals are lower bounds (≥)`));
  }

  const be = breakEvenIds(r);
  if (be.length) {
    out.push('');
    out.push(st.bold('Break-even against api') + st.dim(' (steady monthly volume; payback along the growth path)'));
    out.push(
      grid(
        ['Strategy', 'Run-rate break-even', `TCO break-even (${r.horizon_months} mo)`, 'Payback'],
        be.map((k) => {
          const b = r.break_even[k]!;
          return [k, volume(b.run_rate), volume(b.tco), paybackCell(b)];
        }),
        ['left', 'right', 'right', 'right'],
      ),
    );
    for (const k of be) {
      const b = r.break_even[k]!;
      const notes = noteFor(b, r.currency);
      if (notes) out.push(st.dim(`${k}: ${notes}`));
    }
  }

  for (const w of r.warnings ?? []) out.push(st.yellow(`warning: ${w}`));
  for (const s of owningStrategies(r)) {
    out.push('');
    out.push(st.bold('Owning the hardware') + st.dim(` (${s.id})`));
    for (const line of ownershipLines(s, r.horizon_months, r.currency)) out.push(`  ${line}`);
  }

  if (r.recommendation) {
    out.push('');
    out.push(st.bold(`Recommendation: ${st.green(r.recommendation.strategy)}`));
    for (const reason of reasonsOf(r)) out.push(`  - ${reason}`);
  }

  const classes = opts.byClass ? byClassTable(r, st) : '';
  if (classes) out.push('', classes);
  if (opts.monthly) {
    out.push('');
    out.push(st.bold('Month by month'));
    out.push(monthlyTable(r));
  }
  if (opts.explain) {
    out.push('');
    out.push(explain(r, st));
  }
  if (r.pricing_used.length) {
    out.push('');
    out.push(
      st.dim(
        `Prices: ${r.pricing_used
          .filter((p) => p.kind !== 'open_model')
          .map((p) => `${p.id} (as of ${p.as_of})`)
          .join('; ')}`,
      ),
    );
  }
  if (r.pricing_files?.length) {
    out.push(
      st.dim(
        `Pricing files: ${r.pricing_files.map((f) => `${f.file} (${asOfRange(f.as_of_min, f.as_of_max)})`).join('; ')}`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

export function asOfRange(min: string | null, max: string | null): string {
  if (!min || !max) return 'no rows';
  return min === max ? `as of ${min}` : `as of ${min} to ${max}`;
}

export function volume(v: BreakEven['run_rate']): string {
  if (!v.calls_per_month) return 'never';
  if (v.calls_per_month.isZero()) return 'any volume';
  return `${formatNumber(v.calls_per_month)} calls/mo`;
}

export function noteFor(b: BreakEven, cur = 'USD'): string | null {
  if (!b.run_rate.calls_per_month) return `run rate ${crossingReason(b.run_rate.why, cur)}`;
  if (!b.tco.calls_per_month) return `TCO ${crossingReason(b.tco.why, cur)}`;
  if (b.run_rate.calls_per_month.isZero()) return "its monthly run cost is below the API's at any volume";
  const tok = b.run_rate.tokens_per_month;
  return tok ? `run-rate break-even is ${compactTokens(tok)} tokens a month` : null;
}

export function compactTokens(t: D): string {
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units)
    if (t.gte(size)) return `${t.div(size).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()}${suffix}`;
  return t.toFixed(0);
}

/** One line per strategy whose TCO includes reserved terms owed after the horizon. */
export function afterHorizonLines(r: Report): string[] {
  return r.strategies
    .filter((s) => s.after_horizon?.length)
    .map(
      (s) =>
        `${s.id}: the TCO includes ${amount(s, monthsCents(s).after, 2, r.currency)} of reserved GPU-hours owed after month ${r.horizon_months} (commitment_after_horizon: terms that run past the horizon, in no month)`,
    );
}

function monthlyTable(r: Report): string {
  const first = r.strategies[0];
  if (!first) return '';
  // One replicas column per strategy that runs GPUs (self_hosted, hybrid), each named for its strategy.
  const gpus = r.strategies.filter((s) => s.months.some((m) => m.capacity));
  const header = ['Month', 'Calls', ...r.strategies.map((s) => s.id), ...gpus.map((s) => `${s.id} replicas`)];
  const rows = first.months.map((m, i) => [
    m.period ?? String(m.month),
    formatNumber(m.calls),
    ...r.strategies.map((s) => amount(s, monthsCents(s).months[i]!, 2, r.currency)),
    ...gpus.map((s) => String(s.months[i]!.capacity?.replicas ?? '-')),
  ]);
  // Reserved terms owed after the horizon: their own row, so the months above stay true.
  if (r.strategies.some((s) => s.after_horizon?.length)) {
    rows.push([
      'After horizon',
      '',
      ...r.strategies.map((s) => amount(s, monthsCents(s).after, 2, r.currency)),
      ...gpus.map(() => ''),
    ]);
  }
  rows.push([
    'Total',
    formatNumber(first.total_calls),
    ...r.strategies.map((s) => amount(s, monthsCents(s).total, 2, r.currency)),
    ...gpus.map(() => ''),
  ]);
  return grid(
    header,
    rows,
    header.map((_, i) => (i === 0 ? 'left' : 'right')),
  );
}
