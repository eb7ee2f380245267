// Budgets for `llmcost check`: gathered from the scenario's `budgets:` block (each with the line it
// is written on) and from command-line flags, then measured against a report. Pure: no I/O.
import { InputError } from '../errors.js';
import { positionOf } from '../input/yaml.js';
import { Decimal, dec, formatUsd, ZERO } from '../money.js';
import { strategyCents } from '../report/cents.js';
import type { Report, StrategyResult } from '../report/model.js';
import type { LoadedScenario } from '../scenario/load.js';
import { STRATEGIES, type StrategyId } from '../vocabulary.js';

export const BUDGET_KINDS = ['max_monthly', 'max_annual', 'max_tco', 'max_cost_per_1k_calls'] as const;
/** The scenario's own limits, and the gate on change against a baseline (`--max-increase`). */
export type BudgetKind = (typeof BUDGET_KINDS)[number] | 'max_increase';
/** `plan`: the month-by-month path of `llmcost plan`, checked like a strategy (docs/plan.md). */
export type BudgetTarget = StrategyId | 'recommended' | 'plan';
/** The targets that have a limits block of their own in `budgets:` (a portfolio is named by `strategy:`). */
export const BUDGET_TARGETS = [...STRATEGIES, 'recommended', 'plan'] as const;

export interface Budget {
  target: BudgetTarget;
  kind: BudgetKind;
  limit: Decimal;
  /** max_increase: the limit is a percentage of the baseline's figure, not an amount. */
  percent?: boolean | undefined;
  /** max_annual: the first month of the fiscal year (budgets.fiscal_year_start), else 12-month years from month 1. */
  fiscalYearStart?: number | undefined;
  /** Where it was set: a field of the scenario (with its line) or a command-line flag. */
  origin: { flag: string } | { field: string; line?: number | undefined; col?: number | undefined };
}

export interface BudgetFlags {
  strategy?: BudgetTarget | undefined;
  maxMonthly?: number | undefined;
  maxAnnual?: number | undefined;
  maxTco?: number | undefined;
  maxCostPer1kCalls?: number | undefined;
}

const FLAG_OF: Record<(typeof BUDGET_KINDS)[number], { key: keyof BudgetFlags; flag: string }> = {
  max_monthly: { key: 'maxMonthly', flag: '--max-monthly' },
  max_annual: { key: 'maxAnnual', flag: '--max-annual' },
  max_tco: { key: 'maxTco', flag: '--max-tco' },
  max_cost_per_1k_calls: { key: 'maxCostPer1kCalls', flag: '--max-cost-per-1k-calls' },
};

/**
 * The budgets a scenario is checked against. Flags override the top-level block: `--strategy`
 * retargets its limits, and a limit flag replaces (or adds) the top-level limit of its kind.
 * Per-strategy blocks always apply.
 */
export function collectBudgets(loaded: LoadedScenario, flags: BudgetFlags = {}): Budget[] {
  const b = loaded.scenario.budgets;
  const at = (...path: string[]) => ({ field: path.join('.'), ...positionOf(loaded.parsed, path) });
  const out: Budget[] = [];
  const top: BudgetTarget = flags.strategy ?? b?.strategy ?? 'recommended';
  const fiscal = b?.fiscal_year_start === undefined ? {} : { fiscalYearStart: Number(b.fiscal_year_start) };
  const extra = (kind: BudgetKind) => (kind === 'max_annual' ? fiscal : {});
  for (const kind of BUDGET_KINDS) {
    const fromFlag = flags[FLAG_OF[kind].key] as number | undefined;
    const fromFile = b?.[kind];
    if (fromFlag !== undefined) {
      out.push({ target: top, kind, limit: dec(fromFlag), origin: { flag: FLAG_OF[kind].flag }, ...extra(kind) });
    } else if (fromFile !== undefined) {
      out.push({ target: top, kind, limit: dec(fromFile), origin: at('budgets', kind), ...extra(kind) });
    }
  }
  // The built-in blocks, then a portfolio's own (`budgets.routed:`), in the file's order.
  const own = Object.keys(loaded.scenario.strategies ?? {}).filter((k) => b?.[k] !== undefined);
  for (const target of [...BUDGET_TARGETS, ...own]) {
    // A portfolio's block was checked against the limits' schema (scenario/schema.ts).
    const block = b?.[target] as Partial<Record<(typeof BUDGET_KINDS)[number], number>> | undefined;
    if (!block) continue;
    for (const kind of BUDGET_KINDS) {
      const limit = block[kind];
      if (limit === undefined) continue;
      out.push({ target, kind, limit: dec(limit), origin: at('budgets', target, kind), ...extra(kind) });
    }
  }
  if (b?.fiscal_year_start !== undefined && !loaded.scenario.start_month && out.some((x) => x.kind === 'max_annual')) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('budgets', 'fiscal_year_start'),
      message: 'fiscal years need calendar months, and the scenario has no start_month',
      expected: 'start_month: YYYY-MM (or --start-month), or no fiscal_year_start (12-month years from month 1)',
    });
  }
  return out;
}

/** The budgets block's `strategy` when the file states one (its default, `recommended`, is not stated). */
export function statedStrategy(loaded: LoadedScenario): BudgetTarget | undefined {
  const data = loaded.parsed.data as { budgets?: { strategy?: unknown } } | null;
  const s = data?.budgets?.strategy;
  // Any name the schema let through: a built-in strategy, a portfolio (`strategies:`), recommended, plan.
  return typeof s === 'string' ? s : undefined;
}

export interface BudgetResult {
  budget: Budget;
  strategy: StrategyId | 'plan';
  /** The figure compared with the limit: peak month, TCO, or TCO per 1,000 calls. */
  figure: Decimal | null;
  exceeded: boolean;
  /** Month in which the limit is first crossed (monthly cost, cumulative cost, or that month's cost per 1k calls). */
  first_month: number | null;
  first_period: string | null;
  /** How far over: the first crossing month's cost over the limit (max_monthly), else figure − limit. */
  over: Decimal | null;
  /** max_annual: the year that failed, named ("year 2 (months 13-24)", "FY2028 (2027-04 to 2028-03)"). */
  year?: string | undefined;
  /** max_increase: the baseline's figure the change is measured from. */
  baseline?: Decimal | undefined;
  message: string;
}

const KIND_LABEL: Record<BudgetKind, string> = {
  max_monthly: 'max_monthly',
  max_annual: 'max_annual',
  max_tco: 'max_tco',
  max_cost_per_1k_calls: 'max_cost_per_1k_calls',
  max_increase: 'max_increase',
};

/** One budget year: its label, its months (cents), and its limit (prorated by months for a partial year). */
export interface BudgetYear {
  label: string;
  months: Array<{ month: number; period: string | null; cost: Decimal }>;
  limit: Decimal;
}

/**
 * The years a max_annual budget is checked over. Without a fiscal year: 12-month years from month 1
 * ("year 2 (months 13-24, 2028-01 to 2028-12)"). With `fiscal_year_start`: fiscal years named by
 * the calendar year they end in ("FY2028 (2027-04 to 2028-03)"). A year the horizon covers only
 * in part gets the limit × its months ÷ 12.
 */
export function budgetYears(
  months: ReadonlyArray<{ month: number; period: string | null; cost: Decimal }>,
  annual: Decimal,
  fiscalYearStart?: number,
): BudgetYear[] {
  const groups: Array<{ key: string; months: Array<(typeof months)[number]> }> = [];
  for (const m of months) {
    let key: string;
    if (fiscalYearStart !== undefined && m.period) {
      const [y, mm] = m.period.split('-').map(Number) as [number, number];
      key = `FY${fiscalYearStart === 1 || mm < fiscalYearStart ? y : y + 1}`;
    } else key = `year ${Math.floor((m.month - 1) / 12) + 1}`;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.months.push(m);
    else groups.push({ key, months: [m] });
  }
  return groups.map((g) => {
    const a = g.months[0]!;
    const z = g.months[g.months.length - 1]!;
    const periods = a.period && z.period ? `${a.period} to ${z.period}` : '';
    const span = g.key.startsWith('FY') ? periods : `months ${a.month}-${z.month}${periods ? `, ${periods}` : ''}`;
    const part = g.months.length < 12 ? `; ${g.months.length} of 12 months` : '';
    return { label: `${g.key} (${span}${part})`, months: g.months, limit: annual.times(g.months.length).div(12) };
  });
}

/** Money for messages: cents, or more decimals when a difference would otherwise print as $0.00. */
function money(d: Decimal, currency: string, perK = false): string {
  if (perK) return formatUsd(d, 4, currency);
  return !d.isZero() && d.abs().lt(0.01) ? formatUsd(d, 6, currency) : formatUsd(d, 2, currency);
}

const monthName = (m: { month: number; period: string | null }) =>
  `month ${m.month}${m.period ? ` (${m.period})` : ''}`;

function resolveTarget(report: Report, budget: Budget, file: string, plan?: StrategyResult): StrategyResult {
  if (budget.target === 'plan') {
    if (plan) return plan;
    throw new Error('a plan budget was evaluated without the plan'); // the caller runs the plan first
  }
  const id = budget.target === 'recommended' ? report.recommendation?.strategy : budget.target;
  const s = id ? report.strategies.find((x) => x.id === id) : undefined;
  if (s) return s;
  const missing = report.missing.find((m) => m.id === id);
  const where =
    'flag' in budget.origin ? {} : { line: budget.origin.line, col: budget.origin.col, field: budget.origin.field };
  throw new InputError({
    code: 'E_INVALID',
    file,
    ...where,
    message: `${'flag' in budget.origin ? `${budget.origin.flag}: ` : ''}a budget for '${budget.target}', which this scenario does not compute${missing ? ` (${missing.reason})` : ''}`,
    expected: `a budget for one of ${report.strategies.map((x) => x.id).join(', ')} or recommended`,
  });
}

/** Cost per 1,000 calls as printed (4 decimals, half up): what a per-1k limit is compared with. */
export const perKPrinted = (d: Decimal): Decimal => d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);

/**
 * Money budgets are compared with the figures as every report prints them: the cents of the one
 * allocation (cents.ts), so a limit equal to a printed month or TCO holds and a cent less fails.
 * Per-1k budgets are compared at the 4 decimals printed. `plan`: the plan's months as a strategy's
 * (pipeline/plan.ts planAsStrategy).
 */
export function evaluateBudget(report: Report, budget: Budget, file: string, planned?: StrategyResult): BudgetResult {
  const usd = (d: Decimal, perK = false) => money(d, report.currency, perK);
  const s0 = resolveTarget(report, budget, file, planned);
  const plan = strategyCents(s0);
  const s = { ...s0, tco: plan.total, months: s0.months.map((m, i) => ({ ...m, cost: plan.months[i]! })) };
  const who: BudgetResult['strategy'] = budget.target === 'plan' ? 'plan' : s.id;
  const name = `${who}${budget.target === 'recommended' ? ' (recommended)' : ''} ${KIND_LABEL[budget.kind]}`;
  const limit = budget.limit;
  const base = { budget, strategy: who };
  switch (budget.kind) {
    case 'max_monthly': {
      const peak = s.months.reduce((a, m) => (m.cost.gt(a.cost) ? m : a), s.months[0]!);
      const first = s.months.find((m) => m.cost.gt(limit));
      if (!first) {
        return {
          ...base,
          figure: peak.cost,
          exceeded: false,
          first_month: null,
          first_period: null,
          over: null,
          message: `${name} ${usd(limit)} holds: the highest month is ${monthName(peak)} at ${usd(peak.cost)} (${usd(limit.minus(peak.cost))} to spare)`,
        };
      }
      const over = first.cost.minus(limit);
      return {
        ...base,
        figure: peak.cost,
        exceeded: true,
        first_month: first.month,
        first_period: first.period,
        over,
        message: `${name} ${usd(limit)} exceeded: first crossed in ${monthName(first)} at ${usd(first.cost)}, ${usd(over)} over; the highest month is ${monthName(peak)} at ${usd(peak.cost)}`,
      };
    }
    case 'max_annual': {
      const years = budgetYears(s.months, limit, budget.fiscalYearStart);
      const total = (y: BudgetYear) => y.months.reduce((a, m) => a.plus(m.cost), ZERO);
      const failing = years.find((y) => total(y).gt(y.limit));
      // The tightest year when all hold: the one with the least to spare against its (prorated) limit.
      const tight = years.reduce((a, y) => (total(y).minus(y.limit).gt(total(a).minus(a.limit)) ? y : a), years[0]!);
      const prorated = (y: BudgetYear) => (y.months.length < 12 ? ` (${usd(y.limit)} prorated)` : '');
      if (!failing) {
        const spare = usd(tight.limit.minus(total(tight)));
        const at = `${usd(total(tight))}${prorated(tight)}`;
        const message = `${name} ${usd(limit)} holds: the tightest year is ${tight.label} at ${at}, ${spare} to spare`;
        const none = { first_month: null, first_period: null, over: null };
        return { ...base, figure: total(tight), exceeded: false, ...none, message };
      }
      const over = total(failing).minus(failing.limit);
      const first = failing.months[0]!;
      const cost = `${usd(total(failing))}${prorated(failing)}`;
      return {
        ...base,
        figure: total(failing),
        exceeded: true,
        first_month: first.month,
        first_period: first.period,
        over,
        year: failing.label,
        message: `${name} ${usd(limit)} exceeded in ${failing.label}: ${cost}, ${usd(over)} over`,
      };
    }
    case 'max_increase':
      throw new Error('max_increase is evaluated against a baseline (evaluateIncrease)');
    case 'max_tco': {
      let cum = ZERO;
      const first = s.months.find((m) => (cum = cum.plus(m.cost)).gt(limit));
      const over = s.tco.minus(limit);
      // The TCO includes reserved terms owed after the horizon (in no month): they can pass the limit.
      if (!s.tco.gt(limit)) {
        return {
          ...base,
          figure: s.tco,
          exceeded: false,
          first_month: null,
          first_period: null,
          over: null,
          message: `${name} ${usd(limit)} holds: ${s.months.length}-month TCO is ${usd(s.tco)} (${usd(over.negated())} to spare)`,
        };
      }
      return {
        ...base,
        figure: s.tco,
        exceeded: true,
        first_month: first?.month ?? null,
        first_period: first?.period ?? null,
        over,
        message: `${name} ${usd(limit)} exceeded: ${s.months.length}-month TCO is ${usd(s.tco)}, ${usd(over)} over; ${first ? `cumulative cost first passes the limit in ${monthName(first)}` : 'reserved terms owed after the horizon take it past the limit'}`,
      };
    }
    case 'max_cost_per_1k_calls': {
      const perK = s.cost_per_1k_calls ? perKPrinted(s.cost_per_1k_calls) : null;
      if (!perK) {
        return {
          ...base,
          figure: null,
          exceeded: false,
          first_month: null,
          first_period: null,
          over: null,
          message: `${name} ${usd(limit, true)} holds: the scenario has no calls, so there is no cost per call`,
        };
      }
      const first = s.months.find((m) => !m.calls.isZero() && perKPrinted(m.cost.div(m.calls).times(1000)).gt(limit));
      const over = perK.minus(limit);
      if (!perK.gt(limit)) {
        return {
          ...base,
          figure: perK,
          exceeded: false,
          first_month: null,
          first_period: null,
          over: null,
          message: `${name} ${usd(limit, true)} holds: ${usd(perK, true)} per 1,000 calls over ${s.months.length} months${first ? ` (above the limit in ${monthName(first)} alone)` : ''}`,
        };
      }
      const firstCost = first ? perKPrinted(first.cost.div(first.calls).times(1000)) : null;
      return {
        ...base,
        figure: perK,
        exceeded: true,
        first_month: first?.month ?? null,
        first_period: first?.period ?? null,
        over,
        message: `${name} ${usd(limit, true)} exceeded: ${usd(perK, true)} per 1,000 calls over ${s.months.length} months, ${usd(over, true)} over${first && firstCost ? `; first above the limit in ${monthName(first)} at ${usd(firstCost, true)}` : ''}`,
      };
    }
  }
}

export function evaluateBudgets(
  report: Report,
  budgets: readonly Budget[],
  file: string,
  plan?: StrategyResult,
): BudgetResult[] {
  return budgets.map((b) => evaluateBudget(report, b, file, plan));
}

/** `--max-increase`: an amount in USD ("5000") or a percentage of the baseline ("10%"). */
export interface IncreaseGate {
  limit: Decimal;
  percent: boolean;
}

export function parseIncrease(value: string): IncreaseGate {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!m || Number(m[1]) > 1e15) {
    throw new InputError({
      code: 'E_USAGE',
      field: '--max-increase',
      message: `'${value}' is not an increase`,
      expected: "a percentage (10%) or an amount in the scenario's currency (5000), 0 or more, without separators",
    });
  }
  return { limit: dec(m[1]!), percent: m[2] === '%' };
}

const pct = (d: Decimal) => `${d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()}%`;

/**
 * The gate on change: each strategy's TCO (in the cents every report prints) in HEAD against the
 * baseline. `target` set (the budget's strategy, or --strategy): that strategy only; else every
 * strategy both compute. Exceeded when the rise is above the amount, or above the percentage of the
 * baseline's TCO (any rise from a zero baseline is above every percentage).
 */
export function evaluateIncrease(
  head: Report,
  base: Report,
  gate: IncreaseGate,
  target: BudgetTarget | undefined,
  file: string,
): BudgetResult[] {
  const usd = (d: Decimal) => money(d, head.currency);
  const invalid = (message: string, expected: string) =>
    new InputError({ code: 'E_INVALID', file, message: `--max-increase: ${message}`, expected });
  // A difference between two currencies means nothing: refuse rather than mix them.
  if (head.currency !== base.currency) {
    throw invalid(
      `the scenario is in ${head.currency} and its baseline in ${base.currency}`,
      'a baseline in the same currency',
    );
  }
  const both = head.strategies.filter((s) => base.strategies.some((b) => b.id === s.id));
  const budgetOf = (t: BudgetTarget): Budget => ({
    target: t,
    kind: 'max_increase',
    limit: gate.limit,
    percent: gate.percent,
    origin: { flag: '--max-increase' },
  });
  let pairs: Array<{ s: StrategyResult; budget: Budget }>;
  if (target) {
    const s = resolveTarget(head, budgetOf(target), file);
    if (!base.strategies.some((b) => b.id === s.id)) {
      const common = both.map((x) => x.id).join(', ') || '(none)';
      throw invalid(
        `the baseline does not compute '${s.id}', so there is nothing to compare it with`,
        `a strategy both compute: ${common}`,
      );
    }
    pairs = [{ s, budget: budgetOf(target) }];
  } else {
    if (both.length === 0) {
      throw invalid(
        'the scenario and its baseline have no strategy in common',
        'a baseline that computes one of the same strategies',
      );
    }
    pairs = both.map((s) => ({ s, budget: budgetOf(s.id) }));
  }
  return pairs.map(({ s, budget }) => {
    const headTco = strategyCents(s).total;
    const baseTco = strategyCents(base.strategies.find((b) => b.id === s.id)!).total;
    const rise = headTco.minus(baseTco);
    const allowed = gate.percent ? baseTco.times(gate.limit).div(100) : gate.limit;
    const exceeded = gate.percent && baseTco.isZero() ? rise.gt(0) : rise.gt(allowed);
    const shown = gate.percent ? `${gate.limit.toFixed()}%` : usd(gate.limit);
    const name = `${s.id}${budget.target === 'recommended' ? ' (recommended)' : ''} max_increase ${shown}`;
    const sign = rise.isNegative() ? '' : '+';
    const relative = baseTco.isZero() ? '' : `, ${sign}${pct(rise.div(baseTco).times(100))}`;
    const change = `TCO ${usd(baseTco)} -> ${usd(headTco)} (${sign}${usd(rise)}${relative})`;
    const message = exceeded
      ? `${name} exceeded: ${change}, ${usd(rise.minus(allowed))} above the allowed rise of ${usd(allowed)}`
      : `${name} holds: ${change}${rise.gt(0) ? `, ${usd(allowed.minus(rise))} to spare` : ''}`;
    const over = exceeded ? rise.minus(allowed) : null;
    return {
      budget,
      strategy: s.id,
      figure: headTco,
      exceeded,
      first_month: null,
      first_period: null,
      over,
      baseline: baseTco,
      message,
    };
  });
}
