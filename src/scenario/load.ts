// Scenario files: parse and validate (pure, from text), then resolve against the pricing tables into
// the engine's input. Every failure is an InputError placed at the scenario's file, line and field.
import { InputError } from '../errors.js';
import type { EngineInput, EngineSelfHosted } from '../engine/input.js';
import { checkDocument } from '../input/document.js';
import { readTextFile } from '../input/read.js';
import { parseYaml, positionOf, validate, type ParsedYaml } from '../input/yaml.js';
import { dec, ONE, type Decimal } from '../money.js';
import { findApiModel, findGpu, findOpenModel, profilesFor, type PricingTables, type Where } from '../pricing/tables.js';
import { workloadTokens, type Measured, type SampleField } from './samples.js';
import { Scenario, STRATEGIES } from './schema.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  parsed: ParsedYaml;
  /** Absolute path when read from a file: `sample:` paths are relative to its folder. */
  path?: string | undefined;
  /** Let `sample:` paths reach outside the scenario's folder (--allow-outside-paths). */
  allowOutsidePaths?: boolean | undefined;
  /** `sample:` fields measured, filled on first resolve (see samples.ts). */
  measured?: Measured | undefined;
}

export interface ReadScenarioOptions {
  allowOutsidePaths?: boolean | undefined;
}

export function parseScenarioText(text: string, file: string): LoadedScenario {
  const parsed = parseYaml(text, file);
  checkDocument(parsed, 'scenario');
  const scenario = validate(Scenario, parsed);
  return { file, scenario, parsed };
}

export function readScenario(path: string, displayName = path, options: ReadScenarioOptions = {}): LoadedScenario {
  return { ...parseScenarioText(readTextFile(path), displayName), path, allowOutsidePaths: options.allowOutsidePaths };
}

export function resolveScenario(loaded: LoadedScenario, tables: PricingTables): EngineInput {
  const { scenario: s, parsed } = loaded;
  const at = (...path: Array<string | number>): Where => ({ file: loaded.file, ...positionOf(parsed, path), field: path.join('.') });
  const w = s.workload;

  const requestsPerDay = w.requests_per_day !== undefined ? dec(w.requests_per_day) : dec(w.daily_active_users!).times(w.requests_per_user_per_day!);
  const g = w.growth;
  const growth = 'curve' in g ? g.curve.map((m) => dec(m)) : Array.from({ length: s.horizon_months }, (_, i) => ONE.plus(g.monthly_rate).pow(i));
  const tokens = (key: SampleField): Decimal => workloadTokens(loaded, key, tables);
  const promptTokens = tokens('input_tokens');
  const ragContextTokens = tokens('rag_context_tokens');

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
      outputTokens: tokens('output_tokens'),
      cachedInputShare: dec(w.cached_input_share),
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

  if (s.api) {
    const model = findApiModel(tables, s.api.model, at('api', 'model'));
    if (w.cached_input_share > 0 && model.cached_input_per_1m === undefined) {
      throw new InputError({ code: 'E_NO_PRICE', ...at('workload', 'cached_input_share'), message: `API model '${model.id}' has no cached-input price in the pricing tables`, expected: 'cached_input_share: 0, or a model row with cached_input_per_1m' });
    }
    if (s.api.batch_share > 0 && model.batch_discount === undefined) {
      throw new InputError({ code: 'E_NO_PRICE', ...at('api', 'batch_share'), message: `API model '${model.id}' has no batch price in the pricing tables`, expected: 'batch_share: 0, or a model row with batch_discount' });
    }
    input.api = { model, batchShare: dec(s.api.batch_share) };
  }
  if (s.self_hosted) input.selfHosted = resolveSelfHosted(s.self_hosted, tables, at);
  if (s.hybrid && input.api && input.selfHosted) input.hybrid = { selfHostedShare: dec(s.hybrid.self_hosted_share) };
  return input;
}

function resolveSelfHosted(sh: NonNullable<Scenario['self_hosted']>, tables: PricingTables, at: (...p: Array<string | number>) => Where): EngineSelfHosted {
  const model = findOpenModel(tables, sh.model, at('self_hosted', 'model'));
  const gpu = findGpu(tables, sh.gpu, at('self_hosted', 'gpu'));
  const price = gpu.prices.find((p) => p.provider === sh.provider);
  if (!price) {
    throw new InputError({ code: 'E_NO_PRICE', ...at('self_hosted', 'provider'), message: `no '${sh.provider}' price for GPU '${gpu.id}'`, expected: `one of ${gpu.prices.map((p) => p.provider).join(', ')}` });
  }
  const rate = price[sh.commitment];
  if (rate === undefined) {
    const offered = (['on_demand', 'reserved_1y', 'reserved_3y', 'spot'] as const).filter((c) => price[c] !== undefined);
    throw new InputError({ code: 'E_NO_PRICE', ...at('self_hosted', 'commitment'), message: `'${sh.provider}' has no ${sh.commitment} price for GPU '${gpu.id}'`, expected: `one of ${offered.join(', ')}` });
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
    profile,
    gpusPerReplica: profile.gpus_per_replica,
    targetUtilization: dec(sh.target_utilization),
    tokensPerApiToken: model.tokens_per_api_token !== undefined ? dec(model.tokens_per_api_token) : undefined,
    minReplicas: sh.min_replicas,
    staff: sh.staff ? { fte: dec(sh.staff.fte), annualCostPerFte: dec(sh.staff.annual_cost_per_fte) } : undefined,
    fineTuning: sh.fine_tuning ? { gpuHours: dec(sh.fine_tuning.gpu_hours), everyMonths: sh.fine_tuning.every_months } : undefined,
  };
}

