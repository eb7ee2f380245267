// Distributions in scenarios and the Monte Carlo built on them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { formatSimulationCsv, formatSimulationJson, formatSimulationTable } from '../../src/format/simulate.js';
import { Decimal, toCents } from '../../src/money.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { normalQuantile, pointValue, quantile, sampler, type Distribution } from '../../src/scenario/distribution.js';
import { prepareModel } from '../../src/uncertainty/model.js';
import { Xoshiro128 } from '../../src/uncertainty/random.js';
import { simulate } from '../../src/uncertainty/simulate.js';
import { join } from 'node:path';
import { loadPricing } from '../../src/pricing/load.js';
import { listAssumptions } from '../../src/resolve/assumptions.js';
import { readScenario } from '../../src/scenario/load.js';
import { ROOT, simpleScenario, simpleTables } from '../helpers.js';

const load = (yaml: string) => parseScenarioText(yaml, 'u.yaml');
const errorOf = (yaml: string) => {
  try {
    load(yaml);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('distributions', () => {
  it('point values: mode, median, midpoint, most likely choice', () => {
    expect(pointValue({ kind: 'triangular', low: 1, mode: 2, high: 5 })).toBe(2);
    expect(pointValue({ kind: 'lognormal', p10: 100, p90: 10_000 })).toBeCloseTo(1000, 9); // √(100 × 10,000)
    expect(pointValue({ kind: 'uniform', min: 2, max: 4 })).toBe(3);
    expect(pointValue({ kind: 'choices', choices: [1, 2, 3], weights: [1, 3, 3] })).toBe(2); // first of the tie
  });

  it('quantiles: a lognormal fitted to p10/p90 returns them; triangular and uniform by hand', () => {
    const ln: Distribution = { kind: 'lognormal', p10: 50, p90: 200 };
    expect(quantile(ln, 0.1)).toBeCloseTo(50, 6);
    expect(quantile(ln, 0.9)).toBeCloseTo(200, 6);
    // triangular(0, 0, 1): F(x) = 1 − (1 − x)² → P75 = 1 − √0.25 = 0.5
    expect(quantile({ kind: 'triangular', low: 0, mode: 0, high: 1 }, 0.75)).toBeCloseTo(0.5, 12);
    expect(quantile({ kind: 'uniform', min: 10, max: 20 }, 0.1)).toBe(11);
    expect(quantile({ kind: 'choices', choices: [30, 10, 20], weights: [1, 1, 2] }, 0.3)).toBe(20); // sorted 10 (.25), 20 (.75)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
  });

  it('samples match their distribution (mean of a triangular is (low + mode + high) / 3)', () => {
    const rng = new Xoshiro128(42);
    const draw = sampler({ kind: 'triangular', low: 0, mode: 3, high: 6 });
    let total = 0;
    let uniform = 0;
    for (let i = 0; i < 100_000; i++) {
      total += draw(rng.nextOpen01());
      uniform += rng.nextOpen01();
    }
    expect(total / 100_000).toBeCloseTo(3, 1);
    expect(uniform / 100_000).toBeCloseTo(0.5, 2);
  });

  it('the generator is reproducible and stays inside (0, 1)', () => {
    const a = new Xoshiro128(7);
    const b = new Xoshiro128(7);
    const xs = Array.from({ length: 1000 }, () => a.nextOpen01());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.nextOpen01()));
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    expect(new Xoshiro128(8).nextOpen01()).not.toBe(xs[0]);
  });

  it('are replaced by their point value before the schema runs', () => {
    const l = load(
      simpleScenario().replace('input_tokens: 1000', 'input_tokens: { low: 800, mode: 1000, high: 1500 }'),
    );
    expect(l.scenario.workload?.input_tokens).toBe(1000);
    expect(l.uncertain!.map((u) => [u.field, u.point])).toEqual([['workload.input_tokens', 1000]]);
  });

  it('refuse bad forms with one line at the right place', () => {
    const s = simpleScenario();
    expect(errorOf(s.replace('input_tokens: 1000', 'input_tokens: { low: 3, mode: 2, high: 4 }'))).toBe(
      'u.yaml:7:17: workload.input_tokens: low 3, mode 2, high 4 are out of order; expected low ≤ mode ≤ high',
    );
    expect(errorOf(s.replace('input_tokens: 1000', 'input_tokens: { low: 3, mode: 4 }'))).toMatch(
      /^u\.yaml:7:17: workload\.input_tokens: is not a distribution form \(keys: low, mode\); expected \{ low, mode, high \}/,
    );
    expect(errorOf(s.replace('input_tokens: 1000', 'input_tokens: { low: 1, mode: 2, high: 3, typo: 1 }'))).toMatch(
      /^u\.yaml:7:\d+: workload\.input_tokens\.typo: unknown key 'typo' in a distribution/,
    );
    expect(errorOf(s.replace('input_tokens: 1000', 'input_tokens: { p10: 0, p90: 5 }'))).toMatch(
      /input_tokens\.p10: got 0; expected a number greater than 0/,
    );
    expect(errorOf(s.replace('input_tokens: 1000', 'input_tokens: { choices: [1, 2], weights: [1] }'))).toMatch(
      /weights: has 1 items; expected one weight per choice \(2\)/,
    );
    expect(errorOf(s.replace('target_utilization: 0.6', 'target_utilization: { min: 0.5, max: 1.2 }'))).toMatch(
      /self_hosted\.target_utilization: the distribution reaches 1\.2; expected values > 0 and ≤ 1/,
    );
    expect(errorOf(s.replace('min_replicas: 1', 'min_replicas: { min: 1, max: 3 }'))).toMatch(
      /min_replicas: is a whole number, so a uniform distribution does not fit/,
    );
    expect(errorOf(s.replace('min_replicas: 1', 'min_replicas: { choices: [1, 2.5] }'))).toMatch(
      /min_replicas: the distribution reaches 2\.5; expected whole numbers/,
    );
    expect(errorOf(s.replace('horizon_months: 12', 'horizon_months: { choices: [12, 24] }'))).toMatch(
      /horizon_months: cannot be a distribution: the horizon fixes how many months/,
    );
    expect(errorOf(s.replace('model: test/api-1', 'model: { choices: [1] }'))).toMatch(/api\.model: /);
  });

  it('ships an uncertain twin of saas-support.yaml whose point values are its numbers', () => {
    const tables = loadPricing();
    const plain = readScenario(join(ROOT, 'scenarios', 'saas-support.yaml'));
    const twin = readScenario(join(ROOT, 'scenarios', 'saas-support-uncertain.yaml'));
    const a = compareEngine(resolveScenario(plain, tables));
    const b = compareEngine(resolveScenario(twin, tables));
    expect(JSON.stringify(b.strategies)).toBe(JSON.stringify(a.strategies));
    expect(b.break_even).toEqual(a.break_even);
    expect(twin.uncertain!.length).toBeGreaterThan(10);
    expect(listAssumptions(twin).find((x) => x.field === 'workload.input_tokens')!.value).toBe(
      '1200 (point value of triangular(low 800, mode 1200, high 2500))',
    );
  });

  it('lists an uncertain cached share the model cannot price', () => {
    const yaml = simpleScenario().replace(
      'peak_to_average: 2',
      'peak_to_average: 2\n  cached_input_share: { choices: [0, 0.5], weights: [3, 1] }',
    );
    const tables = simpleTables();
    tables.apiModels.get('test/api-1')!.cached_input_per_1m = undefined;
    expect(() => prepareModel(load(yaml), tables)).toThrow(
      /cached_input_share: can be 0\.5 \(an end of its distribution\), and there: API model 'test\/api-1' has no cached input price/,
    );
  });
});

/** The same scenario with each chosen number written as a degenerate distribution of a given form. */
const FIELDS: Array<[RegExp, (x: string) => string]> = [
  [/requests_per_day: (\d+)/, (x) => `requests_per_day: { low: ${x}, mode: ${x}, high: ${x} }`],
  [/input_tokens: (\d+)/, (x) => `input_tokens: { min: ${x}, max: ${x} }`],
  [/output_tokens: (\d+)/, (x) => `output_tokens: { p10: ${x}, p90: ${x} }`],
  [/min_replicas: (\d+)/, (x) => `min_replicas: { choices: [${x}] }`],
  [/self_hosted_share: ([\d.]+)/, (x) => `self_hosted_share: { low: ${x}, mode: ${x}, high: ${x} }`],
];
const degenerate = (yaml: string) => FIELDS.reduce((s, [re, to]) => s.replace(re, (_m, x: string) => to(x)), yaml);

describe('simulate', () => {
  const tables = simpleTables();
  const scenarioWith = (rpd: number, input: number, share: number, trend: number) =>
    simpleScenario()
      .replace('requests_per_day: 100000', `requests_per_day: ${rpd}`)
      .replace('input_tokens: 1000', `input_tokens: ${input}`)
      .replace('self_hosted_share: 0.5', `self_hosted_share: ${share}`)
      .replace('  model: test/api-1', `  model: test/api-1\n  price_change_per_year: ${trend}`);

  it("a degenerate distribution gives exactly compare's numbers", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.constantFrom(0, 0.25, 0.5, 0.9, 1),
        fc.constantFrom(0, -0.3, 0.1),
        (rpd, input, share, trend) => {
          const plain = scenarioWith(rpd, input, share, trend);
          const uncertain = degenerate(plain);
          expect(uncertain).not.toBe(plain);
          // compare: the same report, to the last digit
          const a = compareEngine(resolveScenario(load(plain), tables));
          const b = compareEngine(resolveScenario(load(uncertain), tables));
          expect(JSON.stringify(b.strategies)).toBe(JSON.stringify(a.strategies));
          expect(b.break_even).toEqual(a.break_even);
          // simulate: every percentile is compare's figure to the cent
          const sim = simulate(prepareModel(load(uncertain), tables), 200, 3);
          expect(sim.inputs).toHaveLength(FIELDS.length);
          sim.strategies.forEach((s, k) => {
            const exact = a.strategies[k]!;
            for (const v of [s.point.tco, s.tco.p10, s.tco.p50, s.tco.p90, s.tco.mean])
              expect(toCents(new Decimal(v))).toBe(toCents(exact.tco));
            for (const v of [s.month1.p10, s.month1.p90])
              expect(toCents(new Decimal(v))).toBe(toCents(exact.month1_cost));
          });
        },
      ),
      { numRuns: 15, seed: 11 },
    );
  });

  const uncertainYaml = simpleScenario()
    .replace('requests_per_day: 100000', 'requests_per_day: { p10: 40000, p90: 300000 }')
    .replace('input_tokens: 1000', 'input_tokens: { low: 500, mode: 1000, high: 3000 }')
    .replace('target_utilization: 0.6', 'target_utilization: { min: 0.4, max: 0.8 }')
    .replace('min_replicas: 1', 'min_replicas: { choices: [1, 2, 3], weights: [2, 1, 1] }');

  it('orders its percentiles, counts every trial once and sums probabilities to 1', () => {
    const model = prepareModel(load(uncertainYaml), tables);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 400 }), (seed, trials) => {
        const r = simulate(model, trials, seed);
        let cheapest = 0;
        for (const s of r.strategies) {
          for (const x of [s.tco, s.month1]) {
            expect(x.min).toBeLessThanOrEqual(x.p10);
            expect(x.p10).toBeLessThanOrEqual(x.p50);
            expect(x.p50).toBeLessThanOrEqual(x.p90);
            expect(x.p90).toBeLessThanOrEqual(x.max);
          }
          cheapest += s.cheapest;
          if (s.payback) {
            expect(s.payback.counts.reduce((a, b) => a + b, 0) + s.payback.never).toBe(trials);
            const order = [s.payback.p10, s.payback.p50, s.payback.p90].map((m) => m ?? Infinity);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
        }
        expect(cheapest).toBe(trials);
        for (const c of r.histogram.counts) expect(c.reduce((a, b) => a + b, 0)).toBe(trials);
      }),
      { numRuns: 30, seed: 5 },
    );
  });

  it('is reproducible: the same seed gives byte-identical output, another seed does not', () => {
    const run = (seed: number) => {
      const r = simulate(prepareModel(load(uncertainYaml), tables), 500, seed);
      return formatSimulationJson(r) + formatSimulationCsv(r) + formatSimulationTable(r);
    };
    expect(run(7)).toBe(run(7));
    expect(run(8)).not.toBe(run(7));
  });

  it('adds the sourced API price-trend default unless the scenario states the trend', () => {
    const withDefault = prepareModel(load(simpleScenario()), tables);
    expect(withDefault.inputs.map((u) => u.field)).toEqual(['api.price_change_per_year']);
    expect(withDefault.inputs[0]!.source).toMatch(/^default: Epoch AI/);
    expect(prepareModel(load(simpleScenario()), tables, { defaults: false }).inputs).toEqual([]);
    expect(prepareModel(load(scenarioWith(100000, 1000, 0.5, -0.2)), tables).inputs).toEqual([]);
  });
});
