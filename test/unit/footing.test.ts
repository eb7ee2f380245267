// Cents that foot and cross-foot: for every shipped scenario, the long CSV's rows of a strategy-month
// sum to that month's cell of the wide CSV and of the --monthly table, the months sum to the TCO the
// table prints, and the JSON `*_cents` fields are the same cents. A budget equal to each printed
// figure holds and a cent less fails.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { collectBudgets, evaluateBudgets } from '../../src/budget/budgets.js';
import { formatCsv } from '../../src/format/csv.js';
import { formatJson } from '../../src/format/json.js';
import { formatTable } from '../../src/format/table.js';
import { centsPlan, Decimal, formatUsd } from '../../src/money.js';
import { compareLoaded, readScenario } from '../../src/index.js';
import { shippedScenarios } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

type Row = Record<string, string>;
const readCsv = (text: string): Row[] => parse(text, { columns: true }) as Row[];
/** "1234.56" → 123456n; "$1,234.56" too. */
const cents = (s: string): bigint => {
  const t = s.replace(/[$,]/g, '');
  expect(t).toMatch(/^-?\d+\.\d{2}$/);
  return BigInt(t.replace('.', ''));
};

describe('centsPlan', () => {
  const d = (xs: string[]) => xs.map((x) => new Decimal(x));
  it('allocates the total to months and each month to its items, signed amounts too', () => {
    const plan = centsPlan([d(['0.335', '0.335', '-0.104']), d(['10.005']), d(['0.004', '0.004'])]);
    // Exact total 10.579 → $10.58; months 0.566, 10.005, 0.008.
    expect(plan.total.toFixed(2)).toBe('10.58');
    const sumOf = (xs: Decimal[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));
    expect(sumOf(plan.months).toFixed(2)).toBe('10.58');
    plan.items.forEach((its, i) => expect(sumOf(its).toFixed(2)).toBe(plan.months[i]!.toFixed(2)));
    expect(plan.items[0]![2]!.toFixed(2)).toBe('-0.10');
  });
  it('never hands a cent to an unpriced item', () => {
    const plan = centsPlan([[null, new Decimal('1.005')]]);
    expect(plan.items[0]!.map((x) => x.toFixed(2))).toEqual(['0.00', '1.01']);
  });
});

describe.each(shippedScenarios())('%s foots and cross-foots', (scenario) => {
  const loaded = readScenario(`${ROOT}/${scenario}`);
  const report = compareLoaded(loaded);
  const long = readCsv(formatCsv([report], 'long', [scenario]));
  const wide = readCsv(formatCsv([report], 'wide', [scenario]));
  const json = JSON.parse(formatJson(report)) as {
    strategies: Array<{
      id: string;
      tco_cents: string;
      months: Array<{ cost_cents: string; items: Array<{ cost_cents: string | null }> }>;
    }>;
  };
  const table = formatTable(report, { monthly: true });
  const monthly = table.slice(table.indexOf('Month by month'));

  it('long CSV rows of each strategy-month sum to the wide cell and the JSON month cents', () => {
    for (const s of json.strategies) {
      s.months.forEach((m, i) => {
        const rows = long.filter((r) => r.strategy === s.id && r.month === String(i + 1));
        const sum = rows.reduce((a, r) => a + (r.cost ? cents(r.cost) : 0n), 0n);
        expect(sum).toBe(cents(wide[i]![s.id]!));
        expect(sum).toBe(cents(m.cost_cents));
      });
      expect(wide.reduce((a, r) => a + cents(r[s.id]!), 0n)).toBe(cents(s.tco_cents));
    }
    expect(new Set(long.map((r) => r.file))).toEqual(new Set([scenario]));
  });

  it('generated item names and sources are ASCII (no mojibake in a default spreadsheet import)', () => {
    for (const r of long) {
      expect(r.item).toMatch(/^[\x20-\x7e]*$/);
      expect(r.source).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('--monthly shows the same month cents and the TCO', () => {
    const lines = monthly.split('\n').filter((l) => /^\s*(\d{4}-\d{2}|\d+|Total)\s/.test(l));
    expect(lines.length).toBe(report.horizon_months + 1);
    const strategyCount = json.strategies.length;
    lines.forEach((line, i) => {
      const money = line.match(/-?\$[\d,]+\.\d{2}/g) ?? [];
      expect(money.length).toBe(strategyCount);
      json.strategies.forEach((s, k) => {
        const expected = i < report.horizon_months ? wide[i]![s.id]! : s.tco_cents;
        expect(cents(money[k]!)).toBe(cents(expected));
      });
    });
  });

  it('a money budget equal to a printed figure holds and a cent less fails; per-1k at 4 decimals', () => {
    for (const s of report.strategies) {
      const tco = json.strategies.find((x) => x.id === s.id)!.tco_cents;
      const peak = wide
        // The row of reserved terms owed after the horizon is in no month: not a monthly figure.
        .filter((r) => r.month !== 'after_horizon')
        .map((r) => new Decimal(r[s.id]!))
        .reduce((a, x) => (x.gt(a) ? x : a));
      const perK = s.cost_per_1k_calls ? formatUsd(s.cost_per_1k_calls, 4).replace(/[$,]/g, '') : null;
      const cases = [
        ['max_tco', tco, '0.01'],
        ['max_monthly', peak.toFixed(2), '0.01'],
        ['max_cost_per_1k_calls', perK, '0.0001'],
      ] as const;
      for (const [kind, printed, step] of cases) {
        if (printed === null) continue;
        if (kind !== 'max_monthly') expect(table).toContain(formatUsd(new Decimal(printed), step === '0.01' ? 2 : 4));
        const at = (limit: string) => {
          const l = {
            ...loaded,
            scenario: { ...loaded.scenario, budgets: { strategy: s.id, [s.id]: { [kind]: Number(limit) } } },
          };
          return evaluateBudgets(report, collectBudgets(l as typeof loaded), scenario)[0]!.exceeded;
        };
        expect(at(printed)).toBe(false);
        expect(at(new Decimal(printed).minus(step).toFixed())).toBe(true);
      }
    }
  });
});
