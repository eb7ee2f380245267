// Efficiency curves: the share of the roofline a deployment reaches, fitted to several benchmark results
// of one model on one GPU (`llmcost calibrate A.json B.json …`), and used for derived profiles.
//
// For each result (R requests/s of the replica at concurrency C with I input and O output tokens per
// request):
//   roofline seconds per request  s_R = I ÷ prefill bound + O ÷ decode bound(C, I + O)   (roofline.ts)
//   measured seconds per request  s_M = 1 ÷ R
//   efficiency                    e = s_R ÷ s_M   (the share of the roofline reached; at most 1)
// The results span one variable x: the concurrency when it differs between them, else the context
// (I + O). The curve is
//   1 ÷ e = a + b ÷ x
// a fixed cost per unit of roofline work (a) plus one amortised over x (b): at high concurrency the
// per-step overheads are shared by more sequences, so e rises towards 1 ÷ a. It is linear in 1 ÷ x, so
// a and b are the ordinary least-squares line of y = s_M ÷ s_R against u = 1 ÷ x (closed form, exact
// decimal arithmetic: the same results always give the same curve), rounded to 6 significant digits.
// Residual of a result = fitted e ÷ measured e − 1 = predicted requests/s ÷ measured − 1.
// A derived profile with a curve: prefill = prefill bound × e(x), decode = decode bound(C) × e(x), with
// x held within the fitted range [from, to] (no extrapolation) and e at most 1; so input ÷ prefill +
// output ÷ decode = s_R ÷ e(x), the measured seconds per request up to the residual. A concurrency curve
// serves at most `to` sequences; a context curve (every result at one concurrency) serves at that one,
// as a measured profile does.
import { InputError } from '../errors.js';
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { EfficiencyCurve, Gpu, OpenModel } from '../pricing/tables.js';
import type { BenchmarkResult } from './calibrate.js';
import { maxConcurrency } from './memory.js';
import { decodeBound, prefillBound } from './roofline.js';

export type CurveVariable = 'concurrency' | 'context_tokens';

/** The fields of an `efficiency:` row. */
export type EfficiencyRowFields = Omit<EfficiencyCurve, 'origin'>;

export interface EfficiencyRequest {
  model: OpenModel;
  gpu: Gpu;
  precision: Precision;
  gpusPerReplica: number;
  /** For results without a recorded concurrency (open-loop runs). */
  concurrency?: number | undefined;
  /** as_of when no result carries a date. */
  today: string;
}

export interface CurvePoint {
  file: string;
  x: Decimal;
  concurrency: number;
  inputTokens: Decimal;
  outputTokens: Decimal;
  rooflineSeconds: Decimal;
  measuredSeconds: Decimal;
  /** Measured share of the roofline. */
  efficiency: Decimal;
  /** The curve's share at x, and fitted ÷ measured − 1. */
  fitted: Decimal;
  residual: Decimal;
}

export interface FittedCurve {
  row: EfficiencyRowFields;
  points: CurvePoint[];
}

const SIGNIFICANT = 6;

/** Roofline seconds of one request of I input and O output tokens at concurrency C. */
export function rooflineSecondsPerRequest(
  model: OpenModel,
  gpu: Gpu,
  precision: Precision,
  gpus: number,
  concurrency: number,
  inputTokens: Decimal,
  outputTokens: Decimal,
): Decimal {
  const context = inputTokens.plus(outputTokens);
  const prefill = prefillBound(model, gpu, precision, gpus);
  const decode = decodeBound(model, gpu, precision, gpus, concurrency, context);
  return inputTokens.div(prefill).plus(outputTokens.div(decode));
}

/** The curve's share of the roofline at x: 1 ÷ (a + b ÷ x), x held within [from, to], at most 1. */
export function efficiencyAt(curve: Pick<EfficiencyRowFields, 'a' | 'b' | 'from' | 'to'>, x: Decimal): Decimal {
  const held = Decimal.min(Decimal.max(x, curve.from), curve.to);
  const inverse = new Decimal(curve.a).plus(new Decimal(curve.b).div(held));
  return Decimal.min(new Decimal(1), new Decimal(1).div(inverse));
}

const fail = (file: string, message: string, expected: string, field?: string): InputError =>
  new InputError({ code: 'E_INVALID', file, ...(field ? { field } : {}), message, expected });

/** Fits the curve to several results (`files[i]` names results[i]). Pure. */
export function fitEfficiencyCurve(
  results: readonly BenchmarkResult[],
  files: readonly string[],
  req: EfficiencyRequest,
): FittedCurve {
  const all = files.join(', ');
  if (results.length < 2) throw fail(all, 'is one result', 'two or more results to fit an efficiency curve');
  const base = results.map((r, i) => {
    const file = files[i]!;
    const c = r.concurrency ?? req.concurrency;
    if (c === undefined) {
      throw new InputError({
        code: 'E_MISSING_FIELD',
        file,
        field: 'max_concurrency',
        message: 'is not recorded (an open-loop run at a request rate)',
        expected: 'the concurrency the replica ran at, given as --concurrency N',
      });
    }
    const context = r.inputTokens.plus(r.outputTokens);
    const fits = maxConcurrency(req.model, req.gpu, req.precision, req.gpusPerReplica, context);
    if (fits < 1) {
      const what = `${req.model.id} at ${req.precision} on ${req.gpusPerReplica} × ${req.gpu.id}`;
      throw fail(
        file,
        `${what} cannot hold one ${context.round().toFixed()}-token sequence`,
        'a result of a deployment that fits',
      );
    }
    const concurrency = Math.min(c, fits);
    const { model, gpu, precision, gpusPerReplica } = req;
    const I = r.inputTokens;
    const O = r.outputTokens;
    const rooflineSeconds = rooflineSecondsPerRequest(model, gpu, precision, gpusPerReplica, concurrency, I, O);
    const measuredSeconds = new Decimal(1).div(r.completedPerSecond);
    const efficiency = rooflineSeconds.div(measuredSeconds);
    if (efficiency.gt(1)) {
      const pct = efficiency.times(100).toDecimalPlaces(1).toFixed();
      const expected = 'a result of this model on this GPU, precision and GPUs per replica';
      throw fail(file, `is ${pct}% of the roofline: faster than the bound`, expected);
    }
    return {
      file,
      concurrency,
      context,
      inputTokens: I,
      outputTokens: O,
      rooflineSeconds,
      measuredSeconds,
      efficiency,
    };
  });
  const spans = (xs: Decimal[]) => xs.some((x) => !x.eq(xs[0]!));
  const byConcurrency = base.map((p) => new Decimal(p.concurrency));
  const byContext = base.map((p) => p.context);
  const variable: CurveVariable = spans(byConcurrency) ? 'concurrency' : 'context_tokens';
  const xs = variable === 'concurrency' ? byConcurrency : byContext;
  if (!spans(xs)) {
    throw fail(all, 'all have the same concurrency and lengths', 'results that differ in concurrency or in length');
  }
  // Least squares of y = s_M ÷ s_R on u = 1 ÷ x.
  const us = xs.map((x) => new Decimal(1).div(x));
  const ys = base.map((p) => p.measuredSeconds.div(p.rooflineSeconds));
  const n = base.length;
  const uMean = us.reduce((s, u) => s.plus(u), new Decimal(0)).div(n);
  const yMean = ys.reduce((s, y) => s.plus(y), new Decimal(0)).div(n);
  let sUY = new Decimal(0);
  let sUU = new Decimal(0);
  us.forEach((u, i) => {
    sUY = sUY.plus(u.minus(uMean).times(ys[i]!.minus(yMean)));
    sUU = sUU.plus(u.minus(uMean).pow(2));
  });
  const b = sUY.div(sUU).toSignificantDigits(SIGNIFICANT, Decimal.ROUND_HALF_EVEN);
  const a = yMean.minus(b.times(uMean)).toSignificantDigits(SIGNIFICANT, Decimal.ROUND_HALF_EVEN);
  const from = Decimal.min(...xs);
  const to = Decimal.max(...xs);
  if (a.plus(b.div(from)).lte(0) || a.plus(b.div(to)).lte(0)) {
    throw fail(all, 'do not follow 1 ÷ e = a + b ÷ x (the fitted line falls to 0)', 'results of one deployment');
  }
  const curve = { a: a.toNumber(), b: b.toNumber(), from: from.toNumber(), to: to.toNumber() };
  const points: CurvePoint[] = base.map((p, i) => {
    const fitted = efficiencyAt(curve, xs[i]!);
    return { ...p, x: xs[i]!, fitted, residual: fitted.div(p.efficiency).minus(1) };
  });
  const maxResidual = Decimal.max(...points.map((p) => p.residual.abs()));
  const dates = results.map((r) => r.date).filter((d): d is string => d !== null);
  const asOf = dates.length ? [...dates].sort()[dates.length - 1]! : req.today;
  const row: EfficiencyRowFields = {
    model: req.model.id,
    gpu: req.gpu.id,
    gpus_per_replica: req.gpusPerReplica,
    precision: req.precision,
    variable,
    ...curve,
    ...(variable === 'context_tokens' ? { concurrency: base[0]!.concurrency } : {}),
    points: n,
    max_residual: maxResidual.toDecimalPlaces(4, Decimal.ROUND_UP).toNumber(),
    as_of: asOf,
    source: `calibrated from ${files.join(', ')} (${[...new Set(results.map((r) => r.format))].join(' and ')} results)`,
    derivation: curveDerivation(variable, a, b, points),
  };
  return { row, points };
}

const r4 = (d: Decimal) => d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed();
const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()}%`;

function curveDerivation(variable: CurveVariable, a: Decimal, b: Decimal, points: readonly CurvePoint[]): string {
  const each = points
    .map((p) => `x = ${r4(p.x)}: measured ${r4(p.efficiency)}, fitted ${r4(p.fitted)} (${pct(p.residual)})`)
    .join('; ');
  return (
    `1 ÷ e = ${a.toFixed()} + ${b.toFixed()} ÷ x, x = ${variable}, least squares of measured ÷ roofline ` +
    `seconds per request against 1 ÷ x over ${points.length} results; e = roofline ÷ measured seconds ` +
    `per request (docs/capacity.md §9): ${each}`
  );
}

/** The pricing file (YAML, ready for --pricing) holding the curve, its residuals as comments. */
export function efficiencyPricingYaml(fit: FittedCurve): string {
  const q = (s: string) => JSON.stringify(s);
  const r = fit.row;
  const table = fit.points.map(
    (p) =>
      `#   ${p.file}: ${r.variable} ${r4(p.x)}, ${r4(p.inputTokens)} in / ${r4(p.outputTokens)} out, ` +
      `measured e ${r4(p.efficiency)}, fitted ${r4(p.fitted)}, residual ${pct(p.residual)}`,
  );
  return [
    '# llmcost pricing file written by `llmcost calibrate` from several results: an efficiency curve,',
    '# the share of the roofline this deployment reaches: 1 ÷ e = a + b ÷ x. Residuals (fitted ÷ measured − 1):',
    ...table,
    'version: 1',
    'efficiency:',
    `  - model: ${r.model}`,
    `    gpu: ${r.gpu}`,
    `    gpus_per_replica: ${r.gpus_per_replica}`,
    `    precision: ${r.precision}`,
    `    variable: ${r.variable}`,
    `    a: ${r.a}`,
    `    b: ${r.b}`,
    `    from: ${r.from}`,
    `    to: ${r.to}`,
    ...(r.concurrency !== undefined ? [`    concurrency: ${r.concurrency}`] : []),
    `    points: ${r.points}`,
    `    max_residual: ${r.max_residual}`,
    `    as_of: ${r.as_of}`,
    `    source: ${q(r.source)}`,
    `    derivation: ${q(r.derivation!)}`,
    '',
  ].join('\n');
}
