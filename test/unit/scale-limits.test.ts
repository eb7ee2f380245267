// The scale check (src/resolve/limits.ts): past the engine's limits a scenario is refused with the
// busiest month named, whether volume grows into the limit or starts above it and shrinks.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { run, simpleScenario } from '../helpers.js';

const refusal = (yaml: string): InputError => {
  try {
    run(yaml);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('not refused');
};

const scenario = (requestsPerDay: number, growth: string) =>
  simpleScenario().replace('requests_per_day: 100000', `requests_per_day: ${requestsPerDay}\n  growth: ${growth}`);

describe('the scale check', () => {
  it('names the busiest month past 10^15 calls, and the growth that took it there', () => {
    // 10^13 requests a day × 30 = 3 × 10^14 calls in month 1, × 1.5 a month: 2.59 × 10^16 in month 12.
    const e = refusal(scenario(1e13, '{ monthly_rate: 0.5 }'));
    expect(e.code).toBe('E_RANGE');
    expect(e.message).toContain('workload.growth: month 12 has 2.59×10^16 LLM calls');
  });

  it('names month 1 when volume starts past the limit and shrinks (the busiest month is the first)', () => {
    const e = refusal(scenario(4e13, '{ monthly_rate: -0.1 }'));
    expect(e.message).toContain('workload: month 1 has 1.20×10^15 LLM calls');
  });

  it('names the busiest month when GPUs run out before calls do', () => {
    // 9 × 10^14 calls in month 1, within the call limit, shrinking; the GPUs month 1 needs at a peak 100
    // times the average and 5% utilisation are not.
    const e = refusal(
      scenario(3e13, '{ monthly_rate: -0.1 }')
        .replace('peak_to_average: 2', 'peak_to_average: 100')
        .replace('target_utilization: 0.6', 'target_utilization: 0.05'),
    );
    expect(e.code).toBe('E_RANGE');
    expect(e.message).toMatch(/self_hosted\.gpu: month 1 needs .* GPUs/);
  });
});
