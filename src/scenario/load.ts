// Scenario files: parse and validate (pure, from text), then resolve against the pricing tables into
// the engine's input. Every failure is an InputError placed at the scenario's file, line and field.
import { formatPath, InputError } from '../errors.js';
import { apiComponents, missingComponents } from '../engine/api.js';
import type { EngineApi, EngineInput, EngineSelfHosted } from '../engine/input.js';
import { checkDocument } from '../input/document.js';
import { readTextFile } from '../input/read.js';
import { parseYaml, positionOf, validate, type ParsedYaml } from '../input/yaml.js';
import { dec, ONE } from '../money.js';
import { findApiModel, findGpu, findOpenModel, profilesFor, type PricingTables, type Where } from '../pricing/tables.js';
import { Scenario, STRATEGIES } from './schema.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  parsed: ParsedYaml;
}

export function parseScenarioText(text: string, file: string): LoadedScenario {
  const parsed = parseYaml(text, file);
  checkDocument(parsed, 'scenario');
  const scenario = validate(Scenario, parsed);
  return { file, scenario, parsed };
}

export function readScenario(path: string, displayName = path): LoadedScenario {
  return parseScenarioText(readTextFile(path, undefined, displayName), displayName);
}

export interface ResolveOptions {
  /** Price what can be priced and mark the rest "price not found" instead of failing. */
  allowMissingPrices?: boolean;
}

export function resolveScenario(loaded: LoadedScenario, tables: PricingTables, options: ResolveOptions = {}): EngineInput {
  const { scenario: s, parsed } = loaded;
  const at = (...path: Array<string | number>): Where => ({ file: loaded.file, ...positionOf(parsed, path), field: formatPath(path) });
  const w = s.workload;

  const requestsPerDay = w.requests_per_day !== undefined ? dec(w.requests_per_day) : dec(w.daily_active_users!).times(w.requests_per_user_per_day!);
  const g = w.growth;
  const growth = 'curve' in g ? g.curve.map((m) => dec(m)) : Array.from({ length: s.horizon_months }, (_, i) => ONE.plus(g.monthly_rate).pow(i));
  const promptTokens = dec(w.input_tokens);
  const ragContextTokens = dec(w.rag_context_tokens);

  const input: EngineInput = {
    name: s.name,
    horizonMonths: s.horizon_months,
    daysPerMonth: dec(s.days_per_month),
    startMonth: s.start_month,
    workload: {
      requestsPerDay,
      callsPerRequest: dec(w.llm_calls_per_request),
      retryRate: dec(w.retry_rate),
      promptTokens,
      ragContextTokens,
      inputTokens: promptTokens.plus(ragContextTokens),
      outputTokens: dec(w.output_tokens),
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
      appliesTo: o.applies_to ?? STRATEGIES,
    })),
  };

  if (s.api) input.api = resolveApi(s.api, input, tables, options, at, s.discounts);
  else if (s.discounts?.length) {
    throw new InputError({ code: 'E_UNKNOWN_ID', ...at('discounts', 0, 'provider'), message: 'discounts apply to API providers, and the scenario has no `api:` block', expected: 'an `api:` block, or no discounts' });
  }
  if (s.self_hosted) input.selfHosted = resolveSelfHosted(s.self_hosted, tables, at, options);
  if (s.hybrid && input.api && input.selfHosted) input.hybrid = { selfHostedShare: dec(s.hybrid.self_hosted_share) };
  return input;
}

function resolveApi(a: NonNullable<Scenario['api']>, input: EngineInput, tables: PricingTables, options: ResolveOptions, at: (...p: Array<string | number>) => Where, discounts: Scenario['discounts']): EngineApi {
  const model = options.allowMissingPrices && !tables.apiModels.has(a.model) ? null : findApiModel(tables, a.model, at('api', 'model'));
  const provider = model?.provider ?? a.model.split('/')[0]!;
  let discount: EngineApi['discount'];
  discounts?.forEach((d, i) => {
    // A discount for a provider the scenario does not use would silently do nothing: a typo, so an error.
    if (d.provider !== provider) {
      throw new InputError({ code: 'E_UNKNOWN_ID', ...at('discounts', i, 'provider'), message: `no API model of provider '${d.provider}' in this scenario`, expected: `the API's provider '${provider}' (discounts apply to API token bills)` });
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

function resolveSelfHosted(sh: NonNullable<Scenario['self_hosted']>, tables: PricingTables, at: (...p: Array<string | number>) => Where, options: ResolveOptions = {}): EngineSelfHosted {
  const model = findOpenModel(tables, sh.model, at('self_hosted', 'model'));
  // An unknown GPU stays an error even with --allow-missing-prices: without its row there is no
  // throughput profile, so not even the replica count (the quantity of the missing price) is known.
  const gpu = findGpu(tables, sh.gpu, at('self_hosted', 'gpu'));
  let missingPrice: EngineSelfHosted['missingPrice'];
  let price = gpu.prices.find((p) => p.provider === sh.provider);
  if (!price) {
    const error = new InputError({ code: 'E_NO_PRICE', ...at('self_hosted', 'provider'), message: `no '${sh.provider}' price for GPU '${gpu.id}'`, expected: `one of ${gpu.prices.map((p) => p.provider).join(', ')}` });
    if (!options.allowMissingPrices) throw error;
    const reason = `no '${sh.provider}' price for GPU '${gpu.id}'`;
    missingPrice = { hourly: reason, onDemand: reason };
    // A placeholder row that names the provider; its 0 rate is never shown (items carry missing_price).
    price = { provider: sh.provider, on_demand: 0, as_of: gpu.as_of, source: 'price not found' };
  }
  const offered = (['on_demand', 'reserved_1y', 'reserved_3y', 'spot'] as const).filter((c) => price[c] !== undefined);
  let rate = price[sh.commitment];
  if (rate === undefined) {
    if (!options.allowMissingPrices) {
      throw new InputError({ code: 'E_NO_PRICE', ...at('self_hosted', 'commitment'), message: `'${sh.provider}' has no ${sh.commitment} price for GPU '${gpu.id}'`, expected: `one of ${offered.join(', ')}` });
    }
    missingPrice = { ...missingPrice, hourly: `'${sh.provider}' has no ${sh.commitment} price for GPU '${gpu.id}'` };
    rate = 0;
  }
  const candidates = profilesFor(tables, model.id, gpu.id, sh.precision).filter((p) => sh.gpus_per_replica === undefined || p.gpus_per_replica === sh.gpus_per_replica);
  const profile = candidates[0];
  if (!profile) {
    const known = tables.profiles.filter((p) => p.model === model.id).map((p) => `${p.gpu}${p.precision !== 'bf16' ? ` ${p.precision}` : ''} ×${p.gpus_per_replica}`);
    throw new InputError({
      code: 'E_NO_PROFILE',
      ...at('self_hosted', 'gpu'),
      message: `no throughput profile for '${model.id}' on '${gpu.id}'${sh.precision ? ` at ${sh.precision}` : ''}${sh.gpus_per_replica ? ` with ${sh.gpus_per_replica} GPUs per replica` : ''}`,
      expected: known.length ? `a profiled GPU: ${[...new Set(known)].join(', ')}` : 'a throughput_profiles row for this model (add one with --pricing)',
    });
  }
  return {
    model,
    gpu,
    price,
    commitment: sh.commitment,
    precision: profile.precision,
    hourlyRate: dec(rate),
    onDemandRate: dec(price.on_demand),
    missingPrice,
    profile,
    gpusPerReplica: profile.gpus_per_replica,
    targetUtilization: dec(sh.target_utilization),
    minReplicas: sh.min_replicas,
    staff: sh.staff ? { fte: dec(sh.staff.fte), annualCostPerFte: dec(sh.staff.annual_cost_per_fte) } : undefined,
    fineTuning: sh.fine_tuning ? { gpuHours: dec(sh.fine_tuning.gpu_hours), everyMonths: sh.fine_tuning.every_months } : undefined,
  };
}

