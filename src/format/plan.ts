// `llmcost plan` in every format: the timeline, the switches, the plan's TCO against the best single
// strategy and against staying on `start`, and (--explain) why each switch falls in its month. Plan
// in, text out; the formats share the words below so they say the same thing.
import { allocateCents, Decimal, formatUsd, toCents, toPlain } from '../money.js';
import type { Report } from '../report/model.js';
import type { PlanReport, PlanSwitchResult } from '../report/plan.js';
import type { PlanUncertainty } from '../uncertainty/plan.js';
import type { StrategyId } from '../vocabulary.js';
import { amount, amountShort } from './amount.js';
import { lineChart, type XMarker } from './charts/cumulative.js';
import { tickUsd } from './charts/scale.js';
import type { Summary } from '../uncertainty/stats.js';
import { MAX_WIDTH, MIN_WIDTH } from './charts/terminal.js';
import { csvNumber, csvRow, csvText } from './csv.js';
import { grid } from './grid.js';
import { itemJson, RawNumber, stringify, type JsonValue } from './json.js';
import { md, mdTable } from './markdown.js';
import { PLAIN, type Style } from './style.js';

export const PLAN_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type PlanFormatName = (typeof PLAN_FORMATS)[number];

export interface PlanFormatOptions {
  style?: Style | undefined;
  explain?: boolean | undefined;
  /** table: the cumulative-cost chart under it, this many columns wide. */
  charts?: { width: number; ascii?: boolean | undefined } | undefined;
}

/** What every plan format reads: the plan and the compare report it was made from. */
export interface PlanView {
  plan: PlanReport;
  report: Report;
  /** `plan --uncertainty`: the switch month and the saving over the scenario's distributions. */
  uncertainty?: PlanUncertainty | undefined;
}

export const PLAN_FORMATTERS: Record<PlanFormatName, (v: PlanView, opts: PlanFormatOptions) => string> = {
  table: (v, opts) => formatPlanTable(v, opts),
  json: (v) => formatPlanJson(v.plan, v.uncertainty),
  csv: (v) => formatPlanCsv(v.plan),
  markdown: (v, opts) => formatPlanMarkdown(v, opts),
};

/** "months 1–11", with the calendar months when the scenario has a start month. */
function months(p: PlanReport, a: number, b: number): string {
  const period = (m: number) => p.plan.months[m - 1]?.period;
  const cal = period(a) ? ` (${a === b ? period(a) : `${period(a)} to ${period(b)}`})` : '';
  return `${a === b ? `month ${a}` : `months ${a}–${b}`}${cal}`;
}

/** "months 1–11 api; months 10–11 self_hosted provisioning; months 12–24 self_hosted". */
export function timeline(p: PlanReport): string[] {
  const lines: string[] = [];
  for (const s of p.plan.segments) {
    if (s.provisioning_from !== null)
      lines.push(`${months(p, s.provisioning_from, s.serving_from - 1)} ${s.strategy} provisioning`);
    lines.push(`${months(p, s.serving_from, s.serving_to)} ${s.strategy}`);
  }
  return lines;
}

const monthsAfter = (s: PlanSwitchResult) => {
  const n = (s.payback_month ?? s.month) - s.month + 1;
  return `${n} month${n === 1 ? '' : 's'} after the switch`;
};
const gapText = (p: PlanReport) => {
  const gap = p.plan.min_months_between_switches;
  return gap > 1 ? ` At least ${gap} months between switches.` : '';
};

const usd0 = (x: number) => formatUsd(new Decimal(x.toFixed(2)));
const monthOrNone = (m: number | null) => (m === null ? 'no switch' : `month ${m}`);

/** `--uncertainty`: one row per figure, P10 / P50 / P90. */
function uncertaintyRows(p: PlanReport, u: PlanUncertainty): string[][] {
  const s = u.switch_month;
  const never = s.never ? ` (no switch in ${s.never} of ${u.trials} trials)` : '';
  const saving = (x: Summary) => [usd0(x.p10), usd0(x.p50), usd0(x.p90)];
  return [
    ['first switch', monthOrNone(s.p10), monthOrNone(s.p50), `${monthOrNone(s.p90)}${never}`],
    [`saving against staying on ${p.plan.start}`, ...saving(u.saving_vs_start)],
    ['saving against the best single strategy', ...saving(u.saving_vs_static)],
  ];
}
const UNCERTAINTY_HEADER = ['', 'P10', 'P50', 'P90'];
const uncertaintyTitle = (u: PlanUncertainty) =>
  `Over the uncertain inputs (${u.trials} trials, seed ${u.seed}; ${u.inputs.join(', ') || 'none'})`;

/** The switch's costs, each once: what the payback has to repay. */
const switchCost = (s: PlanSwitchResult) => s.one_time.plus(s.lead_cost).plus(s.setup_cost).plus(s.commitment_cost);

function saving(p: PlanReport, which: 'versus_static' | 'versus_start'): string {
  const v = p.plan[which];
  const bound = p.plan;
  if (v.saving.isZero()) return 'the same';
  return v.saving.isNegative() ? `${amount(bound, v.saving.negated())} more` : `${amount(bound, v.saving)} less`;
}

/** --explain: why each switch falls in its month, as facts of the plan. */
export function explanation(p: PlanReport): string[] {
  const out: string[] = [];
  if (p.plan.switches.length === 0) {
    out.push(
      `No switch pays: staying on ${p.plan.start} for all ${p.horizon_months} months is the cheapest path ` +
        'the allowed switches give.',
    );
    return out;
  }
  for (const s of p.plan.switches) {
    const parts: string[] = [];
    parts.push(`Month ${s.month}, ${s.from} → ${s.to}:`);
    parts.push(
      s.cheaper_from === null
        ? `${s.to}'s monthly run cost does not stay below ${s.from}'s to the end of the horizon;`
        : `${s.to}'s monthly run cost (without one-time items) is below ${s.from}'s from month ${s.cheaper_from} on;`,
    );
    const pieces = [
      ['one-time', s.one_time],
      [`${s.lead_months} lead month${s.lead_months === 1 ? '' : 's'}`, s.lead_cost],
      ['setup', s.setup_cost],
      ['reserved replicas still billed', s.commitment_cost],
    ] as const;
    const listed = pieces.filter(([, v]) => !v.isZero()).map(([k, v]) => `${k} ${formatUsd(v)}`);
    const cost = switchCost(s);
    parts.push(`the switch costs ${formatUsd(cost)}${listed.length ? ` (${listed.join(', ')})` : ''}`);
    parts.push(
      s.payback_month === null
        ? `and the monthly savings do not repay it within the horizon.`
        : `and the monthly savings repay it by month ${s.payback_month} (${monthsAfter(s)}).`,
    );
    if (s.cheaper_from !== null && s.cheaper_from < s.month) {
      parts.push(
        'Switching earlier would have cost more in total: every earlier month was weighed, and the lead, ' +
          "the switch cost and the gap between the two strategies' monthly costs then outweigh the savings.",
      );
    }
    out.push(parts.join(' '));
  }
  return out;
}

function switchRows(p: PlanReport): string[][] {
  return p.plan.switches.map((s) => [
    String(s.month),
    s.from,
    s.to,
    formatUsd(s.one_time),
    `${formatUsd(s.lead_cost)} (${s.lead_months} mo)`,
    formatUsd(s.setup_cost),
    formatUsd(s.commitment_cost),
    s.payback_month === null ? '-' : `month ${s.payback_month}`,
  ]);
}
const SWITCH_HEADER = ['Month', 'From', 'To', 'One-time', 'Lead cost', 'Setup', 'Reserved after', 'Paid back'];
const SWITCH_ALIGN = ['right', 'left', 'left', 'right', 'right', 'right', 'right', 'left'] as const;

/** The plan, then every strategy alone for the whole horizon, the best one and the start marked. */
function totalsRows(
  p: PlanReport,
  strategies: ReadonlyArray<{ id: StrategyId; tco: Decimal; lower_bound?: boolean | undefined }>,
): string[][] {
  const b = p.plan;
  const rows = [['plan', amount(b, b.tco), '']];
  for (const s of strategies) {
    const roles = [
      s.id === b.versus_static.strategy ? 'best single strategy' : '',
      s.id === b.start ? 'start' : '',
    ].filter(Boolean);
    const against = s.id === b.versus_static.strategy ? 'versus_static' : 'versus_start';
    const note = roles.length ? `${roles.join(', ')}: plan costs ${saving(p, against)}` : '';
    rows.push([`${s.id} alone`, amount(s, s.tco), note]);
  }
  return rows;
}

export function formatPlanTable(v: PlanView, opts: PlanFormatOptions = {}): string {
  const p = v.plan;
  const st = opts.style ?? PLAIN;
  const out: string[] = [];
  out.push(st.bold(`${p.scenario} — plan over ${p.horizon_months} months, ${p.currency}`));
  out.push(
    p.plan.free_switching
      ? 'No `plan:` block: every strategy may switch to every other, free and immediate ' +
          '(a lower bound on any real plan).'
      : `Start: ${p.plan.start}.${gapText(p)}`,
  );
  out.push('');
  out.push(st.bold('Timeline'));
  for (const l of timeline(p)) out.push(`  ${l}`);
  out.push('');
  if (p.plan.switches.length) {
    out.push(st.bold('Switches'));
    out.push(grid(SWITCH_HEADER, switchRows(p), [...SWITCH_ALIGN]));
    out.push('');
  }
  out.push(
    grid([`${p.horizon_months}-month TCO`, 'USD', ''], totalsRows(p, v.report.strategies), ['left', 'right', 'left']),
  );
  if (v.uncertainty) {
    out.push('');
    out.push(st.bold(uncertaintyTitle(v.uncertainty)));
    out.push(grid(UNCERTAINTY_HEADER, uncertaintyRows(p, v.uncertainty), ['left', 'right', 'right', 'right']));
  }
  if (opts.explain) {
    out.push('');
    out.push(st.bold('Why these months'));
    for (const e of explanation(p)) out.push(`  - ${e}`);
  }
  if (opts.charts) {
    out.push('');
    out.push(planChart(v, opts.charts.width, opts.charts.ascii, st));
  }
  return `${out.join('\n')}\n`;
}

/** Cumulative cost of the plan against staying on `start` and the best single strategy, switches marked. */
export function planChart(v: PlanView, width: number, ascii: boolean | undefined, st: Style = PLAIN): string {
  const p = v.plan;
  const cumulative = (costs: readonly Decimal[]) => {
    let total = new Decimal(0);
    // Drawing positions only: the exact sums are rounded to floats here and nowhere else.
    return [0, ...costs.map((c) => (total = total.plus(c)).toNumber())];
  };
  const paint: Record<StrategyId, (s: string) => string> = {
    api: st.yellow,
    self_hosted: st.cyan,
    hybrid: st.green,
    api_same_model: st.dim,
  };
  const ids = [...new Set<StrategyId>([p.plan.start, p.plan.versus_static.strategy])];
  const series = [
    { label: 'plan', values: cumulative(p.plan.months.map((m) => m.cost)), paint: st.bold },
    ...ids.map((id) => ({
      label: id,
      values: cumulative(v.report.strategies.find((s) => s.id === id)!.months.map((m) => m.cost)),
      paint: paint[id],
    })),
  ];
  const markers: XMarker[] = p.plan.switches.map((s) => ({
    x: s.month,
    label: `switch month ${s.month}: ${s.from} → ${s.to}`,
  }));
  return lineChart(series, {
    width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(width))),
    height: 12,
    ascii,
    title: st.bold(`Cumulative cost (USD) over ${p.horizon_months} months: plan ${amountShort(p.plan, p.plan.tco)}`),
    xLabel: 'month',
    yFormat: tickUsd,
    markers,
  });
}

export function planJson(p: PlanReport): JsonValue {
  const b = p.plan;
  const money = (d: Decimal) => toPlain(d);
  const versus = (x: typeof b.versus_static): JsonValue => ({
    strategy: x.strategy,
    tco: money(x.tco),
    saving: money(x.saving),
  });
  return {
    schema_version: p.schema_version,
    scenario: p.scenario,
    currency: p.currency,
    horizon_months: p.horizon_months,
    start_month: p.start_month,
    plan: {
      start: b.start,
      tco: money(b.tco),
      lower_bound: b.lower_bound ?? false,
      free_switching: b.free_switching,
      min_months_between_switches: b.min_months_between_switches,
      segments: b.segments.map((s) => ({ ...s })),
      months: b.months.map((m) => ({
        month: m.month,
        period: m.period,
        strategy: m.strategy,
        provisioning: m.provisioning,
        cost: money(m.cost),
        items: m.items.map((i) => ({
          role: i.role,
          strategy: i.strategy,
          ...(itemJson(i) as Record<string, JsonValue>),
        })),
      })),
      switches: b.switches.map((s) => ({
        month: s.month,
        from: s.from,
        to: s.to,
        lead_months: s.lead_months,
        one_time: money(s.one_time),
        lead_cost: money(s.lead_cost),
        setup_cost: money(s.setup_cost),
        commitment_cost: money(s.commitment_cost),
        cheaper_from: s.cheaper_from,
        payback_month: s.payback_month,
      })),
      versus_static: versus(b.versus_static),
      versus_start: versus(b.versus_start),
    },
  };
}

/** Float summaries of the sampled analysis, to the cent (they are not exact, and say so by precision). */
function uncertaintyJson(u: PlanUncertainty): JsonValue {
  const cents = (x: number) => new RawNumber(x.toFixed(2));
  const summary = (x: Summary): JsonValue => ({
    p10: cents(x.p10),
    p50: cents(x.p50),
    p90: cents(x.p90),
    mean: cents(x.mean),
  });
  return {
    trials: u.trials,
    seed: u.seed,
    inputs: u.inputs,
    switch_month: { ...u.switch_month },
    saving_vs_start: summary(u.saving_vs_start),
    saving_vs_static: summary(u.saving_vs_static),
  };
}

export function formatPlanJson(p: PlanReport, u?: PlanUncertainty): string {
  const doc = planJson(p) as Record<string, JsonValue>;
  return stringify(u ? { ...doc, uncertainty: uncertaintyJson(u) } : doc);
}

export const PLAN_CSV_COLUMNS = [
  'scenario',
  'month',
  'period',
  'serving',
  'role',
  'strategy',
  'category',
  'item',
  'quantity',
  'unit',
  'unit_price',
  'cost',
  'currency',
  'source',
] as const;

/**
 * One row per plan item: serving, provisioning, switch and reserved-after-switch costs each as their
 * own rows. Cents are allocated over all rows, so the cost column sums to the plan's TCO to the cent.
 */
export function formatPlanCsv(p: PlanReport): string {
  const rows = p.plan.months.flatMap((m) => m.items.map((item) => ({ m, item })));
  const cents = allocateCents(rows.map((r) => r.item.cost));
  let out = csvRow([...PLAN_CSV_COLUMNS]);
  rows.forEach(({ m, item }, i) => {
    const unknown = item.missing_price !== undefined;
    out += csvRow([
      csvText(p.scenario),
      String(m.month),
      m.period ?? '',
      m.strategy,
      item.role,
      item.strategy,
      item.category,
      csvText(item.name),
      csvNumber(toPlain(item.quantity.toDecimalPlaces(6))),
      csvText(item.unit),
      unknown ? '' : csvNumber(toPlain(item.unit_price)),
      unknown ? '' : csvNumber(toCents(cents[i]!)),
      p.currency,
      csvText(item.source),
    ]);
  });
  return out;
}

export function formatPlanMarkdown(v: PlanView, opts: PlanFormatOptions = {}): string {
  const p = v.plan;
  const out: string[] = [];
  out.push(`## Plan: ${md(p.scenario)}`);
  out.push('');
  out.push(
    `${p.horizon_months} months, ${p.currency}. ` +
      (p.plan.free_switching
        ? 'No `plan:` block: switching is free and immediate.'
        : `Start: \`${p.plan.start}\`.${gapText(p)}`),
  );
  out.push('');
  for (const l of timeline(p)) out.push(`- ${l}`);
  out.push('');
  if (p.plan.switches.length) {
    out.push(mdTable(SWITCH_HEADER, switchRows(p), SWITCH_ALIGN));
    out.push('');
  }
  out.push(
    mdTable([`${p.horizon_months}-month TCO`, 'USD', ''], totalsRows(p, v.report.strategies), [
      'left',
      'right',
      'left',
    ]),
  );
  if (v.uncertainty) {
    out.push('');
    out.push(`### ${md(uncertaintyTitle(v.uncertainty))}`);
    out.push('');
    out.push(mdTable(UNCERTAINTY_HEADER, uncertaintyRows(p, v.uncertainty), ['left', 'right', 'right', 'right']));
  }
  if (opts.explain) {
    out.push('');
    out.push('### Why these months');
    out.push('');
    for (const e of explanation(p)) out.push(`- ${e}`);
  }
  return `${out.join('\n')}\n`;
}
