// The simulation: every month of every strategy as line items, then break-even, payback and a
// recommendation. Pure: EngineInput in, Report out.
import { type Decimal, sum, ZERO } from '../money.js';
import {
  CATEGORIES,
  REPORT_SCHEMA_VERSION,
  type Assumption,
  type BreakEven,
  type Category,
  type MonthResult,
  type PricingFileUsed,
  type PricingRowUsed,
  type QualityScore,
  type Recommendation,
  type RecommendationFact,
  type Regime,
  type Report,
  type StrategyResult,
  type TrancheFact,
  type VolumeAnswer,
} from '../report/model.js';
import type { Tranche } from './commitments.js';
import { monthConvention } from './calendar.js';
import { allFactorLines, allFlips } from './flips.js';
import { regimesOf, type StrategyCurves } from './regimes.js';
import {
  solveCrossing,
  solveCrossingMin,
  type CostCurve,
  type CostStep,
  type Crossing,
  sumCurves,
} from './breakEven.js';
import type { EngineInput } from './input.js';
import { STRATEGY_LABELS, itemsOf, type ItemGroup, type StrategyModel } from './strategies.js';
import { allStrategyModels, portfolioPricingRows, portfolioVolume, withPortfolioFacts } from './portfolio.js';
import { monthlyCalls, periodOf, tokensPerCall } from './volume.js';
import { noteConversion } from '../pricing/currency.js';
import { withOwnership } from './ownershipReport.js';
import { gpuPriceRow, openModelRow, profileRow } from './pricingRows.js';
import { cheapestEndpoint } from './sameModel.js';

export interface CompareOptions {
  /** Inputs and where each came from (scenario file or default), listed in the report. */
  assumptions?: Assumption[];
  /** The pricing files the tables came from, listed in the report with their as_of ranges. */
  pricingFiles?: PricingFileUsed[];
}

export function compareEngine(input: EngineInput, options: CompareOptions = {}): Report {
  const { models, missing } = allStrategyModels(input);
  const volume = monthlyVolume(input);
  const strategies = withPortfolioFacts(
    withOwnership(
      models.map((m) => simulateStrategy(m, volume)),
      input,
      models,
    ),
    models,
    input,
  );
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
      if (m.id !== 'api') {
        breakEven[m.id] = solveBreakEven(
          m,
          apiCurves,
          input,
          strategies.find((s) => s.id === m.id)!,
          strategies.find((s) => s.id === 'api')!,
        );
      }
    }
  }
  // Items priced from the converted tables (another currency) name the rate in their source.
  if (input.currency) {
    const seen = new Map();
    for (const s of strategies) noteConversion(s.months, input.currency, seen);
  }
  const regimes = unknown.size ? null : regimesOf(models.map(runRateCurves));
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    scenario: input.name,
    currency: input.currency?.code ?? 'USD',
    ...(input.currency
      ? {
          exchange: {
            code: input.currency.code,
            per_usd: input.currency.perUsd,
            as_of: input.currency.asOf,
            source: input.currency.source,
          },
        }
      : {}),
    horizon_months: input.horizonMonths,
    days_per_month: input.daysPerMonth,
    month_convention: monthConvention(input),
    start_month: input.startMonth ?? null,
    strategies,
    missing,
    break_even: breakEven,
    recommendation: recommend(strategies, breakEven, input, regimes),
    assumptions: options.assumptions ?? [],
    pricing_used: pricingUsed(input, strategies),
    ...(options.pricingFiles ? { pricing_files: options.pricingFiles } : {}),
    ...(input.warnings?.length ? { warnings: [...input.warnings] } : {}),
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
  /** Each month's days under the calendar convention. */
  days?: readonly Decimal[] | undefined;
}

function monthlyVolume(input: EngineInput): Volume {
  // A portfolio: the classes' calls summed, and their tokens.
  const p = input.portfolio?.multiClass ? portfolioVolume(input) : undefined;
  const calls = p ? [...p.total] : monthlyCalls(input);
  const tokens = (f: (w: EngineInput['workload']) => Decimal) =>
    p
      ? calls.map((_, m) =>
          sum(input.portfolio!.classes.map((c, k) => p.classCalls[k]![m]!.times(f(c.input.workload)))),
        )
      : calls.map((c) => c.times(f(input.workload)));
  return {
    calls,
    periods: calls.map((_, i) => periodOf(input.startMonth, i + 1)),
    inputTokens: tokens((w) => w.inputTokens),
    outputTokens: tokens((w) => w.outputTokens),
    totalCalls: sum(calls),
    days: input.calendarDays,
  };
}

function simulateStrategy(model: StrategyModel, volume: Volume): StrategyResult {
  // How many months each item group appears in: a group that recurs unchanged (staff, overheads,
  // the GPU bill at one replica count) is one object, added to the category totals once × its count.
  const seen = new Map<ItemGroup, number>();
  const months: MonthResult[] = volume.calls.map((c, i) => {
    const { groups, capacity } = model.month(i + 1, c, true);
    const present = groups.filter((g) => g.items.length > 0);
    for (const g of present) seen.set(g, (seen.get(g) ?? 0) + 1);
    return {
      month: i + 1,
      period: volume.periods[i] ?? null,
      ...(volume.days ? { days: volume.days[i]! } : {}),
      calls: c,
      input_tokens: volume.inputTokens[i]!,
      output_tokens: volume.outputTokens[i]!,
      cost: sum(present.map((g) => g.cost)),
      items: itemsOf(present),
      capacity,
    };
  });
  // Reserved terms that run past the last month: horizon-level items, in the TCO and in no month.
  const after = model.afterHorizonItems?.() ?? [];
  const tco = sum([...months.map((m) => m.cost), ...after.map((it) => it.cost)]);
  const totalCalls = volume.totalCalls;
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, ZERO])) as Record<Category, Decimal>;
  for (const [g, count] of seen) {
    for (const it of g.items)
      byCategory[it.category] = byCategory[it.category].plus(count === 1 ? it.cost : it.cost.times(count));
  }
  for (const it of after) byCategory[it.category] = byCategory[it.category].plus(it.cost);
  const plan = model.reservations?.();
  const lowerBound = months.some((m) => m.items.some((it) => it.missing_price !== undefined));
  return {
    id: model.id,
    label: model.label ?? STRATEGY_LABELS[model.id] ?? model.id,
    tco,
    month1_cost: months[0]?.cost ?? ZERO,
    last_month_cost: months[months.length - 1]?.cost ?? ZERO,
    total_calls: totalCalls,
    cost_per_1k_calls: totalCalls.isZero() ? null : tco.div(totalCalls).times(1000),
    by_category: byCategory,
    months,
    ...(lowerBound ? { lower_bound: true } : {}),
    ...(after.length ? { after_horizon: after } : {}),
    ...(plan?.tranches.length ? { tranches: plan.tranches.map(trancheFact) } : {}),
  };
}

function trancheFact(t: Tranche): TrancheFact {
  return {
    kind: t.kind,
    gpu: t.gpu,
    provider: t.provider,
    commitment: t.commitment,
    start: t.start,
    end: t.end,
    term_months: t.term,
    replicas: t.replicas,
    gpus: t.gpus,
    ...(t.requested !== undefined ? { requested: t.requested } : {}),
    why: t.why,
    months_billed: t.monthsBilled,
    months_after_horizon: t.monthsAfter,
    cost_after_horizon: t.costAfter,
  };
}

/** A strategy's steady-month cost curve(s): one, or one per GPU option under gpu: auto. */
function runRateCurves(m: StrategyModel): StrategyCurves {
  const options = m.runRateCurveOptions?.();
  return { id: m.id, curves: options && options.length > 1 ? options : [m.runRateCurve()] };
}

function volumeAnswer(c: Crossing, input: EngineInput): VolumeAnswer {
  const tokens = c.calls ? c.calls.times(tokensPerCall(input)) : null;
  return { calls_per_month: c.calls, tokens_per_month: tokens, why: c.why };
}

function horizonCurve(model: StrategyModel, input: EngineInput): CostCurve {
  const months = Array.from({ length: input.horizonMonths }, (_, i) => model.curve(i + 1));
  const after = model.afterHorizonCurves?.()[0];
  return sumCurves(after ? [...months, after] : months);
}

/**
 * gpu: auto — each option's curve summed over the horizon. An option's step widths are the same every
 * month (price trends change only their costs), so steps add up position by position.
 */
function horizonOptions(model: StrategyModel, input: EngineInput): CostCurve[] {
  const months = Array.from({ length: input.horizonMonths }, (_, i) => model.curveOptions!(i + 1));
  // Reserved terms past the horizon: added per option after the months (their steps are other widths).
  const after = model.afterHorizonCurves?.() ?? [];
  if (after.some((c) => c !== null)) {
    return months[0]!.map((_, i) => {
      const a = after[i];
      return sumCurves(a ? [...months.map((m) => m[i]!), a] : months.map((m) => m[i]!));
    });
  }
  // Calendar months have steps of several widths (a replica serves more calls in a longer month).
  if (input.calendarDays) return months[0]!.map((_, i) => sumCurves(months.map((m) => m[i]!)));
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

function solveBreakEven(
  model: StrategyModel,
  api: { runRate: CostCurve; horizon: CostCurve },
  input: EngineInput,
  mine: StrategyResult,
  theirs: StrategyResult,
): BreakEven {
  const options = model.curveOptions && model.runRateCurveOptions ? model.runRateCurveOptions() : null;
  const runRate =
    options && options.length > 1
      ? solveCrossingMin(options, api.runRate)
      : solveCrossing(model.runRateCurve(), api.runRate);
  const tco =
    options && options.length > 1
      ? solveCrossingMin(horizonOptions(model, input), api.horizon)
      : solveCrossing(horizonCurve(model, input), api.horizon);
  const payback = paybackOf(mine, theirs);
  return {
    versus: 'api',
    run_rate: volumeAnswer(runRate, input),
    tco: {
      ...volumeAnswer(tco, input),
      ...(tco.calls ? { why: { kind: 'over_horizon', months: input.horizonMonths } as const } : {}),
    },
    ...payback,
    evaluations: runRate.evaluations + tco.evaluations,
  };
}

/**
 * Payback along the growth path: the first month from which cumulative cost stays at or below the
 * API's for the rest of the horizon, and, as a separate fact, the first month it merely dips to or
 * below (and when it rises above again).
 */
export function paybackOf(
  mine: StrategyResult,
  theirs: StrategyResult,
): Pick<BreakEven, 'payback_month' | 'first_below_month' | 'above_again_month'> {
  let cumMine = ZERO;
  let cumApi = ZERO;
  let firstBelow: number | null = null;
  let aboveAgain: number | null = null;
  let payback: number | null = null;
  for (let i = 0; i < mine.months.length; i++) {
    cumMine = cumMine.plus(mine.months[i]!.cost);
    cumApi = cumApi.plus(theirs.months[i]!.cost);
    const below = cumMine.lte(cumApi);
    if (below) {
      firstBelow ??= i + 1;
      payback ??= i + 1;
    } else {
      payback = null;
      if (firstBelow !== null) aboveAgain ??= i + 1;
    }
  }
  return { payback_month: payback, first_below_month: firstBelow, above_again_month: aboveAgain };
}

function recommend(
  strategies: StrategyResult[],
  breakEven: Report['break_even'],
  input: EngineInput,
  regimes: Regime[] | null,
): Recommendation | null {
  if (strategies.length === 0) return null;
  const ranked = [...strategies].sort((a, b) => a.tco.comparedTo(b.tco));
  const best = ranked[0]!;
  const facts: RecommendationFact[] = [];
  const others = ranked.slice(1).map((s) => ({ strategy: s.id, tco: s.tco }));
  facts.push({ kind: 'lowest_tco', strategy: best.id, tco: best.tco, horizon_months: input.horizonMonths, others });
  if (ranked.length === 1) facts.push({ kind: 'only_strategy' });

  const months = strategies[0]!.months;
  const sh = breakEven.self_hosted;
  if (sh) {
    facts.push({
      kind: 'run_rate_break_even',
      strategy: 'self_hosted',
      calls_per_month: sh.run_rate.calls_per_month,
      why: sh.run_rate.why,
      first_month_calls: months[0]?.calls ?? ZERO,
      last_month_calls: months[months.length - 1]?.calls ?? ZERO,
      horizon_months: input.horizonMonths,
    });
    facts.push({
      kind: 'payback',
      strategy: 'self_hosted',
      payback_month: sh.payback_month,
      first_below_month: sh.first_below_month,
      above_again_month: sh.above_again_month,
      horizon_months: input.horizonMonths,
    });
  }
  // What would flip the answer: the nearest breakpoints of the lower envelope, against every strategy.
  const flips = allFlips(strategies, best.id);
  for (const flip of flips) facts.push({ kind: 'flip', flip });
  const vol = volumeFact(best, ranked, breakEven, strategies);
  if (vol) facts.push(vol);
  if (regimes && regimes.length > 1) facts.push({ kind: 'regimes', regimes });
  const sameModel = sameModelHosted(input, strategies);
  if (sameModel) facts.push(sameModel);
  // Different models on the two sides: the saving may come from the model, not from who runs it.
  const apiModel = input.api?.id;
  const openModel = input.selfHosted?.model.id;
  if (apiModel && openModel && apiModel !== openModel && strategies.length > 1) {
    const hybrid = strategies.some((s) => s.id === 'hybrid');
    const quality = (row: { quality?: QualityScore | undefined } | null | undefined) => row?.quality ?? null;
    facts.push({
      kind: 'different_models',
      api_model: apiModel,
      open_model: openModel,
      hybrid,
      ...(strategies.some((s) => s.id === 'api_same_model') ? { api_same_model: true } : {}),
      api_quality: quality(input.api?.model),
      open_quality: quality(input.selfHosted?.model),
    });
  }
  const partial = strategies.filter((s) => s.lower_bound).map((s) => s.id);
  if (partial.length) facts.push({ kind: 'lower_bounds', strategies: partial });
  return { strategy: best.id, facts, flips, factor_lines: allFactorLines(strategies), regimes };
}

/**
 * The two decisions apart: which model (the API model against the open model, both per token) and who
 * runs it (the hosted endpoint against self-hosting), from strategy api_same_model — the cheapest
 * endpoint serving the self-hosted model (engine/sameModel.ts), priced like every strategy.
 */
function sameModelHosted(input: EngineInput, strategies: StrategyResult[]): RecommendationFact | null {
  const sh = strategies.find((s) => s.id === 'self_hosted');
  if (input.portfolio?.multiClass) return null; // the endpoint is priced for one workload
  const same = strategies.find((s) => s.id === 'api_same_model');
  const endpoint = cheapestEndpoint(input);
  if (!input.selfHosted || !sh || sh.lower_bound || !same || same.lower_bound || !endpoint) return null;
  const apiResult = strategies.find((s) => s.id === 'api');
  return {
    kind: 'same_model_hosted',
    open_model: input.selfHosted.model.id,
    endpoint: endpoint.id,
    endpoint_tco: same.tco,
    self_hosted_tco: sh.tco,
    api_model: input.api?.id ?? null,
    api_tco: apiResult && !apiResult.lower_bound ? apiResult.tco : null,
    horizon_months: input.horizonMonths,
  };
}

/** Over the horizon, the steady volume at which the API and the winner (or the API's runner-up) swap. */
function volumeFact(
  best: StrategyResult,
  ranked: StrategyResult[],
  breakEven: Report['break_even'],
  strategies: StrategyResult[],
): RecommendationFact | null {
  const rival = best.id === 'api' ? ranked[1] : ranked.find((s) => s.id === 'api');
  if (!rival) return null;
  const other = best.id === 'api' ? rival.id : best.id;
  const be = other === 'api' ? undefined : breakEven[other as 'self_hosted' | 'hybrid'];
  const v = be?.tco.calls_per_month;
  // 0: cheaper at any volume — no volume below which the API would be.
  if (!v || v.isZero()) return null;
  const months = strategies[0]!.months.length;
  const average = strategies[0]!.total_calls.div(months);
  return {
    kind: 'horizon_volume',
    strategy: other,
    winner: best.id,
    calls_per_month: v,
    average_calls_per_month: average,
  };
}

function pricingUsed(input: EngineInput, strategies: readonly StrategyResult[] = []): PricingRowUsed[] {
  const rows: PricingRowUsed[] = [];
  if (input.api?.model) {
    const m = input.api.model;
    rows.push({ kind: 'api_model', id: m.id, as_of: m.as_of, source: m.source, file: m.origin.file });
  }
  // (Asked only when the strategy is there: a portfolio of several classes has none to search for.)
  const endpoint = strategies.some((s) => s.id === 'api_same_model') ? cheapestEndpoint(input)?.model : undefined;
  if (endpoint) {
    rows.push({
      kind: 'api_model',
      id: endpoint.id,
      as_of: endpoint.as_of,
      source: endpoint.source,
      file: endpoint.origin.file,
    });
  }
  if (input.selfHosted) {
    // gpu: auto — the options some month actually chose (the first option when none was costed).
    const chosen = new Set(
      strategies.flatMap((st) =>
        st.months.map((m) => m.capacity?.choice?.chosen).filter((c): c is string => c !== undefined),
      ),
    );
    const all = [input.selfHosted, ...(input.selfHosted.alternatives ?? [])];
    const used = chosen.size ? all.filter((o) => chosen.has(`${o.gpu.id}/${o.price.provider}`)) : [input.selfHosted];
    for (const s of used) {
      // An unpriced GPU (--allow-missing-prices) has no price row to cite.
      if (!s.missingPrice?.onDemand) rows.push(gpuPriceRow(s.gpu, s.price));
      rows.push(profileRow(s.profile));
    }
    const ft = input.selfHosted.fineTuning;
    if (ft?.gpu && ft.price && !used.some((o) => o.gpu.id === ft.gpu!.id && o.price.provider === ft.price!.provider)) {
      rows.push(gpuPriceRow(ft.gpu, ft.price));
    }
    rows.push(openModelRow(input.selfHosted.model));
  }
  // A portfolio's other targets, each row once.
  const seen = new Set(rows.map((r) => `${r.kind}|${r.id}`));
  for (const r of portfolioPricingRows(input)) {
    if (seen.has(`${r.kind}|${r.id}`)) continue;
    seen.add(`${r.kind}|${r.id}`);
    rows.push(r);
  }
  return rows;
}
