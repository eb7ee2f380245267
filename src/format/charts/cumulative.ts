// A line chart for the terminal: a few series over x = 0..n, drawn in braille dots (2×4 per character
// cell) or, with `ascii`, one plain character per cell. Series are told apart by the label printed
// at the end of each line (and by colour when the caller passes one), markers on the x axis point at
// months worth noticing (payback). Where lines overlap, the order is defined: series are drawn from
// the one ending lowest to the one ending highest, so the top line owns a shared cell (its colour);
// lines ending on the same row share one label there, the top line's first ("hybrid · self_hosted"),
// rather than a label being moved beside a line it does not name. Pure: data in, string out.
import { linearScale, monthTicks, niceTicks } from './scale.js';

export interface LineSeries {
  label: string;
  /** y at x = 0, 1, …, n (all series have the same length). */
  values: readonly number[];
  /** Wraps this series' glyphs in colour (terminal styling); identity when absent. */
  paint?: (s: string) => string;
}

export interface XMarker {
  x: number;
  label: string;
}

export interface LineChartOptions {
  width: number;
  /** Plot rows (without axes and labels). */
  height?: number;
  ascii?: boolean;
  title?: string;
  xLabel?: string;
  yFormat: (v: number) => string;
  markers?: readonly XMarker[];
}

const ASCII_GLYPHS = ['*', 'o', '+', 'x', '#'];
const BRAILLE_BASE = 0x2800;
// Dot bit for (sub-column, sub-row from the top) inside one braille cell.
const BRAILLE_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/** y at a fractional x by straight lines between the whole-number points. */
function valueAt(values: readonly number[], x: number): number {
  const i = Math.min(Math.floor(x), values.length - 2);
  if (i < 0) return values[0] ?? 0;
  const t = x - i;
  return values[i]! + (values[i + 1]! - values[i]!) * t;
}

export function lineChart(series: readonly LineSeries[], opts: LineChartOptions): string {
  const ascii = opts.ascii ?? false;
  const n = Math.max(1, ...series.map((s) => s.values.length - 1));
  const maxY = Math.max(0, ...series.flatMap((s) => s.values));
  const plotH = Math.max(4, opts.height ?? 12);
  const yTicks = niceTicks(0, maxY, Math.max(2, Math.floor(plotH / 3)));
  const yMax = yTicks[yTicks.length - 1]!;
  const yLabels = yTicks.map((t) => opts.yFormat(t));
  const yLabelW = Math.max(...yLabels.map((l) => l.length));
  const [sx, sy] = ascii ? [1, 1] : [2, 4];
  const subH = plotH * sy;
  const yToSub = linearScale([0, yMax], [subH - 1, 0]); // sub-row from the top
  const endRows = series.map((s) =>
    Math.min(plotH - 1, Math.max(0, Math.floor(Math.round(yToSub(s.values[s.values.length - 1] ?? 0)) / sy))),
  );
  // Drawing order: lowest end value first, so the line ending highest is drawn last (on top); ties
  // keep the order given.
  const endValue = (i: number) => series[i]!.values[series[i]!.values.length - 1] ?? 0;
  const order = series.map((_, i) => i).sort((a, b) => endValue(a) - endValue(b) || a - b);

  // End-of-line labels on each line's end row; lines ending on the same row share it, top line first.
  const labelAt = new Map<number, number[]>();
  [...order].reverse().forEach((si) => labelAt.set(endRows[si]!, [...(labelAt.get(endRows[si]!) ?? []), si]));
  const labelText = (ids: readonly number[], painted: boolean) =>
    ids.map((i) => (painted ? paintOf(series[i]!)(series[i]!.label) : series[i]!.label)).join(' · ');
  const seriesLabelW = Math.max(0, ...[...labelAt.values()].map((ids) => labelText(ids, false).length)) + 1;
  const plotW = Math.max(10, opts.width - yLabelW - 2 - seriesLabelW);
  const subW = plotW * sx;

  // Each cell remembers its dots (or character) and the last series that drew in it.
  const bits: number[][] = Array.from({ length: plotH }, () => Array<number>(plotW).fill(0));
  const glyph: string[][] = Array.from({ length: plotH }, () => Array<string>(plotW).fill(' '));
  const owner: number[][] = Array.from({ length: plotH }, () => Array<number>(plotW).fill(-1));
  const plot = (px: number, py: number, si: number) => {
    const col = Math.floor(px / sx);
    const row = Math.floor(py / sy);
    if (row < 0 || row >= plotH || col < 0 || col >= plotW) return;
    if (ascii) glyph[row]![col] = ASCII_GLYPHS[si % ASCII_GLYPHS.length]!;
    else bits[row]![col]! |= BRAILLE_BITS[px % 2]![py % 4]!;
    owner[row]![col] = si;
  };
  for (const si of order) {
    const s = series[si]!;
    let prev: number | null = null;
    const subToX = linearScale([0, subW - 1], [0, n]);
    for (let px = 0; px < subW; px++) {
      const x = subToX(px);
      const py = Math.round(yToSub(valueAt(s.values, x)));
      // Join steep steps with a vertical run so the line stays continuous.
      if (prev !== null && Math.abs(py - prev) > 1) {
        const dir = py > prev ? 1 : -1;
        for (let y: number = prev + dir; y !== py; y += dir) plot(px, y, si);
      }
      plot(px, py, si);
      prev = py;
    }
  }

  const tickRow = new Map<number, string>();
  yTicks.forEach((t, i) => tickRow.set(Math.round((plotH - 1) * (1 - t / yMax)), yLabels[i]!));
  const lines: string[] = [];
  if (opts.title) lines.push(opts.title);
  for (let row = 0; row < plotH; row++) {
    const tick = tickRow.get(row);
    const axis = tick !== undefined ? (ascii ? '+' : '┤') : ascii ? '|' : '│';
    let body = '';
    for (let col = 0; col < plotW; col++) {
      const si = owner[row]![col]!;
      const ch = ascii
        ? glyph[row]![col]!
        : bits[row]![col]
          ? String.fromCharCode(BRAILLE_BASE + bits[row]![col]!)
          : ' ';
      body += si >= 0 && series[si]!.paint ? series[si]!.paint!(ch) : ch;
    }
    const ids = labelAt.get(row);
    const tail = ids !== undefined ? ` ${labelText(ids, true)}` : '';
    lines.push(`${(tick ?? '').padStart(yLabelW)} ${axis}${body}${tail}`.trimEnd());
  }

  // x axis with month ticks, then the labels under them, then the markers.
  const xTicks = monthTicks(0, n, Math.max(2, Math.floor(plotW / 10)));
  const colOf = (x: number) => Math.min(plotW - 1, Math.round((x / n) * (plotW - 1)));
  const axis = Array<string>(plotW).fill(ascii ? '-' : '─');
  for (const t of xTicks) axis[colOf(t)] = ascii ? '+' : '┬';
  lines.push(`${' '.repeat(yLabelW)} ${ascii ? '+' : '└'}${axis.join('')}`);
  const underW = plotW + seriesLabelW;
  const under = Array<string>(underW).fill(' ');
  let lastEnd = -1;
  for (const t of xTicks) {
    const text = String(t);
    const start = Math.max(lastEnd + 1, Math.min(colOf(t) - Math.floor((text.length - 1) / 2), underW - text.length));
    if (start <= lastEnd) continue;
    for (let i = 0; i < text.length; i++) under[start + i] = text[i]!;
    lastEnd = start + text.length;
  }
  const ticksLine = `${' '.repeat(yLabelW + 2)}${under.join('').trimEnd()}`;
  const withUnit = opts.xLabel ? `${ticksLine}  ${opts.xLabel}` : ticksLine;
  lines.push(withUnit.length <= opts.width ? withUnit : ticksLine);
  for (const m of mergeMarkers(opts.markers ?? [])) {
    const col = colOf(m.x);
    const arrow = ascii ? '^' : '▲';
    const text = `${arrow} ${m.label}`;
    const pad = yLabelW + 2 + col;
    lines.push(
      pad + text.length <= opts.width
        ? `${' '.repeat(pad)}${text}`
        : `${' '.repeat(Math.max(0, pad - m.label.length - 1))}${m.label} ${arrow}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const paintOf = (s: LineSeries) => s.paint ?? ((t: string) => t);

/** Markers at the same x share one line: "payback month 1: self_hosted, hybrid". */
function mergeMarkers(markers: readonly XMarker[]): XMarker[] {
  const byX = new Map<number, string[]>();
  for (const m of markers) byX.set(m.x, [...(byX.get(m.x) ?? []), m.label]);
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, labels]) => ({ x, label: labels.join('; ') }));
}
