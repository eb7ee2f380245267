// How one replica serves a scenario's calls: precision, GPUs per replica (tensor parallel), the
// concurrency it runs at, its throughput (a table profile, or derived from the roofline) and the
// latency that follows. Pure: table rows and workload in, a plan or the reason there is none out.
//
// Order of decisions:
//   1. precision: the scenario's; else the best table profile's for this model and GPU; else bf16.
//   2. GPUs per replica: the scenario's; else the smallest of 1, 2, 4, 8 where weights + overhead + the
//      KV cache of at least one sequence fit (and, with an SLO, where one sequence meets it).
//   3. throughput: the table profile for (model, GPU, precision, GPUs per replica) when there is one,
//      else derived = roofline × efficiency (labelled `derived`).
//   4. concurrency: the profile's (or 256 when derived), capped by what fits in memory at the
//      scenario's sequence length and by the latency targets. A profile run at a lower concurrency
//      than it was measured at keeps its share of the roofline: decode(C) = decode × bound(C) ÷ bound(C₀).
import { Decimal, factNumber } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import {
  profileKey,
  profilesFor,
  type EfficiencyCurve,
  type Gpu,
  type OpenModel,
  type ThroughputProfile,
} from '../pricing/tables.js';
import { efficiencyAt } from './efficiency.js';
import { meets, modelledLatency, type Latency, type Slo } from './latency.js';
import {
  gbText,
  kvBytesPerSequence,
  sequencesThatFit,
  memoryUse,
  TP_DEGREES,
  USABLE_MEMORY_FRACTION,
  type MemoryUse,
} from './memory.js';
import {
  ALL_REDUCES_PER_LAYER,
  decodeBound,
  DEFAULT_MAX_CONCURRENCY,
  EFFICIENCY,
  modelledDecode,
  modelledPrefill,
  prefillBound,
  rooflineBound,
  weightBytesRead,
  type RooflineBound,
} from './roofline.js';

export interface ServingRequest {
  model: OpenModel;
  gpu: Gpu;
  precision?: Precision | undefined;
  gpusPerReplica?: number | undefined;
  /** Every throughput profile in the tables (the plan picks the matching one). */
  profiles: readonly ThroughputProfile[];
  /** Every efficiency curve in the tables: a matching one replaces the calibrated model of a derived profile. */
  efficiency?: readonly EfficiencyCurve[] | undefined;
  inputTokens: Decimal;
  outputTokens: Decimal;
  slo?: Slo | undefined;
  /** The replica's utilisation at peak (scenario target_utilization): sets the queueing in TTFT. 0 when absent. */
  utilization?: Decimal | undefined;
}

/** Why the serving concurrency is what it is. */
export type ConcurrencyLimit = 'profile' | 'engine default' | 'memory' | 'latency target';

export interface ServingPlan {
  precision: Precision;
  precisionFrom: 'scenario' | 'table profile' | 'model default' | 'default';
  gpusPerReplica: number;
  gpusFrom: 'scenario' | 'smallest that fits';
  /** Tokens held per sequence at the end of a call: input + output. */
  contextTokens: Decimal;
  concurrency: number;
  concurrencyLimit: ConcurrencyLimit;
  /** Effective rates at the serving concurrency, as a profile row (kind: measured or derived). */
  profile: ThroughputProfile;
  /** The table row it came from (null when derived on the fly). */
  tableProfile: ThroughputProfile | null;
  /** How the table row was adjusted to this scenario, if at all. */
  adjustment: string | null;
  memory: MemoryUse;
  /** Roofline bound at the serving concurrency and context. */
  bound: RooflineBound;
  latency: Latency;
  /** KV cache the replica holds per token of a sequence at this context (sliding windows, MLA replication). */
  kvBytesPerToken: Decimal;
  /** Weight bytes one decode step reads at the serving concurrency: shared weights + experts touched. */
  weightBytesReadPerStep: Decimal;
}

export interface ServingFailure {
  /** Which scenario field to point at. */
  field: 'gpus_per_replica' | 'gpu' | 'slo' | 'precision';
  code: 'E_NO_FIT' | 'E_SLO';
  message: string;
  expected: string;
}

export type ServingResult = { ok: true; plan: ServingPlan } | { ok: false; failure: ServingFailure };

const DERIVED_FILE = 'roofline';

export function planServing(req: ServingRequest): ServingResult {
  const { model, gpu } = req;
  const context = req.inputTokens.plus(req.outputTokens);
  const fromTable = profilesFor(req, model.id, gpu.id).filter(
    (p) => req.gpusPerReplica === undefined || p.gpus_per_replica === req.gpusPerReplica,
  );
  const precision: Precision = req.precision ?? fromTable[0]?.precision ?? model.default_precision ?? 'bf16';
  const precisionFrom = req.precision
    ? 'scenario'
    : fromTable[0]
      ? 'table profile'
      : model.default_precision
        ? 'model default'
        : 'default';

  const degrees = req.gpusPerReplica !== undefined ? [req.gpusPerReplica] : [...TP_DEGREES];
  let lastFailure: ServingFailure | null = null;
  for (const tp of degrees) {
    const result = planAt(req, precision, tp, context);
    if (result.ok) {
      return {
        ok: true,
        plan: {
          ...result.plan,
          precisionFrom,
          gpusFrom: req.gpusPerReplica !== undefined ? 'scenario' : 'smallest that fits',
        },
      };
    }
    lastFailure = result.failure;
  }
  const f = lastFailure!;
  if (req.gpusPerReplica === undefined && f.code === 'E_NO_FIT') {
    return {
      ok: false,
      failure: {
        ...f,
        field: 'gpu',
        message: `${f.message} (tried 1, 2, 4 and 8 GPUs per replica)`,
        expected: 'a GPU with more memory, a lower precision (fp8, int4) or a smaller model',
      },
    };
  }
  return { ok: false, failure: f };
}

type PlanAt =
  | { ok: true; plan: Omit<ServingPlan, 'precisionFrom' | 'gpusFrom'> }
  | { ok: false; failure: ServingFailure };

function planAt(req: ServingRequest, precision: Precision, tp: number, context: Decimal): PlanAt {
  const { model, gpu } = req;
  const memCap = sequencesThatFit(model, gpu, precision, tp, context);
  if (memCap.lt(1)) {
    const need = memoryUse(model, gpu, precision, tp, 1, context);
    return {
      ok: false,
      failure: {
        field: 'gpus_per_replica',
        code: 'E_NO_FIT',
        message: `${model.id} at ${precision} does not fit on ${gpu.id} ×${tp}: one replica needs ${gbText(need.total)} (${gbText(need.weights)} weights + ${gbText(need.overhead)} runtime overhead + ${gbText(need.kv)} KV cache for one ${context.toFixed()}-token sequence) but ${gbText(need.available)} is usable (${USABLE_MEMORY_FRACTION.times(100).toFixed()}% of ${tp} × ${gpu.memory_gb} ${gpu.memory_unit ?? 'GiB'})`,
        expected: 'more GPUs per replica (gpus_per_replica), a GPU with more memory, or a lower precision',
      },
    };
  }
  const row = profilesFor(req, model.id, gpu.id, precision).find((p) => p.gpus_per_replica === tp) ?? null;
  // Without a table row, an efficiency curve of this deployment (efficiency.ts) when there is one:
  // prefill and decode = their bounds × e(x), x the concurrency or the context the curve follows.
  const key = profileKey({ model: model.id, gpu: gpu.id, precision, gpus_per_replica: tp });
  const curve = row ? null : (req.efficiency?.find((e) => profileKey(e) === key) ?? null);
  const shareAt = (c: number): Decimal =>
    efficiencyAt(curve!, curve!.variable === 'concurrency' ? new Decimal(c) : context);
  const prefillAt = (c: number): Decimal =>
    row
      ? new Decimal(row.prefill_tokens_per_s)
      : curve
        ? prefillBound(model, gpu, precision, tp).times(shareAt(c)).floor()
        : modelledPrefill(model, gpu, precision, tp, c, req.inputTokens).floor();
  // A table row: decode(C) = k × bound(C), k the row's share of its bound at this scenario's context
  // (never above 1). Derived: the curve, else the calibrated model (roofline.ts).
  const curveTop = curve ? (curve.concurrency ?? Math.max(1, Math.floor(curve.to))) : null;
  const baseConcurrency = row
    ? row.concurrency
    : Math.min(DEFAULT_MAX_CONCURRENCY, curveTop ?? DEFAULT_MAX_CONCURRENCY);
  let k = new Decimal(1);
  let capped = false;
  if (row) {
    k = new Decimal(row.decode_tokens_per_s).div(decodeBound(model, gpu, precision, tp, row.concurrency, context));
    if (k.gt(1)) {
      k = new Decimal(1);
      capped = true;
    }
  }
  const decodeAt = (c: number): Decimal => {
    if (row && c === row.concurrency && !capped) return new Decimal(row.decode_tokens_per_s);
    if (row) return decodeBound(model, gpu, precision, tp, c, context).times(k);
    if (curve) return decodeBound(model, gpu, precision, tp, c, context).times(shareAt(c)).floor();
    return modelledDecode(model, gpu, precision, tp, c, context).floor();
  };
  const utilization = req.utilization ?? new Decimal(0);
  const latencyAt = (c: number, read?: (d: Decimal) => number): Latency =>
    modelledLatency({
      read,
      concurrency: c,
      decodeTokensPerS: decodeAt(c),
      prefillTokensPerS: prefillAt(c),
      inputTokens: req.inputTokens,
      outputTokens: req.outputTokens,
      utilization,
    });

  let concurrency = baseConcurrency;
  let limit: ConcurrencyLimit =
    row || (curveTop !== null && curveTop < DEFAULT_MAX_CONCURRENCY) ? 'profile' : 'engine default';
  if (memCap.lt(concurrency)) {
    concurrency = memCap.toNumber();
    limit = 'memory';
  }
  if (req.slo) {
    // TPOT grows with concurrency: binary search for the largest concurrency meeting the TPOT target,
    // then step down until every target (TTFT with its queueing terms too) is met.
    let c = concurrency;
    if (req.slo.tpotMs) {
      const tpotOnly: Slo = { tpotMs: req.slo.tpotMs };
      let lo = 0;
      let hi = concurrency;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (meets(tpotOnly, latencyAt(mid))) lo = mid;
        else hi = mid - 1;
      }
      c = lo;
    }
    // The most concurrency the TPOT target allows: where the queueing in TTFT is least.
    const top = Math.max(c, 1);
    while (c >= 1 && !meets(req.slo, latencyAt(c))) c--;
    if (c < 1) {
      const at = latencyAt(top);
      return {
        ok: false,
        failure: {
          field: 'slo',
          code: 'E_SLO',
          message: `${model.id} at ${precision} on ${gpu.id} ×${tp} cannot meet the latency targets at any concurrency: at ${top} sequence${top === 1 ? '' : 's'} (at ${utilization.times(100).toFixed()}% utilisation) modelled TTFT ${ms(at.ttftMs)} (p95 ${ms(at.ttftP95Ms)}), TPOT ${ms(at.tpotMs)}`,
          expected: 'looser slo targets, more GPUs per replica, a faster GPU or a lower precision',
        },
      };
    }
    if (c < concurrency) {
      concurrency = c;
      limit = 'latency target';
    }
  }

  const prefill = prefillAt(concurrency);
  const decode = decodeAt(concurrency);
  const bound = rooflineBound(model, gpu, precision, tp, concurrency, context);
  // The plan's latency is a fact (the decisions above read theirs): read without tying a tape to it.
  const latency = latencyAt(concurrency, factNumber);
  const adjustments: string[] = [];
  if (row && concurrency !== row.concurrency)
    adjustments.push(
      `decode scaled from concurrency ${row.concurrency} to ${concurrency} along the roofline (${limit})`,
    );
  if (capped) adjustments.push(`decode capped at the roofline bound for ${context.toFixed()}-token sequences`);
  const derived = curve
    ? {
        as_of: curve.as_of,
        source: `${curve.origin.file}#efficiency:${key}@${curve.as_of}`,
        derivation: `efficiency curve 1 ÷ e = ${curve.a} + ${curve.b} ÷ x at ${curve.variable} ${curve.variable === 'concurrency' ? concurrency : context.toFixed()} (fitted over ${curve.from}–${curve.to}, ${curve.points} results, residuals within ${new Decimal(curve.max_residual).times(100).toFixed()}%): e = ${shareAt(concurrency).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed()}; decode ${decode.toFixed()} of a ${bound.decode.floor().toFixed()} tok/s bound, prefill ${prefill.toFixed()} of ${bound.prefill.floor().toFixed()}`,
      }
    : {
        as_of: [gpu.as_of, model.as_of].sort()[1]!,
        source: `roofline from ${gpu.origin.file}#${gpu.id} and ${model.origin.file}#${model.id}`,
        derivation: `calibrated roofline (docs/fidelity.md): bandwidth efficiency ${EFFICIENCY.bandwidth.toFixed()}, compute efficiency ${EFFICIENCY.compute.toFixed()}, ${EFFICIENCY.stepOverheadUs.toFixed()} µs per layer per step${communicationText(gpu, tp)}; decode ${decode.toFixed()} of a ${bound.decode.floor().toFixed()} tok/s bound, prefill ${prefill.toFixed()} of ${bound.prefill.floor().toFixed()}`,
      };
  const profile: ThroughputProfile = row
    ? {
        ...row,
        concurrency,
        context_tokens: factNumber(context), // a fact: the replica-seconds use the Decimal
        decode_tokens_per_s: decode.toNumber(),
        prefill_tokens_per_s: prefill.toNumber(),
      }
    : {
        model: model.id,
        gpu: gpu.id,
        gpus_per_replica: tp,
        precision,
        prefill_tokens_per_s: prefill.toNumber(),
        decode_tokens_per_s: decode.toNumber(),
        concurrency,
        context_tokens: factNumber(context), // a fact: the replica-seconds use the Decimal
        kind: 'derived',
        ...derived,
        origin: { file: curve ? curve.origin.file : DERIVED_FILE },
      };
  return {
    ok: true,
    plan: {
      precision,
      gpusPerReplica: tp,
      contextTokens: context,
      concurrency,
      concurrencyLimit: limit,
      profile,
      tableProfile: row,
      adjustment: adjustments.length ? adjustments.join('; ') : null,
      memory: memoryUse(model, gpu, precision, tp, concurrency, context),
      bound,
      latency,
      kvBytesPerToken: kvBytesPerSequence(model, precision, context, tp).div(Decimal.max(context, 1)),
      weightBytesReadPerStep: weightBytesRead(model, precision, concurrency),
    },
  };
}

/** How the derivation counts tensor-parallel communication (nothing on one GPU). */
function communicationText(gpu: Gpu, tp: number): string {
  if (tp <= 1) return '';
  const ic = gpu.interconnect;
  if (!ic) return `; tensor-parallel communication not counted (the ${gpu.id} row has no interconnect)`;
  const link = `${ic.kind === 'nvlink' ? 'NVLink' : 'PCIe'} ${ic.bandwidth_gb_s} GB/s`;
  return `; ${ALL_REDUCES_PER_LAYER} all-reduces per layer over ${link} at link efficiency ${EFFICIENCY.link.toFixed()}`;
}

const ms = (d: Decimal) => `${d.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed()} ms`;
