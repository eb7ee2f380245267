// The three strategies as data: for each, what a month costs at a given volume, and the same as a
// cost curve (fixed + per call + replica steps) that the break-even solver can reason about exactly.
import { Decimal, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, LineItem } from '../report/model.js';
import type { StrategyId } from '../scenario/schema.js';
import { apiComponents, apiCostPerCall, apiItems, type ApiComponent } from './api.js';
import type { CostCurve } from './breakEven.js';
import type { EngineInput } from './input.js';
import { overheadItems } from './overheads.js';
import { callsPerReplicaMonth, capacityModel, fineTuningRunRate, gpuItems, isFineTuningMonth, replicaMonthCost, selfHostedFixedItems } from './selfHosted.js';

export const STRATEGY_LABELS: Record<StrategyId, string> = {
  api: 'Hosted API',
  self_hosted: 'Self-hosted',
  hybrid: 'Hybrid',
};

/** The calls each side of a strategy serves: the API share and the self-hosted share. */
interface Split {
  api: Decimal;
  selfHosted: Decimal;
}

export interface StrategyModel {
  id: StrategyId;
  split(calls: Decimal): Split;
  month(month: number, calls: Decimal): { items: LineItem[]; capacity: CapacityFacts | null };
  /** Cost of month `month` as a function of its calls. */
  curve(month: number): CostCurve;
  /** A steady month's run rate: recurring costs only, periodic ones spread evenly. */
  runRateCurve(): CostCurve;
}

export function strategyModels(input: EngineInput): { models: StrategyModel[]; missing: Array<{ id: StrategyId; reason: string }> } {
  const models: StrategyModel[] = [];
  const missing: Array<{ id: StrategyId; reason: string }> = [];
  const components = input.api ? apiComponents(input.api, input.workload) : [];

  if (input.api) models.push(build('api', input, components, () => ({ api: ONE, selfHosted: ZERO })));
  else missing.push({ id: 'api', reason: 'the scenario has no `api:` block' });

  if (input.selfHosted) models.push(build('self_hosted', input, components, () => ({ api: ZERO, selfHosted: ONE })));
  else missing.push({ id: 'self_hosted', reason: 'the scenario has no `self_hosted:` block' });

  if (input.hybrid) {
    const s = input.hybrid.selfHostedShare;
    models.push(build('hybrid', input, components, () => ({ api: ONE.minus(s), selfHosted: s })));
  } else {
    missing.push({
      id: 'hybrid',
      reason: !input.api || !input.selfHosted ? 'hybrid needs both an `api:` and a `self_hosted:` block' : 'the scenario has no `hybrid:` block (set hybrid.self_hosted_share)',
    });
  }
  return { models, missing };
}

function build(id: StrategyId, input: EngineInput, components: readonly ApiComponent[], shares: () => Split): StrategyModel {
  const share = shares();
  const usesApi = !share.api.isZero();
  const sh = share.selfHosted.isZero() ? undefined : input.selfHosted;
  // Volume-independent items differ between months only in month 1 (one-time overheads) and in
  // fine-tuning months (selfHostedFixedItems, overheadItems): each kind of month is priced once and
  // its items (immutable) are shared. The month() items and curve() costs stay exactly as before.
  const fixedByKind = new Map<string, { items: LineItem[]; cost: Decimal }>();
  const fixed = (month: number) => {
    const kind = `${month === 1}/${sh?.fineTuning ? isFineTuningMonth(sh.fineTuning.everyMonths, month) : false}`;
    let f = fixedByKind.get(kind);
    if (!f) {
      const items = [...(sh ? selfHostedFixedItems(sh, month) : []), ...overheadItems(input.overheads, id, month)];
      f = { items, cost: sum(items.map((i) => i.cost)) };
      fixedByKind.set(kind, f);
    }
    return f;
  };
  const fixedItems = (month: number): LineItem[] => fixed(month).items;
  const perCall = usesApi ? apiCostPerCall(components).times(share.api) : ZERO;
  const step = sh
    ? { cost: replicaMonthCost(sh, input), callsPerStep: callsPerReplicaMonth(sh, input).div(share.selfHosted), minSteps: sh.minReplicas }
    : undefined;
  const capacityOf = sh ? capacityModel(sh, input) : undefined;
  // GPU items depend only on the replica count, which stays put for months on end.
  const gpuByReplicas = new Map<number, LineItem[]>();

  return {
    id,
    split: (calls) => ({ api: calls.times(share.api), selfHosted: calls.times(share.selfHosted) }),
    month(month, calls) {
      // × 1 is skipped for the pure strategies: it returns the same digits.
      const apiCalls = share.api.eq(ONE) ? calls : calls.times(share.api);
      const capacity = sh && capacityOf ? capacityOf(share.selfHosted.eq(ONE) ? calls : calls.times(share.selfHosted)) : null;
      let gpu: LineItem[] = [];
      if (sh && capacity) {
        gpu = gpuByReplicas.get(capacity.replicas) ?? gpuItems(sh, input, capacity);
        gpuByReplicas.set(capacity.replicas, gpu);
      }
      const items = [...(usesApi ? apiItems(components, apiCalls) : []), ...gpu, ...fixedItems(month)];
      return { items, capacity };
    },
    curve(month) {
      return { fixed: fixed(month).cost, perCall, step };
    },
    runRateCurve() {
      const recurring = fixedItems(2).filter((i) => i.category !== 'one_time' && i.category !== 'fine_tuning');
      return { fixed: sum(recurring.map((i) => i.cost)).plus(sh ? fineTuningRunRate(sh) : ZERO), perCall, step };
    },
  };
}
