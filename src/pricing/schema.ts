// The pricing tables' format: what a row in pricing/*.yaml (or a user's --pricing file) may say.
import * as z from 'zod/mini';
import { COMMITMENTS, type Commitment } from '../vocabulary.js';
import { finite, id, isoDate, nonEmptyString, nonNegative, positive, share, wholeNumber } from '../schema-helpers.js';

/**
 * Serving precisions (weight format). `mxfp4` is the OCP microscaling FP4 format gpt-oss ships its
 * expert weights in: 4 bits per value plus one shared 8-bit scale per 32 values = 4.25 bits per weight.
 */
export const PRECISIONS = ['bf16', 'fp8', 'int8', 'int4', 'mxfp4'] as const;
export type Precision = (typeof PRECISIONS)[number];
/**
 * How a GPU-hour is bought. `capacity_block` is a reserve-ahead price: capacity booked for a fixed
 * window of days or weeks, paid up front (AWS EC2 Capacity Blocks for ML). It is neither on-demand
 * nor a 1- or 3-year reservation, so it is its own column and never stands in for on_demand.
 */
// Commitments are shared words (src/vocabulary.ts): line items name the one they are billed at.
export { COMMITMENTS, type Commitment };

/**
 * The row schemas, built on first use: a run that loads the pricing snapshot (validated at build
 * time) never validates a pricing file, and building these zod schemas was ≈ 5 ms of a cold start.
 */
export function pricingSchemas(): PricingSchemas {
  return (built ??= buildPricingSchemas());
}

type PricingSchemas = ReturnType<typeof buildPricingSchemas>;
let built: PricingSchemas | undefined;

function buildPricingSchemas() {
  const provenance = {
    as_of: isoDate(),
    source: nonEmptyString(1000),
    derivation: z.optional(nonEmptyString(2000)),
    notes: z.optional(nonEmptyString(2000)),
  };

  const rate = () => z.optional(nonNegative(1e6));

  /**
   * Per-1M-token rates of one price level (USD). The base row and each long-context tier carry the
   * same fields, so one lookup (`rateFor` in engine/rates.ts) serves both. Service-tier rates
   * (batch_, flex_, priority_) are the provider's published figures; absent, batch falls back to
   * `batch_discount` and flex/priority have no price.
   */
  const rateFields = {
    cached_input_per_1m: rate(),
    /** Cache writes with the default (5-minute) lifetime. */
    cache_write_per_1m: rate(),
    /** Cache writes with a 1-hour lifetime (Anthropic). */
    cache_write_1h_per_1m: rate(),
    batch_input_per_1m: rate(),
    batch_output_per_1m: rate(),
    batch_cached_input_per_1m: rate(),
    flex_input_per_1m: rate(),
    flex_output_per_1m: rate(),
    flex_cached_input_per_1m: rate(),
    priority_input_per_1m: rate(),
    priority_output_per_1m: rate(),
    priority_cached_input_per_1m: rate(),
  };

  /**
   * A long-context tier: its rates replace the base rates for EVERY token of a call whose input
   * (fresh + cache reads + cache writes) is strictly greater than `above_input_tokens`. A provider
   * that bills from "N tokens or more" is written `above_input_tokens: N - 1`.
   */
  const LongContextTier = z.strictObject({
    above_input_tokens: wholeNumber(0, 1e9),
    input_per_1m: nonNegative(1e6),
    output_per_1m: nonNegative(1e6),
    ...rateFields,
  });

  /**
   * A published quality score of the model: one benchmark of one public leaderboard, with its own
   * date and source (scores move as often as prices). Optional; never estimated.
   */
  const Quality = z.strictObject({
    benchmark: nonEmptyString(200),
    score: finite().check(z.gte(-1e6), z.lte(1e6)),
    as_of: isoDate(),
    source: nonEmptyString(1000),
  });

  const ApiModelRow = z
    .strictObject({
      id: id(),
      provider: z.optional(id()),
      /**
       * The open-weights model this API serves (an open_models id), so a hosted Llama can be compared
       * with self-hosting the same model. A shipped model's id must be spelled right; an id of a model
       * not (yet) in open_models is accepted as written.
       */
      open_model: z.optional(id()),
      input_per_1m: nonNegative(1e6),
      output_per_1m: nonNegative(1e6),
      ...rateFields,
      batch_discount: z.optional(share()),
      tiers: z.optional(z.array(LongContextTier).check(z.minLength(1), z.maxLength(10))),
      context_window: z.optional(wholeNumber(1, 1e9)),
      /** Most output tokens one call may produce (LiteLLM max_output_tokens). */
      max_output: z.optional(wholeNumber(1, 1e9)),
      quality: z.optional(Quality),
      /**
       * A manual correction with its own source: `pricing diff` reports a snapshot's different figure
       * for it but `pricing import --update` never overwrites it.
       */
      pinned: z.optional(z.boolean()),
      /** This row's key in LiteLLM's database, when its id differs from the id an import would give. */
      litellm_key: z.optional(nonEmptyString(300)),
      encoding: z.optional(z.enum(['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'])),
      ...provenance,
    })
    .check(
      z.refine(
        (r) =>
          !r.tiers || r.tiers.every((t, i) => i === 0 || t.above_input_tokens > r.tiers![i - 1]!.above_input_tokens),
        'E_INVALID:tiers are not in increasing order of above_input_tokens|tiers sorted by above_input_tokens, each threshold once',
      ),
    );

  /** Per GPU-hour prices (USD), one field per commitment; a row publishes at least one of them. */
  const GpuPriceRow = z
    .strictObject({
      provider: id(),
      region: z.optional(nonEmptyString(100)),
      instance: z.optional(nonEmptyString(100)),
      /** GPUs in the instance the provider prices (the prices here are per GPU: instance price / this). */
      gpus_per_instance: z.optional(wholeNumber(1, 64)),
      on_demand: z.optional(positive(1e4)),
      reserved_1y: z.optional(positive(1e4)),
      reserved_3y: z.optional(positive(1e4)),
      spot: z.optional(positive(1e4)),
      capacity_block: z.optional(positive(1e4)),
      ...provenance,
    })
    .check(
      z.refine(
        (r) => COMMITMENTS.some((c) => r[c] !== undefined),
        `E_MISSING_FIELD:a GPU price row has no price|at least one of ${COMMITMENTS.join(', ')}`,
      ),
    );

  /**
   * What one GPU draws (watts, per GPU): the board's rated maximum, its idle draw when published, and
   * the host's share (CPUs, fans, NICs) per GPU. Energy of an owned fleet is priced from it.
   */
  const GpuPower = z
    .strictObject({
      max_watts: positive(1e5),
      /** Absent: the GPU is taken to draw max_watts whenever powered (an upper bound, said in the item). */
      idle_watts: z.optional(nonNegative(1e5)),
      /** Absent: 0 (a workstation or server whose host draw is not published). */
      host_watts_per_gpu: z.optional(nonNegative(1e5)),
      ...provenance,
    })
    .check(
      z.refine(
        (p) => p.idle_watts === undefined || p.idle_watts <= p.max_watts,
        'E_RANGE:idle_watts is above max_watts|idle_watts at or below max_watts',
      ),
    );

  /** A purchase price of one GPU (USD), and its share of the server or workstation around it. */
  const GpuPurchase = z.strictObject({
    vendor: id(),
    price_per_gpu: positive(1e7),
    /** Chassis, CPUs, memory, NICs per GPU; 0 when the price is the card alone or already includes them. */
    server_overhead_per_gpu: z.optional(nonNegative(1e7)),
    ...provenance,
  });

  /**
   * How the GPUs of one replica exchange tensor-parallel activations: NVLink (SXM boards, through NVSwitch)
   * or PCIe. bandwidth_gb_s is the datasheet's per-GPU figure, both directions together (H100 SXM: NVLink
   * 900 GB/s; PCIe Gen4 x16: 64 GB/s); the capacity model uses half of it, one direction.
   */
  const GpuInterconnect = z.strictObject({
    kind: z.enum(['nvlink', 'pcie']),
    bandwidth_gb_s: positive(1e5),
    ...provenance,
  });

  const GpuRow = z.strictObject({
    id: id(),
    name: z.optional(nonEmptyString(200)),
    memory_gb: positive(1e4),
    /**
     * What the datasheet's memory figure counts: GiB for NVIDIA's HBM parts (an "80 GB" H100 reports
     * 79.2 GiB to CUDA), decimal GB for GDDR parts such as the L40S (45 GiB = 48.3e9 B). GiB when absent.
     */
    memory_unit: z.optional(z.enum(['GiB', 'GB'])),
    memory_bandwidth_gb_s: positive(1e6),
    bf16_tflops: positive(1e6),
    fp8_tflops: z.optional(positive(1e6)),
    int8_tops: z.optional(positive(1e6)),
    ...provenance,
    prices: z.array(GpuPriceRow),
    /** Absent: tensor-parallel communication is not counted (and the derived profile says so). */
    interconnect: z.optional(GpuInterconnect),
    power: z.optional(GpuPower),
    purchase: z.optional(z.array(GpuPurchase).check(z.minLength(1), z.maxLength(20))),
  });

  const ThroughputProfileRow = z.strictObject({
    model: id(),
    gpu: id(),
    gpus_per_replica: wholeNumber(1, 64),
    precision: z._default(z.enum(PRECISIONS), 'bf16'),
    prefill_tokens_per_s: positive(1e9),
    decode_tokens_per_s: positive(1e9),
    concurrency: wholeNumber(1, 100000),
    context_tokens: z.optional(wholeNumber(1, 1e8)),
    kind: z._default(z.enum(['measured', 'derived']), 'measured'),
    ...provenance,
  });

  /**
   * An efficiency curve: the share e of the roofline (capacity/roofline.ts bounds) a deployment reaches,
   * as a function of one variable x the benchmark results spanned (`llmcost calibrate` with several
   * results writes it): 1 ÷ e = a + b ÷ x, x held within [from, to], e at most 1. Used for a derived
   * profile of this model, GPU, precision and GPUs per replica when no throughput profile matches.
   */
  const EfficiencyRow = z
    .strictObject({
      model: id(),
      gpu: id(),
      gpus_per_replica: wholeNumber(1, 64),
      precision: z._default(z.enum(PRECISIONS), 'bf16'),
      /** concurrency: sequences in flight; context_tokens: input + output tokens per request. */
      variable: z.enum(['concurrency', 'context_tokens']),
      a: finite().check(z.gte(-1e6), z.lte(1e6)),
      b: finite().check(z.gte(-1e9), z.lte(1e9)),
      from: positive(1e8),
      to: positive(1e8),
      /** A context_tokens curve: the concurrency every result ran at (the profile is used at it). */
      concurrency: z.optional(wholeNumber(1, 100000)),
      /** How many results it was fitted to, and the largest |predicted ÷ measured − 1| among them. */
      points: wholeNumber(2, 10000),
      max_residual: nonNegative(100),
      ...provenance,
    })
    .check(
      z.refine((r) => r.from <= r.to, 'E_RANGE:from is above to|from ≤ to'),
      z.refine(
        (r) => (r.variable === 'context_tokens') === (r.concurrency !== undefined),
        "E_MISSING_FIELD:concurrency goes with a context_tokens curve only|concurrency (the results' own) on a context_tokens curve, none on a concurrency curve",
      ),
      z.refine(
        (r) => r.a + r.b / r.from > 0 && r.a + r.b / r.to > 0,
        'E_RANGE:the curve is not positive over [from, to]|a + b ÷ x > 0 at from and at to',
      ),
    );

  /**
   * Layers that use sliding-window (or chunked local) attention: they hold at most `size` tokens of KV
   * cache per sequence, whatever the context.
   */
  const SlidingWindow = z.strictObject({
    size: wholeNumber(1, 1e8),
    layers: wholeNumber(1, 10000),
  });

  const OpenModelRow = z
    .strictObject({
      id: id(),
      name: z.optional(nonEmptyString(200)),
      /** Total parameters (billions): what memory holds, every expert included. */
      params_b: positive(1e5),
      layers: wholeNumber(1, 10000),
      /** Width of the residual stream (config hidden_size): sizes the activation workspace. */
      hidden_size: z.optional(wholeNumber(1, 1e6)),
      /** Attention kind: `gqa` (also MHA/MQA: kv_heads × head_dim per layer) or `mla` (latent KV). */
      attention: z.optional(z.enum(['gqa', 'mla'])),
      kv_heads: z.optional(wholeNumber(1, 10000)),
      head_dim: z.optional(wholeNumber(1, 100000)),
      /** MLA: the compressed KV latent per layer (DeepSeek config kv_lora_rank). */
      kv_lora_rank: z.optional(wholeNumber(1, 100000)),
      /** MLA: the decoupled RoPE key per layer (qk_rope_head_dim), cached beside the latent. */
      qk_rope_head_dim: z.optional(wholeNumber(1, 100000)),
      sliding_window: z.optional(SlidingWindow),
      /** Mixture of experts: parameters a token computes with (shared + its experts_per_token experts). */
      active_params_b: z.optional(positive(1e5)),
      /** Routed experts per MoE layer and how many each token uses. */
      experts: z.optional(wholeNumber(2, 100000)),
      experts_per_token: z.optional(wholeNumber(1, 100000)),
      /** Parameters every token uses (attention, embeddings, dense layers, shared experts, routers). */
      shared_params_b: z.optional(nonNegative(1e5)),
      /** The precision the model is published in, used when neither scenario nor profile sets one. */
      default_precision: z.optional(z.enum(PRECISIONS)),
      max_context: z.optional(wholeNumber(1, 1e9)),
      vocab_size: z.optional(wholeNumber(1, 1e8)),
      /**
       * Tokens this model's tokenizer makes per o200k_base token of the same text (scenario token counts
       * are API tokens; throughput profiles are in the model's own tokens). 1 when absent.
       */
      tokens_per_api_token: z.optional(positive(100)),
      /** How tokens_per_api_token was measured or where it was read (required with it). */
      tokens_per_api_token_source: z.optional(nonEmptyString(2000)),
      quality: z.optional(Quality),
      ...provenance,
    })
    .check(
      z.refine(
        (r) => (r.tokens_per_api_token === undefined) === (r.tokens_per_api_token_source === undefined),
        'E_MISSING_FIELD:tokens_per_api_token and tokens_per_api_token_source go together|both fields: the ratio and how it was measured',
      ),
      z.refine(
        (r) => r.attention === 'mla' || (r.kv_heads !== undefined && r.head_dim !== undefined),
        'E_MISSING_FIELD:gqa attention needs kv_heads and head_dim|kv_heads and head_dim (or attention: mla with kv_lora_rank and qk_rope_head_dim)',
      ),
      z.refine(
        (r) => r.attention !== 'mla' || (r.kv_lora_rank !== undefined && r.qk_rope_head_dim !== undefined),
        'E_MISSING_FIELD:mla attention needs kv_lora_rank and qk_rope_head_dim|kv_lora_rank and qk_rope_head_dim from the model config',
      ),
      z.refine(
        (r) => !r.sliding_window || r.sliding_window.layers <= r.layers,
        'E_RANGE:sliding_window.layers is more than the model has|at most `layers` sliding-window layers',
      ),
      z.refine((r) => {
        const moe = [r.active_params_b, r.experts, r.experts_per_token, r.shared_params_b];
        return moe.every((v) => v === undefined) || moe.every((v) => v !== undefined);
      }, 'E_MISSING_FIELD:a mixture of experts needs active_params_b, experts, experts_per_token and shared_params_b together|all four MoE fields, or none for a dense model'),
      z.refine(
        (r) => r.experts === undefined || r.experts_per_token! <= r.experts,
        'E_RANGE:experts_per_token is more than experts|experts_per_token ≤ experts',
      ),
      z.refine(
        (r) =>
          r.active_params_b === undefined ||
          (r.shared_params_b! <= r.active_params_b && r.active_params_b <= r.params_b),
        'E_RANGE:MoE parameter counts out of order|shared_params_b ≤ active_params_b ≤ params_b',
      ),
    );

  const PricingFile = z.strictObject({
    version: z.literal(1),
    api_models: z.optional(z.array(ApiModelRow)),
    gpus: z.optional(z.array(GpuRow)),
    throughput_profiles: z.optional(z.array(ThroughputProfileRow)),
    open_models: z.optional(z.array(OpenModelRow)),
    efficiency: z.optional(z.array(EfficiencyRow)),
  });

  return {
    Quality,
    LongContextTier,
    ApiModelRow,
    GpuPriceRow,
    GpuPower,
    GpuPurchase,
    GpuRow,
    ThroughputProfileRow,
    EfficiencyRow,
    OpenModelRow,
    PricingFile,
  };
}

export type LongContextTier = z.infer<PricingSchemas['LongContextTier']>;
export type ApiModelRow = z.infer<PricingSchemas['ApiModelRow']>;
export type GpuPriceRow = z.infer<PricingSchemas['GpuPriceRow']>;
export type GpuRow = z.infer<PricingSchemas['GpuRow']>;
export type GpuPower = z.infer<PricingSchemas['GpuPower']>;
export type GpuPurchase = z.infer<PricingSchemas['GpuPurchase']>;
export type ThroughputProfileRow = z.infer<PricingSchemas['ThroughputProfileRow']>;
export type EfficiencyRow = z.infer<PricingSchemas['EfficiencyRow']>;
export type OpenModelRow = z.infer<PricingSchemas['OpenModelRow']>;
export type PricingFile = z.infer<PricingSchemas['PricingFile']>;
