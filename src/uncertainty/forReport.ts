// Monte Carlo and sensitivity results in the shapes the HTML report draws (format/html/uncertainty.ts):
// cumulative-cost percentiles month by month (the fan chart) and the tornado of the sensitivity run.
// The analyses compute in binary floats (docs/uncertainty.md); what reaches the report is rounded to
// the cent here, once, on purpose: these are estimates from samples, not amounts on a bill.
import { Decimal, formatNumber } from '../money.js';
import type { StrategyId } from '../vocabulary.js';
import type { Sensitivity } from './sensitivity.js';
import type { Simulation } from './simulate.js';
import { percentileSorted } from './stats.js';

export interface FanMonth {
  month: number;
  p5: Decimal;
  p25: Decimal;
  p50: Decimal;
  p75: Decimal;
  p95: Decimal;
}

export interface FanSeries {
  strategy: StrategyId;
  /** Percentiles of cumulative cost at the end of each month. */
  months: readonly FanMonth[];
}

export interface TornadoBar {
  /** The input varied, e.g. "API price ×0.8 – ×1.2". */
  input: string;
  low: Decimal;
  high: Decimal;
  lowLabel: string;
  highLabel: string;
}

export interface UncertaintyResults {
  /** Monte Carlo runs behind the percentiles. */
  runs?: number;
  fan?: readonly FanSeries[];
  tornado?: { metric: string; base: Decimal; bars: readonly TornadoBar[] };
}

/** Bars in the report's tornado: the widest swings, as many as a page shows legibly. */
export const TORNADO_BARS = 8;

const cents = (x: number): Decimal => new Decimal(x.toFixed(2));

/** Percentiles 5, 25, 50, 75 and 95 of cumulative cost at the end of each month, per strategy. */
export function fanSeries(sim: Simulation): FanSeries[] {
  const cumulative = sim.data.cumulative;
  if (!cumulative) throw new Error('fanSeries needs simulate(…, { cumulative: true })');
  const H = sim.months;
  const column = new Float64Array(sim.trials);
  return sim.strategies.map((s, k) => ({
    strategy: s.id,
    months: Array.from({ length: H }, (_, i) => {
      for (let t = 0; t < sim.trials; t++) column[t] = cumulative[k]![t * H + i]!;
      column.sort();
      const at = (p: number) => cents(percentileSorted(column, p));
      return { month: i + 1, p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95) };
    }),
  }));
}

/** An input's value for a label: whole thousands grouped, small values to 4 significant digits. */
const value = (x: number) =>
  Math.abs(x) >= 1000 ? formatNumber(new Decimal(Math.round(x))) : String(Number(x.toPrecision(4)));

/**
 * The tornado: how the gap between the runner-up and the cheapest strategy moves when each input goes
 * from its low to its high value (or, with one strategy, its TCO), widest swings first.
 */
export function tornado(sens: Sensitivity): UncertaintyResults['tornado'] {
  const bestIndex = sens.strategies.indexOf(sens.best);
  const gap = sens.runnerUp !== null && sens.baseGap !== null;
  const metric = gap
    ? `${sens.runnerUp} − ${sens.best} ${sens.months}-month TCO`
    : `${sens.best} ${sens.months}-month TCO`;
  const base = gap ? sens.baseGap! : sens.baseTco[bestIndex]!;
  const bars: TornadoBar[] = sens.swings.slice(0, TORNADO_BARS).map((s) => {
    const low = gap ? s.gapLow! : s.tcoLow[bestIndex]!;
    const high = gap ? s.gapHigh! : s.tcoHigh[bestIndex]!;
    return {
      input: `${s.field} (${s.range})`,
      low: cents(low),
      high: cents(high),
      lowLabel: `at ${value(s.low)}`,
      highLabel: `at ${value(s.high)}`,
    };
  });
  return { metric, base: cents(base), bars };
}

export function uncertaintyResults(sim: Simulation, sens: Sensitivity): UncertaintyResults {
  return { runs: sim.trials, fan: fanSeries(sim), tornado: tornado(sens) };
}
