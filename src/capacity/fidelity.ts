// Fidelity of the derived throughput model against published measurements (pricing/fidelity/points.yaml):
// each point's requests per second, predicted the way `llmcost` sizes a replica, and the error.
//
//   concurrency = min(the benchmark's, the engine default of 256, what fits in memory at input + output)
//   replica-seconds per request = input ÷ modelled prefill tok/s + output ÷ modelled decode tok/s
//   predicted requests/s = 1 ÷ that;  error = predicted ÷ measured − 1
//
// Points alternate between the fit (even positions in the file) and the held-out check (odd positions);
// the efficiencies in roofline.ts are the grid point with the lowest median absolute error on the fit
// half (fitEfficiency), and the held-out median is what docs/fidelity.md and the test report.
import { Decimal } from '../money.js';
import type { Precision } from '../pricing/schema.js';
import type { Gpu, OpenModel } from '../pricing/tables.js';
import { maxConcurrency } from './memory.js';
import { DEFAULT_MAX_CONCURRENCY, EFFICIENCY, modelledDecode, modelledPrefill, type Efficiency } from './roofline.js';

export interface FidelityPoint {
  id: string;
  model: string;
  gpu: string;
  gpus: number;
  precision: Precision;
  engine: string;
  concurrency: number;
  input_tokens: number;
  output_tokens: number;
  requests_per_s: number;
  as_of: string;
  source: string;
  notes?: string | undefined;
}

export interface FidelityRow {
  point: FidelityPoint;
  heldOut: boolean;
  /** Concurrency the model runs the point at (null: does not fit). */
  concurrency: number | null;
  predicted: Decimal | null;
  /** predicted ÷ measured − 1 (null when the model cannot place the point). */
  error: Decimal | null;
}

export interface FidelityTables {
  openModels: ReadonlyMap<string, OpenModel>;
  gpus: ReadonlyMap<string, Gpu>;
}

export function predictPoint(
  p: FidelityPoint,
  t: FidelityTables,
  eff: Efficiency = EFFICIENCY,
): { concurrency: number | null; predicted: Decimal | null } {
  const model = t.openModels.get(p.model);
  const gpu = t.gpus.get(p.gpu);
  if (!model || !gpu) throw new Error(`fidelity point ${p.id}: unknown model or GPU`);
  const input = new Decimal(p.input_tokens);
  const output = new Decimal(p.output_tokens);
  const context = input.plus(output);
  const fits = maxConcurrency(model, gpu, p.precision, p.gpus, context);
  if (fits < 1) return { concurrency: null, predicted: null };
  const c = Math.min(p.concurrency, DEFAULT_MAX_CONCURRENCY, fits);
  const prefill = modelledPrefill(model, gpu, p.precision, p.gpus, c, input, eff);
  const decode = modelledDecode(model, gpu, p.precision, p.gpus, c, context, eff);
  const perRequest = input.div(prefill).plus(output.div(decode));
  return { concurrency: c, predicted: new Decimal(1).div(perRequest) };
}

export function fidelityTable(
  points: readonly FidelityPoint[],
  t: FidelityTables,
  eff: Efficiency = EFFICIENCY,
): FidelityRow[] {
  return points.map((point, i) => {
    const { concurrency, predicted } = predictPoint(point, t, eff);
    const error = predicted ? predicted.div(point.requests_per_s).minus(1) : null;
    return { point, heldOut: i % 2 === 1, concurrency, predicted, error };
  });
}

/** Median of |error| over rows (a point the model cannot place counts as a 100% miss). */
export function medianAbsError(rows: readonly FidelityRow[]): Decimal {
  const errs = rows.map((r) => (r.error ? r.error.abs() : new Decimal(1))).sort((a, b) => a.cmp(b));
  if (errs.length === 0) return new Decimal(0);
  const mid = Math.floor(errs.length / 2);
  return errs.length % 2 ? errs[mid]! : errs[mid - 1]!.plus(errs[mid]!).div(2);
}

/** Every combination of a grid's values, in the order of its keys (the last key varies fastest). */
function gridPoints(grid: { [K in keyof Efficiency]: readonly number[] }): Efficiency[] {
  const keys = Object.keys(grid) as (keyof Efficiency)[];
  let combos: Partial<Record<keyof Efficiency, Decimal>>[] = [{}];
  for (const k of keys) combos = combos.flatMap((c) => grid[k].map((v) => ({ ...c, [k]: new Decimal(v) })));
  return combos as Efficiency[];
}

/** The grid point with the lowest median absolute error on the fit half (ties: first in grid order). */
export function fitEfficiency(
  points: readonly FidelityPoint[],
  t: FidelityTables,
  grid: { [K in keyof Efficiency]: readonly number[] },
): { eff: Efficiency; median: Decimal } {
  const fit = points.filter((_, i) => i % 2 === 0);
  let best: { eff: Efficiency; median: Decimal } | null = null;
  for (const eff of gridPoints(grid)) {
    const median = medianAbsError(fidelityTable(fit, t, eff));
    if (!best || median.lt(best.median)) best = { eff, median };
  }
  return best!;
}

const fixed = (d: Decimal, places: number) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
const pct = (d: Decimal | null) => (d === null ? 'n/a' : `${fixed(d.times(100), 1)}%`);
const num = (d: Decimal | null, places: number) => (d === null ? 'does not fit' : fixed(d, places));

/** The markdown table of every point (docs/fidelity.md embeds it between markers). */
export function fidelityMarkdown(rows: readonly FidelityRow[]): string {
  const lines = [
    '| # | point | model | GPU × n | precision | engine | conc. (run at) | in / out tokens ' +
      '| measured req/s | predicted req/s | error | split |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  rows.forEach((r, i) => {
    const p = r.point;
    const cells = [
      i + 1,
      p.id,
      p.model,
      `${p.gpu} × ${p.gpus}`,
      p.precision,
      p.engine,
      `${p.concurrency} (${r.concurrency ?? '-'})`,
      `${p.input_tokens} / ${p.output_tokens}`,
      p.requests_per_s,
      num(r.predicted, 4),
      pct(r.error),
      r.heldOut ? 'held out' : 'fit',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  const held = rows.filter((r) => r.heldOut);
  const fit = rows.filter((r) => !r.heldOut);
  lines.push('');
  const part = (label: string, rs: readonly FidelityRow[]) =>
    `${label} ${pct(medianAbsError(rs))} (${rs.length} points)`;
  const all = pct(medianAbsError(rows));
  lines.push(`Median absolute error: ${part('held out', held)}, ${part('fit', fit)}, all ${all}.`);
  return lines.join('\n');
}
