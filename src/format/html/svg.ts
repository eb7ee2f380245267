// SVG and HTML building blocks for the report: escaping, elements, axes and legends. Strings in,
// strings out; every text that came from a scenario or pricing file passes through `esc`.
import { linearScale, type LinearScale } from '../charts/scale.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML/SVG element content and quoted attribute values alike. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A coordinate with one decimal at most ("12.5", "0"): short, stable output. */
export function px(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

export type Attrs = Record<string, string | number | undefined | null | false>;

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${typeof v === 'number' ? px(v) : esc(v)}"`;
  }
  return out;
}

/** An element; `children` are trusted markup (build them with `el`/`esc`), text must be escaped first. */
export function el(tag: string, a: Attrs = {}, ...children: Array<string | false | null | undefined>): string {
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  const out = inner || !VOID.has(tag) ? `<${tag}${attrs(a)}>${inner}</${tag}>` : `<${tag}${attrs(a)}/>`;
  return BREAK_AFTER.has(tag) ? `${out}\n` : out;
}
/** Block-level elements end their line, so the page (and its golden file) diffs line by line. */
const BREAK_AFTER = new Set([
  'section',
  'header',
  'footer',
  'main',
  'figure',
  'table',
  'thead',
  'tbody',
  'tr',
  'ul',
  'li',
  'article',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'dl',
  'svg',
  'g',
  'defs',
  'pattern',
  'style',
  'title',
  'head',
  'body',
]);
const VOID = new Set(['line', 'rect', 'circle', 'path', 'polyline', 'polygon', 'use', 'stop']);

/** Text placed in a chart (escaped here). */
export function label(x: number, y: number, text: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, esc(text));
}

export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const inner = (f: Frame) => ({
  x0: f.margin.left,
  x1: f.width - f.margin.right,
  y0: f.height - f.margin.bottom,
  y1: f.margin.top,
});

/**
 * A chart: an <svg role="img"> with <title> and <desc> for screen readers, sized by its viewBox so it
 * scales to the page and to print.
 */
export function svgChart(id: string, f: Frame, title: string, desc: string, body: string): string {
  return el(
    'svg',
    {
      id,
      class: 'chart',
      viewBox: `0 0 ${f.width} ${f.height}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      xmlns: 'http://www.w3.org/2000/svg',
    },
    el('title', { id: `${id}-title` }, esc(title)),
    el('desc', { id: `${id}-desc` }, esc(desc)),
    body,
  );
}

/** Horizontal grid lines and labels on the left for the given y ticks. */
export function yAxis(
  f: Frame,
  y: LinearScale,
  ticks: readonly number[],
  fmt: (v: number) => string,
  unit: string,
): string {
  const { x0, x1 } = inner(f);
  const parts = ticks.map((t) =>
    el(
      'g',
      { class: 'tick' },
      el('line', { x1: x0, x2: x1, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid' }),
      label(x0 - 8, y(t) + 4, fmt(t), { 'text-anchor': 'end' }),
    ),
  );
  const mid = (inner(f).y0 + inner(f).y1) / 2;
  parts.push(label(14, mid, unit, { class: 'unit', transform: `rotate(-90 14 ${px(mid)})`, 'text-anchor': 'middle' }));
  return el('g', { class: 'y-axis' }, ...parts);
}

/** Tick marks and labels along the bottom for the given x ticks. */
export function xAxis(
  f: Frame,
  x: LinearScale,
  ticks: readonly number[],
  fmt: (v: number) => string,
  unit: string,
): string {
  const { x0, x1, y0 } = inner(f);
  const parts = [el('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'axis' })];
  for (const t of ticks)
    parts.push(
      el('line', { x1: x(t), x2: x(t), y1: y0, y2: y0 + 5, class: 'axis' }),
      label(x(t), y0 + 19, fmt(t), { 'text-anchor': 'middle' }),
    );
  parts.push(label((x0 + x1) / 2, f.height - 6, unit, { class: 'unit', 'text-anchor': 'middle' }));
  return el('g', { class: 'x-axis' }, ...parts);
}

export { linearScale };

/** A polyline through points (pixel coordinates). */
export function polyline(points: ReadonlyArray<readonly [number, number]>, a: Attrs = {}): string {
  return el('polyline', { points: points.map(([x, y]) => `${px(x)},${px(y)}`).join(' '), fill: 'none', ...a });
}

/** Marker shapes, so series differ in shape as well as colour. */
export function marker(
  shape: 'circle' | 'square' | 'triangle' | 'diamond',
  x: number,
  y: number,
  r: number,
  a: Attrs = {},
): string {
  switch (shape) {
    case 'circle':
      return el('circle', { cx: x, cy: y, r, ...a });
    case 'square':
      return el('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...a });
    case 'triangle':
      return el('polygon', {
        points: `${px(x)},${px(y - r * 1.2)} ${px(x + r * 1.1)},${px(y + r * 0.8)} ${px(x - r * 1.1)},${px(y + r * 0.8)}`,
        ...a,
      });
    case 'diamond':
      return el('polygon', {
        points: `${px(x)},${px(y - r * 1.3)} ${px(x + r * 1.1)},${px(y)} ${px(x)},${px(y + r * 1.3)} ${px(x - r * 1.1)},${px(y)}`,
        ...a,
      });
  }
}
