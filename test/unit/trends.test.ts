// Price trends, worked by hand on the round-number fixture (3,000,000 calls a month, no growth).
import { describe, expect, it } from 'vitest';
import { trendFactor } from '../../src/engine/trends.js';
import { Decimal } from '../../src/money.js';
import { run, simpleScenario } from '../helpers.js';

const trended = (api: string, gpu: string) =>
  run(
    simpleScenario()
      .replace('horizon_months: 12', 'horizon_months: 13')
      .replace('  model: test/api-1', `  model: test/api-1\n  price_change_per_year: ${api}`)
      .replace('  provider: cloud', `  provider: cloud\n  gpu_price_change_per_year: ${gpu}`),
  );
const byId = (r: ReturnType<typeof run>, id: string) => r.strategies.find((s) => s.id === id)!;

describe('price trends', () => {
  it('compounds smoothly: month m pays (1 + r)^((m − 1)/12)', () => {
    expect(trendFactor(new Decimal(-0.5), 1).toFixed()).toBe('1');
    expect(trendFactor(new Decimal(-0.5), 13).toFixed()).toBe('0.5');
    expect(trendFactor(new Decimal(1), 7).toDecimalPlaces(9).toFixed()).toBe('1.414213562'); // √2
  });

  const r = trended('-0.5', '1');
  it('halves API prices after a year', () => {
    // Month 1: 3e9 input tokens × $2/M + 6e8 output × $8/M = $6,000 + $4,800 = $10,800.
    // Month 13: the rates are $1 and $4 → $3,000 + $2,400 = $5,400.
    const api = byId(r, 'api');
    expect(api.months[0]!.cost.toFixed()).toBe('10800');
    expect(api.months[12]!.cost.toFixed()).toBe('5400');
    expect(api.months[12]!.items.map((i) => i.unit_price.toFixed())).toEqual(['1', '4']);
    expect(api.months[12]!.items[0]!.source).toMatch(/\*\(1-0\.5\)\^\(12\/12\)$/);
  });
  it('doubles GPU prices after a year, with the trended rate rounded to $0.000001', () => {
    // 2 replicas × 720 h: month 1 at $2 = $2,880; month 7 at 2 × √2 = 2.828427 → $4,072.93488;
    // month 13 at $4 = $5,760. Staff stays $10,000.
    const sh = byId(r, 'self_hosted');
    expect(sh.months[0]!.cost.toFixed()).toBe('12880');
    expect(sh.months[6]!.items[0]!.unit_price.toFixed()).toBe('2.828427');
    expect(sh.months[6]!.cost.toFixed()).toBe('14072.93488');
    expect(sh.months[12]!.cost.toFixed()).toBe('15760');
  });
  it("leaves the run-rate break-even at today's prices", () => {
    const flat = run(simpleScenario());
    expect(r.break_even.self_hosted!.run_rate.calls_per_month!.toFixed()).toBe(
      flat.break_even.self_hosted!.run_rate.calls_per_month!.toFixed(),
    );
  });
  it('moves the TCO break-even with the horizon sum of the monthly prices', () => {
    // Cheaper API over the horizon → self-hosting needs more volume to win on TCO.
    const flat = run(simpleScenario().replace('horizon_months: 12', 'horizon_months: 13'));
    const cheaperApi = trended('-0.5', '0');
    expect(
      cheaperApi.break_even.self_hosted!.tco.calls_per_month!.gt(flat.break_even.self_hosted!.tco.calls_per_month!),
    ).toBe(true);
  });
  it('changes nothing at 0', () => {
    expect(JSON.stringify(trended('0', '0').strategies)).toBe(
      JSON.stringify(run(simpleScenario().replace('horizon_months: 12', 'horizon_months: 13')).strategies),
    );
  });
});
