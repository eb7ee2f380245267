// The HTML report's Uncertainty section from real analyses (src/uncertainty/forReport.ts): fan-chart
// percentiles of cumulative cost and the tornado of the sensitivity run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { loadPricing } from '../../src/pricing/load.js';
import { readScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { fanSeries, tornado, TORNADO_BARS, uncertaintyResults } from '../../src/uncertainty/forReport.js';
import { prepareModel } from '../../src/uncertainty/model.js';
import { sensitivity } from '../../src/uncertainty/sensitivity.js';
import { simulate } from '../../src/uncertainty/simulate.js';
import { ROOT } from '../helpers.js';

const tables = loadPricing();
const loaded = readScenario(join(ROOT, 'scenarios/saas-support-uncertain.yaml'), 'saas-support-uncertain.yaml');

describe('fan chart percentiles', () => {
  const model = prepareModel(loaded, tables);
  const sim = simulate(model, 2000, 7, { cumulative: true });
  const fan = fanSeries(sim);

  it('has every strategy and month, percentiles in order, each growing month by month', () => {
    expect(fan.map((s) => s.strategy)).toEqual(sim.strategies.map((s) => s.id));
    for (const s of fan) {
      expect(s.months).toHaveLength(sim.months);
      s.months.forEach((m, i) => {
        expect(m.month).toBe(i + 1);
        expect(m.p5.lte(m.p25) && m.p25.lte(m.p50) && m.p50.lte(m.p75) && m.p75.lte(m.p95)).toBe(true);
        const prev = s.months[i - 1];
        // Costs are never negative, so every trial's cumulative cost, and so each percentile, grows.
        if (prev) for (const p of ['p5', 'p25', 'p50', 'p75', 'p95'] as const) expect(m[p].gte(prev[p])).toBe(true);
      });
    }
  });

  it('ends at the same TCO median that simulate reports', () => {
    fan.forEach((s, k) => expect(s.months.at(-1)!.p50.toNumber()).toBeCloseTo(sim.strategies[k]!.tco.p50, 2));
  });

  it("collapses to compare's cumulative costs when nothing is uncertain", () => {
    const certain = prepareModel(loaded, tables, { defaults: false });
    // Every distribution at its point value: a model whose inputs are all fixed.
    const fixed = { ...certain, inputs: [] } as typeof certain;
    const flat = fanSeries(simulate(fixed, 50, 1, { cumulative: true }));
    const report = compareEngine(resolveScenario(loaded, tables));
    flat.forEach((s) => {
      const exact = report.strategies.find((r) => r.id === s.strategy)!;
      let cumulative = 0;
      s.months.forEach((m, i) => {
        cumulative += exact.months[i]!.cost.toNumber();
        expect(m.p5.eq(m.p95)).toBe(true);
        expect(m.p50.toNumber()).toBeCloseTo(cumulative, 1);
      });
    });
  });

  it('is refused without the cumulative costs', () => {
    expect(() => fanSeries(simulate(model, 10, 1))).toThrow(/cumulative/);
  });
});

describe('tornado', () => {
  const sens = sensitivity(prepareModel(loaded, tables));
  const t = tornado(sens)!;

  it('charts the gap between the two cheapest strategies, widest swings first, at most 8 bars', () => {
    expect(t.metric).toBe(`${sens.runnerUp} − ${sens.best} ${sens.months}-month TCO`);
    expect(t.base.toNumber()).toBeCloseTo(sens.baseGap!, 2);
    expect(t.bars.length).toBe(Math.min(TORNADO_BARS, sens.swings.length));
    t.bars.forEach((b, i) => {
      const s = sens.swings[i]!;
      expect(b.input).toBe(`${s.field} (${s.range})`);
      expect(b.low.toNumber()).toBeCloseTo(s.gapLow!, 2);
      expect(b.high.toNumber()).toBeCloseTo(s.gapHigh!, 2);
    });
  });

  it('comes with the fan in one result for the report', () => {
    const model = prepareModel(loaded, tables);
    const u = uncertaintyResults(simulate(model, 100, 3, { cumulative: true }), sensitivity(model));
    expect(u.runs).toBe(100);
    // One fan a strategy, as compare reports them: api, self_hosted, hybrid and the same model hosted.
    expect(u.fan?.map((f) => f.strategy)).toEqual(model.strategies);
    expect(u.fan).toHaveLength(4);
    expect(u.tornado?.bars.length).toBeGreaterThan(0);
  });
});
