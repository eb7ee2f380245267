// Portfolios (scenario `workloads:`, `strategies:`, `per_call_costs:`): strategies that route each
// request class to a target — a hosted API model or a self-hosted deployment — priced month by month
// with the same cost functions as the built-in strategies (api.ts, selfHosted.ts), never a copy.
//
// - A route's legs: the first target serves every call of the class; an escalation (or a retry after
//   a failure) serves a share of them again and is paid again, tokens and capacity.
// - A deployment several classes share is sized on the sum of their peak loads in replica-seconds
//   (hour by hour when a class has a traffic curve): one merged workload whose replica-seconds per
//   call and peak-to-average reproduce that sum exactly (mergedLoad). Its staff, fine-tuning and
//   other fixed costs are billed once; a deployment no route uses costs nothing.
// - Per-call costs count each call of a class once (not again for an escalation or a retry).
import { gpuPriceRow, openModelRow, profileRow } from './pricingRows.js';
import { type Decimal, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, ClassResult, PricingRowUsed, StrategyResult } from '../report/model.js';
import { peakToAverageOf } from '../capacity/traffic.js';
import { isRecording } from '../fastDecimal.js';
import { HOURS_PER_DAY, type LineItem, type StrategyId } from '../vocabulary.js';
import { apiComponents, apiComponentsAt, apiCostPerCall, apiItems, type ApiComponent } from './api.js';
import type { CostCurve } from './breakEven.js';
import { monthInput } from './calendar.js';
import type {
  EngineApi,
  EngineClass,
  EngineInput,
  EnginePerCallCost,
  EngineRoutedStrategy,
  EngineSelfHosted,
} from './input.js';
import { lineItem } from './items.js';
import { memoOn } from './memo.js';
import { overheadItems } from './overheads.js';
import {
  type FleetPlan,
  fleetPlan,
  fleetPlanOf,
  ownedCurvePart,
  ownedItems,
  ownedItemsOf,
  ownershipFacts,
} from './owned.js';
import {
  afterHorizonCurve,
  capacityFor,
  fineTuningRunRate,
  gpuCurve,
  gpuItems,
  replicaSecondsPerCall,
  selfHostedFixedItems,
} from './selfHosted.js';
import {
  afterItem,
  committedOf,
  type ItemGroup,
  missingStrategies,
  type StrategyModel,
  strategyModels,
} from './strategies.js';
import { reservationPlan, type ReservationPlan } from './commitments.js';
import { monthlyCalls } from './volume.js';

/** Each class's calls month by month, and their sum: the calls every strategy of the report prices. */
export interface PortfolioVolume {
  classCalls: readonly (readonly Decimal[])[];
  total: readonly Decimal[];
}

/** One object per input, so that a month's total is the very object compare.ts passes back. */
export const portfolioVolume = memoOn((input: EngineInput): PortfolioVolume => {
  const classes = input.portfolio!.classes;
  const classCalls = classes.map((c) => monthlyCalls(c.input));
  const total = Array.from({ length: input.horizonMonths }, (_, m) =>
    classCalls.length === 1 ? classCalls[0]![m]! : sum(classCalls.map((c) => c[m]!)),
  );
  return { classCalls, total };
});

/** A strategy model that also says, month by month, what each class cost (for per-class figures). */
interface PortfolioModel extends StrategyModel {
  classCosts(month: number): ReadonlyMap<string, Decimal> | undefined;
  /** Per class: calls, successful calls and where they go (built once). */
  routes?: EngineRoutedStrategy | undefined;
}

/**
 * Every strategy the report prices: the built-in ones (through the portfolio when the scenario has
 * several classes) and the user-defined ones, each with the scenario's per-call costs.
 */
export function allStrategyModels(input: EngineInput): {
  models: StrategyModel[];
  missing: Array<{ id: StrategyId; reason: string }>;
} {
  const p = input.portfolio;
  if (!p) return strategyModels(input);
  const routed = p.strategies.map((st) => routedModel(input, st));
  // Several classes: the built-in strategies are routed ones too; only their reasons when missing.
  if (p.multiClass) return { models: routed, missing: missingStrategies(input) };
  const builtin = strategyModels(input);
  return { models: [...builtin.models.map((m) => withPerCallCosts(input, m)), ...routed], missing: builtin.missing };
}

// (ZERO read at the call: in fast arithmetic it is a FastDecimal; a module-level group kept the exact
// one, and an exact ZERO.plus(a FastDecimal) throws — found by the property test on a portfolio.)
const group = (items: readonly LineItem[]): ItemGroup =>
  items.length ? { items, cost: sum(items.map((i) => i.cost)) } : { items: [], cost: ZERO };

/** An item of a portfolio: which class(es) it serves and which target serves them, and its name. */
function tag(items: readonly LineItem[], cls: string | undefined, target: string, name = (n: string) => n): LineItem[] {
  return items.map((it) => ({ ...it, name: name(it.name), ...(cls !== undefined ? { class: cls } : {}), target }));
}

/**
 * tag() of an item array the engine hands out again and again (GPU items by replica count, a
 * deployment's fixed items, overheads): one tagged copy per array and `key` (which names the tags and
 * the name function), so a month that costs what another did carries the same items, and its group
 * (groupOnce) is the same object: simulateStrategy then adds it to the category totals once × its count.
 */
const taggedCache = memoOn((_items: readonly LineItem[]) => new Map<string, LineItem[]>());
function tagOnce(
  items: readonly LineItem[],
  key: string,
  cls: string | undefined,
  target: string,
  name: (n: string) => string,
): LineItem[] {
  const byKey = taggedCache(items);
  let t = byKey.get(key);
  if (!t) byKey.set(key, (t = tag(items, cls, target, name)));
  return t;
}
const groupOnce = memoOn(group);
/** apiCostPerCall once per components array (one per API target and month's prices) and discount. */
const costPerCallCache = memoOn((_c: readonly ApiComponent[]) => new Map<EngineApi['discount'], Decimal>());
function costPerCall(components: readonly ApiComponent[], discount: EngineApi['discount']): Decimal {
  const byDiscount = costPerCallCache(components);
  let c = byDiscount.get(discount);
  if (!c) byDiscount.set(discount, (c = apiCostPerCall(components, discount)));
  return c;
}
/** The sum of an item array's costs, once per array. */
const costOf = memoOn((items: readonly LineItem[]): Decimal => sum(items.map((i) => i.cost)));

/** The calls of each class in month m when the strategy prices `calls` in all (its volume, or a curve's). */
function classCallsAt(input: EngineInput, month: number, calls: Decimal): Decimal[] {
  const v = portfolioVolume(input);
  const total = v.total[month - 1]!;
  const own = v.classCalls.map((c) => c[month - 1]!);
  if (calls === total || calls.eq(total)) return own;
  if (total.isZero()) return own.map((_, i) => (i === 0 ? calls : ZERO));
  return own.map((c) => c.times(calls).div(total));
}

/** A class's calls counted once: without transport retries (workload.retry_rate). */
function firstCalls(c: EngineClass, calls: Decimal): Decimal {
  const r = c.input.workload.retryRate;
  return r.isZero() ? calls : calls.div(ONE.plus(r));
}

/**
 * Each class's share of month m's calls (`weights`; an even split of no calls), and of them counted
 * once (`first`, without retries; empty for no calls): the same for every strategy, worked out once.
 */
const mixes = memoOn((_input: EngineInput) => new Map<number, { weights: Decimal[]; first: Decimal[] }>());
function mixAt(input: EngineInput, month: number): { weights: Decimal[]; first: Decimal[] } {
  const byMonth = mixes(input);
  let mix = byMonth.get(month);
  if (!mix) {
    const p = input.portfolio!;
    const v = portfolioVolume(input);
    const total = v.total[month - 1]!;
    const none = total.isZero();
    const weights = v.classCalls.map((c) => (none ? ONE.div(p.classes.length) : c[month - 1]!.div(total)));
    const first = none
      ? []
      : p.classes.map((cls, k) => {
          const calls = v.classCalls[k]![month - 1]!;
          const once = firstCalls(cls, calls);
          return once === calls ? weights[k]! : once.div(total);
        });
    byMonth.set(month, (mix = { weights, first }));
  }
  return mix;
}

/** `calls` × `share`, or `calls` itself for the whole (a first leg's share is the ONE object). */
const shareOf = (calls: Decimal, share: Decimal): Decimal => (share === ONE ? calls : calls.times(share));

function perCallItems(
  input: EngineInput,
  id: StrategyId,
  costs: readonly EnginePerCallCost[],
  classCalls: readonly Decimal[],
): Map<string, LineItem[]> {
  const p = input.portfolio!;
  const out = new Map<string, LineItem[]>();
  for (const c of costs) {
    if (!c.appliesTo.includes(id)) continue;
    p.classes.forEach((cls, k) => {
      if (!c.classes.includes(cls.id)) return;
      const calls = firstCalls(cls, classCalls[k]!).times(c.share);
      if (calls.isZero()) return;
      const share = shareLabel(c);
      const item = lineItem({
        category: 'overhead',
        name: `${c.name}${share}${p.multiClass ? ` [${cls.id}]` : ''}`,
        quantity: calls,
        unit: 'call',
        unit_price: c.perCall,
        source: c.source,
      });
      out.set(cls.id, [...(out.get(cls.id) ?? []), p.multiClass ? { ...item, class: cls.id } : item]);
    });
  }
  return out;
}

/** How a per-call cost's item names its share of calls ("" for every call). */
const shareLabel = memoOn((c: EnginePerCallCost): string =>
  c.share.eq(ONE) ? '' : ` (${c.share.times(100).toFixed()}% of calls)`,
);

/** What the per-call costs add to one call of the strategy's volume in month m (for its cost curves). */
function perCallCostPerCall(input: EngineInput, id: StrategyId, month: number): Decimal {
  const p = input.portfolio!;
  const v = portfolioVolume(input);
  const total = v.total[month - 1]!;
  if (total.isZero()) return ZERO;
  let perCall = ZERO;
  const { first } = mixAt(input, month);
  for (const c of p.perCallCosts) {
    if (!c.appliesTo.includes(id)) continue;
    p.classes.forEach((cls, k) => {
      if (!c.classes.includes(cls.id)) return;
      const weight = first[k]!;
      perCall = perCall.plus(weight.times(c.share).times(c.perCall));
    });
  }
  return perCall;
}

/** A built-in strategy of a one-class scenario with the scenario's per-call costs added. */
function withPerCallCosts(input: EngineInput, m: StrategyModel): PortfolioModel {
  const costs = input.portfolio!.perCallCosts.filter((c) => c.appliesTo.includes(m.id));
  const plain: PortfolioModel = { ...m, classCosts: () => undefined };
  if (!costs.length) return plain;
  const addPerCall = (c: CostCurve, month: number): CostCurve => ({
    ...c,
    perCall: c.perCall.plus(perCallCostPerCall(input, m.id, month)),
  });
  return {
    ...plain,
    month(month, calls, onPath) {
      const r = m.month(month, calls, onPath);
      const extra = [...perCallItems(input, m.id, costs, classCallsAt(input, month, calls)).values()].flat();
      return { ...r, groups: [...r.groups, group(extra)] };
    },
    curve: (month) => addPerCall(m.curve(month), month),
    runRateCurve: () => addPerCall(m.runRateCurve(), 1),
    ...(m.curveOptions
      ? { curveOptions: (month: number) => m.curveOptions!(month).map((c) => addPerCall(c, month)) }
      : {}),
    ...(m.runRateCurveOptions
      ? { runRateCurveOptions: () => m.runRateCurveOptions!().map((c) => addPerCall(c, 1)) }
      : {}),
  };
}

interface Load {
  /** Index of the class. */
  k: number;
  calls: Decimal;
  /** The leg's share of the class's calls (for an owned fleet's purchases). */
  share: Decimal;
}

/** A deployment's load as one workload (mergedLoad). */
interface Merged {
  input: EngineInput;
  sh: EngineSelfHosted;
  calls: Decimal;
  /** Each load's calls × replica-seconds per call, and their sum: how month() shares the costs out. */
  load?: readonly Decimal[] | undefined;
  totalLoad?: Decimal | undefined;
}

/**
 * The merged loads a deployment has had, on the deployment object (so per resolved input: one run of
 * the engine, one number type; the strategies that share a deployment share them). A merged load is
 * a fresh object, and what the engine derives from a workload (replica terms, GPU items by replica
 * count, cost curves) is remembered per object: with the classes' calls growing month by month their
 * weighted means come out equal in most months (or differ in the last of 34 digits), so a merged load
 * whose figures equal a recent one's takes that one's objects, and what derives from them is worked
 * out once. Equal means eq() on the run's own numbers, never their text. While a tape records, every
 * month computes its own: a month whose figures merely equal another's at the recorded point would
 * not follow it when a trial moves them.
 */
interface SeenMerged {
  first: EngineInput;
  figures: readonly Decimal[];
  hourly: readonly Decimal[] | undefined;
  merged: Merged;
  /** The distinct call totals (weights' sums, in cost curves) it was asked with: one object each. */
  calls: Decimal[];
}
const SEEN_MERGED = 16;
const SEEN_CALLS = 4;
const seenMerged = memoOn((_sh: EngineSelfHosted): SeenMerged[] => []);

/** `calls`, or the equal one already in `seen` (most recent first). */
function sameCalls(seen: Decimal[], calls: Decimal): Decimal {
  const at = seen.findIndex((c) => c.eq(calls));
  if (at === 0) return seen[0]!;
  const same = at > 0 ? seen.splice(at, 1)[0]! : calls;
  seen.unshift(same);
  if (seen.length > SEEN_CALLS) seen.pop();
  return same;
}

const sameFigures = (a: readonly Decimal[] | undefined, b: readonly Decimal[] | undefined): boolean =>
  a === b ||
  (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i] || x.eq(b[i]!)));

/**
 * The load of several classes on one deployment as one workload: tokens are the call-weighted means
 * (so replica-seconds per call is their call-weighted mean: the formula is linear in tokens) and the
 * peak-to-average is load-weighted, so calls × replica-seconds per call × peak-to-average is exactly
 * Σ calls_k × replica-seconds_k × peak_k, the summed peak. With traffic curves the merged curve is
 * the load-weighted sum of the classes' curves (a class without one is flat), hour by hour.
 */
function mergedLoad(
  classes: readonly EngineClass[],
  sh: EngineSelfHosted,
  loads: readonly Load[],
  inputOf: (c: EngineClass) => EngineInput,
): Merged {
  const first = inputOf(classes[loads[0]!.k]!);
  if (loads.length === 1) return { input: first, sh, calls: sum(loads.map((l) => l.calls)) };
  // The very same loads (the same call objects of the same class inputs) as before: the same answer.
  // Strategies that send the same classes whole to a deployment pass the same objects (each class's
  // calls, or its weight in a cost curve); identity, not value, so this holds while a tape records.
  const inputs = loads.map((l) => inputOf(classes[l.k]!));
  const byFirst = sameLoads(sh);
  let same = byFirst.get(loads[0]!.calls);
  if (!same) byFirst.set(loads[0]!.calls, (same = []));
  const known = same.find(
    (e) =>
      e.loads.length === loads.length &&
      e.loads.every((l, i) => l.k === loads[i]!.k && l.calls === loads[i]!.calls && e.inputs[i] === inputs[i]),
  );
  if (known) return known.merged;
  const merged = mergedLoadOf(classes, sh, loads, inputs);
  same.push({ loads: loads.map((l) => ({ k: l.k, calls: l.calls })), inputs, merged });
  return merged;
}

interface SameLoads {
  loads: readonly Pick<Load, 'k' | 'calls'>[];
  inputs: readonly EngineInput[];
  merged: Merged;
}
/** Per deployment, by the first load's call object: the loads merged so far. */
const sameLoads = memoOn((_sh: EngineSelfHosted) => new WeakMap<Decimal, SameLoads[]>());

function mergedLoadOf(
  classes: readonly EngineClass[],
  sh: EngineSelfHosted,
  loads: readonly Load[],
  /** Each load's class input (its month's). */
  inputs: readonly EngineInput[],
): Merged {
  const first = inputs[0]!;
  const calls = sum(loads.map((l) => l.calls));
  const rs = inputs.map((c) => replicaSecondsPerCall(sh, c));
  const load = loads.map((l, i) => l.calls.times(rs[i]!));
  const totalLoad = sum(load);
  if (calls.isZero() || totalLoad.isZero()) return { input: first, sh, calls, load, totalLoad };
  const recording = isRecording();
  const each = (f: (c: EngineInput) => Decimal) => inputs.map(f);
  // A field zero in every class has mean zero: not worked out (reasoning and RAG tokens, mostly).
  // Not while a tape records: there a zero may be a sampled input, which the tape must follow.
  const mean = (values: readonly Decimal[]) => {
    if (!recording && values.every((v) => v.isZero())) return ZERO;
    return sum(values.map((v, i) => v.times(loads[i]!.calls))).div(calls);
  };
  const curves = loads.some((l) => classes[l.k]!.hourly);
  const hourly = curves
    ? Array.from({ length: HOURS_PER_DAY }, (_, h) =>
        sum(loads.map((l, i) => load[i]!.times(classes[l.k]!.hourly?.[h] ?? ONE))).div(totalLoad),
      )
    : undefined;
  const peak = hourly
    ? peakToAverageOf(hourly)
    : sum(inputs.map((c, i) => load[i]!.times(c.workload.peakToAverage))).div(totalLoad);
  const tokensIn = each((c) => c.workload.inputTokens);
  const prompts = each((c) => c.workload.promptTokens);
  const inputTokens = mean(tokensIn);
  // Prompt tokens equal to input tokens in every class (no RAG context): the same mean, not worked out again.
  const samePrompt = !recording && prompts.every((v, i) => v.eq(tokensIn[i]!));
  // The peak first: of these it is the one that differs most often (in its last digits).
  const figures = [
    peak,
    inputTokens,
    mean(each((c) => c.workload.outputTokens)),
    mean(each((c) => c.workload.reasoningTokens)),
    samePrompt ? inputTokens : mean(prompts),
    mean(each((c) => c.workload.ragContextTokens)),
  ] as const;
  const seen = recording ? undefined : seenMerged(sh);
  const at = seen
    ? seen.findIndex((e) => e.first === first && sameFigures(e.figures, figures) && sameFigures(e.hourly, hourly))
    : -1;
  const hit = at >= 0 ? seen![at]! : undefined;
  if (hit) {
    // Most recently used first: the next month most likely has the same figures again.
    if (at > 0) seen!.unshift(...seen!.splice(at, 1));
    return { input: hit.merged.input, sh: hit.merged.sh, calls: sameCalls(hit.calls, calls), load, totalLoad };
  }
  const [, , outputTokens, reasoningTokens, promptTokens, ragContextTokens] = figures;
  const input: EngineInput = {
    ...first,
    workload: {
      ...first.workload,
      inputTokens,
      promptTokens,
      ragContextTokens,
      outputTokens,
      reasoningTokens,
      peakToAverage: peak,
    },
  };
  const withCurve = (o: EngineSelfHosted): EngineSelfHosted => ({ ...o, hourly });
  const merged: Merged = {
    input,
    sh: { ...withCurve(sh), ...(sh.alternatives ? { alternatives: sh.alternatives.map(withCurve) } : {}) },
    calls,
    load,
    totalLoad,
  };
  if (seen) {
    seen.unshift({ first, figures, hourly, merged, calls: [calls] });
    if (seen.length > SEEN_MERGED) seen.pop();
  }
  return merged;
}

function routedModel(input: EngineInput, st: EngineRoutedStrategy): PortfolioModel {
  const p = input.portfolio!;
  const multi = p.multiClass;
  const classIndex = new Map(p.classes.map((c, k) => [c.id, k]));
  const apiOf = (target: string, cls: string): EngineApi => st.apis.get(`${target}|${cls}`)!;
  const components = memoOn((api: EngineApi) =>
    memoOn((w: EngineInput['workload']) => apiComponents(api, w) as readonly ApiComponent[]),
  );
  const componentsAt = (api: EngineApi, c: EngineClass, month: number) =>
    apiComponentsAt(components(api)(c.input.workload), api, month);
  const used = [...st.deployments.keys()];
  const again = (a: string | undefined) =>
    a === 'escalation' ? ' (escalated)' : a === 'retry' ? ' (retried after a failure)' : '';
  const label = (cls: string, a: string | undefined) => (n: string) => `${multi ? `[${cls}] ` : ''}${n}${again(a)}`;
  const depName = (name: string) => (n: string) => (name === 'self_hosted' ? n : `${name}: ${n}`);

  /** The calls each deployment serves, by class, when the classes have `classCalls`. */
  const loadsOf = (classCalls: readonly Decimal[]): Map<string, Load[]> => {
    const loads = new Map<string, Load[]>();
    for (const r of st.routes) {
      const k = classIndex.get(r.classId)!;
      for (const leg of r.legs) {
        if (leg.target.startsWith('api:') || leg.share.isZero()) continue;
        const list = loads.get(leg.target) ?? [];
        const same = list.find((l) => l.k === k);
        const calls = shareOf(classCalls[k]!, leg.share);
        if (same) {
          same.calls = same.calls.plus(calls);
          same.share = same.share.plus(leg.share);
        } else list.push({ k, calls, share: leg.share });
        loads.set(leg.target, list);
      }
    }
    return loads;
  };

  /** Month by month along the scenario's volume: what each class is charged (month()), and its sum per class. */
  const chargesByMonth = new Map<number, Array<(add: (cls: string, cost: Decimal) => void) => void>>();
  const costsByMonth = new Map<number, Map<string, Decimal>>();
  const classCosts = (m: number): ReadonlyMap<string, Decimal> | undefined => {
    let byClass = costsByMonth.get(m);
    const charges = chargesByMonth.get(m);
    if (byClass || !charges) return byClass;
    const sums = new Map<string, Decimal>(p.classes.map((c) => [c.id, ZERO]));
    for (const charge of charges) charge((cls, cost) => sums.set(cls, sums.get(cls)!.plus(cost)));
    costsByMonth.set(m, (byClass = sums));
    return byClass;
  };
  /** gpu: auto — the option each deployment's month chose (its cost curve follows it; default the first). */
  const chosen = new Map<string, number>();

  // The month's fixed costs: each deployment's (staff, fine-tuning) and the overheads. Months whose
  // parts are the same arrays (the engine builds each once: selfHostedFixedItems, overheadItems) get
  // the same group.
  let lastFixed: { parts: readonly (readonly LineItem[])[]; group: ItemGroup } | undefined;
  const fixedGroup = (month: number): ItemGroup => {
    const parts = [
      ...used.map((name) =>
        tagOnce(
          selfHostedFixedItems(st.deployments.get(name)!, month),
          `fixed|${name}`,
          undefined,
          name,
          depName(name),
        ),
      ),
      overheadItems(input.overheads, st.id, month),
    ];
    if (lastFixed && parts.every((x, i) => x === lastFixed!.parts[i])) return lastFixed.group;
    lastFixed = { parts, group: group(parts.flat()) };
    return lastFixed.group;
  };

  // Capacity bought for a term (reserved commitments), per deployment along the scenario's path: the
  // tranche planner of engine/commitments.ts, asked about the deployment's merged load month by month.
  const plans = new Map<string, ReservationPlan | null>();
  const pathMerged = (name: string, m: number) => {
    const v = portfolioVolume(input);
    const loads = loadsOf(v.classCalls.map((c) => c[m - 1]!)).get(name)!;
    const merged = mergedLoad(p.classes, st.deployments.get(name)!, loads, (c) => monthInput(c.input, m));
    return { merged, options: [merged.sh, ...(merged.sh.alternatives ?? [])] };
  };
  const planOf = (name: string): ReservationPlan | null => {
    if (plans.has(name)) return plans.get(name)!;
    const sh = st.deployments.get(name)!;
    const capAt = (i: number, m: number) => {
      const { merged, options } = pathMerged(name, m);
      return { o: options[i]!, input: merged.input, cap: capacityFor(options[i]!, merged.input, merged.calls) };
    };
    const plan = reservationPlan(
      [sh, ...(sh.alternatives ?? [])],
      input,
      (i, m) => capAt(i, m).cap.replicas,
      (i, m) => {
        const c = capAt(i, m);
        return sum(gpuItems(c.o, c.input, c.cap, m).map((x) => x.cost));
      },
    );
    plans.set(name, plan);
    return plan;
  };

  // Owned GPUs of a deployment: the fleet bought along the scenario's path for the replicas its load
  // needs each month (the merged load of every class it serves; docs/ownership.md, "Portfolios").
  // A deployment one class uses keeps that class's own fleet (engine/owned.ts fleetPlan), so a
  // one-class portfolio owns what self_hosted owns.
  const servedBy = loadsOf(p.classes.map(() => ONE));
  const fleets = new Map<string, { plan: FleetPlan; needed: number[] }>();
  const fleetOf = (name: string) => {
    const hit = fleets.get(name);
    if (hit) return hit;
    const sh = st.deployments.get(name)!;
    const needed = Array.from({ length: input.horizonMonths }, (_, i) => {
      const { merged } = pathMerged(name, i + 1);
      return capacityFor(merged.sh, merged.input, merged.calls).replicas;
    });
    const list = servedBy.get(name)!;
    const plan =
      list.length === 1
        ? fleetPlan(sh, p.classes[list[0]!.k]!.input, list[0]!.share)
        : fleetPlanOf(sh, input.horizonMonths, (m) => needed[m - 1]!);
    const f = { plan, needed };
    fleets.set(name, f);
    return f;
  };

  const month: StrategyModel['month'] = (m, calls, onPath = false) => {
    const classCalls = classCallsAt(input, m, calls);
    const onVolume = calls.eq(portfolioVolume(input).total[m - 1]!);
    // What each class is charged, in order: worked out only when asked (classCosts; compare asks,
    // the analyses' sampled runs do not).
    const charges: Array<(add: (cls: string, cost: Decimal) => void) => void> = [];
    const groups: ItemGroup[] = [];
    for (const r of st.routes) {
      const k = classIndex.get(r.classId)!;
      const cls = p.classes[k]!;
      for (const leg of r.legs) {
        if (!leg.target.startsWith('api:') || leg.share.isZero()) continue;
        const api = apiOf(leg.target, r.classId);
        const items = apiItems(componentsAt(api, cls, m), shareOf(classCalls[k]!, leg.share), api.discount);
        const g = group(tag(items, multi ? r.classId : undefined, leg.target, label(r.classId, leg.again)));
        charges.push((add) => add(r.classId, g.cost));
        groups.push(g);
      }
    }
    let capacity: CapacityFacts | null = null;
    const loads = loadsOf(classCalls);
    for (const name of used) {
      const sh = st.deployments.get(name)!;
      const list = loads.get(name)!;
      const merged = mergedLoad(p.classes, sh, list, (c) => monthInput(c.input, m));
      const options = [merged.sh, ...(merged.sh.alternatives ?? [])];
      const plan = onPath ? planOf(name) : null;
      const pm = plan?.months[m - 1];
      const priced = options.map((o, i) => {
        const cap = capacityFor(o, merged.input, merged.calls);
        const committed = pm && pm.option === i ? committedOf(plan!, i, m, pm.held) : undefined;
        const rented = gpuItems(o, merged.input, cap, m, committed);
        const owned = !o.owned
          ? []
          : list.length === 1
            ? ownedItems(o, merged.input, list[0]!.share, m, cap)
            : ownedItemsOf(o, merged.input, fleetOf(name).plan, merged.calls, m, cap);
        const items = owned.length ? [...rented, ...owned] : rented;
        return { o, i, cap, items, cost: costOf(items) };
      });
      // Live reservations keep their option (gpu: auto), as in strategies.ts.
      const held = (i: number) => (pm ? Number(i === pm.option) : 0);
      const best = priced.sort((a, b) => held(b.i) - held(a.i) || a.cost.comparedTo(b.cost) || a.i - b.i)[0]!;
      if (onVolume) chosen.set(`${name}|${m}`, best.i);
      const classes = list.map((l) => p.classes[l.k]!.id).join('+');
      const g = groupOnce(
        tagOnce(best.items, `gpu|${name}|${classes}`, multi ? classes : undefined, name, label(classes, undefined)),
      );
      groups.push(g);
      if (!capacity || name === 'self_hosted') capacity = best.cap;
      charges.push((add) => {
        // Shared costs by replica-seconds: GPU-hours and the deployment's fixed costs.
        const fixed = costOf(selfHostedFixedItems(sh, m));
        // The loads' replica-seconds, as mergedLoad worked them out (one load: worked out here).
        const rs =
          merged.load ??
          list.map((l) => l.calls.times(replicaSecondsPerCall(sh, monthInput(p.classes[l.k]!.input, m))));
        const totalRs = merged.totalLoad ?? sum(rs);
        list.forEach((l, i) => {
          const w = totalRs.isZero() ? ONE.div(list.length) : rs[i]!.div(totalRs);
          add(p.classes[l.k]!.id, g.cost.plus(fixed).times(w));
        });
      });
    }
    groups.push(fixedGroup(m));
    charges.push((add) => {
      // By calls: on the scenario's volume (the only month charged) each class's weight is the month's mix.
      const overheads = costOf(overheadItems(input.overheads, st.id, m));
      const { weights } = mixAt(input, m);
      p.classes.forEach((c, k) => add(c.id, overheads.times(weights[k]!)));
    });
    const perCall = perCallItems(input, st.id, p.perCallCosts, classCalls);
    for (const [cls, items] of perCall) {
      const g = group(items);
      charges.push((add) => add(cls, g.cost));
      groups.push(g);
    }
    if (onVolume) {
      chargesByMonth.set(m, charges);
      costsByMonth.delete(m);
    }
    return { groups, capacity };
  };

  /** The month's cost as a curve in the strategy's calls, at month m's class mix and prices. */
  const curveAt = (m: number, runRate: boolean): CostCurve => {
    const { weights } = mixAt(input, m);
    let perCall = perCallCostPerCall(input, st.id, m);
    for (const r of st.routes) {
      const k = classIndex.get(r.classId)!;
      for (const leg of r.legs) {
        if (!leg.target.startsWith('api:') || leg.share.isZero()) continue;
        const api = apiOf(leg.target, r.classId);
        const cost = costPerCall(componentsAt(api, p.classes[k]!, m), api.discount).times(weights[k]!);
        perCall = perCall.plus(shareOf(cost, leg.share));
      }
    }
    // The fixed costs: the month's (its group's sum), or a steady month's recurring ones.
    const fixedCosts = fixedGroup(runRate ? 2 : m);
    let fixed = runRate
      ? sum(
          fixedCosts.items.filter((i) => i.category !== 'one_time' && i.category !== 'fine_tuning').map((i) => i.cost),
        )
      : fixedCosts.cost;
    const steps: NonNullable<CostCurve['step']>[] = [];
    const loads = loadsOf(weights);
    for (const name of used) {
      const sh = st.deployments.get(name)!;
      if (runRate) fixed = fixed.plus(fineTuningRunRate(sh));
      const list = loads.get(name)!;
      const inputOf = (c: EngineClass) => (runRate ? c.input : monthInput(c.input, m));
      const merged = mergedLoad(p.classes, sh, list, inputOf);
      const option = [merged.sh, ...(merged.sh.alternatives ?? [])][chosen.get(`${name}|${m}`) ?? 0]!;
      const g = gpuCurve(option, merged.input, merged.calls, m);
      fixed = fixed.plus(g.fixed);
      let gSteps = g.steps;
      if (sh.owned) {
        const part = ownedCurvePart(sh, merged.input, merged.calls, m, runRate);
        fixed = fixed.plus(part.fixed);
        perCall = perCall.plus(part.perCall);
        gSteps = gSteps.map((s, i) =>
          i === 0 && !part.perReplica.isZero() ? { ...s, cost: s.cost.plus(part.perReplica) } : s,
        );
      }
      steps.push(...gSteps);
    }
    const [step, ...extraSteps] = steps;
    return { fixed, perCall, ...(step ? { step } : {}), ...(extraSteps.length ? { extraSteps } : {}) };
  };

  /**
   * A steady volume's reserved terms past the horizon (the break-even's TCO view), per deployment as
   * self_hosted has them (selfHosted.ts afterHorizonCurve), at the last month's class mix and the
   * option that month chose.
   */
  const afterCurve = (): CostCurve | null => {
    const h = input.horizonMonths;
    const { weights } = mixAt(input, h);
    const loads = loadsOf(weights);
    let fixed = ZERO;
    const steps: NonNullable<CostCurve['step']>[] = [];
    for (const name of used) {
      const merged = mergedLoad(p.classes, st.deployments.get(name)!, loads.get(name)!, (c) => c.input);
      const option = [merged.sh, ...(merged.sh.alternatives ?? [])][chosen.get(`${name}|${h}`) ?? 0]!;
      const g = afterHorizonCurve(option, merged.input, merged.calls);
      if (!g) continue;
      fixed = fixed.plus(g.fixed);
      steps.push(...g.steps);
    }
    if (!steps.length && fixed.isZero()) return null;
    const [step, ...extraSteps] = steps;
    return { fixed, perCall: ZERO, ...(step ? { step } : {}), ...(extraSteps.length ? { extraSteps } : {}) };
  };

  return {
    id: st.id,
    label: st.label,
    routes: st,
    split: (calls) => ({ api: calls, selfHosted: ZERO }),
    month,
    curve: (m) => curveAt(m, false),
    runRateCurve: () => curveAt(1, true),
    classCosts,
    reservations: () => {
      for (const name of used) {
        const plan = planOf(name);
        if (plan) return plan;
      }
      return null;
    },
    afterHorizonCurves: () => [afterCurve()],
    ownership: (result, api) => {
      const owned = used.filter((name) => st.deployments.get(name)!.owned);
      const name = owned.includes('self_hosted') ? 'self_hosted' : owned[0];
      if (name === undefined) return undefined;
      const f = fleetOf(name);
      const first = servedBy.get(name)![0]!;
      return ownershipFacts(st.deployments.get(name)!, p.classes[first.k]!.input, first.share, result, api, {
        plan: f.plan,
        mine: (it) => it.target === name,
        neededAt: (m) => f.needed[m - 1] ?? 0,
      });
    },
    afterHorizonItems: () =>
      used.flatMap((name) => {
        const plan = planOf(name);
        if (!plan) return [];
        const sh = st.deployments.get(name)!;
        const options = [sh, ...(sh.alternatives ?? [])];
        const items = plan.tranches.filter((t) => !t.costAfter.isZero()).map((t) => afterItem(options[t.option]!, t));
        return tag(items, undefined, name, depName(name));
      }),
  };
}

/**
 * Per-class figures of the portfolio strategies (calls, cost with shared costs attributed by
 * replica-seconds and overheads by calls, cost per 1,000 calls and per 1,000 successful calls), and
 * the strategy's cost per 1,000 successful calls. Built-in strategies of a one-class scenario keep
 * their report unchanged.
 */
export function withPortfolioFacts(
  strategies: StrategyResult[],
  models: readonly StrategyModel[],
  input: EngineInput,
): StrategyResult[] {
  const p = input.portfolio;
  if (!p) return strategies;
  const v = portfolioVolume(input);
  return strategies.map((s) => {
    const m = models.find((x) => x.id === s.id) as PortfolioModel | undefined;
    const st = m?.routes;
    if (!m || !st) return s;
    const byClass: ClassResult[] = p.classes.map((c, k) => {
      const route = st.routes.find((r) => r.classId === c.id)!;
      const calls = sum(v.classCalls[k]!);
      const cost = sum(s.months.map((mo) => m.classCosts(mo.month)?.get(c.id) ?? ZERO));
      const successful = calls.times(route.successShare);
      return {
        class: c.id,
        calls,
        cost,
        cost_per_1k_calls: calls.isZero() ? null : cost.div(calls).times(1000),
        successful_calls: successful,
        cost_per_1k_successful_calls: successful.isZero() ? null : cost.div(successful).times(1000),
        routes: route.legs.map((l) => ({ target: l.target, share: l.share, ...(l.again ? { again: l.again } : {}) })),
      };
    });
    const successful = sum(byClass.map((c) => c.successful_calls));
    return {
      ...s,
      by_class: byClass,
      successful_calls: successful,
      cost_per_1k_successful_calls: successful.isZero() ? null : s.tco.div(successful).times(1000),
    };
  });
}

/** The pricing rows the portfolio's targets use beyond the scenario's `api:` and `self_hosted:`. */
export function portfolioPricingRows(input: EngineInput): PricingRowUsed[] {
  const rows: PricingRowUsed[] = [];
  for (const st of input.portfolio?.strategies ?? []) {
    for (const api of st.apis.values()) {
      const m = api.model;
      if (m) rows.push({ kind: 'api_model', id: m.id, as_of: m.as_of, source: m.source, file: m.origin.file });
    }
    for (const sh of st.deployments.values()) {
      if (!sh.missingPrice?.onDemand) rows.push(gpuPriceRow(sh.gpu, sh.price));
      rows.push(profileRow(sh.profile), openModelRow(sh.model));
    }
  }
  return rows;
}
