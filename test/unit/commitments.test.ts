// Commitments bind: reserved capacity bought in tranches, billed for its whole term, renewed when still
// needed, and what a term owes after the horizon as a horizon-level item in the TCO. Hand-worked on the
// simple tables: 100,000 requests/day × 30 days = 3,000,000 calls/month; one replica serves 2,592,000
// calls/month at peak (0.3 replica-seconds a call, peak ×2, 60% utilisation), so 3M calls need 2
// replicas, 6M need 3, 12M need 5; a month is 720 GPU-hours per GPU.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/breakEven.js';
import { compareEngine } from '../../src/engine/compare.js';
import { reservationPlan } from '../../src/engine/commitments.js';
import { strategyModels } from '../../src/engine/strategies.js';
import { Decimal, sum, ZERO } from '../../src/money.js';
import { parse } from 'csv-parse/sync';
import type { PricingTables } from '../../src/pricing/tables.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { strategyCents } from '../../src/report/cents.js';
import { formatCsv } from '../../src/format/csv.js';
import { formatFocus } from '../../src/format/focus.js';
import { formatTable } from '../../src/format/table.js';
import { reportJson } from '../../src/format/json.js';
import type { Report, StrategyResult } from '../../src/report/model.js';
import { simpleScenario, simpleTables } from '../helpers.js';

/** test-gpu at 'cloud': on demand $2, reserved_1y $1.50 (fixture), reserved_3y $1 (added here). */
function tables(gpusPerInstance?: number): PricingTables {
  const t = simpleTables();
  const g = t.gpus.get('test-gpu')!;
  const priced = {
    ...g,
    prices: g.prices.map((p) => ({
      ...p,
      reserved_3y: 1,
      ...(gpusPerInstance ? { gpus_per_instance: gpusPerInstance } : {}),
    })),
  };
  return { ...t, gpus: new Map([...t.gpus, ['test-gpu', priced]]) };
}

/** The simple scenario without its hybrid, with `lines` added to self_hosted and a horizon. */
const scenario = (lines: string, horizon: number, growth = '') =>
  simpleScenario()
    .replace('horizon_months: 12', `horizon_months: ${horizon}`)
    .replace('  min_replicas: 1\n', `  min_replicas: 1\n${lines}`)
    .replace('  peak_to_average: 2\n', `  peak_to_average: 2\n${growth}`)
    .replace(/hybrid:[\s\S]*$/, '');

const curve = (xs: number[]) => `  growth: { curve: [${xs.join(', ')}] }\n`;

const run = (yaml: string, t = tables()): Report =>
  compareEngine(resolveScenario(parseScenarioText(yaml, 'scenario.yaml'), t));
const sh = (r: Report): StrategyResult => r.strategies.find((s) => s.id === 'self_hosted')!;
const gpuCost = (s: StrategyResult): Decimal => s.by_category.gpu;
const STAFF_MONTH = 10_000;

describe('a 3-year reservation over a 12-month horizon', () => {
  const r = run(scenario('  commitment: reserved_3y\n', 12));
  const s = sh(r);
  it('bills 2 replicas × 720 h × $1 every month, and the 24 months past the horizon in the TCO', () => {
    for (const m of s.months) expect(m.items.find((i) => i.category === 'gpu')!.cost.toFixed()).toBe('1440');
    expect(gpuCost(s).toFixed()).toBe('17280');
    expect(s.by_category.commitment_after_horizon.toFixed()).toBe('34560'); // 24 × 720 × 2 × $1
    expect(s.after_horizon!.map((i) => [i.quantity.toFixed(), i.unit_price.toFixed()])).toEqual([['34560', '1']]);
    expect(s.tco.toFixed()).toBe(String(17_280 + 34_560 + 12 * STAFF_MONTH));
  });
  it('keeps the months true: they sum to the TCO less the horizon-level item', () => {
    expect(sum(s.months.map((m) => m.cost)).toFixed()).toBe(String(17_280 + 12 * STAFF_MONTH));
    const cents = strategyCents(s);
    expect(sum([...cents.months, cents.after]).eq(cents.total)).toBe(true);
    expect(cents.after.toFixed(2)).toBe('34560.00');
  });
  it('names the tranche: month 1, 2 replicas, 36-month term, 12 months billed, 24 after', () => {
    expect(s.tranches).toEqual([
      expect.objectContaining({
        kind: 'serving',
        start: 1,
        end: 36,
        term_months: 36,
        replicas: 2,
        why: 'needed',
        months_billed: 12,
        months_after_horizon: 24,
      }),
    ]);
  });
  it('shows it on its own line in the table, and in JSON, CSV and FOCUS', () => {
    expect(formatTable(r)).toContain(
      'self_hosted: the TCO includes $34,560.00 of reserved GPU-hours owed after month 12',
    );
    const monthly = formatTable(r, { monthly: true });
    expect(monthly).toMatch(/After horizon\s+\$0\.00\s+\$34,560\.00/);
    const json = reportJson(r) as { strategies: Array<Record<string, unknown>> };
    const after = json.strategies[1]!.commitment_after_horizon as { cost_cents: string };
    expect(after.cost_cents).toBe('34560.00');
    const csv = formatCsv([r]);
    const row = csv.split('\r\n').find((l) => l.includes('after_horizon'))!;
    expect(row).toContain('commitment_after_horizon');
    expect(row).toContain('34560.00');
    // Wide: a row of its own; each strategy column sums to its TCO.
    const wide = formatCsv([r], 'wide').trim().split('\r\n');
    const last = wide.find((l) => l.includes('after_horizon'))!.split(',');
    expect(last).toContain('34560.00');
  });
  it('FOCUS charges it over the months after the horizon and still sums to the TCO to the cent', () => {
    const anchored = run(
      scenario('  commitment: reserved_3y\n', 12).replace(
        'days_per_month: 30',
        'days_per_month: 30\nstart_month: 2027-01',
      ),
    );
    const rows = parse(formatFocus([anchored]), { columns: true }) as Array<Record<string, string>>;
    const mine = rows.filter((c) => c.x_Strategy === 'self_hosted');
    const total = sum(mine.map((c) => new Decimal(c.BilledCost!)));
    expect(total.toFixed(2)).toBe(strategyCents(sh(anchored)).total.toFixed(2));
    const after = mine.find((c) => c.x_Category === 'commitment_after_horizon')!;
    expect(after.x_Month).toBe('');
    expect(after.BilledCost).toBe('34560.00');
    expect(after.ChargePeriodStart).toBe('2028-01-01T00:00:00Z');
    expect(after.ChargePeriodEnd).toBe('2030-01-01T00:00:00Z');
  });
  it('the horizon curve (TCO break-even) prices the same months and the same term past them', () => {
    const input = resolveScenario(parseScenarioText(scenario('  commitment: reserved_3y\n', 12), 's.yaml'), tables());
    const model = strategyModels(input).models.find((m) => m.id === 'self_hosted')!;
    const calls = s.months[0]!.calls;
    const months = sum(Array.from({ length: 12 }, (_, i) => evaluate(model.curve(i + 1), calls)));
    const after = evaluate(model.afterHorizonCurves!()[0]!, calls);
    expect(months.plus(after).minus(s.tco).abs().lt('0.0001')).toBe(true);
  });
});

describe('tranches along the growth path', () => {
  it('growth adds a tranche in month 7 (1-year term): it owes 6 months after a 12-month horizon', () => {
    const s = sh(run(scenario('  commitment: reserved_1y\n', 12, curve([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]))));
    expect(s.tranches!.map((t) => [t.start, t.replicas, t.end, t.months_after_horizon])).toEqual([
      [1, 2, 12, 0],
      [7, 1, 18, 6],
    ]);
    expect(s.months[6]!.items[0]!.name).toContain(
      '3 replicas held for the term; tranches: 2 from month 1, 1 from month 7',
    );
    // 6 × 720 × 1 × $1.50
    expect(s.by_category.commitment_after_horizon.toFixed()).toBe('6480');
    expect(gpuCost(s).toFixed()).toBe(String((6 * 2 + 6 * 3) * 720 * 1.5));
  });
  it('shrinking demand keeps paying: a 3-year tranche of the peak, billed 36 months over a 6-month horizon', () => {
    // 12M, 9M, 6M, 4.5M, 3M, 3M calls need 5, 4, 3, 2, 2, 2 replicas; the 5 bought in month 1 stay.
    const s = sh(run(scenario('  commitment: reserved_3y\n', 6, curve([4, 3, 2, 1.5, 1, 1]))));
    expect(s.months.map((m) => m.capacity!.replicas)).toEqual([5, 4, 3, 2, 2, 2]);
    expect(s.tranches!.map((t) => [t.start, t.replicas, t.end])).toEqual([[1, 5, 36]]);
    for (const m of s.months) expect(m.items[0]!.quantity.toFixed()).toBe(String(5 * 720));
    expect(gpuCost(s).plus(s.by_category.commitment_after_horizon).toFixed()).toBe(String(5 * 36 * 720));
  });
  it('renews a tranche still needed at its term end, and lets go of what is no longer needed', () => {
    // 24 months, 1-year term: 3 replicas in year 1 (6M calls), 2 in year 2 (3M): the renewal buys 2.
    const growth = curve([...Array(12).fill(2), ...Array(12).fill(1)]);
    const s = sh(run(scenario('  commitment: reserved_1y\n', 24, growth)));
    expect(s.tranches!.map((t) => [t.start, t.replicas, t.why])).toEqual([
      [1, 3, 'needed'],
      [13, 2, 'renewal'],
    ]);
    expect(s.after_horizon).toBeUndefined();
    expect(s.by_category.commitment_after_horizon.isZero()).toBe(true);
  });
  it('buys whole instances where the price row gives gpus_per_instance (8 one-GPU replicas an instance)', () => {
    const s = sh(run(scenario('  commitment: reserved_1y\n', 12), tables(8)));
    expect(s.tranches!.map((t) => [t.replicas, t.gpus])).toEqual([[8, 8]]);
    expect(s.months[0]!.capacity!.replicas).toBe(2);
    expect(s.months[0]!.items[0]!.quantity.toFixed()).toBe(String(8 * 720));
  });
  it('reserved_replicas: N is a tranche of N from month 1 (rounded to whole instances), renewed, owing its term', () => {
    const lines = '  reserved_replicas: 3\n  reserved_commitment: reserved_3y\n';
    const s = sh(run(scenario(lines, 12), tables(4)));
    expect(s.tranches).toEqual([
      expect.objectContaining({ kind: 'floor', start: 1, end: 36, replicas: 4, requested: 3, why: 'floor' }),
    ]);
    expect(s.months[0]!.items[0]!.name).toContain('reserved_replicas 3 in whole 4-GPU instances');
    expect(s.by_category.commitment_after_horizon.toFixed()).toBe(String(4 * 24 * 720));
  });
  it('an on-demand commitment binds nothing: no tranches, nothing after the horizon', () => {
    const s = sh(run(scenario('', 12)));
    expect(s.tranches).toBeUndefined();
    expect(s.after_horizon).toBeUndefined();
  });
});

describe('gpu: auto keeps a GPU type while it has live reservations', () => {
  it('switches only when no tranche is live', () => {
    const input = resolveScenario(parseScenarioText(scenario('  commitment: reserved_1y\n', 24), 's.yaml'), tables());
    const a = input.selfHosted!;
    const b = { ...a, gpu: { ...a.gpu, id: 'other-gpu' } };
    // Option 1 becomes cheaper from month 3 on; option 0 holds its 12-month tranche to month 12.
    const plan = reservationPlan(
      [a, b],
      input,
      () => 2,
      (i, m) => (m >= 3 && i === 1 ? ZERO : a.hourlyRate),
    )!;
    expect(plan.months.map((m) => m.option)).toEqual([...Array(12).fill(0), ...Array(12).fill(1)]);
    expect(plan.tranches.map((t) => [t.option, t.start])).toEqual([
      [0, 1],
      [1, 13],
    ]);
  });
});

describe('metamorphic: a longer horizon never lowers what the same tranches cost', () => {
  it('in-horizon + past-horizon reserved cost is non-decreasing in the horizon for one growth path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0.5, 1, 1.5, 2, 3, 4), { minLength: 14, maxLength: 14 }),
        fc.constantFrom('reserved_1y', 'reserved_3y'),
        (path, commitment) => {
          let previous = ZERO;
          for (const h of [3, 7, 12, 14]) {
            const s = sh(run(scenario(`  commitment: ${commitment}\n`, h, curve(path.slice(0, h)))));
            const committed = gpuCost(s).plus(s.by_category.commitment_after_horizon);
            expect(committed.gte(previous)).toBe(true);
            previous = committed;
          }
        },
      ),
      { numRuns: 15, seed: 14 },
    );
  });
});
