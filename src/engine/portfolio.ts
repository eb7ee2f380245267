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
import { type Decimal, ONE, sum, ZERO } from '../money.js';
import type { CapacityFacts, ClassResult, PricingRowUsed, StrategyResult } from '../report/model.js';
import { peakToAverageOf } from '../capacity/traffic.js';
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
import { ownedCurvePart, ownedItems } from './owned.js';
import {
  capacityFor,
  fineTuningRunRate,
  gpuCurve,
  gpuItems,
  replicaSecondsPerCall,
  selfHostedFixedItems,
} from './selfHosted.js';
import { afterItem, committedOf, type ItemGroup, type StrategyModel, strategyModels } from './strategies.js';
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
  const builtin = strategyModels(input);
  if (!p) return builtin;
  const routed = p.strategies.map((st) => routedModel(input, st));
  const models: PortfolioModel[] = p.multiClass
    ? routed
    : [...builtin.models.map((m) => withPerCallCosts(input, m)), ...routed];
  return { models, missing: builtin.missing };
}

// (ZERO read at the call: in fast arithmetic it is a FastDecimal; a module-level group kept the exact
// one, and an exact ZERO.plus(a FastDecimal) throws — found by the property test on a portfolio.)
const group = (items: readonly LineItem[]): ItemGroup =>
  items.length ? { items, cost: sum(items.map((i) => i.cost)) } : { items: [], cost: ZERO };

/** An item of a portfolio: which class(es) it serves and which target serves them, and its name. */
function tag(items: readonly LineItem[], cls: string | undefined, target: string, name = (n: string) => n): LineItem[] {
  return items.map((it) => ({ ...it, name: name(it.name), ...(cls !== undefined ? { class: cls } : {}), target }));
}

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
      const share = c.share.eq(ONE) ? '' : ` (${c.share.times(100).toFixed()}% of calls)`;
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

/** What the per-call costs add to one call of the strategy's volume in month m (for its cost curves). */
function perCallCostPerCall(input: EngineInput, id: StrategyId, month: number): Decimal {
  const p = input.portfolio!;
  const v = portfolioVolume(input);
  const total = v.total[month - 1]!;
  if (total.isZero()) return ZERO;
  let perCall = ZERO;
  for (const c of p.perCallCosts) {
    if (!c.appliesTo.includes(id)) continue;
    p.classes.forEach((cls, k) => {
      if (!c.classes.includes(cls.id)) return;
      const weight = firstCalls(cls, v.classCalls[k]![month - 1]!).div(total);
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
): { input: EngineInput; sh: EngineSelfHosted; calls: Decimal } {
  const first = inputOf(classes[loads[0]!.k]!);
  const calls = sum(loads.map((l) => l.calls));
  if (loads.length === 1) return { input: first, sh, calls };
  const rs = loads.map((l) => replicaSecondsPerCall(sh, inputOf(classes[l.k]!)));
  const load = loads.map((l, i) => l.calls.times(rs[i]!));
  const totalLoad = sum(load);
  if (calls.isZero() || totalLoad.isZero()) return { input: first, sh, calls };
  const mean = (f: (c: EngineInput) => Decimal) =>
    sum(loads.map((l) => f(inputOf(classes[l.k]!)).times(l.calls))).div(calls);
  const curves = loads.some((l) => classes[l.k]!.hourly);
  const hourly = curves
    ? Array.from({ length: HOURS_PER_DAY }, (_, h) =>
        sum(loads.map((l, i) => load[i]!.times(classes[l.k]!.hourly?.[h] ?? ONE))).div(totalLoad),
      )
    : undefined;
  const peak = hourly
    ? peakToAverageOf(hourly)
    : sum(loads.map((l, i) => load[i]!.times(inputOf(classes[l.k]!).workload.peakToAverage))).div(totalLoad);
  const w = first.workload;
  const input: EngineInput = {
    ...first,
    workload: {
      ...w,
      inputTokens: mean((c) => c.workload.inputTokens),
      promptTokens: mean((c) => c.workload.promptTokens),
      ragContextTokens: mean((c) => c.workload.ragContextTokens),
      outputTokens: mean((c) => c.workload.outputTokens),
      reasoningTokens: mean((c) => c.workload.reasoningTokens),
      peakToAverage: peak,
    },
  };
  const withCurve = (o: EngineSelfHosted): EngineSelfHosted => ({ ...o, hourly });
  return {
    input,
    sh: { ...withCurve(sh), ...(sh.alternatives ? { alternatives: sh.alternatives.map(withCurve) } : {}) },
    calls,
  };
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
  const label = (cls: string, again: string | undefined) => (n: string) =>
    `${multi ? `[${cls}] ` : ''}${n}${again === 'escalation' ? ' (escalated)' : again === 'retry' ? ' (retried after a failure)' : ''}`;
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
        const calls = classCalls[k]!.times(leg.share);
        if (same) {
          same.calls = same.calls.plus(calls);
          same.share = same.share.plus(leg.share);
        } else list.push({ k, calls, share: leg.share });
        loads.set(leg.target, list);
      }
    }
    return loads;
  };

  const costsByMonth = new Map<number, Map<string, Decimal>>();
  /** gpu: auto — the option each deployment's month chose (its cost curve follows it; default the first). */
  const chosen = new Map<string, number>();

  const fixedItems = (month: number): LineItem[] => [
    ...used.flatMap((name) =>
      tag(selfHostedFixedItems(st.deployments.get(name)!, month), undefined, name, depName(name)),
    ),
    ...overheadItems(input.overheads, st.id, month),
  ];

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

  const month: StrategyModel['month'] = (m, calls, onPath = false) => {
    const classCalls = classCallsAt(input, m, calls);
    const byClass = new Map<string, Decimal>(p.classes.map((c) => [c.id, ZERO]));
    const add = (cls: string, cost: Decimal) => byClass.set(cls, byClass.get(cls)!.plus(cost));
    const groups: ItemGroup[] = [];
    for (const r of st.routes) {
      const k = classIndex.get(r.classId)!;
      const cls = p.classes[k]!;
      for (const leg of r.legs) {
        if (!leg.target.startsWith('api:') || leg.share.isZero()) continue;
        const api = apiOf(leg.target, r.classId);
        const items = apiItems(componentsAt(api, cls, m), classCalls[k]!.times(leg.share), api.discount);
        const g = group(tag(items, multi ? r.classId : undefined, leg.target, label(r.classId, leg.again)));
        add(r.classId, g.cost);
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
        const owned = o.owned ? ownedItems(o, merged.input, list[0]!.share, m, cap) : [];
        return { o, i, cap, items: [...rented, ...owned], cost: sum([...rented, ...owned].map((x) => x.cost)) };
      });
      // Live reservations keep their option (gpu: auto), as in strategies.ts.
      const held = (i: number) => (pm ? Number(i === pm.option) : 0);
      const best = priced.sort((a, b) => held(b.i) - held(a.i) || a.cost.comparedTo(b.cost) || a.i - b.i)[0]!;
      if (calls.eq(portfolioVolume(input).total[m - 1]!)) chosen.set(`${name}|${m}`, best.i);
      const classes = list.map((l) => p.classes[l.k]!.id).join('+');
      const g = group(tag(best.items, multi ? classes : undefined, name, label(classes, undefined)));
      groups.push(g);
      if (!capacity || name === 'self_hosted') capacity = best.cap;
      // Shared costs by replica-seconds: GPU-hours and the deployment's fixed costs.
      const fixed = sum(selfHostedFixedItems(sh, m).map((i) => i.cost));
      const rs = list.map((l) => l.calls.times(replicaSecondsPerCall(sh, monthInput(p.classes[l.k]!.input, m))));
      const totalRs = sum(rs);
      list.forEach((l, i) => {
        const w = totalRs.isZero() ? ONE.div(list.length) : rs[i]!.div(totalRs);
        add(p.classes[l.k]!.id, g.cost.plus(fixed).times(w));
      });
    }
    const fixed = group(fixedItems(m));
    groups.push(fixed);
    const overheads = sum(overheadItems(input.overheads, st.id, m).map((i) => i.cost));
    const total = sum(classCalls);
    p.classes.forEach((c, k) => {
      const w = total.isZero() ? ONE.div(p.classes.length) : classCalls[k]!.div(total);
      add(c.id, overheads.times(w));
    });
    const perCall = perCallItems(input, st.id, p.perCallCosts, classCalls);
    for (const [cls, items] of perCall) {
      const g = group(items);
      add(cls, g.cost);
      groups.push(g);
    }
    if (calls.eq(portfolioVolume(input).total[m - 1]!)) costsByMonth.set(m, byClass);
    return { groups, capacity };
  };

  /** The month's cost as a curve in the strategy's calls, at month m's class mix and prices. */
  const curveAt = (m: number, runRate: boolean): CostCurve => {
    const v = portfolioVolume(input);
    const total = v.total[m - 1]!;
    const weights = v.classCalls.map((c) => (total.isZero() ? ONE.div(p.classes.length) : c[m - 1]!.div(total)));
    let perCall = perCallCostPerCall(input, st.id, m);
    for (const r of st.routes) {
      const k = classIndex.get(r.classId)!;
      for (const leg of r.legs) {
        if (!leg.target.startsWith('api:') || leg.share.isZero()) continue;
        const api = apiOf(leg.target, r.classId);
        perCall = perCall.plus(
          apiCostPerCall(componentsAt(api, p.classes[k]!, m), api.discount)
            .times(weights[k]!)
            .times(leg.share),
        );
      }
    }
    const recurring = (items: readonly LineItem[]) =>
      sum(
        items.filter((i) => !runRate || (i.category !== 'one_time' && i.category !== 'fine_tuning')).map((i) => i.cost),
      );
    let fixed = recurring(fixedItems(runRate ? 2 : m));
    const steps: NonNullable<CostCurve['step']>[] = [];
    const loads = loadsOf(weights);
    for (const name of used) {
      const sh = st.deployments.get(name)!;
      if (runRate) fixed = fixed.plus(fineTuningRunRate(sh));
      const list = loads.get(name)!;
      const merged = mergedLoad(p.classes, sh, list, (c) => (runRate ? c.input : monthInput(c.input, m)));
      const option = [merged.sh, ...(merged.sh.alternatives ?? [])][chosen.get(`${name}|${m}`) ?? 0]!;
      const g = gpuCurve(option, merged.input, merged.calls, m);
      fixed = fixed.plus(g.fixed);
      let gSteps = g.steps;
      if (sh.owned) {
        const part = ownedCurvePart(sh, merged.input, list[0]!.share, m, runRate);
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

  return {
    id: st.id,
    label: st.label,
    routes: st,
    split: (calls) => ({ api: calls, selfHosted: ZERO }),
    month,
    curve: (m) => curveAt(m, false),
    runRateCurve: () => curveAt(1, true),
    classCosts: (m) => costsByMonth.get(m),
    reservations: () => {
      for (const name of used) {
        const plan = planOf(name);
        if (plan) return plan;
      }
      return null;
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
      if (!sh.missingPrice?.onDemand)
        rows.push({
          kind: 'gpu_price',
          id: `${sh.gpu.id}/${sh.price.provider}`,
          as_of: sh.price.as_of,
          source: sh.price.source,
          file: sh.gpu.origin.file,
        });
      const pr = sh.profile;
      rows.push({
        kind: 'throughput_profile',
        id: `${pr.model}@${pr.gpu}/${pr.precision}/tp${pr.gpus_per_replica}`,
        as_of: pr.as_of,
        source: pr.source,
        file: pr.origin.file,
      });
      const om = sh.model;
      rows.push({ kind: 'open_model', id: om.id, as_of: om.as_of, source: om.source, file: om.origin.file });
    }
  }
  return rows;
}
