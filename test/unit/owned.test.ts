// Owned GPUs, worked by hand (docs/ownership.md): a 4-GPU fleet in both accounting views, tranche
// buying and replacement on a growing workload, rent vs buy, hours_per_day, and the bad inputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadPricing } from '../../src/pricing/load.js';
import { mergePricing, parsePricingText, type PricingTables } from '../../src/pricing/tables.js';
import type { StrategyResult } from '../../src/report/model.js';
import { fixture, run } from '../helpers.js';

const pricingText = readFileSync(fixture('pricing-owned.yaml'), 'utf8');
const tables = (text = pricingText): PricingTables => mergePricing([parsePricingText(text, 'pricing-owned.yaml')]);

/**
 * 100,000 requests/day × 30 days = 3,000,000 calls a month; 0.3 replica-seconds a call
 * (1000/10000 + 200/1000); peak 2 → 1.157 replicas needed, min_replicas 4 → 4 replicas = 4 GPUs.
 */
const fleet = (ownership: string, extra = '') => `version: 1
name: owned
horizon_months: 24
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200, peak_to_average: 2 }
api: { model: test/api-1 }
self_hosted:
  model: test/open-1
  gpu: test-gpu
  commitment: owned
  min_replicas: 4
  ownership: { depreciation_months: 36, residual_share: 0.1, pue: 1.5, electricity_per_kwh: 0.10,
    hosting_per_gpu_month: 200, maintenance_share_per_year: 0.12${ownership} }
${extra}`;

const sh = (r: ReturnType<typeof run>): StrategyResult => r.strategies.find((s) => s.id === 'self_hosted')!;
const costs = (s: StrategyResult, month: number) =>
  Object.fromEntries(s.months[month - 1]!.items.map((i) => [i.category, i.cost.toFixed(2)]));

describe('a 4-GPU owned fleet, cash view', () => {
  const s = sh(run(fleet(', accounting: cash'), tables()));
  it('pays the purchase in month 1 and runs energy, hosting and maintenance every month', () => {
    // purchase 4 × (30,000 + 6,000) = 144,000
    // energy: idle+host 4 × 150 W × 720 h = 432 kWh; busy 600 W × 3,000,000 × 0.3 s ÷ 3,600 = 150 kWh
    //         (582 kWh ≡ 4 GPUs at 8.68% average utilisation); × PUE 1.5 = 873 kWh × $0.10 = $87.30
    // hosting 4 × 200 = 800; maintenance 4 × 36,000 × 0.12 ÷ 12 = 1,440
    expect(costs(s, 1)).toEqual({ capital: '144000.00', energy: '87.30', hosting: '800.00', maintenance: '1440.00' });
    expect(s.months[0]!.items.find((i) => i.category === 'energy')!.quantity.toFixed()).toBe('873');
    expect(s.months[0]!.items.find((i) => i.category === 'energy')!.name).toContain('8.7% busy');
    expect(s.months[1]!.cost.toFixed(2)).toBe('2327.30');
  });
  it('credits the residual share as resale at the horizon end', () => {
    // 4 × 36,000 × 0.1 = 14,400 credited in month 24
    expect(costs(s, 24).residual).toBe('-14400.00');
    // TCO = 144,000 + 24 × 2,327.30 − 14,400 = 185,455.20
    expect(s.tco.toFixed(2)).toBe('185455.20');
    expect(s.by_category.capital.toFixed(2)).toBe('144000.00');
  });
  it('reads as months to pay back against the API', () => {
    // API: 1000 × 2/1M + 200 × 8/1M = $0.0036 a call → $10,800 a month
    // cumulative: 144,000 + 2,327.30 m ≤ 10,800 m from m = 17 (183,564.10 ≤ 183,600)
    expect(s.ownership!.payback_month_cash).toBe(17);
  });
  it('states the other view too', () => {
    expect(s.ownership!.tco_cash.toFixed(2)).toBe('185455.20');
    expect(s.ownership!.tco_depreciation.toFixed(2)).toBe('142255.20');
  });
});

describe('the same fleet, depreciation view', () => {
  const s = sh(run(fleet(', accounting: depreciation'), tables()));
  it('charges straight-line depreciation to the residual inside the horizon', () => {
    // 36,000 × (1 − 0.1) ÷ 36 = 900 a GPU-month; × 4 = 3,600
    expect(costs(s, 1)).toEqual({
      depreciation: '3600.00',
      energy: '87.30',
      hosting: '800.00',
      maintenance: '1440.00',
    });
    expect(costs(s, 24).residual).toBeUndefined();
    // 24 × (3,600 + 2,327.30) = 142,255.20
    expect(s.tco.toFixed(2)).toBe('142255.20');
  });
  it('leaves the book value as a note, never charged', () => {
    // 4 × (36,000 − 24 × 900) = 57,600
    expect(s.ownership!.book_value_at_end.toFixed(2)).toBe('57600.00');
    expect(s.ownership!.tco_cash.toFixed(2)).toBe('185455.20');
  });
});

describe('rent vs buy', () => {
  it('rents the same replicas on demand and finds no crossover at $2/GPU-hour', () => {
    const o = sh(run(fleet(''), tables())).ownership!;
    // 4 GPUs × 720 h × $2 = 5,760 a month; 144,000 + 2,327.30 m never falls under 5,760 m in 24 months
    expect(o.rented!.provider).toBe('cloud');
    expect(o.rented!.tco.toFixed(2)).toBe('138240.00');
    expect(o.rented!.owning_cheaper_from_month).toBeNull();
  });
  it('finds the crossover month when renting costs $10/GPU-hour', () => {
    const o = sh(run(fleet(''), tables(pricingText.replaceAll('on_demand: 2,', 'on_demand: 10,')))).ownership!;
    // rent 4 × 720 × 10 = 28,800 a month; month 5: 155,636.50 > 144,000; month 6: 157,963.80 ≤ 172,800
    expect(o.rented!.owning_cheaper_from_month).toBe(6);
  });
});

describe('tranches on a growing workload', () => {
  // calls 1.5M, 3M, 3M, 6M, 1.5M, 9M → replicas needed 1, 2, 2, 3, 1, 4 (calls ÷ 2,592,000, rounded up)
  const yaml = `version: 1
name: growing
horizon_months: 6
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200, peak_to_average: 2,
  growth: { curve: [0.5, 1, 1, 2, 0.5, 3] } }
self_hosted:
  model: test/open-1
  gpu: test-gpu
  commitment: owned
  min_replicas: 1
  ownership: { depreciation_months: 2, electricity_per_kwh: 0.1 }
`;
  const s = sh(run(yaml, tables()));
  it('buys each tranche in the month it is first needed, keeps it, and replaces it every depreciation_months', () => {
    // held 1, 2, 2, 3, 3, 4 (never shrinks in month 5); bought: m1 1 new; m2 1 new; m3 the m1 GPU again;
    // m4 1 new + the m2 GPU; m5 the m1 tranche; m6 1 new + the m2 and m4 tranches
    expect(s.ownership!.purchases.map((p) => [p.month, p.gpus])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 1],
      [6, 3],
    ]);
    expect(s.ownership!.gpus_at_end).toBe(4);
    expect(s.months[4]!.items.find((i) => i.category === 'energy')!.name).toContain('3 GPUs');
  });
});

describe('hours_per_day', () => {
  it('squeezes the day into the powered hours: capacity and energy follow', () => {
    const r = run(fleet(', hours_per_day: 8', ''), tables());
    const m1 = sh(r).months[0]!;
    // peak 1.157 replicas over 24 h → × 3 = 3.47 in 8 hours: still under min_replicas 4
    expect(m1.capacity!.replicas_needed.toDecimalPlaces(4).toFixed()).toBe('3.4722');
    // idle+host 4 × 150 W × 240 h = 144 kWh; busy 150 kWh as before; × 1.5 × $0.10 = $44.10
    expect(m1.items.find((i) => i.category === 'energy')!.cost.toFixed(2)).toBe('44.10');
  });
});

describe('owned_replicas beside a rented commitment', () => {
  it('owns the base fleet from month 1 and rents only the replicas above it', () => {
    const yaml = fleet('', '').replace(
      'commitment: owned',
      'provider: cloud\n  commitment: on_demand\n  owned_replicas: 3',
    );
    const s = sh(run(yaml, tables()));
    // 4 replicas (min_replicas): 3 owned, 1 rented × 720 h × $2 = 1,440
    const gpu = s.months[0]!.items.find((i) => i.category === 'gpu')!;
    expect(gpu.cost.toFixed(2)).toBe('1440.00');
    expect(gpu.name).toContain('above 3 owned');
    expect(costs(s, 1).capital).toBe('108000.00');
  });
});

describe('bad ownership input: one clear error, exit 2', () => {
  const err = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('no error');
  };
  it('refuses a GPU without purchase or power rows', () => {
    const e = err(() => run(fleet('').replace('gpu: test-gpu', 'gpu: rent-only-gpu'), tables()));
    expect(e.code).toBe('E_NO_PRICE');
    expect(e.message).toContain("'rent-only-gpu' has no purchase price");
  });
  it('refuses hours_per_day above 24 and a negative price of electricity', () => {
    expect(err(() => run(fleet(', hours_per_day: 25'), tables())).code).toBe('E_RANGE');
    expect(
      err(() => run(fleet('').replace('electricity_per_kwh: 0.10', 'electricity_per_kwh: -1'), tables())).code,
    ).toBe('E_RANGE');
    expect(err(() => run(fleet(', pue: 0.5'), tables())).details.field).toContain('pue');
  });
  it('asks for the ownership block when GPUs are owned, and refuses it when none are', () => {
    const noBlock = fleet('').replace(/ {2}ownership: [^}]*\}\n/, '');
    expect(err(() => run(noBlock, tables())).code).toBe('E_MISSING_FIELD');
    const rented = fleet('').replace('commitment: owned', 'provider: cloud\n  commitment: on_demand');
    expect(err(() => run(rented, tables())).message).toContain('no GPU is owned');
  });
});

describe('the shipped power rows', () => {
  it('charge an owned H100 at its measured idle draw, not its maximum, when it has nothing to do', () => {
    // pricing/gpus.yaml h100-80gb: idle 135 W (85 W bare idle + 50 W CUDA context), host 575 W.
    // One call a day: 1 GPU × (135 + 575) W × 720 h = 511.2 kWh (+ 0.0002 kWh busy) × PUE 1 × $0.10 = $51.12,
    // where the maximum would be (700 + 575) W × 720 h = 918 kWh = $91.80.
    const yaml = `version: 1
name: owned h100
horizon_months: 12
days_per_month: 30
workload: { requests_per_day: 1, input_tokens: 1000, output_tokens: 200 }
api: { model: openai/gpt-5-mini }
self_hosted:
  model: meta/llama-3.1-8b-instruct
  gpu: h100-80gb
  commitment: owned
  min_replicas: 1
  ownership: { pue: 1, electricity_per_kwh: 0.10 }
`;
    const energy = sh(run(yaml, loadPricing())).months[0]!.items.find((i) => i.category === 'energy')!;
    expect(energy.name).toContain('135 W idle');
    expect(energy.cost.toFixed(2)).toBe('51.12');
  });
});
