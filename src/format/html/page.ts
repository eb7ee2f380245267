// The HTML report: one self-contained file (inline CSS, inline SVG, one small inline script for table
// sorting, a Content-Security-Policy that forbids every network fetch). Report in, string out; the
// same report and options give byte-identical output — the date that ages the pricing rows is an
// option the CLI supplies, never read from the clock here.
import { createHash } from 'node:crypto';
import type { StrategyCurve } from '../../engine/curves.js';
import { currencySymbol, Decimal, formatNumber, formatUsd, toPlain, type Decimal as D } from '../../money.js';
import { STALE_AFTER_DAYS } from '../../pricing/staleness.js';
import { BY_CLASS_ALIGN, BY_CLASS_HEADER, BY_CLASS_TITLE, byClassRows } from '../byClass.js';
import { breakEvenIds, type BreakEven, type Report, type StrategyResult } from '../../report/model.js';
import { CATEGORIES, type LineItem } from '../../vocabulary.js';
import { VERSION } from '../../version.js';
import { categoryCents, endMonthsCents, strategyCents } from '../../report/cents.js';
import { CATEGORY_LABELS } from '../labels.js';
import {
  breakEvenChart,
  capacityChart,
  capacityRuns,
  cumulativeChart,
  monthlyStackedChart,
  strategyName,
  strategyLook,
} from './charts.js';
import { amount } from '../amount.js';
import type { UncertaintyResults } from '../../uncertainty/forReport.js';
import { uncertaintySection } from './uncertainty.js';
import { crossingReason, monthsText, paybackReason, reasonsOf } from '../reasons.js';
import type { PlanReport } from '../../report/plan.js';
import { planSection } from './plan.js';
import { el, esc } from './svg.js';
import { PAGE_CSS } from './style.js';

export interface HtmlOptions {
  /** Steady-month cost curves for the break-even chart (engine/curves.ts); the chart is left out without them. */
  curves?: readonly StrategyCurve[];
  /** The day pricing rows are aged against; ages are left out without it (golden files stay fixed). */
  today?: Date;
  /** Monte Carlo and sensitivity results, rendered as a fan chart and a tornado when given. */
  uncertainty?: UncertaintyResults;
  /** The plan of the scenario's `plan:` block (llmcost plan), rendered as the Plan section when given. */
  plan?: PlanReport;
}

const SORT_SCRIPT = `(function(){document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){var b=th.querySelector('button');if(!b)return;b.addEventListener('click',function(){var asc=th.getAttribute('aria-sort')!=='ascending';Array.prototype.forEach.call(hs,function(o){o.removeAttribute('aria-sort')});th.setAttribute('aria-sort',asc?'ascending':'descending');var num=th.getAttribute('data-type')==='number';var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);rows.sort(function(a,c){var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent,y=c.cells[i].getAttribute('data-v')||c.cells[i].textContent;var d=num?parseFloat(x)-parseFloat(y):x.localeCompare(y);return asc?d:-d});rows.forEach(function(r){tb.appendChild(r)})})})})})();`;
const SCRIPT_HASH = createHash('sha256').update(SORT_SCRIPT).digest('base64');
/** Nothing may be fetched: no default source, inline styles only, and only our own script by hash. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

export function formatHtml(r: Report, opts: HtmlOptions = {}): string {
  const best = r.strategies.find((s) => s.id === r.recommendation?.strategy);
  const meta = [`${r.horizon_months} months`, r.currency, monthsText(r)].join(' · ');
  const sections = [
    headline(r, best),
    r.strategies.length
      ? section(
          'cumulative',
          'Cumulative cost',
          lead(`What each strategy has cost in total by the end of each month. ${paybackSentence(r)}`),
          figure(cumulativeChart(r)),
        )
      : '',
    r.strategies.length
      ? section(
          'monthly',
          'Monthly cost by category',
          lead(
            'What each month costs, split into API tokens, GPUs, staff, fine-tuning, overheads and one-time costs. All panels share one scale.',
          ),
          figure(monthlyStackedChart(r)),
          categoryTable(r),
        )
      : '',
    opts.curves?.length
      ? section(
          'break-even',
          'Break-even',
          lead(
            'Steady monthly cost at any volume: recurring costs only, with periodic ones (fine-tuning) spread evenly. Self-hosted cost climbs in steps, one GPU replica at a time.',
          ),
          figure(breakEvenChart(r, opts.curves)),
          breakEvenTable(r),
        )
      : '',
    classSection(r),
    capacitySection(r),
    opts.plan ? planSection(opts.plan, r) : '',
    opts.uncertainty ? uncertaintySection(opts.uncertainty) : '',
    section(
      'assumptions',
      'Assumptions',
      lead('Every input that shaped the numbers, its value, and whether the scenario file set it or a default did.'),
      assumptionsTable(r),
    ),
    section(
      'pricing',
      'Prices used',
      lead(
        `The pricing rows behind every rate, with their sources${opts.today ? ` and their age on ${isoDay(opts.today)}` : ''}.`,
      ),
      pricingTable(r, opts.today),
    ),
    section(
      'line-items',
      'Every line item',
      lead(
        'Each month of each strategy as priced line items; every total above is the sum of these. Select a column heading to sort.',
      ),
      lineItemsTable(r),
    ),
  ];
  return (
    '<!DOCTYPE html>\n' +
    el(
      'html',
      { lang: 'en' },
      el(
        'head',
        {},
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
        '<meta name="generator" content="llmcost">',
        el('title', {}, esc(`${r.scenario} — llmcost report`)),
        el('style', {}, PAGE_CSS),
      ),
      el(
        'body',
        {},
        el(
          'header',
          { class: 'top' },
          el('p', { class: 'eyebrow' }, 'llmcost · LLM cost report'),
          el('h1', {}, esc(r.scenario)),
          el('p', { class: 'meta' }, esc(meta)),
        ),
        el('main', {}, ...sections),
        el(
          'footer',
          {},
          el(
            'p',
            {},
            `Generated by llmcost ${esc(VERSION)} (report schema ${r.schema_version}). Amounts are computed exactly from the line items and rounded to the cent only for display; charts draw the same figures.`,
          ),
        ),
        el('script', {}, SORT_SCRIPT),
      ),
    ) +
    '\n'
  );
}

const section = (id: string, title: string, ...body: string[]) =>
  el('section', { id, 'aria-labelledby': `${id}-h` }, el('h2', { id: `${id}-h` }, esc(title)), ...body);
const lead = (text: string) => el('p', { class: 'lead' }, esc(text));
const figure = (svg: string) => el('figure', { class: 'chart-box' }, svg);

function paybackSentence(r: Report): string {
  return breakEvenIds(r)
    .map((k) => `${strategyName(k)}: ${paybackReason(r.break_even[k]!, r.horizon_months)}.`)
    .join(' ');
}

function headline(r: Report, best: StrategyResult | undefined): string {
  const api = r.strategies.find((s) => s.id === 'api');
  let answer = 'No strategy could be computed.';
  let detail = '';
  if (best) {
    answer = `${strategyName(best.id)} is the cheapest over ${r.horizon_months} months`;
    detail = `${r.horizon_months}-month total cost ${el('strong', { 'data-figure': 'best-tco' }, esc(amount(best, strategyCents(best).total, 2, r.currency)))}`;
    // A lower bound on either side leaves the saving unknown: it is not printed as a figure.
    if (best.lower_bound || api?.lower_bound)
      detail += ' — totals marked ≥ are lower bounds: some prices were not found.';
    else if (api && api !== best && !api.tco.isZero()) {
      // The saving is the difference of the two printed totals, so it reads as their difference.
      const saved = strategyCents(api).total.minus(strategyCents(best).total);
      detail += ` — ${el('strong', { 'data-figure': 'saving-vs-api' }, esc(formatUsd(saved, 2, r.currency)))} (${esc(pct(saved.div(api.tco)))}) less than the hosted API.`;
    } else detail += '.';
  }
  const cards = r.strategies.map((s) => card(r, s, s === best));
  const missing = r.missing.map((m) => el('li', {}, `${esc(strategyName(m.id))} was not computed: ${esc(m.reason)}.`));
  return el(
    'section',
    { id: 'answer', class: 'headline', 'aria-labelledby': 'answer-h' },
    el('h2', { id: 'answer-h' }, esc(answer)),
    detail ? el('p', { class: 'answer' }, detail) : '',
    el('div', { class: 'cards' }, ...cards),
    r.recommendation
      ? el('h3', {}, 'Why') + el('ul', { class: 'reasons' }, ...reasonsOf(r).map((t) => el('li', {}, esc(t))))
      : '',
    missing.length ? el('ul', { class: 'missing' }, ...missing) : '',
  );
}

function card(r: Report, s: StrategyResult, isBest: boolean): string {
  const look = strategyLook(s.id);
  const be = s.id === 'api' ? undefined : r.break_even[s.id];
  const rows: Array<[string, string, string]> = [
    [`${r.horizon_months}-month total`, amount(s, strategyCents(s).total, 2, r.currency), `tco-${s.id}`],
    ['Month 1', amount(s, endMonthsCents(s).first, 2, r.currency), `month1-${s.id}`],
    [`Month ${r.horizon_months}`, amount(s, endMonthsCents(s).last, 2, r.currency), `last-${s.id}`],
    ['Per 1,000 calls', s.cost_per_1k_calls ? amount(s, s.cost_per_1k_calls, 4, r.currency) : '–', `per1k-${s.id}`],
  ];
  if (be) {
    rows.push(['Payback', be.payback_month ? `month ${be.payback_month}` : 'not within horizon', `payback-${s.id}`]);
    rows.push([
      'Break-even',
      be.run_rate.calls_per_month ? `${formatNumber(be.run_rate.calls_per_month)} calls/mo` : 'never',
      `breakeven-${s.id}`,
    ]);
  }
  return el(
    'article',
    { class: isBest ? 'card best' : 'card', style: `--accent:${look.color}` },
    el('h3', {}, esc(strategyName(s.id)), isBest ? el('span', { class: 'badge' }, 'Recommended') : ''),
    el('p', { class: 'card-id' }, el('code', {}, esc(s.id))),
    el(
      'dl',
      {},
      ...rows.map(([k, v, id]) => el('div', {}, el('dt', {}, esc(k)), el('dd', { 'data-figure': id }, esc(v)))),
    ),
  );
}

const pct = (d: D) => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;

function table(
  cls: string,
  caption: string,
  head: Array<{ text: string; num?: boolean; sortable?: boolean }>,
  rows: string[][],
): string {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: cls },
      el('caption', {}, esc(caption)),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...head.map((h) =>
            el(
              'th',
              { scope: 'col', class: h.num ? 'num' : undefined, 'data-type': h.num ? 'number' : 'text' },
              h.sortable
                ? el(
                    'button',
                    { type: 'button' },
                    esc(h.text),
                    el('span', { class: 'sort-icon', 'aria-hidden': 'true' }, ''),
                  )
                : esc(h.text),
            ),
          ),
        ),
      ),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r))),
    ),
  );
}
const td = (text: string, a: Record<string, string | undefined> = {}) => el('td', a, esc(text));
const tdNum = (text: string, raw: string) => el('td', { class: 'num', 'data-v': raw }, esc(text));

function categoryTable(r: Report): string {
  const present = CATEGORIES.filter((c) => r.strategies.some((s) => !s.by_category[c].isZero()));
  return table(
    'data',
    `${r.horizon_months}-month cost by category (${r.currency})`,
    [
      { text: 'Strategy' },
      ...present.map((c) => ({ text: CATEGORY_LABELS[c], num: true })),
      { text: 'Total', num: true },
    ],
    r.strategies.map((s) => {
      const cats = categoryCents(s);
      return [
        td(strategyName(s.id)),
        ...present.map((c) =>
          tdNum(s.by_category[c].isZero() ? '–' : formatUsd(cats[c], 2, r.currency), toPlain(s.by_category[c])),
        ),
        el('td', { class: 'num total' }, esc(amount(s, strategyCents(s).total, 2, r.currency))),
      ];
    }),
  );
}

function breakEvenTable(r: Report): string {
  const ks = breakEvenIds(r);
  if (!ks.length) return '';
  const vol = (v: BreakEven, which: 'run_rate' | 'tco') => {
    const a = v[which];
    return a.calls_per_month
      ? `${formatNumber(a.calls_per_month)} calls/mo`
      : `never — ${crossingReason(a.why, r.currency)}`;
  };
  return table(
    'data',
    'Break-even against the hosted API',
    [
      { text: 'Strategy' },
      { text: 'Run-rate break-even', num: true },
      { text: `${r.horizon_months}-month TCO break-even`, num: true },
      { text: 'Payback', num: true },
    ],
    ks.map((k) => {
      const b = r.break_even[k]!;
      return [
        td(strategyName(k)),
        td(vol(b, 'run_rate'), { class: 'num' }),
        td(vol(b, 'tco'), { class: 'num' }),
        td(b.payback_month ? `month ${b.payback_month}` : 'none', { class: 'num' }),
      ];
    }),
  );
}

/** A portfolio's strategies class by class (nothing for a report without portfolios). */
function classSection(r: Report): string {
  const rows = byClassRows(r);
  if (!rows.length) return '';
  return section(
    'by-class',
    'By request class',
    lead(
      'What each class costs under each strategy over the horizon, and where its calls go. A deployment several classes share is attributed by replica-seconds, overheads by calls.',
    ),
    table(
      'data',
      BY_CLASS_TITLE,
      BY_CLASS_HEADER.map((text, i) => ({ text, num: BY_CLASS_ALIGN[i] === 'right' })),
      rows.map((row) => row.map((c, i) => td(c, BY_CLASS_ALIGN[i] === 'right' ? { class: 'num' } : {}))),
    ),
  );
}

function capacitySection(r: Report): string {
  const chart = capacityChart(r);
  if (!chart) return '';
  const rows = r.strategies.flatMap((s) =>
    capacityRuns(s).map((run) => [
      td(strategyName(s.id)),
      td(run.from === run.to ? `${run.from}` : `${run.from}–${run.to}`),
      tdNum(String(run.replicas), String(run.replicas)),
      td(`${run.gpus_per_replica} × ${run.gpu}`),
      tdNum(String(run.gpus), String(run.gpus)),
      td(run.minUtil.eq(run.maxUtil) ? pct(run.minUtil) : `${pct(run.minUtil)} – ${pct(run.maxUtil)}`, {
        class: 'num',
      }),
    ]),
  );
  return section(
    'capacity',
    'Capacity',
    lead(
      'GPU replicas billed each month to serve the peak at the target utilisation (never below the minimum kept for availability).',
    ),
    figure(chart),
    table(
      'data',
      'Capacity by stretch of months',
      [
        { text: 'Strategy' },
        { text: 'Months' },
        { text: 'Replicas', num: true },
        { text: 'GPUs per replica' },
        { text: 'GPUs', num: true },
        { text: 'Average utilisation', num: true },
      ],
      rows,
    ),
  );
}

function assumptionsTable(r: Report): string {
  return table(
    'data sortable',
    'Inputs',
    [
      { text: 'Input', sortable: true },
      { text: 'Value', sortable: true },
      { text: 'Set by', sortable: true },
    ],
    r.assumptions.map((a) => [
      el('td', {}, el('code', {}, esc(a.field))),
      td(a.value),
      td(a.source === 'default' ? 'default' : a.source),
    ]),
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Whole days from `asOf` (YYYY-MM-DD) to `today`, both read as UTC dates. */
export function ageInDays(asOf: string, today: Date): number | null {
  const t = Date.parse(`${asOf}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  const d = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.floor((d - t) / 86_400_000);
}

function ageText(days: number | null): string {
  if (days === null) return 'unknown';
  if (days < 0) return 'dated in the future';
  const text = days === 1 ? '1 day' : `${days} days`;
  return days > STALE_AFTER_DAYS ? `${text} — stale, check it` : text;
}

const KIND_LABELS: Record<Report['pricing_used'][number]['kind'], string> = {
  api_model: 'API model',
  gpu_price: 'GPU price',
  throughput_profile: 'Throughput',
  open_model: 'Open model',
};

/** Source text with any http(s) address made a link (a link is fetched only if someone follows it). */
export function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s,;()<>"']+)/g)
    .map((part, i) =>
      i % 2 === 1 ? el('a', { href: part.replace(/[.]+$/, ''), rel: 'noreferrer noopener' }, esc(part)) : esc(part),
    )
    .join('');
}

function pricingTable(r: Report, today: Date | undefined): string {
  return table(
    'data',
    'Pricing rows',
    [
      { text: 'Kind' },
      { text: 'Row' },
      { text: 'As of' },
      ...(today ? [{ text: 'Age', num: true }] : []),
      { text: 'Source' },
      { text: 'File' },
    ],
    r.pricing_used.map((p) => {
      const days = today ? ageInDays(p.as_of, today) : null;
      return [
        td(KIND_LABELS[p.kind]),
        el('td', {}, el('code', {}, esc(p.id))),
        td(p.as_of, { class: 'date' }),
        ...(today
          ? [
              el(
                'td',
                { class: days !== null && days > STALE_AFTER_DAYS ? 'num stale' : 'num', 'data-v': String(days ?? '') },
                esc(ageText(days)),
              ),
            ]
          : []),
        el('td', { class: 'source' }, linkify(p.source)),
        el('td', {}, el('code', {}, esc(p.file))),
      ];
    }),
  );
}

/** Quantities as people read them: grouped digits, up to four decimals, no trailing zeros. */
function quantity(q: D): string {
  const s = formatNumber(q, 4);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function lineItemsTable(r: Report): string {
  const rows: string[][] = [];
  for (const s of r.strategies) {
    const cents = strategyCents(s).items;
    s.months.forEach((m, i) =>
      m.items.forEach((it, j) => rows.push(lineItemRow(s, m.month, m.period, it, cents[i]![j]!, r.currency))),
    );
  }
  return table(
    'data sortable line-items',
    `${rows.length} line items (${r.currency})`,
    [
      { text: 'Strategy', sortable: true },
      { text: 'Month', num: true, sortable: true },
      { text: 'Category', sortable: true },
      { text: 'Item', sortable: true },
      { text: 'Quantity', num: true, sortable: true },
      { text: 'Unit', sortable: true },
      { text: 'Unit price', num: true, sortable: true },
      { text: 'Cost', num: true, sortable: true },
      { text: 'Source', sortable: true },
    ],
    rows,
  );
}

/** Unit prices exactly as priced (they can be fractions of a cent), with grouped dollars: $16,666.666667. */
function unitPrice(p: D, currency: string): string {
  const [whole, frac] = toPlain(p.abs()).split('.');
  return `${p.isNegative() ? '-' : ''}${currencySymbol(currency)}${(whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

function lineItemRow(
  s: StrategyResult,
  month: number,
  period: string | null,
  it: LineItem,
  cents: D,
  currency: string,
): string[] {
  return [
    td(s.id),
    tdNum(period ?? String(month), String(month)),
    td(CATEGORY_LABELS[it.category]),
    td(it.name),
    tdNum(quantity(it.quantity), toPlain(it.quantity)),
    td(it.unit),
    tdNum(unitPrice(it.unit_price, currency), toPlain(it.unit_price)),
    tdNum(formatUsd(cents, 2, currency), toPlain(it.cost)),
    el('td', { class: 'source' }, esc(it.source)),
  ];
}
