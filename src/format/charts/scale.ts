// Axis arithmetic shared by the terminal charts and the SVG report: linear scales and "nice" ticks
// (1, 2, 5 × 10ⁿ). Charts place marks in floating-point pixels or character cells: a coordinate is
// a drawing position, never an amount anyone reads. Every number printed beside a chart is formatted
// from the report's exact Decimals (or from a tick value, which is a short decimal by construction).

export interface LinearScale {
  domain: readonly [number, number];
  range: readonly [number, number];
  (value: number): number;
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = ((v: number) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0))) as LinearScale;
  Object.defineProperty(f, 'domain', { value: domain });
  Object.defineProperty(f, 'range', { value: range });
  return f;
}

/** The 1-2-5 step nearest to span ÷ count, so ticks read as round numbers. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span) || count < 1) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const factor = residual >= 7.5 ? 10 : residual >= 3.5 ? 5 : residual >= 1.5 ? 2 : 1;
  const step = factor * magnitude;
  return Number.isFinite(step) && step > 0 ? step : 1; // spans near the float limits: no dust steps
}

/** Decimals needed to print multiples of `step` exactly (0.25 → 2, 500 → 0). */
function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.min(12, Math.ceil(-Math.log10(step) - 1e-9) + 1);
}

/**
 * Round-numbered ticks covering [min, max]: the domain is widened outwards to whole steps, so the
 * first tick is ≤ min and the last ≥ max. Values are rounded to the step's decimals, so 0.1 + 0.2
 * prints as 0.3 and not 0.30000000000000004.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max < min) [min, max] = [max, min];
  // A span too small to divide (equal ends, or denormal dust) gets a unit-sized one.
  if (max - min <= 1e-9 * Math.max(1, Math.abs(min), Math.abs(max))) max = min + Math.max(1, Math.abs(min));
  const step = niceStep(max - min, count);
  const places = decimalsOf(step);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.min(Math.ceil(max / step - 1e-9), first + 1000); // a bound, never reached by sane input
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(places)) + 0);
  return ticks;
}

/**
 * Integer ticks for a month axis from `first` to `last`: multiples of a 1-2-5 step (5, 10, 15 …), or
 * first, first+2, … for a step of 2 (so 1, 3, 5 rather than 1, 2, 4). Always starts at `first`; ends
 * at `last` unless the previous tick is too close to it.
 */
export function monthTicks(first: number, last: number, count = 6): number[] {
  if (last <= first) return [first];
  const step = Math.max(1, niceStep(last - first, count));
  const ticks = [first];
  if (step <= 2) for (let m = first + step; m < last; m += step) ticks.push(m);
  else for (let m = Math.ceil((first + 1) / step) * step; m < last; m += step) if (m - first >= step / 2) ticks.push(m);
  if (last - ticks[ticks.length - 1]! >= Math.min(step, 2) || ticks.length === 1) ticks.push(last);
  return ticks;
}

/** A tick value as money, short and without trailing zeros: $0, $500, $250k, $1.5M. */
export function tickUsd(v: number): string {
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) if (a >= size) return `${sign}$${trim(a / size)}${suffix}`;
  return `${sign}$${trim(a)}`;
}

/** Compact count for axes: 0, 500, 2.5k, 12M, 1.2B. */
export function tickCount(v: number): string {
  const a = Math.abs(v);
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) if (a >= size) return `${v < 0 ? '-' : ''}${trim(a / size)}${suffix}`;
  return trim(v);
}

/** Up to three decimals, trailing zeros dropped (tick values are short decimals already). */
function trim(v: number): string {
  return String(Number(v.toFixed(3)));
}
