// What the engine consumes: a scenario with every id looked up and every number made exact.
// Built by scenario/resolve.ts; the engine never sees YAML, files or pricing ids it must look up.
import type { Decimal } from '../money.js';
import type { GpuPriceRow, Commitment, Precision } from '../pricing/schema.js';
import type { ApiModel, Gpu, OpenModel, ThroughputProfile } from '../pricing/tables.js';
import type { StrategyId } from '../scenario/schema.js';

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
  peakToAverage: Decimal;
  /** Volume multiplier for each month (index 0 = month 1). */
  growth: readonly Decimal[];
}

export interface EngineApi {
  model: ApiModel;
  batchShare: Decimal;
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
  profile: ThroughputProfile;
  gpusPerReplica: number;
  targetUtilization: Decimal;
  minReplicas: number;
  /** The model's tokens per API token of the same text (its tokenizer differs); taken as 1 when absent. */
  tokensPerApiToken?: Decimal | undefined;
  staff?: { fte: Decimal; annualCostPerFte: Decimal };
  fineTuning?: { gpuHours: Decimal; everyMonths?: number };
}

export interface EngineOverhead {
  name: string;
  monthly?: Decimal;
  oneTime?: Decimal;
  appliesTo: readonly StrategyId[];
}

export interface EngineInput {
  name: string;
  horizonMonths: number;
  daysPerMonth: Decimal;
  /** `YYYY-MM` of month 1, when the scenario is anchored in calendar time. */
  startMonth?: string;
  workload: EngineWorkload;
  api?: EngineApi;
  selfHosted?: EngineSelfHosted;
  hybrid?: { selfHostedShare: Decimal };
  overheads: readonly EngineOverhead[];
}
