// Deterministic scenario generator for the scale benchmark and the engine-equivalence test.
// Pure: pricing tables and a seed in, scenario YAML texts out (no clock, no Math.random), so the
// same seed always gives the same files and the same reports.

import { rng as prng } from './prng.mjs';

const COMMITMENTS = ['on_demand', 'reserved_1y', 'reserved_3y', 'spot'];

/**
 * `count` scenario texts that resolve against `tables` (a PricingTables: api model ids, throughput
 * profiles and GPU price rows are picked from it, sorted, so the output depends only on the seed and
 * the tables' contents).
 */
export function generateScenarios(tables, count, seed = 1) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const apiIds = [...tables.apiModels.keys()].sort();
  // Only profiles whose GPU has at least one price row can be self-hosted.
  const profiles = [...tables.profiles]
    .filter((p) => (tables.gpus.get(p.gpu)?.prices.length ?? 0) > 0)
    .sort((a, b) =>
      `${a.model}@${a.gpu}/${a.precision}/${a.gpus_per_replica}`.localeCompare(
        `${b.model}@${b.gpu}/${b.precision}/${b.gpus_per_replica}`,
      ),
    );
  const out = [];
  for (let i = 0; i < count; i++) {
    const apiId = pick(apiIds);
    const api = tables.apiModels.get(apiId);
    const profile = pick(profiles);
    const gpu = tables.gpus.get(profile.gpu);
    // Rows that sell one of the rented commitments drawn here (a capacity-block-only row sells none).
    const rented = gpu.prices.filter((p) => COMMITMENTS.some((c) => p[c] !== undefined));
    const price = pick([...rented].sort((a, b) => a.provider.localeCompare(b.provider)));
    const commitment = pick(COMMITMENTS.filter((c) => price[c] !== undefined));
    const lines = [
      'version: 1',
      `name: generated scenario ${i + 1}`,
      `horizon_months: ${pick([12, 24, 24, 36])}`,
      `days_per_month: ${pick([30, 30.4375])}`,
      ...(rnd() < 0.5 ? [`start_month: 20${int(25, 27)}-${String(int(1, 12)).padStart(2, '0')}`] : []),
      'workload:',
      ...(rnd() < 0.5
        ? [`  requests_per_day: ${int(1, 2000) * 1000}`]
        : [`  daily_active_users: ${int(1, 500) * 100}`, `  requests_per_user_per_day: ${int(1, 20)}`]),
      `  input_tokens: ${int(1, 40) * 100}`,
      `  output_tokens: ${int(1, 20) * 50}`,
      `  rag_context_tokens: ${pick([0, 0, 500, 2000])}`,
      `  llm_calls_per_request: ${pick([1, 1, 2, 3])}`,
      `  retry_rate: ${pick([0, 0, 0.02, 0.05])}`,
      `  cached_input_share: ${api.cached_input_per_1m !== undefined ? pick([0, 0.3, 0.6]) : 0}`,
      `  peak_to_average: ${pick([1.5, 2, 2.5, 3])}`,
      `  growth: { monthly_rate: ${pick([0, 0.01, 0.03, 0.05, -0.02])} }`,
      'api:',
      `  model: ${apiId}`,
      `  batch_share: ${api.batch_discount !== undefined ? pick([0, 0, 0.2, 0.5]) : 0}`,
      'self_hosted:',
      `  model: ${profile.model}`,
      `  gpu: ${profile.gpu}`,
      `  provider: ${price.provider}`,
      `  commitment: ${commitment}`,
      `  precision: ${profile.precision}`,
      `  gpus_per_replica: ${profile.gpus_per_replica}`,
      `  target_utilization: ${pick([0.5, 0.6, 0.7])}`,
      `  min_replicas: ${pick([1, 2, 2, 3])}`,
      `  staff: { fte: ${pick([0.5, 1, 1.5, 2])}, annual_cost_per_fte: ${int(12, 25) * 10000} }`,
      ...(rnd() < 0.5
        ? [`  fine_tuning: { gpu_hours: ${int(1, 20) * 10}${rnd() < 0.5 ? `, every_months: ${int(1, 6)}` : ''} }`]
        : []),
      'hybrid:',
      `  self_hosted_share: ${pick([0.3, 0.5, 0.7, 0.9])}`,
      'overheads:',
      `  - { name: monitoring, monthly: ${int(1, 30) * 100}, applies_to: [self_hosted, hybrid] }`,
      `  - { name: vector database, monthly: ${int(0, 20) * 100} }`,
      `  - { name: integration, one_time: ${int(0, 50) * 1000}, applies_to: [self_hosted, hybrid] }`,
    ];
    out.push({ name: `scenario-${String(i + 1).padStart(4, '0')}.yaml`, text: `${lines.join('\n')}\n` });
  }
  return out;
}
