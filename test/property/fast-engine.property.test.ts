// The analyses' fast path (prepareModel: the engine in float arithmetic, recorded as a tape and
// replayed) against the exact engine, over scenarios drawn from the scenario schema itself
// (scenarioGenerator.ts), so every field — and any field added later — is exercised. Per month the
// two agree to a relative 1e-9 beyond the exact engine's quantisation of each line item to $0.000001
// (test/unit/fast-engine.test.ts). Fixed seed; PROPERTY_RUNS and PROPERTY_SEED run it longer or
// elsewhere (`PROPERTY_RUNS=2000 npx vitest run test/property/fast-engine.property.test.ts`).
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/breakEven.js';
import { compareEngine } from '../../src/engine/compare.js';
import { allStrategyModels } from '../../src/engine/portfolio.js';
import type { Decimal } from '../../src/money.js';
import { formatPath, isInputError } from '../../src/errors.js';
import { loadPricing } from '../../src/pricing/load.js';
import type { Report } from '../../src/report/model.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { measureScenario, type MeasuredScenario } from '../../src/resolve/samples.js';
import { withinBounds } from '../../src/scenario/bounds.js';
import type { InputPath } from '../../src/scenario/extract.js';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { prepareModel, setterFor, variableInput, type PreparedModel } from '../../src/uncertainty/model.js';
import { snapCeil, snapFloor } from '../../src/fastDecimal.js';
import { ROOT } from '../helpers.js';
import { SAMPLE_DIR, TYPICAL, scenarioDrawArb, schemaFields, valuesAt, type Draw } from './scenarioGenerator.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 120);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261203);
/** Above this share of draws refused by the pipeline, the generator has stopped being useful. */
const MAX_DISCARDED = 0.7;

const tables = loadPricing();
/** `sample:` globs are relative to the scenario's folder: the token fixtures. */
const SCENARIO_PATH = join(ROOT, SAMPLE_DIR, 'property.yaml');

type Costs = { ids: string[]; months: number[][]; items: number[][] };

function exactCosts(measured: MeasuredScenario): Costs {
  const report: Report = compareEngine(resolveScenario(measured, tables));
  return {
    ids: report.strategies.map((s) => s.id),
    months: report.strategies.map((s) => s.months.map((m) => m.cost.toNumber())),
    items: report.strategies.map((s) => s.months.map((m) => m.items.length)),
  };
}

/** Where the fast path and the exact engine differ beyond the allowance, one line each. */
function differences(model: PreparedModel, out: Float64Array, exact: Costs): string[] {
  const bad: string[] = [];
  if (exact.ids.join() !== model.strategies.join())
    return [`strategies: fast ${model.strategies.join()} vs exact ${exact.ids.join()}`];
  exact.months.forEach((costs, k) =>
    costs.forEach((e, i) => {
      const fast = out[k * model.months + i]!;
      const allowance = 1e-9 * Math.abs(e) + 0.5e-6 * exact.items[k]![i]!;
      if (!(Math.abs(fast - e) <= allowance)) bad.push(`${exact.ids[k]} month ${i + 1}: fast ${fast} vs exact ${e}`);
    }),
  );
  return bad;
}

/** Every number of the working scenario, by path. */
function numberPaths(v: unknown, path: Array<string | number> = []): InputPath[] {
  if (typeof v === 'number') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => numberPaths(x, [...path, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numberPaths(x, [...path, k]));
  return [];
}

const docsPath = (path: InputPath) => formatPath(path).replace(/\[\d+\]/g, '[]');

/** A value for a varied field from a uniform draw u: inside its bounds, a short decimal as a user writes it. */
function valueFor(path: InputPath, point: number, u: number, bounds: ReturnType<typeof variableInput>['bounds']) {
  const typical = TYPICAL[docsPath(path)];
  const lo = Math.max(bounds.min, typical?.[0] ?? Math.min(0, point));
  const hi = Math.min(bounds.max, typical?.[1] ?? Math.max(1, point * 3));
  const raw = u < 0.1 ? point * (1 + (u - 0.05)) : lo + (hi - lo) * u;
  const v = bounds.integer ? Math.round(raw) : Number(raw.toPrecision(4));
  return withinBounds(v, bounds) ? v : point;
}

interface Counts {
  tried: number;
  discarded: number;
  refusedVariations: number;
  variations: number;
  /** Evaluations of the fast path, and how many a compiled tape answered (the rest recorded). */
  evaluations: number;
  fromTape: number;
  /** ... and how many neither replayed nor recorded: the fallback after a model stops recording. */
  fallback: number;
  reasons: Map<string, number>;
}

const yamlOf = (draw: Draw) => stringify(draw, { lineWidth: 0 });

describe('fast path = exact engine, on scenarios drawn from the schema', () => {
  it(`agrees at the point values and at drawn values of 1–3 inputs (${RUNS} scenarios)`, {
    timeout: 60_000 + RUNS * 400,
  }, () => {
    const counts: Counts = {
      tried: 0,
      discarded: 0,
      refusedVariations: 0,
      variations: 0,
      evaluations: 0,
      fromTape: 0,
      fallback: 0,
      reasons: new Map(),
    };
    const accepted: Draw[] = [];
    const variation = fc.record({
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      // value sets: mostly 3; sometimes 20, past the 16 trials after which a model whose tapes seldom
      // hold stops recording and falls back to the float mirror or the engine per trial (model.ts)
      values: fc.integer({ min: 0, max: 3 }).chain((n) => {
        const sets = n === 0 ? 20 : 3;
        const set = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 });
        return fc.array(set, { minLength: sets, maxLength: sets });
      }),
    });
    fc.assert(
      fc.property(scenarioDrawArb(tables), variation, (draw, vary) => {
        counts.tried++;
        let measured: MeasuredScenario;
        let exact: Costs;
        let model: PreparedModel;
        try {
          const loaded = { ...parseScenarioText(JSON.stringify(draw), 'property.yaml'), path: SCENARIO_PATH };
          measured = measureScenario(loaded, tables);
          exact = exactCosts(measured);
          model = prepareModel(measured, tables, { defaults: false });
        } catch (e) {
          if (!isInputError(e)) throw e;
          counts.discarded++;
          if (process.env.SHOW_REFUSED) console.log(e.message);
          const reason = `${e.details.code} ${e.details.field ?? ''}`;
          counts.reasons.set(reason, (counts.reasons.get(reason) ?? 0) + 1);
          return;
        }
        accepted.push(draw);
        const out = model.buffer();
        // (a) at the point values
        model.evaluate(out);
        const at = differences(model, out, exact);
        if (at.length) throw new Error(`at the point values:\n${at.slice(0, 5).join('\n')}\n${yamlOf(draw)}`);

        // (b) 1–3 inputs the analyses may vary, each set to drawn values; the exact engine runs a copy
        // with the same values written in. Replays of the tape across values, not only its recording.
        const candidates = numberPaths(model.scenario).flatMap((p) => {
          try {
            return [variableInput(model, formatPath(p), 'property test')];
          } catch (e) {
            if (!isInputError(e)) throw e;
            return []; // NOT_UNCERTAIN
          }
        });
        if (candidates.length === 0) return;
        const chosen = [...new Set(vary.picks.map((i) => i % candidates.length))].map((i) => candidates[i]!);
        const setters = chosen.map((c) => setterFor(model, c.path));
        const seq: string[] = [];
        for (const us of vary.values) {
          const values = chosen.map((c, j) => valueFor(c.path, c.value, us[j]!, c.bounds));
          values.forEach((v, j) => setters[j]!(v));
          const where = chosen.map((c, j) => `${c.field} = ${values[j]}`).join(', ');
          counts.variations++;
          const copy: Scenario = structuredClone(model.scenario);
          let exactAt: Costs | undefined;
          let exactRefused: string | undefined;
          try {
            exactAt = exactCosts({ ...measured, scenario: copy });
          } catch (e) {
            if (!isInputError(e)) throw e;
            exactRefused = e.message;
          }
          // A strategy of the point values not computed here: the analyses refuse such values (model.ts).
          if (exactAt && exactAt.ids.join() !== model.strategies.join()) {
            exactRefused = `computes ${exactAt.ids.join()}`;
            exactAt = undefined;
          }
          let fastRefused: string | undefined;
          try {
            model.evaluate(out);
          } catch (e) {
            if (!isInputError(e)) throw e;
            fastRefused = e.message;
          }
          seq.push(where);
          const context = `with ${where}\nafter, in order: ${seq.join('; ')}\n${yamlOf(draw)}`;
          if (exactRefused !== undefined || fastRefused !== undefined) {
            counts.refusedVariations++;
            if ((exactRefused === undefined) !== (fastRefused === undefined))
              throw new Error(
                `only one path refuses ${where}: exact ${exactRefused ?? 'computes'}; ` +
                  `fast ${fastRefused ?? 'computes'}\n${context}`,
              );
            continue;
          }
          const diff = differences(model, out, exactAt!);
          if (diff.length) throw new Error(`${diff.slice(0, 5).join('\n')}\n${context}`);
        }
        // Back at the point values: the replayed tapes still give the recorded answer.
        chosen.forEach((c, j) => setters[j]!(c.value));
        model.evaluate(out);
        const back = differences(model, out, exact);
        if (back.length)
          throw new Error(
            `back at the point values:\n${back.slice(0, 5).join('\n')}\n` +
              `after, in order: ${seq.join('; ')}\n${yamlOf(draw)}`,
          );
        counts.evaluations += model.stats.evaluations;
        counts.fromTape += model.stats.fromTape;
        counts.fallback += model.stats.evaluations - model.stats.fromTape - model.stats.recordings;
      }),
      // No shrinking by default: a failure's message already holds the drawn scenario and the values set
      // before it, and shrinking re-runs the exact engine thousands of times (PROPERTY_SHRINK=1 to shrink).
      { numRuns: RUNS, seed: SEED, endOnFailure: !process.env.PROPERTY_SHRINK },
    );

    const reasons = [...counts.reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
    const share = counts.discarded / counts.tried;
    console.log(
      `${counts.tried} drawn, ${counts.discarded} refused by the pipeline (${(share * 100).toFixed(0)}%: ` +
        `${reasons.map(([r, n]) => `${r} ×${n}`).join(', ')}); ${counts.variations} variations, ` +
        `${counts.refusedVariations} refused by both paths; ${counts.fromTape} of ${counts.evaluations} ` +
        `fast evaluations replayed a tape, ${counts.fallback} ran the fallback`,
    );
    expect(share).toBeLessThanOrEqual(MAX_DISCARDED);

    // (c) every field of the schema was drawn, with a value other than its default, in some scenario
    // that resolved.
    const missing = schemaFields()
      .filter(({ path, defaultValue }) =>
        accepted.every((d) => valuesAt(d, path).every((v) => v === undefined || isDeepStrictEqual(v, defaultValue))),
      )
      .map((f) => f.path);
    expect(missing).toEqual([]);
  });
});

describe('the generator', () => {
  it('draws a field added to the schema, without an edit of its own', () => {
    const schema = scenarioJsonSchema() as { properties: { workload: { properties: Record<string, unknown> } } };
    schema.properties.workload.properties.new_field = { type: 'number', minimum: 0, maximum: 5 };
    const draws = fc.sample(scenarioDrawArb(tables, schema), { numRuns: 40, seed: 1 });
    const drawn = draws.flatMap((d) => valuesAt(d, 'workload.new_field'));
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.every((v) => typeof v === 'number' && v >= 0 && v <= 5)).toBe(true);
  });
});

// Found by the property test above (notes: /work/notes/issue-15-gen.md). Module caches keyed by a
// value's text (trend factors, currency-converted tables) answered a recording from an earlier exact
// run, so the tape did not depend on the input and replayed the old value's costs at a new one.
describe('a tape recorded after an exact run at the same values still depends on the input', () => {
  const cases: Array<[string, InputPath, string]> = [
    [
      'api.price_change_per_year (trend factors)',
      ['api', 'price_change_per_year'],
      'api: { model: openai/gpt-4o-mini, price_change_per_year: 0.5 }',
    ],
    [
      'currency.per_usd (converted tables)',
      ['currency', 'per_usd'],
      `self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: a100-40gb, provider: aws }
currency: { code: EUR, per_usd: 0.5, as_of: 2026-01-15, source: property test }`,
    ],
  ];
  it.each(cases)('%s', (_, path, block) => {
    const yaml = `version: 1
name: regression
horizon_months: 3
workload: { requests_per_day: 1000, input_tokens: 1000, output_tokens: 100 }
${block}
`;
    const measured = measureScenario(parseScenarioText(yaml, 'regression.yaml'), tables);
    const model = prepareModel(measured, tables, { defaults: false });
    const out = model.buffer();
    const set = setterFor(model, path);
    const point = variableInput(model, formatPath(path), 'test').value;
    for (const v of [point * 0.4, point * 0.4, point]) {
      set(v);
      const exact = exactCosts({ ...measured, scenario: structuredClone(model.scenario) });
      model.evaluate(out);
      expect(differences(model, out, exact)).toEqual([]);
    }
  });
});

// Found by the property test (PROPERTY_SEED=2, with the snapCeil change of the notes applied): resolve
// tested replica counts by JS truthiness, and a varied count is a tape input — an object, truthy at 0 —
// so spot.on_demand_floor_replicas varied to 0 beside reserved_replicas was refused on the fast path
// ("a second floor of replicas") while the exact engine computed.
it('a replica count varied to 0 is no replicas on the fast path too', () => {
  const yaml = `version: 1
name: floor
horizon_months: 2
workload: { requests_per_day: 100000, input_tokens: 500, output_tokens: 200 }
self_hosted:
  model: meta/llama-3.1-8b-instruct
  gpu: h100-80gb
  provider: gcp
  commitment: spot
  reserved_replicas: 1
  spot: { interruptions_per_month: 2, restart_minutes: 10 }
`;
  const measured = measureScenario(parseScenarioText(yaml, 'floor.yaml'), tables);
  const model = prepareModel(measured, tables, { defaults: false });
  const out = model.buffer();
  const path = ['self_hosted', 'spot', 'on_demand_floor_replicas'];
  const set = setterFor(model, path);
  for (const v of [0, 0]) {
    set(v);
    model.evaluate(out);
    expect(differences(model, out, exactCosts({ ...measured, scenario: structuredClone(model.scenario) }))).toEqual([]);
  }
});

// Found by the property test (PROPERTY_SEED=2 PROPERTY_RUNS=600), not yet fixed: FastDecimal's ceil
// forgives an absolute 1e-9 near zero (snapCeil in src/fastDecimal.ts: |v − 0| ≤ 1e-9 × max(1, |v|)),
// so a fleet whose demand is a few 1e-10 of a replica rounds to 0 replicas on the fast path and to 1
// in the exact engine: self_hosted costs $0 instead of $2,000.20 a month (aws a100-40gb, 730 h).
describe('known disagreement (notes: /work/notes/issue-15-gen.md)', () => {
  it('a demand of a tiny fraction of one replica still rounds up to one replica', () => {
    const yaml = `version: 1
name: tiny volume
horizon_months: 1
workload: { requests_per_day: 0.0001, input_tokens: 40, output_tokens: 40 }
self_hosted: { model: mistralai/mistral-7b-instruct-v0.3, gpu: a100-40gb, provider: aws, min_replicas: 0 }
`;
    const measured = measureScenario(parseScenarioText(yaml, 'tiny.yaml'), tables);
    const model = prepareModel(measured, tables, { defaults: false });
    const out = model.buffer();
    model.evaluate(out);
    expect(differences(model, out, exactCosts(measured))).toEqual([]);
  });
});

// Found by the property test (PROPERTY_SEED=4), not yet fixed: a trended rate (rounded to $0.000001 per
// 1M tokens, TRENDED_PRICE_DECIMALS) that is exactly a tie in decimals — 30 USD × 2.495 EUR/USD ×
// (1 − 0.59863) = 30.0425445 — is not seen as one in floats: roundTo in src/fastDecimal.ts compares
// |frac − 0.5| with an absolute 1e-9 on the value scaled by 10^6 (here 3e7, where one ulp is 3.7e-9),
// so it rounds up to 30.042545 while the exact engine rounds half-even to 30.042544.
describe('known disagreement: half-even ties of large scaled values (notes: /work/notes/issue-15-gen.md)', () => {
  it('a trended rate that is a tie rounds half-even on the fast path too', () => {
    const yaml = `version: 1
name: tie
horizon_months: 13
workload: { requests_per_day: 1000, input_tokens: 0, output_tokens: 1000 }
api: { model: openai/gpt-5.6, price_change_per_year: -0.59863 }
currency: { code: EUR, per_usd: 2.495, as_of: 2026-01-15, source: property test }
`;
    const measured = measureScenario(parseScenarioText(yaml, 'tie.yaml'), tables);
    const model = prepareModel(measured, tables, { defaults: false });
    const out = model.buffer();
    model.evaluate(out);
    expect(differences(model, out, exactCosts(measured))).toEqual([]);
  });
});

// Found by the property test once it drew the portfolio blocks (notes: /work/notes/issue-15-gen-portfolio.md):
// a deployment with no replicas in a month (no calls, autoscaling from 0) gave an empty item group whose
// cost was the exact ZERO of a module-level constant; on the fast path its fine-tuning run (a FastDecimal)
// was added to it, and decimal.js threw "Invalid argument" — simulate crashed on a scenario compare prices.
it('a portfolio deployment without replicas in a month is priced on the fast path too', () => {
  const yaml = `version: 1
name: idle deployment
horizon_months: 1
workload: { requests_per_day: 0, input_tokens: 100, output_tokens: 100 }
self_hosted:
  model: meta/llama-3.1-8b-instruct
  gpu: h100-80gb
  provider: azure
  autoscaling: { enabled: true, min_replicas: 0 }
  fine_tuning: { gpu_hours: 10, every_months: 1 }
strategies:
  routed: { routes: { workload: { to: self_hosted } } }
`;
  const measured = measureScenario(parseScenarioText(yaml, 'idle.yaml'), tables);
  const exact = exactCosts(measured);
  // 10 GPU-hours of fine-tuning at azure's on-demand $12.29 an H100-hour, and nothing else.
  expect(exact.ids).toEqual(['self_hosted', 'api_same_model', 'routed']);
  expect(exact.months[2]).toEqual([122.9]);
  const model = prepareModel(measured, tables, { defaults: false });
  const out = model.buffer();
  model.evaluate(out);
  expect(differences(model, out, exact)).toEqual([]);
});

// Found by the property test once it drew portfolios (owned fleets of 10^8 replicas at a 0.0001 target
// utilisation and 30% growth a month; PROPERTY_SEED=2 and 3): ⌈x⌉ on the fast path forgave 1e-9 of x as
// binary noise, a tenth of a replica at 10^8, so the fast path bought one replica fewer than the exact
// engine (−$17,000 a month on $187 billion). It now forgives 1e-12 (src/fastDecimal.ts).
it('⌈x⌉ on the fast path forgives binary noise, not a fraction of a replica in a large fleet', () => {
  expect(snapCeil(1e8 + 0.05)).toBe(1e8 + 1);
  expect(snapCeil(123_456_789.001)).toBe(123_456_790);
  expect(snapFloor(1e8 - 0.05)).toBe(1e8 - 1);
  // noise of a few operations is still forgiven: 3 in decimals is 3, not 4
  expect(snapCeil(0.1 * 3 * 10)).toBe(3);
  expect(snapCeil(3 * (1 + 4e-16))).toBe(3);
  expect(snapCeil(1e8 * (1 + 1e-15))).toBe(1e8);
});

// Found by the property test (PROPERTY_SEED=1 and 2 once it drew portfolios; no portfolio needed):
// autoscaling merged the hours whose replica steps have the same width by the width's text, which
// records no guard on the fast path; a tape recorded with hours 0 and 1 at equal weights kept them
// merged when a trial set hour 1 lower, and billed it at hour 0's 14 replicas ($15,485.73).
it('autoscaled hours merged at equal traffic weights come apart when one weight is varied', () => {
  const yaml = `version: 1
name: two equal hours
horizon_months: 1
workload:
  requests_per_day: 2000000
  input_tokens: 1000
  output_tokens: 300
  traffic: { hourly: [10, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }
self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: aws, autoscaling: { enabled: true } }
`;
  const measured = measureScenario(parseScenarioText(yaml, 'hours.yaml'), tables);
  const model = prepareModel(measured, tables, { defaults: false });
  const out = model.buffer();
  const set = setterFor(model, ['workload', 'traffic', 'hourly', 1]);
  for (const w of [10, 2]) {
    set(w);
    model.evaluate(out);
    const exact = exactCosts({ ...measured, scenario: structuredClone(model.scenario) });
    expect(differences(model, out, exact)).toEqual([]);
  }
  // at weight 2: 1,916.25 GPU-hours (peak 14 replicas, 2.62 on average) at aws's $6.88 an H100-hour
  expect(out[0]).toBeCloseTo(13_183.8, 6);
});

// Found by the property test once it drew named deployments: `self_hosted.gpus_per_replica` is not an
// uncertain input (it selects the throughput profile), but a deployment's was, so an analysis varied it
// and the count reached the memory model as a tape value where it takes a plain number: simulate stopped
// with decimal.js's "Invalid argument: 61" (an internal error, exit 3). It is now refused like self_hosted's.
describe("a deployment's gpus_per_replica is not uncertain, as self_hosted's is not", () => {
  const yaml = `version: 1
name: deployment tp
horizon_months: 2
workload: { requests_per_day: 100000, input_tokens: 500, output_tokens: 200 }
api: { model: openai/gpt-4o-mini }
deployments:
  big: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: aws, gpus_per_replica: 1 }
strategies:
  routed: { routes: { workload: { to: big } } }
`;
  it('is refused as a distribution, naming the field', () => {
    expect(() =>
      parseScenarioText(yaml.replace('gpus_per_replica: 1', 'gpus_per_replica: { choices: [1, 2] }'), 'd.yaml'),
    ).toThrow(/deployments\.big\.gpus_per_replica: cannot be a distribution: it selects the throughput profile/);
  });
  it('is not varied by the analyses', () => {
    const model = prepareModel(measureScenario(parseScenarioText(yaml, 'd.yaml'), tables), tables, { defaults: false });
    expect(() => variableInput(model, 'deployments.big.gpus_per_replica', 'test')).toThrow(/throughput profile/);
    // (its other numbers still are)
    expect(variableInput(model, 'deployments.big.target_utilization', 'test').field).toBe(
      'deployments.big.target_utilization',
    );
  });
});

// Found by the property test (PROPERTY_SEED=1): the hosted endpoint of the open model has no cached-input
// rate, so api_same_model is computed only while no input tokens are cached (here: input_tokens 0). The
// prepared model lays out its output by the point values' strategies; a trial with another set wrote
// each strategy's costs into another's slot (simulate answered as if nothing happened). Now refused.
it('values at which the scenario computes other strategies than at its point values are refused', () => {
  const yaml = `version: 1
name: cached input on the hosted endpoint
horizon_months: 1
workload: { requests_per_day: 1000, input_tokens: { min: 0, max: 12000 }, output_tokens: 500, cached_input_share: 0.5 }
self_hosted: { model: meta/llama-3.3-70b-instruct, gpu: h100-80gb, provider: aws }
`;
  const measured = measureScenario(parseScenarioText(yaml, 'cache.yaml'), tables);
  expect(exactCosts(measured).ids).toEqual(['self_hosted']);
  const at0 = structuredClone(measured.scenario);
  at0.workload!.input_tokens = 0;
  expect(exactCosts({ ...measured, scenario: at0 }).ids).toEqual(['self_hosted', 'api_same_model']);
  expect(() => prepareModel(measured, tables)).toThrow(
    new RegExp(
      'cache\\.yaml:4:\\d+: workload\\.input_tokens: can be 0 \\(an end of its distribution\\), and there: ' +
        'the strategies computed are self_hosted, api_same_model, not self_hosted',
    ),
  );
});

// Found while checking 4ef7be3 (the break-even walk without divisions) against the old build on the
// drawn scenarios: 2 of 358 answers moved, and the old ones were wrong. The walk read ⌊v ÷ w⌋ at a
// breakpoint v = n·w by dividing; with widths of 34 significant digits v ÷ w could come out a hair
// below n, one replica short, so D(v+) looked ≤ 0 and the walk went past the true last positive
// segment: strategies_0 "breaks even" at 1,095,867,080 calls a month while still dearer than the API
// there. The indices of the walk give ⌊v ÷ w⌋ exactly: 1,096,389,880 (D > 0 one call below, ≤ 0 at it).
it('the run-rate break-even is a volume from which the strategy is no dearer (a portfolio draw)', () => {
  const yaml = `version: 1
name: break-even walk
workload:
  requests_per_day: 4495265
  input_tokens: { sample: prompts/*.txt, stat: p95 }
  output_tokens: { sample: prompts/*.txt, encoding: o200k_base }
  cached_input_share: 0.635
  traffic:
    hourly: [8.01, 5.15, 3.03, 0, 1.68, 3.94, 5.8, 4.76, 1.87, 3.99, 0.002, 3.15, 0, 6.55, 5.76, 0.0189, 0.0068,
      0, 0.1, 0.0892, 0.0941, 0, 0.01, 0.0696]
api: { model: google/gemini-3-flash-preview, priority_share: 0.698 }
self_hosted:
  model: deepseek/deepseek-v3
  gpu: l40s-48gb
  provider: runpod-community
  gpus_per_replica: 39
  autoscaling: { enabled: true, min_replicas: 1 }
deployments:
  l4:
    model: mistralai/mistral-small-3.2-24b-instruct
    gpu: l4-24gb
    provider: aws
    commitment: on_demand
    min_replicas: 0
    fine_tuning: { gpu_hours: 1111, every_months: 3 }
    autoscaling: { min_replicas: 1, scale_up_minutes: 0 }
    owned_replicas: 5
    ownership: { electricity_per_kwh: 0.15, hours_per_day: 24 }
strategies:
  routed:
    routes:
      workload: { to: l4, escalate: { share: 0.146, to: self_hosted }, success_rate: 0.086, on_failure: escalate }
currency: { code: EUR, per_usd: 200, as_of: 2026-11-30, source: property test }
`;
  const measured = measureScenario({ ...parseScenarioText(yaml, 'walk.yaml'), path: SCENARIO_PATH }, tables);
  const input = resolveScenario(measured, tables);
  const be = compareEngine(input).break_even.routed!.run_rate.calls_per_month!;
  const models = allStrategyModels(input).models;
  const routed = models.find((m) => m.id === 'routed')!.runRateCurve();
  const api = models.find((m) => m.id === 'api')!.runRateCurve();
  const gap = (v: Decimal) => evaluate(routed, v).minus(evaluate(api, v));
  expect(gap(be.minus(1)).gt(0)).toBe(true);
  expect(gap(be).lte(0)).toBe(true);
  expect(be.toFixed()).toBe('1096389880');
});
