// The same open model, hosted: API rows that serve the self-hosted open model per token (their
// `open_model`), and the one with the lowest TCO for this workload — strategy `api_same_model`.
//
// An endpoint's TCO differs from another's only in its token bill (same workload, same overheads), and
// a token bill is linear in the month's calls at that month's rates: Σ cost-per-call(month) × calls. So
// endpoints are ranked on the API cost curve, without simulating each; the chosen one is then priced
// item by item like every strategy.
import { Decimal, sum, ZERO } from '../money.js';
import { TOKENS_PER_MILLION } from '../vocabulary.js';
import type { ApiModel } from '../pricing/tables.js';
import { apiComponents, apiComponentsAt, apiCostPerCall, missingComponents } from './api.js';
import type { EngineApi, EngineInput } from './input.js';
import { memoOn } from './memo.js';
import { TRENDED_PRICE_DECIMALS, trendFactor } from './trends.js';
import { monthlyCalls } from './volume.js';

/** An endpoint row as the api side of a strategy: standard list rates (no batch, flex, priority or discount). */
export function endpointApi(row: ApiModel, input: EngineInput): EngineApi {
  return {
    id: row.id,
    provider: row.provider,
    model: row,
    batchShare: ZERO,
    flexShare: ZERO,
    priorityShare: ZERO,
    cacheTtl: input.api?.cacheTtl ?? '5m',
    ...(input.api?.priceChangePerYear ? { priceChangePerYear: input.api.priceChangePerYear } : {}),
  };
}

/** Token cost of the whole path on an endpoint: Σ over months of cost per call × calls (exact, unrounded). */
export function endpointTokenCost(api: EngineApi, input: EngineInput): Decimal | null {
  const components = apiComponents(api, input.workload);
  // An endpoint without a rate the workload needs is left out rather than priced low.
  if (missingComponents(components).length) return null;
  const calls = monthlyCalls(input);
  const trend = api.priceChangePerYear && !api.priceChangePerYear.isZero();
  if (!trend) return apiCostPerCall(components).times(sum(calls));
  return sum(calls.map((c, i) => apiCostPerCall(apiComponentsAt(components, api, i + 1)).times(c)));
}

/**
 * The endpoint with the lowest TCO for this workload among those that fit (resolve keeps only rows
 * whose context takes the workload's input); ties keep id order. Null without a self-hosted model or
 * an endpoint serving it.
 *
 * Ranked without working out every endpoint's whole bill when the answer is plain. Without a price
 * trend an endpoint's bill is its cost per call × the path's calls, so the order is that of the cost
 * per call. With a trend, month m's rates are today's × f(m), each rounded to $0.000001 per 1M tokens,
 * so a month's cost per call is within δ = ½ × 10⁻⁶ × tokens ÷ 10⁶ of f(m) × today's; the bill is then
 * within δ × Σ calls of today's cost per call × Σ f(m) × calls(m). Only the endpoints whose lowest
 * possible bill reaches the lowest highest possible one are priced month by month to decide. The same
 * answer as pricing every endpoint (a test holds the two to each other), with far less arithmetic —
 * which the analyses also record and run for every trial.
 */
export const cheapestEndpoint: (input: EngineInput) => EngineApi | null = memoOn((input: EngineInput) => {
  if (!input.selfHosted || !input.sameModelEndpoints?.length) return null;
  const priced = input.sameModelEndpoints.flatMap((row) => {
    const api = endpointApi(row, input);
    const components = apiComponents(api, input.workload);
    // An endpoint without a rate the workload needs is left out rather than priced low.
    return missingComponents(components).length ? [] : [{ api, components, perCall: apiCostPerCall(components) }];
  });
  if (!priced.length) return null;
  const calls = monthlyCalls(input);
  const totalCalls = sum(calls);
  const change = input.api?.priceChangePerYear;
  if (!change || change.isZero()) {
    // Σ calls × per call: the order of the cost per call (every bill ties at no calls: the first).
    if (totalCalls.isZero()) return priced[0]!.api;
    return priced.reduce((best, e) => (e.perCall.lt(best.perCall) ? e : best)).api;
  }
  const weighted = sum(calls.map((c, i) => trendFactor(change, i + 1).times(c)));
  // Half a unit of a trended price's last kept decimal ($ per 1M tokens), per token: the most rounding moves it.
  const halfUnit = new Decimal(`5e-${TRENDED_PRICE_DECIMALS + 1}`).div(TOKENS_PER_MILLION);
  const bounds = priced.map((e) => {
    const tokens = sum(e.components.map((c) => (c.ratePer1M ? c.tokensPerCall : ZERO)));
    const slack = tokens.times(halfUnit).times(totalCalls);
    const central = e.perCall.times(weighted);
    return { e, low: central.minus(slack), high: central.plus(slack) };
  });
  const lowestHigh = bounds.reduce((m, b) => (b.high.lt(m) ? b.high : m), bounds[0]!.high);
  const close = bounds.filter((b) => b.low.lte(lowestHigh));
  if (close.length === 1) return close[0]!.e.api;
  let best: { api: EngineApi; cost: Decimal } | null = null;
  for (const { e } of close) {
    const cost = endpointTokenCost(e.api, input)!;
    if (!best || cost.lt(best.cost)) best = { api: e.api, cost };
  }
  return best!.api;
});
