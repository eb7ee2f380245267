// `llmcost calibrate`: a profile made from a benchmark result reproduces the measured replica-seconds per
// request when llmcost sizes a scenario of the same lengths with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibratedPricingYaml, calibrateProfile, readBenchmarkResult } from '../../src/capacity/calibrate.js';
import { planServing } from '../../src/capacity/serving.js';
import { InputError } from '../../src/errors.js';
import { Decimal } from '../../src/money.js';
import { parsePricingText } from '../../src/pricing/tables.js';
import { loadPricing } from '../../src/pricing/load.js';
import { fixture } from '../helpers.js';

const tables = loadPricing();
const model = tables.openModels.get('openai/gpt-oss-120b')!;
const gpu = tables.gpus.get('h100-80gb')!;
const read = (name: string) =>
  readBenchmarkResult(JSON.parse(readFileSync(fixture(`calibrate/${name}`), 'utf8')), name);
const request = {
  model,
  gpu,
  precision: 'mxfp4' as const,
  gpusPerReplica: 1,
  file: 'result.json',
  today: '2026-12-03',
};

describe('calibrate', () => {
  it('reads a vllm bench serve result: 100 requests in 47.88 s, 229.46 in / 216.91 out at concurrency 4', () => {
    const r = read('gpt-oss-120b-h100-sharegpt-c4.json');
    expect([
      r.format,
      r.completedPerSecond.toDecimalPlaces(6).toFixed(),
      r.inputTokens.toFixed(),
      r.outputTokens.toFixed(),
      r.concurrency,
      r.date,
    ]).toEqual(['vllm bench serve', '2.088555', '229.46', '216.91', 4, '2025-10-20']);
  });

  for (const name of ['gpt-oss-120b-h100-sharegpt-c4.json', 'guidellm-one-benchmark.json']) {
    it(`round trip (${name}): the profile reproduces replica-seconds per request within 2%`, () => {
      const r = read(name);
      const p = calibrateProfile(r, request);
      expect([p.kind, p.concurrency, p.context_tokens]).toEqual(['measured', 4, 446]);
      const file = parsePricingText(calibratedPricingYaml(p), 'calibrated.yaml');
      const row = file.content.throughput_profiles![0]!;
      const profiles = [{ ...row, origin: { file: 'calibrated.yaml' } }];
      const plan = planServing({
        model,
        gpu,
        precision: 'mxfp4',
        gpusPerReplica: 1,
        profiles,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
      });
      if (!plan.ok) throw new Error(plan.failure.message);
      expect([plan.plan.profile.kind, plan.plan.concurrency]).toEqual(['measured', 4]);
      const perCall = r.inputTokens
        .div(plan.plan.profile.prefill_tokens_per_s)
        .plus(r.outputTokens.div(plan.plan.profile.decode_tokens_per_s));
      const measured = new Decimal(1).div(r.completedPerSecond);
      expect(perCall.div(measured).minus(1).abs().toNumber()).toBeLessThan(0.02);
    });
  }

  it('refuses an open-loop result without a concurrency, and takes --concurrency', () => {
    const r = { ...read('gpt-oss-120b-h100-sharegpt-c4.json'), concurrency: null };
    expect(() => calibrateProfile(r, request)).toThrow(InputError);
    expect(() => calibrateProfile(r, request)).toThrow(
      /result\.json: max_concurrency: is not recorded .*; expected the concurrency the replica ran at, given as --concurrency N/,
    );
    expect(calibrateProfile(r, { ...request, concurrency: 4 }).concurrency).toBe(4);
  });

  it('says what a file that is neither format lacks', () => {
    expect(() => readBenchmarkResult({ hello: 1 }, 'x.json')).toThrow(
      /x\.json: \(top level\): is neither a vllm bench serve result/,
    );
    expect(() => readBenchmarkResult({ completed: 10, duration: 0 }, 'x.json')).toThrow(
      /x\.json: duration: is 0; expected a positive number/,
    );
  });
});
