// The report's optional uncertainty section: a fan chart of Monte Carlo percentiles per strategy and a
// tornado of one-at-a-time sensitivities. This module only draws; the simulation lives elsewhere and
// hands its results over in the shapes uncertainty/forReport.ts defines (HtmlOptions.uncertainty). Without results the section is
// absent — never filled with made-up numbers.
import { formatUsd, type Decimal } from '../../money.js';
import type { FanMonth, FanSeries, UncertaintyResults } from '../../uncertainty/forReport.js';
import { monthTicks, niceTicks, tickUsd } from '../charts/scale.js';
import { strategyLook, strategyName } from './charts.js';
import { el, inner, label, linearScale, polyline, px, svgChart, xAxis, yAxis, type Frame } from './svg.js';

export function uncertaintySection(u: UncertaintyResults): string {
  const parts: string[] = [];
  if (u.fan?.length) parts.push(el('figure', { class: 'chart-box' }, fanChart(u.fan, u.runs)));
  if (u.tornado?.bars.length) parts.push(el('figure', { class: 'chart-box' }, tornadoChart(u.tornado)));
  if (!parts.length) return '';
  return el(
    'section',
    { id: 'uncertainty', 'aria-labelledby': 'uncertainty-h' },
    el('h2', { id: 'uncertainty-h' }, 'Uncertainty'),
    el('p', { class: 'lead' }, 'How far the answer can move when the inputs are uncertain.'),
    ...parts,
  );
}

/** Cumulative cost percentiles: 5–95% as a light band, 25–75% darker, the median as a line. */
export function fanChart(fan: readonly FanSeries[], runs?: number): string {
  const f: Frame = { width: 960, height: 380, margin: { top: 30, right: 190, bottom: 52, left: 84 } };
  const { x0, x1, y0, y1 } = inner(f);
  const n = Math.max(1, ...fan.flatMap((s) => s.months.map((m) => m.month)));
  const maxY = Math.max(1, ...fan.flatMap((s) => s.months.map((m) => m.p95.toNumber())));
  const yTicks = niceTicks(0, maxY, 5);
  const x = linearScale([0, n], [x0, x1]);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [y0, y1]);
  const body = [
    yAxis(f, y, yTicks, tickUsd, 'Cumulative cost (USD)'),
    xAxis(f, x, monthTicks(0, n, 12), String, 'Month'),
    label(
      x0,
      16,
      `Line: median · dark band: 25th–75th percentile · light band: 5th–95th percentile${runs ? ` · ${runs} runs` : ''}`,
      { class: 'note' },
    ),
  ];
  const band = (ms: readonly FanMonth[], lo: keyof FanMonth, hi: keyof FanMonth) => {
    const top = ms.map((m) => `${px(x(m.month))},${px(y((m[hi] as Decimal).toNumber()))}`);
    const bottom = [...ms].reverse().map((m) => `${px(x(m.month))},${px(y((m[lo] as Decimal).toNumber()))}`);
    return [...top, ...bottom].join(' ');
  };
  for (const s of fan) {
    const look = strategyLook(s.strategy);
    const last = s.months[s.months.length - 1];
    body.push(
      el(
        'g',
        { class: `fan fan-${s.strategy}` },
        el('polygon', { points: band(s.months, 'p5', 'p95'), fill: look.color, 'fill-opacity': 0.14 }),
        el('polygon', { points: band(s.months, 'p25', 'p75'), fill: look.color, 'fill-opacity': 0.3 }),
        polyline(
          s.months.map((m) => [x(m.month), y(m.p50.toNumber())] as const),
          { stroke: look.color, 'stroke-width': 2.5, 'stroke-dasharray': look.dash },
        ),
        last
          ? label(x1 + 12, y(last.p50.toNumber()), `${strategyName(s.strategy)} median`, { class: 'end-label' })
          : '',
      ),
    );
  }
  const desc =
    `Fan chart of cumulative cost percentiles${runs ? ` from ${runs} Monte Carlo runs` : ''}. At month ${n}: ` +
    fan
      .map((s) => {
        const m = s.months[s.months.length - 1];
        return m
          ? `${strategyName(s.strategy)} median ${formatUsd(m.p50)}, 90% range ${formatUsd(m.p5)} to ${formatUsd(m.p95)}`
          : strategyName(s.strategy);
      })
      .join('; ') +
    '. Light band: 5th to 95th percentile; dark band: 25th to 75th; line: median.';
  return svgChart('chart-fan', f, 'Cumulative cost: range of outcomes', desc, body.join(''));
}

/** Swing in the metric when each input moves from its low to its high value, widest first. */
export function tornadoChart(t: NonNullable<UncertaintyResults['tornado']>): string {
  const bars = [...t.bars].sort((a, b) => b.high.minus(b.low).abs().comparedTo(a.high.minus(a.low).abs()));
  const rowH = 30;
  // Room on the left for the longest input name (≈ 7 px a character at the chart's font size), and a
  // gutter between names and plot for the value label of a bar that reaches the plot's left edge.
  const gutter = 80;
  const names = Math.min(440, Math.max(180, 24 + 7 * Math.max(0, ...bars.map((b) => b.input.length))));
  const f: Frame = {
    width: 960,
    height: 70 + bars.length * rowH,
    margin: { top: 20, right: 110, bottom: 50, left: names + gutter },
  };
  const { x0, x1, y0, y1 } = inner(f);
  const values = bars.flatMap((b) => [b.low.toNumber(), b.high.toNumber()]).concat(t.base.toNumber());
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 6);
  const x = linearScale([ticks[0]!, ticks[ticks.length - 1]!], [x0, x1]);
  const body: string[] = [xAxis(f, x, ticks, tickUsd, `${t.metric} (USD)`)];
  bars.forEach((b, i) => {
    const cy = y1 + i * rowH + rowH / 2;
    const lo = x(b.low.toNumber());
    const hi = x(b.high.toNumber());
    const base = x(t.base.toNumber());
    body.push(
      el(
        'g',
        { class: 'tornado-row' },
        label(x0 - gutter - 10, cy + 4, b.input, { 'text-anchor': 'end' }),
        el('rect', { x: Math.min(lo, base), y: cy - 10, width: Math.abs(base - lo), height: 20, fill: '#0072B2' }),
        el('rect', {
          x: Math.min(hi, base),
          y: cy - 10,
          width: Math.abs(hi - base),
          height: 20,
          fill: '#C24E00',
          'fill-opacity': 0.85,
        }),
        label(Math.min(lo, hi) - 4, cy + 4, b.lowLabel, { 'text-anchor': 'end', class: 'bar-value' }),
        label(Math.max(lo, hi) + 4, cy + 4, b.highLabel, { class: 'bar-value' }),
      ),
    );
  });
  body.push(
    el('line', { x1: x(t.base.toNumber()), x2: x(t.base.toNumber()), y1: y1 - 6, y2: y0, class: 'rule' }),
    label(x(t.base.toNumber()) + 4, y1 - 8, `base ${formatUsd(t.base)}`, { class: 'note' }),
  );
  const desc =
    `Tornado chart of ${t.metric}: base ${formatUsd(t.base)}. ` +
    bars
      .map((b) => `${b.input}: ${formatUsd(b.low)} (${b.lowLabel}) to ${formatUsd(b.high)} (${b.highLabel})`)
      .join('; ') +
    '.';
  return svgChart('chart-tornado', f, `Sensitivity of ${t.metric}`, desc, body.join(''));
}
