// Payback that lasts: the first month from which cumulative cost stays at or below the API's, and,
// as a separate fact, the first month it merely dips there. Hand-checked on growing and shrinking paths.
import { describe, expect, it } from 'vitest';
import { paybackOf } from '../../src/engine/compare.js';
import { paybackReason, reasonsOf } from '../../src/format/reasons.js';
import { reportJson, stringify } from '../../src/format/json.js';
import { dec } from '../../src/money.js';
import type { StrategyResult } from '../../src/report/model.js';
import { run } from '../helpers.js';

// Simple tables: api $0.0036 a call (1,000 × $2/1M + 200 × $8/1M); one replica serves
// 30 × 86,400 × 0.6 ÷ (2 × 0.3 s) = 2,592,000 calls a month for 720 h × $2 = $1,440; staff $6,000.
const scenario = (requestsPerDay: number, rate: number, months: number) => `version: 1
name: payback path
horizon_months: ${months}
days_per_month: 30
workload:
  requests_per_day: ${requestsPerDay}
  input_tokens: 1000
  output_tokens: 200
  peak_to_average: 2
  growth: { monthly_rate: ${rate} }
api:
  model: test/api-1
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  target_utilization: 0.6
  min_replicas: 1
  staff: { fte: 1, annual_cost_per_fte: 72000 }
`;

describe('payback along the growth path', () => {
  it('shrinking 20% a month: first below in month 1 but above from month 5, no payback', () => {
    // self − api by month: 8,880 − 10,800 = −1,920; 7,440 − 8,640 = −1,200 (one replica from here);
    // 7,440 − 6,912 = +528; 7,440 − 5,529.60 = +1,910.40; 7,440 − 4,423.68 = +3,016.32.
    // Cumulative: −1,920, −3,120, −2,592, −681.60, +2,334.72 → above from month 5, and it only grows.
    const r = run(scenario(100000, -0.2, 12));
    const b = r.break_even.self_hosted!;
    expect([b.first_below_month, b.above_again_month, b.payback_month]).toEqual([1, 5, null]);
    const dip = "cumulative cost is first below the API's in month 1 but above from month 5";
    expect(paybackReason(b, 12)).toBe(`${dip}, and still above in month 12`);
    expect(reasonsOf(r)).toContain(`Self-hosting's ${dip}: it does not pay back within 12 months.`);
    expect(reasonsOf(r).join(' ')).not.toMatch(/pays back in month 1/);
    const json = stringify(reportJson(r));
    expect(json).toContain('"payback_month": null,\n      "first_below_month": 1,');
  });
  it('growing 20% a month: pays back in month 13 and stays (first below = payback)', () => {
    // 600,000 calls in month 1: self $7,440 vs api $2,160; the cumulative gap peaks at $24,181.65 in
    // month 7 and closes in month 13 (cumulative −$832.66), after which api costs more every month.
    const r = run(scenario(20000, 0.2, 24));
    const b = r.break_even.self_hosted!;
    expect([b.first_below_month, b.above_again_month, b.payback_month]).toEqual([13, null, 13]);
    const stays = "its cumulative cost stays at or below the API's from then on";
    expect(reasonsOf(r)).toContain(`Self-hosting pays back in month 13: ${stays}.`);
  });
  it('a dip, a rise and a lasting fall: first below 2, above from 3, payback 4 (hand series)', () => {
    const months = (costs: number[]) => ({ months: costs.map((c) => ({ cost: dec(c) })) }) as unknown as StrategyResult;
    // cumulative self 10, 15, 30, 31, 32 against api 8, 16, 24, 32, 40
    const b = paybackOf(months([10, 5, 15, 1, 1]), months([8, 8, 8, 8, 8]));
    expect(b).toEqual({ payback_month: 4, first_below_month: 2, above_again_month: 3 });
    const dip = "cumulative cost is first below the API's in month 2 but above from month 3";
    expect(paybackReason(b, 5)).toBe(`${dip}; it stays at or below from month 4`);
    const never = { payback_month: null, first_below_month: null, above_again_month: null };
    expect(paybackOf(months([9, 9]), months([8, 8]))).toEqual(never);
  });
});

describe('the recommendation names different models', () => {
  it('says cost is compared, not quality, when the API model and the open model differ', () => {
    const r = run(scenario(100000, 0, 12));
    expect(reasonsOf(r)).toContain(
      'The strategies serve different models (api: test/api-1; self_hosted: test/open-1), and this report compares ' +
        'their cost, not their quality (test/api-1: no published score in the pricing tables; test/open-1: no ' +
        'published score in the pricing tables): part of a saving can come from choosing another model rather than ' +
        'from who runs it.',
    );
  });
});
