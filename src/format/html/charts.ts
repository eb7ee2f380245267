// The report's charts as SVG. Each series differs in colour AND in dash pattern and marker shape, each
// category in colour AND fill pattern, and every chart carries a <title> and a <desc> that says in
// words what it shows, so nothing depends on seeing colour. Pixel positions are floats (drawing only);
// every printed amount comes from the report's exact Decimals or is a round tick value.
import type { StrategyCurve } from '../../engine/curves.js';
import { Decimal, formatNumber, formatUsd, ZERO } from '../../money.js';
import { amount, amountShort } from '../amount.js';
import { breakEvenIds, type Report, type StrategyResult } from '../../report/model.js';
import { CATEGORIES, isOptionalCategory, type Category, type StrategyId } from '../../vocabulary.js';
import { monthTicks, niceTicks, tickCount, tickUsd } from '../charts/scale.js';
import { CATEGORY_LABELS } from '../labels.js';
import { el, esc, inner, label, linearScale, marker, polyline, px, svgChart, xAxis, yAxis, type Frame } from './svg.js';
import { strategyCents } from '../../report/cents.js';

type StrategyLook = { color: string; dash: string | undefined; shape: 'circle' | 'square' | 'triangle' };

const STRATEGY_LOOK: Readonly<Record<string, StrategyLook>> = {
  api: { color: '#0072B2', dash: undefined, shape: 'circle' },
  self_hosted: { color: '#C24E00', dash: '9 5', shape: 'square' },
  hybrid: { color: '#007A5A', dash: '2 4', shape: 'triangle' },
  api_same_model: { color: '#56B4E9', dash: '6 2 1 2', shape: 'circle' },
};

/** User-defined portfolios (scenario `strategies:`): Okabe–Ito colours the built-in three do not use. */
const EXTRA_LOOKS: readonly StrategyLook[] = [
  { color: '#A3387A', dash: '6 3 2 3', shape: 'circle' },
  { color: '#5A5A00', dash: '12 4', shape: 'square' },
  { color: '#3E5FA8', dash: '1 3', shape: 'triangle' },
  { color: '#8A4B08', dash: '4 2 4 6', shape: 'square' },
];

/** How a strategy's series looks: fixed for the built-in ones, from its name for a portfolio. */
export function strategyLook(id: StrategyId): StrategyLook {
  const own = STRATEGY_LOOK[id];
  if (own) return own;
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return EXTRA_LOOKS[h % EXTRA_LOOKS.length]!;
}

/** Category colours (Okabe–Ito based, darkened for contrast on white) and a fill pattern each. */
export const CATEGORY_LOOK: Record<
  Category,
  { color: string; pattern: 'solid' | 'diagonal' | 'dots' | 'horizontal' | 'cross' | 'vertical' }
> = {
  api_tokens: { color: '#0072B2', pattern: 'solid' },
  gpu: { color: '#C24E00', pattern: 'diagonal' },
  capital: { color: '#8C2D04', pattern: 'solid' },
  depreciation: { color: '#8C2D04', pattern: 'diagonal' },
  energy: { color: '#007A5E', pattern: 'dots' },
  hosting: { color: '#5B6B00', pattern: 'horizontal' },
  maintenance: { color: '#7A4B00', pattern: 'cross' },
  residual: { color: '#2F6F8F', pattern: 'vertical' },
  staff: { color: '#6A3D9A', pattern: 'dots' },
  fine_tuning: { color: '#B07800', pattern: 'horizontal' },
  overhead: { color: '#4D5A63', pattern: 'cross' },
  one_time: { color: '#1A1A1A', pattern: 'vertical' },
  commitment_after_horizon: { color: '#C24E00', pattern: 'cross' },
};

const STRATEGY_NAMES: Readonly<Record<string, string>> = {
  api: 'Hosted API',
  self_hosted: 'Self-hosted',
  hybrid: 'Hybrid',
  api_same_model: 'Same model, hosted API',
};
/** A built-in strategy's name, or a portfolio's own (its id as the scenario names it). */
export const strategyName = (id: StrategyId): string => STRATEGY_NAMES[id] ?? id;

/** SVG <pattern>s for the category fills: a colour with white lines or dots over it. */
export function categoryPatterns(prefix: string, present: readonly Category[] = []): string {
  // Owned-hardware categories get a pattern only when a chart draws them (rented reports unchanged).
  const defs = CATEGORIES.filter((c) => !isOptionalCategory(c) || present.includes(c)).map((c) => {
    const { color, pattern } = CATEGORY_LOOK[c];
    const id = `${prefix}-${c}`;
    const bg = el('rect', { width: 8, height: 8, fill: color });
    const line = (a: Record<string, number>) => el('line', { ...a, stroke: '#fff', 'stroke-width': 1.6 });
    const marks: Record<typeof pattern, string> = {
      solid: '',
      diagonal:
        line({ x1: 0, y1: 8, x2: 8, y2: 0 }) +
        line({ x1: -2, y1: 2, x2: 2, y2: -2 }) +
        line({ x1: 6, y1: 10, x2: 10, y2: 6 }),
      dots: el('circle', { cx: 4, cy: 4, r: 1.5, fill: '#fff' }),
      horizontal: line({ x1: 0, y1: 4, x2: 8, y2: 4 }),
      cross: line({ x1: 0, y1: 0, x2: 8, y2: 8 }) + line({ x1: 0, y1: 8, x2: 8, y2: 0 }),
      vertical: line({ x1: 4, y1: 0, x2: 4, y2: 8 }),
    };
    return el('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, bg, marks[pattern]);
  });
  return el('defs', {}, ...defs);
}

const toNum = (d: Decimal) => d.toNumber();

/** Spread labels vertically so none overlaps the one above (keeps order). */
function spread(ys: number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) if (order[k]!.y - order[k - 1]!.y < gap) order[k]!.y = order[k - 1]!.y + gap;
  const overflow = order.length ? order[order.length - 1]!.y - max : 0;
  if (overflow > 0) for (const o of order) o.y -= overflow;
  for (const o of order) o.y = Math.max(min, o.y);
  const out = [...ys];
  for (const o of order) out[o.i] = o.y;
  return out;
}

function seriesLine(id: StrategyId, pts: ReadonlyArray<readonly [number, number]>, every: number): string {
  const look = strategyLook(id);
  const marks = pts
    .filter((_, i) => i % every === 0 || i === pts.length - 1)
    .map(([x, y]) => marker(look.shape, x, y, 4, { fill: look.color, stroke: '#fff', 'stroke-width': 1 }));
  return el(
    'g',
    { class: `series series-${id}` },
    polyline(pts, {
      stroke: look.color,
      'stroke-width': 2.5,
      'stroke-dasharray': look.dash,
      'stroke-linejoin': 'round',
    }),
    ...marks,
  );
}

function legendItems(ids: readonly StrategyId[], x: number, y: number): string {
  let cx = x;
  return ids
    .map((id) => {
      const look = strategyLook(id);
      const g = el(
        'g',
        { class: 'legend-item' },
        el('line', {
          x1: cx,
          x2: cx + 30,
          y1: y,
          y2: y,
          stroke: look.color,
          'stroke-width': 2.5,
          'stroke-dasharray': look.dash,
        }),
        marker(look.shape, cx + 15, y, 4, { fill: look.color, stroke: '#fff', 'stroke-width': 1 }),
        label(cx + 36, y + 4, strategyName(id)),
      );
      cx += 50 + strategyName(id).length * 7.5;
      return g;
    })
    .join('');
}

/** Cumulative cost per strategy, month 0 to the horizon, with each payback month marked. */
export function cumulativeChart(r: Report): string {
  const n = r.horizon_months;
  // Months worth a rule: when each strategy pays back, and when the volume first reaches its
  // run-rate break-even. Strategies sharing a month share a line of text.
  const group = (pick: (k: StrategyId) => number | null) => {
    const byMonth = new Map<number, StrategyId[]>();
    for (const k of breakEvenIds(r)) {
      const m = r.break_even[k] ? pick(k) : null;
      if (m) byMonth.set(m, [...(byMonth.get(m) ?? []), k]);
    }
    return byMonth;
  };
  const names = (ids: StrategyId[]) => {
    const n = ids.map(strategyName);
    return n.length < 3 ? n.join(' and ') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
  };
  const paybacks = group((k) => r.break_even[k]!.payback_month);
  const crossings = group((k) => volumeReaches(r, r.break_even[k]!.run_rate.calls_per_month));
  const notes: Array<{ month: number; text: string }> = [
    ...[...paybacks].map(([m, ids]) => ({
      month: m,
      text: `${names(ids)} ${ids.length > 1 ? 'pay' : 'pays'} back in month ${m}`,
    })),
    ...[...crossings].map(([m, ids]) => ({
      month: m,
      text:
        m === 1
          ? `volume is above the ${names(ids)} break-even from month 1`
          : `volume reaches the ${names(ids)} break-even in month ${m}`,
    })),
  ].sort((a, b) => a.month - b.month); // read top to bottom in time order
  const f: Frame = {
    width: 960,
    height: 380 + 15 * notes.length,
    margin: { top: 40 + 15 * notes.length, right: 190, bottom: 52, left: 84 },
  };
  const { x0, x1, y0, y1 } = inner(f);
  const cum = r.strategies.map((s) => {
    let t = ZERO;
    return [ZERO, ...s.months.map((m) => (t = t.plus(m.cost)))];
  });
  const maxY = Math.max(1, ...cum.flat().map(toNum));
  const yTicks = niceTicks(0, maxY, 5);
  const x = linearScale([0, n], [x0, x1]);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const every = Math.max(1, Math.ceil(n / 24));
  const body: string[] = [
    yAxis(f, y, yTicks, tickUsd, 'Cumulative cost (USD)'),
    xAxis(f, x, monthTicks(0, n, 12), (v) => String(v), 'Month'),
  ];
  notes.forEach((note, k) => {
    const ty = y1 - 10 - 15 * (notes.length - 1 - k);
    const right = x(note.month) > (x0 + x1) / 2;
    body.push(
      el(
        'g',
        { class: 'month-note' },
        el('line', { x1: x(note.month), x2: x(note.month), y1: y0, y2: ty + 4, class: 'rule' }),
        label(x(note.month) + (right ? -4 : 4), ty, right ? `${note.text} ▼` : `▼ ${note.text}`, {
          class: 'note halo',
          'text-anchor': right ? 'end' : 'start',
        }),
      ),
    );
  });
  r.strategies.forEach((s, i) =>
    body.push(
      seriesLine(
        s.id,
        cum[i]!.map((v, m) => [x(m), y(toNum(v))] as const),
        every,
      ),
    ),
  );
  for (const [m, ids] of paybacks)
    for (const id of ids) {
      const i = r.strategies.findIndex((s) => s.id === id);
      body.push(
        el('circle', {
          cx: x(m),
          cy: y(toNum(cum[i]![m]!)),
          r: 8,
          fill: 'none',
          stroke: '#1a1a1a',
          'stroke-width': 1.5,
          class: 'payback-ring',
        }),
      );
    }
  const ends = spread(
    cum.map((c) => y(toNum(c[n]!))),
    30,
    y1,
    y0 - 10,
  );
  r.strategies.forEach((s, i) => {
    body.push(label(x1 + 12, ends[i]!, strategyName(s.id), { class: 'end-label' }));
    body.push(label(x1 + 12, ends[i]! + 14, amount(s, s.tco, 0, r.currency), { class: 'end-value' }));
  });
  body.push(
    legendItems(
      r.strategies.map((s) => s.id),
      x0,
      16,
    ),
  );

  const desc =
    `Line chart of cumulative cost in US dollars over ${n} months. After month ${n}: ` +
    r.strategies.map((s) => `${strategyName(s.id)} ${amount(s, s.tco, 2, r.currency)}`).join('; ') +
    '. ' +
    breakEvenIds(r)
      .map(
        (k) =>
          `${strategyName(k)} ${r.break_even[k]!.payback_month ? `pays back in month ${r.break_even[k]!.payback_month}` : `does not pay back within ${n} months`}`,
      )
      .join('; ') +
    '.' +
    notes
      .filter((t) => t.text.startsWith('volume'))
      .map((t) => ` The monthly ${t.text}.`)
      .join('');
  return svgChart('chart-cumulative', f, `Cumulative cost per strategy over ${n} months`, desc, body.join(''));
}

/** The first month whose volume is at or above `calls` (null when none is, or there is no break-even). */
export function volumeReaches(r: Report, calls: Decimal | null): number | null {
  if (!calls) return null;
  const months = r.strategies[0]?.months ?? [];
  return months.find((m) => m.calls.gte(calls))?.month ?? null;
}

/** Monthly cost stacked by category: one panel per strategy, all on the same scale. */
export function monthlyStackedChart(r: Report): string {
  const panels = r.strategies.length;
  const f: Frame = { width: 960, height: 380, margin: { top: 64, right: 16, bottom: 52, left: 84 } };
  const { x0, x1, y0, y1 } = inner(f);
  const n = r.horizon_months;
  const maxY = Math.max(1, ...r.strategies.flatMap((s) => s.months.map((m) => toNum(m.cost))));
  const yTicks = niceTicks(0, maxY, 5);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const gap = 24;
  const panelW = (x1 - x0 - gap * (panels - 1)) / panels;
  const present = CATEGORIES.filter((c) => r.strategies.some((s) => !s.by_category[c].isZero()));
  const body: string[] = [categoryPatterns('pat', present), yAxis(f, y, yTicks, tickUsd, 'Monthly cost (USD)')];
  r.strategies.forEach((s, p) => {
    const left = x0 + p * (panelW + gap);
    const band = panelW / n;
    const parts: string[] = [
      label(left + panelW / 2, y1 - 8, `${strategyName(s.id)} · ${amountShort(s, s.tco)} total`, {
        'text-anchor': 'middle',
        class: 'panel-title',
      }),
    ];
    // One path per category per panel: a pattern fill is costly in a printed PDF, so it is used
    // ~18 times rather than once per bar (10 MB → a few hundred kB). Hover titles sit on a clear
    // rectangle per month.
    const shapes = new Map<Category, string[]>();
    const tips: string[] = [];
    const plan = strategyCents(s);
    s.months.forEach((m, i) => {
      let base = 0;
      const bx = left + i * band + band * 0.12;
      const bw = band * 0.76;
      const lines: string[] = [];
      for (const c of present) {
        const v = m.items.filter((it) => it.category === c).reduce((a, it) => a.plus(it.cost), ZERO);
        if (v.isZero()) continue;
        // The tooltip prints the cents every view prints: the sum of this category's item cents.
        const shown = m.items.reduce((a, it, j) => (it.category === c ? a.plus(plan.items[i]![j]!) : a), ZERO);
        const top = base + toNum(v);
        const h = Math.max(0.5, y(base) - y(top));
        shapes.set(c, [...(shapes.get(c) ?? []), `M${px(bx)} ${px(y(base) - h)}h${px(bw)}v${px(h)}h${px(-bw)}z`]);
        lines.push(`${CATEGORY_LABELS[c]} ${formatUsd(shown, 2, r.currency)}`);
        base = top;
      }
      tips.push(
        el(
          'rect',
          { x: bx, y: y(base), width: bw, height: y0 - y(base), fill: 'transparent' },
          el(
            'title',
            {},
            esc(
              `${strategyName(s.id)}, month ${m.month}: ${formatUsd(plan.months[i]!, 2, r.currency)} (${lines.join(', ')})`,
            ),
          ),
        ),
      );
    });
    for (const c of present) {
      const d = shapes.get(c);
      if (d) parts.push(el('path', { d: d.join(''), fill: `url(#pat-${c})` }));
    }
    parts.push(...tips);
    const x = linearScale([0.5, n + 0.5], [left, left + panelW]);
    for (const t of monthTicks(1, n, 4))
      parts.push(
        el('line', { x1: x(t), x2: x(t), y1: y0, y2: y0 + 5, class: 'axis' }),
        label(x(t), y0 + 19, String(t), { 'text-anchor': 'middle' }),
      );
    parts.push(el('line', { x1: left, x2: left + panelW, y1: y0, y2: y0, class: 'axis' }));
    body.push(el('g', { class: `panel panel-${s.id}` }, ...parts));
  });
  body.push(label((x0 + x1) / 2, f.height - 6, 'Month', { class: 'unit', 'text-anchor': 'middle' }));
  body.push(categoryLegend(present, x0, 16));
  const desc =
    `Stacked bar charts of monthly cost in US dollars by category, one panel per strategy, months 1 to ${n}. Totals by category over the horizon: ` +
    r.strategies
      .map(
        (s) =>
          `${strategyName(s.id)}: ${present
            .filter((c) => !s.by_category[c].isZero())
            .map((c) => `${CATEGORY_LABELS[c]} ${formatUsd(s.by_category[c], 2, r.currency)}`)
            .join(', ')}`,
      )
      .join('; ') +
    '.';
  return svgChart('chart-monthly', f, 'Monthly cost by category per strategy', desc, body.join(''));
}

function categoryLegend(cats: readonly Category[], x: number, y: number): string {
  let cx = x;
  return cats
    .map((c) => {
      const g = el(
        'g',
        { class: 'legend-item' },
        el('rect', {
          x: cx,
          y: y - 9,
          width: 18,
          height: 14,
          fill: `url(#pat-${c})`,
          stroke: '#1a1a1a',
          'stroke-width': 0.5,
        }),
        label(cx + 24, y + 3, CATEGORY_LABELS[c]),
      );
      cx += 40 + CATEGORY_LABELS[c].length * 7.5;
      return g;
    })
    .join('');
}

/** The volume range the break-even chart spans: past the scenario's peak month and every break-even. */
export function breakEvenChartLimit(r: Report): Decimal {
  let hi = ZERO;
  for (const s of r.strategies) for (const m of s.months) if (m.calls.gt(hi)) hi = m.calls;
  for (const b of Object.values(r.break_even)) if (b?.run_rate.calls_per_month?.gt(hi)) hi = b.run_rate.calls_per_month;
  const ticks = niceTicks(0, Math.max(1, hi.times(1.15).toNumber()), 6);
  return new Decimal(ticks[ticks.length - 1]!);
}

/**
 * Steady-month cost against monthly volume: the API's straight line, the self-hosted step function
 * (one step per replica), the run-rate break-even volumes and the band of volumes the scenario runs.
 */
export function breakEvenChart(r: Report, curves: readonly StrategyCurve[]): string {
  const f: Frame = { width: 960, height: 420, margin: { top: 44, right: 190, bottom: 52, left: 84 } };
  const { x0, x1, y0, y1 } = inner(f);
  const maxX = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => toNum(p.calls))));
  const maxY = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => toNum(p.cost))));
  const xTicks = niceTicks(0, maxX, 6);
  const yTicks = niceTicks(0, maxY, 5);
  const x = linearScale([0, xTicks[xTicks.length - 1]!], [x0, x1]);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const body: string[] = [];
  const first = r.strategies[0];
  if (first?.months.length) {
    const lo = Math.min(...first.months.map((m) => toNum(m.calls)));
    const hi = Math.max(...first.months.map((m) => toNum(m.calls)));
    body.push(
      el(
        'g',
        { class: 'range' },
        el('rect', { x: x(lo), y: y1, width: Math.max(2, x(hi) - x(lo)), height: y0 - y1, class: 'band' }),
        label(x(lo) + 6, y0 - 24, `this scenario, months 1–${r.horizon_months}:`, { class: 'note halo' }),
        label(x(lo) + 6, y0 - 10, `${tickCount(lo)}–${tickCount(hi)} calls/month`, { class: 'note halo' }),
      ),
    );
  }
  body.push(
    yAxis(f, y, yTicks, tickUsd, 'Steady monthly cost (USD)'),
    xAxis(f, x, xTicks, tickCount, 'LLM calls per month'),
  );
  for (const c of curves) {
    const look = strategyLook(c.id);
    const pts = c.points.map((p) => [x(toNum(p.calls)), y(toNum(p.cost))] as const);
    body.push(
      el(
        'g',
        { class: `series series-${c.id}` },
        polyline(pts, {
          stroke: look.color,
          'stroke-width': 2.5,
          'stroke-dasharray': look.dash,
          'stroke-linejoin': 'miter',
        }),
      ),
    );
    // Replica counts above the step segments wide enough to hold them.
    if (c.id === 'self_hosted') {
      for (let i = 0; i < c.points.length - 1; i++) {
        const a = c.points[i]!;
        const b = c.points[i + 1]!;
        if (a.calls.eq(b.calls) || a.replicas === undefined) continue;
        const w = x(toNum(b.calls)) - x(toNum(a.calls));
        if (w < 44) continue;
        const mx = (x(toNum(a.calls)) + x(toNum(b.calls))) / 2;
        const my = Math.max(y(toNum(a.cost)), y(toNum(b.cost))) + 16; // under the step: the break-even labels sit above
        body.push(
          label(mx, my, `${a.replicas} replica${a.replicas === 1 ? '' : 's'}`, {
            'text-anchor': 'middle',
            class: 'step-label halo',
          }),
        );
      }
    }
  }
  const ends = spread(
    curves.map((c) => y(toNum(c.points[c.points.length - 1]!.cost))),
    18,
    y1,
    y0 - 10,
  );
  curves.forEach((c, i) => body.push(label(x1 + 12, ends[i]!, strategyName(c.id), { class: 'end-label' })));
  const notes: string[] = [];
  let row = 0;
  for (const k of breakEvenIds(r)) {
    const be = r.break_even[k];
    const v = be?.run_rate.calls_per_month;
    const curve = curves.find((c) => c.id === k);
    if (!be || !v || !curve) continue;
    const cost = curveAt(curve, v);
    const look = strategyLook(k);
    const [bx, by] = [x(toNum(v)), y(toNum(cost))];
    // The crossing gets a diamond and its short volume; the full figure is listed top left.
    body.push(
      el(
        'g',
        { class: 'break-even' },
        el('line', { x1: bx, x2: bx, y1: y0, y2: by, class: 'rule' }),
        marker('diamond', bx, by, 6, { fill: '#fff', stroke: look.color, 'stroke-width': 2 }),
        label(bx, by - 12, tickCount(toNum(v)), { 'text-anchor': 'middle', class: 'note halo' }),
        marker('diamond', x0 + 16, y1 + 14 + row * 20, 6, { fill: '#fff', stroke: look.color, 'stroke-width': 2 }),
        label(x0 + 28, y1 + 19 + row * 20, `${strategyName(k)} break-even: ${formatNumber(v)} calls/month`, {
          class: 'note halo',
        }),
      ),
    );
    row++;
    notes.push(`${strategyName(k)} costs the same as the API at ${formatNumber(v)} calls a month and less above it`);
  }
  body.push(
    legendItems(
      curves.map((c) => c.id),
      x0,
      16,
    ),
  );
  const sh = curves.find((c) => c.id === 'self_hosted');
  const desc =
    'Line chart of the steady monthly cost (recurring costs, periodic ones spread evenly) against monthly volume in LLM calls. ' +
    (sh?.calls_per_step
      ? `Self-hosted cost rises in steps: one more GPU replica every ${formatNumber(sh.calls_per_step)} calls a month. `
      : '') +
    (notes.length ? `${notes.join('; ')}. ` : 'No run-rate break-even against the API. ') +
    (first
      ? `The scenario runs ${formatNumber(first.months[0]!.calls)} to ${formatNumber(first.months[first.months.length - 1]!.calls)} calls a month.`
      : '');
  return svgChart('chart-break-even', f, 'Break-even: steady monthly cost against monthly volume', desc, body.join(''));
}

/** Cost on a vertex curve at `calls` (the upper value at a step boundary). */
function curveAt(c: StrategyCurve, calls: Decimal): Decimal {
  const pts = c.points;
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    if (calls.gte(a.calls) && calls.lte(b.calls) && !a.calls.eq(b.calls)) {
      return a.cost.plus(b.cost.minus(a.cost).times(calls.minus(a.calls)).div(b.calls.minus(a.calls)));
    }
  }
  return pts[pts.length - 1]!.cost;
}

/** Replicas per month for every strategy that runs GPUs, as grouped bars with the count on each. */
export function capacityChart(r: Report): string | null {
  const withCap = r.strategies.filter((s) => s.months.some((m) => m.capacity));
  if (!withCap.length) return null;
  const f: Frame = { width: 960, height: 300, margin: { top: 44, right: 16, bottom: 52, left: 84 } };
  const { x0, x1, y0, y1 } = inner(f);
  const n = r.horizon_months;
  const maxR = Math.max(1, ...withCap.flatMap((s) => s.months.map((m) => m.capacity?.replicas ?? 0)));
  const yTicks = niceTicks(0, maxR, Math.min(5, maxR)).filter((t) => Number.isInteger(t));
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const band = (x1 - x0) / n;
  const body: string[] = [yAxis(f, y, yTicks, (v) => String(v), 'GPU replicas')];
  const bw = (band * 0.8) / withCap.length;
  withCap.forEach((s, k) => {
    const look = strategyLook(s.id);
    const bars = s.months.map((m, i) => {
      const c = m.capacity;
      if (!c) return '';
      const bx = x0 + i * band + band * 0.1 + k * bw;
      const tip = `${strategyName(s.id)}, month ${m.month}: ${c.replicas} replica${c.replicas === 1 ? '' : 's'} × ${c.gpus_per_replica} ${c.gpu} = ${c.gpus} GPUs, ${formatNumber(c.utilization.times(100), 0)}% utilised`;
      return el(
        'g',
        {},
        el(
          'rect',
          {
            x: bx,
            y: y(c.replicas),
            width: bw - 1,
            height: y0 - y(c.replicas),
            fill: look.color,
            'fill-opacity': k === 0 ? 1 : 0.55,
            stroke: look.color,
          },
          el('title', {}, esc(tip)),
        ),
        bw >= 11
          ? label(bx + (bw - 1) / 2, y(c.replicas) - 4, String(c.replicas), {
              'text-anchor': 'middle',
              class: 'bar-value',
            })
          : '',
      );
    });
    body.push(el('g', { class: `series series-${s.id}` }, ...bars));
  });
  const x = linearScale([0.5, n + 0.5], [x0, x1]);
  body.push(xAxis(f, x, monthTicks(1, n, 12), (v) => String(v), 'Month'));
  let cx = x0;
  for (const [k, s] of withCap.entries()) {
    const look = strategyLook(s.id);
    body.push(
      el('rect', {
        x: cx,
        y: 8,
        width: 18,
        height: 14,
        fill: look.color,
        'fill-opacity': k === 0 ? 1 : 0.55,
        stroke: look.color,
      }),
      label(
        cx + 24,
        20,
        `${strategyName(s.id)}${withCap.length > 1 ? (k === 0 ? ' (solid, left bar)' : ' (light, right bar)') : ''}`,
      ),
    );
    cx += 260;
  }
  const desc =
    `Bar chart of GPU replicas billed each month. ` +
    withCap
      .map(
        (s) =>
          `${strategyName(s.id)}: ${capacityRuns(s)
            .map(
              (run) =>
                `${run.replicas} replica${run.replicas === 1 ? '' : 's'} of ${run.gpu} in ${run.from === run.to ? `month ${run.from}` : `months ${run.from}–${run.to}`}`,
            )
            .join(', ')}`,
      )
      .join('; ') +
    '.';
  return svgChart('chart-capacity', f, 'GPU replicas per month', desc, body.join(''));
}

export interface CapacityRun {
  from: number;
  to: number;
  replicas: number;
  gpus: number;
  gpu: string;
  gpus_per_replica: number;
  minUtil: Decimal;
  maxUtil: Decimal;
}

/** Consecutive months with the same replicas, for a short capacity table. */
export function capacityRuns(s: StrategyResult): CapacityRun[] {
  const runs: CapacityRun[] = [];
  for (const m of s.months) {
    const c = m.capacity;
    if (!c) continue;
    const last = runs[runs.length - 1];
    if (last && last.replicas === c.replicas && last.gpu === c.gpu && last.to === m.month - 1) {
      last.to = m.month;
      if (c.utilization.lt(last.minUtil)) last.minUtil = c.utilization;
      if (c.utilization.gt(last.maxUtil)) last.maxUtil = c.utilization;
    } else
      runs.push({
        from: m.month,
        to: m.month,
        replicas: c.replicas,
        gpus: c.gpus,
        gpu: c.gpu,
        gpus_per_replica: c.gpus_per_replica,
        minUtil: c.utilization,
        maxUtil: c.utilization,
      });
  }
  return runs;
}
