// Resolving a portfolio (scenario `workloads:`, `deployments:`, `strategies:`, `per_call_costs:`):
// each class, and each target a route sends it to, is resolved as the one-class scenario it is when
// priced alone, by the one-class resolver itself; so a class on `api:<model>` gets exactly the
// lookups, checks and errors the same class would get as a scenario with that `api:` block. Errors
// keep pointing at the line the user wrote (the view's path aliases: input/yaml.ts).
import type {
  EngineApi,
  EngineClass,
  EngineInput,
  EngineLeg,
  EnginePerCallCost,
  EngineRoute,
  EngineRoutedStrategy,
  EngineSelfHosted,
  EngineWorkload,
} from '../engine/input.js';
import { monthlyCalls } from '../engine/volume.js';
import { normaliseHourly } from '../capacity/traffic.js';
import { dec, ONE, sum, ZERO, type Decimal } from '../money.js';
import type { PricingTables } from '../pricing/tables.js';
import { API_PREFIX, classIdsOf, SELF_HOSTED_TARGET } from '../scenario/portfolioRules.js';
import type { LoadedScenario } from '../scenario/load.js';
import { apiDefaults, type Route, type Scenario } from '../scenario/schema.js';
import { STRATEGIES, type StrategyId } from '../vocabulary.js';
import { classView, type MeasuredScenario } from './samples.js';

type Loaded = LoadedScenario | MeasuredScenario;
type ResolveOne = (loaded: Loaded, tables: PricingTables, options: { allowMissingPrices?: boolean }) => EngineInput;

/** A scenario that needs the portfolio engine: classes, deployments, user strategies or per-call costs. */
export function isPortfolio(s: Scenario): boolean {
  return (
    s.workloads !== undefined ||
    s.strategies !== undefined ||
    s.deployments !== undefined ||
    s.per_call_costs !== undefined
  );
}

const BUILTIN_LABELS: Readonly<Record<string, string>> = {
  api: 'Hosted API',
  self_hosted: 'Self-hosted',
  hybrid: 'Hybrid',
};

export function resolvePortfolio(
  loaded: Loaded,
  tables: PricingTables,
  options: { allowMissingPrices?: boolean },
  resolveOne: ResolveOne,
): EngineInput {
  const s = loaded.scenario;
  const multiClass = s.workloads !== undefined;
  const ids = classIdsOf(s);
  // Each class as a one-class scenario (the portfolio's blocks left out of it).
  const views: Loaded[] = multiClass ? ids.map((_, i) => classView(loaded, i)) : [loaded];
  const classInputs = views.map((v) => resolveOne(v, tables, options));
  const classes: EngineClass[] = ids.map((id, i) => {
    const w = views[i]!.scenario.workload!;
    return { id, input: classInputs[i]!, ...(w.traffic ? { hourly: normaliseHourly(w.traffic.hourly) } : {}) };
  });
  const userIds = Object.keys(s.strategies ?? {});
  const everyStrategy: StrategyId[] = [...STRATEGIES, ...userIds];
  const appliesTo = (list: readonly string[] | undefined): readonly StrategyId[] => list ?? everyStrategy;

  const withAlias = (v: Loaded, from: PropertyKey[], to: PropertyKey[]): Loaded['parsed'] => ({
    ...v.parsed,
    aliases: [{ from, to }, ...(v.parsed.aliases ?? [])],
  });

  // API targets: class i on `api:<model>`, the scenario's api settings with that model.
  const apiCache = new Map<string, EngineApi>();
  const apiFor = (target: string, i: number, routeAt: Array<string | number>): EngineApi => {
    const key = `${target}|${i}`;
    const hit = apiCache.get(key);
    if (hit) return hit;
    const model = target.slice(API_PREFIX.length);
    const own = s.api?.model === model ? classInputs[i]!.api : undefined;
    let api = own;
    if (!api) {
      const v = views[i]!;
      const provider = tables.apiModels.get(model)?.provider ?? model.split('/')[0]!;
      const discounts = s.discounts?.filter((d) => d.provider === provider);
      const scenario = {
        ...v.scenario,
        api: { ...(s.api ?? apiDefaults(model)), model },
        self_hosted: undefined,
        hybrid: undefined,
        discounts: discounts?.length ? discounts : undefined,
      };
      api = resolveOne({ ...v, scenario, parsed: withAlias(v, ['api', 'model'], routeAt) }, tables, options).api!;
    }
    apiCache.set(key, api);
    return api;
  };

  // Deployments: resolved on the class with the longest sequence among those it serves (memory fit).
  const deploymentCache = new Map<string, EngineSelfHosted>();
  const deploymentFor = (name: string, served: readonly number[]): EngineSelfHosted => {
    const longest = served.reduce((best, i) => (sequence(classInputs[i]!) > sequence(classInputs[best]!) ? i : best));
    const key = `${name}|${longest}`;
    const hit = deploymentCache.get(key);
    if (hit) return hit;
    let sh: EngineSelfHosted | undefined;
    if (name === SELF_HOSTED_TARGET) sh = classInputs[longest]!.selfHosted;
    else {
      const v = views[longest]!;
      const block = s.deployments![name]!;
      const scenario = { ...v.scenario, self_hosted: block, api: undefined, hybrid: undefined, discounts: undefined };
      const parsed = withAlias(v, ['self_hosted'], ['deployments', name]);
      const raw = parsed.data as { self_hosted?: unknown; deployments?: Record<string, unknown> } | null;
      const data = { ...(raw ?? {}), self_hosted: raw?.deployments?.[name] };
      sh = resolveOne({ ...v, scenario, parsed: { ...parsed, data } }, tables, options).selfHosted;
    }
    deploymentCache.set(key, sh!);
    return sh!;
  };

  const strategies: EngineRoutedStrategy[] = [];
  const build = (
    id: StrategyId,
    label: string,
    routes: EngineRoute[],
    routeAt: (cls: string) => Array<string | number>,
  ) => {
    const apis = new Map<string, EngineApi>();
    const served = new Map<string, number[]>();
    routes.forEach((r, i) => {
      for (const leg of r.legs) {
        if (leg.share.isZero()) continue;
        if (leg.target.startsWith(API_PREFIX))
          apis.set(`${leg.target}|${r.classId}`, apiFor(leg.target, i, routeAt(r.classId)));
        else if (!(served.get(leg.target) ?? []).includes(i))
          served.set(leg.target, [...(served.get(leg.target) ?? []), i]);
      }
    });
    const deployments = new Map<string, EngineSelfHosted>();
    for (const [name, list] of served) {
      const sh = deploymentFor(name, list);
      deployments.set(name, sh);
    }
    strategies.push({ id, label, routes, apis, deployments });
  };

  if (multiClass) {
    const all = (legs: (i: number) => EngineLeg[]): EngineRoute[] =>
      ids.map((classId, i) => ({ classId, legs: legs(i), successShare: ONE }));
    const apiTarget = s.api ? `${API_PREFIX}${s.api.model}` : undefined;
    const builtinAt = (block: string) => () => [block];
    if (apiTarget)
      build(
        'api',
        BUILTIN_LABELS.api!,
        all(() => [{ target: apiTarget, share: ONE }]),
        builtinAt('api'),
      );
    if (s.self_hosted)
      build(
        'self_hosted',
        BUILTIN_LABELS.self_hosted!,
        all(() => [{ target: SELF_HOSTED_TARGET, share: ONE }]),
        builtinAt('self_hosted'),
      );
    if (s.hybrid && apiTarget && s.self_hosted) {
      const share = dec(s.hybrid.self_hosted_share);
      build(
        'hybrid',
        BUILTIN_LABELS.hybrid!,
        all(() => [
          { target: apiTarget, share: ONE.minus(share) },
          { target: SELF_HOSTED_TARGET, share },
        ]),
        builtinAt('api'),
      );
    }
  }
  for (const [id, st] of Object.entries(s.strategies ?? {})) {
    const routes = ids.map((classId) => routeOf(classId, st.routes[classId]!));
    build(id, st.label ?? id, routes, (cls) => ['strategies', id, 'routes', cls, 'to']);
  }

  const perCallCosts: EnginePerCallCost[] = (s.per_call_costs ?? []).map((c, i) => ({
    name: c.name,
    perCall: c.per_1k_calls !== undefined ? dec(c.per_1k_calls).div(1000) : dec(c.per_call!),
    share: c.per_1k_calls !== undefined ? ONE : dec(c.share ?? 1),
    appliesTo: appliesTo(c.applies_to),
    classes: c.classes ?? ids,
    source: `scenario:per_call_costs[${i}]`,
  }));

  const first = classInputs[0]!;
  const base: EngineInput = multiClass
    ? {
        ...first,
        workload: aggregateWorkload(classInputs),
        ...(s.self_hosted
          ? {
              selfHosted: deploymentFor(
                SELF_HOSTED_TARGET,
                ids.map((_, i) => i),
              ),
            }
          : {}),
        warnings: classInputs.flatMap((c, i) => (c.warnings ?? []).map((w) => `${ids[i]}: ${w}`)),
      }
    : first;
  if (base.warnings?.length === 0) delete base.warnings;
  return {
    ...base,
    overheads: s.overheads.map((o, i) => ({ ...base.overheads[i]!, appliesTo: appliesTo(o.applies_to) })),
    portfolio: { classes, multiClass, strategies, perCallCosts },
  };
}

/** The legs of one route: the first target, an escalation, a retry after a failure. */
function routeOf(classId: string, r: Route): EngineRoute {
  const legs: EngineLeg[] = [{ target: r.to, share: ONE }];
  const success = r.success_rate !== undefined ? dec(r.success_rate) : ONE;
  const failed = ONE.minus(success);
  const onFailure = r.on_failure ?? (r.escalate ? 'escalate' : 'retry');
  if (r.escalate) legs.push({ target: r.escalate.to, share: dec(r.escalate.share), again: 'escalation' });
  let successShare = success;
  if (!failed.isZero()) {
    if (onFailure === 'retry') {
      // One retry on the same target; it succeeds as often as the first try did.
      legs.push({ target: r.to, share: failed, again: 'retry' });
      successShare = ONE.minus(failed.times(failed));
    } else {
      // Escalated calls are taken to succeed; failures beyond the escalated share stay failures.
      const escalated = r.escalate ? dec(r.escalate.share) : ZERO;
      successShare = ONE.minus(maxOf(ZERO, failed.minus(escalated)));
    }
  }
  return { classId, legs, successShare };
}

const maxOf = (a: Decimal, b: Decimal): Decimal => (a.gt(b) ? a : b);

/** Tokens a call holds in a replica's memory at once (the memory fit's sequence). */
function sequence(c: EngineInput): number {
  return c.workload.inputTokens.plus(c.workload.outputTokens).plus(c.workload.reasoningTokens).toNumber();
}

/**
 * The scenario-wide workload of a portfolio, for what speaks of "a call" across classes (tokens per
 * call in break-even answers): month 1's calls of every class, its tokens their call-weighted means.
 */
function aggregateWorkload(classes: readonly EngineInput[]): EngineWorkload {
  const calls = classes.map((c) => monthlyCalls(c)[0] ?? ZERO);
  const total = sum(calls);
  const mean = (f: (w: EngineWorkload) => Decimal) =>
    total.isZero() ? ZERO : sum(classes.map((c, i) => f(c.workload).times(calls[i]!))).div(total);
  const w0 = classes[0]!.workload;
  const days = classes[0]!.daysPerMonth;
  return {
    ...w0,
    requestsPerDay: total.div(days),
    callsPerRequest: ONE,
    retryRate: ZERO,
    inputTokens: mean((w) => w.inputTokens),
    promptTokens: mean((w) => w.promptTokens),
    ragContextTokens: mean((w) => w.ragContextTokens),
    outputTokens: mean((w) => w.outputTokens),
    reasoningTokens: mean((w) => w.reasoningTokens),
  };
}
