// `llmcost sweep` output: TCO per strategy at each point with the changes of the cheapest marked
// (a map of the cheapest for a two-input grid), an ASCII line chart on request, JSON and CSV.
import type { Sweep } from '../uncertainty/sweep.js';
import { asciiLineChart } from './charts/ascii.js';
import { csvLines, type CsvCell } from './csvCells.js';
import { grid } from './grid.js';
import { stringify, type JsonValue } from './json.js';
import { PLAIN, type Style } from './style.js';
import { cents, inputValue, jsonNumber, plain, usd, usdShort } from './uncertaintyValues.js';

export const SWEEP_SCHEMA_VERSION = 1;
/** Chart marks per strategy, in report order. */
const MARKS = ['a', 's', 'h'];

const axisText = (a: Sweep['x']) =>
  `${a.field} from ${inputValue(a.lo)} to ${inputValue(a.hi)} (${a.values.length} points${a.log ? ', log spacing' : ''})`;

export function formatSweepTable(r: Sweep, opts: { chart?: boolean; style?: Style } = {}): string {
  const st = opts.style ?? PLAIN;
  const out: string[] = [];
  out.push(
    st.bold(r.scenario) +
      st.dim(` — ${r.months}-month TCO, sweeping ${axisText(r.x)}${r.y ? ` × ${axisText(r.y)}` : ''}`),
  );
  out.push('');
  if (!r.y) {
    const c = r.cheapest[0]!;
    const rows = r.x.values.map((v, i) => [
      inputValue(v),
      ...r.strategies.map((_, k) => usd(r.tco[0]![i]![k]!)),
      r.strategies[c[i]!]! + (i > 0 && c[i] !== c[i - 1] ? '  <- cheapest changes' : ''),
    ]);
    out.push(
      grid([r.x.field, ...r.strategies, 'Cheapest'], rows, [
        'right',
        ...r.strategies.map(() => 'right' as const),
        'left',
      ]),
    );
    out.push('');
    if (r.crossings.length) {
      out.push(st.bold('Where the cheapest strategy changes'));
      for (const x of r.crossings)
        out.push(
          `  ${x.from} → ${x.to} at ${r.x.field} = ${inputValue(x.at)} (between ${inputValue(x.between[0])} and ${inputValue(x.between[1])})`,
        );
    } else out.push(`The cheapest strategy is ${r.strategies[c[0]!]} over the whole range.`);
    if (opts.chart) {
      out.push('');
      out.push(
        st.dim(
          `TCO by ${r.x.field}${r.x.log ? ' (log scales)' : ''} (${r.strategies.map((id, k) => `${MARKS[k]} = ${id}`).join(', ')})`,
        ),
      );
      out.push(
        ...asciiLineChart(
          r.strategies.map((_, k) => ({ mark: MARKS[k]!, values: r.tco[0]!.map((t) => t[k]!) })),
          {
            height: 14,
            width: Math.max(40, r.x.values.length),
            yLabel: usdShort,
            xLabels: [inputValue(r.x.lo), inputValue(r.x.hi)],
            logY: r.x.log,
          },
        ),
      );
    }
  } else {
    const y = r.y;
    out.push(
      st.bold('Cheapest strategy') +
        st.dim(
          ` (rows: ${y.field}; columns: ${r.x.field}; ${r.strategies.map((id, k) => `${MARKS[k]} = ${id}`).join(', ')})`,
        ),
    );
    out.push(
      grid(
        [`${y.field} \\ ${r.x.field}`, ...r.x.values.map(inputValue)],
        y.values.map((yv, iy) => [inputValue(yv), ...r.cheapest[iy]!.map((k) => MARKS[k]!)]),
        ['right', ...r.x.values.map(() => 'right' as const)],
      ),
    );
    out.push(st.dim('TCO of every strategy at every point: --format csv or json.'));
  }
  return `${out.join('\n')}\n`;
}

const axisJson = (a: Sweep['x']): JsonValue => ({
  field: a.field,
  lo: jsonNumber(a.lo, 9),
  hi: jsonNumber(a.hi, 9),
  steps: a.steps,
  log: a.log,
  values: a.values.map((v) => jsonNumber(v, 9)),
});

export function sweepJson(r: Sweep): JsonValue {
  const points: JsonValue[] = [];
  (r.y ? r.y.values : [null]).forEach((yv, iy) =>
    r.x.values.forEach((xv, ix) => {
      points.push({
        x: jsonNumber(xv, 9),
        ...(yv === null ? {} : { y: jsonNumber(yv, 9) }),
        tco: Object.fromEntries(r.strategies.map((id, k) => [id, cents(r.tco[iy]![ix]![k]!)])),
        cheapest: r.strategies[r.cheapest[iy]![ix]!]!,
      });
    }),
  );
  return {
    schema_version: SWEEP_SCHEMA_VERSION,
    kind: 'sweep',
    scenario: r.scenario,
    currency: 'USD',
    horizon_months: r.months,
    arithmetic: 'float64; money rounded to cents',
    x: axisJson(r.x),
    y: r.y ? axisJson(r.y) : null,
    points,
    crossings: r.crossings.map((c) => ({
      from: c.from,
      to: c.to,
      at: jsonNumber(c.at, 9),
      between: c.between.map((v) => jsonNumber(v, 9)),
    })),
  };
}

export function formatSweepJson(r: Sweep): string {
  return stringify(sweepJson(r));
}

export function formatSweepCsv(r: Sweep): string {
  const header = [r.x.field, ...(r.y ? [r.y.field] : []), ...r.strategies.map((id) => `tco_${id}`), 'cheapest'];
  const rows: CsvCell[][] = [];
  (r.y ? r.y.values : [null]).forEach((yv, iy) =>
    r.x.values.forEach((xv, ix) => {
      rows.push([
        plain(xv, 9),
        ...(yv === null ? [] : [plain(yv, 9)]),
        ...r.strategies.map((_, k) => cents(r.tco[iy]![ix]![k]!)),
        r.strategies[r.cheapest[iy]![ix]!]!,
      ]);
    }),
  );
  return csvLines(header, rows);
}
