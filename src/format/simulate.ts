// `llmcost simulate` output: table (with an ASCII histogram of TCO), JSON and CSV (summary, or one
// row per trial with --per-trial). Pure: a Simulation in, a string out.
import { Decimal, formatNumber } from '../money.js';
import type { Simulation, StrategySimulation } from '../uncertainty/simulate.js';
import type { Summary } from '../uncertainty/stats.js';
import { asciiBars } from './charts/ascii.js';
import { csvLines, type CsvCell } from './csvCells.js';
import { grid } from './grid.js';
import { stringify, type JsonValue } from './json.js';
import { PLAIN, type Style } from './style.js';
import { cents, inputValue, jsonNumber, percent, plain, usd, usdShort } from './uncertaintyValues.js';
import { describeDistribution } from '../scenario/distribution.js';

export const SIMULATION_SCHEMA_VERSION = 1;

const month = (m: number | null) => (m === null ? 'none' : `month ${m}`);

export function formatSimulationTable(r: Simulation, st: Style = PLAIN): string {
  const out: string[] = [];
  out.push(
    st.bold(r.scenario) +
      st.dim(` — Monte Carlo, ${formatNumber(new Decimal(r.trials))} trials, seed ${r.seed}, ${r.months} months, USD`),
  );
  out.push('');
  out.push(st.bold('Uncertain inputs'));
  if (r.inputs.length === 0)
    out.push(
      st.dim(
        '  none: every trial is the point scenario (give a distribution, e.g. input_tokens: { low: 800, mode: 1200, high: 2000 })',
      ),
    );
  else {
    out.push(
      grid(
        ['Input', 'Distribution', 'Point', 'Source'],
        r.inputs.map((u) => [
          u.field,
          describeDistribution(u.dist),
          inputValue(u.point),
          u.source.startsWith('default:') ? 'default (see docs/uncertainty.md)' : u.source,
        ]),
        ['left', 'left', 'right', 'left'],
      ),
    );
  }
  const table = (
    title: string,
    pick: (s: StrategySimulation) => { point: number; sum: Summary },
    extra?: { header: string; cell: (s: StrategySimulation) => string },
  ) => {
    out.push('');
    out.push(st.bold(title));
    out.push(
      grid(
        ['Strategy', 'Point', 'P10', 'P50', 'P90', 'Mean', ...(extra ? [extra.header] : [])],
        r.strategies.map((s) => {
          const { point, sum } = pick(s);
          return [
            s.id,
            usd(point),
            usd(sum.p10),
            usd(sum.p50),
            usd(sum.p90),
            usd(sum.mean),
            ...(extra ? [extra.cell(s)] : []),
          ];
        }),
        ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
  };
  table(`${r.months}-month TCO`, (s) => ({ point: s.point.tco, sum: s.tco }), {
    header: 'P(cheapest)',
    cell: (s) => percent(s.cheapest / r.trials),
  });
  table('Month-1 cost', (s) => ({ point: s.point.month1, sum: s.month1 }));
  out.push(st.dim("Point = every input at its point value (mode, median or most likely choice): compare's figures."));

  const pb = r.strategies.filter((s) => s.payback);
  if (pb.length) {
    out.push('');
    out.push(
      st.bold('Payback against api') + st.dim(" (first month from which cumulative cost stays at or below the API's)"),
    );
    out.push(
      grid(
        ['Strategy', 'P10', 'P50', 'P90', `Never in ${r.months} months`],
        pb.map((s) => [
          s.id,
          month(s.payback!.p10),
          month(s.payback!.p50),
          month(s.payback!.p90),
          percent(s.payback!.never / r.trials),
        ]),
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const s of pb) {
      const shown = s.payback!.counts.map((c, i) => ({ label: `month ${i + 1}`, value: c })).filter((x) => x.value > 0);
      if (shown.length > 1 || s.payback!.never > 0) {
        out.push(st.dim(`${s.id} payback month:`));
        const rows = [...shown, ...(s.payback!.never ? [{ label: 'never', value: s.payback!.never }] : [])];
        out.push(
          ...asciiBars(
            rows.map((x) => ({ ...x, note: percent(x.value / r.trials) })),
            30,
          ).map((l) => `  ${l}`),
        );
      }
    }
  }

  out.push('');
  out.push(st.bold(`${r.months}-month TCO distribution`) + st.dim(' (shared bins; bars scaled to the tallest bin)'));
  const { edges, counts } = r.histogram;
  r.strategies.forEach((s, k) => {
    out.push(s.id);
    const rows = counts[k]!.map((c, b) => ({
      label: `${usdShort(edges[b]!)}–${usdShort(edges[b + 1]!)}`,
      value: c,
      note: c ? percent(c / r.trials) : '',
    }));
    // Empty bins at either end are left out; bins between stay, so gaps show.
    const first = rows.findIndex((x) => x.value > 0);
    const last = rows.length - 1 - [...rows].reverse().findIndex((x) => x.value > 0);
    out.push(...asciiBars(rows.slice(first, last + 1), 40).map((l) => `  ${l}`));
  });
  out.push('');
  out.push(
    st.dim(
      'Percentiles interpolate between trials (type 7); money rounded to cents; floats throughout (docs/uncertainty.md).',
    ),
  );
  return `${out.join('\n')}\n`;
}

const summaryJson = (x: Summary): JsonValue => ({
  p10: cents(x.p10),
  p50: cents(x.p50),
  p90: cents(x.p90),
  mean: cents(x.mean),
  min: cents(x.min),
  max: cents(x.max),
});

export function simulationJson(r: Simulation): JsonValue {
  return {
    schema_version: SIMULATION_SCHEMA_VERSION,
    kind: 'simulation',
    scenario: r.scenario,
    currency: 'USD',
    horizon_months: r.months,
    trials: r.trials,
    seed: r.seed,
    arithmetic: 'float64; money rounded to cents',
    inputs: r.inputs.map((u) => ({
      field: u.field,
      distribution: distributionJson(u.dist),
      point: jsonNumber(u.point, 9),
      source: u.source,
    })),
    strategies: r.strategies.map((s) => ({
      id: s.id,
      point: { month1_cost: cents(s.point.month1), tco: cents(s.point.tco) },
      month1_cost: summaryJson(s.month1),
      tco: summaryJson(s.tco),
      cheapest_trials: s.cheapest,
      p_cheapest: jsonNumber(s.cheapest / r.trials),
      payback: s.payback
        ? {
            versus: 'api',
            p10: s.payback.p10,
            p50: s.payback.p50,
            p90: s.payback.p90,
            never: s.payback.never,
            by_month: s.payback.counts,
          }
        : null,
    })),
    tco_histogram: {
      edges: r.histogram.edges.map(cents),
      counts: Object.fromEntries(r.strategies.map((s, k) => [s.id, r.histogram.counts[k]!])),
    },
  };
}

export function distributionJson(d: Simulation['inputs'][number]['dist']): JsonValue {
  switch (d.kind) {
    case 'triangular':
      return { kind: d.kind, low: jsonNumber(d.low, 9), mode: jsonNumber(d.mode, 9), high: jsonNumber(d.high, 9) };
    case 'lognormal':
      return { kind: d.kind, p10: jsonNumber(d.p10, 9), p90: jsonNumber(d.p90, 9) };
    case 'uniform':
      return { kind: d.kind, min: jsonNumber(d.min, 9), max: jsonNumber(d.max, 9) };
    case 'choices':
      return {
        kind: d.kind,
        choices: d.choices.map((c) => jsonNumber(c, 9)),
        weights: d.weights.map((w) => jsonNumber(w, 9)),
      };
  }
}

export function formatSimulationJson(r: Simulation): string {
  return stringify(simulationJson(r));
}

/** One row per strategy: point, P10/P50/P90/mean of month-1 cost and TCO, P(cheapest), payback percentiles. */
export function formatSimulationCsv(r: Simulation): string {
  const header = [
    'strategy',
    'month1_point',
    'month1_p10',
    'month1_p50',
    'month1_p90',
    'month1_mean',
    'tco_point',
    'tco_p10',
    'tco_p50',
    'tco_p90',
    'tco_mean',
    'p_cheapest',
    'payback_p10',
    'payback_p50',
    'payback_p90',
    'payback_never_share',
  ];
  const rows: CsvCell[][] = r.strategies.map((s) => [
    s.id,
    cents(s.point.month1),
    cents(s.month1.p10),
    cents(s.month1.p50),
    cents(s.month1.p90),
    cents(s.month1.mean),
    cents(s.point.tco),
    cents(s.tco.p10),
    cents(s.tco.p50),
    cents(s.tco.p90),
    cents(s.tco.mean),
    plain(s.cheapest / r.trials),
    s.payback?.p10 ?? null,
    s.payback?.p50 ?? null,
    s.payback?.p90 ?? null,
    s.payback ? plain(s.payback.never / r.trials) : null,
  ]);
  return csvLines(header, rows);
}

/** --per-trial: one row per trial with the sampled inputs, each strategy's month-1 cost, TCO and payback. */
export function formatSimulationTrialsCsv(r: Simulation): string {
  const ids = r.strategies.map((s) => s.id);
  const pb = r.strategies.filter((s) => s.payback).map((s) => s.id);
  const header = [
    'trial',
    ...r.inputs.map((u) => u.field),
    ...ids.map((id) => `month1_${id}`),
    ...ids.map((id) => `tco_${id}`),
    'cheapest',
    ...pb.map((id) => `payback_${id}`),
  ];
  const rows: CsvCell[][] = [];
  const d = r.data;
  for (let t = 0; t < r.trials; t++) {
    rows.push([
      t + 1,
      ...d.samples.map((a) => plain(a[t]!, 9)),
      ...d.month1.map((a) => cents(a[t]!)),
      ...d.tco.map((a) => cents(a[t]!)),
      ids[d.cheapest[t]!]!,
      ...pb.map((id) => {
        const m = d.payback[ids.indexOf(id)]![t]!;
        return m === 0 ? 'never' : m;
      }),
    ]);
  }
  return csvLines(header, rows);
}
