// The three strategies as data: for each, what a month costs at a given volume, and the same as a
// cost curve (fixed + per call + replica steps) that the break-even solver can reason about exactly.
import { Decimal, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, LineItem } from '../report/model.js';
import type { StrategyId } from '../scenario/schema.js';
import { apiComponents, apiComponentsAt, apiCostPerCall, apiItems, type ApiComponent } from './api.js';
import type { CostCurve } from './breakEven.js';
import type { EngineInput } from './input.js';
import { overheadItems } from './overheads.js';
import { capacityFor, fineTuningRunRate, gpuCurve, gpuItems, selfHostedFixedItems } from './selfHosted.js';

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
  /** Cost of month `month` as a function of its calls (under gpu: auto, of the first option only: see curveOptions). */
  curve(month: number): CostCurve;
  /** A steady month's run rate at month-1 (today's) prices: recurring costs only, periodic ones spread evenly. */
  runRateCurve(): CostCurve;
  /** gpu: auto — one curve per (GPU, provider) option; the month costs their minimum. */
  curveOptions?(month: number): CostCurve[];
  runRateCurveOptions?(): CostCurve[];
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
  // Each of these is asked for by the month's items and again by its cost curves (break-even and
  // the horizon sums): worked out once per month. Line items are immutable, so sharing them is safe.
  const fixedItems = memoByMonth((month): LineItem[] => [...(sh ? selfHostedFixedItems(sh, month) : []), ...overheadItems(input.overheads, id, month)]);
  const fixedCost = memoByMonth((month) => sum(fixedItems(month).map((i) => i.cost)));
  // Price trends make the per-call price and the replica cost depend on the month.
  const monthComponents = memoByMonth((month) => (usesApi && input.api ? apiComponentsAt(components, input.api, month) : []));
  const perCallAt = memoByMonth((month) => (usesApi ? apiCostPerCall(monthComponents(month), input.api?.discount).times(share.api) : ZERO));
  // GPU bill as a curve: reserved replicas are a fixed part, every billing term a replica step.
  // gpu: auto has one such curve per (GPU, provider) option and pays the cheapest each month.
  const options = sh ? [sh, ...(sh.alternatives ?? [])] : [];
  const curvesWith = (month: number, fixed: Decimal, perCall: Decimal): CostCurve[] => {
    if (!options.length) return [{ fixed, perCall }];
    return options.map((o) => {
      const g = gpuCurve(o, input, share.selfHosted, month);
      const [step, ...extraSteps] = g.steps;
      return { fixed: fixed.plus(g.fixed), perCall, step, ...(extraSteps.length ? { extraSteps } : {}) };
    });
  };
  const runRateFixed = (): Decimal => {
    const recurring = fixedItems(2).filter((i) => i.category !== 'one_time' && i.category !== 'fine_tuning');
    return sum(recurring.map((i) => i.cost)).plus(sh ? fineTuningRunRate(sh) : ZERO);
  };

  return {
    id,
    split: (calls) => ({ api: calls.times(share.api), selfHosted: calls.times(share.selfHosted) }),
    month(month, calls) {
      const apiCalls = calls.times(share.api);
      let capacity: CapacityFacts | null = null;
      let gpu: LineItem[] = [];
      if (sh) {
        const priced = options.map((o) => {
          const cap = capacityFor(o, input, calls.times(share.selfHosted));
          const items = gpuItems(o, input, cap, month);
          return { o, cap, items, cost: sum(items.map((i) => i.cost)) };
        });
        // Cheapest first; ties keep the table order (GPU id, then provider), so the choice is stable.
        const ranked = priced.map((p, i) => ({ ...p, i })).sort((a, b) => a.cost.comparedTo(b.cost) || a.i - b.i);
        const best = ranked[0]!;
        const second = ranked[1];
        capacity = best.cap;
        gpu = best.items;
        if (options.length > 1) {
          capacity = {
            ...best.cap,
            choice: {
              chosen: `${best.o.gpu.id}/${best.o.price.provider}`,
              chosen_cost: best.cost,
              runner_up: second ? `${second.o.gpu.id}/${second.o.price.provider}` : null,
              runner_up_cost: second ? second.cost : null,
            },
          };
        }
      }
      const items = [...(usesApi ? apiItems(monthComponents(month), apiCalls, input.api?.discount) : []), ...gpu, ...fixedItems(month)];
      return { items, capacity };
    },
    curve(month) {
      return curvesWith(month, fixedCost(month), perCallAt(month))[0]!;
    },
    runRateCurve() {
      return curvesWith(1, runRateFixed(), perCallAt(1))[0]!;
    },
    curveOptions(month) {
      return curvesWith(month, fixedCost(month), perCallAt(month));
    },
    runRateCurveOptions() {
      return curvesWith(1, runRateFixed(), perCallAt(1));
    },
  };
}

/** A function of the month, computed once per month. */
function memoByMonth<T>(f: (month: number) => T): (month: number) => T {
  const cache = new Map<number, T>();
  return (month) => {
    let v = cache.get(month);
    if (v === undefined) {
      v = f(month);
      cache.set(month, v);
    }
    return v;
  };
}
