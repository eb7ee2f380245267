// Portfolios (issue 17): hand-worked figures on the simple fixture, the properties that tie a
// portfolio to the built-in strategies, and the validation of the format.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { dec } from '../../src/money.js';
import { mergePricing, parsePricingText, type PricingTables } from '../../src/pricing/tables.js';
import type { Report, StrategyResult } from '../../src/report/model.js';
import { fixture, run } from '../helpers.js';

/** The simple fixture and a second, dearer API model (not real prices). */
function tables(): PricingTables {
  const file = fixture('pricing-simple.yaml');
  const extra = `version: 1
api_models:
  - { id: test/api-2, input_per_1m: 10, output_per_1m: 30, as_of: 2026-01-01, source: test fixture }
`;
  return mergePricing([
    parsePricingText(readFileSync(file, 'utf8'), 'pricing-simple.yaml'),
    parsePricingText(extra, 'extra.yaml'),
  ]);
}
const T = tables();
const report = (yaml: string): Report => run(yaml, T);
const strategy = (r: Report, id: string): StrategyResult => {
  const s = r.strategies.find((x) => x.id === id);
  if (!s) throw new Error(`no strategy ${id}: ${r.strategies.map((x) => x.id).join(', ')}`);
  return s;
};

const CHAT = `  - id: chat
    requests_per_day: 100000
    input_tokens: 1000
    output_tokens: 200
    peak_to_average: 2`;
const DOCS = `  - id: docs
    requests_per_day: 10000
    input_tokens: 5000
    output_tokens: 500
    peak_to_average: 3`;
const SELF_HOSTED = `self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  target_utilization: 0.6
  min_replicas: 1
  staff: { fte: 1, annual_cost_per_fte: 120000 }`;

function portfolio(strategies: string, extra = '', classes = `${CHAT}\n${DOCS}`): string {
  return `version: 1
name: portfolio
horizon_months: 12
days_per_month: 30
workloads:
${classes}
api:
  model: test/api-1
${SELF_HOSTED}
strategies:
${strategies}
${extra}`;
}

/** One class of the portfolio as its own scenario. */
function alone(workload: string, blocks: string): string {
  return `version: 1
name: alone
horizon_months: 12
days_per_month: 30
workload:
${workload.replace(/^ {2}- id: \w+\n/, '').replace(/^ {4}/gm, '  ')}
${blocks}
`;
}

describe('portfolios: hand-worked', () => {
  const routed = portfolio(`  routed:
    routes:
      chat: { to: self_hosted }
      docs: { to: "api:test/api-2" }`);

  it('a two-class routed strategy is the sum of its parts, each priced alone', () => {
    const r = report(routed);
    const s = strategy(r, 'routed');
    // docs on test/api-2: 300,000 calls × (5,000 × $10 + 500 × $30) / 1M = $19,500 a month.
    // chat self-hosted: 0.1 s prefill + 0.2 s decode = 0.3 replica-s a call; 3M calls ÷ 2,592,000 s ×
    // peak 2 × 0.3 ÷ 0.6 = 1.157 replicas → 2 × 720 h × $2 = $2,880, plus staff $10,000.
    expect(s.month1_cost.toFixed()).toBe('32380');
    expect(s.tco.toFixed()).toBe('388560');
    const chat = report(alone(CHAT, SELF_HOSTED));
    const docs = report(alone(DOCS, 'api:\n  model: test/api-2'));
    const parts = strategy(chat, 'self_hosted').tco.plus(strategy(docs, 'api').tco);
    expect(s.tco.toFixed()).toBe(parts.toFixed());
    s.months.forEach((m, i) => {
      const sum = strategy(chat, 'self_hosted').months[i]!.cost.plus(strategy(docs, 'api').months[i]!.cost);
      expect(m.cost.toFixed()).toBe(sum.toFixed());
    });
    // Every token and GPU item names its class and target.
    for (const it of s.months[0]!.items.filter((i) => i.category === 'api_tokens' || i.category === 'gpu')) {
      expect(it.class, it.name).toBeDefined();
      expect(it.target, it.name).toBeDefined();
    }
    const byClass = s.by_class!;
    expect(byClass.map((c) => [c.class, c.cost.toFixed()])).toEqual([
      ['chat', '154560'],
      ['docs', '234000'],
    ]);
  });

  it('an escalation adds exactly its share of the escalation target cost', () => {
    const base = strategy(
      report(
        portfolio(`  cascade:
    routes:
      chat: { to: self_hosted }
      docs: { to: "api:test/api-1" }`),
      ),
      'cascade',
    );
    const esc = strategy(
      report(
        portfolio(`  cascade:
    routes:
      chat: { to: self_hosted, escalate: { share: 0.2, to: "api:test/api-2" } }
      docs: { to: "api:test/api-1" }`),
      ),
      'cascade',
    );
    // 0.2 × 3M chat calls × (1,000 × $10 + 200 × $30) / 1M = $9,600 a month on test/api-2.
    expect(esc.month1_cost.minus(base.month1_cost).toFixed()).toBe('9600');
    expect(esc.tco.minus(base.tco).toFixed()).toBe('115200');
    const escalated = esc.months[0]!.items.filter((i) => i.name.includes('(escalated)'));
    expect(escalated.map((i) => i.target)).toEqual(['api:test/api-2', 'api:test/api-2']);
  });

  it('an escalation to a deployment adds its share of the capacity', () => {
    const r = report(
      portfolio(`  cascade:
    routes:
      chat: { to: "api:test/api-1", escalate: { share: 0.5, to: self_hosted } }
      docs: { to: "api:test/api-1" }`),
    );
    const cap = strategy(r, 'cascade').months[0]!.capacity!;
    expect(cap.calls.toFixed()).toBe('1500000');
    // 1.5M ÷ 2,592,000 s × peak 2 × 0.3 s ÷ 0.6 = 0.5787 replicas needed.
    expect(cap.replicas_needed.toDecimalPlaces(6).toFixed()).toBe('0.578704');
  });

  it('a shared deployment is sized on the summed peak, and bills its staff once', () => {
    const r = report(
      portfolio(`  shared:
    routes:
      chat: { to: self_hosted }
      docs: { to: self_hosted }`),
    );
    const s = strategy(r, 'shared');
    const cap = s.months[0]!.capacity!;
    // chat: 3M ÷ 2,592,000 × 2 × 0.3 = 0.69444; docs: 300,000 ÷ 2,592,000 × 3 × (0.5 + 0.5) = 0.34722;
    // (0.69444 + 0.34722) ÷ 0.6 = 1.73611 replicas → 2.
    expect(cap.replicas_needed.toDecimalPlaces(5).toFixed()).toBe('1.73611');
    expect(cap.replicas).toBe(2);
    expect(s.months[0]!.items.filter((i) => i.category === 'staff')).toHaveLength(1);
    // The built-in self_hosted strategy of a multi-class scenario is the same portfolio.
    expect(strategy(r, 'self_hosted').tco.toFixed()).toBe(s.tco.toFixed());
    // Sized on each peak alone, each class would need its own replicas: 1.157 and 0.579 → 2 + 1.
    expect(s.month1_cost.toFixed()).toBe(String(2 * 720 * 2 + 10000));
  });

  it('a deployment no route uses costs nothing', () => {
    const r = report(
      portfolio(
        `  api_only:
    routes:
      chat: { to: "api:test/api-1" }
      docs: { to: "api:test/api-1" }`,
        'deployments:\n  spare: { model: test/open-1, gpu: test-gpu, provider: cloud, staff: { fte: 3, annual_cost_per_fte: 100000 } }',
      ),
    );
    expect(strategy(r, 'api_only').tco.toFixed()).toBe(strategy(r, 'api').tco.toFixed());
  });

  it('per-call costs count each call of a class once, by class and strategy', () => {
    const chatRetry = CHAT.replace('peak_to_average: 2', 'peak_to_average: 2\n    retry_rate: 0.1');
    const r = report(
      portfolio(
        `  routed:
    routes:
      chat: { to: self_hosted, escalate: { share: 0.1, to: "api:test/api-2" } }
      docs: { to: "api:test/api-2" }`,
        `per_call_costs:
  - { name: moderation, per_1k_calls: 0.40 }
  - { name: human review, share: 0.02, per_call: 1.50, applies_to: [api] }
  - { name: web search tool, per_1k_calls: 10, classes: [docs] }`,
        `${chatRetry}\n${DOCS}`,
      ),
    );
    const items = (id: string) =>
      strategy(r, id)
        .months[0]!.items.filter((i) => i.unit === 'call')
        .map((i) => [i.name, i.cost.toFixed()]);
    // chat: 3.3M calls with retries, 3M counted; docs: 300,000. Moderation $0.40 per 1,000.
    expect(items('routed')).toEqual([
      ['moderation [chat]', '1200'],
      ['moderation [docs]', '120'],
      ['web search tool [docs]', '3000'],
    ]);
    expect(items('api')).toEqual([
      ['moderation [chat]', '1200'],
      ['human review (2% of calls) [chat]', '90000'],
      ['moderation [docs]', '120'],
      ['human review (2% of calls) [docs]', '9000'],
      ['web search tool [docs]', '3000'],
    ]);
  });

  it('per-call costs apply to the built-in strategies of a one-class scenario too', () => {
    const one = alone(CHAT, `api:\n  model: test/api-1\nper_call_costs:\n  - { name: moderation, per_1k_calls: 1 }`);
    const s = strategy(report(one), 'api');
    // 3M × (1,000 × $2 + 200 × $8) / 1M = $10,800 of tokens, $3,000 of moderation.
    expect(s.month1_cost.toFixed()).toBe('13800');
  });

  it('prices cost per successful call: a retry after a failure is paid and lifts the successes', () => {
    const r = report(
      portfolio(`  careful:
    routes:
      chat: { to: "api:test/api-1", success_rate: 0.8 }
      docs: { to: "api:test/api-1" }`),
    );
    const s = strategy(r, 'careful');
    const api = strategy(r, 'api');
    // chat: 0.2 of calls sent again: 0.2 × 3M × $0.0036 = $2,160 a month more than api.
    expect(s.month1_cost.minus(api.month1_cost).toFixed()).toBe('2160');
    const chat = s.by_class!.find((c) => c.class === 'chat')!;
    // Successes: 1 − 0.2² = 0.96 of calls.
    expect(chat.successful_calls.toFixed()).toBe(dec(36_000_000).times(0.96).toFixed());
    expect(s.cost_per_1k_successful_calls!.gt(s.cost_per_1k_calls!)).toBe(true);
  });
});

describe('portfolios: shared deployments, hybrid per class, overheads', () => {
  const shared = (classes: string, extra = '') =>
    portfolio(
      '  shared:\n    routes:\n      chat: { to: self_hosted }\n      docs: { to: self_hosted }',
      extra,
      classes,
    );
  const half = (a: number, b: number) => `[${[...Array(12).fill(a), ...Array(12).fill(b)].join(', ')}]`;

  it('with traffic curves, a shared deployment is sized hour by hour on the summed load', () => {
    // chat busy by day, docs by night (each curve has mean 1). Load: chat 3M × 0.3 s = 900,000
    // replica-s a month, docs 300,000 × 1.0 s = 300,000. Day hours: (900,000 × 1.5 + 300,000 × 0.5)
    // ÷ 1,200,000 = 1.25 × the mean; sized on it: 1,200,000 ÷ 2,592,000 × 1.25 ÷ 0.6 = 0.964506
    // replicas, where the sum of the two peaks (1.5 each) would ask 1.157407.
    const chat = CHAT.replace('peak_to_average: 2', `traffic: { hourly: ${half(0.5, 1.5)} }`);
    const docs = DOCS.replace('peak_to_average: 3', `traffic: { hourly: ${half(1.5, 0.5)} }`);
    const cap = strategy(report(shared(`${chat}\n${docs}`)), 'shared').months[0]!.capacity!;
    expect(cap.peak_calls_per_s.times(cap.replica_seconds_per_call).toDecimalPlaces(6).toFixed()).toBe(
      dec(1_200_000).div(2_592_000).times(1.25).toDecimalPlaces(6).toFixed(),
    );
    expect(cap.replicas_needed.toDecimalPlaces(6).toFixed()).toBe('0.964506');
  });

  it("a shared deployment's memory fit is on the longest class's sequence", () => {
    const alone = report(
      portfolio('  mine:\n    routes:\n      chat: { to: self_hosted }\n      docs: { to: "api:test/api-1" }'),
    );
    const both = report(shared(`${CHAT}\n${DOCS}`));
    // chat: 1,000 + 200 tokens; docs: 5,000 + 500.
    expect(strategy(alone, 'mine').months[0]!.capacity!.serving!.context_tokens.toFixed()).toBe('1200');
    expect(strategy(both, 'shared').months[0]!.capacity!.serving!.context_tokens.toFixed()).toBe('5500');
  });

  it('hybrid keeps its meaning: each class split by self_hosted_share', () => {
    const r = report(
      portfolio(
        '  mine:\n    routes:\n      chat: { to: self_hosted }\n      docs: { to: self_hosted }',
        'hybrid: { self_hosted_share: 0.25 }',
      ),
    );
    const tokens = (id: string) => strategy(r, id).by_category.api_tokens;
    expect(tokens('hybrid').toFixed()).toBe(tokens('api').times(0.75).toFixed());
    expect(strategy(r, 'hybrid').by_class!.map((c) => c.routes.map((l) => `${l.target} ${l.share}`))).toEqual([
      ['api:test/api-1 0.75', 'self_hosted 0.25'],
      ['api:test/api-1 0.75', 'self_hosted 0.25'],
    ]);
  });

  it('overheads apply to the user strategies they name, and to all of them by default', () => {
    const r = report(
      portfolio(
        '  mine:\n    routes:\n      chat: { to: "api:test/api-1" }\n      docs: { to: "api:test/api-1" }',
        'overheads:\n  - { name: router, monthly: 100, applies_to: [mine] }\n  - { name: logs, monthly: 10 }',
      ),
    );
    expect(strategy(r, 'mine').month1_cost.minus(strategy(r, 'api').month1_cost).toFixed()).toBe('100');
    expect(strategy(r, 'mine').by_category.overhead.toFixed()).toBe('1320');
  });
});

describe('portfolios: properties', () => {
  const params = fc.record({
    rpd: fc.integer({ min: 1, max: 2_000_000 }),
    input: fc.integer({ min: 1, max: 20_000 }),
    output: fc.integer({ min: 1, max: 2_000 }),
    peak: fc.double({ min: 1, max: 5, noNaN: true }).map((x) => Math.round(x * 100) / 100),
    growth: fc.double({ min: -0.05, max: 0.2, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
    cached: fc.double({ min: 0, max: 0.9, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  });
  type Params = typeof params extends fc.Arbitrary<infer P> ? P : never;
  const oneClass = (p: Params, strategies: string) => `version: 1
name: property
horizon_months: 6
workload:
  requests_per_day: ${p.rpd}
  input_tokens: ${p.input}
  output_tokens: ${p.output}
  peak_to_average: ${p.peak}
  cached_input_share: ${p.cached}
  growth: { monthly_rate: ${p.growth} }
api:
  model: test/api-1
${SELF_HOSTED}
strategies:
${strategies}
`;
  const same = (a: StrategyResult, b: StrategyResult) => {
    expect(a.tco.toFixed()).toBe(b.tco.toFixed());
    a.months.forEach((m, i) => expect(m.cost.toFixed()).toBe(b.months[i]!.cost.toFixed()));
  };

  it('a portfolio that routes every class to api:<api.model> is the api strategy', () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = report(oneClass(p, '  mine:\n    routes:\n      workload: { to: "api:test/api-1" }'));
        same(strategy(r, 'mine'), strategy(r, 'api'));
      }),
      { numRuns: 25, seed: 17 },
    );
  });

  it('a portfolio that routes every class to self_hosted is the self_hosted strategy', () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = report(oneClass(p, '  mine:\n    routes:\n      workload: { to: self_hosted }'));
        same(strategy(r, 'mine'), strategy(r, 'self_hosted'));
      }),
      { numRuns: 25, seed: 17 },
    );
  });

  /** A one-class portfolio `mine` that routes to self_hosted, rented on a 1-year reservation. */
  const reservedOneClass = (p: Parameters<typeof oneClass>[0]) =>
    oneClass(p, '  mine:\n    routes:\n      workload: { to: self_hosted }').replace(
      '  provider: cloud\n',
      '  provider: cloud\n  commitment: reserved_1y\n',
    );

  it('reserved terms bind a deployment as they bind self_hosted (tranches, and what they owe past the horizon)', () => {
    fc.assert(
      fc.property(params, (p) => {
        const r = report(reservedOneClass(p));
        const [mine, sh] = [strategy(r, 'mine'), strategy(r, 'self_hosted')];
        same(mine, sh);
        expect((mine.after_horizon ?? []).map((i) => i.cost.toFixed())).toEqual(
          (sh.after_horizon ?? []).map((i) => i.cost.toFixed()),
        );
      }),
      { numRuns: 15, seed: 17 },
    );
  });

  it('a portfolio on reserved self_hosted breaks even and pays back as self_hosted, after-horizon included', () => {
    const facts = (b: Report['break_even'][string]) => {
      const { evaluations: _e, ...rest } = b!;
      return JSON.stringify(rest);
    };
    fc.assert(
      fc.property(params, (p) => {
        const r = report(reservedOneClass(p));
        expect(facts(r.break_even.mine)).toBe(facts(r.break_even.self_hosted));
      }),
      { numRuns: 15, seed: 17 },
    );
    // By hand: 1,000,000 requests a day (average 730-hour months), 1,000 in / 200 out at $2 / $8 per 1M
    // = $0.0036 a call, $0.0216 over 6 months. Self-hosted: 0.3 replica-seconds a call, peak 2, target
    // 0.6 — one replica per 2,628,000 calls a month, reserved at $1.50 × 730 h = $1,095 a month for a
    // 12-month term: a steady volume buys it in month 1 and owes 6 months after the horizon, $13,140 a
    // replica in all; staff $60,000. Two replicas: (60,000 + 2 × 13,140) ÷ 0.0216 = 3,994,444.4 calls
    // a month (without the past-horizon half: 3,386,111.1, what a portfolio used to report).
    const hand = report(
      oneClass(
        { rpd: 1_000_000, input: 1000, output: 200, peak: 2, growth: 0, cached: 0 },
        '  mine:\n    routes:\n      workload: { to: self_hosted }',
      ).replace('  provider: cloud\n', '  provider: cloud\n  commitment: reserved_1y\n'),
    );
    const tco = hand.break_even.mine!.tco;
    expect(facts(hand.break_even.mine)).toBe(facts(hand.break_even.self_hosted));
    expect(tco.calls_per_month?.toFixed()).toBe('3994445');
  });

  it('two like classes on a reserved shared deployment break even where one class of their summed volume does', () => {
    const facts = (b: Report['break_even'][string]) => {
      const { evaluations: _e, ...rest } = b!;
      return JSON.stringify(rest);
    };
    const cls = (id: string, rpd: number) =>
      `  - id: ${id}\n    requests_per_day: ${rpd}\n` +
      '    input_tokens: 1000\n    output_tokens: 200\n    peak_to_average: 2';
    // 8 months on a 12-month term: 4 months of every tranche are owed after the horizon.
    const reserved = (t: string) =>
      t
        .replace('  provider: cloud\n', '  provider: cloud\n  commitment: reserved_1y\n')
        .replace('horizon_months: 12', 'horizon_months: 8');
    const two = report(
      reserved(
        portfolio(
          '  both:\n    routes:\n      a: { to: self_hosted }\n      b: { to: self_hosted }',
          '',
          `${cls('a', 600000)}\n${cls('b', 400000)}`,
        ),
      ),
    );
    const one = report(reserved(alone(cls('x', 1000000), `api:\n  model: test/api-1\n${SELF_HOSTED}`)));
    expect(strategy(two, 'both').tco.toFixed()).toBe(strategy(one, 'self_hosted').tco.toFixed());
    expect(facts(two.break_even.both)).toBe(facts(one.break_even.self_hosted));
    expect(two.break_even.both!.tco.calls_per_month).not.toBeNull();
  });

  it('cost is monotone in the escalation share', () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, a, b) => {
          const [lo, hi] = [Math.min(a, b), Math.max(a, b)].map((x) => Math.round(x * 1000) / 1000);
          const tco = (share: number) =>
            strategy(
              report(
                oneClass(
                  p,
                  `  cascade:\n    routes:\n      workload: { to: self_hosted, escalate: { share: ${share}, to: "api:test/api-2" } }`,
                ),
              ),
              'cascade',
            ).tco;
          expect(tco(lo!).lte(tco(hi!))).toBe(true);
        },
      ),
      { numRuns: 20, seed: 17 },
    );
  });
});

describe('portfolios: validation', () => {
  const fails = (yaml: string, code: string, text: RegExp) => {
    let err: unknown;
    try {
      report(yaml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
    expect((err as Error).message).toMatch(text);
  };
  const route = (chat: string, docs = '{ to: "api:test/api-1" }') =>
    portfolio(`  mine:\n    routes:\n      chat: ${chat}\n      docs: ${docs}`);

  it('names the nearest deployment for an unknown one', () => {
    fails(
      portfolio(
        '  mine:\n    routes:\n      chat: { to: bigg }\n      docs: { to: big }',
        'deployments:\n  big: { model: test/open-1, gpu: test-gpu, provider: cloud }',
      ),
      'E_UNKNOWN_ID',
      /test\.yaml:\d+:\d+: strategies\.mine\.routes\.chat\.to: no deployment 'bigg'.*did you mean 'big'/,
    );
  });

  it('names the nearest API model for an unknown one, at the route', () => {
    fails(
      route('{ to: "api:test/api-3" }'),
      'E_UNKNOWN_ID',
      /strategies\.mine\.routes\.chat\.to: unknown API model 'test\/api-3'.*'test\/api-1' or 'test\/api-2'/,
    );
  });

  it('asks for a route for every class, and knows every class a route names', () => {
    fails(
      portfolio('  mine:\n    routes:\n      chat: { to: self_hosted }'),
      'E_MISSING_FIELD',
      /no route for class 'docs'/,
    );
    fails(
      portfolio(
        '  mine:\n    routes:\n      chat: { to: self_hosted }\n      doc: { to: self_hosted }\n      docs: { to: self_hosted }',
      ),
      'E_UNKNOWN_ID',
      /no class 'doc'.*did you mean 'docs'/,
    );
  });

  it('refuses reserved names and shares outside [0, 1]', () => {
    fails(
      portfolio('  hybrid:\n    routes:\n      chat: { to: self_hosted }\n      docs: { to: self_hosted }'),
      'E_INVALID',
      /strategies\.hybrid: 'hybrid' is a reserved word/,
    );
    fails(
      portfolio(
        '  mine:\n    routes:\n      chat: { to: plan }\n      docs: { to: self_hosted }',
        'deployments:\n  plan: { model: test/open-1, gpu: test-gpu, provider: cloud }',
      ),
      'E_INVALID',
      /deployments\.plan: 'plan' is a reserved word/,
    );
    fails(route('{ to: self_hosted, escalate: { share: 1.5, to: "api:test/api-2" } }'), 'E_RANGE', /escalate\.share/);
    fails(route('{ to: self_hosted, success_rate: 0 }'), 'E_RANGE', /success_rate/);
  });

  it('gives one workload form, and per-call costs name strategies and classes that exist', () => {
    fails(
      portfolio('  mine:\n    routes:\n      chat: { to: self_hosted }\n      docs: { to: self_hosted }').replace(
        'workloads:',
        'workload: { requests_per_day: 1, input_tokens: 1, output_tokens: 1 }\nworkloads:',
      ),
      'E_INVALID',
      /gives both `workload:` and `workloads:`/,
    );
    fails(
      route('{ to: self_hosted }', '{ to: self_hosted }').replace(
        'strategies:',
        'per_call_costs:\n  - { name: x, per_1k_calls: 1, applies_to: [mien] }\nstrategies:',
      ),
      'E_UNKNOWN_ID',
      /per_call_costs\[0\]\.applies_to\[0\]: no strategy 'mien'.*did you mean 'mine'/,
    );
  });

  it('points an error inside a class at its line in workloads', () => {
    fails(
      route('{ to: self_hosted }').replace('input_tokens: 5000', 'input_tokens: -5'),
      'E_RANGE',
      /test\.yaml:\d+:\d+: workloads\[1\]\.input_tokens/,
    );
  });
});
