// Hand-checked numbers: each expected figure is worked out in the comment beside it.
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { crossingReason } from '../../src/format/reasons.js';
import { loadPricing } from '../../src/pricing/load.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { run, simpleScenario } from '../helpers.js';

const byId = (r: ReturnType<typeof run>, id: string) => r.strategies.find((s) => s.id === id)!;

describe('the source article example (domain.md §1)', () => {
  const yaml = `version: 1
name: article
days_per_month: 30
workload: { daily_active_users: 50000, requests_per_user_per_day: 8, input_tokens: 1200, output_tokens: 500 }
api: { model: openai/gpt-4o }
`;
  const report = compareEngine(resolveScenario(parseScenarioText(yaml, 'a.yaml'), loadPricing()));
  const m1 = byId(report, 'api').months[0]!;

  it('has 12,000,000 calls, 14.4 B input and 6.0 B output tokens a month', () => {
    // 50,000 users × 8 prompts × 30 days = 12,000,000; × 1,200 = 14.4e9; × 500 = 6.0e9
    expect(m1.calls.toFixed()).toBe('12000000');
    expect(m1.input_tokens.toFixed()).toBe('14400000000');
    expect(m1.output_tokens.toFixed()).toBe('6000000000');
  });

  it('costs $96,000.00 of GPT-4o tokens a month', () => {
    // 14,400 M × $2.50 = $36,000; 6,000 M × $10.00 = $60,000
    expect(m1.cost.toFixed(2)).toBe('96000.00');
    expect(m1.items.map((i) => i.cost.toFixed())).toEqual(['36000', '60000']);
  });

  it('explains what is missing', () => {
    expect(report.strategies.map((s) => s.id)).toEqual(['api']);
    expect(report.missing.map((m) => m.id)).toEqual(['self_hosted', 'hybrid']);
    expect(report.recommendation?.strategy).toBe('api');
  });
});

describe('self-hosted, worked by hand', () => {
  const r = run(simpleScenario());
  const m1 = byId(r, 'self_hosted').months[0]!;
  it('sizes replicas from the peak', () => {
    // replica-seconds per call = 1000/10000 + 200/1000 = 0.3 s
    // peak calls/s = 3,000,000 / (30 × 86,400) × 2 = 2.3148…; needed = 2.3148 × 0.3 / 0.6 = 1.157… → 2
    expect(m1.capacity!.replica_seconds_per_call.toFixed()).toBe('0.3');
    expect(m1.capacity!.replicas).toBe(2);
    expect(m1.capacity!.replicas_needed.toDecimalPlaces(6).toFixed()).toBe('1.157407');
  });
  it('bills GPUs and staff', () => {
    // GPUs: 2 replicas × 1 GPU × 720 h × $2 = $2,880; staff: 1 FTE × $120,000 / 12 = $10,000
    expect(m1.items.map((i) => [i.category, i.cost.toFixed()])).toEqual([
      ['gpu', '2880'],
      ['staff', '10000'],
    ]);
    expect(m1.cost.toFixed()).toBe('12880');
    expect(byId(r, 'self_hosted').tco.toFixed()).toBe('154560'); // × 12 months
  });
});

describe('hybrid, worked by hand', () => {
  const r = run(simpleScenario());
  const m1 = byId(r, 'hybrid').months[0]!;
  it('sends half the calls to each side', () => {
    // API half: 1.5e9 input tokens × $2/M = $3,000; 3e8 output × $8/M = $2,400
    // Self-hosted half: needed = 0.5787… → 1 replica (min 1) = 720 h × $2 = $1,440; staff $10,000
    expect(m1.items.map((i) => [i.category, i.cost.toFixed()])).toEqual([
      ['api_tokens', '3000'],
      ['api_tokens', '2400'],
      ['gpu', '1440'],
      ['staff', '10000'],
    ]);
    expect(m1.cost.toFixed()).toBe('16840');
    expect(m1.capacity!.replicas).toBe(1);
  });
});

describe('break-even, solved by hand', () => {
  const r = run(simpleScenario());
  const be = r.break_even.self_hosted!;
  it('finds the run-rate crossing on the right replica step', () => {
    // API cost per call a = 1000×$2/1M + 200×$8/1M = $0.0036; a replica costs c = 720 h × $2 = $1,440
    // and serves cap = 30×86,400×0.6 / (2 × 0.3) = 2,592,000 calls/month. Fixed F = $10,000 staff.
    // Savings per full replica a·cap − c = 9,331.2 − 1,440 = 7,891.2 > 0, so a crossing exists.
    // Last segment with a positive start: n < (F + a·cap)/(a·cap − c) = 19,331.2/7,891.2 = 2.449… → n = 2.
    // V* = (F + 2c)/a = 12,880 / 0.0036 = 3,577,777.8 → 3,577,778 calls.
    expect(be.run_rate.calls_per_month!.toFixed()).toBe('3577778');
    expect(be.run_rate.tokens_per_month!.toFixed()).toBe(String(3577778 * 1200));
  });
  it('has no payback at a volume below break-even', () => {
    // 3,000,000 calls/month: self-hosted $12,880 > API $10,800 every month.
    expect(be.payback_month).toBeNull();
    expect(r.recommendation!.strategy).toBe('api');
  });
  it('pays back in month 1 above it', () => {
    const big = run(simpleScenario().replace('requests_per_day: 100000', 'requests_per_day: 200000'));
    // 6,000,000 calls: API $21,600; self-hosted 3 replicas ($4,320) + $10,000 = $14,320
    expect(byId(big, 'self_hosted').months[0]!.cost.toFixed()).toBe('14320');
    expect(big.break_even.self_hosted!.payback_month).toBe(1);
  });
  it('says never when a replica costs more than the API for the calls it serves', () => {
    const r2 = run(simpleScenario().replace('target_utilization: 0.6', 'target_utilization: 0.05'));
    // cap = 2,592,000 × 0.05/0.6 = 216,000 calls; a·cap = $777.6 < c = $1,440
    expect(r2.break_even.self_hosted!.run_rate.calls_per_month).toBeNull();
    expect(crossingReason(r2.break_even.self_hosted!.run_rate.why)).toMatch(/never stays cheaper/);
  });
});
