// The rules of a portfolio scenario that span blocks (docs/scenario.md § workloads): one workload form,
// class ids once each, names that do not reuse reserved words, routes that cover every class exactly
// once and name targets the scenario defines, per-call costs and overheads that name strategies and
// classes that exist. Model ids behind `api:` targets are checked against the tables when resolving.
import { didYouMean } from '../suggest.js';
import { STRATEGIES } from '../vocabulary.js';

/** The class id of a one-class scenario (`workload:`), as routes and per-call costs name it. */
export const SINGLE_CLASS_ID = 'workload';
/** The default self-hosted deployment's name in routes: the scenario's `self_hosted:` block. */
export const SELF_HOSTED_TARGET = 'self_hosted';
export const API_PREFIX = 'api:';

/**
 * Names a strategy or deployment may not take: the built-in strategies, the reference strategy of
 * the recommendation, the words budgets and `plan` give meaning to, and the budget limits' keys.
 */
export const RESERVED_NAMES: readonly string[] = [
  ...STRATEGIES,
  'api_same_model',
  'plan',
  'recommended',
  'strategy',
  'fiscal_year_start',
  'max_monthly',
  'max_annual',
  'max_tco',
  'max_cost_per_1k_calls',
];

type Path = Array<string | number>;
type Sink = (path: Path, input: unknown, message: string) => void;

interface RouteIn {
  to: string;
  escalate?: { share: number; to: string } | undefined;
}
interface PortfolioIn {
  workload?: unknown;
  workloads?: ReadonlyArray<{ id: string }> | undefined;
  api?: unknown;
  self_hosted?: unknown;
  deployments?: Record<string, unknown> | undefined;
  strategies?: Record<string, { routes: Record<string, RouteIn> }> | undefined;
  per_call_costs?:
    | ReadonlyArray<{
        applies_to?: readonly string[] | undefined;
        classes?: readonly string[] | undefined;
      }>
    | undefined;
  overheads: ReadonlyArray<{ applies_to?: readonly string[] | undefined }>;
  budgets?: ({ strategy: string } & Record<string, unknown>) | undefined;
}

/** The class ids of a scenario: its `workloads:` ids, or the one class of `workload:`. */
export function classIdsOf(s: { workloads?: ReadonlyArray<{ id: string }> | undefined }): string[] {
  return s.workloads ? s.workloads.map((w) => w.id) : [SINGLE_CLASS_ID];
}

export function checkPortfolio(
  s: PortfolioIn,
  defined: readonly string[],
  issue: Sink,
  budgetKeys: readonly string[] = [],
): void {
  if ((s.workload === undefined) === (s.workloads === undefined)) {
    issue(
      s.workload === undefined ? ['workload'] : ['workloads'],
      undefined,
      s.workload === undefined
        ? 'E_MISSING_FIELD:a scenario needs a `workload:` or a `workloads:` block|workload: { … } (one class) or workloads: [{ id, … }, …]'
        : 'E_INVALID:gives both `workload:` and `workloads:`|one of the two: workload (one class) or workloads (several)',
    );
    return;
  }
  const classes = classIdsOf(s);
  const seen = new Set<string>();
  s.workloads?.forEach((w, i) => {
    if (seen.has(w.id)) issue(['workloads', i, 'id'], w.id, `E_DUPLICATE_ID:a second class '${w.id}'|one class per id`);
    seen.add(w.id);
  });
  const reserved = (path: Path, n: string, what: string) => {
    if (RESERVED_NAMES.includes(n))
      issue(path, n, `E_INVALID:'${n}' is a reserved word|a ${what} name other than ${RESERVED_NAMES.join(', ')}`);
  };
  const deployments = Object.keys(s.deployments ?? {});
  for (const d of deployments) reserved(['deployments', d], d, 'deployment');
  const targets = [...(s.self_hosted !== undefined ? [SELF_HOSTED_TARGET] : []), ...deployments];
  const checkTarget = (path: Path, t: string) => {
    if (t.startsWith(API_PREFIX)) return; // the model id is checked against the tables when resolving
    if (targets.includes(t)) return;
    const near = didYouMean(t, targets);
    const choices = [...targets, 'api:<model id>'].join(', ');
    const why = t === SELF_HOSTED_TARGET ? 'the scenario has no `self_hosted:` block' : `no deployment '${t}'`;
    issue(path, t, `E_UNKNOWN_ID:${why}|one of ${choices}${near ? ` (did you mean ${near}?)` : ''}`);
  };
  for (const [name, st] of Object.entries(s.strategies ?? {})) {
    reserved(['strategies', name], name, 'strategy');
    if (deployments.includes(name))
      issue(['strategies', name], name, `E_DUPLICATE_ID:'${name}' also names a deployment|a strategy name of its own`);
    for (const [cls, route] of Object.entries(st.routes)) {
      const at = ['strategies', name, 'routes', cls];
      if (!classes.includes(cls)) {
        const near = didYouMean(cls, classes);
        issue(
          at,
          cls,
          `E_UNKNOWN_ID:no class '${cls}'|one of ${classes.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
        );
        continue;
      }
      checkTarget([...at, 'to'], route.to);
      if (route.escalate) {
        checkTarget([...at, 'escalate', 'to'], route.escalate.to);
        if (route.escalate.to === route.to)
          issue([...at, 'escalate', 'to'], route.escalate.to, `E_INVALID:escalates to its own target|a second target`);
      }
    }
    const missing = classes.filter((c) => !(c in st.routes));
    if (missing.length)
      issue(
        ['strategies', name, 'routes'],
        undefined,
        `E_MISSING_FIELD:no route for class ${missing.map((c) => `'${c}'`).join(', ')}|one route per class (${classes.join(', ')})`,
      );
  }
  const known = (path: Path, n: string, list: readonly string[], what: string) => {
    if (list.includes(n)) return;
    const near = didYouMean(n, list);
    issue(
      path,
      n,
      `E_UNKNOWN_ID:no ${what} '${n}' in this scenario|one of ${list.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
    );
  };
  s.per_call_costs?.forEach((c, i) => {
    c.applies_to?.forEach((a, j) => known(['per_call_costs', i, 'applies_to', j], a, defined, 'strategy'));
    c.classes?.forEach((a, j) => known(['per_call_costs', i, 'classes', j], a, classes, 'class'));
  });
  s.overheads.forEach((o, i) => {
    o.applies_to?.forEach((a, j) =>
      known(['overheads', i, 'applies_to', j], a, [...STRATEGIES, ...defined], 'strategy'),
    );
  });
  const b = s.budgets?.strategy;
  if (b !== undefined) known(['budgets', 'strategy'], b, [...defined, 'recommended', 'plan'], 'strategy');
  // A limits block named after a portfolio strategy; any other key is a typo.
  const users = Object.keys(s.strategies ?? {});
  for (const k of Object.keys(s.budgets ?? {})) {
    if (budgetKeys.includes(k) || users.includes(k)) continue;
    const allowed = [...budgetKeys, ...users];
    const near = didYouMean(k, allowed);
    issue(
      ['budgets', k],
      k,
      `E_UNKNOWN_KEY:unknown key '${k}'|one of ${allowed.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }
}
