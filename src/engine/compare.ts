// The simulation: every month of every strategy as line items, then break-even, payback and a
// recommendation. Pure: EngineInput in, Report out.
import { Decimal, formatNumber, formatUsd, sum, ZERO } from '../money.js';
import { REPORT_SCHEMA_VERSION, type BreakEven, type MonthResult, type PricingFileUsed, type PricingRowUsed, type Recommendation, type Report, type StrategyResult, type VolumeAnswer } from '../report/model.js';
import { CATEGORIES, type Assumption, type Category, type StrategyId } from '../vocabulary.js';
import { solveCrossing, solveCrossingMin, type CostCurve, type CostStep, type Crossing, sumCurves } from './breakEven.js';
import type { EngineInput } from './input.js';
import { STRATEGY_LABELS, strategyModels, itemsOf, type ItemGroup, type StrategyModel } from './strategies.js';
import { monthlyCalls, periodOf, tokensPerCall } from './volume.js';
import { withOwnership } from './ownershipReport.js';

export interface CompareOptions {
  /** Inputs and where each came from (scenario file or default), listed in the report. */
  assumptions?: Assumption[];
  /** The pricing files the tables came from, listed in the report with their as_of ranges. */
  pricingFiles?: PricingFileUsed[];
}

export function compareEngine(input: EngineInput, options: CompareOptions = {}): Report {
  const { models, missing } = strategyModels(input);
  const volume = monthlyVolume(input);
  const strategies = withOwnership(models.map((m) => simulateStrategy(m, volume)), input);
  const api = models.find((m) => m.id === 'api');
  // The API's curves are what every other strategy is weighed against: built once.
  const apiCurves = api && { runRate: api.runRateCurve(), horizon: horizonCurve(api, input) };
  const breakEven: Report['break_even'] = {};
  // With unpriced items (--allow-missing-prices) a total is only a lower bound: no break-even volume
  // can honestly be computed from it, so none is reported for a strategy that has one.
  const unknown = new Set(strategies.filter((s) => s.lower_bound).map((s) => s.id));
  if (apiCurves && !unknown.has('api')) {
    for (const m of models) {
      if (unknown.has(m.id)) continue;
      if (m.id === 'self_hosted' || m.id === 'hybrid') {
        breakEven[m.id] = solveBreakEven(m, apiCurves, input, strategies.find((s) => s.id === m.id)!, strategies.find((s) => s.id === 'api')!);
      }
    }
  }
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    scenario: input.name,
    currency: 'USD',
    horizon_months: input.horizonMonths,
    days_per_month: input.daysPerMonth,
    start_month: input.startMonth ?? null,
    strategies,
    missing,
    break_even: breakEven,
    recommendation: recommend(strategies, breakEven, input),
    assumptions: options.assumptions ?? [],
    pricing_used: pricingUsed(input, strategies),
    ...(options.pricingFiles ? { pricing_files: options.pricingFiles } : {}),
  };
}

/** Calls and tokens month by month, and the horizon's calls: the same for every strategy. */
interface Volume {
  calls: Decimal[];
  /** `YYYY-MM` of each month (null without a start month). */
  periods: Array<string | null>;
  inputTokens: Decimal[];
  outputTokens: Decimal[];
  totalCalls: Decimal;
}

function monthlyVolume(input: EngineInput): Volume {
  const calls = monthlyCalls(input);
  return {
    calls,
    periods: calls.map((_, i) => periodOf(input.startMonth, i + 1)),
    inputTokens: calls.map((c) => c.times(input.workload.inputTokens)),
    outputTokens: calls.map((c) => c.times(input.workload.outputTokens)),
    totalCalls: sum(calls),
  };
}

function simulateStrategy(model: StrategyModel, volume: Volume): StrategyResult {
  // How many months each item group appears in: a group that recurs unchanged (staff, overheads,
  // the GPU bill at one replica count) is one object, added to the category totals once × its count.
  const seen = new Map<ItemGroup, number>();
  const months: MonthResult[] = volume.calls.map((c, i) => {
    const { groups, capacity } = model.month(i + 1, c);
    const present = groups.filter((g) => g.items.length > 0);
    for (const g of present) seen.set(g, (seen.get(g) ?? 0) + 1);
    return {
      month: i + 1,
      period: volume.periods[i] ?? null,
      calls: c,
      input_tokens: volume.inputTokens[i]!,
      output_tokens: volume.outputTokens[i]!,
      cost: sum(present.map((g) => g.cost)),
      items: itemsOf(present),
      capacity,
    };
  });
  const tco = sum(months.map((m) => m.cost));
  const totalCalls = volume.totalCalls;
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, ZERO])) as Record<Category, Decimal>;
  for (const [g, count] of seen) {
    for (const it of g.items) byCategory[it.category] = byCategory[it.category].plus(count === 1 ? it.cost : it.cost.times(count));
  }
  const lowerBound = months.some((m) => m.items.some((it) => it.missing_price !== undefined));
  return {
    id: model.id,
    label: STRATEGY_LABELS[model.id],
    tco,
    month1_cost: months[0]?.cost ?? ZERO,
    last_month_cost: months[months.length - 1]?.cost ?? ZERO,
    total_calls: totalCalls,
    cost_per_1k_calls: totalCalls.isZero() ? null : tco.div(totalCalls).times(1000),
    by_category: byCategory,
    months,
    ...(lowerBound ? { lower_bound: true } : {}),
  };
}

function volumeAnswer(c: Crossing, input: EngineInput): VolumeAnswer {
  return { calls_per_month: c.calls, tokens_per_month: c.calls ? c.calls.times(tokensPerCall(input)) : null, reason: c.reason };
}

function horizonCurve(model: StrategyModel, input: EngineInput): CostCurve {
  return sumCurves(Array.from({ length: input.horizonMonths }, (_, i) => model.curve(i + 1)));
}

/**
 * gpu: auto — each option's curve summed over the horizon. An option's step widths are the same every
 * month (price trends change only their costs), so steps add up position by position.
 */
function horizonOptions(model: StrategyModel, input: EngineInput): CostCurve[] {
  const months = Array.from({ length: input.horizonMonths }, (_, i) => model.curveOptions!(i + 1));
  return months[0]!.map((_, i) => {
    const curves = months.map((m) => m[i]!);
    const stepSum = (pick: (c: CostCurve) => CostStep | undefined): CostStep | undefined => {
      const first = pick(curves[0]!);
      return first ? { ...first, cost: sum(curves.map((c) => pick(c)!.cost)) } : undefined;
    };
    const extra = curves[0]!.extraSteps ?? [];
    return {
      fixed: sum(curves.map((c) => c.fixed)),
      perCall: sum(curves.map((c) => c.perCall)),
      step: stepSum((c) => c.step),
      ...(extra.length ? { extraSteps: extra.map((_, j) => stepSum((c) => c.extraSteps![j])!) } : {}),
    };
  });
}

function solveBreakEven(model: StrategyModel, api: { runRate: CostCurve; horizon: CostCurve }, input: EngineInput, mine: StrategyResult, theirs: StrategyResult): BreakEven {
  const options = model.curveOptions && model.runRateCurveOptions ? model.runRateCurveOptions() : null;
  const runRate = options && options.length > 1 ? solveCrossingMin(options, api.runRate) : solveCrossing(model.runRateCurve(), api.runRate);
  const tco = options && options.length > 1 ? solveCrossingMin(horizonOptions(model, input), api.horizon) : solveCrossing(horizonCurve(model, input), api.horizon);
  let cumMine = ZERO;
  let cumApi = ZERO;
  let payback: number | null = null;
  for (let i = 0; i < mine.months.length; i++) {
    cumMine = cumMine.plus(mine.months[i]!.cost);
    cumApi = cumApi.plus(theirs.months[i]!.cost);
    if (cumMine.lte(cumApi)) {
      payback = i + 1;
      break;
    }
  }
  return {
    versus: 'api',
    run_rate: volumeAnswer(runRate, input),
    tco: { ...volumeAnswer(tco, input), reason: tco.calls ? `cheaper over ${input.horizonMonths} months (one-time costs included) from this steady monthly volume on` : tco.reason },
    payback_month: payback,
    payback_reason:
      payback === null
        ? `cumulative cost stays above the API's for all ${input.horizonMonths} months`
        : payback === 1
          ? 'cumulative cost is at or below the API\'s from month 1'
          : `cumulative cost first falls to or below the API's in month ${payback}`,
    evaluations: runRate.evaluations + tco.evaluations,
  };
}

const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;

function recommend(strategies: StrategyResult[], breakEven: Report['break_even'], input: EngineInput): Recommendation | null {
  if (strategies.length === 0) return null;
  const ranked = [...strategies].sort((a, b) => a.tco.comparedTo(b.tco));
  const best = ranked[0]!;
  const reasons: string[] = [];
  const others = ranked.slice(1).map((s) => `${formatUsd(s.tco)} for ${s.id} (+${s.tco.isZero() || best.tco.isZero() ? formatUsd(s.tco.minus(best.tco)) : pct(s.tco.minus(best.tco).div(best.tco))})`);
  reasons.push(`${best.id} has the lowest ${input.horizonMonths}-month TCO: ${formatUsd(best.tco)}${others.length ? `, against ${others.join(' and ')}` : ''}.`);
  if (ranked.length === 1) reasons.push('It is the only strategy this scenario can compute.');

  const first = strategies[0]!.months[0]?.calls ?? ZERO;
  const last = strategies[0]!.months[strategies[0]!.months.length - 1]?.calls ?? ZERO;
  const sh = breakEven.self_hosted;
  if (sh) {
    const v = sh.run_rate.calls_per_month;
    reasons.push(
      v
        ? `Self-hosting's monthly run cost falls to the API's at ${formatNumber(v)} calls/month; this scenario runs ${formatNumber(first)} in month 1 and ${formatNumber(last)} in month ${input.horizonMonths}.`
        : `Self-hosting ${sh.run_rate.reason}.`,
    );
    reasons.push(sh.payback_month ? `Self-hosting pays back in month ${sh.payback_month}.` : `Self-hosting does not pay back within ${input.horizonMonths} months.`);
  }
  // What would flip the answer: against the runner-up, and against the API when it is neither.
  const rivals = [ranked[1], best.id !== 'api' ? ranked.find((s) => s.id === 'api') : undefined].filter(
    (s, i, all): s is StrategyResult => s !== undefined && all.indexOf(s) === i,
  );
  for (const rival of rivals) {
    const flip = flipByApiPrice(best, rival);
    if (flip) reasons.push(flip);
    const vol = flipByVolume(best, rival, breakEven, strategies);
    if (vol) reasons.push(vol);
  }
  const partial = strategies.filter((s) => s.lower_bound).map((s) => s.id);
  if (partial.length) reasons.push(`Some prices were not found (${partial.join(', ')}): those totals are lower bounds ("at least"), so this ranking may change once the prices are known.`);
  return { strategy: best.id, reasons };
}

/** The API token price change at which the runner-up would tie the winner (TCO is linear in it). */
function flipByApiPrice(best: StrategyResult, runnerUp: StrategyResult): string | null {
  const tokW = best.by_category.api_tokens;
  const tokR = runnerUp.by_category.api_tokens;
  if (tokW.eq(tokR)) return null;
  const otherW = best.tco.minus(tokW);
  const otherR = runnerUp.tco.minus(tokR);
  const f = otherR.minus(otherW).div(tokW.minus(tokR));
  if (f.lte(0)) return null;
  const change = f.minus(1);
  return `The answer flips to ${runnerUp.id} if API token prices ${change.isNegative() ? 'fall' : 'rise'} by ${pct(change.abs())} (to ${f.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toFixed()}× today's rates).`;
}

function flipByVolume(best: StrategyResult, runnerUp: StrategyResult, breakEven: Report['break_even'], strategies: StrategyResult[]): string | null {
  const pair = new Set<StrategyId>([best.id, runnerUp.id]);
  if (!pair.has('api')) return null;
  const other = best.id === 'api' ? runnerUp.id : best.id;
  const be = other === 'api' ? undefined : breakEven[other as 'self_hosted' | 'hybrid'];
  const v = be?.tco.calls_per_month;
  if (!v) return null;
  const months = strategies[0]!.months.length;
  const avg = strategies[0]!.total_calls.div(months);
  const ratio = avg.isZero() ? null : v.div(avg);
  const rel = ratio ? ` (${ratio.toSignificantDigits(2, Decimal.ROUND_HALF_UP).toFixed()}× this scenario's average of ${formatNumber(avg)})` : '';
  return best.id === 'api'
    ? `${other} would be cheaper over the horizon at a steady ${formatNumber(v)} calls/month or more${rel}.`
    : `api would be cheaper over the horizon if steady volume stayed below ${formatNumber(v)} calls/month${rel}.`;
}

function pricingUsed(input: EngineInput, strategies: readonly StrategyResult[] = []): PricingRowUsed[] {
  const rows: PricingRowUsed[] = [];
  if (input.api?.model) {
    const m = input.api.model;
    rows.push({ kind: 'api_model', id: m.id, as_of: m.as_of, source: m.source, file: m.origin.file });
  }
  if (input.selfHosted) {
    // gpu: auto — the options some month actually chose (the first option when none was costed).
    const chosen = new Set(strategies.flatMap((st) => st.months.map((m) => m.capacity?.choice?.chosen).filter((c): c is string => c !== undefined)));
    const all = [input.selfHosted, ...(input.selfHosted.alternatives ?? [])];
    const used = chosen.size ? all.filter((o) => chosen.has(`${o.gpu.id}/${o.price.provider}`)) : [input.selfHosted];
    for (const s of used) {
      // An unpriced GPU (--allow-missing-prices) has no price row to cite.
      if (!s.missingPrice?.onDemand) rows.push({ kind: 'gpu_price', id: `${s.gpu.id}/${s.price.provider}`, as_of: s.price.as_of, source: s.price.source, file: s.gpu.origin.file });
      rows.push({ kind: 'throughput_profile', id: `${s.profile.model}@${s.profile.gpu}/${s.profile.precision}/tp${s.profile.gpus_per_replica}`, as_of: s.profile.as_of, source: s.profile.source, file: s.profile.origin.file });
    }
    const ft = input.selfHosted.fineTuning;
    if (ft?.gpu && ft.price && !used.some((o) => o.gpu.id === ft.gpu!.id && o.price.provider === ft.price!.provider)) {
      rows.push({ kind: 'gpu_price', id: `${ft.gpu.id}/${ft.price.provider}`, as_of: ft.price.as_of, source: ft.price.source, file: ft.gpu.origin.file });
    }
    const s = input.selfHosted;
    rows.push({ kind: 'open_model', id: s.model.id, as_of: s.model.as_of, source: s.model.source, file: s.model.origin.file });
  }
  return rows;
}
