// ASCII chart primitives for the uncertainty commands (simulate, sensitivity, sweep). Plain ASCII —
// `#`, `=`, `|`, `*` — so a chart reads the same in a terminal, a CI log and a golden file. Each
// returns lines (no trailing newline); callers add titles and legends.

/** Horizontal bars: label, bar scaled to the largest value, then a note (e.g. the share). */
export function asciiBars(rows: ReadonlyArray<{ label: string; value: number; note?: string }>, width = 40): string[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  return rows.map((r) => {
    const n = max === 0 ? 0 : Math.round((r.value / max) * width);
    const bar = '#'.repeat(n) + (n === 0 && r.value > 0 ? '.' : '');
    return `${r.label.padStart(labelWidth)} |${bar.padEnd(width)}${r.note ? ` ${r.note}` : ''}`.trimEnd();
  });
}

/**
 * A tornado: one bar per input around a centre line (the base value). `low`/`high` are the effects
 * (signed, in output units) of the input's low and high values; each is drawn from the centre towards
 * its sign, `L` for the low value's bar and `H` for the high value's, so a bar's letter says which
 * end of the input's range moved the output that way.
 */
export function asciiTornado(
  rows: ReadonlyArray<{ label: string; low: number; high: number; note?: string }>,
  halfWidth = 24,
): string[] {
  const span = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.low), Math.abs(r.high)]));
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  const cells = (x: number) => (span === 0 ? 0 : Math.round((Math.abs(x) / span) * halfWidth));
  return rows.map((r) => {
    const left = new Array<string>(halfWidth).fill(' ');
    const right = new Array<string>(halfWidth).fill(' ');
    for (const [v, ch] of [
      [r.low, 'L'],
      [r.high, 'H'],
    ] as const) {
      const n = cells(v);
      const side = v < 0 ? left : right;
      for (let i = 0; i < n; i++) {
        const idx = v < 0 ? halfWidth - 1 - i : i;
        side[idx] = side[idx] === ' ' ? ch : side[idx]!;
      }
    }
    return `${r.label.padEnd(labelWidth)} ${left.join('')}|${right.join('')}${r.note ? ` ${r.note}` : ''}`.trimEnd();
  });
}

/**
 * A line chart of several series over a shared x axis, on a character grid: each series draws with
 * its own mark; where two meet the later series' mark wins. y grows upwards; returns the grid rows
 * with y-axis labels on the left and an x axis below.
 */
export function asciiLineChart(
  series: ReadonlyArray<{ mark: string; values: ReadonlyArray<number> }>,
  opts: { height?: number; width?: number; yLabel: (y: number) => string; xLabels: [string, string]; logY?: boolean },
): string[] {
  // A log y axis (for values above 0) keeps series that span decades readable.
  const logY = Boolean(opts.logY) && series.every((s) => s.values.every((v) => !(v <= 0)));
  const fwd = (v: number) => (logY ? Math.log(v) : v);
  const height = opts.height ?? 12;
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const width = Math.max(n, opts.width ?? n);
  const all = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)).map(fwd));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const col = (i: number) => (n <= 1 ? 0 : Math.round((i / (n - 1)) * (width - 1)));
  const row = (v: number) => height - 1 - Math.round(((fwd(v) - lo) / (hi - lo)) * (height - 1));
  for (const s of series) {
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      grid[row(v)]![col(i)] = s.mark;
    });
  }
  const top = opts.yLabel(logY ? Math.exp(hi) : hi);
  const bottom = opts.yLabel(logY ? Math.exp(lo) : lo);
  const labelWidth = Math.max(top.length, bottom.length);
  const lines = grid.map((cells, r) =>
    `${(r === 0 ? top : r === height - 1 ? bottom : '').padStart(labelWidth)} |${cells.join('')}`.trimEnd(),
  );
  lines.push(`${' '.repeat(labelWidth)} +${'-'.repeat(width)}`);
  const [left, right] = opts.xLabels;
  lines.push(`${' '.repeat(labelWidth + 2)}${left}${right.padStart(Math.max(1, width - left.length))}`);
  return lines;
}
