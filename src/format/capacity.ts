// `llmcost capacity`: how the self-hosted side is sized, month by month — replicas, GPUs per replica,
// GPU type, memory use against what is usable, utilisation, modelled latency, the throughput profile
// (measured or derived, with its source) and its roofline bound. Report in, string out.
import { Decimal, formatNumber, formatUsd } from '../money.js';
import type { CapacityFacts, MonthResult, Report, StrategyResult } from '../report/model.js';
import { grid } from './grid.js';
import { num, servingJson, stringify, type JsonValue } from './json.js';
import { PLAIN, type Style } from './style.js';
import { csvText } from './csvCells.js';

export interface CapacityRow {
  month: number;
  period: string | null;
  capacity: CapacityFacts;
}

export function capacityRows(s: StrategyResult): CapacityRow[] {
  return s.months
    .filter((m): m is MonthResult & { capacity: CapacityFacts } => m.capacity !== null)
    .map((m) => ({ month: m.month, period: m.period, capacity: m.capacity }));
}

const d1 = (d: Decimal) => d.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
const gpuOf = (c: CapacityFacts) => (c.choice ? c.choice.chosen : `${c.gpu}/${c.serving?.provider ?? '-'}`);

/** What makes a month's row different from the previous one (the table prints only those, unless asked). */
function signature(c: CapacityFacts): string {
  return [c.replicas, c.gpus_per_replica, gpuOf(c), c.serving?.precision, c.serving?.concurrency].join('|');
}

export function formatCapacityTable(
  r: Report,
  s: StrategyResult,
  opts: { style?: Style; allMonths?: boolean } = {},
): string {
  const st = opts.style ?? PLAIN;
  const rows = capacityRows(s);
  const out: string[] = [];
  out.push(st.bold(`${r.scenario}`) + st.dim(` — ${s.id} capacity, ${r.horizon_months} months`));
  const first = rows[0]?.capacity;
  const sv = first?.serving;
  if (first && sv) {
    out.push('');
    out.push(
      `Replica: ${first.gpus_per_replica} × ${gpuOf(first)} (${sv.precision}), ${formatNumber(new Decimal(sv.concurrency))} concurrent sequences of ${formatNumber(sv.context_tokens)} model tokens${first.tokens_per_api_token && !first.tokens_per_api_token.eq(1) ? ` (${formatNumber(sv.context_tokens.div(first.tokens_per_api_token).toDecimalPlaces(0))} API tokens)` : ''} (set by ${sv.concurrency_limit})`,
    );
    out.push(`Memory: ${d1(sv.memory_used_gb)} GB used of ${d1(sv.memory_available_gb)} GB usable per replica`);
    out.push(
      `Latency (modelled, at the target utilisation): TTFT ${d1(sv.ttft_ms)} ms (p95 ${d1(sv.ttft_p95_ms)} ms), TPOT ${d1(sv.tpot_ms)} ms`,
    );
    out.push(
      `Throughput: ${sv.profile_kind} — prefill ${formatNumber(sv.prefill_tokens_per_s)} tok/s (roofline ${formatNumber(sv.roofline_prefill_tokens_per_s)}), decode ${formatNumber(sv.decode_tokens_per_s)} tok/s (roofline ${formatNumber(sv.roofline_decode_tokens_per_s)}, ${pct(sv.decode_tokens_per_s.div(sv.roofline_decode_tokens_per_s))} of it)`,
    );
    out.push(st.dim(`Profile: ${sv.profile_source}${sv.profile_adjustment ? ` (${sv.profile_adjustment})` : ''}`));
  }
  out.push('');
  let prev = '';
  const shown = rows.filter((row, i) => {
    const sig = signature(row.capacity);
    const keep = opts.allMonths || i === 0 || i === rows.length - 1 || sig !== prev;
    prev = sig;
    return keep;
  });
  const header = [
    'Month',
    'Calls',
    'Replicas',
    'GPUs/rep',
    'GPU',
    'Memory GB',
    'Util',
    'TTFT ms',
    'TPOT ms',
    'Profile',
    'Roofline dec',
  ];
  out.push(
    grid(
      header,
      shown.map(({ month, period, capacity: c }) => [
        period ?? String(month),
        formatNumber(c.calls),
        c.autoscaled ? `${c.replicas} peak` : String(c.replicas),
        String(c.gpus_per_replica),
        gpuOf(c),
        c.serving ? `${d1(c.serving.memory_used_gb)}/${d1(c.serving.memory_available_gb)}` : '-',
        pct(c.utilization),
        c.serving ? d1(c.serving.ttft_ms) : '-',
        c.serving ? d1(c.serving.tpot_ms) : '-',
        c.serving?.profile_kind ?? '-',
        c.serving ? formatNumber(c.serving.roofline_decode_tokens_per_s) : '-',
      ]),
      header.map((_, i) => (i === 0 || i === 4 || i === 9 ? 'left' : 'right')),
    ),
  );
  if (!opts.allMonths && shown.length < rows.length)
    out.push(
      st.dim(`(${rows.length - shown.length} months with the same sizing omitted; --all-months shows every month)`),
    );
  const choices = rows.filter((row) => row.capacity.choice);
  if (choices.length) {
    out.push('');
    out.push(st.bold('GPU choice (gpu: auto)'));
    let last = '';
    for (const { month, period, capacity: c } of choices) {
      const ch = c.choice!;
      const line = `${ch.chosen}, runner-up ${ch.runner_up ?? 'none'}`;
      if (line === last) continue;
      last = line;
      out.push(
        `  from ${period ?? `month ${month}`}: ${ch.chosen} (${formatUsd(ch.chosen_cost)}/month of GPUs)${ch.runner_up ? `; runner-up ${ch.runner_up} (${formatUsd(ch.runner_up_cost!)})` : ''}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function capacityJson(r: Report, s: StrategyResult): JsonValue {
  return {
    schema_version: r.schema_version,
    scenario: r.scenario,
    strategy: s.id,
    months: capacityRows(s).map(({ month, period, capacity: c }) => ({
      month,
      period,
      calls: num(c.calls),
      replicas: c.replicas,
      replicas_needed: num(c.replicas_needed),
      gpus_per_replica: c.gpus_per_replica,
      gpu: c.gpu,
      provider: c.serving?.provider ?? null,
      replica_hours: c.replica_hours ? num(c.replica_hours) : null,
      reserved_replicas: c.reserved_replicas ?? 0,
      autoscaled: c.autoscaled ?? false,
      utilization: num(c.utilization),
      serving: servingJson(c),
      choice: c.choice
        ? {
            chosen: c.choice.chosen,
            chosen_cost: c.choice.chosen_cost.toFixed(),
            runner_up: c.choice.runner_up,
            runner_up_cost: c.choice.runner_up_cost?.toFixed() ?? null,
          }
        : null,
    })),
  };
}

export function formatCapacityJson(r: Report, s: StrategyResult): string {
  return stringify(capacityJson(r, s));
}

export function formatCapacityCsv(s: StrategyResult): string {
  const header = [
    'month',
    'period',
    'calls',
    'replicas',
    'gpus_per_replica',
    'gpu',
    'provider',
    'precision',
    'replica_hours',
    'reserved_replicas',
    'autoscaled',
    'utilization',
    'concurrency',
    'concurrency_limit',
    'memory_used_gb',
    'memory_available_gb',
    'ttft_ms',
    'ttft_p95_ms',
    'tpot_ms',
    'profile_kind',
    'profile_source',
    'decode_tokens_per_s',
    'roofline_decode_tokens_per_s',
    'prefill_tokens_per_s',
    'roofline_prefill_tokens_per_s',
  ];
  const fx = (d: Decimal | undefined, places: number) =>
    d ? d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed() : '';
  const lines = [header.join(',')];
  for (const { month, period, capacity: c } of capacityRows(s)) {
    const v = c.serving;
    lines.push(
      [
        String(month),
        period ?? '',
        fx(c.calls, 0),
        String(c.replicas),
        String(c.gpus_per_replica),
        c.gpu,
        v?.provider ?? '',
        v?.precision ?? '',
        fx(c.replica_hours, 6),
        String(c.reserved_replicas ?? 0),
        String(c.autoscaled ?? false),
        fx(c.utilization, 6),
        v ? String(v.concurrency) : '',
        v?.concurrency_limit ?? '',
        fx(v?.memory_used_gb, 3),
        fx(v?.memory_available_gb, 3),
        fx(v?.ttft_ms, 3),
        fx(v?.ttft_p95_ms, 3),
        fx(v?.tpot_ms, 3),
        v?.profile_kind ?? '',
        v?.profile_source ?? '',
        fx(v?.decode_tokens_per_s, 3),
        fx(v?.roofline_decode_tokens_per_s, 3),
        fx(v?.prefill_tokens_per_s, 3),
        fx(v?.roofline_prefill_tokens_per_s, 3),
      ]
        .map(csvText)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
