// Commitments that bind: reserved capacity is bought in tranches and billed for its whole term.
//
// A tranche is bought in the month it is first needed (under autoscaling: the first month whose
// busiest hour needs it), in the provider's instance size where the GPU price row gives
// gpus_per_instance (else a replica), for the commitment's term (COMMITMENT_TERMS: 12 or 36 months).
// It is billed every month of its term whether used or not, never shrinks before the term ends, and
// is bought again as a new tranche if still needed when it ends. `reserved_replicas: N` is a tranche
// of N from month 1, renewed term after term. What a term owes after the horizon's last month is a
// horizon-level item (category commitment_after_horizon), in no month: the TCO counts the cash the
// decision commits you to, within or past the horizon (docs/commitments.md).
//
// Pure, exact. The plan follows the scenario's own volume path; a steady volume (cost curves,
// break-even, regimes) buys every tranche in month 1 and renews it term after term.
import { Decimal, sum, ZERO } from '../money.js';
import { COMMITMENT_TERMS, type Commitment, HOURS_PER_DAY } from '../vocabulary.js';
import { calendarDays } from './calendar.js';
import type { EngineInput, EngineSelfHosted } from './input.js';
import { trendedRate } from './trends.js';

/** The term of a commitment in months, or null when it binds nothing beyond the hour (on demand, spot). */
export function termMonths(c: Commitment): number | null {
  return COMMITMENT_TERMS.find((t) => t.commitment === c)?.months ?? null;
}

/** The serving commitment's term: replicas above the floor are bought in tranches (null: billed as used). */
export function servingTerm(sh: EngineSelfHosted): number | null {
  return sh.owned?.all ? null : termMonths(sh.commitment);
}

/** The reserved floor's term (reserved_replicas at reserved_commitment); null for an on-demand floor. */
export function floorTerm(sh: EngineSelfHosted): number | null {
  return sh.reserved && sh.reserved.replicas > 0 ? termMonths(sh.reserved.commitment) : null;
}

/** Whether any capacity of this option is bought for a term. */
export const binds = (sh: EngineSelfHosted): boolean => servingTerm(sh) !== null || floorTerm(sh) !== null;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Replicas in the smallest tranche: whole instances holding whole replicas, lcm(GPUs per replica,
 * GPUs per instance) ÷ GPUs per replica (one replica when the row gives no instance size). An 8-GPU
 * instance holds 8 one-GPU replicas; an 8-GPU replica on 1-GPU instances is one replica.
 */
export function trancheUnit(gpusPerReplica: number, gpusPerInstance: number | undefined): number {
  const i = gpusPerInstance ?? gpusPerReplica;
  return i / gcd(gpusPerReplica, i);
}

/** Replicas rounded up to whole tranches. */
export const roundToTranche = (replicas: number, unit: number): number => Math.ceil(replicas / unit) * unit;

/** Replicas below the serving tranches, billed on their own: the reserved (or on-demand) floor and owned base. */
export function floorReplicas(sh: EngineSelfHosted): number {
  return (sh.reserved?.replicas ?? 0) + (sh.owned && !sh.owned.all ? sh.owned.baseReplicas : 0);
}

/**
 * Replicas per serving tranche. Whole instances need the floor to be whole instances too (the
 * reserved floor is rounded so when it is resolved); an owned base of another size buys by the replica.
 */
export function servingUnit(sh: EngineSelfHosted): number {
  const u = trancheUnit(sh.gpusPerReplica, sh.price.gpus_per_instance);
  return floorReplicas(sh) % u === 0 ? u : 1;
}

/** One purchase of committed capacity. */
export interface Tranche {
  kind: 'floor' | 'serving';
  /** Index of the (GPU, provider) option it was bought on (gpu: auto); 0 otherwise. */
  option: number;
  gpu: string;
  provider: string;
  commitment: Commitment;
  /** First month billed, and the term's last month (which may lie past the horizon). */
  start: number;
  end: number;
  term: number;
  replicas: number;
  gpus: number;
  /** Months of the term inside the horizon, and after it. */
  monthsBilled: number;
  monthsAfter: number;
  /** GPU-hours of the months after the horizon, and what they cost (0 when none). */
  hoursAfter: Decimal;
  costAfter: Decimal;
  /** The replicas the scenario asked for, when whole instances made the tranche larger (the floor). */
  requested?: number | undefined;
  /** Why it was bought: first needed, renewal at the end of a term, or the floor. */
  why: 'needed' | 'renewal' | 'floor';
}

/** GPU-hours of one GPU in months `from`..`to` (1-based, past the horizon): calendar months or the scenario's month. */
function hoursOfMonths(input: EngineInput, from: number, to: number): Decimal {
  if (to < from) return ZERO;
  if (input.calendarDays && input.startMonth) {
    const days = calendarDays(input.startMonth, to).slice(from - 1);
    return sum(days).times(HOURS_PER_DAY);
  }
  return input.daysPerMonth.times(HOURS_PER_DAY).times(to - from + 1);
}

/** The rate of a tranche's GPU-hour in month `month`: the commitment's rate under the GPU price trend. */
function rateOf(sh: EngineSelfHosted, kind: Tranche['kind'], month: number): Decimal {
  const base = kind === 'floor' ? sh.reserved!.hourlyRate : sh.hourlyRate;
  return trendedRate(base, sh.gpuPriceChangePerYear, month);
}

/**
 * What a tranche bought in `start` owes after the horizon: GPUs × hours × rate of each month past it,
 * exact (months in a steady stretch cost the same: one product when there is no price trend).
 */
function afterHorizon(
  sh: EngineSelfHosted,
  input: EngineInput,
  kind: Tranche['kind'],
  start: number,
  term: number,
  gpus: number,
): { monthsAfter: number; hoursAfter: Decimal; costAfter: Decimal } {
  const h = input.horizonMonths;
  const end = start + term - 1;
  const monthsAfter = Math.max(0, end - h);
  if (monthsAfter === 0 || gpus === 0) return { monthsAfter, hoursAfter: ZERO, costAfter: ZERO };
  const hoursAfter = hoursOfMonths(input, h + 1, end).times(gpus);
  const trend = sh.gpuPriceChangePerYear && !sh.gpuPriceChangePerYear.isZero();
  const costAfter = trend
    ? sum(
        Array.from({ length: monthsAfter }, (_, k) =>
          hoursOfMonths(input, h + 1 + k, h + 1 + k)
            .times(gpus)
            .times(rateOf(sh, kind, h + 1 + k)),
        ),
      )
    : hoursAfter.times(rateOf(sh, kind, h + 1));
  return { monthsAfter, hoursAfter, costAfter };
}

function tranche(
  sh: EngineSelfHosted,
  input: EngineInput,
  option: number,
  kind: Tranche['kind'],
  start: number,
  replicas: number,
  why: Tranche['why'],
): Tranche {
  const commitment = kind === 'floor' ? sh.reserved!.commitment : sh.commitment;
  const term = termMonths(commitment)!;
  const gpus = replicas * sh.gpusPerReplica;
  const end = start + term - 1;
  return {
    kind,
    option,
    gpu: sh.gpu.id,
    provider: sh.price.provider,
    commitment,
    start,
    end,
    term,
    replicas,
    gpus,
    monthsBilled: Math.min(end, input.horizonMonths) - start + 1,
    ...afterHorizon(sh, input, kind, start, term, gpus),
    ...(kind === 'floor' && sh.reserved?.requested !== undefined && sh.reserved.requested !== replicas
      ? { requested: sh.reserved.requested }
      : {}),
    why,
  };
}

/** The committed capacity along the volume path: which option each month, serving replicas held, tranches. */
export interface ReservationPlan {
  /** Per month (index 0 = month 1): the option serving, and its serving replicas held in live tranches. */
  months: Array<{ option: number; held: number }>;
  tranches: Tranche[];
}

/**
 * Tranches along the path. `replicasAt(option, month)`: the replicas the month's busiest hour needs on
 * that option; `costAt(option, month)`: what the month would cost on it with nothing bought before
 * (the choice under gpu: auto, made only while no reservation is live).
 */
export function reservationPlan(
  options: readonly EngineSelfHosted[],
  input: EngineInput,
  replicasAt: (option: number, month: number) => number,
  costAt: (option: number, month: number) => Decimal,
): ReservationPlan | null {
  if (!options.some(binds)) return null;
  const months: ReservationPlan['months'] = [];
  const tranches: Tranche[] = [];
  let live: Tranche[] = [];
  let option = -1;
  for (let m = 1; m <= input.horizonMonths; m++) {
    const ended = live.filter((t) => t.end < m);
    live = live.filter((t) => t.end >= m);
    // gpu: auto keeps a GPU type while it has live reservations; free to choose again once none is.
    if (option < 0 || live.length === 0) option = cheapest(options.length, (i) => costAt(i, m));
    const sh = options[option]!;
    const fTerm = floorTerm(sh);
    if (fTerm !== null && !live.some((t) => t.kind === 'floor')) {
      const renew = ended.some((t) => t.kind === 'floor' && t.option === option);
      live.push(tranche(sh, input, option, 'floor', m, sh.reserved!.replicas, renew ? 'renewal' : 'floor'));
      tranches.push(live[live.length - 1]!);
    }
    let held = sum(live.filter((t) => t.kind === 'serving').map((t) => new Decimal(t.replicas))).toNumber();
    if (servingTerm(sh) !== null) {
      const above = Math.max(0, replicasAt(option, m) - floorReplicas(sh));
      if (above > held) {
        const bought = roundToTranche(above - held, servingUnit(sh));
        const renew = ended.some((t) => t.kind === 'serving' && t.option === option);
        const t = tranche(sh, input, option, 'serving', m, bought, renew ? 'renewal' : 'needed');
        live.push(t);
        tranches.push(t);
        held += bought;
      }
    }
    months.push({ option, held });
  }
  return { months, tranches };
}

/** Index of the lowest cost; ties keep the first (table order). */
function cheapest(n: number, cost: (i: number) => Decimal): number {
  if (n === 1) return 0;
  let best = 0;
  let bestCost = cost(0);
  for (let i = 1; i < n; i++) {
    const c = cost(i);
    if (c.lt(bestCost)) {
      best = i;
      bestCost = c;
    }
  }
  return best;
}

/**
 * A steady volume's commitments after the horizon, per replica held (serving, at the serving rate) and
 * for the whole floor: every tranche bought in month 1 and renewed term after term, so the last one
 * starts at 1 + ⌊(H − 1) ÷ term⌋ × term and owes the months of its term after H.
 */
export function steadyAfterHorizon(
  sh: EngineSelfHosted,
  input: EngineInput,
): { perServingReplica: Decimal; floor: Decimal } {
  const h = input.horizonMonths;
  const lastStart = (term: number) => 1 + Math.floor((h - 1) / term) * term;
  const sTerm = servingTerm(sh);
  const fTerm = floorTerm(sh);
  const g = sh.gpusPerReplica;
  return {
    perServingReplica: sTerm === null ? ZERO : afterHorizon(sh, input, 'serving', lastStart(sTerm), sTerm, g).costAfter,
    floor:
      fTerm === null
        ? ZERO
        : afterHorizon(sh, input, 'floor', lastStart(fTerm), fTerm, sh.reserved!.replicas * g).costAfter,
  };
}
