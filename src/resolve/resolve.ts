// Resolving: a validated scenario, its measured samples and the pricing tables in; the engine's input
// out. Every pricing lookup happens here, once, and every failure is an InputError placed at the
// scenario's file, line and field. No I/O: `sample:` fields arrive measured (samples.ts, a load step).
import { roundToTranche, trancheUnit } from '../engine/commitments.js';
import { formatPath, InputError } from '../errors.js';
import { apiComponents, missingComponents } from '../engine/api.js';
import { calendarDays } from '../engine/calendar.js';
import type { EngineApi, EngineInput, EngineSelfHosted } from '../engine/input.js';
import { aliasPath, positionOf } from '../input/yaml.js';
import { dec, ONE, ZERO, type Decimal } from '../money.js';
import { didYouMean } from '../suggest.js';
import { planFineTuning } from '../capacity/fineTuning.js';
import { planServing, type ServingPlan } from '../capacity/serving.js';
import { normaliseHourly, peakToAverageOf } from '../capacity/traffic.js';
import { tablesIn } from '../pricing/currency.js';
import { COMMITMENTS } from '../pricing/schema.js';
import {
  findApiModel,
  findGpu,
  findOpenModel,
  type ApiModel,
  type Gpu,
  type OpenModel,
  type PricingTables,
  type Where,
} from '../pricing/tables.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { DEFAULT_DAYS_PER_MONTH, STRATEGIES, type StrategyId } from '../vocabulary.js';
import { checkContextLimits } from './context.js';
import { isPortfolio, resolvePortfolio } from './portfolio.js';
import { checkScale } from './limits.js';
import { checkOwnershipFields, owns, ownedPriceRow, resolveOwnership } from './ownership.js';
import { workloadTokens, type MeasuredScenario, type SampleField } from './samples.js';

export interface ResolveOptions {
  /** Price what can be priced and mark the rest "price not found" instead of failing. */
  allowMissingPrices?: boolean;
}

export function resolveScenario(
  loaded: LoadedScenario | MeasuredScenario,
  usdTables: PricingTables,
  options: ResolveOptions = {},
): EngineInput {
  // A portfolio resolves each class (and each target of its routes) as a one-class scenario.
  return isPortfolio(loaded.scenario)
    ? resolvePortfolio(loaded, usdTables, options, resolveOneClass)
    : resolveOneClass(loaded, usdTables, options);
}

function resolveOneClass(
  loaded: LoadedScenario | MeasuredScenario,
  usdTables: PricingTables,
  options: ResolveOptions = {},
): EngineInput {
  const { scenario: s, parsed } = loaded;
  // Another currency: the scenario's own amounts are in it, the USD tables are converted once.
  const currency = s.currency
    ? { code: s.currency.code, perUsd: dec(s.currency.per_usd), asOf: s.currency.as_of, source: s.currency.source }
    : undefined;
  const tables = currency
    ? tablesIn(usdTables, {
        code: currency.code,
        perUsd: currency.perUsd,
        as_of: currency.asOf,
        source: currency.source,
      })
    : usdTables;
  const at = (...path: Array<string | number>): Where => ({
    file: loaded.file,
    ...positionOf(parsed, path),
    field: formatPath(aliasPath(parsed, path)),
  });
  // A portfolio's class arrives as a one-class view (resolve/portfolio.ts), so there is one here.
  const w = s.workload!;

  const requestsPerDay =
    w.requests_per_day !== undefined
      ? dec(w.requests_per_day)
      : dec(w.daily_active_users!).times(w.requests_per_user_per_day!);
  const g = w.growth;
  const growth =
    'curve' in g
      ? g.curve.map((m) => dec(m))
      : Array.from({ length: s.horizon_months }, (_, i) => ONE.plus(g.monthly_rate).pow(i));
  const tokens = (key: SampleField): Decimal => workloadTokens(loaded, key);
  const promptTokens = tokens('input_tokens');
  const ragContextTokens = tokens('rag_context_tokens');

  const daysStated = typeof parsed.data === 'object' && parsed.data !== null && 'days_per_month' in parsed.data;
  const input: EngineInput = {
    name: s.name,
    ...(currency ? { currency } : {}),
    horizonMonths: s.horizon_months,
    // The default 365/12 is not a binary float's business: as a Decimal it makes exactly 730 hours.
    daysPerMonth: s.days_per_month === DEFAULT_DAYS_PER_MONTH ? dec(365).div(12) : dec(s.days_per_month),
    startMonth: s.start_month,
    // With a start month each month has its own days, unless the scenario states its convention.
    ...(daysStated
      ? { daysStated }
      : s.start_month
        ? { calendarDays: calendarDays(s.start_month, s.horizon_months) }
        : {}),
    workload: {
      requestsPerDay,
      callsPerRequest: dec(w.llm_calls_per_request),
      retryRate: dec(w.retry_rate),
      promptTokens,
      ragContextTokens,
      inputTokens: promptTokens.plus(ragContextTokens),
      outputTokens: tokens('output_tokens'),
      cachedInputShare: dec(w.cached_input_share),
      cacheWriteShare: dec(w.cache_write_share),
      reasoningTokens: dec(w.reasoning_tokens),
      peakToAverage: dec(w.peak_to_average),
      growth,
    },
    overheads: s.overheads.map((o) => ({
      name: o.name,
      monthly: o.monthly !== undefined ? dec(o.monthly) : undefined,
      oneTime: o.one_time !== undefined ? dec(o.one_time) : undefined,
      appliesTo: appliesTo(o.applies_to),
    })),
  };

  if (s.api) input.api = resolveApi(s.api, input, tables, options, at, s.discounts);
  else if (s.discounts?.length) {
    throw new InputError({
      code: 'E_UNKNOWN_ID',
      ...at('discounts', 0, 'provider'),
      message: 'discounts apply to API providers, and the scenario has no `api:` block',
      expected: 'an `api:` block, or no discounts',
    });
  }
  let hourly: Decimal[] | undefined;
  if (w.traffic) {
    // The curve decides the peak; a second, different figure would be a contradiction.
    if ((parsed.data as { workload?: Record<string, unknown> }).workload?.peak_to_average !== undefined) {
      throw new InputError({
        code: 'E_INVALID',
        ...at('workload', 'peak_to_average'),
        message: 'is derived from workload.traffic.hourly when a curve is given',
        expected: 'either peak_to_average or traffic.hourly, not both',
      });
    }
    hourly = normaliseHourly(w.traffic.hourly);
    input.workload.peakToAverage = peakToAverageOf(hourly);
  }
  if (s.self_hosted) {
    const raw = (parsed.data as { self_hosted?: { ownership?: { pue?: unknown } } } | null)?.self_hosted;
    const pueGiven = raw?.ownership?.pue !== undefined;
    input.selfHosted = resolveSelfHosted(s.self_hosted, tables, at, input.workload, { ...options, pueGiven });
    if (hourly) input.selfHosted = withHourly(input.selfHosted, hourly);
  }
  if (s.hybrid && input.api && input.selfHosted) input.hybrid = { selfHostedShare: dec(s.hybrid.self_hosted_share) };
  checkScale(input, at);
  const warnings = checkContextLimits(loaded, input, at);
  if (s.self_hosted?.commitment === 'spot' && !s.self_hosted.spot) {
    warnings.push(
      'self_hosted.commitment: spot replicas are priced as if they were never interrupted; set self_hosted.spot ' +
        '(interruptions_per_month, restart_minutes, on_demand_floor_replicas) to price interruptions (docs/capacity.md)',
    );
  }
  if (warnings.length) input.warnings = warnings;
  const sh = input.selfHosted;
  const work = input.workload;
  const output = work.outputTokens.plus(work.reasoningTokens);
  const endpoints = sh ? sameModelEndpoints(tables, sh.model.id, work.inputTokens, output) : [];
  if (endpoints.length) input.sameModelEndpoints = endpoints;
  return input;
}

/**
 * The strategies an overhead applies to: all when unsaid. What applies to the hosted API applies to
 * the same model hosted (api_same_model) too: it is also a hosted API (data leaves, contracts, reviews).
 */
function appliesTo(listed: readonly StrategyId[] | undefined): readonly StrategyId[] {
  if (!listed) return STRATEGIES;
  return listed.includes('api') && !listed.includes('api_same_model') ? [...listed, 'api_same_model'] : listed;
}

/**
 * API rows that declare they serve `openModel` (`open_model`, read by name: tables without the field
 * have none) and take the workload's input and output, in id order.
 */
function sameModelEndpoints(
  tables: PricingTables,
  openModel: string,
  inputTokens: Decimal,
  outputTokens: Decimal,
): ApiModel[] {
  const serves = (row: ApiModel) => (row as Partial<Record<string, unknown>>).open_model === openModel;
  // The context fits: input within context_window, output (reasoning included) within max_output.
  const fits = (row: ApiModel) =>
    (row.context_window === undefined || inputTokens.lte(row.context_window)) &&
    (row.max_output === undefined || outputTokens.lte(row.max_output));
  return [...tables.apiModels.values()].filter((row) => serves(row) && fits(row)).sort(byId);
}

function resolveApi(
  a: NonNullable<Scenario['api']>,
  input: EngineInput,
  tables: PricingTables,
  options: ResolveOptions,
  at: (...p: Array<string | number>) => Where,
  discounts: Scenario['discounts'],
): EngineApi {
  const model =
    options.allowMissingPrices && !tables.apiModels.has(a.model)
      ? null
      : findApiModel(tables, a.model, at('api', 'model'));
  const provider = model?.provider ?? a.model.split('/')[0]!;
  let discount: EngineApi['discount'];
  discounts?.forEach((d, i) => {
    // A discount for a provider the scenario does not use would silently do nothing: a typo, so an error.
    if (d.provider !== provider) {
      throw new InputError({
        code: 'E_UNKNOWN_ID',
        ...at('discounts', i, 'provider'),
        message: `no API model of provider '${d.provider}' in this scenario`,
        expected: `the API's provider '${provider}' (discounts apply to API token bills)`,
      });
    }
    discount = { rate: dec(d.rate), source: `scenario:discounts[${i}]` };
  });
  const api: EngineApi = {
    id: a.model,
    provider,
    model,
    batchShare: dec(a.batch_share),
    flexShare: dec(a.flex_share),
    priorityShare: dec(a.priority_share),
    cacheTtl: a.cache_ttl,
    discount,
    priceChangePerYear: dec(a.price_change_per_year),
  };
  if (!options.allowMissingPrices) {
    const missing = missingComponents(apiComponents(api, input.workload))[0];
    if (missing) {
      const path = missing.cause.split('.');
      throw new InputError({
        code: 'E_NO_PRICE',
        ...at(...path),
        message: `API model '${a.model}' has ${missing.missing ?? 'no price'} in the pricing tables`,
        expected: `a rate for it (${missing.source.split('#')[1]?.split('@')[0] ?? 'the field'}; add one with --pricing), a scenario that does not need it, or --allow-missing-prices`,
      });
    }
  }
  return api;
}

function resolveSelfHosted(
  shIn: NonNullable<Scenario['self_hosted']>,
  tables: PricingTables,
  at: (...p: Array<string | number>) => Where,
  w: EngineInput['workload'],
  options: ResolveOptions & { pueGiven?: boolean } = {},
): EngineSelfHosted {
  checkOwnershipFields(shIn, at, shIn.gpu === AUTO);
  if (shIn.commitment === 'owned') return resolveOwnedFleet(shIn, tables, at, w, options.pueGiven ?? false);
  const reserved_commitment = shIn.reserved_commitment ?? DEFAULT_RESERVED_COMMITMENT;
  const sh = { ...shIn, commitment: shIn.commitment, reserved_commitment };
  const model = findOpenModel(tables, sh.model, at('self_hosted', 'model'));
  const slo = sh.slo
    ? {
        ttftMs: sh.slo.ttft_ms !== undefined ? dec(sh.slo.ttft_ms) : undefined,
        tpotMs: sh.slo.tpot_ms !== undefined ? dec(sh.slo.tpot_ms) : undefined,
        ttftP95Ms: sh.slo.ttft_p95_ms !== undefined ? dec(sh.slo.ttft_p95_ms) : undefined,
      }
    : undefined;
  // The replica holds and computes the model's own tokens: KV memory, concurrency, prefill and latency
  // are sized on API tokens × tokens_per_api_token (throughput already was).
  const ratio = model.tokens_per_api_token !== undefined ? dec(model.tokens_per_api_token) : ONE;
  const request = (gpu: Gpu) => ({
    model,
    gpu,
    precision: sh.precision,
    gpusPerReplica: sh.gpus_per_replica,
    profiles: tables.profiles,
    efficiency: tables.efficiency,
    inputTokens: w.inputTokens.times(ratio),
    outputTokens: w.outputTokens.plus(w.reasoningTokens).times(ratio),
    slo,
    utilization: dec(sh.target_utilization),
  });

  if (sh.gpu === AUTO) return resolveAutoGpu(sh, tables, at, model, request);

  // An unknown GPU stays an error even with --allow-missing-prices: without its row there is no
  // throughput profile, so not even the replica count (the quantity of the missing price) is known.
  const gpu = findGpu(tables, sh.gpu, at('self_hosted', 'gpu'));
  if (sh.provider === undefined) {
    throw new InputError({
      code: 'E_MISSING_FIELD',
      ...at('self_hosted', 'gpu'),
      field: 'self_hosted.provider',
      message: `which provider's price of '${gpu.id}'?`,
      expected: `provider: one of ${gpu.prices.map((p) => p.provider).join(', ')}`,
    });
  }
  let missingPrice: EngineSelfHosted['missingPrice'];
  let price = gpu.prices.find((p) => p.provider === sh.provider);
  if (!price) {
    const reason = `no '${sh.provider}' price for GPU '${gpu.id}'`;
    if (!options.allowMissingPrices) {
      if (gpu.prices.length === 0) {
        throw new InputError({
          code: 'E_NO_PRICE',
          ...at('self_hosted', 'gpu'),
          message: `GPU '${gpu.id}' has no prices in the pricing tables`,
          expected: `a gpus row for '${gpu.id}' with at least one price (add one with --pricing)`,
        });
      }
      throw new InputError({
        code: 'E_NO_PRICE',
        ...at('self_hosted', 'provider'),
        message: reason,
        expected: `one of ${gpu.prices.map((p) => p.provider).join(', ')}`,
        suggestion: didYouMean(
          sh.provider,
          gpu.prices.map((p) => p.provider),
        ),
      });
    }
    missingPrice = { hourly: reason, onDemand: reason };
    // A placeholder row that names the provider; its 0 rate is never shown (items carry missing_price).
    price = { provider: sh.provider, on_demand: 0, as_of: gpu.as_of, source: 'price not found' };
  }
  if (price[sh.commitment] === undefined) {
    const offered = COMMITMENTS.filter((c) => price[c] !== undefined);
    if (!options.allowMissingPrices) {
      throw new InputError({
        code: 'E_NO_PRICE',
        ...at('self_hosted', 'commitment'),
        message: `'${sh.provider}' has no ${sh.commitment} price for GPU '${gpu.id}'`,
        expected: `one of ${offered.join(', ')}`,
      });
    }
    missingPrice = { ...missingPrice, hourly: `'${sh.provider}' has no ${sh.commitment} price for GPU '${gpu.id}'` };
  }
  if (someReplicas(sh.reserved_replicas) && price[sh.reserved_commitment] === undefined) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at('self_hosted', 'reserved_replicas'),
      message: `'${sh.provider}' has no ${sh.reserved_commitment} price for GPU '${gpu.id}'`,
      expected: `reserved_commitment: one of ${COMMITMENTS.filter((c) => c.startsWith('reserved') && price[c] !== undefined).join(', ') || '(none offered: drop reserved_replicas)'}`,
    });
  }
  const result = planServing(request(gpu));
  if (!result.ok) {
    const f = result.failure;
    throw new InputError({
      code: f.code,
      ...at('self_hosted', f.field === 'gpus_per_replica' && sh.gpus_per_replica === undefined ? 'gpu' : f.field),
      message: f.message,
      expected: f.expected,
    });
  }
  const built = buildSelfHosted(sh, model, gpu, price, result.plan, at, slo, missingPrice);
  return owns(shIn) ? { ...built, owned: resolveOwnership(shIn, gpu, at, options.pueGiven ?? false) } : built;
}

/**
 * commitment: owned — no rental price is needed (the GPU may have none): the fleet is named by its
 * purchase row, bills no GPU-hours, and runs fine-tuning at the GPU's cheapest on-demand rent.
 */
function resolveOwnedFleet(
  shIn: NonNullable<Scenario['self_hosted']>,
  tables: PricingTables,
  at: (...p: Array<string | number>) => Where,
  w: EngineInput['workload'],
  pueGiven: boolean,
): EngineSelfHosted {
  const model = findOpenModel(tables, shIn.model, at('self_hosted', 'model'));
  const gpu = findGpu(tables, shIn.gpu, at('self_hosted', 'gpu'));
  const owned = resolveOwnership(shIn, gpu, at, pueGiven);
  if (shIn.fine_tuning && !owned.rental) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at('self_hosted', 'fine_tuning'),
      message: `fine-tuning runs are priced at on-demand rent, and GPU '${gpu.id}' has no on-demand price`,
      expected: 'an on-demand price row for the GPU (add one with --pricing), or no fine_tuning',
    });
  }
  const target = (ms: number | undefined) => (ms !== undefined ? dec(ms) : undefined);
  const slo = shIn.slo ? { ttftMs: target(shIn.slo.ttft_ms), tpotMs: target(shIn.slo.tpot_ms) } : undefined;
  const result = planServing({
    model,
    gpu,
    precision: shIn.precision,
    gpusPerReplica: shIn.gpus_per_replica,
    profiles: tables.profiles,
    efficiency: tables.efficiency,
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens.plus(w.reasoningTokens),
    slo,
  });
  if (!result.ok) {
    const f = result.failure;
    const field = f.field === 'gpus_per_replica' && shIn.gpus_per_replica === undefined ? 'gpu' : f.field;
    throw new InputError({ code: f.code, ...at('self_hosted', field), message: f.message, expected: f.expected });
  }
  // Priced as on-demand for the fields that need a rented commitment (fine-tuning); GPU-hours: none.
  const sh: ResolvedSelfHosted = { ...shIn, commitment: 'on_demand', reserved_commitment: DEFAULT_RESERVED_COMMITMENT };
  const row = ownedPriceRow(owned);
  const priceRow = owned.rental ? { ...row, on_demand: owned.rental.price.on_demand } : row;
  const built = buildSelfHosted(sh, model, gpu, priceRow, result.plan, at, slo);
  return { ...built, hourlyRate: ZERO, owned };
}

/**
 * A replica count that is given and above 0, compared as a number rather than by JS truthiness: while
 * the analyses record a tape (uncertainty/model.ts) a varied count is a tape input — an object, truthy
 * even at 0 — and a comparison is what the tape records as a guard.
 */
const someReplicas = (n: number | undefined): boolean => n !== undefined && dec(n).gt(0);

/** Rate of reserved_replicas when the scenario does not name one. */
export const DEFAULT_RESERVED_COMMITMENT = 'reserved_1y';

type ResolvedSelfHosted = Omit<NonNullable<Scenario['self_hosted']>, 'commitment'> & {
  commitment: (typeof COMMITMENTS)[number];
  reserved_commitment: 'reserved_1y' | 'reserved_3y';
};

/** The GPU id that asks llmcost to choose. */
export const AUTO = 'auto';

function resolveAutoGpu(
  sh: ResolvedSelfHosted,
  tables: PricingTables,
  at: (...p: Array<string | number>) => Where,
  model: OpenModel,
  request: (gpu: Gpu) => Parameters<typeof planServing>[0],
): EngineSelfHosted {
  if (sh.fine_tuning?.gpu_hours !== undefined) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'fine_tuning', 'gpu_hours'),
      message: 'GPU-hours depend on the GPU, which gpu: auto has not fixed',
      expected: 'fine_tuning: { method, tokens, epochs } with gpu: auto, or a named gpu',
    });
  }
  // Serving options first (fine-tuning is a separate choice: one run, wherever it is cheapest).
  const serving = { ...sh, fine_tuning: undefined };
  const options: EngineSelfHosted[] = [];
  const rejected: string[] = [];
  for (const gpu of [...tables.gpus.values()].sort(byId)) {
    const prices = gpu.prices.filter(
      (p) =>
        (sh.provider === undefined || p.provider === sh.provider) &&
        p[sh.commitment] !== undefined &&
        (!someReplicas(sh.reserved_replicas) || p[sh.reserved_commitment] !== undefined),
    );
    if (prices.length === 0) continue;
    const result = planServing(request(gpu));
    if (!result.ok) {
      rejected.push(`${gpu.id}: ${result.failure.code === 'E_SLO' ? 'misses the latency targets' : 'does not fit'}`);
      continue;
    }
    for (const price of prices)
      options.push(buildSelfHosted(serving, model, gpu, price, result.plan, at, request(gpu).slo));
  }
  if (options.length === 0) {
    throw new InputError({
      code: 'E_NO_FIT',
      ...at('self_hosted', 'gpu'),
      message: `no GPU in the pricing tables can serve ${model.id}${sh.provider ? ` at '${sh.provider}'` : ''} with a ${sh.commitment} price${rejected.length ? ` (${rejected.join('; ')})` : ''}`,
      expected: 'a lower precision, looser slo targets, or a pricing file with a larger GPU',
    });
  }
  const fineTuning = sh.fine_tuning ? cheapestFineTuning(sh, tables, at, model) : undefined;
  const [first, ...rest] = options.map((o) => ({ ...o, fineTuning }));
  return { ...first!, alternatives: rest };
}

/** gpu: auto — the fine-tuning run on the (GPU, provider) where it costs least at on-demand rates. */
function cheapestFineTuning(
  sh: ResolvedSelfHosted,
  tables: PricingTables,
  at: (...p: Array<string | number>) => Where,
  model: OpenModel,
): EngineSelfHosted['fineTuning'] {
  const ft = sh.fine_tuning!;
  const request = {
    method: ft.method!,
    tokens: dec(ft.tokens!),
    epochs: dec(ft.epochs ?? 1),
    utilization: ft.utilization !== undefined ? dec(ft.utilization) : undefined,
  };
  let best: { cost: Decimal; value: NonNullable<EngineSelfHosted['fineTuning']> } | undefined;
  let lastFailure = '';
  for (const gpu of [...tables.gpus.values()].sort(byId)) {
    const r = planFineTuning(model, gpu, request);
    if (!r.ok) {
      lastFailure = r.message;
      continue;
    }
    for (const price of gpu.prices.filter((p) => sh.provider === undefined || p.provider === sh.provider)) {
      if (price.on_demand === undefined) continue; // a reserve-ahead-only row (capacity blocks) has no on-demand rate
      const cost = r.plan.gpuHours.times(price.on_demand);
      if (!best || cost.lt(best.cost))
        best = { cost, value: { gpuHours: r.plan.gpuHours, everyMonths: ft.every_months, plan: r.plan, gpu, price } };
    }
  }
  if (!best)
    throw new InputError({
      code: 'E_NO_FIT',
      ...at('self_hosted', 'fine_tuning', 'method'),
      message: lastFailure || `no GPU in the pricing tables can run this fine-tuning`,
      expected: 'lora or qlora, or a pricing file with a larger GPU',
    });
  return best.value;
}

function buildSelfHosted(
  sh: ResolvedSelfHosted,
  model: OpenModel,
  gpu: Gpu,
  price: Gpu['prices'][number],
  plan: ServingPlan,
  at: (...p: Array<string | number>) => Where,
  slo: EngineSelfHosted['slo'],
  missingPrice?: EngineSelfHosted['missingPrice'],
): EngineSelfHosted {
  const ft = sh.fine_tuning;
  let fineTuning: EngineSelfHosted['fineTuning'];
  if (ft?.gpu_hours !== undefined) fineTuning = { gpuHours: dec(ft.gpu_hours), everyMonths: ft.every_months };
  else if (ft?.method && ft.tokens !== undefined) {
    const r = planFineTuning(model, gpu, {
      method: ft.method,
      tokens: dec(ft.tokens),
      epochs: dec(ft.epochs ?? 1),
      utilization: ft.utilization !== undefined ? dec(ft.utilization) : undefined,
    });
    if (!r.ok)
      throw new InputError({
        code: 'E_NO_FIT',
        ...at('self_hosted', 'fine_tuning', 'method'),
        message: r.message,
        expected: 'lora or qlora, or a GPU with more memory',
      });
    fineTuning = { gpuHours: r.plan.gpuHours, everyMonths: ft.every_months, plan: r.plan };
  }
  const reservedRate = someReplicas(sh.reserved_replicas) ? price[sh.reserved_commitment] : undefined;
  const spot = sh.spot;
  if (spot && sh.commitment !== 'spot') {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'spot'),
      message: `applies to spot replicas, and commitment is ${sh.commitment}`,
      expected: 'commitment: spot, or no spot block',
    });
  }
  if (someReplicas(spot?.on_demand_floor_replicas) && someReplicas(sh.reserved_replicas)) {
    throw new InputError({
      code: 'E_INVALID',
      ...at('self_hosted', 'spot', 'on_demand_floor_replicas'),
      message: 'sets a second floor of replicas beside reserved_replicas',
      expected: 'one floor: reserved_replicas (at a reserved rate) or spot.on_demand_floor_replicas (on demand)',
    });
  }
  if (spot && price.on_demand === undefined) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at('self_hosted', 'spot'),
      message: `'${price.provider}' has no on_demand price for GPU '${gpu.id}', and spot interruptions and the floor are bought on demand`,
      expected: 'a provider with an on_demand price, or no spot block',
    });
  }
  // The on-demand floor bills like reserved replicas, at the on-demand rate.
  const floor =
    spot && someReplicas(spot.on_demand_floor_replicas) && price.on_demand !== undefined
      ? {
          reserved: {
            replicas: spot.on_demand_floor_replicas,
            commitment: 'on_demand' as const,
            hourlyRate: dec(price.on_demand),
          },
        }
      : {};
  return {
    model,
    gpu,
    price,
    commitment: sh.commitment,
    precision: plan.precision,
    hourlyRate: dec(price[sh.commitment] ?? 0), // 0 only with a missing price, which items mark
    // A row without an on-demand price (capacity blocks only) runs fine-tuning at the serving rate.
    onDemandRate: dec(price.on_demand ?? price[sh.commitment] ?? 0),
    ...(missingPrice ? { missingPrice } : {}),
    profile: plan.profile,
    gpusPerReplica: plan.gpusPerReplica,
    targetUtilization: dec(sh.target_utilization),
    tokensPerApiToken: model.tokens_per_api_token !== undefined ? dec(model.tokens_per_api_token) : undefined,
    minReplicas: sh.min_replicas,
    staff: sh.staff ? { fte: dec(sh.staff.fte), annualCostPerFte: dec(sh.staff.annual_cost_per_fte) } : undefined,
    fineTuning,
    plan,
    ...(slo ? { slo } : {}),
    ...(sh.autoscaling?.enabled
      ? {
          autoscaling: {
            minReplicas: sh.autoscaling.min_replicas ?? sh.min_replicas,
            scaleUpMinutes: dec(sh.autoscaling.scale_up_minutes),
          },
        }
      : {}),
    ...(reservedRate !== undefined && sh.reserved_replicas !== undefined && someReplicas(sh.reserved_replicas)
      ? {
          reserved: {
            // A tranche of whole instances: 3 one-GPU replicas on an 8-GPU instance reserve 8.
            replicas: roundToTranche(sh.reserved_replicas, trancheUnit(plan.gpusPerReplica, price.gpus_per_instance)),
            requested: sh.reserved_replicas,
            commitment: sh.reserved_commitment,
            hourlyRate: dec(reservedRate),
          },
        }
      : {}),
    ...(spot
      ? {
          spot: {
            interruptionsPerMonth: dec(spot.interruptions_per_month),
            restartHours: dec(spot.restart_minutes).div(60),
          },
          ...floor,
        }
      : {}),
    gpuPriceChangePerYear: dec(sh.gpu_price_change_per_year),
  };
}

function withHourly(sh: EngineSelfHosted, hourly: readonly Decimal[]): EngineSelfHosted {
  return {
    ...sh,
    hourly,
    ...(sh.alternatives ? { alternatives: sh.alternatives.map((a) => ({ ...a, hourly })) } : {}),
  };
}

/** Code-point order: the same on every machine, whatever its locale. */
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
