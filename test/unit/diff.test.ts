// diff: before → after per strategy, with hand-checked changes on the simple fixture.
import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/report/diff.js';
import { compareText } from '../../src/index.js';
import { simpleScenario, simpleTables } from '../helpers.js';

// With assumptions listed, as the CLI loads scenarios.
const run = (yaml: string) => compareText(yaml, 's.yaml', { tables: simpleTables() });

describe('diffReports', () => {
  // Output 200 → 300 tokens: API output 3,000,000 × 300 = 900 M × $8 = $7,200 (was $4,800), so the
  // API month goes $10,800 → $13,200: +$2,400, +22.2%.
  const base = run(simpleScenario());
  const head = run(simpleScenario().replace('output_tokens: 200', 'output_tokens: 300'));
  const d = diffReports(base, head, { base: 'a.yaml', head: 'b.yaml' });
  const api = d.strategies.find((s) => s.id === 'api')!;

  it('gives before, after, absolute and relative change', () => {
    expect(api.month1.base!.toFixed(2)).toBe('10800.00');
    expect(api.month1.head!.toFixed(2)).toBe('13200.00');
    expect(api.month1.delta!.toFixed(2)).toBe('2400.00');
    expect(api.month1.ratio!.times(100).toFixed(1)).toBe('22.2');
    expect(api.tco.delta!.toFixed(2)).toBe('28800.00'); // 12 × $2,400
  });

  it('lists exactly the inputs that differ', () => {
    expect(d.inputs).toEqual([{ field: 'workload.output_tokens', base: '200', head: '300' }]);
  });

  it('says nothing changed when nothing did', () => {
    const same = diffReports(base, base, { base: 'a', head: 'a' });
    expect(same.inputs).toEqual([]);
    expect(same.recommendation.changed).toBe(false);
    expect(same.break_even.every((b) => !b.changed)).toBe(true);
  });

  it('reports a strategy that appears or disappears', () => {
    const noHybrid = run(simpleScenario().replace('hybrid:\n  self_hosted_share: 0.5\n', ''));
    const h = diffReports(noHybrid, base, { base: 'a', head: 'b' }).strategies.find((s) => s.id === 'hybrid')!;
    expect(h.tco.base).toBeNull();
    expect(h.tco.head).not.toBeNull();
    expect(h.tco.delta).toBeNull();
  });
});
