// sensitivity and sweep on the round-number fixture.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { fieldBounds } from '../../src/scenario/bounds.js';
import { prepareModel, variableInput } from '../../src/uncertainty/model.js';
import { pointRange, sensitivity } from '../../src/uncertainty/sensitivity.js';
import { axisValues, sweep } from '../../src/uncertainty/sweep.js';
import { simpleScenario, simpleTables } from '../helpers.js';

const tables = simpleTables();
const model = (yaml: string, defaults = false) => prepareModel(parseScenarioText(yaml, 's.yaml'), tables, { defaults });

describe('sensitivity', () => {
  it('swings a plain value ±25%, inside its range, whole numbers widened', () => {
    expect(pointRange(1000, fieldBounds(['workload', 'input_tokens'])!)).toEqual([750, 1250]);
    expect(pointRange(0.9, fieldBounds(['self_hosted', 'target_utilization'])!)).toEqual([0.675, 1]); // ≤ 1
    expect(pointRange(2, fieldBounds(['self_hosted', 'min_replicas'])!)).toEqual([1, 3]); // ⌊1.5⌋, ⌈2.5⌉
  });

  it('measures each swing on the TCO and on the gap, by hand', () => {
    // 12 months × 3,000,000 calls. API: $0.0036 a call → $10,800 a month, $129,600 TCO.
    // Self-hosted $12,880 a month ($154,560); hybrid $16,840 ($202,080). Best api, runner-up self_hosted,
    // gap $24,960. Staff fte 1 → 0.75 / 1.25 moves self_hosted by ∓$2,500 a month = ∓$30,000.
    const r = sensitivity(model(simpleScenario()));
    expect(r.baseTco).toEqual([129600, 154560, 202080]);
    expect([r.best, r.runnerUp, r.baseGap]).toEqual(['api', 'self_hosted', 24960]);
    const fte = r.swings.find((s) => s.field === 'self_hosted.staff.fte')!;
    expect([fte.low, fte.high, fte.range]).toEqual([0.75, 1.25, '±25%']);
    expect([fte.tcoLow[1], fte.tcoHigh[1]]).toEqual([124560, 184560]);
    expect([fte.gapLow, fte.gapHigh, fte.gapSwing]).toEqual([-5040, 54960, 60000]);
    // ranked by the gap swing, largest first
    const swings = r.swings.map((s) => s.gapSwing!);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(r.atZero).toContain('workload.retry_rate');
  });

  it('swings a distribution from its P10 to its P90', () => {
    const r = sensitivity(
      model(simpleScenario().replace('input_tokens: 1000', 'input_tokens: { min: 500, max: 1500 }')),
    );
    const s = r.swings.find((x) => x.field === 'workload.input_tokens')!;
    expect([s.range, s.low, s.high]).toEqual(['P10–P90', 600, 1400]);
  });
});

describe('sweep', () => {
  it('spaces points evenly or geometrically, whole numbers for whole-number fields', () => {
    const b = fieldBounds(['workload', 'requests_per_day'])!;
    expect(axisValues({ field: 'x', path: [], bounds: b, lo: 0, hi: 100, steps: 5, log: false })).toEqual([
      0, 25, 50, 75, 100,
    ]);
    expect(
      axisValues({ field: 'x', path: [], bounds: b, lo: 1, hi: 1000, steps: 4, log: true }).map((v) => Math.round(v)),
    ).toEqual([1, 10, 100, 1000]);
    expect(
      axisValues({
        field: 'x',
        path: [],
        bounds: fieldBounds(['self_hosted', 'min_replicas'])!,
        lo: 0,
        hi: 3,
        steps: 7,
        log: false,
      }),
    ).toEqual([0, 1, 2, 3]);
  });

  it('refuses inputs that cannot vary, with the reason', () => {
    const m = model(simpleScenario());
    expect(() => variableInput(m, 'horizon_months', '--vary')).toThrow(/cannot vary: the horizon/);
    expect(() => variableInput(m, 'workload.daily_active_users', '--vary')).toThrow(/is not set in this scenario/);
    expect(() => variableInput(m, 'api.model', '--vary')).toThrow(/is not a numeric scenario field/);
    expect(() => variableInput(m, 'workload..x', '--vary')).toThrow(/is not a field path/);
  });

  const runRateYaml = (staff: number, output: number, util: number, minReplicas: number) =>
    simpleScenario()
      .replace('horizon_months: 12', 'horizon_months: 1')
      .replace('output_tokens: 200', `output_tokens: ${output}`)
      .replace('target_utilization: 0.6', `target_utilization: ${util}`)
      .replace('min_replicas: 1', `min_replicas: ${minReplicas}`)
      .replace('annual_cost_per_fte: 120000', `annual_cost_per_fte: ${staff}`)
      .replace(/hybrid:\n {2}self_hosted_share: 0\.5\n/, '');
  const crossingOf = (yaml: string, steps: number) => {
    const report = compareEngine(resolveScenario(parseScenarioText(yaml, 's.yaml'), tables));
    const v = report.break_even.self_hosted!.run_rate.calls_per_month;
    const m = model(yaml);
    const input = variableInput(m, 'workload.requests_per_day', '--vary');
    const hi = v ? (v.toNumber() / 30) * 3 + 10 : 1e6;
    return { v, r: sweep(m, { ...input, lo: 0, hi, steps, log: false }) };
  };

  it('finds the crossing the break-even solver finds (run rate, steady volume)', () => {
    // One month, no growth, no one-time costs: the TCO is the run rate, so the sweep's change from api
    // to self_hosted sits at break_even.self_hosted.run_rate (in calls: requests/day × 30 days).
    // Hand check (engine.test.ts): 3,577,778 calls/month = 119,259.27 requests/day.
    const { v, r } = crossingOf(runRateYaml(120000, 200, 0.6, 1), 50);
    expect(v!.toFixed()).toBe('3577778');
    expect(r.crossings.map((c) => [c.from, c.to])).toEqual([['api', 'self_hosted']]);
    expect(Math.abs(r.crossings[0]!.at * 30 - 3577777.78)).toBeLessThan(0.01);
  });

  it("agrees with the break-even solver on random scenarios, to the sweep's resolution", () => {
    // With replica steps, self-hosting can be cheaper, then dearer just past a step, then cheaper for
    // good: a dearer stretch narrower than one sweep step is not seen. So: every sweep point from the
    // solver's volume on has self_hosted cheapest, and the sweep's last change to self_hosted is at or
    // before it (to one call and the bisection's 1e-9).
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 50, max: 2000 }),
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 4 }),
        (staff, output, util, minReplicas) => {
          const { v, r } = crossingOf(runRateYaml(staff, output, util, minReplicas), 200);
          const cheapest = r.cheapest[0]!;
          if (!v) {
            expect(cheapest[cheapest.length - 1]).toBe(0); // api stays cheapest at the end
            return;
          }
          r.x.values.forEach((x, i) => {
            if (x * 30 >= v.toNumber() + 1) expect(r.strategies[cheapest[i]!]).toBe('self_hosted');
          });
          const last = r.crossings[r.crossings.length - 1];
          if (last) {
            expect(last.to).toBe('self_hosted');
            expect(last.at * 30).toBeLessThanOrEqual(v.toNumber() + 1 + 1e-8 * v.toNumber());
          } else expect(v.toNumber()).toBeLessThanOrEqual(1); // cheaper from (almost) the start
        },
      ),
      { numRuns: 40, seed: 9 },
    );
  });

  it('maps the cheapest strategy over a grid', () => {
    const m = model(simpleScenario());
    const x = {
      ...variableInput(m, 'workload.requests_per_day', '--vary'),
      lo: 10_000,
      hi: 1_000_000,
      steps: 5,
      log: true,
    };
    const y = {
      ...variableInput(m, 'self_hosted.staff.annual_cost_per_fte', '--vary'),
      lo: 0,
      hi: 400_000,
      steps: 3,
      log: false,
    };
    const r = sweep(m, x, y);
    expect(r.tco).toHaveLength(3);
    expect(r.tco[0]).toHaveLength(5);
    expect(r.crossings).toEqual([]);
    // no staff: self-hosting wins at high volume; the working copy is restored afterwards
    expect(r.strategies[r.cheapest[0]![4]!]).toBe('self_hosted');
    expect(m.scenario.workload?.requests_per_day).toBe(100000);
  });
});
