// `llmcost diff` as text, JSON and Markdown.
import { Decimal, formatNumber, formatUsd, toCents, toPlain } from '../money.js';
import type { Change, MoneyChange, ReportDiff } from '../report/diff.js';
import { amount } from './amount.js';
import { csvNumber, csvRow, csvText } from './csv.js';
import { grid } from './grid.js';
import { stringify, type JsonValue } from './json.js';
import { md, mdTable } from './markdown.js';
import { PLAIN, type Style } from './style.js';

const signedIn = (cur: string) => (d: Decimal | null) =>
  d ? `${d.isNegative() && !d.isZero() ? '' : '+'}${formatUsd(d, 2, cur)}` : '-';
const pct = (r: Decimal | null) =>
  r
    ? `${r.isNegative() && !r.isZero() ? '' : '+'}${r.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`
    : '-';
const callsText = (d: Decimal | null) => (d ? `${formatNumber(d)} calls/mo` : 'never');
const monthText = (m: number | null) => (m ? `month ${m}` : 'none');
const arrow = <T>(c: Change<T>, f: (x: T | null) => string) => `${f(c.base)} → ${f(c.head)}`;
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');

function strategyRows(d: ReportDiff, esc: (s: string) => string): string[][] {
  const signedUsd = signedIn(d.currency);
  // Each side as the report prints it: a lower bound keeps its "≥"; the change of an unknown is '-'.
  const before = (c: MoneyChange) =>
    c.base ? amount({ lower_bound: c.base_lower_bound }, c.base, 2, d.currency) : '-';
  const after = (c: MoneyChange) => (c.head ? amount({ lower_bound: c.head_lower_bound }, c.head, 2, d.currency) : '-');
  return d.strategies.map((s) => [
    esc(s.id),
    before(s.month1),
    after(s.month1),
    signedUsd(s.month1.delta),
    pct(s.month1.ratio),
    before(s.tco),
    after(s.tco),
    signedUsd(s.tco.delta),
    pct(s.tco.ratio),
  ]);
}

const STRATEGY_HEADER = [
  'Strategy',
  'Month 1 before',
  'Month 1 after',
  'Change',
  '%',
  'TCO before',
  'TCO after',
  'Change',
  '%',
];
const STRATEGY_ALIGN = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as const;

function breakEvenLines(d: ReportDiff): string[] {
  return d.break_even.map(
    (b) =>
      `${b.id}: run-rate break-even ${arrow(b.run_rate_calls, callsText)}; TCO break-even ${arrow(b.tco_calls, callsText)}; payback ${arrow(b.payback_month, monthText)}${b.changed ? '' : ' (unchanged)'}`,
  );
}

function recommendationLine(d: ReportDiff): string {
  const r = d.recommendation;
  return r.changed
    ? `Recommendation changes: ${r.base ?? 'none'} → ${r.head ?? 'none'}`
    : `Recommendation unchanged: ${r.head ?? 'none'}`;
}

const value = (v: string | null) => (v === null ? '(absent)' : v);

export function formatDiffTable(d: ReportDiff, st: Style = PLAIN): string {
  const out: string[] = [
    st.bold(`${oneLine(d.base.file)} → ${oneLine(d.head.file)}`) + st.dim(` — ${oneLine(d.head.scenario)}`),
    '',
  ];
  out.push(
    grid(
      STRATEGY_HEADER,
      strategyRows(d, (s) => s),
      [...STRATEGY_ALIGN],
    ),
  );
  if (d.horizon_months.base !== d.horizon_months.head)
    out.push(
      st.yellow(
        `Horizon changes: ${d.horizon_months.base} → ${d.horizon_months.head} months (TCOs cover different periods)`,
      ),
    );
  if (d.break_even.length) out.push('', ...breakEvenLines(d));
  out.push('', st.bold(recommendationLine(d)));
  out.push('', st.bold(d.inputs.length ? 'Inputs that differ' : 'No input differs'));
  for (const i of d.inputs) out.push(`  ${oneLine(i.field)}: ${oneLine(value(i.base))} → ${oneLine(value(i.head))}`);
  if (d.pricing.length) {
    out.push('', st.bold('Pricing rows that differ'));
    for (const p of d.pricing) out.push(`  ${oneLine(p.field)}: ${oneLine(value(p.base))} → ${oneLine(value(p.head))}`);
  }
  return `${out.join('\n')}\n`;
}

const m = (d: Decimal | null) => (d ? toPlain(d) : null);
const change = (c: MoneyChange): JsonValue => ({
  base: m(c.base),
  head: m(c.head),
  delta: m(c.delta),
  ratio: c.ratio ? toPlain(c.ratio.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)) : null,
  ...(c.base_lower_bound ? { base_lower_bound: true } : {}),
  ...(c.head_lower_bound ? { head_lower_bound: true } : {}),
});

export function diffJson(d: ReportDiff): JsonValue {
  return {
    schema_version: 1,
    base: d.base,
    head: d.head,
    horizon_months: d.horizon_months as unknown as JsonValue,
    strategies: d.strategies.map((s) => ({ id: s.id, month1_cost: change(s.month1), tco: change(s.tco) })),
    break_even: d.break_even.map((b) => ({
      id: b.id,
      run_rate_calls_per_month: { base: m(b.run_rate_calls.base), head: m(b.run_rate_calls.head) },
      tco_calls_per_month: { base: m(b.tco_calls.base), head: m(b.tco_calls.head) },
      payback_month: { base: b.payback_month.base, head: b.payback_month.head },
      changed: b.changed,
    })),
    recommendation: { base: d.recommendation.base, head: d.recommendation.head, changed: d.recommendation.changed },
    inputs: d.inputs.map((i) => ({ field: i.field, base: i.base, head: i.head })),
    pricing: d.pricing.map((i) => ({ row: i.field, base: i.base, head: i.head })),
  };
}

export function formatDiffJson(d: ReportDiff): string {
  return stringify(diffJson(d));
}

export function formatDiffMarkdown(d: ReportDiff): string {
  const out = [`## llmcost diff: ${md(d.base.file)} → ${md(d.head.file)}`, '', `Scenario: ${md(d.head.scenario)}`, ''];
  out.push(
    mdTable(
      STRATEGY_HEADER,
      strategyRows(d, md).map((r) => r.map((c) => c.replace(/\|/g, '\\|'))),
      [...STRATEGY_ALIGN],
    ),
  );
  if (d.horizon_months.base !== d.horizon_months.head)
    out.push(
      '',
      `Horizon changes: ${d.horizon_months.base} → ${d.horizon_months.head} months (TCOs cover different periods).`,
    );
  if (d.break_even.length) {
    out.push('');
    for (const l of breakEvenLines(d)) out.push(`- ${md(l)}`);
  }
  out.push('', `**${md(recommendationLine(d))}**`);
  if (d.inputs.length || d.pricing.length) {
    out.push('', '### Inputs that differ', '');
    out.push(
      mdTable(
        ['Field', 'Before', 'After'],
        [...d.inputs, ...d.pricing].map((i) => [md(i.field), md(value(i.base)), md(value(i.head))]),
        ['left', 'left', 'left'],
      ),
    );
  } else {
    out.push('', 'No input differs.');
  }
  return `${out.join('\n')}\n`;
}

/** One row per strategy and figure (month-1 cost, TCO): before, after, change, ratio. */
export function formatDiffCsv(d: ReportDiff): string {
  const cents = (x: Decimal | null) => (x === null ? '' : csvNumber(toCents(x)));
  let out = csvRow(['base', 'head', 'strategy', 'figure', 'before', 'after', 'change', 'ratio', 'currency']);
  for (const s of d.strategies) {
    for (const [figure, c] of [
      ['month1_cost', s.month1],
      ['tco', s.tco],
    ] as const) {
      out += csvRow([
        csvText(d.base.file),
        csvText(d.head.file),
        csvText(s.id),
        figure,
        cents(c.base),
        cents(c.head),
        cents(c.delta),
        c.ratio ? csvNumber(toPlain(c.ratio.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN))) : '',
        csvText(d.currency),
      ]);
    }
  }
  return out;
}
