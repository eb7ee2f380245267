// The engine's invariants, over random valid scenarios and pricing tables (fast-check, fixed seed so
// a failure reproduces; fast-check prints the seed and the shrunk counter-example).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { COMPARE_FORMATS } from '../../src/cli/commands/compare.js';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { evaluate } from '../../src/engine/breakEven.js';
import { compareEngine } from '../../src/engine/compare.js';
import { itemsOf, strategyModels } from '../../src/engine/strategies.js';
import { formatJson } from '../../src/format/json.js';
import { formatTable } from '../../src/format/table.js';
import { Decimal, formatUsd, sum, toCents, toPlain } from '../../src/money.js';
import type { Report, StrategyResult } from '../../src/report/model.js';
import { pricingArb, report, resolve, scenarioArb } from './arbitraries.js';

const SEED = 20261125;
const params = (numRuns: number) => ({ seed: SEED, numRuns });
const byId = (r: Report, id: string): StrategyResult => r.strategies.find((s) => s.id === id)!;
/** A line item is quantised once to $0.000001, so n items may differ from exact maths by n × half that. */
const HALF_MICRO = new Decimal('0.0000005');

const setRequests = (s: Record<string, unknown>, v: number) => ({
  ...s,
  workload: { ...(s.workload as object), requests_per_day: v },
});

describe('API cost', () => {
  it('is monotone and linear in volume (to the quantisation of each item)', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        pricingArb,
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (s, p, a, b) => {
          // Token charges only: overheads are fixed costs, linear in nothing.
          const tokens = (v: number) =>
            byId(report(setRequests(s, v), p), 'api').months.map((m) =>
              m.items.filter((i) => i.category === 'api_tokens'),
            );
          const cost = (items: ReadonlyArray<{ cost: Decimal }>) => sum(items.map((i) => i.cost));
          const [ta, tb, tab] = [tokens(a), tokens(b), tokens(a + b)];
          ta.forEach((itemsA, i) => {
            const [ca, cb, cab] = [cost(itemsA), cost(tb[i]!), cost(tab[i]!)];
            // Monotone: more requests never cost less.
            expect(cab.gte(ca) && cab.gte(cb)).toBe(true);
            // Linear: cost(a + b) = cost(a) + cost(b), up to the rounding of each line item.
            const n = itemsA.length + tb[i]!.length + tab[i]!.length;
            expect(cab.minus(ca).minus(cb).abs().lte(HALF_MICRO.times(n))).toBe(true);
          });
        },
      ),
      params(40),
    );
  });
});

describe('hybrid', () => {
  const items = (s: StrategyResult) =>
    s.months.map((m) => ({
      cost: m.cost.toFixed(),
      items: m.items.map((i) => [
        i.category,
        i.name,
        i.quantity.toFixed(),
        i.unit,
        i.unit_price.toFixed(),
        i.cost.toFixed(),
        i.source,
      ]),
    }));
  it('at share 0 equals api, and at share 1 equals self_hosted, item by item', () => {
    fc.assert(
      fc.property(scenarioArb({ sharedOverheads: true }), pricingArb, (s, p) => {
        const at = (share: number) => report({ ...s, hybrid: { self_hosted_share: share } }, p);
        const zero = at(0);
        expect(items(byId(zero, 'hybrid'))).toEqual(items(byId(zero, 'api')));
        const one = at(1);
        expect(items(byId(one, 'hybrid'))).toEqual(items(byId(one, 'self_hosted')));
        expect(byId(one, 'hybrid').months.map((m) => m.capacity?.replicas)).toEqual(
          byId(one, 'self_hosted').months.map((m) => m.capacity?.replicas),
        );
        expect(one.break_even.hybrid!.run_rate.calls_per_month?.toFixed()).toBe(
          one.break_even.self_hosted!.run_rate.calls_per_month?.toFixed(),
        );
      }),
      params(40),
    );
  });
});

describe('totals', () => {
  it('are the sums of their items, in the model and in the JSON, and the table prints the same totals', () => {
    fc.assert(
      fc.property(scenarioArb(), pricingArb, (s, p) => {
        const r = report(s, p);
        for (const st of r.strategies) {
          for (const m of st.months) expect(m.cost.eq(sum(m.items.map((i) => i.cost)))).toBe(true);
          // Months, and what reserved terms owe after the horizon (in no month).
          const after = sum((st.after_horizon ?? []).map((i) => i.cost));
          expect(st.tco.eq(sum(st.months.map((m) => m.cost)).plus(after))).toBe(true);
          expect(sum(Object.values(st.by_category)).eq(st.tco)).toBe(true);
        }
        // JSON: money is exact decimal strings; re-add them.
        const json = JSON.parse(formatJson(r)) as {
          strategies: Array<{
            id: string;
            tco: string;
            by_category: Record<string, string>;
            months: Array<{ cost: string; items: Array<{ cost: string }> }>;
            commitment_after_horizon?: { cost: string };
          }>;
        };
        for (const st of json.strategies) {
          for (const m of st.months)
            expect(sum(m.items.map((i) => new Decimal(i.cost))).toFixed()).toBe(new Decimal(m.cost).toFixed());
          const after = new Decimal(st.commitment_after_horizon?.cost ?? 0);
          expect(
            sum(st.months.map((m) => new Decimal(m.cost)))
              .plus(after)
              .toFixed(),
          ).toBe(new Decimal(st.tco).toFixed());
          expect(sum(Object.values(st.by_category).map((v) => new Decimal(v))).toFixed()).toBe(
            new Decimal(st.tco).toFixed(),
          );
          expect(new Decimal(st.tco).toFixed()).toBe(byId(r, st.id).tco.toFixed());
        }
        // Table: each strategy's TCO row shows the same total, rounded to cents.
        const table = formatTable(r);
        for (const st of r.strategies)
          expect(table).toMatch(new RegExp(`^${st.id} .*${formatUsd(st.tco).replace(/[$.]/g, '\\$&')}`, 'm'));
      }),
      params(40),
    );
  });
});

describe('self-hosted capacity', () => {
  it('more GPUs (a higher min_replicas) never reduce cost at fixed prices', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        pricingArb,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 10 }),
        (s, p, lo, extra) => {
          const withMin = (n: number) =>
            report({ ...s, self_hosted: { ...(s.self_hosted as object), min_replicas: n } }, p);
          const [a, b] = [withMin(lo), withMin(lo + extra)];
          for (const id of ['self_hosted', 'hybrid']) {
            byId(a, id).months.forEach((m, i) => {
              const n = byId(b, id).months[i]!;
              expect(n.capacity?.gpus ?? 0).toBeGreaterThanOrEqual(m.capacity?.gpus ?? 0);
              expect(n.cost.gte(m.cost)).toBe(true);
            });
          }
        },
      ),
      params(30),
    );
  });
});

describe('break-even', () => {
  it('when found, is a crossing: the difference changes sign within one call, and stays ≤ 0 beyond', () => {
    let found = 0;
    fc.assert(
      fc.property(scenarioArb({ steady: true }), pricingArb, (s, p) => {
        const { input } = resolve(s, p);
        const r = compareEngine(input);
        const { models } = strategyModels(input);
        const api = models.find((m) => m.id === 'api')!;
        for (const m of models.filter((x) => x.id !== 'api')) {
          const be = r.break_even[m.id as 'self_hosted' | 'hybrid']!;
          const v = be.run_rate.calls_per_month;
          if (v === null) continue;
          found++;
          // The solver's own cost curves: exact.
          const curveDiff = (calls: Decimal) =>
            evaluate(m.runRateCurve(), calls).minus(evaluate(api.runRateCurve(), calls));
          expect(curveDiff(v).lte(0)).toBe(true);
          if (v.gt(0)) expect(curveDiff(v.minus(1)).gt(0)).toBe(true);
          for (const k of [1, 2, 10, 1000]) expect(curveDiff(v.times(k).plus(k)).lte(0)).toBe(true);
          // The engine's month (line items) at the same volumes: equal to the curve up to item rounding.
          // With no one-time costs or fine-tuning, any month costs the run rate.
          const monthDiff = (calls: Decimal) => {
            const mine = itemsOf(m.month(2, calls).groups);
            const theirs = itemsOf(api.month(2, calls).groups);
            return {
              diff: sum(mine.map((i) => i.cost)).minus(sum(theirs.map((i) => i.cost))),
              n: mine.length + theirs.length,
            };
          };
          for (const calls of v.gt(0) ? [v, v.minus(1)] : [v]) {
            const { diff, n } = monthDiff(calls);
            expect(diff.minus(curveDiff(calls)).abs().lte(HALF_MICRO.times(n))).toBe(true);
          }
        }
      }),
      params(60),
    );
    expect(found, 'the generator must produce scenarios that do break even').toBeGreaterThan(10);
  });

  it('TCO break-even, when found, is a crossing of the horizon totals (one-time costs included)', () => {
    let found = 0;
    fc.assert(
      fc.property(scenarioArb(), pricingArb, (s, p) => {
        const { input } = resolve(s, p);
        const r = compareEngine(input);
        const { models } = strategyModels(input);
        const api = models.find((m) => m.id === 'api')!;
        for (const m of models.filter((x) => x.id !== 'api')) {
          const v = r.break_even[m.id as 'self_hosted' | 'hybrid']!.tco.calls_per_month;
          if (v === null) continue;
          found++;
          // The months, and what reserved terms bought at this steady volume owe after the horizon.
          const total = (model: typeof api, calls: Decimal) => {
            const after = model.afterHorizonCurves?.()[0];
            return sum(Array.from({ length: input.horizonMonths }, (_, i) => evaluate(model.curve(i + 1), calls))).plus(
              after ? evaluate(after, calls) : 0,
            );
          };
          const diff = (calls: Decimal) => total(m, calls).minus(total(api, calls));
          expect(diff(v).lte(0)).toBe(true);
          if (v.gt(0)) expect(diff(v.minus(1)).gt(0)).toBe(true);
        }
      }),
      params(40),
    );
    expect(found, 'the generator must produce scenarios that do break even').toBeGreaterThan(5);
  });
});

describe('every output format', () => {
  // Through the CLI, for each format `compare` offers (formats added later are included): each
  // strategy's TCO appears, exact (JSON) or to the cent (people's and spreadsheet formats).
  it.each(COMPARE_FORMATS.map((f) => [f]))("--format %s prints every strategy's TCO", async (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-formats-'));
    try {
      const cases = fc.sample(fc.tuple(scenarioArb(), pricingArb), { seed: SEED, numRuns: 8 });
      for (const [i, [s, p]] of cases.entries()) {
        writeFileSync(join(dir, `s${i}.yaml`), JSON.stringify(s));
        writeFileSync(join(dir, `p${i}.yaml`), JSON.stringify(p));
        let out = '';
        let err = '';
        const io: CliIo = {
          stdout: (t) => void (out += t),
          stderr: (t) => void (err += t),
          env: { NO_COLOR: '1' },
          cwd: dir,
          stdoutIsTTY: false,
          stderrIsTTY: false,
          now: () => new Date(0),
        };
        // The scenario names only the generated rows, so the shipped tables loaded beside them change nothing.
        const extra = format === 'focus' ? ['--start-month', '2027-01'] : [];
        const code = await run(['compare', `s${i}.yaml`, '--pricing', `p${i}.yaml`, '--format', format, ...extra], io);
        expect(err).toBe('');
        expect(code).toBe(0);
        // FOCUS needs a start month, which brings calendar months unless days_per_month is stated.
        const r = format === 'focus' ? report({ ...s, start_month: '2027-01' }, p) : report(s, p);
        // Spreadsheet formats carry line items, not totals: their cost column must add up to the TCO.
        const sums =
          format === 'csv'
            ? columnSums(out, 'strategy', 'cost')
            : format === 'focus'
              ? columnSums(out, 'x_Strategy', 'BilledCost')
              : null;
        for (const st of r.strategies) {
          const forms = [toPlain(st.tco), toCents(st.tco), formatUsd(st.tco)];
          const found = sums ? sums.get(st.id)?.toFixed(2) === toCents(st.tco) : forms.some((f) => out.includes(f));
          expect(found, `${format}: ${st.id} TCO ${forms[1]} not found`).toBe(true);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Sum of `valueColumn` per `keyColumn` of a CSV, exactly. */
function columnSums(csv: string, keyColumn: string, valueColumn: string): Map<string, Decimal> {
  const rows = parseCsv(csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const sums = new Map<string, Decimal>();
  for (const row of rows) {
    const key = row[keyColumn]!;
    sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(row[valueColumn] || 0));
  }
  return sums;
}
