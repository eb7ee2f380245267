// The HTML report's Plan section (when the scenario has a `plan:` block): the timeline, the switches,
// the plan's TCO against each strategy alone, why each switch falls in its month, and a chart of
// cumulative cost with the switches marked. The words are the terminal formats' (format/plan.ts).
import { type Decimal, formatUsd, ZERO } from '../../money.js';
import type { Report } from '../../report/model.js';
import type { PlanReport } from '../../report/plan.js';
import { amount } from '../amount.js';
import { monthTicks, niceTicks, tickUsd } from '../charts/scale.js';
import { explanation, timeline } from '../plan.js';
import { strategyLook, strategyName } from './charts.js';
import { el, esc, inner, label, linearScale, polyline, svgChart, xAxis, yAxis, type Frame } from './svg.js';

export function planSection(p: PlanReport, r: Report): string {
  const b = p.plan;
  const lead = b.free_switching
    ? 'The scenario has no plan: block, so every strategy may switch to every other at no cost and with no ' +
      'lead time: a lower bound on any real plan.'
    : `The cheapest month-by-month path from ${b.start}, with the switches the scenario allows, their costs ` +
      'and lead times.';
  const cell = (text: string, num = false) => el('td', num ? { class: 'num' } : {}, esc(text));
  const head = (cols: string[]) =>
    el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { scope: 'col' }, esc(c)))));
  const switches = b.switches.length
    ? el(
        'table',
        { class: 'plan-switches' },
        el('caption', {}, 'Switches'),
        head(['Month', 'From', 'To', 'One-time', 'Lead cost', 'Setup', 'Reserved after', 'Paid back']),
        el(
          'tbody',
          {},
          ...b.switches.map((s) =>
            el(
              'tr',
              {},
              cell(String(s.month), true),
              cell(s.from),
              cell(s.to),
              cell(formatUsd(s.one_time), true),
              cell(`${formatUsd(s.lead_cost)} (${s.lead_months} mo)`, true),
              cell(formatUsd(s.setup_cost), true),
              cell(formatUsd(s.commitment_cost), true),
              cell(s.payback_month === null ? '-' : `month ${s.payback_month}`),
            ),
          ),
        ),
      )
    : '';
  const totals = el(
    'table',
    { class: 'plan-totals' },
    el('caption', {}, `${p.horizon_months}-month TCO`),
    head(['Path', 'USD']),
    el(
      'tbody',
      {},
      el('tr', {}, cell('plan'), cell(amount(b, b.tco), true)),
      ...r.strategies.map((s) => el('tr', {}, cell(`${s.id} alone`), cell(amount(s, s.tco), true))),
    ),
  );
  return el(
    'section',
    { id: 'plan', 'aria-labelledby': 'plan-h' },
    el('h2', { id: 'plan-h' }, 'Plan'),
    el('p', { class: 'lead' }, esc(lead)),
    el('ul', { class: 'plan-timeline' }, ...timeline(p).map((l) => el('li', {}, esc(l)))),
    el('figure', { class: 'chart-box' }, planChart(p, r)),
    switches,
    totals,
    el('ul', { class: 'plan-why' }, ...explanation(p).map((l) => el('li', {}, esc(l)))),
  );
}

/** Cumulative cost of the plan and of its start and the best single strategy, switch months ruled. */
function planChart(p: PlanReport, r: Report): string {
  const n = p.horizon_months;
  const f: Frame = { width: 960, height: 380, margin: { top: 40, right: 190, bottom: 52, left: 84 } };
  const { x0, x1, y0, y1 } = inner(f);
  const cum = (costs: readonly Decimal[]) => {
    let t = ZERO;
    // Drawing positions only: the exact sums are rounded to floats here and nowhere else.
    return [0, ...costs.map((c) => (t = t.plus(c)).toNumber())];
  };
  const ids = [...new Set([p.plan.start, p.plan.versus_static.strategy])];
  const series = [
    { name: 'Plan', values: cum(p.plan.months.map((m) => m.cost)), attrs: { stroke: '#1a1a1a', 'stroke-width': 3.5 } },
    ...ids.map((id) => {
      const look = strategyLook(id);
      const values = cum(r.strategies.find((s) => s.id === id)!.months.map((m) => m.cost));
      return {
        name: `${strategyName(id)} alone`,
        values,
        attrs: { stroke: look.color, 'stroke-width': 2, ...(look.dash ? { 'stroke-dasharray': look.dash } : {}) },
      };
    }),
  ];
  const yTicks = niceTicks(0, Math.max(1, ...series.flatMap((s) => s.values)), 5);
  const x = linearScale([0, n], [x0, x1]);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const body = [
    yAxis(f, y, yTicks, tickUsd, 'Cumulative cost (USD)'),
    xAxis(f, x, monthTicks(0, n, 12), String, 'Month'),
  ];
  for (const s of p.plan.switches) {
    body.push(el('line', { x1: x(s.month - 1), x2: x(s.month - 1), y1: y0, y2: y1, class: 'rule' }));
    body.push(
      label(x(s.month - 1) + 4, y1 + 12, `switch month ${s.month}: ${s.from} → ${s.to}`, { class: 'note halo' }),
    );
  }
  series.forEach((s, i) => {
    body.push(
      polyline(
        s.values.map((v, m) => [x(m), y(v)] as const),
        s.attrs,
      ),
    );
    body.push(label(x1 + 12, y(s.values[n]!) + 14 * i - 7, s.name, { class: 'end-label' }));
  });
  const desc =
    `Line chart of cumulative cost in US dollars over ${n} months: the plan ${formatUsd(p.plan.tco)}; ` +
    ids.map((id) => `${id} alone ${formatUsd(r.strategies.find((s) => s.id === id)!.tco)}`).join('; ') +
    (p.plan.switches.length
      ? `. Switches: ${p.plan.switches.map((s) => `month ${s.month}, ${s.from} to ${s.to}`).join('; ')}.`
      : '. No switch.');
  return svgChart('chart-plan', f, `Cumulative cost of the plan over ${n} months`, desc, body.join(''));
}
