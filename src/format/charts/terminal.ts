// The charts under `compare`'s table: cumulative cost per strategy over the horizon with the payback
// month marked, and one bar per strategy of its horizon cost split by category. Report in, string out.
import { Decimal } from '../../money.js';
import { amountShort } from '../amount.js';
import { breakEvenIds, type Report } from '../../report/model.js';
import { CATEGORIES, type StrategyId } from '../../vocabulary.js';
import { CATEGORY_LABELS } from '../labels.js';
import { PLAIN, type Style } from '../style.js';
import { stackedBars } from './bars.js';
import { lineChart, type XMarker } from './cumulative.js';
import { tickUsd } from './scale.js';

export interface TerminalChartOptions {
  /** Terminal width in columns (80 when unknown). */
  width?: number;
  /** Plain ASCII instead of braille and block characters. */
  ascii?: boolean;
  style?: Style;
}

const UNICODE_FILLS: Record<string, string> = {
  api_tokens: '█',
  gpu: '▓',
  staff: '▒',
  fine_tuning: '░',
  overhead: '▚',
  one_time: '▞',
};
const ASCII_FILLS: Record<string, string> = {
  api_tokens: '#',
  gpu: '=',
  staff: '+',
  fine_tuning: '~',
  overhead: ':',
  one_time: '.',
};

/** Widths outside this range make charts that help nobody; narrower terminals wrap anyway. */
export const MIN_WIDTH = 40;
export const MAX_WIDTH = 160;

export function formatCharts(r: Report, opts: TerminalChartOptions = {}): string {
  if (r.strategies.length === 0) return '';
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(opts.width ?? 80)));
  const st = opts.style ?? PLAIN;
  const paint: Record<StrategyId, (s: string) => string> = {
    api: st.yellow,
    self_hosted: st.cyan,
    hybrid: st.green,
    api_same_model: st.dim,
  };

  const series = r.strategies.map((s) => {
    let total = new Decimal(0);
    // Drawing positions only: the exact cumulative sums are rounded to floats here and nowhere else.
    const values = [0, ...s.months.map((m) => (total = total.plus(m.cost)).toNumber())];
    return { label: s.id, values, paint: paint[s.id] };
  });
  const paybackByMonth = new Map<number, string[]>();
  for (const k of breakEvenIds(r)) {
    const m = r.break_even[k]?.payback_month;
    if (m) paybackByMonth.set(m, [...(paybackByMonth.get(m) ?? []), k]);
  }
  const markers: XMarker[] = [...paybackByMonth.entries()].map(([x, ids]) => ({
    x,
    label: `payback month ${x}: ${ids.join(', ')}`,
  }));
  const out: string[] = [];
  out.push(
    lineChart(series, {
      width,
      height: 12,
      ascii: opts.ascii,
      title: st.bold(`Cumulative cost (USD) over ${r.horizon_months} months`),
      xLabel: 'month',
      yFormat: tickUsd,
      markers,
    }),
  );

  const fills = opts.ascii ? ASCII_FILLS : UNICODE_FILLS;
  const present = CATEGORIES.filter((c) => r.strategies.some((s) => !s.by_category[c].isZero()));
  out.push(
    stackedBars(
      r.strategies.map((s) => ({
        label: s.id,
        total: amountShort(s, s.tco),
        segments: present.map((c) => ({ key: c, value: s.by_category[c].toNumber() })),
      })),
      {
        width,
        fills,
        legend: present.map((c) => ({ key: c, label: CATEGORY_LABELS[c] })),
        title: st.bold(`${r.horizon_months}-month cost by category`),
      },
    ),
  );
  return out.join('\n');
}
