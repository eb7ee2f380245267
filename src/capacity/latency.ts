// Modelled latency of a replica serving `concurrency` sequences (continuous batching) at a utilisation ρ
// (the scenario's target_utilization: the share of the replica's capacity its traffic uses at peak).
//
//   TPOT (time per output token) = one decode step = concurrency ÷ aggregate decode tokens/s
//   TTFT = waiting for a batch slot + waiting for the prefill server + the prompt's prefill + one step
//
// Prefill queue. Prefill is compute-serial on a replica, so prompts queue for it like customers of one
// server: an M/G/1 queue with Poisson arrivals, service time x = prompt ÷ prefill tokens/s, and as its
// utilisation ρ_p the prefill share of the replica's busy time at ρ: ρ_p = ρ × (x ÷ replica-seconds per
// call). Pollaczek–Khinchine mean wait with the service time's squared coefficient of variation c² = 1
// (prompt lengths vary about as much as an exponential): W = ρ_p × x × (1 + c²) ÷ (2 (1 − ρ_p)).
// Tail: P(wait > 0) = ρ_p and, given a wait, it is taken as exponential with mean W ÷ ρ_p (the standard
// exponential approximation of the M/G/1 waiting time), so W95 = (W ÷ ρ_p) × ln(ρ_p ÷ 0.05) when ρ_p > 5%,
// else 0.
// Slot queue. With every one of the C batch slots taken a request waits for one to free: an M/M/C
// (Erlang C) queue whose servers are the slots, each held for R = x + output × TPOT, at offered load
// a = λ × R with λ = ρ ÷ replica-seconds per call. Mean wait = P_wait × R ÷ (C − a); p95 =
// R ÷ (C − a) × ln(P_wait ÷ 0.05) when P_wait > 5%, else 0.
// p95 TTFT adds the two p95 waits (an upper bound on the p95 of their sum) to the fixed part. Near zero
// load both waits vanish and p95 = mean; utilisation is capped at 0.99 inside the formulas (at 1 every
// queue grows without bound). The waits are computed in binary floating point (they are estimates,
// deterministic on every machine) and rounded to 1 ns before they join the exact figures.
import { Decimal } from '../money.js';

export interface Slo {
  ttftMs?: Decimal | undefined;
  /** Sizes replicas on the modelled 95th-percentile TTFT. */
  ttftP95Ms?: Decimal | undefined;
  tpotMs?: Decimal | undefined;
}

export interface Latency {
  /** Mean TTFT including queueing. */
  ttftMs: Decimal;
  ttftP95Ms: Decimal;
  tpotMs: Decimal;
  /** Mean waits inside ttftMs (ms). */
  prefillWaitMs: Decimal;
  slotWaitMs: Decimal;
}

export interface LatencyInput {
  concurrency: number;
  decodeTokensPerS: Decimal;
  prefillTokensPerS: Decimal;
  inputTokens: Decimal;
  outputTokens: Decimal;
  /** Utilisation of the replica (0 → no queueing). */
  utilization: Decimal;
  /** How a Decimal becomes a float for the queueing terms (default toNumber). */
  read?: ((d: Decimal) => number) | undefined;
}

const MAX_UTILIZATION = 0.99;
const TAIL = 0.05;

export function modelledLatency(q: LatencyInput): Latency {
  // The queueing terms are computed in binary floats; `read` turns Decimals into them (a fact-only
  // caller passes money.ts factNumber, so the analyses' tapes do not depend on the value).
  const read = q.read ?? ((d: Decimal) => d.toNumber());
  const tpot = new Decimal(q.concurrency).div(q.decodeTokensPerS).times(1000);
  const prefill = q.inputTokens.div(q.prefillTokensPerS).times(1000);
  const fixed = prefill.plus(tpot);
  const x = read(prefill) / 1000; // prefill service time, s
  const perCall = x + (read(q.outputTokens) * read(tpot)) / 1000 / q.concurrency; // replica-s per call
  const rho = Math.min(read(q.utilization), MAX_UTILIZATION);
  const prefillQ = prefillQueue(rho, x, perCall);
  const slotQ = slotQueue(rho, q.concurrency, x + (read(q.outputTokens) * read(tpot)) / 1000, perCall);
  const ms = (s: number) => new Decimal(s * 1000).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
  const prefillWaitMs = ms(prefillQ.mean);
  const slotWaitMs = ms(slotQ.mean);
  return {
    tpotMs: tpot,
    ttftMs: fixed.plus(prefillWaitMs).plus(slotWaitMs),
    ttftP95Ms: fixed.plus(ms(prefillQ.p95)).plus(ms(slotQ.p95)),
    prefillWaitMs,
    slotWaitMs,
  };
}

/** M/G/1 (c² = 1) wait for the prefill server: mean and p95 (s). */
export function prefillQueue(rho: number, service: number, perCall: number): { mean: number; p95: number } {
  if (rho <= 0 || service <= 0 || perCall <= 0) return { mean: 0, p95: 0 };
  const rp = Math.min(rho * (service / perCall), MAX_UTILIZATION);
  const mean = (rp * service) / (1 - rp);
  const p95 = rp > TAIL ? (mean / rp) * Math.log(rp / TAIL) : 0;
  return { mean, p95 };
}

/** Erlang-C wait for one of `slots` batch slots, each held `hold` s, at arrival rate ρ ÷ perCall. */
export function slotQueue(rho: number, slots: number, hold: number, perCall: number): { mean: number; p95: number } {
  if (rho <= 0 || perCall <= 0) return { mean: 0, p95: 0 };
  const a = Math.min((rho / perCall) * hold, slots * MAX_UTILIZATION);
  // Erlang B by its stable recurrence, then Erlang C.
  let b = 1;
  for (let n = 1; n <= slots; n++) b = (a * b) / (n + a * b);
  const pWait = b / (1 - (a / slots) * (1 - b));
  const rate = (slots - a) / hold;
  const mean = pWait / rate;
  const p95 = pWait > TAIL ? Math.log(pWait / TAIL) / rate : 0;
  return { mean, p95 };
}

export function meets(slo: Slo | undefined, l: Latency): boolean {
  if (!slo) return true;
  return (
    (!slo.tpotMs || l.tpotMs.lte(slo.tpotMs)) &&
    (!slo.ttftMs || l.ttftMs.lte(slo.ttftMs)) &&
    (!slo.ttftP95Ms || l.ttftP95Ms.lte(slo.ttftP95Ms))
  );
}
