// Sweeps: vary one input (or two, for a grid) over a range, evaluate every strategy's TCO at each
// point, and find where the cheapest strategy changes — refined by bisection between the two sweep
// points that bracket each change.
import type { StrategyId } from '../vocabulary.js';
import type { FieldBounds } from '../scenario/bounds.js';
import type { InputPath } from '../scenario/extract.js';
import { getAt, setterFor, tcoOf, type PreparedModel } from './model.js';

export const MAX_STEPS = 1000;
export const MAX_GRID_POINTS = 250_000;

export interface Axis {
  field: string;
  path: InputPath;
  bounds: FieldBounds;
  lo: number;
  hi: number;
  steps: number;
  log: boolean;
}

export interface Crossing {
  from: StrategyId;
  to: StrategyId;
  /** The sweep points on either side. */
  between: [number, number];
  /** Bisected: the smallest value (to 1e-9 relative, or the whole number) at which `to` is cheapest. */
  at: number;
}

export interface Sweep {
  scenario: string;
  months: number;
  strategies: StrategyId[];
  x: Axis & { values: number[] };
  y: (Axis & { values: number[] }) | null;
  /** tco[iy][ix][k]: strategy k's TCO at point (x[ix], y[iy]); one row when there is no y. */
  tco: number[][][];
  /** cheapest[iy][ix]: index into strategies (ties go to the earlier strategy, as in compare). */
  cheapest: number[][];
  /** Changes of the cheapest strategy along x (one-input sweeps only). */
  crossings: Crossing[];
}

/** `steps` points from lo to hi inclusive: evenly spaced, or geometrically with `log`; whole numbers for integer fields. */
export function axisValues(a: Axis): number[] {
  const n = a.steps;
  const raw = Array.from({ length: n }, (_, i) => {
    if (n === 1) return a.lo;
    if (i === n - 1) return a.hi;
    const t = i / (n - 1);
    return a.log ? a.lo * (a.hi / a.lo) ** t : a.lo + t * (a.hi - a.lo);
  });
  if (!a.bounds.integer) return raw;
  return [...new Set(raw.map((v) => Math.round(v)))];
}

export function sweep(model: PreparedModel, x: Axis, y: Axis | null = null): Sweep {
  const out = model.buffer();
  const H = model.months;
  const tcos = (): number[] => {
    model.evaluate(out);
    return model.strategies.map((_, k) => tcoOf(model, out, k));
  };
  const argmin = (t: number[]) => t.reduce((best, v, k) => (v < t[best]! ? k : best), 0);
  const xs = axisValues(x);
  const ys = y ? axisValues(y) : [NaN];
  const setX = setterFor(model, x.path);
  const setY = y ? setterFor(model, y.path) : null;
  const baseX = getAt(model.scenario, x.path) as number;
  const baseY = y ? (getAt(model.scenario, y.path) as number) : NaN;

  // Every grid point, row by row, evaluated many at a time (model.evaluateMany).
  const tco: number[][][] = ys.map(() => []);
  const atX = model.inputSlot(x.path);
  const atY = y ? model.inputSlot(y.path) : -1;
  model.evaluateMany(
    xs.length * ys.length,
    (t, v) => {
      if (atY >= 0 && t % xs.length === 0) v[atY] = ys[t / xs.length]!;
      v[atX] = xs[t % xs.length]!;
    },
    (t, costs, at) => {
      tco[Math.floor(t / xs.length)]!.push(model.strategies.map((_, k) => tcoOf(model, costs, k, at)));
    },
  );
  const cheapest: number[][] = tco.map((row) => row.map(argmin));

  const crossings: Crossing[] = [];
  if (!y) {
    const c = cheapest[0]!;
    for (let i = 1; i < xs.length; i++) {
      if (c[i] === c[i - 1]) continue;
      // Bisect for the first value whose cheapest is no longer the left point's.
      let lo = xs[i - 1]!;
      let hi = xs[i]!;
      const left = c[i - 1]!;
      const cheapestAt = (v: number) => {
        setX(v);
        return argmin(tcos());
      };
      for (let it = 0; it < 200; it++) {
        if (x.bounds.integer ? hi - lo <= 1 : Math.abs(hi - lo) <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) break;
        const mid = x.bounds.integer ? Math.floor((lo + hi) / 2) : x.log && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
        if (cheapestAt(mid) === left) lo = mid;
        else hi = mid;
      }
      crossings.push({
        from: model.strategies[left]!,
        to: model.strategies[cheapestAt(hi)]!,
        between: [xs[i - 1]!, xs[i]!],
        at: hi,
      });
    }
  }
  setX(baseX);
  if (setY) setY(baseY);
  return {
    scenario: model.name,
    months: H,
    strategies: model.strategies,
    x: { ...x, values: xs },
    y: y ? { ...y, values: ys } : null,
    tco,
    cheapest,
    crossings,
  };
}
