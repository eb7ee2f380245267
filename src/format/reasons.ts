// The recommendation's words, written once from the engine's facts (report/model.ts) for every
// format: terminal, Markdown, HTML and JSON (which carries these sentences next to the facts).
import { currencySymbol, Decimal, formatNumber, formatUsd, toPlain } from '../money.js';
import type { BreakEven, CrossingWhy, Flip, RecommendationFact, Regime, Report } from '../report/model.js';

type PaybackFacts = Pick<BreakEven, 'payback_month' | 'first_below_month' | 'above_again_month'>;

const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
const calls = (d: Decimal) => formatNumber(d);

const AXIS_WORDS: Record<Flip['axis'], string> = {
  api_price: 'API token prices (every per-token rate of every API model, in every strategy)',
  gpu_price: 'GPU-hour prices (serving and fine-tuning)',
};

/**
 * A flip in words. The factor printed is `printed`: rounded away from 1 and short of the next
 * breakpoint, so that applied as printed it flips. The percentage is exactly 1 − that factor.
 */
export function flipSentence(f: Flip): string {
  const change = f.printed.minus(1).abs().times(100);
  const axis = f.axis === 'api_price' ? 'API token prices' : 'GPU-hour prices';
  const to = `to ${f.printed.toFixed()}× today's rates; threshold ${f.factor.toFixed()}×`;
  return `The answer flips to ${f.to} if ${axis} ${f.direction} by ${formatPercent(change)} (${to}).`;
}

/** An exact percentage with its digits (9.7%, 94.01%, 1,140%): never rounded toward the threshold. */
function formatPercent(p: Decimal): string {
  return `${formatNumber(p, p.decimalPlaces())}%`;
}

export function axisMeaning(axis: Flip['axis']): string {
  return AXIS_WORDS[axis];
}

const per1k = (d: Decimal, cur: string) => `${currencySymbol(cur)}${d.toSignificantDigits(4).toFixed()}`;

/** Why a break-even volume is what it is, in words (JSON `reason`). */
export function crossingReason(why: CrossingWhy, cur = 'USD'): string {
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
    case 'full_use_above': {
      const mine = per1k(why.per_1k_calls, cur);
      const api = per1k(why.api_per_1k_calls, cur);
      return why.replicas === 'one'
        ? `never stays cheaper: a fully used replica costs ${mine} per 1,000 calls, above the API's ${api}`
        : `never stays cheaper: fully used replicas cost ${mine} per 1,000 calls, at or above the API's ${api}`;
    }
    case 'replica_costs_its_calls':
      return 'never stays cheaper: each extra replica costs exactly what its calls would cost on the API';
    case 'beyond_limit': {
      const limit = why.limit.toExponential(0).replace('e+', '×10^');
      return `cheaper only above ${limit} calls a month, beyond what llmcost computes exactly`;
    }
    case 'at_the_latest':
      return (
        'cheaper from this steady monthly volume on at the latest ' +
        `(more than ${why.breakpoints} replica steps below it were not walked)`
      );
    case 'every_option':
      return `${crossingReason(why.each, cur)} (on every GPU option)`;
    case 'over_horizon':
      return `cheaper over ${why.months} months (one-time costs included) from this steady monthly volume on`;
  }
}

/** The payback facts in words (also JSON's `payback_reason`). */
export function paybackReason(b: PaybackFacts, horizon: number): string {
  const { payback_month: p, first_below_month: first, above_again_month: again } = b;
  if (first === null) return `cumulative cost stays above the API's for all ${horizon} months`;
  if (p === first) {
    return p === 1
      ? "cumulative cost is at or below the API's from month 1 to the end"
      : `cumulative cost falls to or below the API's in month ${p} and stays there`;
  }
  const dip = `cumulative cost is first below the API's in month ${first} but above from month ${again}`;
  return p === null ? `${dip}, and still above in month ${horizon}` : `${dip}; it stays at or below from month ${p}`;
}

/** The payback in a table cell: the lasting month, and a dip that did not last when there was one. */
export function paybackCell(b: PaybackFacts): string {
  const lasting = b.payback_month === null ? 'none' : `month ${b.payback_month}`;
  if (b.first_below_month === null || b.first_below_month === b.payback_month) return lasting;
  return `${lasting} (below in month ${b.first_below_month}, above from ${b.above_again_month})`;
}

function paybackFact(f: Extract<RecommendationFact, { kind: 'payback' }>): string {
  const who = f.strategy === 'self_hosted' ? 'Self-hosting' : 'The hybrid';
  if (f.first_below_month === null) return `${who} does not pay back within ${f.horizon_months} months.`;
  if (f.payback_month === f.first_below_month) {
    const stays = "its cumulative cost stays at or below the API's from then on";
    return `${who} pays back in month ${f.payback_month}: ${stays}.`;
  }
  const dip = `${who}'s cumulative cost is first below the API's in month ${f.first_below_month}`;
  const again = `${dip} but above from month ${f.above_again_month}`;
  return f.payback_month === null
    ? `${again}: it does not pay back within ${f.horizon_months} months.`
    : `${again}: it pays back for good in month ${f.payback_month}.`;
}

export function regimeText(g: Regime): string {
  const from = calls(g.from_calls_per_month);
  if (g.to_calls_per_month === null) {
    const open = g.from_calls_per_month.isZero() ? 'at any volume' : `from ${from} calls/month on`;
    return `${g.strategy} ${open}`;
  }
  const to = calls(g.to_calls_per_month);
  const range = g.from_calls_per_month.isZero() ? `below ${to} calls/month` : `from ${from} to below ${to}`;
  return `${g.strategy} ${range}`;
}

function regimesFact(regimes: readonly Regime[]): string {
  const merged = regimes.flatMap((g) =>
    g.merged.map((m) => `${m.strategy} from ${calls(m.from_calls_per_month)} to below ${calls(m.to_calls_per_month)}`),
  );
  const note = merged.length
    ? ` (ranges narrower than one replica step are merged into the range before them: ${merged.join(', ')})`
    : '';
  return `Cheapest run rate at a steady monthly volume: ${regimes.map(regimeText).join('; ')}${note}.`;
}

function lowestTco(f: Extract<RecommendationFact, { kind: 'lowest_tco' }>, cur: string): string {
  const others = f.others.map((o) => {
    const more =
      o.tco.isZero() || f.tco.isZero() ? formatUsd(o.tco.minus(f.tco), 2, cur) : pct(o.tco.minus(f.tco).div(f.tco));
    return `${formatUsd(o.tco, 2, cur)} for ${o.strategy} (+${more})`;
  });
  const against = others.length ? `, against ${others.join(' and ')}` : '';
  return `${f.strategy} has the lowest ${f.horizon_months}-month TCO: ${formatUsd(f.tco, 2, cur)}${against}.`;
}

function horizonVolume(f: Extract<RecommendationFact, { kind: 'horizon_volume' }>): string {
  const avg = f.average_calls_per_month;
  const ratio = avg.isZero() ? null : f.calls_per_month.div(avg);
  const times = ratio?.toSignificantDigits(2, Decimal.ROUND_HALF_UP).toFixed();
  const rel = ratio ? ` (${times}× this scenario's average of ${calls(avg)})` : '';
  const v = calls(f.calls_per_month);
  return f.winner === 'api'
    ? `${f.strategy} would be cheaper than api over the horizon at a steady ${v} calls/month or more${rel}.`
    : `api would be cheaper than ${f.strategy} over the horizon if steady volume stayed below ${v} calls/month${rel}.`;
}

function sameModelHosted(f: Extract<RecommendationFact, { kind: 'same_model_hosted' }>, cur: string): string {
  const over = `${formatUsd(f.endpoint_tco, 2, cur)} over ${f.horizon_months} months`;
  const hosted = `${f.endpoint} sells ${f.open_model} per token: ${over}`;
  const self = `against ${formatUsd(f.self_hosted_tco, 2, cur)} self-hosted (standard list rates, same workload and overheads)`;
  const first = `The same open model is hosted (strategy api_same_model): ${hosted}, ${self}.`;
  if (f.api_tco === null || f.api_model === null) return first;
  // Two choices: which model (the API model vs the open model, both per token), who runs it.
  const model = f.api_tco.minus(f.endpoint_tco);
  const runs = f.endpoint_tco.minus(f.self_hosted_tco);
  const modelWords = `which model (${f.api_model} against ${f.open_model}, both per token) ${saves(model, cur)}`;
  const runsWords = `who runs it (self-hosting against the hosted endpoint) ${saves(runs, cur)}`;
  const driver = model.abs().gte(runs.abs())
    ? 'the choice of model drives the difference (the saving comes from the model, not from who runs it)'
    : 'who runs it drives the difference (the saving comes from who runs the model, not from the model)';
  return `${first} Of the two choices, ${modelWords} and ${runsWords}: ${driver}.`;
}

const saves = (d: Decimal, cur: string) =>
  d.isNegative() ? `costs ${formatUsd(d.negated(), 2, cur)} more` : `saves ${formatUsd(d, 2, cur)}`;

export function factSentence(f: RecommendationFact, cur = 'USD'): string {
  switch (f.kind) {
    case 'lowest_tco':
      return lowestTco(f, cur);
    case 'only_strategy':
      return 'It is the only strategy this scenario can compute.';
    case 'run_rate_break_even': {
      if (!f.calls_per_month) return `Self-hosting ${crossingReason(f.why, cur)}.`;
      const first = calls(f.first_month_calls);
      const last = `${calls(f.last_month_calls)} in month ${f.horizon_months}`;
      const runs = `this scenario runs ${first} in month 1 and ${last}`;
      return `Self-hosting's monthly run cost falls to the API's at ${calls(f.calls_per_month)} calls/month; ${runs}.`;
    }
    case 'payback':
      return paybackFact(f);
    case 'flip':
      return flipSentence(f.flip);
    case 'horizon_volume':
      return horizonVolume(f);
    case 'regimes':
      return regimesFact(f.regimes);
    case 'same_model_hosted':
      return sameModelHosted(f, cur);
    case 'different_models': {
      const same = f.api_same_model ? `; api_same_model: ${f.open_model}` : '';
      const models = `api: ${f.api_model}; self_hosted: ${f.open_model}${f.hybrid ? '; hybrid: both' : ''}${same}`;
      const score = (id: string, q: typeof f.api_quality) =>
        q ? `${id} ${q.score} (${q.benchmark}, as of ${q.as_of})` : `${id}: no published score in the pricing tables`;
      return (
        `The strategies serve different models (${models}), and this report compares their cost, not their quality ` +
        `(${score(f.api_model, f.api_quality)}; ${score(f.open_model, f.open_quality)}): part of a saving can come ` +
        'from choosing another model rather than from who runs it.'
      );
    }
    case 'lower_bounds':
      return (
        `Some prices were not found (${f.strategies.join(', ')}): those totals are lower bounds ("at least"), ` +
        'so this ranking may change once the prices are known.'
      );
  }
}

type HeaderFacts = Pick<Report, 'month_convention' | 'days_per_month' | 'start_month' | 'strategies'>;

/** The month convention in a report header: which days and hours a month has. */
export function monthsText(r: HeaderFacts): string {
  const from = r.start_month ? `, from ${r.start_month}` : '';
  if (r.month_convention === 'calendar') {
    const days = (r.strategies[0]?.months ?? []).flatMap((m) => (m.days ? [m.days.toNumber()] : []));
    const lo = Math.min(...days);
    const hi = Math.max(...days);
    const range = lo === hi ? `${lo} days, ${lo * 24} hours` : `${lo} to ${hi} days, ${lo * 24} to ${hi * 24} hours`;
    return `calendar months${r.start_month ? ` from ${r.start_month}` : ''} (each month its own days: ${range})`;
  }
  const days = r.days_per_month.toDecimalPlaces(4).toFixed();
  const hours = toPlain(r.days_per_month.times(24).toDecimalPlaces(2));
  return r.month_convention === 'days_per_month'
    ? `${days} days a month as stated (days_per_month, ${hours} hours)${from}`
    : `${days} days a month (365/12, ${hours} hours)${from}`;
}

/** The recommendation's reasons, one sentence per fact, in the engine's order. */
export function reasonsOf(r: Report): string[] {
  return r.recommendation ? r.recommendation.facts.map((f) => factSentence(f, r.currency)) : [];
}
