// Budgets for `llmcost check`: gathered from the scenario's `budgets:` block (each with the line it
// is written on) and from command-line flags, then measured against a report. Pure: no I/O.
import { InputError } from '../errors.js';
import { positionOf } from '../input/yaml.js';
import { dec, formatUsd, ZERO, type Decimal } from '../money.js';
import type { Report, StrategyResult } from '../report/model.js';
import type { LoadedScenario } from '../scenario/load.js';
import { STRATEGIES, type StrategyId } from '../vocabulary.js';

export const BUDGET_KINDS = ['max_monthly', 'max_tco', 'max_cost_per_1k_calls'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];
/** `plan`: the month-by-month path of `llmcost plan`, checked like a strategy (docs/plan.md). */
export type BudgetTarget = StrategyId | 'recommended' | 'plan';
export const BUDGET_TARGETS: readonly BudgetTarget[] = [...STRATEGIES, 'recommended', 'plan'];

export interface Budget {
  target: BudgetTarget;
  kind: BudgetKind;
  limit: Decimal;
  /** Where it was set: a field of the scenario (with its line) or a command-line flag. */
  origin: { flag: string } | { field: string; line?: number | undefined; col?: number | undefined };
}

export interface BudgetFlags {
  strategy?: BudgetTarget | undefined;
  maxMonthly?: number | undefined;
  maxTco?: number | undefined;
  maxCostPer1kCalls?: number | undefined;
}

const FLAG_OF: Record<BudgetKind, { key: keyof BudgetFlags; flag: string }> = {
  max_monthly: { key: 'maxMonthly', flag: '--max-monthly' },
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
  for (const kind of BUDGET_KINDS) {
    const fromFlag = flags[FLAG_OF[kind].key] as number | undefined;
    if (fromFlag !== undefined) out.push({ target: top, kind, limit: dec(fromFlag), origin: { flag: FLAG_OF[kind].flag } });
    else if (b?.[kind] !== undefined) out.push({ target: top, kind, limit: dec(b[kind]), origin: at('budgets', kind) });
  }
  for (const target of BUDGET_TARGETS) {
    const block = b?.[target];
    if (!block) continue;
    for (const kind of BUDGET_KINDS) {
      if (block[kind] !== undefined) out.push({ target, kind, limit: dec(block[kind]), origin: at('budgets', target, kind) });
    }
  }
  return out;
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
  message: string;
}

const KIND_LABEL: Record<BudgetKind, string> = { max_monthly: 'max_monthly', max_tco: 'max_tco', max_cost_per_1k_calls: 'max_cost_per_1k_calls' };

/** Money for messages: cents, or more decimals when a difference would otherwise print as $0.00. */
function usd(d: Decimal, perK = false): string {
  if (perK) return formatUsd(d, 4);
  return !d.isZero() && d.abs().lt(0.01) ? formatUsd(d, 6) : formatUsd(d);
}

const monthName = (m: { month: number; period: string | null }) => `month ${m.month}${m.period ? ` (${m.period})` : ''}`;

function resolveTarget(report: Report, budget: Budget, file: string, plan?: StrategyResult): StrategyResult {
  if (budget.target === 'plan') {
    if (plan) return plan;
    throw new Error('a plan budget was evaluated without the plan'); // the caller runs the plan first
  }
  const id = budget.target === 'recommended' ? report.recommendation?.strategy : budget.target;
  const s = id ? report.strategies.find((x) => x.id === id) : undefined;
  if (s) return s;
  const missing = report.missing.find((m) => m.id === id);
  const where = 'flag' in budget.origin ? {} : { line: budget.origin.line, col: budget.origin.col, field: budget.origin.field };
  throw new InputError({
    code: 'E_INVALID',
    file,
    ...where,
    message: `${'flag' in budget.origin ? `${budget.origin.flag}: ` : ''}a budget for '${budget.target}', which this scenario does not compute${missing ? ` (${missing.reason})` : ''}`,
    expected: `a budget for one of ${report.strategies.map((x) => x.id).join(', ')} or recommended`,
  });
}

/** `plan`: the plan's months as a strategy's (pipeline/plan.ts planAsStrategy), for `plan` budgets. */
export function evaluateBudget(report: Report, budget: Budget, file: string, plan?: StrategyResult): BudgetResult {
  const s = resolveTarget(report, budget, file, plan);
  const who: BudgetResult['strategy'] = budget.target === 'plan' ? 'plan' : s.id;
  const name = `${who}${budget.target === 'recommended' ? ' (recommended)' : ''} ${KIND_LABEL[budget.kind]}`;
  const limit = budget.limit;
  const base = { budget, strategy: who };
  switch (budget.kind) {
    case 'max_monthly': {
      const peak = s.months.reduce((a, m) => (m.cost.gt(a.cost) ? m : a), s.months[0]!);
      const first = s.months.find((m) => m.cost.gt(limit));
      if (!first) {
        return { ...base, figure: peak.cost, exceeded: false, first_month: null, first_period: null, over: null, message: `${name} ${usd(limit)} holds: the highest month is ${monthName(peak)} at ${usd(peak.cost)} (${usd(limit.minus(peak.cost))} to spare)` };
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
    case 'max_tco': {
      let cum = ZERO;
      const first = s.months.find((m) => (cum = cum.plus(m.cost)).gt(limit));
      const over = s.tco.minus(limit);
      if (!first) {
        return { ...base, figure: s.tco, exceeded: false, first_month: null, first_period: null, over: null, message: `${name} ${usd(limit)} holds: ${s.months.length}-month TCO is ${usd(s.tco)} (${usd(over.negated())} to spare)` };
      }
      return {
        ...base,
        figure: s.tco,
        exceeded: true,
        first_month: first.month,
        first_period: first.period,
        over,
        message: `${name} ${usd(limit)} exceeded: ${s.months.length}-month TCO is ${usd(s.tco)}, ${usd(over)} over; cumulative cost first passes the limit in ${monthName(first)}`,
      };
    }
    case 'max_cost_per_1k_calls': {
      const perK = s.cost_per_1k_calls;
      if (!perK) {
        return { ...base, figure: null, exceeded: false, first_month: null, first_period: null, over: null, message: `${name} ${usd(limit, true)} holds: the scenario has no calls, so there is no cost per call` };
      }
      const first = s.months.find((m) => !m.calls.isZero() && m.cost.div(m.calls).times(1000).gt(limit));
      const over = perK.minus(limit);
      if (!perK.gt(limit)) {
        return { ...base, figure: perK, exceeded: false, first_month: null, first_period: null, over: null, message: `${name} ${usd(limit, true)} holds: ${usd(perK, true)} per 1,000 calls over ${s.months.length} months${first ? ` (above the limit in ${monthName(first)} alone)` : ''}` };
      }
      const firstCost = first ? first.cost.div(first.calls).times(1000) : null;
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

export function evaluateBudgets(report: Report, budgets: readonly Budget[], file: string, plan?: StrategyResult): BudgetResult[] {
  return budgets.map((b) => evaluateBudget(report, b, file, plan));
}

