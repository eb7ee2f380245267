// What would flip the answer (domain: break-even, "what would flip the answer").
//
// Every strategy's TCO is linear in a uniform factor f on the API models' per-token rates:
//     TCO_s(f) = A_s + f × B_s     (B_s = what strategy s pays for API tokens today)
// and, separately, in a uniform factor g on GPU-hour rates (fine-tuning included). Nothing else moves
// with those rates: capacity depends on throughput, not price, and gpu: auto's choice between options
// is unchanged when every GPU-hour rate is scaled alike. So the cheapest strategy as a function of the
// factor is the lower envelope of straight lines, and its breakpoints nearest to f = 1 — checked
// against every strategy, not one rival — are the flips.
import { Decimal, ONE, sum, ZERO } from '../money.js';
import type { FactorLine as ReportFactorLine, Flip, FlipAxis, StrategyResult } from '../report/model.js';
import type { StrategyId } from '../scenario/schema.js';

/** A strategy's TCO as a line in the factor: fixed + factor × scaled. */
export interface FactorLine {
  id: StrategyId;
  fixed: Decimal;
  scaled: Decimal;
}

/** Both axes' lines, for the report (what --explain shows); none when a total is a lower bound. */
export function allFactorLines(strategies: readonly StrategyResult[]): ReportFactorLine[] {
  if (strategies.some((s) => s.lower_bound)) return [];
  return (['api_price', 'gpu_price'] as const).flatMap((axis) =>
    factorLines(strategies, axis).map((l) => ({ axis, strategy: l.id, fixed: l.fixed, scaled: l.scaled })),
  );
}

/** Significant digits of a flip's exact factor in the report (rounded away from 1). */
export const FLIP_DIGITS = 6;

/** The part of each strategy's TCO that moves with the axis's rates. */
const SCALED: Record<FlipAxis, (s: StrategyResult) => Decimal> = {
  // Token items and the negotiated discount on them (its amount is a share of their list cost).
  api_price: (s) => s.by_category.api_tokens,
  // Everything billed per GPU-hour: serving (reserved and on-demand) and fine-tuning runs.
  // Reserved terms' GPU-hours after the horizon move with the same rates.
  gpu_price: (s) =>
    sum(
      [...s.months.flatMap((m) => m.items), ...(s.after_horizon ?? [])]
        .filter((i) => i.unit === 'GPU-hour')
        .map((i) => i.cost),
    ),
};

export function factorLines(strategies: readonly StrategyResult[], axis: FlipAxis): FactorLine[] {
  return strategies.map((s) => {
    const scaled = SCALED[axis](s);
    return { id: s.id, fixed: s.tco.minus(scaled), scaled };
  });
}

const at = (l: FactorLine, f: Decimal) => l.fixed.plus(l.scaled.times(f));

/**
 * The envelope's next breakpoint from `from` (where `current` is cheapest) in one direction: the
 * nearest factor at which another line passes below `current`, and the line that is cheapest just
 * beyond it. Rising, lines with a smaller slope overtake; falling, lines with a larger one. Factors
 * stay positive (a price cannot fall by 100% or more).
 */
export function nextBreakpoint(
  lines: readonly FactorLine[],
  current: FactorLine,
  from: Decimal,
  direction: 'fall' | 'rise',
): { factor: Decimal; to: FactorLine } | null {
  let best: { factor: Decimal; to: FactorLine } | null = null;
  for (const l of lines) {
    if (l === current) continue;
    const dSlope = current.scaled.minus(l.scaled); // > 0: l overtakes when rising; < 0: when falling
    if (direction === 'rise' ? dSlope.lte(0) : dSlope.gte(0)) continue;
    const f = l.fixed.minus(current.fixed).div(dSlope);
    if (direction === 'rise' ? f.lt(from) : f.gt(from) || f.lte(0)) continue;
    const nearer = !best || (direction === 'rise' ? f.lt(best.factor) : f.gt(best.factor));
    // Several lines crossing at one factor: the one cheapest beyond it (smallest slope rising,
    // largest falling).
    const other = best?.to.scaled ?? l.scaled;
    const flatter = direction === 'rise' ? l.scaled.lt(other) : l.scaled.gt(other);
    const tieBetter = best && f.eq(best.factor) && flatter;
    if (nearer || tieBetter) best = { factor: f, to: l };
  }
  return best;
}

/** Round a factor away from 1: down when prices fall, up when they rise. */
const away = (f: Decimal, digits: number, direction: 'fall' | 'rise') =>
  f.toSignificantDigits(digits, direction === 'fall' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);

/** The same, strictly past f: a breakpoint with few digits (0.49805) moves one unit in the last one. */
function strictlyPast(f: Decimal, digits: number, direction: 'fall' | 'rise'): Decimal {
  const p = away(f, digits, direction);
  if (!p.eq(f)) return p;
  const unit = new Decimal(10).pow(p.e - digits + 1);
  return direction === 'fall' ? p.minus(unit) : p.plus(unit);
}

/**
 * The nearest flip on each side of today (factor 1) along one axis, against every strategy.
 * `winner` is today's cheapest strategy. The printed factor is the shortest rounding (3 to 6
 * significant digits, away from 1) that lies strictly past the breakpoint and before the next one,
 * so that applied as printed it does flip.
 */
export function flipsOn(axis: FlipAxis, strategies: readonly StrategyResult[], winner: StrategyId): Flip[] {
  const lines = factorLines(strategies, axis);
  const current = lines.find((l) => l.id === winner);
  if (!current || lines.length < 2) return [];
  const flips: Flip[] = [];
  for (const direction of ['fall', 'rise'] as const) {
    const bp = nextBreakpoint(lines, current, ONE, direction);
    if (!bp) continue;
    const beyond = nextBreakpoint(lines, bp.to, bp.factor, direction);
    const inside = (p: Decimal) =>
      direction === 'fall'
        ? p.lt(bp.factor) && p.gt(beyond?.factor ?? ZERO) && at(bp.to, p).lt(at(current, p))
        : p.gt(bp.factor) && (!beyond || p.lt(beyond.factor)) && at(bp.to, p).lt(at(current, p));
    let printed: Decimal | null = null;
    for (let digits = 3; digits <= 12 && !printed; digits++) {
      const p = strictlyPast(bp.factor, digits, direction);
      if (inside(p)) printed = p;
    }
    flips.push({
      axis,
      direction,
      to: bp.to.id,
      exact: bp.factor,
      factor: away(bp.factor, FLIP_DIGITS, direction),
      printed: printed ?? away(bp.factor, FLIP_DIGITS, direction),
      next: beyond ? { factor: beyond.factor, to: beyond.to.id } : null,
    });
  }
  return flips;
}

/** Both axes; none when a total is only a lower bound (an unpriced item has no rate to scale). */
export function allFlips(strategies: readonly StrategyResult[], winner: StrategyId): Flip[] {
  if (strategies.some((s) => s.lower_bound)) return [];
  return [...flipsOn('api_price', strategies, winner), ...flipsOn('gpu_price', strategies, winner)];
}
