// The cheapest path between strategies over the horizon (`llmcost plan`), found exactly by dynamic
// programming. Pure: the engine's input, its report and the plan in; a plan report out.
//
// Every cost comes from the engine's own line items: the report's months (what each strategy costs
// serving the scenario's traffic) and the report of a zero-traffic copy of the same input (what a
// strategy costs standing idle: minimum replicas, staff, overheads, fine-tuning, reservations). Nothing
// here prices anything itself; it only moves the engine's items in time:
// - a strategy's one-time items and fine-tuning runs start at its segment's first provisioning month
//   (month 1 for the strategy that starts), not at month 1 of the horizon;
// - in the lead months before a switch takes effect, the target bills its zero-traffic items beyond
//   what the strategy still serving pays for the same thing (same item source);
// - reserved replicas bought at a segment's first provisioning month renew term after term (12 or 36
//   months) while the strategy serves, and stay billed to the end of the term in progress after the
//   segment ends (up to the horizon).
//
// The state of the search is (strategy, first provisioning month, first serving month, once-switches
// used): the provisioning month places the fine-tuning runs and the end of the reservation term, the
// serving month gives the months since the last switch. Each state's segment ends at a switch month e
// (or runs to the horizon); segments only go forward in time, so states are settled in order of
// their serving month. No grid, no sampling: every feasible plan is one path through these states.
import { Decimal, ONE, sum, ZERO } from '../money.js';
import type { Report, StrategyResult } from '../report/model.js';
import {
  PLAN_SCHEMA_VERSION,
  type PlanItem,
  type PlanMonth,
  type PlanReport,
  type PlanRole,
  type PlanSegment,
  type PlanSwitchResult,
} from '../report/plan.js';
import type { PlanBlock } from '../scenario/schema.js';
import type { LineItem, StrategyId } from '../vocabulary.js';
import { compareEngine } from './compare.js';
import type { EngineInput, EngineSelfHosted } from './input.js';
import { lineItem, scenarioSource } from './items.js';
import { periodOf } from './volume.js';

/** One move the plan may make (scenario `plan.switches[index]`; index null when switching is free). */
export interface PlanMove {
  from: StrategyId;
  to: StrategyId;
  oneTime: Decimal;
  leadMonths: number;
  once: boolean;
  index: number | null;
}

export interface PlanSpec {
  start?: StrategyId | undefined;
  moves: PlanMove[];
  minGap: number;
  /** No `plan:` block: every computed strategy may switch to every other, free and immediate. */
  freeSwitching: boolean;
}

/** The scenario's `plan:` block as the optimiser's input; without one, free switching between all. */
export function planSpecOf(block: PlanBlock | undefined, computed: readonly StrategyId[]): PlanSpec {
  if (!block) {
    const moves = computed.flatMap((from) =>
      computed
        .filter((to) => to !== from)
        .map((to): PlanMove => ({ from, to, oneTime: ZERO, leadMonths: 0, once: false, index: null })),
    );
    return { moves, minGap: 1, freeSwitching: true };
  }
  const moves = block.switches.map(
    (s, index): PlanMove => ({
      from: s.from,
      to: s.to,
      oneTime: new Decimal(s.one_time),
      leadMonths: s.lead_months,
      once: s.once,
      index,
    }),
  );
  return { start: block.start, moves, minGap: block.min_months_between_switches, freeSwitching: false };
}

/** Months a reserved commitment runs, counted from its first provisioning month. */
const COMMITMENT_TERMS: ReadonlyArray<{ commitment: string; months: number }> = [
  { commitment: 'reserved_1y', months: 12 },
  { commitment: 'reserved_3y', months: 36 },
];

/** The term of a GPU item billed at a reserved rate (its source names the commitment), else null. */
function termOf(item: LineItem): number | null {
  if (item.category !== 'gpu') return null;
  return COMMITMENT_TERMS.find((t) => item.source.includes(`.${t.commitment}@`))?.months ?? null;
}

const MOVED: ReadonlySet<string> = new Set(['one_time', 'fine_tuning']);
const costOf = (items: readonly LineItem[]): Decimal => sum(items.map((i) => i.cost));

/** One strategy's items, split so the plan can move them in time. Arrays are indexed by month − 1. */
export interface Costs {
  id: StrategyId;
  /** Serving the month's traffic, without one-time items and fine-tuning runs. */
  run: LineItem[][];
  runCost: Decimal[];
  /** runPrefix[m] = the run cost of months 1..m. */
  runPrefix: Decimal[];
  oneTime: LineItem[];
  /** A fine-tuning run's items were one to fall in the month. */
  fineTuning: LineItem[][];
  /** At zero traffic, without one-time items and fine-tuning runs. */
  standing: LineItem[][];
  /** Reserved GPU items at zero traffic, each with its term. */
  reserved: Array<Array<{ item: LineItem; term: number }>>;
}

/** The same input at zero traffic, with a fine-tuning run in every month (to price a run in any month). */
function idleCopy(input: EngineInput): EngineInput {
  const everyMonth = (sh: EngineSelfHosted): EngineSelfHosted =>
    sh.fineTuning ? { ...sh, fineTuning: { ...sh.fineTuning, everyMonths: 1 } } : sh;
  const sh = input.selfHosted;
  const idle = (i: EngineInput): EngineInput => ({
    ...i,
    workload: { ...i.workload, growth: i.workload.growth.map(() => ZERO) },
  });
  // A portfolio's classes carry their own volumes: idle each of them too.
  const p = input.portfolio;
  return {
    ...input,
    ...(p ? { portfolio: { ...p, classes: p.classes.map((c) => ({ ...c, input: idle(c.input) })) } } : {}),
    workload: { ...input.workload, growth: input.workload.growth.map(() => ZERO) },
    ...(sh
      ? {
          selfHosted: {
            ...everyMonth(sh),
            ...(sh.alternatives ? { alternatives: sh.alternatives.map(everyMonth) } : {}),
          },
        }
      : {}),
  };
}

function costsOf(served: StrategyResult, idle: StrategyResult): Costs {
  const run = served.months.map((m) => m.items.filter((i) => !MOVED.has(i.category)));
  const runCost = run.map(costOf);
  const runPrefix = [ZERO];
  for (const [i, c] of runCost.entries()) runPrefix.push(runPrefix[i]!.plus(c));
  return {
    id: served.id,
    run,
    runCost,
    runPrefix,
    oneTime: served.months[0]?.items.filter((i) => i.category === 'one_time') ?? [],
    fineTuning: idle.months.map((m) => m.items.filter((i) => i.category === 'fine_tuning')),
    standing: idle.months.map((m) =>
      m.items.filter((i) => !MOVED.has(i.category) && (!i.cost.isZero() || i.missing_price !== undefined)),
    ),
    reserved: idle.months.map((m) =>
      m.items.flatMap((item) => {
        const term = termOf(item);
        return term === null ? [] : [{ item, term }];
      }),
    ),
  };
}

/** `mine` beyond what `theirs` already pays for the same things (items with the same source). */
function beyond(mine: readonly LineItem[], theirs: readonly LineItem[], who: StrategyId): LineItem[] {
  const paid = new Map<string, Decimal>();
  for (const i of theirs) paid.set(i.source, (paid.get(i.source) ?? ZERO).plus(i.cost));
  const groups = new Map<string, LineItem[]>();
  for (const i of mine) groups.set(i.source, [...(groups.get(i.source) ?? []), i]);
  const out: LineItem[] = [];
  for (const [source, items] of groups) {
    const already = paid.get(source) ?? ZERO;
    const cost = costOf(items);
    if (already.isZero() || items.some((i) => i.missing_price !== undefined)) out.push(...items);
    else if (cost.gt(already)) {
      const first = items[0]!;
      const unit_price = cost.minus(already);
      out.push(
        lineItem({
          category: first.category,
          name: `${first.name}, beyond what ${who} pays`,
          quantity: ONE,
          unit: 'month',
          unit_price,
          source,
        }),
      );
    }
  }
  return out;
}

/** The target's one-time items, less those the strategy it replaces already paid (same source). */
function setupOneTime(to: Costs, from: Costs | undefined): LineItem[] {
  const had = new Set(from?.oneTime.map((i) => i.source) ?? []);
  return to.oneTime.filter((i) => !had.has(i.source));
}

/** Arithmetic the search runs on: exact Decimals for the plan, floats for the sampled analyses. */
export interface PlanArithmetic<T> {
  zero: T;
  add(a: T, b: T): T;
  lt(a: T, b: T): boolean;
}

/** What the search asks of a cost model (the months are 1-based). */
export interface PlanCostModel<T> extends PlanArithmetic<T> {
  /** Serving month m on `id`, without its one-time items and fine-tuning runs. */
  run(id: StrategyId, m: number): T;
  /** A periodic fine-tuning run of a segment provisioned from p, falling in month m (else zero). */
  periodic(id: StrategyId, p: number, m: number): T;
  /** Entering `to`, provisioned from p: its one-time items (less those `move.from` paid) and first run. */
  setup(move: PlanMove | null, to: StrategyId, p: number): T;
  /** A switch taking effect in month e, provisioned from p: the one leaving (provisioned from `pFrom`)
   * keeps its reservation to the end of its term; the target's lead months; the switch's one-time. */
  change(move: PlanMove, pFrom: number, p: number, e: number): T;
}

export interface PlanState<T> {
  strategy: StrategyId;
  /** First provisioning month and first serving month. */
  p: number;
  s: number;
  /** Bit i set: once-switch i has been used. */
  used: number;
  cost: T;
  back: { prev: PlanState<T>; move: PlanMove } | null;
}

export interface PlanProblem {
  horizon: number;
  start: StrategyId;
  moves: readonly PlanMove[];
  minGap: number;
}

/** The cheapest path: its segments (each with the move into it) and its cost. */
export function searchPlan<T>(
  problem: PlanProblem,
  c: PlanCostModel<T>,
): { path: Array<{ state: PlanState<T>; move: PlanMove | null }>; cost: T } {
  const { horizon: H, start, moves, minGap } = problem;
  const once = moves.filter((m) => m.once);
  const buckets: Array<Map<string, PlanState<T>>> = Array.from({ length: H + 2 }, () => new Map());
  const relax = (st: PlanState<T>) => {
    const key = `${st.strategy}|${st.p}|${st.used}`;
    const old = buckets[st.s]!.get(key);
    if (!old || c.lt(st.cost, old.cost)) buckets[st.s]!.set(key, st);
  };
  relax({ strategy: start, p: 1, s: 1, used: 0, cost: c.setup(null, start, 1), back: null });
  let best: { state: PlanState<T>; cost: T } | null = null;
  for (let s = 1; s <= H; s++) {
    for (const st of buckets[s]!.values()) {
      const id = st.strategy;
      // Fine-tuning runs in the lead months (the first one, at p, is in the state's cost already).
      let acc = st.cost;
      for (let m = st.p + 1; m < s; m++) acc = c.add(acc, c.periodic(id, st.p, m));
      for (let e = s + 1; e <= H + 1; e++) {
        const m = e - 1; // the month just served
        acc = c.add(c.add(acc, c.run(id, m)), c.periodic(id, st.p, m));
        if (e === H + 1) {
          if (!best || c.lt(acc, best.cost)) best = { state: st, cost: acc };
          break;
        }
        if (st.back && e - s < minGap) continue;
        for (const mv of moves) {
          if (mv.from !== id || e - mv.leadMonths < s) continue;
          const bit = mv.once ? 1 << once.indexOf(mv) : 0;
          if (st.used & bit) continue;
          const p = e - mv.leadMonths;
          const cost = c.add(c.add(acc, c.change(mv, st.p, p, e)), c.setup(mv, mv.to, p));
          relax({ strategy: mv.to, p, s: e, used: st.used | bit, cost, back: { prev: st, move: mv } });
        }
      }
    }
  }
  const path: Array<{ state: PlanState<T>; move: PlanMove | null }> = [];
  for (let st: PlanState<T> | null = best!.state; st; st = st.back?.prev ?? null) {
    path.unshift({ state: st, move: st.back?.move ?? null });
  }
  return { path, cost: best!.cost };
}

/**
 * A plan's costs, worked out once from the engine's reports: the exact pieces the search and the
 * sampled analyses (src/uncertainty/plan.ts) both use.
 */
export interface PreparedPlan {
  problem: PlanProblem;
  spec: PlanSpec;
  report: Report;
  input: EngineInput;
  C: (id: StrategyId) => Costs;
  lead: Map<PlanMove, { items: LineItem[][]; prefix: Decimal[] }>;
  runsAt: (p: number, m: number) => boolean;
  tailItems: (id: StrategyId, p: number, e: number) => Array<{ month: number; item: LineItem }>;
  /** The exact cost model. */
  exact: PlanCostModel<Decimal>;
}

export function preparePlan(input: EngineInput, report: Report, spec: PlanSpec): PreparedPlan {
  const H = input.horizonMonths;
  const idle = compareEngine(idleCopy(input));
  const costs = new Map<StrategyId, Costs>();
  for (const s of report.strategies) costs.set(s.id, costsOf(s, idle.strategies.find((x) => x.id === s.id)!));
  const moves = spec.moves.filter((m) => costs.has(m.from) && costs.has(m.to));
  const start = spec.start ?? [...report.strategies].sort((a, b) => a.month1_cost.comparedTo(b.month1_cost))[0]!.id;
  const every = input.selfHosted?.fineTuning?.everyMonths;
  const C = (id: StrategyId): Costs => costs.get(id)!;

  // Lead-month items of each move's target, month by month, and their running sum.
  const lead = new Map<PlanMove, { items: LineItem[][]; prefix: Decimal[] }>();
  for (const mv of moves) {
    const items = C(mv.to).standing.map((mine, i) => beyond(mine, C(mv.from).run[i]!, mv.from));
    const prefix = [ZERO];
    for (const [i, its] of items.entries()) prefix.push(prefix[i]!.plus(costOf(its)));
    lead.set(mv, { items, prefix });
  }
  const runsAt = (p: number, m: number) => m > p && every !== undefined && (m - p) % every === 0;
  const ftCost = (id: StrategyId, m: number) => costOf(C(id).fineTuning[m - 1]!);
  const tailItems = (id: StrategyId, p: number, e: number): Array<{ month: number; item: LineItem }> => {
    const out: Array<{ month: number; item: LineItem }> = [];
    // While a strategy serves, its reservation renews term after term (the engine bills it every
    // month); leaving ends it at the end of the term in progress.
    const termEnd = (term: number) => p + term * Math.ceil((e - p) / term) - 1;
    for (let m = e; m <= H; m++) {
      for (const r of C(id).reserved[m - 1]!) if (m <= termEnd(r.term)) out.push({ month: m, item: r.item });
    }
    return out;
  };
  const exact: PlanCostModel<Decimal> = {
    zero: ZERO,
    add: (a, b) => a.plus(b),
    lt: (a, b) => a.lt(b),
    run: (id, m) => C(id).runCost[m - 1]!,
    periodic: (id, p, m) => (runsAt(p, m) ? ftCost(id, m) : ZERO),
    setup: (mv, to, p) => costOf(setupOneTime(C(to), mv ? C(mv.from) : undefined)).plus(ftCost(to, p)),
    change: (mv, pFrom, p, e) => {
      const l = lead.get(mv)!;
      const tail = sum(tailItems(mv.from, pFrom, e).map((t) => t.item.cost));
      return tail.plus(l.prefix[e - 1]!.minus(l.prefix[p - 1]!)).plus(mv.oneTime);
    },
  };
  return {
    problem: { horizon: H, start, moves, minGap: spec.minGap },
    spec,
    report,
    input,
    C,
    lead,
    runsAt,
    tailItems,
    exact,
  };
}

export function planEngine(input: EngineInput, report: Report, spec: PlanSpec): PlanReport {
  return planOfPrepared(preparePlan(input, report, spec));
}

/** The exact plan of a prepared problem. */
export function planOfPrepared(prepared: PreparedPlan): PlanReport {
  const { path, cost } = searchPlan(prepared.problem, prepared.exact);
  return assemble(prepared, path, cost);
}

/** The chosen path as months of items (every total the sum of its items), switches and comparisons. */
function assemble(
  h: PreparedPlan,
  path: Array<{ state: PlanState<Decimal>; move: PlanMove | null }>,
  optimum: Decimal,
): PlanReport {
  const { input, report, spec } = h;
  const start = h.problem.start;
  const H = input.horizonMonths;
  const items: PlanItem[][] = Array.from({ length: H }, () => []);
  const serving: StrategyId[] = Array.from({ length: H }, () => start);
  const provisioning: StrategyId[][] = Array.from({ length: H }, () => []);
  const add = (m: number, role: PlanRole, strategy: StrategyId, its: readonly LineItem[]) => {
    for (const it of its) items[m - 1]!.push({ ...it, role, strategy });
  };
  const segments: PlanSegment[] = [];
  const switches: PlanSwitchResult[] = [];
  path.forEach(({ state, move }, k) => {
    const { strategy: id, p, s } = state;
    const e = path[k + 1]?.state.s ?? H + 1;
    const mine = h.C(id);
    const setupRole: PlanRole = move ? 'provisioning' : 'serving';
    const setup = [...setupOneTime(mine, move ? h.C(move.from) : undefined), ...mine.fineTuning[p - 1]!];
    add(p, setupRole, id, setup);
    for (let m = p; m < s; m++) {
      provisioning[m - 1]!.push(id);
      add(m, 'provisioning', id, h.lead.get(move!)!.items[m - 1]!);
    }
    for (let m = p + 1; m < e; m++)
      if (h.runsAt(p, m)) add(m, m < s ? 'provisioning' : 'serving', id, mine.fineTuning[m - 1]!);
    for (let m = s; m < e; m++) {
      serving[m - 1] = id;
      add(m, 'serving', id, mine.run[m - 1]!);
    }
    const tail = h.tailItems(id, p, e);
    for (const t of tail) add(t.month, 'commitment', id, [t.item]);
    segments.push({ strategy: id, provisioning_from: move ? p : null, serving_from: s, serving_to: e - 1 });
    if (move) {
      if (!move.oneTime.isZero()) {
        const field = move.index === null ? 'plan' : `plan.switches[${move.index}].one_time`;
        const it = lineItem({
          category: 'one_time',
          name: `switch ${move.from} → ${id}`,
          quantity: ONE,
          unit: 'one-time',
          unit_price: move.oneTime,
          source: scenarioSource(field),
        });
        add(s, 'switch', id, [it]);
      }
      const lead = h.lead.get(move)!;
      switches.push({
        month: s,
        from: move.from,
        to: id,
        lead_months: move.leadMonths,
        one_time: move.oneTime,
        lead_cost: lead.prefix[s - 1]!.minus(lead.prefix[p - 1]!),
        setup_cost: costOf(setup),
        commitment_cost: ZERO,
        cheaper_from: null,
        payback_month: null,
      });
    }
  });
  // Reservation tails belong to the switch that ends each segment; explain facts per switch.
  switches.forEach((sw, i) => {
    const seg = path[i]!.state;
    sw.commitment_cost = sum(h.tailItems(seg.strategy, seg.p, sw.month).map((t) => t.item.cost));
    const from = h.C(sw.from).runCost;
    const to = h.C(sw.to).runCost;
    let cheaper: number | null = null;
    for (let m = H; m >= 1 && to[m - 1]!.lt(from[m - 1]!); m--) cheaper = m;
    sw.cheaper_from = cheaper;
    const owed = sw.one_time.plus(sw.lead_cost).plus(sw.setup_cost).plus(sw.commitment_cost);
    let saved = ZERO;
    for (let m = sw.month; m <= H && sw.payback_month === null; m++) {
      saved = saved.plus(from[m - 1]!).minus(to[m - 1]!);
      if (saved.gte(owed)) sw.payback_month = m;
    }
  });
  const months: PlanMonth[] = items.map((its, i) => ({
    month: i + 1,
    period: periodOf(input.startMonth, i + 1),
    strategy: serving[i]!,
    provisioning: provisioning[i]!,
    cost: costOf(its),
    items: its,
  }));
  const tco = sum(months.map((m) => m.cost));
  // The search and the items it is read back into are two computations of one number.
  if (!tco.eq(optimum))
    throw new Error(
      `plan: the items of the chosen path (${tco.toFixed()}) differ from its cost (${optimum.toFixed()})`,
    );
  // Like against like: the plan bills its months (reserved terms up to the horizon), so a strategy alone
  // is its months too — what its terms owe after the horizon (commitment_after_horizon) is left out.
  const within = (s: StrategyResult) => s.tco.minus(s.by_category.commitment_after_horizon);
  const ranked = [...report.strategies].sort((a, b) => within(a).comparedTo(within(b)));
  const versus = (s: StrategyResult) => ({ strategy: s.id, tco: within(s), saving: within(s).minus(tco) });
  const lowerBound = months.some((m) => m.items.some((i) => i.missing_price !== undefined));
  return {
    schema_version: PLAN_SCHEMA_VERSION,
    scenario: report.scenario,
    currency: report.currency,
    horizon_months: H,
    start_month: report.start_month,
    plan: {
      start,
      tco,
      ...(lowerBound ? { lower_bound: true } : {}),
      free_switching: spec.freeSwitching,
      min_months_between_switches: spec.minGap,
      segments,
      months,
      switches,
      versus_static: versus(ranked[0]!),
      versus_start: versus(report.strategies.find((s) => s.id === start)!),
    },
  };
}
