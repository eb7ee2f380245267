// The strategies as data (STRATEGY_DEFS): for each, what a month costs at a given volume, and the same as a
// cost curve (fixed + per call + replica steps) that the break-even solver can reason about exactly.
import { type Decimal, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, OwnershipFacts, StrategyResult } from '../report/model.js';
import type { LineItem, StrategyId } from '../vocabulary.js';
import { apiComponents, apiComponentsAt, apiCostPerCall, apiItems, type ApiComponent } from './api.js';
import type { CostCurve } from './breakEven.js';
import type { EngineApi, EngineInput, EngineSelfHosted } from './input.js';
import { cheapestEndpoint } from './sameModel.js';
import { monthInput } from './calendar.js';
import { memoLast, memoOn } from './memo.js';
import { overheadItems } from './overheads.js';
import { ownedCurvePart, ownedItems } from './owned.js';
import {
  afterHorizonCurve,
  capacityFor,
  fineTuningRunRate,
  gpuCurve,
  gpuItems,
  selfHostedFixedItems,
  type Committed,
  type GpuCurve,
} from './selfHosted.js';
import { reservationPlan, type ReservationPlan, type Tranche } from './commitments.js';
import { lineItem, pricingSource } from './items.js';
import { monthlyCalls } from './volume.js';

export const STRATEGY_LABELS: Readonly<Record<string, string>> = {
  api: 'Hosted API',
  self_hosted: 'Self-hosted',
  hybrid: 'Hybrid',
  api_same_model: 'Same model, hosted API',
};

/** The calls each side of a strategy serves: the API share and the self-hosted share. */
interface Split {
  api: Decimal;
  selfHosted: Decimal;
}

/**
 * Line items that bill together, with their exact sum. Groups that recur unchanged month after month
 * (staff, overheads, the GPU bill at the same replica count) are one shared object, so their sum is
 * worked out once and a horizon total can count them instead of adding them up again each month.
 */
export interface ItemGroup {
  items: readonly LineItem[];
  cost: Decimal;
}

const group = (items: readonly LineItem[]): ItemGroup => ({ items, cost: sum(items.map((i) => i.cost)) });

/** The group of an items array that recurs (fixed items, a GPU bill), made once per array. */
const groupOf = memoOn(group);

/** The concatenation of two groups, made once per pair (a month's fixed items: self-hosted + overheads). */
const joined = memoOn((a: ItemGroup) =>
  memoOn(
    (b: ItemGroup): ItemGroup =>
      a.items.length === 0
        ? b
        : b.items.length === 0
          ? a
          : { items: [...a.items, ...b.items], cost: a.cost.plus(b.cost) },
  ),
);

/** No items; ZERO read at the call (a FastDecimal in fast arithmetic, see money.ts). */
const noItems = (): ItemGroup => ({ items: [], cost: ZERO });

/** Rented GPU-hours (owned_replicas' burst) and the owned fleet's items of a month, as one group. */
const ownedGroup = (rented: readonly LineItem[], owned: readonly LineItem[]): ItemGroup => group([...rented, ...owned]);

/** A month's items in report order. */
export function itemsOf(groups: readonly ItemGroup[]): LineItem[] {
  const items: LineItem[] = [];
  for (const g of groups) for (const it of g.items) items.push(it); // (flatMap is several times slower in V8)
  return items;
}

export interface StrategyModel {
  id: StrategyId;
  /** How reports name it, when not the built-in label (a portfolio's own). */
  label?: string | undefined;
  split(calls: Decimal): Split;
  /**
   * The month's items in groups (the API bill, the GPU bill, the fixed costs), in report order. At a
   * steady volume of `calls`, or, `onPath`, as month `month` of the scenario's own volume path
   * (`calls` is then that month's): capacity bought for a term is what the path has bought so far.
   */
  month(month: number, calls: Decimal, onPath?: boolean): { groups: ItemGroup[]; capacity: CapacityFacts | null };
  /** Reserved capacity along the path, tranche by tranche (null when nothing is bought for a term). */
  reservations?(): ReservationPlan | null;
  /** What the path's reserved terms owe after the horizon: one item per tranche, in no month. */
  afterHorizonItems?(): LineItem[];
  /** A portfolio's owned fleet, stated beside its result (engine/ownershipReport.ts); undefined: none. */
  ownership?(result: StrategyResult, api: StrategyResult | undefined): OwnershipFacts | undefined;
  /** A steady volume's commitments after the horizon, as a cost curve per option (null: none). */
  afterHorizonCurves?(): Array<CostCurve | null>;
  /** Cost of month `month` as a function of its calls (under gpu: auto, of the first option only: see curveOptions). */
  curve(month: number): CostCurve;
  /** A steady month's run rate at month-1 (today's) prices: recurring costs only, periodic ones spread evenly. */
  runRateCurve(): CostCurve;
  /** gpu: auto — one curve per (GPU, provider) option; the month costs their minimum. */
  curveOptions?(month: number): CostCurve[];
  runRateCurveOptions?(): CostCurve[];
}

/** The calls each side of a strategy serves, and the input it is priced on. */
interface StrategyPlan {
  input: EngineInput;
  share: Split;
}

/**
 * The strategies as data, in report order: each says what it is priced on, or why it cannot be
 * computed (null: not listed, for a strategy that exists only when the tables offer it).
 */
const STRATEGY_DEFS: ReadonlyArray<{
  id: StrategyId;
  plan(input: EngineInput): StrategyPlan | string | null;
  /** Listed or left out, never reported missing (its plan is never a reason). */
  neverMissing?: true;
}> = [
  {
    id: 'api',
    plan: (input) =>
      input.api ? { input, share: { api: ONE, selfHosted: ZERO } } : 'the scenario has no `api:` block',
  },
  {
    id: 'self_hosted',
    plan: (input) =>
      input.selfHosted ? { input, share: { api: ZERO, selfHosted: ONE } } : 'the scenario has no `self_hosted:` block',
  },
  {
    id: 'hybrid',
    plan: (input) => {
      if (input.hybrid) {
        const s = input.hybrid.selfHostedShare;
        return { input, share: { api: ONE.minus(s), selfHosted: s } };
      }
      return !input.api || !input.selfHosted
        ? 'hybrid needs both an `api:` and a `self_hosted:` block'
        : 'the scenario has no `hybrid:` block (set hybrid.self_hosted_share)';
    },
  },
  {
    // The self-hosted open model bought per token from the cheapest endpoint that serves it.
    id: 'api_same_model',
    neverMissing: true,
    plan: (input) => {
      const api = cheapestEndpoint(input);
      return api ? { input: sameModelInput(input, api), share: { api: ONE, selfHosted: ZERO } } : null;
    },
  },
];

/**
 * Why the built-in strategies the input cannot price are not computed: strategyModels' `missing`,
 * without building a model (a portfolio of several classes prices its own api, self_hosted and
 * hybrid, and has no api_same_model: the search for its endpoint would be wasted).
 */
export function missingStrategies(input: EngineInput): Array<{ id: StrategyId; reason: string }> {
  const missing: Array<{ id: StrategyId; reason: string }> = [];
  for (const def of STRATEGY_DEFS) {
    if (def.neverMissing) continue;
    const plan = def.plan(input);
    if (typeof plan === 'string') missing.push({ id: def.id, reason: plan });
  }
  return missing;
}

/** The input of api_same_model: the endpoint as the api side, no self-hosted side. */
const sameModelInput = (input: EngineInput, api: EngineApi): EngineInput => ({
  ...input,
  api,
  selfHosted: undefined,
  hybrid: undefined,
});

export function strategyModels(input: EngineInput): {
  models: StrategyModel[];
  missing: Array<{ id: StrategyId; reason: string }>;
} {
  const models: StrategyModel[] = [];
  const missing: Array<{ id: StrategyId; reason: string }> = [];
  for (const def of STRATEGY_DEFS) {
    const plan = def.plan(input);
    if (plan === null) continue;
    if (typeof plan === 'string') missing.push({ id: def.id, reason: plan });
    else models.push(build(def.id, plan.input, componentsOf(plan.input), () => plan.share));
  }
  return { models, missing };
}

/** The API components of an input's api side, once per input. */
const componentsOf = memoOn((input: EngineInput): readonly ApiComponent[] =>
  input.api ? apiComponents(input.api, input.workload) : [],
);

function build(
  id: StrategyId,
  input: EngineInput,
  components: readonly ApiComponent[],
  shares: () => Split,
): StrategyModel {
  const share = shares();
  const usesApi = !share.api.isZero();
  const sh = share.selfHosted.isZero() ? undefined : input.selfHosted;
  // Each of these is asked for by the month's items and again by its cost curves (break-even and
  // the horizon sums): worked out once per month. Line items are immutable, so sharing them is safe.
  const fixed = memoByMonth(
    (month): ItemGroup =>
      joined(sh ? groupOf(selfHostedFixedItems(sh, month)) : noItems())(
        groupOf(overheadItems(input.overheads, id, month)),
      ),
  );
  const fixedItems = (month: number): readonly LineItem[] => fixed(month).items;
  const fixedCost = (month: number): Decimal => fixed(month).cost;
  // Price trends make the per-call price and the replica cost depend on the month; without one,
  // every month has the same components (one array) and so one cost per call.
  const monthComponents = memoByMonth((month): readonly ApiComponent[] =>
    usesApi && input.api ? apiComponentsAt(components, input.api, month) : [],
  );
  const perCallOf = memoOn((c: readonly ApiComponent[]) =>
    usesApi ? apiCostPerCall(c, input.api?.discount).times(share.api) : ZERO,
  );
  const perCallAt = (month: number): Decimal => perCallOf(monthComponents(month));
  // GPU bill as a curve: reserved replicas are a fixed part, every billing term a replica step.
  // gpu: auto has one such curve per (GPU, provider) option and pays the cheapest each month.
  const options = sh ? [sh, ...(sh.alternatives ?? [])] : [];
  // One curve object per distinct (fixed cost, cost per call, GPU curve): months that cost the same
  // share it, and a horizon sum counts it instead of adding it again (sumCurves).
  const linearCurve = memoOn((fixed: Decimal) => memoOn((perCall: Decimal): CostCurve => ({ fixed, perCall })));
  const steppedCurve = memoOn((fixed: Decimal) =>
    memoOn((perCall: Decimal) =>
      memoOn((g: GpuCurve): CostCurve => {
        const [step, ...extraSteps] = g.steps;
        return { fixed: fixed.plus(g.fixed), perCall, step, ...(extraSteps.length ? { extraSteps } : {}) };
      }),
    ),
  );
  // `days` is the input with the month's days: the month's own under calendar months, the average
  // month for a steady month's run rate. `runRate`: owned GPUs' costs as a steady month's.
  const curvesWith = (
    month: number,
    fixed: Decimal,
    perCall: Decimal,
    days: EngineInput = monthInput(input, month),
    runRate = false,
  ): CostCurve[] => {
    if (!options.length) return [linearCurve(fixed)(perCall)];
    return options.map((o) => {
      const c = steppedCurve(fixed)(perCall)(gpuCurve(o, days, share.selfHosted, month));
      return o.owned ? withOwned(c, o, month, runRate) : c;
    });
  };
  // Owned GPUs: their month's capital or depreciation, upkeep and idle energy ride on the replica step
  // (commitment: owned) or the fixed part (owned_replicas); busy energy on the cost per call.
  const withOwned = (c: CostCurve, o: EngineSelfHosted, month: number, runRate: boolean): CostCurve => {
    const p = ownedCurvePart(o, input, share.selfHosted, month, runRate);
    const step = c.step && !p.perReplica.isZero() ? { ...c.step, cost: c.step.cost.plus(p.perReplica) } : c.step;
    return { ...c, fixed: c.fixed.plus(p.fixed), perCall: c.perCall.plus(p.perCall), step };
  };
  const runRateFixed = (): Decimal => {
    const recurring = fixedItems(2).filter((i) => i.category !== 'one_time' && i.category !== 'fine_tuning');
    return sum(recurring.map((i) => i.cost)).plus(sh ? fineTuningRunRate(sh) : ZERO);
  };

  // Each side's calls, its API items and each option's capacity: once per distinct volume (a flat
  // stretch of months passes the same calls object: see monthlyCalls).
  const apiCallsOf = memoLast((calls: Decimal) => (share.api === ONE ? calls : calls.times(share.api)));
  const shCallsOf = memoLast((calls: Decimal) => (share.selfHosted === ONE ? calls : calls.times(share.selfHosted)));
  const apiGroup = memoOn((c: readonly ApiComponent[]) =>
    memoLast((apiCalls: Decimal): ItemGroup => {
      const items = apiItems(c, apiCalls, input.api?.discount);
      return items.length ? group(items) : noItems();
    }),
  );
  const capacityOf = memoOn((o: EngineSelfHosted) =>
    memoOn((days: EngineInput) => memoLast((shCalls: Decimal) => capacityFor(o, days, shCalls))),
  );

  // One option's GPU bill of a month: capacity, items and cost (a steady volume unless `committed`).
  const pricedOption = (o: EngineSelfHosted, month: number, shCalls: Decimal, committed?: Committed) => {
    const days = monthInput(input, month);
    const cap = capacityOf(o)(days)(shCalls);
    const rented = gpuItems(o, days, cap, month, committed);
    const owned = o.owned ? ownedItems(o, days, share.selfHosted, month, cap) : undefined;
    const group = owned ? ownedGroup(rented, owned) : groupOf(rented);
    return { o, cap, group, cost: group.cost };
  };
  // Capacity bought for a term along the scenario's path: worked out once, when first asked.
  let plan: ReservationPlan | null | undefined;
  const reservations = (): ReservationPlan | null => {
    if (plan !== undefined) return plan;
    const path = monthlyCalls(input);
    const callsAt = (m: number) => shCallsOf(path[m - 1]!);
    plan = reservationPlan(
      options,
      input,
      (i, m) => capacityOf(options[i]!)(monthInput(input, m))(callsAt(m)).replicas,
      (i, m) => pricedOption(options[i]!, m, callsAt(m)).cost,
    );
    return plan;
  };

  return {
    id,
    split: (calls) => ({ api: calls.times(share.api), selfHosted: calls.times(share.selfHosted) }),
    reservations: () => (sh ? reservations() : null),
    afterHorizonItems: () => {
      const p = sh ? reservations() : null;
      return p ? p.tranches.filter((t) => !t.costAfter.isZero()).map((t) => afterItem(options[t.option]!, t)) : [];
    },
    afterHorizonCurves: () =>
      options.map((o) => {
        const g = afterHorizonCurve(o, input, share.selfHosted);
        if (!g) return null;
        const [step, ...extraSteps] = g.steps;
        return { fixed: g.fixed, perCall: ZERO, step, ...(extraSteps.length ? { extraSteps } : {}) };
      }),
    month(month, calls, onPath = false) {
      let capacity: CapacityFacts | null = null;
      let gpu = noItems();
      if (sh) {
        const shCalls = shCallsOf(calls);
        const p = onPath ? reservations() : null;
        const pm = p?.months[month - 1];
        const priced = options.map((o, i) =>
          pricedOption(o, month, shCalls, pm && pm.option === i ? committedOf(p!, i, month, pm.held) : undefined),
        );
        // Cheapest first; ties keep the table order (GPU id, then provider), so the choice is stable.
        // Live reservations keep their option (gpu: auto): the path's plan says which.
        const ranked = priced
          .map((p, i) => ({ ...p, i }))
          .sort(
            (a, b) =>
              (pm ? Number(b.i === pm.option) - Number(a.i === pm.option) : 0) ||
              a.cost.comparedTo(b.cost) ||
              a.i - b.i,
          );
        const best = ranked[0]!;
        const second = ranked[1];
        capacity = best.cap;
        gpu = best.group;
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
      const api = usesApi ? apiGroup(monthComponents(month))(apiCallsOf(calls)) : noItems();
      return { groups: [api, gpu, fixed(month)], capacity };
    },
    curve(month) {
      return curvesWith(month, fixedCost(month), perCallAt(month))[0]!;
    },
    runRateCurve() {
      return curvesWith(1, runRateFixed(), perCallAt(1), input, true)[0]!;
    },
    curveOptions(month) {
      return curvesWith(month, fixedCost(month), perCallAt(month));
    },
    runRateCurveOptions() {
      return curvesWith(1, runRateFixed(), perCallAt(1), input, true);
    },
  };
}

/** The month's committed replicas on option `option`, with the live serving tranches named. */
/** What a month holds of the path's serving tranches on an option (portfolio.ts shares it). */
export function committedOf(plan: ReservationPlan, option: number, month: number, held: number): Committed {
  const live = plan.tranches.filter(
    (t) => t.kind === 'serving' && t.option === option && t.start <= month && t.end >= month,
  );
  const note =
    live.length > 1 || live.some((t) => t.start > 1)
      ? live.map((t) => `${t.replicas} from month ${t.start}`).join(', ')
      : undefined;
  return { held, note };
}

/** A tranche's months after the horizon: GPU-hours at its commitment's rate, in no month. */
export function afterItem(sh: EngineSelfHosted, t: Tranche): LineItem {
  const p = sh.price;
  const unitPrice = t.costAfter.div(t.hoursAfter).toDecimalPlaces(6);
  const replicas = `${t.replicas} replica${t.replicas === 1 ? '' : 's'}`;
  return lineItem(
    {
      category: 'commitment_after_horizon',
      name:
        `${sh.gpu.id} GPU-hours after the horizon (${t.kind === 'floor' ? 'reserved floor, ' : ''}tranche of ${replicas}` +
        ` x ${sh.gpusPerReplica} GPU bought in month ${t.start}, ${t.commitment} to month ${t.end}: ${t.monthsAfter} months past the horizon, ${p.provider})`,
      quantity: t.hoursAfter,
      unit: 'GPU-hour',
      unit_price: unitPrice,
      source: pricingSource(sh.gpu.origin.file, `${sh.gpu.id}/${p.provider}`, p.as_of, t.commitment),
    },
    t.costAfter,
  );
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
