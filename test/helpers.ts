import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareEngine } from '../src/engine/compare.js';
import { mergePricing, parsePricingText, type PricingTables } from '../src/pricing/tables.js';
import type { Report } from '../src/report/model.js';
import { parseScenarioText } from '../src/scenario/load.js';
import { resolveScenario } from '../src/resolve/resolve.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export function simpleTables(): PricingTables {
  const file = fixture('pricing-simple.yaml');
  return mergePricing([parsePricingText(readFileSync(file, 'utf8'), 'pricing-simple.yaml')]);
}

export function run(yaml: string, tables: PricingTables = simpleTables()): Report {
  return compareEngine(resolveScenario(parseScenarioText(yaml, 'test.yaml'), tables));
}

/** A scenario on the simple fixture: 100,000 requests/day × 30 days = 3,000,000 calls/month. */
export function simpleScenario(extra = ''): string {
  return `version: 1
name: hand-checked
horizon_months: 12
days_per_month: 30
workload:
  requests_per_day: 100000
  input_tokens: 1000
  output_tokens: 200
  peak_to_average: 2
api:
  model: test/api-1
self_hosted:
  model: test/open-1
  gpu: test-gpu
  provider: cloud
  target_utilization: 0.6
  min_replicas: 1
  staff: { fte: 1, annual_cost_per_fte: 120000 }
hybrid:
  self_hosted_share: 0.5
${extra}`;
}
