// --explain: where every month-1 number comes from, in the words a finance reviewer would use.
import { Decimal, formatNumber, formatUsd, toPlain } from '../money.js';
import { breakEvenIds, type Report, type StrategyResult, type TrancheFact } from '../report/model.js';
import { axisMeaning, crossingReason, paybackReason } from './reasons.js';
import { ownershipLines, owningStrategies } from './ownership.js';
import { PLAIN, type Style } from './style.js';
import { strategyCents } from '../report/cents.js';
import { explainClasses } from './byClass.js';

/** Up to `places` decimals, trailing zeros dropped: 14,400 · 1.5 · 0.074233. */
const fmt = (d: Decimal, places = 4) =>
  formatNumber(d, d.abs().lt(10) ? places : d.abs().lt(1000) ? 2 : 0)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');

/** How each owned item is made (docs/ownership.md). */
const OWNED_FORMULAS = [
  'capital (cash view) = GPUs bought that month × (price_per_gpu + server_overhead_per_gpu);',
  "  resale = GPUs sold × residual_share × that price, when replaced and at the horizon's end",
  'depreciation (depreciation view) = GPUs held × price × (1 − residual_share) ÷ depreciation_months,',
  '  for the months inside the horizon only',
  "energy = GPUs × (idle W + (max − idle) W × the month's average utilisation + host W) × powered hours",
  '  ÷ 1000 × PUE × $/kWh; hosting, and maintenance (share of the purchase a year ÷ 12), per GPU-month',
  'the fleet: tranches bought in the month first needed, kept (never sold early), replaced every',
  "  depreciation_months; powered hours_per_day, with the day's traffic served in those hours",
];

const WHY: Record<TrancheFact['why'], string> = {
  floor: 'reserved_replicas, from month 1',
  needed: 'first needed then',
  renewal: 'renewed: still needed when the last term ended',
};

/**
 * Capacity bought for a term, tranche by tranche (docs/commitments.md): when bought and why, size,
 * term, months billed inside the horizon, and what it owes after it (in the TCO, in no month).
 */
export function trancheLines(s: StrategyResult, horizon: number, currency: string): string[] {
  if (!s.tranches?.length) return [];
  const plan = strategyCents(s);
  const lines = [
    'reserved: bought in tranches for their term, billed every month of it whether used or not, never shrunk;',
    '  renewed as a new tranche when still needed at the term end; months past the horizon are in the TCO',
  ];
  for (const t of s.tranches) {
    const size = `${t.replicas} replica${t.replicas === 1 ? '' : 's'} (${t.gpus} × ${t.gpu}, ${t.provider})`;
    const asked = t.requested !== undefined ? `, reserved_replicas ${t.requested} rounded up to whole instances` : '';
    const after = t.months_after_horizon
      ? `${t.months_after_horizon} month${t.months_after_horizon === 1 ? '' : 's'} after month ${horizon}: ${formatUsd(t.cost_after_horizon, 2, currency)}`
      : 'none after the horizon';
    lines.push(
      `reserved: month ${t.start}, ${size}${asked}, ${t.commitment} to month ${t.end} (${WHY[t.why]}); ${t.months_billed} month${t.months_billed === 1 ? '' : 's'} billed in the horizon, ${after}`,
    );
  }
  if (s.after_horizon?.length)
    lines.push(
      `reserved: ${formatUsd(plan.after, 2, currency)} owed after month ${horizon} (commitment_after_horizon), in the ${horizon}-month TCO and in no month`,
    );
  return lines;
}

export function explain(r: Report, st: Style = PLAIN): string {
  const out: string[] = [st.bold('How the numbers are made (month 1)')];
  const x = r.exchange;
  if (x) {
    out.push(
      `Currency: ${x.code}. Pricing tables (USD) converted once at ${toPlain(x.per_usd)} ${x.code} per USD, as of ${x.as_of} (${x.source}); amounts the scenario states (staff, overheads, budgets) are in ${x.code} as written.`,
    );
  }
  const first = r.strategies[0]?.months[0];
  if (first) {
    const days = first.days
      ? `${first.days.toFixed()} days (${first.period}, calendar months)`
      : `${toPlain(r.days_per_month.toDecimalPlaces(6))} days`;
    const how = `requests/day × ${days} × calls per request × (1 + retry rate) × growth`;
    out.push(`Calls in month 1: ${formatNumber(first.calls)} = ${how}`);
    out.push(
      `Tokens per call: ${fmt(first.input_tokens.div(first.calls.isZero() ? 1 : first.calls))} input, ${fmt(first.output_tokens.div(first.calls.isZero() ? 1 : first.calls))} output`,
    );
  }
  for (const s of r.strategies) {
    const m = s.months[0];
    if (!m) continue;
    out.push('');
    const ge = s.lower_bound ? 'at least ' : '';
    const plan = strategyCents(s);
    out.push(
      st.bold(
        `${s.id}: ${ge}${formatUsd(plan.months[0]!, 2, r.currency)} in month 1, ${ge}${formatUsd(plan.total, 2, r.currency)} over ${r.horizon_months} months`,
      ),
    );
    m.items.forEach((it, j) => {
      if (it.missing_price !== undefined) {
        out.push(
          `  ${it.name}: ${fmt(it.quantity)} ${it.unit} × price not found (${it.missing_price}) = unknown  [${it.source}]`,
        );
        return;
      }
      out.push(
        `  ${it.name}: ${fmt(it.quantity)} ${it.unit} × ${formatUsd(it.unit_price, it.unit_price.lt(1) ? 6 : 2, r.currency)} = ${formatUsd(plan.items[0]![j]!, 2, r.currency)}  [${it.source}]`,
      );
    });
    const c = m.capacity;
    if (c) {
      const powered = s.ownership && s.ownership.hours_per_day !== 24 ? s.ownership.hours_per_day : undefined;
      const day = powered === undefined ? '86,400 s' : `${powered} powered h × 3,600 s`;
      out.push(
        `  capacity: peak ${fmt(c.peak_calls_per_s)} calls/s = ${formatNumber(c.calls)} calls ÷ (${toPlain((m.days ?? r.days_per_month).toDecimalPlaces(6))} days × ${day}) × peak-to-average`,
      );
      const ratio = c.tokens_per_api_token;
      out.push(
        `  capacity: ${fmt(c.replica_seconds_per_call, 6)} replica-seconds per call = input tokens${ratio ? ` × ${fmt(ratio)}` : ''} ÷ prefill tok/s + output tokens${ratio ? ` × ${fmt(ratio)}` : ''} ÷ decode tok/s`,
      );
      if (ratio && first) {
        const per = (t: Decimal) => fmt(t.div(first.calls.isZero() ? 1 : first.calls).times(ratio));
        const row = r.pricing_used.find((p) => p.kind === 'open_model');
        out.push(
          `  capacity: the model's tokenizer makes ${fmt(ratio)} tokens per API token (tokens_per_api_token${row ? ` of ${row.id} in ${row.file}, with how it was measured` : ''}), so a call is ${per(first.input_tokens)} input and ${per(first.output_tokens)} output tokens to it`,
        );
      }
      out.push(
        `  capacity: replicas = max(min_replicas, ⌈${fmt(c.peak_calls_per_s)} × ${fmt(c.replica_seconds_per_call, 6)} ÷ target utilisation⌉) = max(min, ⌈${fmt(c.replicas_needed)}⌉) = ${c.replicas} (${c.gpus} × ${c.gpu}); average utilisation ${c.utilization.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`,
      );
      const v = c.serving;
      if (v) {
        out.push(
          `  capacity: one replica = ${c.gpus_per_replica} × ${c.gpu} at ${v.precision}, ${v.concurrency} sequences of ${formatNumber(v.context_tokens)} model tokens (${v.concurrency_limit}); memory ${fmt(v.memory_used_gb, 1)} GB of ${fmt(v.memory_available_gb, 1)} GB usable; modelled TTFT ${fmt(v.ttft_ms, 1)} ms (p95 ${fmt(v.ttft_p95_ms, 1)} ms), TPOT ${fmt(v.tpot_ms, 1)} ms`,
        );
        out.push(
          `  capacity: ${v.profile_kind} profile, prefill ${fmt(v.prefill_tokens_per_s, 1)} / decode ${fmt(v.decode_tokens_per_s, 1)} tok/s against a roofline of ${fmt(v.roofline_prefill_tokens_per_s, 1)} / ${fmt(v.roofline_decode_tokens_per_s, 1)}  [${v.profile_source}]${v.profile_adjustment ? ` (${v.profile_adjustment})` : ''}`,
        );
      }
      if (c.autoscaled && c.replica_hours)
        out.push(
          s.tranches?.some((t) => t.kind === 'serving')
            ? `  capacity: autoscaled hour by hour along the traffic curve: ${fmt(c.replica_hours, 2)} replica-hours served (peak ${c.replicas} replicas); the reserved replicas are billed every hour`
            : `  capacity: autoscaled hour by hour along the traffic curve: ${fmt(c.replica_hours, 2)} replica-hours billed (peak ${c.replicas} replicas)`,
        );
      if (c.choice)
        out.push(
          `  capacity: gpu: auto chose ${c.choice.chosen} (${formatUsd(c.choice.chosen_cost, 2, r.currency)} of GPUs); runner-up ${c.choice.runner_up ?? 'none'}${c.choice.runner_up_cost ? ` (${formatUsd(c.choice.runner_up_cost, 2, r.currency)})` : ''}`,
        );
    }
    for (const line of trancheLines(s, r.horizon_months, r.currency)) out.push(`  ${line}`);
  }
  for (const k of breakEvenIds(r)) {
    const b = r.break_even[k];
    if (!b) continue;
    out.push('');
    out.push(st.bold(`${k} vs api break-even`));
    const s = r.strategies.find((x) => x.id === k);
    const c = s?.months[0]?.capacity;
    out.push(
      c
        ? '  monthly cost at a steady V calls = fixed + per-call × V + replica cost × max(min replicas, ⌈V ÷ calls per replica⌉), solved exactly on the replica step where the difference last turns ≤ 0'
        : '  monthly cost at a steady V calls = fixed + per-call × V for both (no replicas): the lines cross at most once',
    );
    const shapes = [
      c?.autoscaled ? 'autoscaling adds one replica step per hour of the day' : '',
      c?.reserved_replicas ? 'reserved replicas are a fixed part' : '',
      s?.tranches?.some((t) => t.kind === 'serving')
        ? 'reserved capacity is one step of whole tranches, billed all hours'
        : '',
      c?.choice ? 'gpu: auto takes the cheapest option at each volume' : '',
    ].filter(Boolean);
    if (shapes.length)
      out.push(`  here ${shapes.join('; ')}: still solved exactly, over the breakpoints (docs/capacity.md)`);
    out.push(
      `  run rate: ${b.run_rate.calls_per_month ? `${formatNumber(b.run_rate.calls_per_month)} calls/month` : 'none'} — ${crossingReason(b.run_rate.why, r.currency)}`,
    );
    out.push(
      `  TCO: ${b.tco.calls_per_month ? `${formatNumber(b.tco.calls_per_month)} calls/month` : 'none'} — ${crossingReason(b.tco.why, r.currency)}`,
    );
    out.push(
      `  payback: ${b.payback_month ? `month ${b.payback_month}` : 'none'} — ${paybackReason(b, r.horizon_months)}`,
    );
  }
  const rec = r.recommendation;
  if (rec?.factor_lines.length) {
    out.push('');
    const note = ' (each TCO as a line in one price factor f; today f = 1)';
    out.push(st.bold('What would flip the answer') + st.dim(note));
    for (const axis of ['api_price', 'gpu_price'] as const) {
      const lines = rec.factor_lines.filter((l) => l.axis === axis);
      out.push(`  ${axisMeaning(axis)} × f:`);
      for (const l of lines)
        out.push(
          `    ${l.strategy} = ${formatUsd(l.fixed, 2, r.currency)} + ${formatUsd(l.scaled, 2, r.currency)} × f`,
        );
      const flips = rec.flips.filter((f) => f.axis === axis);
      if (flips.length === 0) out.push(`    ${rec.strategy} stays the lowest line for every f > 0`);
      for (const f of flips) {
        const at = toPlain(f.exact.toSignificantDigits(9));
        const until = f.next ? `, until f = ${toPlain(f.next.factor.toSignificantDigits(9))} (${f.next.to})` : '';
        out.push(`    ${f.direction === 'fall' ? 'below' : 'above'} f = ${at} ${f.to} is the lowest line${until}`);
      }
    }
  }
  for (const s of owningStrategies(r)) {
    out.push('');
    out.push(st.bold(`${s.id}: owned hardware`));
    out.push(...OWNED_FORMULAS.map((f) => `  ${f}`));
    for (const line of ownershipLines(s, r.horizon_months, r.currency)) out.push(`  ${line}`);
  }
  if (r.pricing_used.length) {
    out.push('');
    out.push(st.bold('Pricing rows used'));
    for (const p of r.pricing_used) out.push(`  ${p.kind} ${p.id} (as of ${p.as_of}, ${p.file}): ${p.source}`);
  }
  out.push(...explainClasses(r, st));
  return out.join('\n');
}
