// The recommendation's words, written once from the engine's facts (report/model.ts) for every
// format: terminal, Markdown, HTML and JSON (which carries these sentences next to the facts).
import { Decimal, formatNumber, formatUsd, toPlain } from '../money.js';
import type { BreakEven, CrossingWhy, Flip, RecommendationFact, Regime, Report } from '../report/model.js';

const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;

const AXIS_WORDS: Record<Flip['axis'], string> = {
  api_price: "API token prices (every per-token rate of every API model, in every strategy)",
  gpu_price: 'GPU-hour prices (serving and fine-tuning)',
};

/**
 * A flip in words. The factor printed is `printed`: rounded away from 1 and short of the next
 * breakpoint, so that applied as printed it flips. The percentage is exactly 1 − that factor.
 */
export function flipSentence(f: Flip): string {
  const change = f.printed.minus(1).abs().times(100);
  const axis = f.axis === 'api_price' ? 'API token prices' : 'GPU-hour prices';
  return `The answer flips to ${f.to} if ${axis} ${f.direction} by ${formatPercent(change)} (to ${f.printed.toFixed()}× today's rates; threshold ${f.factor.toFixed()}×).`;
}

/** An exact percentage with its digits (9.7%, 94.01%, 1,140%): never rounded toward the threshold. */
function formatPercent(p: Decimal): string {
  const places = p.decimalPlaces();
  return `${formatNumber(p, places)}%`;
}

export function axisMeaning(axis: Flip['axis']): string {
  return AXIS_WORDS[axis];
}

const per1k = (d: Decimal) => `$${d.toSignificantDigits(4).toFixed()}`;

/** Why a break-even volume is what it is, in words (JSON `reason`). */
export function crossingReason(why: CrossingWhy): string {
  switch (why.kind) {
    case 'from':
      return 'cheaper from this steady monthly volume on';
    case 'from_cheapest_option':
      return 'cheaper from this steady monthly volume on (cheapest GPU option at each volume)';
    case 'any_volume':
      return 'cheaper at any volume';
    case 'any_volume_equal_per_call':
      return 'cheaper at any volume: fixed costs are lower and per-call costs equal';
    case 'per_call_not_below':
      return 'never cheaper: its cost per call is not below the API price';
    case 'no_saving_per_call':
      return 'never cheaper: it pays for replicas and saves nothing per call against the API';
    case 'full_use_above':
      return why.replicas === 'one'
        ? `never stays cheaper: a fully used replica costs ${per1k(why.per_1k_calls)} per 1,000 calls, above the API's ${per1k(why.api_per_1k_calls)}`
        : `never stays cheaper: fully used replicas cost ${per1k(why.per_1k_calls)} per 1,000 calls, at or above the API's ${per1k(why.api_per_1k_calls)}`;
    case 'replica_costs_its_calls':
      return 'never stays cheaper: each extra replica costs exactly what its calls would cost on the API';
    case 'beyond_limit':
      return `cheaper only above ${why.limit.toExponential(0).replace('e+', '×10^')} calls a month, beyond what llmcost computes exactly`;
    case 'at_the_latest':
      return `cheaper from this steady monthly volume on at the latest (more than ${why.breakpoints} replica steps below it were not walked)`;
    case 'every_option':
      return `${crossingReason(why.each)} (on every GPU option)`;
    case 'over_horizon':
      return `cheaper over ${why.months} months (one-time costs included) from this steady monthly volume on`;
  }
}

/** The payback facts in words (also JSON's `payback_reason`). */
export function paybackReason(b: Pick<BreakEven, 'payback_month' | 'first_below_month' | 'above_again_month'>, horizon: number): string {
  const { payback_month: p, first_below_month: first, above_again_month: again } = b;
  if (first === null) return `cumulative cost stays above the API's for all ${horizon} months`;
  if (p === first) {
    return p === 1 ? "cumulative cost is at or below the API's from month 1 to the end" : `cumulative cost falls to or below the API's in month ${p} and stays there`;
  }
  const dip = `cumulative cost is first below the API's in month ${first} but above from month ${again}`;
  return p === null ? `${dip}, and still above in month ${horizon}` : `${dip}; it stays at or below from month ${p}`;
}

/** The payback in a table cell: the lasting month, and a dip that did not last when there was one. */
export function paybackCell(b: Pick<BreakEven, 'payback_month' | 'first_below_month' | 'above_again_month'>): string {
  const lasting = b.payback_month === null ? 'none' : `month ${b.payback_month}`;
  if (b.first_below_month === null || b.first_below_month === b.payback_month) return lasting;
  return `${lasting} (below in month ${b.first_below_month}, above from ${b.above_again_month})`;
}

function paybackFact(f: Extract<RecommendationFact, { kind: 'payback' }>): string {
  const who = f.strategy === 'self_hosted' ? 'Self-hosting' : 'The hybrid';
  if (f.first_below_month === null) return `${who} does not pay back within ${f.horizon_months} months.`;
  if (f.payback_month === f.first_below_month) return `${who} pays back in month ${f.payback_month}: its cumulative cost stays at or below the API's from then on.`;
  const dip = `${who}'s cumulative cost is first below the API's in month ${f.first_below_month} but above from month ${f.above_again_month}`;
  return f.payback_month === null
    ? `${dip}: it does not pay back within ${f.horizon_months} months.`
    : `${dip}: it pays back for good in month ${f.payback_month}.`;
}

export function regimeText(g: Regime): string {
  const from = formatNumber(g.from_calls_per_month);
  if (g.to_calls_per_month === null) return g.from_calls_per_month.isZero() ? `${g.strategy} at any volume` : `${g.strategy} from ${from} calls/month on`;
  const to = formatNumber(g.to_calls_per_month);
  return g.from_calls_per_month.isZero() ? `${g.strategy} below ${to} calls/month` : `${g.strategy} from ${from} to below ${to}`;
}

function regimesFact(regimes: readonly Regime[]): string {
  const merged = regimes.flatMap((g) => g.merged.map((m) => `${m.strategy} from ${formatNumber(m.from_calls_per_month)} to below ${formatNumber(m.to_calls_per_month)}`));
  const note = merged.length ? ` (ranges narrower than one replica step are merged into the range before them: ${merged.join(', ')})` : '';
  return `Cheapest run rate at a steady monthly volume: ${regimes.map(regimeText).join('; ')}${note}.`;
}

export function factSentence(f: RecommendationFact): string {
  switch (f.kind) {
    case 'lowest_tco': {
      const others = f.others.map((o) => `${formatUsd(o.tco)} for ${o.strategy} (+${o.tco.isZero() || f.tco.isZero() ? formatUsd(o.tco.minus(f.tco)) : pct(o.tco.minus(f.tco).div(f.tco))})`);
      return `${f.strategy} has the lowest ${f.horizon_months}-month TCO: ${formatUsd(f.tco)}${others.length ? `, against ${others.join(' and ')}` : ''}.`;
    }
    case 'only_strategy':
      return 'It is the only strategy this scenario can compute.';
    case 'run_rate_break_even':
      return f.calls_per_month
        ? `Self-hosting's monthly run cost falls to the API's at ${formatNumber(f.calls_per_month)} calls/month; this scenario runs ${formatNumber(f.first_month_calls)} in month 1 and ${formatNumber(f.last_month_calls)} in month ${f.horizon_months}.`
        : `Self-hosting ${crossingReason(f.why)}.`;
    case 'payback':
      return paybackFact(f);
    case 'flip':
      return flipSentence(f.flip);
    case 'horizon_volume': {
      const ratio = f.average_calls_per_month.isZero() ? null : f.calls_per_month.div(f.average_calls_per_month);
      const rel = ratio ? ` (${ratio.toSignificantDigits(2, Decimal.ROUND_HALF_UP).toFixed()}× this scenario's average of ${formatNumber(f.average_calls_per_month)})` : '';
      return f.winner === 'api'
        ? `${f.strategy} would be cheaper than api over the horizon at a steady ${formatNumber(f.calls_per_month)} calls/month or more${rel}.`
        : `api would be cheaper than ${f.strategy} over the horizon if steady volume stayed below ${formatNumber(f.calls_per_month)} calls/month${rel}.`;
    }
    case 'regimes':
      return regimesFact(f.regimes);
    case 'different_models':
      return `The strategies serve different models (api: ${f.api_model}; self_hosted: ${f.open_model}${f.hybrid ? '; hybrid: both' : ''}), and this report compares their cost, not their quality (the pricing tables carry no quality scores): part of a saving can come from choosing another model rather than from who runs it.`;
    case 'lower_bounds':
      return `Some prices were not found (${f.strategies.join(', ')}): those totals are lower bounds ("at least"), so this ranking may change once the prices are known.`;
  }
}

/** The month convention in a report header: which days and hours a month has. */
export function monthsText(r: Pick<Report, 'month_convention' | 'days_per_month' | 'start_month' | 'strategies'>): string {
  const from = r.start_month ? `, from ${r.start_month}` : '';
  if (r.month_convention === 'calendar') {
    const days = (r.strategies[0]?.months ?? []).flatMap((m) => (m.days ? [m.days.toNumber()] : []));
    const lo = Math.min(...days);
    const hi = Math.max(...days);
    const range = lo === hi ? `${lo} days, ${lo * 24} hours` : `${lo} to ${hi} days, ${lo * 24} to ${hi * 24} hours`;
    return `calendar months${r.start_month ? ` from ${r.start_month}` : ""} (each month its own days: ${range})`;
  }
  const days = r.days_per_month.toDecimalPlaces(4).toFixed();
  const hours = toPlain(r.days_per_month.times(24).toDecimalPlaces(2));
  return r.month_convention === 'days_per_month'
    ? `${days} days a month as stated (days_per_month, ${hours} hours)${from}`
    : `${days} days a month (365/12, ${hours} hours)${from}`;
}

/** The recommendation's reasons, one sentence per fact, in the engine's order. */
export function reasonsOf(r: Report): string[] {
  return r.recommendation ? r.recommendation.facts.map(factSentence) : [];
}
