// Capacity from first principles, worked by hand: each expected figure is derived in the comment.
import { describe, expect, it } from 'vitest';
import { planFineTuning } from '../../src/capacity/fineTuning.js';
import { kvBytesPerToken, maxConcurrency, weightBytes } from '../../src/capacity/memory.js';
import { decodeBound, prefillBound } from '../../src/capacity/roofline.js';
import { planServing } from '../../src/capacity/serving.js';
import { InputError } from '../../src/errors.js';
import { Decimal } from '../../src/money.js';
import { loadPricing } from '../../src/pricing/load.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { run, simpleScenario, simpleTables } from '../helpers.js';

const shipped = loadPricing();
const model = (id: string) => shipped.openModels.get(id)!;
const gpu = (id: string) => shipped.gpus.get(id)!;
const L8 = 'meta/llama-3.1-8b-instruct';
const L70 = 'meta/llama-3.1-70b-instruct';
const sh = (r: ReturnType<typeof run>, id = 'self_hosted') => r.strategies.find((s) => s.id === id)!;

function resolveError(yaml: string, tables = shipped): InputError {
  try {
    resolveScenario(parseScenarioText(yaml, 'cap.yaml'), tables);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an input error');
}

const shippedScenario = (
  selfHosted: string,
  workload = 'requests_per_day: 100000, input_tokens: 1000, output_tokens: 500',
) => `version: 1
name: capacity
days_per_month: 30
workload: { ${workload} }
self_hosted:
${selfHosted}
`;

describe('memory fit', () => {
  it('Llama-3.1-8B bf16: 16.06 GB of weights, 128 KiB of KV cache per token', () => {
    // 8.03e9 params × 2 bytes = 16.06e9 B; KV = 2 × 32 layers × 8 KV heads × 128 dims × 2 B = 131,072 B = 128 KiB
    expect(weightBytes(model(L8), 'bf16').toFixed()).toBe('16060000000');
    expect(kvBytesPerToken(model(L8), 'bf16').toFixed()).toBe('131072');
  });

  it('fp8 halves the weight bytes (and the KV cache)', () => {
    expect(weightBytes(model(L8), 'fp8').toFixed()).toBe('8030000000');
    expect(
      weightBytes(model(L70), 'fp8')
        .times(2)
        .eq(weightBytes(model(L70), 'bf16')),
    ).toBe(true);
    expect(kvBytesPerToken(model(L8), 'fp8').toFixed()).toBe('65536');
    // int4 is weight-only: a quarter of bf16 weights, 16-bit KV
    expect(weightBytes(model(L8), 'int4').toFixed()).toBe('4015000000');
    expect(kvBytesPerToken(model(L8), 'int4').toFixed()).toBe('131072');
  });

  it('Llama-3.1-70B bf16 needs more than one 80 GB GPU: 2 per replica, with little room for KV', () => {
    // weights 70.6e9 × 2 = 141.2 GB; overhead = 1 GiB per GPU + workspace 8,192 × (70.6e9 ÷ 80 ÷ 8,192) × 2 B
    // = 1.765 GB; usable = 0.9 × 80 GiB = 77.309 GB per GPU
    //   ×1: 141.2 + 1.765 + 1.074 = 144.04 > 77.31
    //   ×2: 141.2 + 1.765 + 2.147 = 145.11 ≤ 154.62: room 9.505 GB ÷ (1,500 tokens × 327,680 B) = 19.3 → 19
    //   ×4: 141.2 + 1.765 + 4.295 = 147.26 ≤ 309.24: room 161.98 GB ÷ 491.52 MB = 329.5 → 329
    const h100 = gpu('h100-80gb');
    const ctx = new Decimal(1500);
    expect(maxConcurrency(model(L70), h100, 'bf16', 1, ctx)).toBe(0);
    expect(maxConcurrency(model(L70), h100, 'bf16', 2, ctx)).toBe(19);
    expect(maxConcurrency(model(L70), h100, 'bf16', 4, ctx)).toBe(329);
    const r = planServing({
      model: model(L70),
      gpu: h100,
      precision: 'bf16',
      profiles: shipped.profiles,
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(500),
    });
    expect(r.ok && r.plan.gpusPerReplica).toBe(2);
    // no bf16 TP-2 row: derived, at the 19 sequences that fit
    expect(r.ok && [r.plan.profile.kind, r.plan.concurrency, r.plan.concurrencyLimit]).toEqual([
      'derived',
      19,
      'memory',
    ]);
    const four = planServing({
      model: model(L70),
      gpu: h100,
      precision: 'bf16',
      gpusPerReplica: 4,
      profiles: shipped.profiles,
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(500),
    });
    // with 4 GPUs fixed, the shipped measured TP-4 profile (concurrency 256) applies: 256 ≤ 329 fits
    expect(four.ok && [four.plan.profile.kind, four.plan.concurrency, four.plan.concurrencyLimit]).toEqual([
      'measured',
      256,
      'profile',
    ]);
  });

  it('refuses Llama-3.1-70B bf16 on one L40S with the GB needed against the GB usable', () => {
    // needs 141.2 + 1.765 + 1.074 + 1 × 1,500 × 327,680 B (0.49 GB) = 144.53 GB; usable 0.9 × 48 GB = 43.2 GB (the L40S datasheet counts decimal GB: memory_unit GB)
    const e = resolveError(
      shippedScenario(`  model: ${L70}\n  gpu: l40s-48gb\n  provider: aws\n  precision: bf16\n  gpus_per_replica: 1`),
    );
    expect(e.code).toBe('E_NO_FIT');
    expect(e.message).toBe(
      'cap.yaml:10:21: self_hosted.gpus_per_replica: meta/llama-3.1-70b-instruct at bf16 does not fit on l40s-48gb ×1: one replica needs 144.5 GB (141.2 GB weights + 2.8 GB runtime overhead + 0.5 GB KV cache for one 1500-token sequence) but 43.2 GB is usable (90% of 1 × 48 GB); expected more GPUs per replica (gpus_per_replica), a GPU with more memory, or a lower precision',
    );
  });

  it('says so when even 8 GPUs per replica are not enough', () => {
    // a 405B model in bf16: 810 GB of weights + 8 GiB + 10.1 GB workspace + 0.5 GB KV > 8 × 43.2 GB usable on L40S
    const tables = {
      ...shipped,
      openModels: new Map([...shipped.openModels, ['test/405b', { ...model(L70), id: 'test/405b', params_b: 405 }]]),
    };
    const e = resolveError(
      shippedScenario(`  model: test/405b\n  gpu: l40s-48gb\n  provider: aws\n  precision: bf16`),
      tables,
    );
    expect(e.code).toBe('E_NO_FIT');
    expect(e.details.field).toBe('self_hosted.gpu');
    expect(e.message).toMatch(
      /does not fit on l40s-48gb ×8: one replica needs 829\.\d GB .* but 345\.6 GB is usable .*\(tried 1, 2, 4 and 8 GPUs per replica\)/,
    );
  });

  it('a longer context caps a measured profile at what fits, and scales its decode along the roofline', () => {
    // 70B fp8 on 2 × H100 (profile: concurrency 128 at 2,000 tokens). At 6,700 tokens per sequence:
    // room = 154.62 − 70.6 − (1.765 + 2.147) = 80.11 GB ÷ (6,700 × 163,840 B = 1.0977 GB) = 72.98 → 72 sequences
    const r = planServing({
      model: model('meta/llama-3.3-70b-instruct'),
      gpu: gpu('h100-80gb'),
      precision: 'fp8',
      gpusPerReplica: 2,
      profiles: shipped.profiles,
      inputTokens: new Decimal(6000),
      outputTokens: new Decimal(700),
    });
    if (!r.ok) throw new Error(r.failure.message);
    expect([r.plan.concurrency, r.plan.concurrencyLimit]).toEqual([72, 'memory']);
    // decode(72) = 2,523 × bound(72) ÷ bound(128): never above its own bound
    const ratio = decodeBound(model(L70), gpu('h100-80gb'), 'fp8', 2, 72, new Decimal(6700)).div(
      decodeBound(model(L70), gpu('h100-80gb'), 'fp8', 2, 128, new Decimal(6700)),
    );
    expect(
      new Decimal(r.plan.profile.decode_tokens_per_s).toDecimalPlaces(6).eq(ratio.times(2523).toDecimalPlaces(6)),
    ).toBe(true);
    expect(new Decimal(r.plan.profile.decode_tokens_per_s).lte(r.plan.bound.decode)).toBe(true);
  });
});

describe('throughput: measured or derived, always bounded', () => {
  it('every shipped profile lies at or below its roofline bound at its stated concurrency and context', () => {
    expect(shipped.profiles.length).toBeGreaterThan(20);
    for (const p of shipped.profiles) {
      const m = model(p.model);
      const g = gpu(p.gpu);
      expect(p.context_tokens, `${p.model}@${p.gpu} states its context`).toBeDefined();
      const decode = decodeBound(m, g, p.precision, p.gpus_per_replica, p.concurrency, new Decimal(p.context_tokens!));
      const prefill = prefillBound(m, g, p.precision, p.gpus_per_replica);
      expect(
        new Decimal(p.decode_tokens_per_s).lte(decode),
        `${p.model}@${p.gpu}/${p.precision}/tp${p.gpus_per_replica} decode ${p.decode_tokens_per_s} ≤ ${decode.toFixed(0)}`,
      ).toBe(true);
      expect(
        new Decimal(p.prefill_tokens_per_s).lte(prefill),
        `${p.model}@${p.gpu} prefill ${p.prefill_tokens_per_s} ≤ ${prefill.toFixed(0)}`,
      ).toBe(true);
    }
  });

  it('the roofline reproduces the anchor example for Llama-3.1-8B on H100', () => {
    // batch 64 at 1,024 tokens: 64 × 3,350e9 ÷ (16.06e9 + 64 × 1,024 × 131,072) = 214.4e12 ÷ 24.650e9 = 8,697.8 tok/s
    // (anchor-data rounds it to ≤ 8,700)
    expect(
      decodeBound(model(L8), gpu('h100-80gb'), 'bf16', 1, 64, new Decimal(1024)).toDecimalPlaces(1).toFixed(),
    ).toBe('8697.8');
    // prefill: 989e12 ÷ (2 × 8.03e9) = 61,581 tok/s bf16
    expect(prefillBound(model(L8), gpu('h100-80gb'), 'bf16', 1).floor().toFixed()).toBe('61581');
  });

  it('derives a profile when none matches, and labels it derived', () => {
    // Llama-3.1-8B bf16 on H100: no bf16 row. ctx 1,500: room = 77.31 − 16.06 − (1.074 + 0.502) GB
    // ÷ (1,500 × 131,072 B) = 302 → the engine default 256 applies. Calibrated model (roofline.ts):
    // decode step = max((16.06e9 + 256 × 1,500 × 131,072) ÷ (0.6 × 3.35e12) = 33.031 ms,
    //                   2 × 8.03e9 × 256 ÷ (0.35 × 989e12) = 11.877 ms) + 80 µs × 32 layers = 35.591 ms
    //   → 256 ÷ 0.035591 = 7,192 tok/s (one GPU: no tensor-parallel communication)
    // prefill: chunk 8,192 tokens × (2 × 8.03e9 + attention 4 × 4,096 × 32 × 500) FLOPs ÷ (0.35 × 989e12)
    //   = 0.38628 s + 2.56 ms; per 1,000-token prompt 0.38884 × 1,000 ÷ 8,192 + 1 ms = 48.466 ms → 20,633 tok/s (floor)
    const r = run(
      shippedScenario(`  model: ${L8}\n  gpu: h100-80gb\n  provider: aws\n  precision: bf16\n  min_replicas: 1`),
      shipped,
    );
    const s = sh(r).months[0]!.capacity!.serving!;
    expect([s.profile_kind, s.concurrency, s.concurrency_limit]).toEqual(['derived', 256, 'engine default']);
    expect(s.decode_tokens_per_s.toFixed()).toBe('7192');
    expect(s.prefill_tokens_per_s.toFixed()).toBe('20633');
    expect(s.profile_source).toMatch(
      /^roofline from pricing\/gpus\.yaml#h100-80gb and pricing\/open-models\.yaml#meta\/llama-3\.1-8b-instruct$/,
    );
  });
});

describe('latency targets', () => {
  // Fixture: test/open-1 (8B, 32 layers, 8 KV heads, 128 dims, bf16) on test-gpu (80 GB, 3,000 GB/s),
  // profile decode 1,000 tok/s at concurrency 32, prefill 10,000. Calls: 1,000 in + 200 out → 1,200 tokens.
  // The profile runs at a share k of its roofline, so k × bandwidth = 1,000 × (16e9 + 32 × 1,200 × 131,072) ÷ 32
  // = 1,000 × 21.0331648e9 ÷ 32 = 657.2864e9 B/s, and TPOT(C) = (16e9 + C × 157,286,400) ÷ 657.2864e9 s.
  const base = simpleScenario().replace('requests_per_day: 100000', 'requests_per_day: 400000');
  it('models TTFT and TPOT at the profile concurrency without a target', () => {
    // TPOT(32) = 32 ÷ 1,000 = 32 ms; prefill x = 1,000 ÷ 10,000 s = 100 ms; + one step 32 ms = 132 ms before queueing.
    // At target_utilization 0.6: replica-seconds per call = 0.1 + 200 × 0.032 ÷ 32 = 0.3 s, so the prefill
    // server runs at ρ_p = 0.6 × 0.1 ÷ 0.3 = 0.2: mean wait = 0.2 × 100 ÷ 0.8 = 25 ms; p95 wait =
    // (25 ÷ 0.2) × ln(0.2 ÷ 0.05) = 173.29 ms. Slots: a = (0.6 ÷ 0.3) × (0.1 + 200 × 0.032) = 13 of 32 busy,
    // Erlang-C wait 0.0022 ms. TTFT = 132 + 25 + 0.002 = 157.002 ms; p95 = 132 + 173.287 = 305.287 ms.
    const s = sh(run(base)).months[0]!.capacity!.serving!;
    expect([
      s.tpot_ms.toFixed(),
      s.ttft_ms.toDecimalPlaces(3).toFixed(),
      s.ttft_p95_ms.toDecimalPlaces(3).toFixed(),
    ]).toEqual(['32', '157.002', '305.287']);
  });
  it('a tight TPOT lowers the concurrency and raises the replica count', () => {
    // tpot_ms 28: C ≤ (0.028 × 657.2864e9 − 16e9) ÷ 157,286,400 = 2.4040192e9 ÷ 157,286,400 = 15.28 → 15
    // decode(15) = 15 × 657.2864e9 ÷ (16e9 + 15 × 157,286,400) = 9.859296e12 ÷ 18.359296e9 = 537.019… tok/s; TPOT 27.93 ms
    // replica-seconds per call = 1,000/10,000 + 200/537.019 = 0.1 + 0.37243 = 0.47243 s (was 0.3)
    // 12,000,000 calls: peak = 12e6 ÷ 2,592,000 s × 2 = 9.259 calls/s
    //   without the target: 9.259 × 0.3 ÷ 0.6 = 4.63 → 5 replicas; with it: 9.259 × 0.47243 ÷ 0.6 = 7.29 → 8 replicas
    const before = sh(run(base)).months[0]!.capacity!;
    const after = sh(run(base.replace('  min_replicas: 1', '  min_replicas: 1\n  slo: { tpot_ms: 28 }'))).months[0]!
      .capacity!;
    expect(before.replicas).toBe(5);
    expect(after.serving!.concurrency).toBe(15);
    expect(after.serving!.concurrency_limit).toBe('latency target');
    expect(after.serving!.decode_tokens_per_s.toDecimalPlaces(3).toFixed()).toBe('537.019');
    expect(after.serving!.tpot_ms.toDecimalPlaces(2).toFixed()).toBe('27.93');
    expect(after.replica_seconds_per_call.toDecimalPlaces(5).toFixed()).toBe('0.47243');
    expect(after.replicas).toBe(8);
  });
  it('a TTFT target leaves room for the prefill and its queue first', () => {
    // at concurrency 32 the mean TTFT is 157.0 ms (above); a 150 ms target lowers the concurrency until
    // prefill 100 ms + TPOT + the prefill and slot waits fit
    const c = sh(
      run(base.replace('  min_replicas: 1', '  min_replicas: 1\n  gpus_per_replica: 1\n  slo: { ttft_ms: 150 }')),
    ).months[0]!.capacity!;
    expect(c.serving!.concurrency_limit).toBe('latency target');
    expect(c.serving!.concurrency).toBeLessThan(32);
    expect(c.serving!.ttft_ms.lte(150)).toBe(true);
  });
  it('slo.ttft_p95_ms sizes on the p95, which is above the mean', () => {
    // the p95 at concurrency 32 is 305.3 ms: a 250 ms p95 target must lower the concurrency
    const c = sh(
      run(base.replace('  min_replicas: 1', '  min_replicas: 1\n  gpus_per_replica: 1\n  slo: { ttft_p95_ms: 250 }')),
    ).months[0]!.capacity!;
    expect(c.serving!.concurrency_limit).toBe('latency target');
    expect(c.serving!.ttft_p95_ms.lte(250)).toBe(true);
    expect(c.serving!.ttft_p95_ms.gt(c.serving!.ttft_ms)).toBe(true);
  });
  it('moves to more GPUs per replica when one GPU cannot meet the target', () => {
    // TPOT(1) on one GPU = (16e9 + 157,286,400) ÷ 657.2864e9 = 24.58 ms > 20 ms. Two GPUs (no table row: derived,
    // 0.5 × 6,000 GB/s = 3e12 B/s): C ≤ (0.020 × 3e12 − 16e9) ÷ 157,286,400 = 279.7 → the engine default 256
    const c = sh(run(base.replace('  min_replicas: 1', '  min_replicas: 1\n  slo: { tpot_ms: 20 }'))).months[0]!
      .capacity!;
    expect([c.gpus_per_replica, c.serving!.profile_kind, c.serving!.concurrency]).toEqual([2, 'derived', 256]);
  });
  it('refuses targets no concurrency can meet', () => {
    // with gpus_per_replica fixed at 1: TPOT(1) = 24.58 ms > 20 ms
    const e = resolveError(
      base.replace('  min_replicas: 1', '  min_replicas: 1\n  gpus_per_replica: 1\n  slo: { tpot_ms: 20 }'),
      simpleTables(),
    );
    expect(e.code).toBe('E_SLO');
    // TTFT at one sequence is dominated by waiting for the single batch slot: held 0.1 + 200 × 0.02458 = 5.0 s
    // at a = 0.6 busy → mean wait 0.6 ÷ 0.4 × 5.0 s ≈ 7.5 s
    expect(e.message).toMatch(
      /cannot meet the latency targets at any concurrency: at 1 sequence \(at 60% utilisation\) modelled TTFT 7650\.3 ms \(p95 31287\.6 ms\), TPOT 24\.6 ms/,
    );
  });
});

describe('traffic shape and autoscaling', () => {
  // 1,000,000 requests/day × 30 = 30,000,000 calls/month; 0.3 replica-s per call at 60% utilisation.
  // Hours 0–11 weigh 1, hours 12–23 weigh 3 → normalised 0.5 and 1.5 (peak-to-average 1.5).
  // A replica serves 30 × 86,400 × 0.6 ÷ 0.3 = 5,184,000 calls a month at average load.
  const hourly = `[${[...Array(12).fill(1), ...Array(12).fill(3)].join(', ')}]`;
  const yaml = (extra: string) =>
    simpleScenario()
      .replace('requests_per_day: 100000', 'requests_per_day: 1000000')
      .replace('  peak_to_average: 2\n', `  traffic: { hourly: ${hourly} }\n`)
      .replace('  min_replicas: 1', `  min_replicas: 1${extra}`);
  it('always-on sizes for the derived peak every hour', () => {
    // peak width 5,184,000 ÷ 1.5 = 3,456,000 → ⌈30e6 ÷ 3.456e6⌉ = ⌈8.68⌉ = 9 replicas × 720 h × $2 = $12,960
    const m = sh(run(yaml(''))).months[0]!;
    expect(m.capacity!.replicas).toBe(9);
    expect(m.items.find((i) => i.category === 'gpu')!.cost.toFixed()).toBe('12960');
  });
  it('autoscaling bills the curve hour by hour: fewer GPU-hours than peak all month', () => {
    // quiet hours: ⌈30e6 × 0.5 ÷ 5.184e6⌉ = ⌈2.89⌉ = 3; busy hours: ⌈8.68⌉ = 9
    // scale_up_minutes 0: 30 days × (12 × 3 + 12 × 9) = 4,320 replica-hours × $2 = $8,640 (vs 6,480 h, $12,960)
    const m = sh(run(yaml('\n  autoscaling: { enabled: true, min_replicas: 1, scale_up_minutes: 0 }'))).months[0]!;
    expect(m.capacity!.replica_hours!.toFixed()).toBe('4320');
    expect(m.capacity!.replicas).toBe(9);
    expect(m.items.find((i) => i.category === 'gpu')!.cost.toFixed()).toBe('8640');
  });
  it('scale-up lead time bills the busier hour early', () => {
    // 30 minutes: hour 11 (3 replicas) bills 9 for its last half hour before the busy hours: +30 × 0.5 × 6 = 90 → 4,410 h
    const m = sh(run(yaml('\n  autoscaling: { min_replicas: 1, scale_up_minutes: 30 }'))).months[0]!;
    expect(m.capacity!.replica_hours!.toFixed()).toBe('4410');
  });
  it('rejects a peak_to_average that contradicts the curve', () => {
    const e = resolveError(yaml('').replace('  traffic:', '  peak_to_average: 2\n  traffic:'), simpleTables());
    expect(e.message).toMatch(/workload\.peak_to_average: is derived from workload\.traffic\.hourly/);
  });
});

describe('mixed commitments', () => {
  it('bills reserved replicas every hour and the rest on demand', () => {
    // 400,000 requests/day → 12,000,000 calls: ⌈12e6 ÷ 2,592,000⌉ = ⌈4.63⌉ = 5 replicas
    // 3 reserved × 720 h × $1.50 = $3,240 + 2 × 720 h × $2 = $2,880 → $6,120
    const m = sh(
      run(
        simpleScenario()
          .replace('requests_per_day: 100000', 'requests_per_day: 400000')
          .replace('  min_replicas: 1', '  min_replicas: 1\n  reserved_replicas: 3'),
      ),
    ).months[0]!;
    expect(m.items.filter((i) => i.category === 'gpu').map((i) => [i.name, i.cost.toFixed()])).toEqual([
      ['test-gpu GPU-hours (3 reserved replicas x 1 GPU, cloud reserved_1y)', '3240'],
      ['test-gpu GPU-hours (2 replicas above 3 reserved x 1 GPU, cloud on_demand)', '2880'],
    ]);
  });
  it('pays for idle reserved replicas', () => {
    // 3,000,000 calls need 2 replicas; 3 are reserved: 3 × 720 × $1.50 = $3,240, nothing on demand
    const m = sh(run(simpleScenario().replace('  min_replicas: 1', '  min_replicas: 1\n  reserved_replicas: 3')))
      .months[0]!;
    expect(m.items.filter((i) => i.category === 'gpu').map((i) => i.cost.toFixed())).toEqual(['3240']);
  });
});

describe('fine-tuning from first principles', () => {
  it('QLoRA of a 70B model fits on one 80 GB GPU; full fine-tuning does not fit even on eight', () => {
    // QLoRA: 70.6e9 × 0.5 B = 35.3 GB + adapters 0.5% × 70.6e9 × 16 B = 5.648 GB + activations 14.12 GB + 1.5 GB = 56.568 GB ≤ 72
    const q = planFineTuning(model(L70), gpu('h100-80gb'), {
      method: 'qlora',
      tokens: new Decimal(1e7),
      epochs: new Decimal(1),
    });
    expect(q.ok && q.plan.gpus).toBe(1);
    expect(q.ok && q.plan.memoryNeeded.toFixed()).toBe('56568000000');
    // full: 16 B × 70.6e9 = 1,129.6 GB + 14.12 + 8 × 1.5 = 1,155.72 GB > 8 × 0.9 × 80 GiB = 618.5 GB
    const f = planFineTuning(model(L70), gpu('h100-80gb'), {
      method: 'full',
      tokens: new Decimal(1e7),
      epochs: new Decimal(1),
    });
    expect(f.ok).toBe(false);
    expect(!f.ok && f.message).toBe(
      'full fine-tuning of meta/llama-3.1-70b-instruct does not fit on 8 × h100-80gb: it needs 1155.7 GB, 8 GPUs offer 618.5 GB usable',
    );
  });
  it('turns FLOPs into GPU-hours at the stated utilisation', () => {
    // LoRA of test/open-1 (8B) on 1e8 tokens × 2 epochs: 4 × 8e9 × 1e8 × 2 = 6.4e18 FLOPs
    // ÷ (1,000 TFLOP/s × 0.4) = 16,000 s = 4.444… h → 4.45 GPU-hours × $2 on demand = $8.90
    const r = run(
      simpleScenario().replace(
        '  min_replicas: 1',
        '  min_replicas: 1\n  fine_tuning: { method: lora, tokens: 100000000, epochs: 2 }',
      ),
    );
    const item = sh(r).months[0]!.items.find((i) => i.category === 'fine_tuning')!;
    expect([item.quantity.toFixed(), item.cost.toFixed()]).toEqual(['4.45', '8.9']);
    expect(item.name).toBe('fine-tuning run (lora, 100000000 tokens x 2 epochs on 1 x test-gpu, cloud on_demand)');
  });
  it('rejects a method that cannot fit', () => {
    const e = resolveError(
      shippedScenario(
        `  model: ${L70}\n  gpu: h100-80gb\n  provider: aws\n  fine_tuning: { method: full, tokens: 1000000 }`,
      ),
    );
    expect(e.code).toBe('E_NO_FIT');
    expect(e.details.field).toBe('self_hosted.fine_tuning.method');
  });
});

describe('gpu: auto', () => {
  it('picks the cheapest fitting GPU and provider each month, and names the runner-up', () => {
    const r = run(shippedScenario(`  model: ${L8}\n  gpu: auto\n  min_replicas: 1`), shipped);
    const c = sh(r).months[0]!.capacity!;
    expect(c.choice).toBeDefined();
    expect(c.choice!.runner_up).not.toBeNull();
    expect(c.choice!.chosen_cost.lte(c.choice!.runner_up_cost!)).toBe(true);
    const gpuCost = sh(r)
      .months[0]!.items.filter((i) => i.category === 'gpu')
      .reduce((a, i) => a.plus(i.cost), new Decimal(0));
    expect(gpuCost.eq(c.choice!.chosen_cost)).toBe(true);
  });
  it('prices fine-tuning once, on the GPU and provider where the run costs least', () => {
    // 70B QLoRA: 4 × 70.6e9 × 1e8 tokens = 2.824e19 FLOPs at MFU 0.3. Per GPU-hour of work the cost is
    // rate ÷ (bf16 TFLOP/s × 0.3): runpod-community H100 $2.69 ÷ 989 = 0.00272 beats A100 80GB $1.39 ÷ 312 = 0.00446
    // and L40S $0.79 ÷ 362 = 0.00218 is cheaper still, and RunPod's RTX 4090 $0.34 ÷ 165.2 = 0.00206 the cheapest —
    // QLoRA 70B needs 56.6 GB, more than one card holds, so it runs on 4 × RTX 4090 (GPU-hours do not depend on
    // the GPU count). GPU-hours = 2.824e19 ÷ (165.2e12 × 0.3) ÷ 3,600 = 158.28…
    const r = run(
      shippedScenario(
        `  model: ${L70}\n  gpu: auto\n  min_replicas: 1\n  fine_tuning: { method: qlora, tokens: 100000000 }`,
      ),
      shipped,
    );
    const item = sh(r).months[0]!.items.find((i) => i.category === 'fine_tuning')!;
    expect(item.name).toBe(
      'fine-tuning run (qlora, 100000000 tokens x 1 epoch on 4 x rtx-4090-24gb, runpod-community on_demand)',
    );
    expect([item.quantity.toFixed(), item.unit_price.toFixed()]).toEqual(['158.29', '0.34']);
  });
  it('rejects gpu_hours with gpu: auto (they depend on the GPU)', () => {
    const e = resolveError(shippedScenario(`  model: ${L8}\n  gpu: auto\n  fine_tuning: { gpu_hours: 10 }`));
    expect(e.message).toMatch(/gpu: auto has not fixed/);
  });
});

describe('scenario errors for the new fields', () => {
  const errorOf = (selfHosted: string) => {
    try {
      parseScenarioText(shippedScenario(selfHosted), 'cap.yaml');
      return resolveError(shippedScenario(selfHosted)).message;
    } catch (e) {
      return (e as Error).message;
    }
  };
  it('names the field and what was expected', () => {
    expect(errorOf(`  model: ${L8}\n  gpu: h100-80gb\n  provider: aws\n  fine_tuning: { method: lora }`)).toBe(
      'cap.yaml:9:16: self_hosted.fine_tuning: method needs tokens; expected tokens: training tokens per epoch',
    );
    expect(
      errorOf(
        `  model: ${L8}\n  gpu: h100-80gb\n  provider: aws\n  fine_tuning: { gpu_hours: 3, method: qlora, tokens: 5 }`,
      ),
    ).toMatch(/needs exactly one of gpu_hours and method/);
    expect(errorOf(`  model: ${L8}\n  gpu: h100-80gb`)).toMatch(
      /^cap\.yaml:7:8: self_hosted\.provider: which provider's price of 'h100-80gb'\?; expected provider: one of aws, /,
    );
    expect(errorOf(`  model: ${L8}\n  gpu: h100-80gb\n  provider: aws\n  reserved_replicas: 2`)).toMatch(
      /self_hosted\.reserved_replicas: 'aws' has no reserved_1y price for GPU 'h100-80gb'/,
    );
    expect(errorOf(`  model: ${L8}\n  gpu: h100-80gb\n  provider: aws\n  slo: {}`)).toMatch(
      /self_hosted\.slo: needs ttft_ms, ttft_p95_ms or tpot_ms/,
    );
  });
  it('wants 24 hourly weights', () => {
    const yaml = shippedScenario(
      `  model: ${L8}\n  gpu: h100-80gb\n  provider: aws`,
      'requests_per_day: 1000, input_tokens: 10, output_tokens: 10, traffic: { hourly: [1, 2, 3] }',
    );
    expect(() => parseScenarioText(yaml, 'cap.yaml')).toThrow(/workload\.traffic\.hourly: needs 24 hourly weights/);
  });
});

describe('month items and break-even curves agree', () => {
  it('for autoscaling, reserved replicas and first-principles fine-tuning (scenarios/chat-diurnal.yaml)', async () => {
    const { readFileSync } = await import('node:fs');
    const { itemsOf, strategyModels } = await import('../../src/engine/strategies.js');
    const { evaluate } = await import('../../src/engine/breakEven.js');
    const { monthlyCalls } = await import('../../src/engine/volume.js');
    const input = resolveScenario(
      parseScenarioText(
        readFileSync(new URL('../../scenarios/chat-diurnal.yaml', import.meta.url), 'utf8'),
        'chat.yaml',
      ),
      shipped,
    );
    expect(input.selfHosted!.autoscaling).toBeDefined();
    const calls = monthlyCalls(input);
    for (const m of strategyModels(input).models) {
      calls.forEach((c, i) => {
        const items = itemsOf(m.month(i + 1, c).groups);
        const fromItems = items.reduce((a, it) => a.plus(it.cost), new Decimal(0));
        // items are quantised to $0.000001 each; the curve is exact
        expect(
          evaluate(m.curve(i + 1), c)
            .minus(fromItems)
            .abs()
            .lte(new Decimal(items.length).times(1e-6)),
          `${m.id} month ${i + 1}`,
        ).toBe(true);
      });
    }
  });
});

describe('break-even chart vertices with hourly steps', () => {
  it('draws every step boundary of every width, at the values the solver uses', async () => {
    const { readFileSync } = await import('node:fs');
    const { runRateCurves } = await import('../../src/engine/curves.js');
    const { evaluate } = await import('../../src/engine/breakEven.js');
    const { strategyModels } = await import('../../src/engine/strategies.js');
    const input = resolveScenario(
      parseScenarioText(
        readFileSync(new URL('../../scenarios/chat-diurnal.yaml', import.meta.url), 'utf8'),
        'chat.yaml',
      ),
      shipped,
    );
    const curve = strategyModels(input)
      .models.find((m) => m.id === 'self_hosted')!
      .runRateCurve();
    expect(curve.extraSteps!.length).toBeGreaterThan(0);
    const pts = runRateCurves(input, new Decimal(60_000_000)).find((c) => c.id === 'self_hosted')!.points;
    expect(pts.length).toBeGreaterThan(4);
    pts.forEach((p, i) => {
      if (i > 0) expect(p.calls.gte(pts[i - 1]!.calls)).toBe(true);
      // a vertex is the left limit at its volume, or (second of a pair) the right limit: the straight
      // segment on that side, extended from half a call away (evaluating exactly at a boundary that is
      // not a whole number could count a hair over it)
      const second = i > 0 && pts[i - 1]!.calls.eq(p.calls);
      const half = new Decimal(0.5);
      const expected = second
        ? evaluate(curve, p.calls.plus(half)).minus(curve.perCall.times(half))
        : p.calls.isZero()
          ? evaluate(curve, p.calls)
          : evaluate(curve, p.calls.minus(half)).plus(curve.perCall.times(half));
      expect(p.cost.minus(expected).abs().lt(1e-9), `vertex ${i} at ${p.calls.toFixed()}`).toBe(true);
    });
  });
});

describe('capacity billing under a GPU price trend', () => {
  it('trends reserved and on-demand GPU-hours alike, and the curves follow', async () => {
    // month 13 at −20% a year: reserved $1.50 × 0.8 = $1.20, on-demand $2 × 0.8 = $1.60
    // 12,000,000 calls → 5 replicas: 3 reserved × 720 h × $1.20 = $2,592 + 2 × 720 h × $1.60 = $2,304
    const yaml = simpleScenario()
      .replace('horizon_months: 12', 'horizon_months: 13')
      .replace('requests_per_day: 100000', 'requests_per_day: 400000')
      .replace('  min_replicas: 1', '  min_replicas: 1\n  reserved_replicas: 3\n  gpu_price_change_per_year: -0.2');
    const m13 = sh(run(yaml)).months[12]!;
    expect(
      m13.items.filter((i) => i.category === 'gpu').map((i) => [i.unit_price.toFixed(), i.cost.toFixed()]),
    ).toEqual([
      ['1.2', '2592'],
      ['1.6', '2304'],
    ]);
    const { strategyModels } = await import('../../src/engine/strategies.js');
    const { evaluate } = await import('../../src/engine/breakEven.js');
    const input = resolveScenario(parseScenarioText(yaml, 't.yaml'), simpleTables());
    const model = strategyModels(input).models.find((m) => m.id === 'self_hosted')!;
    expect(evaluate(model.curve(13), m13.calls).toFixed()).toBe(m13.cost.toFixed());
  });
});
