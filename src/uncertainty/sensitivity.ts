// One-at-a-time sensitivity: swing each input over its range — P10 to P90 of its distribution, or
// ±25% of its value when it is a plain number — with every other input at its point value, and
// measure the effect on each strategy's TCO and on the gap between the best two strategies.
import { formatPath } from '../errors.js';
import type { StrategyId } from '../vocabulary.js';
import type { FieldBounds } from '../scenario/bounds.js';
import { fieldBounds } from '../scenario/bounds.js';
import { describeDistribution, quantile } from '../scenario/distribution.js';
import { notUncertainAt, type InputPath } from '../scenario/extract.js';
import { getAt, setterFor, tcoOf, type PreparedModel } from './model.js';

/** How far a plain number swings either way. */
export const POINT_SWING = 0.25;

export interface Swing {
  field: string;
  path: InputPath;
  /** 'P10–P90' of a distribution, or '±25%' of a plain value. */
  range: string;
  distribution: string | null;
  base: number;
  low: number;
  high: number;
  /** TCO per strategy (model.strategies order) with the input at its low and high value. */
  tcoLow: number[];
  tcoHigh: number[];
  /** TCO(runner-up) − TCO(best) of the base pair; negative means the runner-up became cheaper. */
  gapLow: number | null;
  gapHigh: number | null;
  /** |gapHigh − gapLow|: what the tornado ranks by. */
  gapSwing: number | null;
}

export interface Sensitivity {
  scenario: string;
  months: number;
  strategies: StrategyId[];
  baseTco: number[];
  /** The base pair: the cheapest and the runner-up at point values (null with one strategy). */
  best: StrategyId;
  runnerUp: StrategyId | null;
  baseGap: number | null;
  /** Ranked by gap swing (or by the only strategy's TCO swing), largest first. */
  swings: Swing[];
  /** Plain inputs at 0 (±25% of 0 is 0): listed, not swung. */
  atZero: string[];
  /** Conventions given as plain numbers (days_per_month): not uncertain, listed, not swung unless asked. */
  conventions: string[];
}

/**
 * Fields that fix how the model counts rather than what the world does: swinging the length of a
 * month ±25% says nothing about risk. (horizon_months cannot vary at all: NOT_UNCERTAIN.) A
 * convention given as a distribution is swung: the scenario asked for it.
 */
export const CONVENTIONS: ReadonlySet<string> = new Set(['days_per_month']);

export interface SensitivityOptions {
  /** Swing conventions given as plain numbers too (±25%). */
  includeConventions?: boolean;
}

export function sensitivity(model: PreparedModel, options: SensitivityOptions = {}): Sensitivity {
  const out = model.buffer();
  const H = model.months;
  const S = model.strategies.length;
  const tcos = (): number[] => {
    model.evaluate(out);
    return model.strategies.map((_, k) => tcoOf(model, out, k));
  };
  const baseTco = tcos();
  const order = baseTco.map((_, k) => k).sort((a, b) => baseTco[a]! - baseTco[b]! || a - b);
  const bestK = order[0]!;
  const runnerK = S > 1 ? order[1]! : null;
  const gap = (t: number[]) => (runnerK === null ? null : t[runnerK]! - t[bestK]!);

  const declared = new Map(model.inputs.map((u) => [u.field, u]));
  const swings: Swing[] = [];
  const atZero: string[] = [];
  const conventions: string[] = [];
  for (const { path, bounds } of numericInputs(model)) {
    const field = formatPath(path);
    const u = declared.get(field);
    if (!u && !options.includeConventions && CONVENTIONS.has(field)) {
      conventions.push(field);
      continue;
    }
    const base = u ? u.point : (getAt(model.scenario, path) as number);
    let low: number;
    let high: number;
    if (u) {
      low = quantile(u.dist, 0.1);
      high = quantile(u.dist, 0.9);
    } else {
      if (base === 0) {
        atZero.push(field);
        continue;
      }
      [low, high] = pointRange(base, bounds);
    }
    const set = setterFor(model, path);
    set(low);
    const tcoLow = tcos();
    set(high);
    const tcoHigh = tcos();
    set(base);
    const gapLow = gap(tcoLow);
    const gapHigh = gap(tcoHigh);
    swings.push({
      field,
      path,
      range: u ? 'P10–P90' : `±${POINT_SWING * 100}%`,
      distribution: u ? describeDistribution(u.dist) : null,
      base,
      low,
      high,
      tcoLow,
      tcoHigh,
      gapLow,
      gapHigh,
      gapSwing: gapLow === null || gapHigh === null ? null : Math.abs(gapHigh - gapLow),
    });
  }
  // Ranked by swing to the cent, as printed: two swings equal in exact arithmetic (two inputs that move
  // the same replica count) can differ by binary noise, and must not swap places because of it.
  const key = (s: Swing) => Math.round((s.gapSwing ?? Math.abs(s.tcoHigh[0]! - s.tcoLow[0]!)) * 100);
  swings.sort((a, b) => key(b) - key(a) || (a.field < b.field ? -1 : 1));
  return {
    scenario: model.name,
    months: H,
    strategies: model.strategies,
    baseTco,
    best: model.strategies[bestK]!,
    runnerUp: runnerK === null ? null : model.strategies[runnerK]!,
    baseGap: gap(baseTco),
    swings,
    atZero,
    conventions,
  };
}

/** ±25% of a plain value, kept inside the field's range; whole-number fields widen to whole numbers. */
export function pointRange(v: number, b: FieldBounds): [number, number] {
  let lo = v * (1 - POINT_SWING);
  let hi = v * (1 + POINT_SWING);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (b.integer) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
  }
  const clamp = (x: number) => Math.min(Math.max(x, b.min), b.max);
  lo = clamp(lo);
  hi = clamp(hi);
  // An exclusive bound (utilisation > 0) is met by staying at the value itself.
  if (!b.minInclusive && lo <= b.min) lo = v;
  if (!b.maxInclusive && hi >= b.max) hi = v;
  return [lo, hi];
}

/** Every number the scenario sets or defaults that may vary, in file order of the schema. */
export function numericInputs(model: PreparedModel): Array<{ path: InputPath; bounds: FieldBounds }> {
  const found: Array<{ path: InputPath; bounds: FieldBounds }> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (notUncertainAt(path)) return;
    if (typeof v === 'number') {
      const bounds = fieldBounds(path);
      if (bounds) found.push({ path, bounds });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(model.scenario, []);
  return found;
}
