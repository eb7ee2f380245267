// What would flip the answer: hand-checked envelopes, and metamorphic tests that apply every reported
// factor to the pricing tables just before and just past it and re-run the whole comparison.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flipsOn, nextBreakpoint, type FactorLine } from '../../src/engine/flips.js';
import { flipSentence } from '../../src/format/reasons.js';
import { Decimal, dec } from '../../src/money.js';
import { compare } from '../../src/pipeline/index.js';
import { loadPricing } from '../../src/pricing/load.js';
import type { Gpu, PricingTables } from '../../src/pricing/tables.js';
import type { FlipAxis, Report, StrategyResult } from '../../src/report/model.js';
import { ROOT, run, simpleScenario, simpleTables } from '../helpers.js';

const line = (id: FactorLine['id'], fixed: number, scaled: number): FactorLine => ({
  id,
  fixed: dec(fixed),
  scaled: dec(scaled),
});

/** Only the totals flipsOn reads: TCO and API tokens (the API axis). */
const strategy = (id: StrategyResult['id'], fixed: number, scaled: number): StrategyResult =>
  ({
    id,
    tco: dec(fixed).plus(dec(scaled)),
    by_category: { api_tokens: dec(scaled) },
    months: [],
  }) as unknown as StrategyResult;

describe('the lower envelope along a price factor (hand-checked)', () => {
  // api = 100f, self_hosted = 50, hybrid = 10 + 70f. Today (f = 1): 100, 50, 80 → self_hosted.
  // Falling: hybrid meets self_hosted at (10 − 50) ÷ (0 − 70) = 4/7 = 0.571428…, api at 0.5: hybrid first.
  // Below 4/7 hybrid is cheapest until api meets it at (0 − 10) ÷ (70 − 100) = 1/3.
  const lines = [line('api', 0, 100), line('self_hosted', 50, 0), line('hybrid', 10, 70)];
  it('finds the nearest breakpoint against every strategy, not one rival', () => {
    const bp = nextBreakpoint(lines, lines[1]!, dec(1), 'fall')!;
    expect(bp.to.id).toBe('hybrid');
    expect(bp.factor.eq(dec(4).div(7))).toBe(true);
    const beyond = nextBreakpoint(lines, bp.to, bp.factor, 'fall')!;
    expect(beyond.to.id).toBe('api');
    expect(beyond.factor.eq(dec(1).div(3))).toBe(true);
    expect(nextBreakpoint(lines, lines[1]!, dec(1), 'rise')).toBeNull(); // nothing is flatter than a flat line
  });
  it('rounds the factor to 6 significant digits away from 1 and prints one that flips', () => {
    const three = [strategy('api', 0, 100), strategy('self_hosted', 50, 0), strategy('hybrid', 10, 70)];
    const [f] = flipsOn('api_price', three, 'self_hosted');
    expect(f!.factor.toFixed()).toBe('0.571428'); // 0.5714285… rounded down
    expect(f!.printed.toFixed()).toBe('0.571');
    expect(flipSentence(f!)).toBe(
      "The answer flips to hybrid if API token prices fall by 42.9% (to 0.571× today's rates; threshold 0.571428×).",
    );
  });
  it('rising prices: the flatter line overtakes; a tie at today is a breakpoint just above 1', () => {
    // api = 100f, self_hosted = 60 + 40f: equal at 1; above 1 self_hosted is cheaper.
    const flips = flipsOn('api_price', [strategy('api', 0, 100), strategy('self_hosted', 60, 40)], 'api');
    expect(flips.map((f) => [f.direction, f.to, f.factor.toFixed()])).toEqual([['rise', 'self_hosted', '1']]);
  });
  it('prints more digits when three would pass the next breakpoint', () => {
    // hybrid = 49.90039 + 0.2f meets self_hosted = 50 at 0.49805; api = 100.3975f meets hybrid at
    // 49.90039 ÷ 100.1975 = 0.498020…: 0.498 (and 0.4980) would already be api's, 0.49804 is hybrid's.
    const three = [strategy('api', 0, 100.3975), strategy('self_hosted', 50, 0), strategy('hybrid', 49.90039, 0.2)];
    const flips = flipsOn('api_price', three, 'self_hosted');
    const f = flips[0]!;
    expect([f.to, f.exact.toFixed(), f.next!.to]).toEqual(['hybrid', '0.49805', 'api']);
    expect(f.printed.toFixed()).toBe('0.49804');
  });
});

// ---- metamorphic: scale the tables, re-run, check the winner ----

const API_RATE = /_per_1m$/;

function scaleRates<T extends object>(row: T, factor: number, pick: (key: string) => boolean): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && pick(k)) out[k] = v * factor;
  return out as T;
}

/** Every per-token rate of every API model (tiers included), or every GPU-hour rate, × factor. */
function scaled(tables: PricingTables, axis: FlipAxis, factor: number): PricingTables {
  if (axis === 'api_price') {
    const apiModels = new Map(
      [...tables.apiModels].map(([id, m]) => {
        const row = scaleRates(m, factor, (k) => API_RATE.test(k));
        const tiers = m.tiers?.map((t) => scaleRates(t, factor, (k) => API_RATE.test(k)));
        return [id, tiers ? { ...row, tiers } : row];
      }),
    );
    return { ...tables, apiModels };
  }
  const hourly = new Set(['on_demand', 'reserved_1y', 'reserved_3y', 'spot']);
  const scaleRow = (p: Gpu['prices'][number]) => scaleRates(p, factor, (k) => hourly.has(k));
  const gpus = new Map([...tables.gpus].map(([id, g]) => [id, { ...g, prices: g.prices.map(scaleRow) }]));
  return { ...tables, gpus };
}

function winner(r: Report): string {
  return r.recommendation!.strategy;
}

function checkFlips(report: Report, rerun: (axis: FlipAxis, factor: number) => Report): number {
  let checked = 0;
  for (const f of report.recommendation!.flips) {
    const x = f.factor.toNumber();
    const far = f.direction === 'fall' ? x * (1 - 0.0005) : x * (1 + 0.0005);
    const near = f.direction === 'fall' ? x * (1 + 0.0005) : x * (1 - 0.0005);
    expect(winner(rerun(f.axis, far)), `${report.scenario}: ${f.axis} × ${far} (past ${f.factor})`).toBe(f.to);
    const today = report.recommendation!.strategy;
    expect(winner(rerun(f.axis, near)), `${report.scenario}: ${f.axis} × ${near} (short of ${f.factor})`).toBe(today);
    // The printed factor, applied as printed, flips too.
    expect(winner(rerun(f.axis, f.printed.toNumber())), `${report.scenario}: printed ${f.printed}`).toBe(f.to);
    checked++;
  }
  return checked;
}

describe('flips, metamorphic: every reported factor flips the answer just past it and not before', () => {
  const shipped = loadPricing();
  const files = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  it.each(files)('scenarios/%s', (file) => {
    const path = join(ROOT, 'scenarios', file);
    const report = compare(path, { tables: shipped });
    checkFlips(report, (axis, factor) => compare(path, { tables: scaled(shipped, axis, factor) }));
  });
  it('saas-support: the API flip is to api at 0.289087× (the old "flips to hybrid at 0.06×" was false)', () => {
    // Among api, self_hosted and hybrid: tables without the endpoints that serve the open model.
    const three = {
      ...shipped,
      apiModels: new Map([...shipped.apiModels].filter(([, m]) => !(m as { open_model?: string }).open_model)),
    };
    const report = compare(join(ROOT, 'scenarios', 'saas-support.yaml'), { tables: three });
    const api = report.recommendation!.flips.filter((f) => f.axis === 'api_price');
    expect(api.map((f) => [f.direction, f.to, f.factor.toFixed()])).toEqual([['fall', 'api', '0.289087']]);
  });
  it('saas-support with api_same_model: it wins, and API prices ×59.3001 hand it to self_hosted', () => {
    // api_same_model = 19,200 + 16,111.59 f against self_hosted's flat 974,617.60 (README, Flips).
    const report = compare(join(ROOT, 'scenarios', 'saas-support.yaml'), { tables: shipped });
    expect(report.recommendation!.strategy).toBe('api_same_model');
    const api = report.recommendation!.flips.filter((f) => f.axis === 'api_price');
    expect(api.map((f) => [f.direction, f.to, f.factor.toFixed()])).toEqual([['rise', 'self_hosted', '59.3001']]);
  });

  // Generated scenarios on the hand-made tables: volumes from far below to far above break-even,
  // with and without staff, overheads and a hybrid leaning either way.
  const tables = simpleTables();
  const cases: string[] = [];
  for (const rpd of [2000, 20000, 100000, 600000, 3000000]) {
    for (const share of [0.2, 0.8]) {
      for (const extra of ['', 'overheads:\n  - { name: ops, monthly: 9000, applies_to: [api, hybrid] }\n']) {
        const yaml = simpleScenario(extra)
          .replace('requests_per_day: 100000', `requests_per_day: ${rpd}`)
          .replace('self_hosted_share: 0.5', `self_hosted_share: ${share}`);
        cases.push(yaml);
      }
    }
  }
  it(`${cases.length} generated scenarios`, () => {
    let checked = 0;
    for (const yaml of cases) {
      checked += checkFlips(run(yaml, tables), (axis, factor) => run(yaml, scaled(tables, axis, factor)));
    }
    expect(checked).toBeGreaterThan(cases.length); // most scenarios have a flip on each axis
  });
});

describe('printed percentages', () => {
  it('are exact for the printed factor (never rounded toward the threshold)', () => {
    const f = {
      axis: 'api_price',
      direction: 'fall',
      to: 'api',
      exact: new Decimal('0.903671'),
      factor: new Decimal('0.903671'),
      printed: new Decimal('0.903'),
      next: null,
    } as const;
    expect(flipSentence(f)).toContain('fall by 9.7% (to 0.903×');
  });
});
