// `llmcost ci-comment`: one pull-request comment for every scenario a change touches. Per scenario:
// month-1 cost and TCO per strategy before → after with the change, the recommendation before →
// after, budget status, and a collapsible detail table; new and removed scenarios shown as such.
// Deterministic (same entries → same bytes), within GitHub's comment limit (the largest changes are
// kept, a note says what was left out), only Markdown GitHub renders, and every piece of text from a
// file goes through safeMarkdownText so that it never links or mentions anyone. Pure.
import type { BudgetResult } from '../budget/budgets.js';
import { Decimal, formatUsd, toPlain } from '../money.js';
import type { ReportDiff } from '../report/diff.js';
import { largestIncrease, type Increase, type IncreaseLimit } from '../report/increase.js';
import type { Report } from '../report/model.js';
import { stringify, type JsonValue } from './json.js';
import { safeMarkdownText as t } from './markdownSafe.js';
import { mdTable } from './markdown.js';

/** The hidden line that lets the posting step find the comment again and update it. */
export const COMMENT_MARKER = '<!-- llmcost-comment -->';
/** GitHub refuses an issue comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface CiSide {
  report: Report;
  budgets: BudgetResult[];
}

export type CiStatus = 'modified' | 'unchanged' | 'new' | 'removed' | 'invalid';

export interface CiEntry {
  /** The scenario file as given (relative to the repository root). */
  file: string;
  base: CiSide | null;
  head: CiSide | null;
  /** Both sides computed: their diff. */
  diff: ReportDiff | null;
  /** One-line error messages of a side that does not validate. */
  errors: string[];
}

export interface CiCommentOptions {
  maxIncrease?: IncreaseLimit | undefined;
  /** Characters the body may take (GitHub's limit by default). */
  maxChars?: number | undefined;
}

export function statusOf(e: CiEntry): CiStatus {
  if (e.errors.length) return 'invalid';
  if (!e.base) return 'new';
  if (!e.head) return 'removed';
  const d = e.diff!;
  const moved = d.strategies.some((s) => !same(s.tco.base, s.tco.head) || !same(s.month1.base, s.month1.head));
  return moved || d.recommendation.changed || d.inputs.length || d.pricing.length ? 'modified' : 'unchanged';
}

const same = (a: Decimal | null, b: Decimal | null) => (a === null || b === null ? a === b : a.eq(b));
const usd = (d: Decimal | null | undefined) => (d ? formatUsd(d) : '-');
const signedUsd = (d: Decimal | null) => (d ? `${d.isNegative() && !d.isZero() ? '' : '+'}${formatUsd(d)}` : '-');
const pct = (r: Decimal | null) =>
  r
    ? `${r.isNegative() && !r.isZero() ? '' : '+'}${r.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`
    : '-';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How big a change is, for ordering (largest first) and truncation: the largest TCO move. */
export function changeSize(e: CiEntry): Decimal {
  if (e.errors.length) return new Decimal(Infinity);
  if (e.diff) return e.diff.strategies.reduce((m, s) => Decimal.max(m, s.tco.delta?.abs() ?? 0), new Decimal(0));
  const side = e.head ?? e.base;
  return side ? side.report.strategies.reduce((m, s) => Decimal.max(m, s.tco.abs()), new Decimal(0)) : new Decimal(0);
}

/** Largest change first; the file name breaks ties, so the order never depends on the input order. */
export function orderEntries(entries: readonly CiEntry[]): CiEntry[] {
  const keyed = entries.map((e) => ({ e, size: changeSize(e) }));
  keyed.sort((a, b) => b.size.comparedTo(a.size) || (a.e.file < b.e.file ? -1 : a.e.file > b.e.file ? 1 : 0));
  return keyed.map((k) => k.e);
}

function budgetStatus(side: CiSide | null): string {
  if (!side) return '-';
  const n = side.budgets.length;
  if (n === 0) return 'none';
  const over = side.budgets.filter((b) => b.exceeded).length;
  return over ? `**${over} of ${plural(n, 'budget')} exceeded**` : `${n === 1 ? 'holds' : `all ${n} hold`}`;
}

function budgetChange(e: CiEntry): string {
  if (!e.head) return e.base ? `${budgetStatus(e.base)} → -` : '-';
  if (!e.base) return budgetStatus(e.head);
  const b = budgetStatus(e.base);
  const h = budgetStatus(e.head);
  return b === h ? h : `${b} → ${h}`;
}

const recommended = (side: CiSide | null) => side?.report.recommendation?.strategy ?? null;

function recommendationText(e: CiEntry): string {
  const b = recommended(e.base);
  const h = recommended(e.head);
  if (!e.base) return h ?? 'none';
  if (!e.head) return `${b ?? 'none'} → -`;
  return b === h ? `${h ?? 'none'} (unchanged)` : `**${b ?? 'none'} → ${h ?? 'none'}**`;
}

/** TCO of the recommended strategy (head's, or base's for a removed scenario), before → after. */
function headlineTco(e: CiEntry): string {
  const id = recommended(e.head) ?? recommended(e.base);
  const tco = (side: CiSide | null) => side?.report.strategies.find((s) => s.id === id)?.tco ?? null;
  const b = tco(e.base);
  const h = tco(e.head);
  const who = id ? ` (${id})` : '';
  if (!e.base) return `new: ${usd(h)}${who}`;
  if (!e.head) return `removed: ${usd(b)}${who}`;
  const s = e.diff?.strategies.find((x) => x.id === id);
  return `${usd(b)} → ${usd(h)}${who}${s?.tco.delta ? ` ${signedUsd(s.tco.delta)} (${pct(s.tco.ratio)})` : ''}`;
}

function scenarioName(e: CiEntry): string {
  return (e.head ?? e.base)?.report.scenario ?? e.file;
}

function summaryRow(e: CiEntry): string[] {
  const st = statusOf(e);
  if (st === 'invalid') return [t(e.file), '**invalid**', '-', '-', '-'];
  return [`${t(scenarioName(e))} (${t(e.file)})`, st, headlineTco(e), recommendationText(e), budgetChange(e)];
}

const SUMMARY_HEADER = ['Scenario', 'Change', 'TCO of the recommended strategy', 'Recommendation', 'Budgets'];
const SUMMARY_ALIGN = ['left', 'left', 'left', 'left', 'left'] as const;

function strategyTable(e: CiEntry): string {
  if (e.diff) {
    const rows = e.diff.strategies.map((s) => [
      s.id,
      usd(s.month1.base),
      usd(s.month1.head),
      signedUsd(s.month1.delta),
      usd(s.tco.base),
      usd(s.tco.head),
      signedUsd(s.tco.delta),
      pct(s.tco.ratio),
    ]);
    return mdTable(
      ['Strategy', 'Month 1 before', 'Month 1 after', 'Change', 'TCO before', 'TCO after', 'Change', '%'],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    );
  }
  const side = (e.head ?? e.base)!;
  const when = e.head ? 'after' : 'before';
  const rows = side.report.strategies.map((s) => [s.id, usd(s.month1_cost), usd(s.tco)]);
  return mdTable(['Strategy', `Month 1 ${when}`, `TCO ${when} (${side.report.horizon_months} months)`], rows, [
    'left',
    'right',
    'right',
  ]);
}

function increaseLine(e: CiEntry, limit: IncreaseLimit | undefined): string | null {
  if (!e.diff || !limit) return null;
  const i = largestIncrease(e.diff, limit);
  if (!i?.over) return null;
  const change = `${usd(i.base)} → ${usd(i.head)}, ${signedUsd(i.delta)} (${pct(i.ratio)})`;
  return `**Increase above ${t(limit.text)}:** ${i.strategy} TCO ${change}.`;
}

function budgetRows(e: CiEntry): string[][] {
  const before = new Map((e.base?.budgets ?? []).map((r) => [`${r.budget.target} ${r.budget.kind}`, r]));
  return (e.head?.budgets ?? []).map((r) => {
    const b = before.get(`${r.budget.target} ${r.budget.kind}`);
    const money = (d: Decimal | null | undefined) =>
      d ? formatUsd(d, r.budget.kind === 'max_cost_per_1k_calls' ? 4 : 2) : '-';
    return [
      r.exceeded ? '**exceeded**' : 'holds',
      r.strategy,
      r.budget.kind,
      money(r.budget.limit),
      money(b?.figure),
      money(r.figure),
      t(r.message),
    ];
  });
}

function details(e: CiEntry): string[] {
  const out: string[] = [];
  const d = e.diff;
  if (d) {
    for (const b of d.break_even) {
      const calls = (x: Decimal | null) =>
        x
          ? `${x
              .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
              .toFixed()
              .replace(/\B(?=(\d{3})+(?!\d))/g, ',')} calls/mo`
          : 'never';
      const month = (m: number | null) => (m ? `month ${m}` : 'none');
      out.push(
        `- ${b.id}: run-rate break-even ${calls(b.run_rate_calls.base)} → ${calls(b.run_rate_calls.head)}; ` +
          `payback ${month(b.payback_month.base)} → ${month(b.payback_month.head)}`,
      );
    }
    if (out.length) out.push('');
  }
  const budgets = budgetRows(e);
  if (budgets.length) {
    out.push(
      mdTable(['Budget', 'Strategy', 'Kind', 'Limit', 'Before', 'After', 'Detail'], budgets, [
        'left',
        'left',
        'left',
        'right',
        'right',
        'right',
        'left',
      ]),
      '',
    );
  }
  if (d && (d.inputs.length || d.pricing.length)) {
    const v = (x: string | null) => (x === null ? '(absent)' : t(x));
    const rows = [...d.inputs, ...d.pricing].map((i) => [t(i.field), v(i.base), v(i.head)]);
    out.push(mdTable(['Input that differs', 'Before', 'After'], rows, ['left', 'left', 'left']), '');
  }
  return out;
}

/** One scenario's section: heading, strategy table, recommendation, budgets, collapsible details. */
export function scenarioSection(e: CiEntry, opts: CiCommentOptions = {}): string {
  const st = statusOf(e);
  const out = [`### ${t(scenarioName(e))} (${st})`, '', `File: ${t(e.file)}`, ''];
  if (st === 'invalid') {
    for (const m of e.errors) out.push(`- ${t(m)}`);
    return out.join('\n');
  }
  if (st === 'unchanged') {
    out.push(
      `No figure, input or recommendation changes (${recommendationText(e)}; ` +
        `budgets: ${budgetChange(e).replace(/\*\*/g, '')}).`,
    );
    return out.join('\n');
  }
  out.push(strategyTable(e), '');
  const d = e.diff;
  if (d && d.horizon_months.base !== d.horizon_months.head) {
    out.push(
      `Horizon changes: ${d.horizon_months.base} → ${d.horizon_months.head} months ` +
        '(the TCOs cover different periods).',
      '',
    );
  }
  out.push(`**Recommendation:** ${recommendationText(e).replace(/\*\*/g, '')}  `);
  out.push(`**Budgets:** ${budgetChange(e).replace(/\*\*/g, '')}`);
  const inc = increaseLine(e, opts.maxIncrease);
  if (inc) out.push('', inc);
  const more = details(e);
  if (more.length) out.push('', '<details><summary>Details</summary>', '', ...more, '</details>');
  return out.join('\n');
}

function overview(entries: readonly CiEntry[], opts: CiCommentOptions): string {
  const counts = new Map<CiStatus, number>();
  for (const e of entries) counts.set(statusOf(e), (counts.get(statusOf(e)) ?? 0) + 1);
  const parts = (['modified', 'new', 'removed', 'unchanged', 'invalid'] as const)
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s}`);
  const over = entries.reduce((n, e) => n + (e.head?.budgets.filter((b) => b.exceeded).length ?? 0), 0);
  const total = entries.reduce((n, e) => n + (e.head?.budgets.length ?? 0), 0);
  const rising = opts.maxIncrease
    ? entries.filter((e) => e.diff && largestIncrease(e.diff, opts.maxIncrease)?.over).length
    : 0;
  const lines = [`${plural(entries.length, 'scenario')}: ${parts.join(', ') || 'none'}.`];
  if (total)
    lines.push(over ? `**${over} of ${plural(total, 'budget')} exceeded.**` : `All ${plural(total, 'budget')} hold.`);
  if (opts.maxIncrease)
    lines.push(
      rising
        ? `**${plural(rising, 'scenario')} above the ${t(opts.maxIncrease.text)} increase limit.**`
        : `No TCO rises above ${t(opts.maxIncrease.text)}.`,
    );
  return lines.join(' ');
}

const FOOTER = "Month 1 and TCO per strategy; TCO over each scenario's horizon. Forecasts from llmcost, not bills.";

function truncationNote(shown: number, total: number, rows: number): string {
  const left = total - shown;
  const rowNote = rows < total ? ` The summary table lists the ${plural(rows, 'largest change')}.` : '';
  return (
    `> **Shortened:** ${plural(left, 'scenario section')} of ${total} left out to stay within GitHub's ` +
    `65,536-character limit for a comment (the smallest changes).${rowNote} ` +
    'The job summary and `llmcost diff` show every scenario.'
  );
}

/** The largest n in 0..max with ok(n), for ok true up to some n and false after it (0 if none). */
function largestFitting(max: number, ok: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The comment body. */
export function formatCiComment(entries: readonly CiEntry[], opts: CiCommentOptions = {}): string {
  const limit = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const ordered = orderEntries(entries);
  const title = [COMMENT_MARKER, '## llmcost: what this change costs', ''];
  if (!ordered.length) return `${[...title, 'No scenario changed.'].join('\n')}\n`;
  const head = [...title, overview(ordered, opts), ''].join('\n');
  const rows = ordered.map(summaryRow);
  const sections = ordered.map((e) => scenarioSection(e, opts));
  const assemble = (nRows: number, nSections: number, note: string) =>
    `${[
      head,
      mdTable(SUMMARY_HEADER, rows.slice(0, nRows), [...SUMMARY_ALIGN]),
      ...sections.slice(0, nSections).map((s) => `\n${s}`),
      ...(note ? ['', note] : []),
      '',
      FOOTER,
    ].join('\n')}\n`;
  const full = assemble(rows.length, sections.length, '');
  if (full.length <= limit) return full;
  // Keep the largest changes: as many full sections as fit after every summary row, then (for a very
  // long list) as many summary rows as fit. The note is sized for the worst case before it is known.
  const fits = (r: number, s: number) => assemble(r, s, truncationNote(s, ordered.length, r)).length <= limit;
  const nRows = largestFitting(rows.length, (r) => fits(r, 0));
  const nSections = largestFitting(nRows, (s) => fits(nRows, s));
  return assemble(nRows, nSections, truncationNote(nSections, ordered.length, nRows));
}

/** The machine-readable verdict beside the comment (`--summary-out`): what the gate script reads. */
export function ciSummaryJson(entries: readonly CiEntry[], opts: CiCommentOptions = {}): string {
  const m = (d: Decimal | null | undefined) => (d ? toPlain(d) : null);
  const inc = (i: Increase | null): JsonValue =>
    i
      ? {
          strategy: i.strategy,
          base: m(i.base),
          head: m(i.head),
          delta: m(i.delta),
          ratio: i.ratio ? toPlain(i.ratio.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)) : null,
          over: i.over,
        }
      : null;
  const side = (s: CiSide | null): JsonValue =>
    s
      ? {
          scenario: s.report.scenario,
          recommended: s.report.recommendation?.strategy ?? null,
          budgets: s.budgets.length,
          exceeded: s.budgets.filter((b) => b.exceeded).length,
        }
      : null;
  const ordered = orderEntries(entries);
  const scenarios = ordered.map((e) => ({
    file: e.file,
    status: statusOf(e),
    base: side(e.base),
    head: side(e.head),
    largest_increase: e.diff ? inc(largestIncrease(e.diff, opts.maxIncrease)) : null,
    errors: e.errors,
  }));
  return stringify({
    schema_version: 1,
    max_increase: opts.maxIncrease?.text ?? null,
    scenarios,
    budgets_exceeded: ordered.reduce((n, e) => n + (e.head?.budgets.filter((b) => b.exceeded).length ?? 0), 0),
    over_max_increase: ordered.filter((e) => e.diff && largestIncrease(e.diff, opts.maxIncrease)?.over).length,
    invalid: ordered.filter((e) => e.errors.length).length,
  });
}
