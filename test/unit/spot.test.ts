// Spot is not free capacity: interrupted GPU-hours are re-bought on demand and a floor of replicas
// stays on demand. Hand-checked on the simple tables, with a spot price added.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/breakEven.js';
import { strategyModels } from '../../src/engine/strategies.js';
import { InputError } from '../../src/errors.js';
import type { PricingTables } from '../../src/pricing/tables.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { compareEngine } from '../../src/engine/compare.js';
import { simpleScenario, simpleTables } from '../helpers.js';

/** test-gpu at 'cloud': on demand $2, spot $0.80 (added here). */
function withSpot(): PricingTables {
  const t = simpleTables();
  const g = t.gpus.get('test-gpu')!;
  const spot = { ...g, prices: g.prices.map((p) => ({ ...p, spot: 0.8 })) };
  return { ...t, gpus: new Map([...t.gpus, ['test-gpu', spot]]) };
}

const spotScenario = (block: string) =>
  simpleScenario()
    .replace('  min_replicas: 1\n', `  min_replicas: 1\n  commitment: spot\n${block}`)
    .replace(/hybrid:[\s\S]*$/, '');

const resolve = (yaml: string) => resolveScenario(parseScenarioText(yaml, 'scenario.yaml'), withSpot());

describe('spot replicas with interruptions', () => {
  // 3,000,000 calls in a 30-day month need 2 replicas (2,592,000 each at peak). One is the on-demand
  // floor: 720 h × $2 = $1,440. The other is spot: 720 h × $0.80 = $576. It is interrupted 3 times a
  // month and takes 20 minutes to serve again: 3 × 1/3 h = 1 GPU-hour re-bought on demand, $2.
  const block = '  spot: { interruptions_per_month: 3, restart_minutes: 20, on_demand_floor_replicas: 1 }\n';
  const input = resolve(spotScenario(block));
  const report = compareEngine(input);
  const month1 = report.strategies.find((s) => s.id === 'self_hosted')!.months[0]!;
  const gpu = month1.items.filter((i) => i.category === 'gpu');
  it('bills the floor on demand, the rest at spot, and the lost hours on demand', () => {
    expect(gpu.map((i) => [i.quantity.toFixed(), i.unit_price.toFixed(), i.cost.toFixed()])).toEqual([
      ['720', '2', '1440'],
      ['720', '0.8', '576'],
      ['1', '2', '2'],
    ]);
    expect(gpu[0]!.name).toContain('1 on-demand floor replica');
    expect(gpu[2]!.name).toContain('re-bought on demand after spot interruptions (3 a replica-month x 20 min restart');
    expect(report.warnings).toBeUndefined();
  });
  it("the break-even solver's curve bills the same month", () => {
    const sh = strategyModels(input).models.find((m) => m.id === 'self_hosted')!;
    // Items are quantised to $0.000001 each; the curve is exact.
    expect(evaluate(sh.curve(1), month1.calls).minus(month1.cost).abs().lt('0.00001')).toBe(true);
    expect(month1.cost.toFixed()).toBe('12018'); // $2,018 of GPUs + $10,000 of staff
  });
  it('GPU-hour prices scale every one of those lines (the gpu_price flip axis)', () => {
    expect(gpu.every((i) => i.unit === 'GPU-hour')).toBe(true);
  });
  it('spot without a spot block is priced as before, with a warning in the report', () => {
    const r = compareEngine(resolve(spotScenario('')));
    const warned = 'self_hosted.commitment: spot replicas are priced as if they were never interrupted';
    expect(r.warnings?.[0]?.startsWith(warned)).toBe(true);
  });
  it('refuses a spot block without commitment: spot, and two floors', () => {
    const spotBlock = '  spot: { interruptions_per_month: 1, restart_minutes: 5 }\n';
    const wrong = simpleScenario().replace('  min_replicas: 1\n', `  min_replicas: 1\n${spotBlock}`);
    expect(() => resolve(wrong)).toThrow(InputError);
    expect(() => resolve(wrong)).toThrow(/self_hosted\.spot: applies to spot replicas, and commitment is on_demand/);
  });
});
