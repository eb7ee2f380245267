// `llmcost plan`'s optimiser against brute force, built from compare's own monthly costs: for one
// allowed switch, the best plan is the cheaper of staying and the best switch month.
import { describe, expect, it } from 'vitest';
import { planEngine, planSpecOf } from '../../src/engine/plan.js';
import { compareEngine } from '../../src/engine/compare.js';
import { Decimal, sum, ZERO } from '../../src/money.js';
import type { Report } from '../../src/report/model.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { StrategyId } from '../../src/vocabulary.js';
import { simpleTables } from '../helpers.js';

const tables = simpleTables();

function scenario(o: {
  horizon: number;
  growth: string;
  plan: string;
  selfHosted?: string;
  overheads?: string;
}): string {
  return `version: 1
name: plan test
horizon_months: ${o.horizon}
days_per_month: 30
workload:
  requests_per_day: 100000
  input_tokens: 1000
  output_tokens: 200
  peak_to_average: 2
  growth: ${o.growth}
api:
  model: test/api-1
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  min_replicas: 1
  staff: { fte: 1, annual_cost_per_fte: 120000 }
${o.selfHosted ?? ''}
overheads:
${o.overheads ?? '  - { name: monitoring, monthly: 700 }'}
${o.plan}`;
}

function planOf(yaml: string) {
  const loaded = parseScenarioText(yaml, 'test.yaml');
  const input = resolveScenario(loaded, tables);
  const report = compareEngine(input);
  const computed = report.strategies.map((s) => s.id);
  return { report, plan: planEngine(input, report, planSpecOf(loaded.scenario.plan, computed)) };
}

/** The same scenario at zero traffic, through compare (a growth curve of zeros). */
function idleReport(yaml: string, horizon: number): Report {
  const zeros = `{ curve: [${Array.from({ length: horizon }, () => 0).join(', ')}] }`;
  const text = yaml.replace(/growth: .*/, `growth: ${zeros}`);
  return compareEngine(resolveScenario(parseScenarioText(text, 'idle.yaml'), tables));
}

const monthsOf = (r: Report, id: StrategyId) => r.strategies.find((s) => s.id === id)!.months;
const notMoved = (cat: string) => cat !== 'one_time' && cat !== 'fine_tuning';

/** Every way to use one switch `from → to` (one_time, lead), or none, built month by month from compare. */
function bruteForce(
  yaml: string,
  horizon: number,
  from: StrategyId,
  to: StrategyId,
  oneTime: number,
  lead: number,
): Decimal {
  const served = compareEngine(resolveScenario(parseScenarioText(yaml, 'test.yaml'), tables));
  const idle = idleReport(yaml, horizon);
  const a = monthsOf(served, from);
  const b = monthsOf(served, to);
  const run = (ms: typeof a, m: number) => sum(ms[m - 1]!.items.filter((i) => notMoved(i.category)).map((i) => i.cost));
  const moved = (ms: typeof a, cat: string) => sum(ms[0]!.items.filter((i) => i.category === cat).map((i) => i.cost));
  const fromSources = (m: number) => new Set(a[m - 1]!.items.map((i) => i.source));
  const standing = (m: number) =>
    sum(
      monthsOf(idle, to)
        [m - 1]!.items.filter((i) => notMoved(i.category) && !fromSources(m).has(i.source))
        .map((i) => i.cost),
    );
  let best = sum(a.map((m) => m.cost)); // never switch
  // `start` serves month 1, so the earliest switch takes effect in month 2 (and after its lead).
  for (let s = Math.max(2, lead + 1); s <= horizon; s++) {
    let total = moved(a, 'one_time').plus(moved(a, 'fine_tuning'));
    for (let m = 1; m < s; m++) total = total.plus(run(a, m));
    for (let m = s; m <= horizon; m++) total = total.plus(run(b, m));
    for (let m = s - lead; m < s; m++) total = total.plus(standing(m));
    // The target's one-time items (none shared here) and its one fine-tuning run, at its first provisioning month.
    const ft = sum(
      monthsOf(idle, to)[0]!
        .items.filter((i) => i.category === 'fine_tuning')
        .map((i) => i.cost),
    );
    total = total.plus(oneTime).plus(moved(b, 'one_time')).plus(ft);
    if (total.lt(best)) best = total;
  }
  return best;
}

const cents = (d: Decimal) => d.toDecimalPlaces(2).toFixed(2);

describe('plan against brute force (one allowed switch)', () => {
  const cases: Array<{ name: string; growth: string; from: StrategyId; to: StrategyId }> = [
    { name: 'growing', growth: '{ monthly_rate: 0.09 }', from: 'api', to: 'self_hosted' },
    { name: 'fast growing', growth: '{ monthly_rate: 0.25 }', from: 'api', to: 'self_hosted' },
    { name: 'shrinking', growth: '{ monthly_rate: -0.1 }', from: 'self_hosted', to: 'api' },
    { name: 'flat', growth: '{ monthly_rate: 0 }', from: 'api', to: 'self_hosted' },
    { name: 'flat, high', growth: '{ curve: [CURVE] }', from: 'api', to: 'self_hosted' },
  ];
  const switched = new Set<string>();
  for (const c of cases) {
    for (const horizon of [6, 18]) {
      for (const [oneTime, lead] of [
        [0, 0],
        [25000, 2],
        [5000, 1],
        [200000, 3],
      ] as const) {
        it(`${c.name}, ${horizon} months, one_time ${oneTime}, lead ${lead}`, () => {
          const growth = c.growth.replace('CURVE', Array.from({ length: horizon }, () => 3).join(', '));
          const sh = c.from === 'self_hosted' ? '  fine_tuning: { gpu_hours: 30 }' : '  fine_tuning: { gpu_hours: 50 }';
          const setup = `{ name: setup, one_time: 15000, monthly: 300, applies_to: [${c.to}] }`;
          const overheads = `  - { name: monitoring, monthly: 700 }\n  - ${setup}`;
          const move = `{ from: ${c.from}, to: ${c.to}, one_time: ${oneTime}, lead_months: ${lead} }`;
          const plan = `plan:\n  start: ${c.from}\n  switches:\n    - ${move}\n`;
          const yaml = scenario({ horizon, growth, plan, selfHosted: sh, overheads });
          const { plan: p, report } = planOf(yaml);
          expect(cents(p.plan.tco)).toBe(cents(bruteForce(yaml, horizon, c.from, c.to, oneTime, lead)));
          // Staying put is exactly compare's TCO of the start.
          expect(p.plan.versus_start.tco.eq(report.strategies.find((s) => s.id === c.from)!.tco)).toBe(true);
          expect(p.plan.tco.lte(p.plan.versus_start.tco)).toBe(true);
          expect(p.plan.switches.length).toBeLessThanOrEqual(1);
          if (p.plan.switches.length) switched.add(c.name);
        });
      }
    }
  }
  it('and the cases are not all "stay put": the growing, shrinking and high-volume ones switch', () => {
    expect([...switched].sort()).toEqual(['fast growing', 'flat, high', 'growing', 'shrinking']);
  });
});

describe('plan details', () => {
  it('finds a switch on a growing scenario, and every total is the sum of its items', () => {
    const plan =
      'plan:\n  start: api\n  switches:\n    - { from: api, to: self_hosted, one_time: 20000, lead_months: 2 }\n';
    const { plan: p } = planOf(scenario({ horizon: 24, growth: '{ monthly_rate: 0.09 }', plan }));
    expect(p.plan.switches).toHaveLength(1);
    const sw = p.plan.switches[0]!;
    expect(sw.from).toBe('api');
    expect(p.plan.months[sw.month - 2]!.provisioning).toEqual(['self_hosted']);
    expect(p.plan.months[sw.month - 1]!.strategy).toBe('self_hosted');
    for (const m of p.plan.months) expect(m.cost.eq(sum(m.items.map((i) => i.cost)))).toBe(true);
    expect(p.plan.tco.eq(sum(p.plan.months.map((m) => m.cost)))).toBe(true);
    expect(sw.payback_month).not.toBeNull();
    expect(sw.cheaper_from).not.toBeNull();
    expect(ZERO.lt(p.plan.versus_start.saving)).toBe(true);
  });
});

/** The simple fixture without staff or overheads: api $0.0036 a call; a replica $1,440 a month (720 h × $2). */
function bare(o: { horizon: number; curve: number[]; plan: string; selfHosted?: string }): string {
  return `version: 1
name: hand-worked
horizon_months: ${o.horizon}
days_per_month: 30
workload:
  requests_per_day: 100000
  input_tokens: 1000
  output_tokens: 200
  peak_to_average: 2
  growth: { curve: [${o.curve.join(', ')}] }
api:
  model: test/api-1
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  min_replicas: 1
${o.selfHosted ?? ''}
${o.plan}`;
}

describe('hand-worked plans', () => {
  // Volume: 3M calls a month × the curve. api: 300k calls = $1,080, 600k = $2,160, 9M = $32,400.
  // self_hosted: 1 replica ($1,440) up to 2.592M calls a month, 4 replicas ($5,760) at 9M.
  const curve = [0.1, 0.2, 0.2, 3, 3, 3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
  const plan = (gap: number) => `plan:
  start: api
  min_months_between_switches: ${gap}
  switches:
    - { from: api, to: self_hosted, one_time: 5000, lead_months: 1 }
    - { from: self_hosted, to: api, one_time: 1000 }
`;

  it('two switches: out for the spike and back, each where the hand computation puts it', () => {
    const { plan: p } = planOf(bare({ horizon: 12, curve, plan: plan(1) }));
    // api month 1 (1,080) + provisioning 1 replica in month 1 (1,440) + switch 5,000 + self_hosted
    // months 2–3 (2 × 1,440) and 4–6 (3 × 5,760) + switch back 1,000 + api months 7–12 (6 × 1,080).
    expect(p.plan.tco.toFixed(2)).toBe('35160.00');
    expect(p.plan.switches.map((s) => [s.month, s.from, s.to, s.lead_cost.toFixed(2)])).toEqual([
      [2, 'api', 'self_hosted', '1440.00'],
      [7, 'self_hosted', 'api', '0.00'],
    ]);
    expect(p.plan.months[0]!.provisioning).toEqual(['self_hosted']);
    // Month 1: the API's input and output tokens, and the replica being provisioned.
    expect(p.plan.months[0]!.items.map((i) => i.role)).toEqual(['serving', 'serving', 'provisioning']);
    expect(p.plan.months[1]!.items.find((i) => i.role === 'switch')!.cost.toFixed(2)).toBe('5000.00');
  });

  it('a minimum gap of 6 months holds the way back until month 8', () => {
    const { plan: p } = planOf(bare({ horizon: 12, curve, plan: plan(6) }));
    // As above with self_hosted serving month 7 too (1,440 instead of api's 1,080).
    expect(p.plan.tco.toFixed(2)).toBe('35520.00');
    expect(p.plan.switches.map((s) => s.month)).toEqual([2, 8]);
  });

  // From month 4 volume nearly stops (30k calls: $108 a month on the API).
  const shrink = [1, 1, 1, ...Array.from({ length: 15 }, () => 0.01)];
  const back = 'plan:\n  start: self_hosted\n  switches:\n    - { from: self_hosted, to: api }\n';

  it('on demand, the way back to the API comes as soon as volume falls', () => {
    const { plan: p } = planOf(bare({ horizon: 18, curve: shrink, plan: back }));
    expect(p.plan.switches.map((s) => [s.month, s.commitment_cost.toFixed(2)])).toEqual([[4, '0.00']]);
  });

  it('a 1-year reservation makes the early way back unprofitable: the switch waits for the term to end', () => {
    const reserved = '  reserved_replicas: 1\n  reserved_commitment: reserved_1y\n';
    const { plan: p } = planOf(bare({ horizon: 18, curve: shrink, plan: back, selfHosted: reserved }));
    // Leaving in month 4 saves nothing: the reserved replica ($1,080 = 720 h × $1.50) is billed to
    // month 12 either way, and the API costs $108 on top. Month 13 starts a new term. Months 1–3
    // need 2 replicas: the reserved one and one on demand ($1,440).
    expect(p.plan.switches.map((s) => [s.month, s.commitment_cost.toFixed(2)])).toEqual([[13, '0.00']]);
    expect(p.plan.tco.toFixed(2)).toBe(`${3 * (1080 + 1440) + 9 * 1080 + 6 * 108}.00`);
  });

  it('with staff to save, it leaves early and the reservation stays billed to the end of its term', () => {
    const reserved =
      '  reserved_replicas: 1\n  reserved_commitment: reserved_1y\n  staff: { fte: 1, annual_cost_per_fte: 120000 }\n';
    const { plan: p } = planOf(bare({ horizon: 18, curve: shrink, plan: back, selfHosted: reserved }));
    // Staff ($10,000 a month) makes self_hosted dearer than the API's $10,800 even at full volume:
    // it leaves in month 2, the earliest, and the reservation is billed for months 2–12.
    expect(p.plan.switches.map((s) => [s.month, s.commitment_cost.toFixed(2)])).toEqual([[2, `${11 * 1080}.00`]]);
    const tail = p.plan.months.filter((m) => m.items.some((i) => i.role === 'commitment')).map((m) => m.month);
    expect(tail).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('plan against brute force (out and back, each switch once, with a lead and a minimum gap)', () => {
  // Deterministic pseudo-random volume curves: spikes, dips and plateaus the search must follow.
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const H = 10;
  const counts = new Set<number>();
  for (let k = 0; k < 12; k++) {
    const curve = Array.from({ length: H }, () => [0.05, 0.2, 1, 2.5, 4][Math.floor(next() * 5)]!);
    const gap = 1 + Math.floor(next() * 4);
    const lead = Math.floor(next() * 3);
    it(`curve ${curve.join(' ')}, gap ${gap}, lead ${lead}`, () => {
      const plan = `plan:
  start: api
  min_months_between_switches: ${gap}
  switches:
    - { from: api, to: self_hosted, one_time: 3000, lead_months: ${lead}, once: true }
    - { from: self_hosted, to: api, one_time: 500, once: true }
`;
      const yaml = bare({ horizon: H, curve, plan });
      const { plan: p, report } = planOf(yaml);
      const idle = idleReport(yaml, H);
      const api = monthsOf(report, 'api').map((m) => m.cost);
      const sh = monthsOf(report, 'self_hosted').map((m) => m.cost);
      const standing = monthsOf(idle, 'self_hosted').map((m) => m.cost);
      const range = (a: number, b: number, xs: Decimal[]) => sum(xs.slice(a - 1, b - 1)); // months a … b−1
      let best = sum(api);
      for (let s1 = Math.max(2, lead + 1); s1 <= H; s1++) {
        const out = range(1, s1, api)
          .plus(range(s1 - lead, s1, standing))
          .plus(3000);
        best = Decimal.min(best, out.plus(range(s1, H + 1, sh)));
        for (let s2 = s1 + gap; s2 <= H; s2++)
          best = Decimal.min(
            best,
            out
              .plus(range(s1, s2, sh))
              .plus(500)
              .plus(range(s2, H + 1, api)),
          );
      }
      expect(cents(p.plan.tco)).toBe(cents(best));
      counts.add(p.plan.switches.length);
    });
  }
  it('and among the cases some switch once and some out and back', () => {
    expect(counts.has(1) && counts.has(2)).toBe(true);
  });
});
