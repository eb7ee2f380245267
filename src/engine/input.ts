// What the engine consumes: a scenario with every id looked up and every number made exact.
// Built by resolve/resolve.ts; the engine never sees YAML, files or pricing ids it must look up.
import type { Decimal } from '../money.js';
import type { GpuPower, GpuPriceRow, GpuPurchase, Commitment, Precision } from '../pricing/schema.js';
import type { ApiModel, Gpu, OpenModel, ThroughputProfile } from '../pricing/tables.js';
import type { StrategyId } from '../vocabulary.js';
import type { Slo } from '../capacity/latency.js';
import type { ServingPlan } from '../capacity/serving.js';
import type { Autoscaling } from '../capacity/traffic.js';
import type { FineTuningPlan } from '../capacity/fineTuning.js';

export interface EngineWorkload {
  /** Requests per day in month 1, before agent steps and retries. */
  requestsPerDay: Decimal;
  callsPerRequest: Decimal;
  retryRate: Decimal;
  /** Mean input tokens per call, RAG context included. */
  inputTokens: Decimal;
  promptTokens: Decimal;
  ragContextTokens: Decimal;
  outputTokens: Decimal;
  cachedInputShare: Decimal;
  /** Share of input tokens written to the prompt cache. Fresh input = input − reads − writes. */
  cacheWriteShare: Decimal;
  /** Hidden reasoning tokens per call: billed at the output rate, generated like output. */
  reasoningTokens: Decimal;
  peakToAverage: Decimal;
  /** Volume multiplier for each month (index 0 = month 1). */
  growth: readonly Decimal[];
}

export interface EngineApi {
  /** The model id the scenario asked for, and its provider (from the row, or the id's prefix). */
  id: string;
  provider: string;
  /** Null only with --allow-missing-prices when the id is not in the tables: every item is "price not found". */
  model: ApiModel | null;
  batchShare: Decimal;
  /** Yearly change of every token price (−0.3 = 30% cheaper a year later); absent or 0 = flat. */
  priceChangePerYear?: Decimal;
  flexShare: Decimal;
  priorityShare: Decimal;
  cacheTtl: '5m' | '1h';
  /** Negotiated discount off list price for this provider (scenario `discounts`). */
  discount?: { rate: Decimal; source: string } | undefined;
}

export interface EngineSelfHosted {
  model: OpenModel;
  gpu: Gpu;
  price: GpuPriceRow;
  commitment: Commitment;
  precision: Precision;
  /** Hourly rate of the chosen commitment, per GPU. */
  hourlyRate: Decimal;
  /** On-demand rate, which prices fine-tuning runs. */
  onDemandRate: Decimal;
  /**
   * Set only with --allow-missing-prices when the tables have no price for this provider or
   * commitment: the reason. The rates above are then 0 placeholders and the items that use them are
   * marked "price not found" (`hourly` for GPU-hours, `onDemand` for fine-tuning runs).
   */
  missingPrice?: { hourly?: string | undefined; onDemand?: string | undefined } | undefined;
  profile: ThroughputProfile;
  gpusPerReplica: number;
  targetUtilization: Decimal;
  minReplicas: number;
  /** The model's tokens per API token of the same text (its tokenizer differs); taken as 1 when absent. */
  tokensPerApiToken?: Decimal | undefined;
  staff?: { fte: Decimal; annualCostPerFte: Decimal };
  fineTuning?: {
    gpuHours: Decimal;
    everyMonths?: number;
    plan?: FineTuningPlan;
    /** gpu: auto — the GPU row the run is priced on (the cheapest that fits the method), when not the serving GPU. */
    gpu?: Gpu;
    price?: GpuPriceRow;
  };
  /** How a replica serves: memory fit, concurrency, profile (measured or derived), latency. */
  plan?: ServingPlan;
  slo?: Slo;
  /** Diurnal curve, normalised to mean 1 (24 values). */
  hourly?: readonly Decimal[];
  autoscaling?: Autoscaling;
  /**
   * Replicas paid at a reserved rate every hour (or, under `spot`, the on-demand floor at the
   * on-demand rate); the rest at `hourlyRate`.
   */
  reserved?: {
    replicas: number;
    commitment: Commitment;
    hourlyRate: Decimal;
    /** reserved_replicas as written, when whole instances made the tranche larger. */
    requested?: number | undefined;
  };
  /**
   * commitment: spot — each spot replica is interrupted `interruptionsPerMonth` times a month and
   * takes `restartHours` to serve again: those GPU-hours are re-bought at the on-demand rate.
   */
  spot?: { interruptionsPerMonth: Decimal; restartHours: Decimal } | undefined;
  /** Owned GPUs (commitment: owned, or owned_replicas): what they cost besides rent (engine/owned.ts). */
  owned?: EngineOwnership;
  /** gpu: auto — the other fitting (GPU, provider) options, cheapest chosen per month. */
  alternatives?: readonly EngineSelfHosted[];
  /** Yearly change of the GPU-hour rates (commitment and on-demand); absent or 0 = flat. */
  gpuPriceChangePerYear?: Decimal;
}

export interface EngineOwnership {
  /** commitment: owned — every replica is owned (bought in tranches as first needed, never sold early). */
  all: boolean;
  /** Replicas bought in month 1 whatever the volume (owned_replicas); 0 when not set. */
  baseReplicas: number;
  purchase: GpuPurchase;
  power: GpuPower;
  /** price_per_gpu + server_overhead_per_gpu. */
  pricePerGpu: Decimal;
  depreciationMonths: number;
  residualShare: Decimal;
  pue: Decimal;
  /** Where the PUE came from: the scenario field, or the sourced default. */
  pueSource: string;
  electricityPerKwh: Decimal;
  hostingPerGpuMonth: Decimal;
  maintenanceSharePerYear: Decimal;
  /** Hours a day the fleet is powered (24: always). The day's traffic is served in them. */
  hoursPerDay: Decimal;
  accounting: 'cash' | 'depreciation';
  /** The same GPU rented on demand at its cheapest provider: the rent side of rent vs buy. */
  rental?: { price: GpuPriceRow; hourlyRate: Decimal };
}

export interface EngineOverhead {
  name: string;
  monthly?: Decimal;
  oneTime?: Decimal;
  appliesTo: readonly StrategyId[];
}

export interface EngineInput {
  name: string;
  /** Reporting in another currency: pricing already converted at this rate (pricing/currency.ts). */
  currency?: { code: string; perUsd: Decimal; asOf: string; source: string } | undefined;
  horizonMonths: number;
  daysPerMonth: Decimal;
  /** `YYYY-MM` of month 1, when the scenario is anchored in calendar time. */
  startMonth?: string;
  /**
   * Days of each month (index 0 = month 1) under the calendar convention: a start month and no
   * stated days_per_month (engine/calendar.ts). Absent: every month has `daysPerMonth`.
   */
  calendarDays?: readonly Decimal[] | undefined;
  /**
   * API rows that serve the self-hosted open model per token (their `open_model`), whose context fits
   * the workload: the recommendation prices the same model hosted, to separate "which model" from
   * "who runs it".
   */
  sameModelEndpoints?: readonly ApiModel[] | undefined;
  /** What the inputs leave uncertain and the report should say (a sampled call's p99 above a context limit). */
  warnings?: readonly string[] | undefined;
  /** The scenario states days_per_month (a convention that wins over the calendar). */
  daysStated?: boolean | undefined;
  workload: EngineWorkload;
  api?: EngineApi;
  selfHosted?: EngineSelfHosted;
  hybrid?: { selfHostedShare: Decimal };
  overheads: readonly EngineOverhead[];
  /** Request classes, deployments and user-defined strategies (scenario `workloads:`, `strategies:`). */
  portfolio?: EnginePortfolio | undefined;
}

/**
 * A portfolio (engine/portfolio.ts). With several classes every strategy, the built-in ones too, is
 * priced through it; with one class only the user-defined strategies are (the built-in ones keep
 * their own path, so a one-class scenario reports what it always has).
 */
export interface EnginePortfolio {
  classes: readonly EngineClass[];
  /** Several classes: the built-in strategies as routes too (api, self_hosted, hybrid per class). */
  multiClass: boolean;
  /** Built-in strategies first (multi-class only), then the user-defined ones in file order. */
  strategies: readonly EngineRoutedStrategy[];
  perCallCosts: readonly EnginePerCallCost[];
}

export interface EngineClass {
  id: string;
  /** The class priced alone: its workload (and calendar) as a one-class scenario. */
  input: EngineInput;
  /** Its diurnal curve (normalised to mean 1), when it has one. */
  hourly?: readonly Decimal[] | undefined;
}

/** A share of a class's calls served by one target. */
export interface EngineLeg {
  /** `api:<model>` or the deployment's name: how reports name the target. */
  target: string;
  share: Decimal;
  /** A second serving of calls already served (escalation or retry after a failure): paid again. */
  again?: 'escalation' | 'retry' | undefined;
}

export interface EngineRoute {
  classId: string;
  legs: readonly EngineLeg[];
  /** Share of the class's calls that end in a successful answer (1 without success_rate). */
  successShare: Decimal;
}

export interface EngineRoutedStrategy {
  id: StrategyId;
  label: string;
  routes: readonly EngineRoute[];
  /** Each API target resolved for each class it serves: `${target}|${classId}` → the API. */
  apis: ReadonlyMap<string, EngineApi>;
  /** Each deployment the routes use, resolved for its longest class sequence (memory fit). */
  deployments: ReadonlyMap<string, EngineSelfHosted>;
}

export interface EnginePerCallCost {
  name: string;
  /** Cost of one call that incurs it (per_1k_calls ÷ 1000, or per_call). */
  perCall: Decimal;
  /** Share of calls that incur it (1 for per_1k_calls). */
  share: Decimal;
  appliesTo: readonly StrategyId[];
  classes: readonly string[];
  /** The scenario field it came from (per_call_costs[i]). */
  source: string;
}
