// The analyses' fast path against the exact engine. Both are the same code (resolve → capacity →
// engine); the fast path runs it on binary floats (FastDecimal), so the numbers agree to within binary
// rounding (relative 1e-9) plus the exact engine's quantisation of each line item to $0.000001.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { loadPricing } from '../../src/pricing/load.js';
import type { PricingTables } from '../../src/pricing/tables.js';
import type { Report } from '../../src/report/model.js';
import { parseScenarioText, readScenario, type LoadedScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { FastDecimal } from '../../src/fastDecimal.js';
import { isFastArithmetic } from '../../src/money.js';
import { paybackMonth } from '../../src/uncertainty/simulate.js';
import { prepareModel, setterFor } from '../../src/uncertainty/model.js';
import { Xoshiro128 } from '../../src/uncertainty/random.js';
import { sampler } from '../../src/scenario/distribution.js';
import { measureScenario } from '../../src/resolve/samples.js';
import { ROOT, simpleScenario, simpleTables } from '../helpers.js';

/** Largest relative difference between float and exact monthly costs, after allowing item quantisation. */
function maxRelativeError(
  loaded: LoadedScenario,
  tables: PricingTables,
): { rel: number; report: Report; out: Float64Array } {
  const report = compareEngine(resolveScenario(loaded, tables));
  const model = prepareModel(loaded, tables, { defaults: false });
  const out = model.buffer();
  model.evaluate(out);
  expect(model.strategies).toEqual(report.strategies.map((s) => s.id));
  let rel = 0;
  report.strategies.forEach((s, k) => {
    s.months.forEach((m, i) => {
      const exact = m.cost.toNumber();
      const diff = Math.abs(out[k * model.months + i]! - exact);
      const quantisation = 0.5e-6 * m.items.length;
      expect(diff).toBeLessThanOrEqual(1e-9 * Math.abs(exact) + quantisation);
      // The binary-rounding part of the error: what is left after the items' micro-dollar quantisation.
      if (exact !== 0) rel = Math.max(rel, Math.max(0, diff - quantisation) / Math.abs(exact));
    });
  });
  // What commitments owe past the horizon: the buffer's tail, one figure a strategy.
  const S = report.strategies.length;
  report.strategies.forEach((s, k) => {
    const items = s.after_horizon ?? [];
    const exact = items.reduce((t, i) => t + i.cost.toNumber(), 0);
    expect(Math.abs(out[S * model.months + k]! - exact)).toBeLessThanOrEqual(1e-9 * exact + 0.5e-6 * items.length);
  });
  return { rel, report, out };
}

describe('fast path = exact engine', () => {
  const tables = loadPricing();
  // Every shipped scenario: autoscaling, reserved replicas, gpu: auto, fine-tuning by method, billing
  // tiers — the fast path is the engine itself, so there is nothing it leaves out.
  const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  it.each(shipped)('on scenarios/%s at its point values', (f) => {
    const { rel, report, out } = maxRelativeError(readScenario(join(ROOT, 'scenarios', f), f), tables);
    expect(rel).toBeLessThan(1e-9);
    // payback agrees too
    const H = report.horizon_months;
    const ids = report.strategies.map((s) => s.id);
    for (const k of ['self_hosted', 'hybrid'] as const) {
      const be = report.break_even[k];
      if (be) expect(paybackMonth(out, H, ids.indexOf(k), ids.indexOf('api')) || null).toBe(be.payback_month);
    }
  });

  it('on random scenarios of the round-number fixture (trends, batch, cache, growth curves, overheads)', () => {
    const simple = simpleTables();
    // Values are 0 or at least 1e-6 in size: a denormal (5e-324) volume or share underflows to 0 in
    // binary but not in decimal, and would turn 0 replicas into 1 — not a question any input asks.
    const real = (min: number, max: number) =>
      fc.double({ min, max, noNaN: true }).map((x) => (Math.abs(x) < 1e-6 ? 0 : x));
    const arb = fc.record({
      rpd: fc.integer({ min: 0, max: 5_000_000 }),
      input: fc.integer({ min: 0, max: 20_000 }),
      output: fc.integer({ min: 1, max: 4_000 }),
      cached: real(0, 1),
      batch: real(0, 1),
      apiTrend: real(-0.95, 1),
      gpuTrend: real(-0.95, 1),
      growth: fc.oneof(real(-0.2, 0.3), fc.array(real(0, 5), { minLength: 6, maxLength: 6 })),
      util: real(0.05, 1),
      minReplicas: fc.integer({ min: 0, max: 5 }),
      share: real(0, 1),
      ft: fc.option(
        fc.record({
          hours: fc.integer({ min: 0, max: 500 }),
          every: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      overhead: fc.integer({ min: 0, max: 10_000 }),
      // A diurnal curve instead of peak_to_average: the peak is derived from it.
      hourly: fc.option(
        fc.array(real(0, 10), { minLength: 24, maxLength: 24 }).filter((a) => a.some((x) => x > 0)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const growth = Array.isArray(a.growth) ? `curve: [${a.growth.join(', ')}]` : `monthly_rate: ${a.growth}`;
        const yaml = `version: 1
name: random
horizon_months: 6
workload: { requests_per_day: ${a.rpd}, input_tokens: ${a.input}, output_tokens: ${a.output}, cached_input_share: ${a.cached}, growth: { ${growth} }${a.hourly ? `, traffic: { hourly: [${a.hourly.join(', ')}] }` : ''} }
api: { model: test/api-1, batch_share: ${a.batch}, price_change_per_year: ${a.apiTrend} }
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  target_utilization: ${a.util}
  min_replicas: ${a.minReplicas}
  gpu_price_change_per_year: ${a.gpuTrend}
  staff: { fte: 1, annual_cost_per_fte: 90000 }
${a.ft ? `  fine_tuning: { gpu_hours: ${a.ft.hours}${a.ft.every ? `, every_months: ${a.ft.every}` : ''} }` : ''}
hybrid: { self_hosted_share: ${a.share} }
overheads: [{ name: ops, monthly: ${a.overhead}, one_time: 5000, applies_to: [self_hosted, hybrid] }]
`;
        maxRelativeError(parseScenarioText(yaml, 'random.yaml'), simple);
      }),
      { numRuns: 60, seed: 6 },
    );
  });

  it('derives the peak from a traffic curve, as compare does (chat-diurnal without autoscaling)', () => {
    // The curve's peak (9 of a mean 115.5 / 24 = 1.87) differs from the default peak_to_average of 2.
    const yaml = `version: 1
name: diurnal, always on
horizon_months: 12
workload:
  requests_per_day: 1500000
  input_tokens: 900
  output_tokens: 250
  growth: { monthly_rate: 0.04 }
  traffic: { hourly: [3, 2, 1.5, 1, 1, 1, 1.5, 2.5, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4] }
api: { model: openai/gpt-4.1-mini }
self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: hyperstack, min_replicas: 2, target_utilization: 0.6 }
hybrid: { self_hosted_share: 0.6 }
`;
    expect(maxRelativeError(parseScenarioText(yaml, 'diurnal.yaml'), tables).rel).toBeLessThan(1e-9);
  });

  it('rounds replicas up, forgiving only binary noise', () => {
    const ceil = (x: number) => new FastDecimal(x).ceil().toNumber();
    expect(ceil(2)).toBe(2);
    expect(ceil(2.0000000000000004)).toBe(2);
    expect(ceil(2.000001)).toBe(3);
    expect(ceil(1.5)).toBe(2);
    expect(new FastDecimal(2.5).toDecimalPlaces(0, FastDecimal.ROUND_HALF_EVEN).toNumber()).toBe(2);
    expect(new FastDecimal(0.1 + 0.2).toDecimalPlaces(1, FastDecimal.ROUND_UP).toNumber()).toBe(0.3);
  });

  it('leaves the arithmetic exact after every evaluation, even one that throws', () => {
    const model = prepareModel(readScenario(join(ROOT, 'scenarios', 'chat-diurnal.yaml'), 'chat-diurnal.yaml'), tables);
    model.evaluate(model.buffer());
    expect(isFastArithmetic()).toBe(false);
    setterFor(model, ['workload', 'input_tokens'])(10_000_000); // no GPU holds that context: resolving throws
    expect(() => model.evaluate(model.buffer())).toThrow(/with drawn values/);
    expect(isFastArithmetic()).toBe(false);
  });

  it('replays its tapes across sampled volumes, tokens and prices, and each replay is the exact engine', () => {
    // saas-support-uncertain varies 15 inputs, volume and token counts among them: replica counts are
    // recorded as ⌈x⌉ operations, so a handful of tapes (one per replica floor, tier…) serve every trial.
    const loaded = measureScenario(
      readScenario(join(ROOT, 'scenarios', 'saas-support-uncertain.yaml'), 'saas-support-uncertain.yaml'),
      tables,
    );
    const model = prepareModel(loaded, tables);
    const setters = model.inputs.map((u) => setterFor(model, u.path));
    const draws = model.inputs.map((u) => sampler(u.dist));
    const rng = new Xoshiro128(7);
    const out = model.buffer();
    const H = model.months;
    const S = model.strategies.length;
    for (let t = 0; t < 60; t++) {
      setters.forEach((set, j) => set(draws[j]!(rng.nextOpen01())));
      model.evaluate(out);
      if (t % 6 !== 5) continue; // every sixth trial against the exact engine
      const report = compareEngine(resolveScenario({ ...loaded, scenario: structuredClone(model.scenario) }, tables));
      report.strategies.forEach((s, k) => {
        let exact = s.months.reduce((a, m) => a + m.cost.toNumber(), 0);
        exact += (s.after_horizon ?? []).reduce((a, i) => a + i.cost.toNumber(), 0);
        let fast = out[S * H + k]!;
        for (let m = 0; m < H; m++) fast += out[k * H + m]!;
        const items = s.months.reduce((a, m) => a + m.items.length, 0);
        expect(Math.abs(fast - exact)).toBeLessThanOrEqual(1e-9 * exact + 0.5e-6 * items);
      });
    }
    expect(model.stats.fromTape).toBeGreaterThan(model.stats.recordings * 2);
  });

  it('evaluates a batch of trials exactly as one by one: every tape, every rejected guard, every recording', () => {
    // evaluateMany runs a tape over a window of trials at once (WebAssembly, machine.ts); trials a guard
    // rejects go to the next tape or a recording. Each trial's numbers must be the very same floats as
    // evaluate's, in every position.
    const loaded = measureScenario(
      readScenario(join(ROOT, 'scenarios', 'saas-support-uncertain.yaml'), 'saas-support-uncertain.yaml'),
      tables,
    );
    const one = prepareModel(loaded, tables);
    const many = prepareModel(loaded, tables);
    const N = 1100; // more than a window, not a multiple of it: the last window is partial
    const draws = one.inputs.map((u) => sampler(u.dist));
    const expected: Float64Array[] = [];
    const setters = one.inputs.map((u) => setterFor(one, u.path));
    const rngOne = new Xoshiro128(11);
    for (let t = 0; t < N; t++) {
      setters.forEach((set, j) => set(draws[j]!(rngOne.nextOpen01())));
      const out = one.buffer();
      one.evaluate(out);
      expected.push(out);
    }
    const slots = many.inputs.map((u) => many.inputSlot(u.path));
    const rng = new Xoshiro128(11);
    const seen: number[] = [];
    const size = many.buffer().length;
    many.evaluateMany(
      N,
      (_t, v) => slots.forEach((i, j) => (v[i] = draws[j]!(rng.nextOpen01()))),
      (t, costs, at) => {
        seen.push(t);
        expect(Array.from(costs.subarray(at, at + size))).toEqual(Array.from(expected[t]!));
      },
    );
    expect(seen).toEqual(Array.from({ length: N }, (_, t) => t));
    // More than one tape served the batch, and some trials needed a recording of their own; the first
    // evaluation (the point values) is priced directly, every other one by a tape or a recording.
    expect(many.stats.recordings).toBeGreaterThan(1);
    expect(many.stats.fromTape + many.stats.recordings + 1).toBe(N);
  });

  it('evaluates a batch for a caller that sets an input only when it changes (a sweep row by row)', () => {
    // The y of a grid is set once per row; trials a program rejects are evaluated one by one with their
    // own values put back, and the next window must still start from what the caller last set.
    const loaded = measureScenario(
      readScenario(join(ROOT, 'scenarios', 'saas-support.yaml'), 'saas-support.yaml'),
      tables,
    );
    const one = prepareModel(loaded, tables, { defaults: false });
    const many = prepareModel(loaded, tables, { defaults: false });
    const ROW = 317; // not a divisor of the window
    const N = 2100;
    const X = ['workload', 'daily_active_users'];
    // min_replicas is read as a whole number: each value is a program of its own, recorded when a row
    // first meets it — mid-window, while later rows have already been set.
    const Y = ['self_hosted', 'min_replicas'];
    const yAt = (t: number) => 1 + ((t / ROW) % 3);
    const xAt = (t: number) => 1000 + 997 * (t % ROW);
    const expected: number[][] = [];
    const setX = setterFor(one, X);
    const setY = setterFor(one, Y);
    for (let t = 0; t < N; t++) {
      if (t % ROW === 0) setY(yAt(t));
      setX(xAt(t));
      const out = one.buffer();
      one.evaluate(out);
      expected.push(Array.from(out));
    }
    const atX = many.inputSlot(X);
    const atY = many.inputSlot(Y);
    const size = many.buffer().length;
    many.evaluateMany(
      N,
      (t, v) => {
        if (t % ROW === 0) v[atY] = yAt(t); // only when the row changes
        v[atX] = xAt(t);
      },
      (t, costs, at) => {
        expect(Array.from(costs.subarray(at, at + size))).toEqual(expected[t]);
      },
    );
    expect(many.stats.recordings).toBeGreaterThan(1);
  });

  it('prices calendar months as compare does (a start month without days_per_month: February has 28 days)', () => {
    const yaml = readFileSync(join(ROOT, 'scenarios', 'saas-support.yaml'), 'utf8')
      .replace(/^days_per_month:.*$/m, '')
      .replace(/^horizon_months:.*$/m, 'horizon_months: 24\nstart_month: 2027-01');
    const { out } = maxRelativeError(parseScenarioText(yaml, 'calendar.yaml'), tables);
    // January (31 days) costs the API more than February (28 days) at the same daily volume and growth.
    expect(out[0]! / out[1]!).toBeGreaterThan(1);
  });

  it('reproduces the hand-checked fixture numbers', () => {
    const { out } = maxRelativeError(parseScenarioText(simpleScenario(), 't.yaml'), simpleTables());
    // api $10,800 · self_hosted $12,880 · hybrid $16,840 in month 1 (test/unit/engine.test.ts)
    expect([out[0], out[12], out[24]]).toEqual([10800, 12880, 16840]);
  });
});
