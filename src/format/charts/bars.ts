// Horizontal stacked bars for the terminal: one bar per row, its length proportional to the row's
// total, split into segments each drawn with its own fill character, so the split reads without
// colour. Character cells are shared out by largest remainder, so the segments always add up to the
// bar. Pure: data in, string out.

export interface BarSegment {
  key: string;
  value: number;
}

export interface StackedBar {
  label: string;
  /** Printed after the bar (already formatted by the caller from exact figures). */
  total: string;
  segments: readonly BarSegment[];
}

export interface BarLegendEntry {
  key: string;
  label: string;
}

export interface StackedBarsOptions {
  width: number;
  /** Fill character per segment key. */
  fills: Readonly<Record<string, string>>;
  legend?: readonly BarLegendEntry[];
  title?: string;
}

/** Split `cells` among `values` in proportion, by largest remainder (the parts sum to `cells`). */
export function shareCells(values: readonly number[], cells: number): number[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0 || cells <= 0) return values.map(() => 0);
  const exact = values.map((v) => (Math.max(0, v) / total) * cells);
  const floors = exact.map(Math.floor);
  let left = cells - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return floors;
}

export function stackedBars(bars: readonly StackedBar[], opts: StackedBarsOptions): string {
  const labelW = Math.max(...bars.map((b) => b.label.length));
  const totalW = Math.max(...bars.map((b) => b.total.length));
  const barW = Math.max(10, opts.width - labelW - totalW - 2);
  const totals = bars.map((b) => b.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
  const max = Math.max(0, ...totals);
  const lines: string[] = [];
  if (opts.title) lines.push(opts.title);
  bars.forEach((b, i) => {
    const length = max > 0 ? Math.round((totals[i]! / max) * barW) : 0;
    const cells = shareCells(
      b.segments.map((s) => s.value),
      length,
    );
    const body = b.segments.map((s, j) => (opts.fills[s.key] ?? '#').repeat(cells[j]!)).join('');
    lines.push(`${b.label.padEnd(labelW)} ${body.padEnd(barW)} ${b.total.padStart(totalW)}`);
  });
  if (opts.legend?.length) {
    const entries = opts.legend.map((e) => `${opts.fills[e.key] ?? '#'} ${e.label}`);
    let line = '';
    for (const e of entries) {
      if (line && line.length + 2 + e.length > opts.width) {
        lines.push(line);
        line = '';
      }
      line = line ? `${line}  ${e}` : e;
    }
    if (line) lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
