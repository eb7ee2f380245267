// Modelled latency of a replica serving `concurrency` sequences (continuous batching).
//   TPOT (time per output token) = one decode step = concurrency ÷ aggregate decode tokens/s
//   TTFT (time to first token)   = the prompt's prefill at the replica's prefill rate + one decode step
// (the new sequence joins the batch at the next step). Queueing is not modelled: target_utilization
// keeps the headroom that absorbs it. With decode at a fixed share k of its roofline bound,
// TPOT = (weight bytes + concurrency × context × KV bytes) ÷ (k × bandwidth) grows linearly with
// concurrency, so the largest concurrency meeting a target has a closed form.
import { Decimal } from '../money.js';

export interface Slo {
  ttftMs?: Decimal | undefined;
  tpotMs?: Decimal | undefined;
}

export interface Latency {
  ttftMs: Decimal;
  tpotMs: Decimal;
}

export function modelledLatency(concurrency: number, decodeTokensPerS: Decimal, prefillTokensPerS: Decimal, inputTokens: Decimal): Latency {
  const tpot = new Decimal(concurrency).div(decodeTokensPerS).times(1000);
  const prefill = inputTokens.div(prefillTokensPerS).times(1000);
  return { tpotMs: tpot, ttftMs: prefill.plus(tpot) };
}

/** The tightest decode-step time (ms) the targets allow: min(TPOT target, TTFT target − prefill time). */
export function stepBudgetMs(slo: Slo, prefillTokensPerS: Decimal, inputTokens: Decimal): Decimal | null {
  const budgets: Decimal[] = [];
  if (slo.tpotMs) budgets.push(slo.tpotMs);
  if (slo.ttftMs) budgets.push(slo.ttftMs.minus(inputTokens.div(prefillTokensPerS).times(1000)));
  return budgets.length ? Decimal.min(...budgets) : null;
}

export function meets(slo: Slo | undefined, l: Latency): boolean {
  if (!slo) return true;
  return (!slo.tpotMs || l.tpotMs.lte(slo.tpotMs)) && (!slo.ttftMs || l.ttftMs.lte(slo.ttftMs));
}
