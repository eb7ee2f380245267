// The same open model, hosted: API rows that serve the self-hosted open model per token (their
// `open_model`), and the one with the lowest TCO for this workload — strategy `api_same_model`.
//
// An endpoint's TCO differs from another's only in its token bill (same workload, same overheads), and
// a token bill is linear in the month's calls at that month's rates: Σ cost-per-call(month) × calls. So
// endpoints are ranked on the API cost curve, without simulating each; the chosen one is then priced
// item by item like every strategy.
import { type Decimal, sum, ZERO } from '../money.js';
import type { ApiModel } from '../pricing/tables.js';
import { apiComponents, apiComponentsAt, apiCostPerCall, missingComponents } from './api.js';
import type { EngineApi, EngineInput } from './input.js';
import { memoOn } from './memo.js';
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
 */
export const cheapestEndpoint: (input: EngineInput) => EngineApi | null = memoOn((input: EngineInput) => {
  if (!input.selfHosted || !input.sameModelEndpoints?.length) return null;
  let best: { api: EngineApi; cost: Decimal } | null = null;
  for (const row of input.sameModelEndpoints) {
    const api = endpointApi(row, input);
    const cost = endpointTokenCost(api, input);
    if (cost && (!best || cost.lt(best.cost))) best = { api, cost };
  }
  return best?.api ?? null;
});
