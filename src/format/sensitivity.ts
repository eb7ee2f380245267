// `llmcost sensitivity` output: the tornado of the gap between the best two strategies, each
// strategy's most influential inputs, JSON and CSV. Pure: a Sensitivity in, a string out.
import type { Sensitivity, Swing } from '../uncertainty/sensitivity.js';
import { asciiTornado } from './charts/ascii.js';
import { csvLines, type CsvCell } from './csvCells.js';
import { grid } from './grid.js';
import { stringify, type JsonValue } from './json.js';
import { PLAIN, type Style } from './style.js';
import { cents, inputValue, jsonNumber, usd, usdShort } from './uncertaintyValues.js';

export const SENSITIVITY_SCHEMA_VERSION = 1;

/**
 * A swing's signed amount; one that rounds to no cent is $0. An input that does not touch a strategy
 * moves its total by binary noise at most (a few 1e-10 dollars), which is no direction to print.
 */
const signedShort = (x: number) => {
  const c = Math.round(x * 100);
  return c > 0 ? `+${usdShort(x)}` : c < 0 ? `-${usdShort(-x)}` : '$0';
};

export function formatSensitivityTable(r: Sensitivity, top: number, st: Style = PLAIN): string {
  const out: string[] = [];
  out.push(
    st.bold(r.scenario) +
      st.dim(` — sensitivity of the ${r.months}-month TCO, one input at a time (the others at their point values)`),
  );
  out.push(`Base: ${r.strategies.map((id, k) => `${id} ${usd(r.baseTco[k]!)}`).join(' · ')}`);
  const shown = r.swings.slice(0, top);
  if (r.runnerUp && r.baseGap !== null) {
    out.push(`Gap: ${r.runnerUp} − ${r.best} = ${usd(r.baseGap)} (${r.best} is cheapest at point values)`);
    out.push('');
    out.push(st.bold(`What moves the gap most`) + st.dim(` (${r.runnerUp} − ${r.best}; below 0 the answer flips)`));
    out.push(
      grid(
        ['Input', 'Range', 'Low', 'High', 'Gap at low', 'Gap at high', 'Swing'],
        shown.map((s) => [
          s.field,
          s.range,
          inputValue(s.low),
          inputValue(s.high),
          usd(s.gapLow!),
          usd(s.gapHigh!),
          usd(s.gapSwing!),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
    out.push('');
    out.push(
      st.dim(
        `Tornado: change in the gap from ${usdShort(r.baseGap)} (L = the input at its low value, H = at its high value; left of | narrows the gap)`,
      ),
    );
    out.push(
      ...asciiTornado(
        shown.map((s) => ({
          label: s.field,
          low: s.gapLow! - r.baseGap!,
          high: s.gapHigh! - r.baseGap!,
          note: `${signedShort(s.gapLow! - r.baseGap!)} / ${signedShort(s.gapHigh! - r.baseGap!)}`,
        })),
      ),
    );
    const flips = r.swings.filter((s) => s.gapLow! < 0 || s.gapHigh! < 0);
    if (flips.length) {
      out.push('');
      out.push(st.bold('Inputs that flip the answer on their own'));
      for (const s of flips) {
        const which = [
          s.gapLow! < 0 ? `at ${inputValue(s.low)} (low)` : '',
          s.gapHigh! < 0 ? `at ${inputValue(s.high)} (high)` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        out.push(`  - ${s.field} ${which}: ${r.runnerUp} becomes cheaper than ${r.best}`);
      }
    }
  }
  for (const [k, id] of r.strategies.entries()) {
    const ranked = [...r.swings]
      .sort((a, b) => swingCents(b, k) - swingCents(a, k) || (a.field < b.field ? -1 : 1))
      .filter((s) => swingCents(s, k) > 0)
      .slice(0, top);
    out.push('');
    out.push(st.bold(`${id}: what moves its TCO most`) + st.dim(` (base ${usd(r.baseTco[k]!)})`));
    if (!ranked.length) {
      out.push(st.dim('  no input moves it'));
      continue;
    }
    out.push(
      grid(
        ['Input', 'Range', 'TCO at low', 'TCO at high', 'Swing'],
        ranked.map((s) => [s.field, s.range, usd(s.tcoLow[k]!), usd(s.tcoHigh[k]!), usd(tcoSwing(s, k))]),
        ['left', 'left', 'right', 'right', 'right'],
      ),
    );
  }
  out.push('');
  if (r.atZero.length)
    out.push(st.dim(`Not swung (0, and ±25% of 0 is 0; give a distribution to include): ${r.atZero.join(', ')}`));
  if (r.conventions.length)
    out.push(
      st.dim(
        `Not swung (conventions, not uncertainties; --include-conventions swings them): ${r.conventions.join(', ')}`,
      ),
    );
  out.push(
    st.dim(
      "Range: P10–P90 of an input's distribution, or ±25% of a plain value (whole numbers widen to whole numbers, kept inside the field's range).",
    ),
  );
  return `${out.join('\n')}\n`;
}

const tcoSwing = (s: Swing, k: number) => Math.abs(s.tcoHigh[k]! - s.tcoLow[k]!);
/** Ranked to the cent, as the gap's swings are: binary noise neither orders two equal swings nor shows a $0 one. */
const swingCents = (s: Swing, k: number) => Math.round(tcoSwing(s, k) * 100);

export function sensitivityJson(r: Sensitivity): JsonValue {
  return {
    schema_version: SENSITIVITY_SCHEMA_VERSION,
    kind: 'sensitivity',
    scenario: r.scenario,
    currency: 'USD',
    horizon_months: r.months,
    arithmetic: 'float64; money rounded to cents',
    base: Object.fromEntries(r.strategies.map((id, k) => [id, cents(r.baseTco[k]!)])),
    best: r.best,
    runner_up: r.runnerUp,
    base_gap: r.baseGap === null ? null : cents(r.baseGap),
    swings: r.swings.map((s) => ({
      field: s.field,
      range: s.range,
      distribution: s.distribution,
      base: jsonNumber(s.base, 9),
      low: jsonNumber(s.low, 9),
      high: jsonNumber(s.high, 9),
      tco_low: Object.fromEntries(r.strategies.map((id, k) => [id, cents(s.tcoLow[k]!)])),
      tco_high: Object.fromEntries(r.strategies.map((id, k) => [id, cents(s.tcoHigh[k]!)])),
      gap_low: s.gapLow === null ? null : cents(s.gapLow),
      gap_high: s.gapHigh === null ? null : cents(s.gapHigh),
      gap_swing: s.gapSwing === null ? null : cents(s.gapSwing),
    })),
    not_swung_at_zero: r.atZero,
    not_swung_conventions: r.conventions,
  };
}

export function formatSensitivityJson(r: Sensitivity): string {
  return stringify(sensitivityJson(r));
}

export function formatSensitivityCsv(r: Sensitivity): string {
  const header = [
    'rank',
    'field',
    'range',
    'base',
    'low',
    'high',
    'gap_low',
    'gap_high',
    'gap_swing',
    ...r.strategies.flatMap((id) => [`tco_low_${id}`, `tco_high_${id}`]),
  ];
  const rows: CsvCell[][] = r.swings.map((s, i) => [
    i + 1,
    s.field,
    s.range,
    inputValue(s.base),
    inputValue(s.low),
    inputValue(s.high),
    s.gapLow === null ? null : cents(s.gapLow),
    s.gapHigh === null ? null : cents(s.gapHigh),
    s.gapSwing === null ? null : cents(s.gapSwing),
    ...r.strategies.flatMap((_, k) => [cents(s.tcoLow[k]!), cents(s.tcoHigh[k]!)]),
  ]);
  return csvLines(header, rows);
}
