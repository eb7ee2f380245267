// MoE, MLA, sliding windows and mxfp4, worked by hand against the shipped open-model rows.
import { describe, expect, it } from 'vitest';
import {
  activationBytes,
  kvBytesPerSequence,
  kvBytesPerToken,
  maxConcurrency,
  overheadBytes,
  usableBytes,
  weightBytes,
} from '../../src/capacity/memory.js';
import {
  allReduceSeconds,
  decodeBound,
  EFFICIENCY,
  expertShareTouched,
  modelledDecode,
  prefillBound,
  weightBytesRead,
} from '../../src/capacity/roofline.js';
import { planServing } from '../../src/capacity/serving.js';
import { prefillQueue } from '../../src/capacity/latency.js';
import { Decimal } from '../../src/money.js';
import { loadPricing } from '../../src/pricing/load.js';

const t = loadPricing();
const m = (id: string) => t.openModels.get(id)!;
const g = (id: string) => t.gpus.get(id)!;
const GB = (d: Decimal) => d.div(1e9).toDecimalPlaces(2).toNumber();

describe('gpt-oss-120b (MXFP4 experts) fits one 80 GB GPU', () => {
  it('weights: 114.71e9 expert params × 4.25/8 B + 2.12e9 shared × 2 B = 65.18 GB (the card: 60.8 GiB)', () => {
    // 114.71e9 × 0.53125 = 60.940e9; 2.12e9 × 2 = 4.24e9 → 65.180e9 B = 60.70 GiB
    expect(weightBytes(m('openai/gpt-oss-120b'), 'mxfp4').toFixed()).toBe('65179687500');
    // within 5% of the 60.8 GiB checkpoint the model card reports (60.70 GiB: 0.2% under)
    const gib = weightBytes(m('openai/gpt-oss-120b'), 'mxfp4').div(2 ** 30);
    expect(gib.div(60.8).minus(1).abs().toNumber()).toBeLessThan(0.05);
  });
  it('fits: 65.18 GB + 1.86 GB overhead < 0.9 × 80 GiB = 77.31 GB, and is served at mxfp4 by default', () => {
    // overhead = 1 GiB + 8,192 tokens × (5.13e9 ÷ 36 ÷ 2,880 = 49,479) × 2 B = 1.0737 + 0.8107 = 1.884 GB
    const model = m('openai/gpt-oss-120b');
    expect(GB(overheadBytes(model, 'mxfp4', 1))).toBe(1.88);
    expect(GB(usableBytes(g('h100-80gb'), 1))).toBe(77.31);
    const r = planServing({
      model,
      gpu: g('h100-80gb'),
      profiles: t.profiles,
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(500),
    });
    if (!r.ok) throw new Error(r.failure.message);
    expect([r.plan.gpusPerReplica, r.plan.precision, r.plan.precisionFrom]).toEqual([1, 'mxfp4', 'model default']);
  });
});

describe('Qwen3-30B-A3B against dense Qwen3-32B', () => {
  const moe = m('qwen/qwen3-30b-a3b');
  const dense = m('qwen/qwen3-32b');
  const h100 = g('h100-80gb');
  const ctx = new Decimal(2000);
  it('holds ~61 GB of bf16 weights (30.53e9 × 2 B)', () => {
    expect(weightBytes(moe, 'bf16').toFixed()).toBe('61060000000');
  });
  it('prefills ~10× faster: 2 × 3.3e9 against 2 × 32.76e9 FLOPs per token', () => {
    const ratio = prefillBound(moe, h100, 'bf16', 1).div(prefillBound(dense, h100, 'bf16', 1));
    expect(ratio.toDecimalPlaces(2).toNumber()).toBe(9.93);
  });
  it('decodes several times faster at batch 1, and no slower at batch 256 where every expert is read', () => {
    // batch 1 reads shared 1.49e9 + 8/128 of 29.04e9 expert params = 3.305e9 params (6.61 GB) against 65.52 GB
    expect(weightBytesRead(moe, 'bf16', 1).toFixed()).toBe('6610000000');
    expect(expertShareTouched(moe, 256).toNumber()).toBeGreaterThan(0.9999);
    const at = (c: number) =>
      decodeBound(moe, h100, 'bf16', 1, c, ctx).div(decodeBound(dense, h100, 'bf16', 1, c, ctx));
    expect(at(1).toNumber()).toBeGreaterThan(5);
    expect(at(256).toNumber()).toBeGreaterThanOrEqual(1);
    const modelled = (c: number) =>
      modelledDecode(moe, h100, 'bf16', 1, c, ctx).div(modelledDecode(dense, h100, 'bf16', 1, c, ctx));
    expect(modelled(1).toNumber()).toBeGreaterThan(3);
    expect(modelled(256).toNumber()).toBeGreaterThanOrEqual(1);
  });
});

describe('DeepSeek-V3: multi-head latent attention', () => {
  const ds = m('deepseek/deepseek-v3');
  it('KV per token = 61 layers × (512 + 64) × 1 B (fp8) = 35,136 B, replicated on every TP rank', () => {
    expect(kvBytesPerToken(ds, 'fp8').toFixed()).toBe('35136');
    expect(kvBytesPerToken(ds, 'bf16').toFixed()).toBe('70272');
    // 8 ranks each hold the whole latent: 1,000 tokens × 35,136 B × 8
    expect(kvBytesPerSequence(ds, 'fp8', new Decimal(1000), 8).toFixed()).toBe('281088000');
  });
  it('in fp8 (671 GB) does not fit 8 × H100 (618.5 GB usable) and fits 8 × H200', () => {
    expect(GB(usableBytes(g('h100-80gb'), 8))).toBe(618.48);
    expect(maxConcurrency(ds, g('h100-80gb'), 'fp8', 8, new Decimal(2000))).toBe(0);
    expect(maxConcurrency(ds, g('h200-141gb'), 'fp8', 8, new Decimal(2000))).toBeGreaterThan(0);
    const r = planServing({
      model: ds,
      gpu: g('h100-80gb'),
      profiles: t.profiles,
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(1000),
    });
    expect(r.ok ? 'fits' : r.failure.code).toBe('E_NO_FIT');
    const h = planServing({
      model: ds,
      gpu: g('h200-141gb'),
      profiles: t.profiles,
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(1000),
    });
    expect(h.ok && [h.plan.gpusPerReplica, h.plan.precision]).toEqual([8, 'fp8']);
  });
});

describe('tensor-parallel communication', () => {
  const ds = () => m('deepseek/deepseek-v3');
  it('DeepSeek-V3 on 8 × H200: 2 all-reduces × 61 layers of a 8,192-token chunk over NVLink at the fitted share', () => {
    // one all-reduce: 8,192 tokens × 7,168 hidden × 2 B = 117,440,512 B; ring: × 2 × 7 ÷ 8 = 205,520,896 B
    // over one direction of NVLink (900 ÷ 2 = 450 GB/s) × 0.2 = 90 GB/s → 2.283566 ms; × 2 × 61 = 278.595 ms
    expect(EFFICIENCY.link.toNumber()).toBe(0.2);
    const s = allReduceSeconds(ds(), g('h200-141gb'), 8, new Decimal(8192), EFFICIENCY);
    expect(s.times(1000).toDecimalPlaces(3).toFixed()).toBe('278.595');
  });
  it('every shipped GPU names its interconnect, sourced and dated', () => {
    for (const gpu of t.gpus.values()) {
      expect(gpu.interconnect, gpu.id).toBeDefined();
      expect(gpu.interconnect!.source, gpu.id).toMatch(/https?:\/\//);
    }
  });
  it('is zero on one GPU, and grows with the GPUs of the ring: 2 (n − 1) ÷ n', () => {
    const at = (n: number) => allReduceSeconds(ds(), g('h200-141gb'), n, new Decimal(256), EFFICIENCY);
    expect(at(1).toNumber()).toBe(0);
    // 2 × 1 ÷ 2 = 1 against 2 × 7 ÷ 8 = 1.75
    expect(at(8).div(at(2)).toNumber()).toBe(1.75);
  });
  it('PCIe (L40S, 64 GB/s) costs 900 ÷ 64 = 14.0625 × what NVLink (H100 SXM) does for the same bytes', () => {
    const l8 = m('meta/llama-3.1-8b-instruct');
    const tokens = new Decimal(1024);
    const nv = allReduceSeconds(l8, g('h100-80gb'), 2, tokens, EFFICIENCY);
    expect(allReduceSeconds(l8, g('l40s-48gb'), 2, tokens, EFFICIENCY).div(nv).toNumber()).toBe(14.0625);
  });
  it('a GPU row without an interconnect counts none, and the derived profile says so', () => {
    const { interconnect: _, ...bare } = g('h100-80gb');
    expect(allReduceSeconds(ds(), bare, 8, new Decimal(256), EFFICIENCY).toNumber()).toBe(0);
    const r = planServing({
      model: m('meta/llama-3.1-70b-instruct'),
      gpu: bare,
      precision: 'bf16',
      gpusPerReplica: 2,
      profiles: [],
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(200),
    });
    expect(r.ok && r.plan.profile.derivation).toMatch(/tensor-parallel communication not counted/);
    const nv = planServing({
      model: m('meta/llama-3.1-70b-instruct'),
      gpu: g('h100-80gb'),
      precision: 'bf16',
      gpusPerReplica: 2,
      profiles: [],
      inputTokens: new Decimal(1000),
      outputTokens: new Decimal(200),
    });
    expect(nv.ok && nv.plan.profile.derivation).toMatch(
      /2 all-reduces per layer over NVLink 900 GB\/s at link efficiency 0\.2/,
    );
    expect(nv.ok && r.ok && nv.plan.profile.decode_tokens_per_s < r.plan.profile.decode_tokens_per_s).toBe(true);
  });
});

describe("Gemma's sliding-window KV cap", () => {
  const gemma = m('google/gemma-3-27b-it');
  it('52 of 62 layers hold at most 1,024 tokens: 2 × 16 × 128 × 2 B = 8,192 B per layer per token', () => {
    // 8,000 tokens: 10 global layers × 8,000 + 52 × 1,024 = 133,248 layer-tokens × 8,192 B
    expect(kvBytesPerSequence(gemma, 'bf16', new Decimal(8000), 1).toFixed()).toBe(String(133248 * 8192));
    // below the window every layer holds every token
    expect(kvBytesPerSequence(gemma, 'bf16', new Decimal(1000), 1).eq(kvBytesPerToken(gemma, 'bf16').times(1000))).toBe(
      true,
    );
  });
});

describe('activation workspace scales with active parameters, not experts', () => {
  it('Qwen3-30B-A3B needs less workspace than dense Qwen3-32B', () => {
    // 8,192 × (3.3e9 ÷ 48 ÷ 2,048) × 2 = 0.55 GB against 8,192 × (32.76e9 ÷ 64 ÷ 5,120) × 2 = 1.64 GB
    expect(GB(activationBytes(m('qwen/qwen3-30b-a3b')))).toBe(0.55);
    expect(GB(activationBytes(m('qwen/qwen3-32b')))).toBe(1.64);
  });
});

describe('queueing in TTFT', () => {
  it('p95 above the mean at high utilisation, equal near zero load', () => {
    // 0.1 s prefill, 0.3 s of replica time per call: ρ_p = ρ / 3
    const high = prefillQueue(0.9, 0.1, 0.3);
    expect(high.p95).toBeGreaterThan(high.mean);
    const idle = prefillQueue(0.01, 0.1, 0.3);
    expect(idle.p95).toBe(0);
    expect(idle.mean).toBeLessThan(1e-3);
  });
});

describe("the open model's own token counts size the replica", () => {
  it('Mistral-7B (1.276 tokens per API token) holds and prefills 1.276 × the API tokens', async () => {
    const { run } = await import('../helpers.js');
    // 1,000 + 500 API tokens per call → 1,914 Mistral tokens of KV cache per sequence
    const yaml = `version: 1
name: ratio
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 500 }
self_hosted:
  model: mistralai/mistral-7b-instruct-v0.3
  gpu: h100-80gb
  provider: aws
  precision: bf16
`;
    const s = run(yaml, t).strategies.find((x) => x.id === 'self_hosted')!.months[0]!.capacity!;
    expect(s.serving!.context_tokens.toFixed()).toBe('1914');
    expect(s.tokens_per_api_token!.toFixed()).toBe('1.276');
  });
});
