// What every scenario field means, in one table: docs/scenario.md and the descriptions of
// `llmcost schema scenario` (which editors show on hover) are generated from it together with the
// schema's own types, bounds and defaults (src/scenario/schema.ts). A test fails when a schema field
// has no entry here or an entry names no field, so the reference cannot drift from the code.
//
// Keys are dotted paths; `[]` stands for "each item of a list"; `*` for any key at that level (the
// `sample:` form shared by the token fields, the per-strategy budget blocks).

/** The commands that evaluate a scenario's costs. */
const COSTS = ['compare', 'check', 'diff', 'report', 'simulate', 'sensitivity', 'sweep'] as const;
/** ... and `capacity`, which sizes the self-hosted side from the workload. */
const COSTS_AND_CAPACITY = [...COSTS.slice(0, 4), 'capacity', ...COSTS.slice(4)] as const;

export interface FieldDoc {
  /** One or two sentences: what the field changes. */
  meaning: string;
  /** The unit of a number, when it has one. */
  unit?: string;
  /** A YAML value as a user would write it (without the key). */
  example: string;
  /** Commands that read the field; default: every command that evaluates costs (and capacity). */
  commands?: readonly string[];
}

export const SECTIONS: ReadonlyArray<{ path: string; title: string; intro: string }> = [
  {
    path: '',
    title: 'Top level',
    intro: 'The file itself: its name, how many months are simulated and how long a month is.',
  },
  {
    path: 'workload',
    title: 'workload',
    intro:
      'What the product asks of a model: how many calls, how many tokens each, how traffic is shaped and grows. Required.',
  },
  {
    path: 'api',
    title: 'api',
    intro:
      'The hosted API strategy: which model, and how calls use its service tiers. Leave it out to compare self-hosted options only.',
  },
  {
    path: 'self_hosted',
    title: 'self_hosted',
    intro:
      'The self-hosted strategy: an open model on rented GPUs, sized for the peak (docs/capacity.md). Leave it out to price the API only.',
  },
  {
    path: 'hybrid',
    title: 'hybrid',
    intro:
      'The hybrid strategy: a share of calls self-hosted, the rest on the API. Computed only with this block and both others.',
  },
  {
    path: 'workloads',
    title: 'workloads',
    intro:
      'A portfolio: several request classes instead of one `workload:` (README § Portfolios). Each class has an `id` and any workload field.',
  },
  {
    path: 'deployments',
    title: 'deployments',
    intro: 'More self-hosted deployments by name, for the routes of `strategies:`.',
  },
  {
    path: 'strategies',
    title: 'strategies',
    intro: 'User-defined portfolios: for each class, the target its calls go to (README § Portfolios).',
  },
  {
    path: 'per_call_costs',
    title: 'per_call_costs',
    intro: 'Costs per call beyond tokens, per class and strategy.',
  },
  { path: 'overheads', title: 'overheads', intro: 'Costs outside tokens and GPUs, as line items.' },
  { path: 'budgets', title: 'budgets', intro: 'Limits `llmcost check` enforces in CI (docs/check.md).' },
  {
    path: 'discounts',
    title: 'discounts',
    intro: 'Negotiated discounts off list price, per API provider, shown as their own line item.',
  },
];

const BASE_DOCS: Readonly<Record<string, FieldDoc>> = {
  version: { meaning: 'The format version. Always 1.', example: '1', commands: [...COSTS_AND_CAPACITY] },
  name: {
    meaning: "The scenario's name, shown at the top of every report.",
    example: 'SaaS customer support assistant',
    commands: [...COSTS_AND_CAPACITY],
  },
  description: {
    meaning: 'Free text for the reader of the file; no command prints it.',
    example: 'Support bot for the EU launch',
    commands: [],
  },
  horizon_months: { meaning: 'How many months are simulated; the TCO is their sum.', unit: 'months', example: '24' },
  days_per_month: {
    meaning:
      'Days in a billing month. The default, 365/12 (730 hours), is the cloud billing convention; 30 matches a simpler model. When stated, every month has exactly that many days, even with start_month.',
    unit: 'days',
    example: '30',
  },
  start_month: {
    meaning:
      'Calendar month of month 1; reports then label months with calendar periods and, unless days_per_month is stated, each month has its own days (calls) and hours (GPU-hours): February 2027 bills 672 hours.',
    example: '2027-01',
  },

  workload: {
    meaning: 'The traffic and tokens of the product (see the fields below).',
    example: '{ requests_per_day: 20000, input_tokens: 1200, output_tokens: 300 }',
  },
  'workload.daily_active_users': {
    meaning: 'Users a day; with requests_per_user_per_day, instead of requests_per_day.',
    unit: 'users',
    example: '50000',
  },
  'workload.requests_per_user_per_day': {
    meaning: 'Requests each active user makes a day; goes with daily_active_users.',
    unit: 'requests',
    example: '8',
  },
  'workload.requests_per_day': {
    meaning: 'Requests a day in month 1; instead of daily_active_users × requests_per_user_per_day.',
    unit: 'requests/day',
    example: '400000',
  },
  'workload.input_tokens': {
    meaning:
      'Mean prompt tokens per LLM call (system prompt, history and question; without retrieved context), or a `sample:` of real prompts to measure.',
    unit: 'tokens/call',
    example: '1200',
  },
  'workload.output_tokens': {
    meaning: 'Mean completion tokens per LLM call, or a `sample:` of real answers to measure.',
    unit: 'tokens/call',
    example: '500',
  },
  'workload.rag_context_tokens': {
    meaning: "Retrieved context added to every call's input, or a `sample:` of retrieved chunks (with `per_call`).",
    unit: 'tokens/call',
    example: '3000',
  },
  '*.sample': {
    meaning:
      "A file, folder or glob of real text, relative to the scenario's folder, whose tokens are counted at load time (docs/tokens.md).",
    example: 'prompts/*.txt',
  },
  '*.stat': { meaning: 'Which statistic of the measured files becomes the per-call figure.', example: 'p95' },
  '*.encoding': {
    meaning: "The tokenizer to count with; default: the API model's encoding from the pricing tables.",
    example: 'o200k_base',
  },
  '*.per_call': {
    meaning: 'How many retrieved chunks (measured files) each call carries.',
    unit: 'chunks/call',
    example: '4',
  },
  'workload.llm_calls_per_request': {
    meaning: 'LLM calls per user request (agent steps, tool calls).',
    unit: 'calls/request',
    example: '3',
  },
  'workload.retry_rate': {
    meaning:
      'Share of calls sent a second time and billed again (timeouts, validation failures): 0.05 is 5% more calls; at most 1 (every call sent twice).',
    unit: 'share of calls',
    example: '0.05',
  },
  'workload.cached_input_share': {
    meaning: "Share of input tokens read from the provider's prompt cache, billed at the cached rate.",
    unit: 'share of input tokens',
    example: '0.4',
  },
  'workload.cache_write_share': {
    meaning:
      'Share of input tokens written to the prompt cache, billed at the cache-write rate (Anthropic); with cached_input_share at most 1.',
    unit: 'share of input tokens',
    example: '0.1',
  },
  'workload.reasoning_tokens': {
    meaning: 'Hidden reasoning tokens per call, billed as output tokens.',
    unit: 'tokens/call',
    example: '2000',
  },
  'workload.peak_to_average': {
    meaning:
      'Peak traffic over mean traffic: sizes self-hosted replicas; does not change API bills. Derived from traffic.hourly when a curve is given.',
    unit: 'ratio',
    example: '2.5',
  },
  'workload.growth': {
    meaning: 'How volume changes month to month: a compound monthly_rate, or a curve of multipliers.',
    example: '{ monthly_rate: 0.03 }',
  },
  'workload.growth.monthly_rate': {
    meaning: 'Compound growth per month: 0.03 is 3% more calls each month.',
    unit: 'share per month',
    example: '0.03',
  },
  'workload.growth.curve': {
    meaning: 'One volume multiplier per month of the horizon, month 1 first (1 = the volume above).',
    unit: 'multiplier',
    example: '[1, 1.2, 1.5, 2]',
  },
  'workload.traffic': {
    meaning: 'The shape of a day, for autoscaling and the peak.',
    example: '{ hourly: [...24 weights] }',
  },
  'workload.traffic.hourly': {
    meaning:
      '24 relative weights, hour 0 first, of traffic over a day (any scale, normalised to a mean of 1); sets peak_to_average.',
    unit: 'relative weight',
    example: '[2, 1, 1, 1, 1, 2, 4, 8, 12, 14, 15, 15, 14, 14, 15, 15, 14, 12, 10, 9, 8, 6, 4, 3]',
  },

  api: { meaning: 'The hosted API strategy (see the fields below).', example: '{ model: openai/gpt-4o }' },
  'api.model': {
    meaning: 'An `api_models` id from the pricing tables (`llmcost pricing list --kind api`).',
    example: 'openai/gpt-4o',
  },
  'api.batch_share': {
    meaning: 'Share of calls sent through the batch API at its discount.',
    unit: 'share of calls',
    example: '0.3',
  },
  'api.flex_share': {
    meaning: 'Share of calls on the flex service tier (slower, cheaper) where the model has one.',
    unit: 'share of calls',
    example: '0.2',
  },
  'api.priority_share': {
    meaning: 'Share of calls on the priority service tier where the model has one.',
    unit: 'share of calls',
    example: '0.1',
  },
  'api.cache_ttl': {
    meaning: "Lifetime of prompt-cache writes: 5 minutes or 1 hour (Anthropic's two write prices).",
    example: '1h',
  },
  'api.price_change_per_year': {
    meaning:
      'Yearly change of the token prices, applied month by month: -0.3 is 30% cheaper a year on (docs/uncertainty.md).',
    unit: 'share per year',
    example: '-0.3',
  },

  self_hosted: {
    meaning: 'The self-hosted strategy (see the fields below).',
    example: '{ model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: aws }',
  },
  'self_hosted.model': {
    meaning: 'An `open_models` id from the pricing tables (`llmcost pricing list --kind model`).',
    example: 'meta/llama-3.1-8b-instruct',
  },
  'self_hosted.gpu': {
    meaning: 'A `gpus` id, or `auto`: the cheapest GPU and provider that fit, chosen month by month.',
    example: 'h100-80gb',
  },
  'self_hosted.provider': {
    meaning: 'Whose price of the GPU; required unless gpu is `auto` (then it limits the search to one provider).',
    example: 'aws',
  },
  'self_hosted.commitment': {
    meaning:
      'Which hourly rate pays for the replicas (on_demand, reserved_1y, reserved_3y, spot, capacity_block), or owned: the GPUs are bought (see ownership).',
    example: 'reserved_1y',
  },
  'self_hosted.owned_replicas': {
    meaning:
      'Replicas bought outright in month 1 and kept (an owned base fleet); replicas above them are rented at commitment.',
    unit: 'replicas',
    example: '2',
  },
  'self_hosted.ownership': {
    meaning: 'What owning the GPUs costs besides their price (commitment: owned or owned_replicas; docs/ownership.md).',
    example: '{ electricity_per_kwh: 0.15, hours_per_day: 8, pue: 1.0 }',
  },
  'self_hosted.ownership.vendor': {
    meaning: 'Which purchase row of the GPU; may be left out when the GPU has exactly one.',
    example: 'thinkmate',
  },
  'self_hosted.ownership.depreciation_months': {
    meaning: 'Straight-line depreciation period, and the life after which a tranche is replaced.',
    unit: 'months',
    example: '36',
  },
  'self_hosted.ownership.residual_share': {
    meaning:
      'Share of the purchase recovered by resale at the end (cash view) or left undepreciated (depreciation view).',
    unit: 'share',
    example: '0.2',
  },
  'self_hosted.ownership.pue': {
    meaning:
      'Power usage effectiveness: facility power over IT power; default the Uptime Institute 2023 survey average (an office workstation is 1.0).',
    example: '1.58',
  },
  'self_hosted.ownership.electricity_per_kwh': {
    meaning: 'Price of electricity.',
    unit: 'currency/kWh',
    example: '0.15',
  },
  'self_hosted.ownership.hosting_per_gpu_month': {
    meaning: 'Rack space, cooling and network per GPU.',
    unit: 'currency/GPU-month',
    example: '150',
  },
  'self_hosted.ownership.maintenance_share_per_year': {
    meaning: 'Yearly maintenance as a share of the purchase, billed monthly.',
    unit: 'share/year',
    example: '0.1',
  },
  'self_hosted.ownership.hours_per_day': {
    meaning: "Hours a day the fleet is powered: the day's traffic is served in them (capacity sized accordingly).",
    unit: 'hours',
    example: '8',
  },
  'self_hosted.ownership.accounting': {
    meaning:
      'The view in the TCO: cash (purchase when paid, resale credited) or depreciation (straight-line inside the horizon).',
    example: 'cash',
  },
  'self_hosted.spot': {
    meaning:
      'With commitment: spot, how often spot replicas are interrupted: the GPU-hours lost are re-bought on demand, and a floor of replicas always runs on demand.',
    example: '{ interruptions_per_month: 2, restart_minutes: 10, on_demand_floor_replicas: 1 }',
  },
  'self_hosted.spot.interruptions_per_month': {
    meaning: 'Average interruptions of each spot replica a month.',
    unit: 'per replica-month',
    example: '2',
  },
  'self_hosted.spot.restart_minutes': {
    meaning: 'Time an interrupted replica takes to serve again.',
    unit: 'minutes',
    example: '10',
  },
  'self_hosted.spot.on_demand_floor_replicas': {
    meaning: 'Replicas that always run on demand, beside the spot ones.',
    unit: 'replicas',
    example: '1',
  },
  'self_hosted.precision': { meaning: "Weights precision; default: the throughput profile's.", example: 'fp8' },
  'self_hosted.gpus_per_replica': {
    meaning: 'GPUs per replica (tensor parallel); default: the smallest of 1, 2, 4, 8 that fits.',
    unit: 'GPUs',
    example: '2',
  },
  'self_hosted.target_utilization': {
    meaning: "The share of a replica's throughput used at peak; the rest is headroom.",
    unit: 'share',
    example: '0.6',
  },
  'self_hosted.min_replicas': {
    meaning: 'Replicas kept running whatever the traffic, for availability.',
    unit: 'replicas',
    example: '2',
  },
  'self_hosted.staff': {
    meaning: 'People who run the deployment, billed monthly.',
    example: '{ fte: 1, annual_cost_per_fte: 200000 }',
  },
  'self_hosted.staff.fte': { meaning: 'Full-time equivalents.', unit: 'FTE', example: '1.5' },
  'self_hosted.staff.annual_cost_per_fte': {
    meaning: 'Fully loaded yearly cost of one FTE.',
    unit: 'USD/year',
    example: '200000',
  },
  'self_hosted.fine_tuning': {
    meaning:
      "A fine-tuning run at the GPU's on-demand rate in month 1 and every every_months: gpu_hours as given, or method and tokens.",
    example: '{ method: lora, tokens: 20000000, every_months: 3 }',
  },
  'self_hosted.fine_tuning.gpu_hours': {
    meaning: 'GPU-hours of one run, as measured or quoted.',
    unit: 'GPU-hours',
    example: '40',
  },
  'self_hosted.fine_tuning.method': {
    meaning: "Compute the GPU-hours from the model's size (docs/capacity.md).",
    example: 'lora',
  },
  'self_hosted.fine_tuning.tokens': {
    meaning: 'Training tokens per epoch; with method.',
    unit: 'tokens',
    example: '20000000',
  },
  'self_hosted.fine_tuning.epochs': {
    meaning: 'Passes over the training tokens; default 1.',
    unit: 'epochs',
    example: '3',
  },
  'self_hosted.fine_tuning.utilization': {
    meaning: "Share of the GPU's peak FLOPs the training reaches; default from docs/capacity.md.",
    unit: 'share',
    example: '0.4',
  },
  'self_hosted.fine_tuning.every_months': {
    meaning: 'Repeat the run every N months; default: once, in month 1.',
    unit: 'months',
    example: '3',
  },
  'self_hosted.slo': {
    meaning: 'Latency targets per call; replicas are sized (or the file refused) to meet them.',
    example: '{ ttft_ms: 500, tpot_ms: 50 }',
  },
  'self_hosted.slo.ttft_ms': { meaning: 'Time to first token.', unit: 'ms', example: '500' },
  'self_hosted.slo.tpot_ms': { meaning: 'Time per output token after the first.', unit: 'ms', example: '50' },
  'self_hosted.slo.ttft_p95_ms': {
    meaning:
      'Most time to first token allowed at the 95th percentile, queueing for prefill and for a batch slot included; sizes replicas on the tail, not the mean.',
    unit: 'ms',
    example: '1500',
  },
  'self_hosted.autoscaling': {
    meaning: 'Replicas follow the hourly traffic curve instead of staying sized for the peak.',
    example: '{ min_replicas: 1 }',
  },
  'self_hosted.autoscaling.enabled': { meaning: 'Turn autoscaling off without deleting the block.', example: 'false' },
  'self_hosted.autoscaling.min_replicas': {
    meaning: 'Fewest replicas at the quietest hour; default: self_hosted.min_replicas.',
    unit: 'replicas',
    example: '1',
  },
  'self_hosted.autoscaling.scale_up_minutes': {
    meaning: 'How early replicas for a busier hour start (and are billed).',
    unit: 'minutes',
    example: '10',
  },
  'self_hosted.reserved_replicas': {
    meaning: 'Replicas billed every hour at reserved_commitment; replicas above them at commitment.',
    unit: 'replicas',
    example: '2',
  },
  'self_hosted.reserved_commitment': {
    meaning: 'The rate of reserved_replicas; default reserved_1y.',
    example: 'reserved_3y',
  },
  'self_hosted.gpu_price_change_per_year': {
    meaning: 'Yearly change of GPU-hour rates, applied month by month.',
    unit: 'share per year',
    example: '0.1',
  },

  hybrid: { meaning: 'The hybrid strategy (see the field below).', example: '{ self_hosted_share: 0.7 }' },
  'hybrid.self_hosted_share': {
    meaning:
      'Share of calls served self-hosted; the rest go to the API. At 0 the hybrid has no self-hosted side (no GPUs, staff, fine-tuning or self-hosted-only costs): the API plus the overheads applied to hybrid.',
    unit: 'share of calls',
    example: '0.7',
  },

  overheads: { meaning: 'A list of costs outside tokens and GPUs.', example: '[{ name: monitoring, monthly: 1500 }]' },
  'overheads[].name': { meaning: "The line item's name in reports.", example: 'vector database' },
  'overheads[].monthly': { meaning: 'Cost every month.', unit: 'USD/month', example: '800' },
  'overheads[].one_time': { meaning: 'Cost once, in month 1.', unit: 'USD', example: '20000' },
  'overheads[].applies_to': {
    meaning:
      'The strategies that pay it; default: all. One that applies to api applies to api_same_model too (also a hosted API).',
    example: '[self_hosted, hybrid]',
  },

  budgets: {
    meaning: 'Limits for `llmcost check`; exceeding one exits 1.',
    example: '{ max_monthly: 60000 }',
    commands: ['check'],
  },
  'budgets.strategy': {
    meaning: 'Which strategy the top-level limits apply to; default: the recommended one.',
    example: 'self_hosted',
    commands: ['check'],
  },
  'budgets.max_monthly': {
    meaning: 'Highest cost allowed in any single month.',
    unit: 'USD/month',
    example: '60000',
    commands: ['check'],
  },
  'budgets.max_tco': {
    meaning: 'Highest total cost over the horizon.',
    unit: 'USD',
    example: '1500000',
    commands: ['check'],
  },
  'budgets.max_cost_per_1k_calls': {
    meaning: 'Highest TCO per 1,000 calls.',
    unit: 'USD/1k calls',
    example: '3',
    commands: ['check'],
  },
  'budgets.max_annual': {
    meaning:
      'Highest cost of each 12-month year of the horizon (a partial last year prorated by months); fiscal years with fiscal_year_start.',
    unit: 'USD/year',
    example: '700000',
    commands: ['check'],
  },
  'budgets.fiscal_year_start': {
    meaning: 'First month of the fiscal year: max_annual then checks fiscal years (needs start_month).',
    unit: 'month (1-12)',
    example: '4',
    commands: ['check'],
  },
  'budgets.*': {
    meaning: 'Limits for that strategy, checked in addition to the top-level ones.',
    example: '{ max_tco: 2000000 }',
    commands: ['check'],
  },
  'budgets.*.max_monthly': {
    meaning: 'Highest cost allowed in any single month for this strategy.',
    unit: 'USD/month',
    example: '60000',
    commands: ['check'],
  },
  'budgets.*.max_tco': {
    meaning: 'Highest total cost over the horizon for this strategy.',
    unit: 'USD',
    example: '1500000',
    commands: ['check'],
  },
  'budgets.*.max_cost_per_1k_calls': {
    meaning: 'Highest TCO per 1,000 calls for this strategy.',
    unit: 'USD/1k calls',
    example: '3',
    commands: ['check'],
  },
  'budgets.*.max_annual': {
    meaning: 'Highest cost of each year of the horizon for this strategy.',
    unit: 'USD/year',
    example: '700000',
    commands: ['check'],
  },

  currency: {
    meaning:
      "Report in another currency: the scenario's own amounts (staff, overheads, budgets) are in it, USD pricing is converted once at per_usd.",
    example: '{ code: EUR, per_usd: 0.92, as_of: 2026-11-30, source: ECB reference rate }',
    commands: [...COSTS],
  },
  'currency.code': { meaning: 'ISO 4217 code of every amount in the reports.', example: 'EUR', commands: [...COSTS] },
  'currency.per_usd': {
    meaning: 'Units of the currency per US dollar, at which pricing tables are converted.',
    unit: 'currency/USD',
    example: '0.92',
    commands: [...COSTS],
  },
  'currency.as_of': { meaning: 'The date the rate was read.', example: '2026-11-30', commands: [...COSTS] },
  'currency.source': {
    meaning: 'Where the rate comes from (shown in --explain).',
    example: 'ECB euro reference rate',
    commands: [...COSTS],
  },

  plan: {
    meaning: 'The moves `llmcost plan` may make between strategies, and what each costs and takes (docs/plan.md).',
    example: '{ start: api, switches: [{ from: api, to: self_hosted, one_time: 50000, lead_months: 2 }] }',
    commands: ['plan', 'check'],
  },
  'plan.start': {
    meaning: 'The strategy serving month 1; default: the cheapest in month 1.',
    example: 'api',
    commands: ['plan', 'check'],
  },
  'plan.switches': {
    meaning: 'The only moves allowed, each usable any number of times unless once: true.',
    example: '[{ from: api, to: self_hosted, one_time: 50000, lead_months: 2 }]',
    commands: ['plan', 'check'],
  },
  'plan.switches[].from': {
    meaning: 'The strategy serving before the switch.',
    example: 'api',
    commands: ['plan', 'check'],
  },
  'plan.switches[].to': {
    meaning: 'The strategy serving all traffic from the month the switch takes effect.',
    example: 'self_hosted',
    commands: ['plan', 'check'],
  },
  'plan.switches[].one_time': {
    meaning: 'Cost billed in the month the switch takes effect (migration, integration).',
    unit: 'USD',
    example: '50000',
    commands: ['plan', 'check'],
  },
  'plan.switches[].lead_months': {
    meaning:
      'Months before the switch in which the target is provisioned: its standing cost (beyond what the serving strategy pays) is billed then.',
    unit: 'months',
    example: '2',
    commands: ['plan', 'check'],
  },
  'plan.switches[].once': {
    meaning: 'The switch may be made at most once.',
    example: 'true',
    commands: ['plan', 'check'],
  },
  'plan.min_months_between_switches': {
    meaning: 'Fewest months between two switches taking effect.',
    unit: 'months',
    example: '3',
    commands: ['plan', 'check'],
  },

  discounts: {
    meaning: 'A list of negotiated discounts, one per provider.',
    example: '[{ provider: openai, rate: 0.15 }]',
  },
  'discounts[].provider': {
    meaning: "The API model's provider (the part of its id before the slash).",
    example: 'openai',
  },
  'discounts[].rate': { meaning: 'Share off the token bill: 0.15 is 15% off.', unit: 'share', example: '0.15' },
};

/** Every workload field works per class of `workloads:`, with the same meaning (docs/scenario.md § workloads). */
const CLASS_DOCS: Readonly<Record<string, FieldDoc>> = Object.fromEntries(
  Object.entries(BASE_DOCS)
    .filter(([k]) => k.startsWith('workload.'))
    .map(([k, d]) => [`workloads[].${k.slice('workload.'.length)}`, { ...d, meaning: `Per class: ${d.meaning}` }]),
);

/** The portfolio blocks (issue 17): classes, deployments, user-defined strategies, per-call costs. */
const PORTFOLIO_DOCS: Readonly<Record<string, FieldDoc>> = {
  workloads: {
    meaning:
      'Request classes of a portfolio, instead of `workload:`: each an `id` and any workload field. Every strategy prices every class; a one-class `workload:` is the class `workload`.',
    example: '[{ id: chat, requests_per_day: 1000000, input_tokens: 800, output_tokens: 200 }]',
    commands: [...COSTS.slice(0, 4)],
  },
  'workloads[].id': {
    meaning: 'The class name routes, per-call costs and reports use (snake_case).',
    example: 'contracts',
    commands: [...COSTS.slice(0, 4)],
  },
  deployments: {
    meaning:
      'More named self-hosted deployments, each with the fields of `self_hosted:` (model, gpu, provider, commitment, staff, fine_tuning, …). A route names one as its target; `self_hosted` names the `self_hosted:` block. A deployment no route uses costs nothing; one several classes share is sized on the sum of their peak loads and bills its staff and fine-tuning once.',
    example: '{ big: { model: meta/llama-3.3-70b-instruct, gpu: h100-80gb, provider: aws } }',
    commands: [...COSTS.slice(0, 4)],
  },
  strategies: {
    meaning:
      "User-defined portfolios, reported next to api, self_hosted and hybrid. Each has `routes:`, one per class: `to:` (self_hosted, a deployment name, or `api:<model id>` with the scenario's api settings), optional `escalate: { share, to }` (that share of calls served again by a second target, paid twice), `success_rate` (share of calls the first target answers well) and `on_failure: retry | escalate` (default: escalate when there is an escalation, else one retry on the same target). Optional `label:`.",
    example: '{ routed: { routes: { chat: { to: self_hosted }, contracts: { to: "api:openai/gpt-4o" } } } }',
    commands: [...COSTS.slice(0, 4)],
  },
  per_call_costs: {
    meaning:
      'Costs per call beyond tokens (moderation, human review, vector search, tool calls), as line items: counted once per call of a class, not again for an escalation or a retry.',
    example: '[{ name: moderation, per_1k_calls: 0.40 }]',
    commands: [...COSTS.slice(0, 4)],
  },
  'per_call_costs[].name': { meaning: "The line item's name in reports.", example: 'human review' },
  'per_call_costs[].per_1k_calls': {
    meaning: 'Cost per 1,000 calls (every call). Give this or `per_call`.',
    unit: 'USD per 1,000 calls',
    example: '0.40',
  },
  'per_call_costs[].per_call': {
    meaning: 'Cost of one call that incurs it; `share` says how many do.',
    unit: 'USD per call',
    example: '1.50',
  },
  'per_call_costs[].share': {
    meaning: 'Share of calls that incur `per_call` (human review of 2%: 0.02). Default 1.',
    example: '0.02',
  },
  'per_call_costs[].applies_to': {
    meaning: 'Strategies that pay it, user-defined ones included. Default: every strategy.',
    example: '[api, routed]',
  },
  'per_call_costs[].classes': {
    meaning: 'Classes whose calls incur it. Default: every class.',
    example: '[contracts]',
  },
};

export const FIELD_DOCS: Readonly<Record<string, FieldDoc>> = { ...BASE_DOCS, ...CLASS_DOCS, ...PORTFOLIO_DOCS };

/** The commands a field's entry names, or the default for its block. */
export function commandsOf(path: string, doc: FieldDoc): readonly string[] {
  if (doc.commands) return doc.commands;
  return path.startsWith('api') ||
    path.startsWith('hybrid') ||
    path.startsWith('overheads') ||
    path.startsWith('discounts')
    ? COSTS
    : COSTS_AND_CAPACITY;
}

/**
 * The entry for a concrete path (`workload.input_tokens.sample`, `budgets.api.max_tco`): the exact
 * key, else the path with one level replaced by `*`, else `*.` and its last segment.
 */
export function fieldDocKey(path: string): string | undefined {
  if (FIELD_DOCS[path]) return path;
  const parts = path.split('.');
  for (let i = parts.length - 2; i >= 0; i--) {
    const key = [...parts.slice(0, i), '*', ...parts.slice(i + 1)].join('.');
    if (FIELD_DOCS[key]) return key;
  }
  if (parts.length > 1 && FIELD_DOCS[`*.${parts[parts.length - 1]}`]) return `*.${parts[parts.length - 1]}`;
  const wild = [...parts.slice(0, -1), '*'].join('.');
  return FIELD_DOCS[wild] ? wild : undefined;
}
