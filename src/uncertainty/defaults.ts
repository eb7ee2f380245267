// Uncertain inputs a scenario gets without asking, each with its source. Their point value equals the
// schema's default, so `compare` is unaffected; `simulate` and `sensitivity` draw from them unless the
// scenario states the input (as a number or a distribution) or the run passes --no-default-uncertainty.
import type { Scenario } from '../scenario/schema.js';
import type { Distribution } from '../scenario/distribution.js';
import type { InputPath } from '../scenario/extract.js';

export interface DefaultUncertainty {
  path: InputPath;
  applies(s: Scenario): boolean;
  dist: Distribution;
  source: string;
}

/**
 * API token prices. Epoch AI measured the price of reaching a fixed capability falling 9× to 900× a
 * year (2022–2025), slowest (9×, i.e. −89%) for the hardest benchmarks. A pinned model's list price
 * usually stays put — the fall comes from moving to newer, cheaper models — so the most likely value
 * is 0 (flat) and the low end is the slowest published fall. The mean of this triangle is −0.30.
 */
export const API_PRICE_TREND: DefaultUncertainty = {
  path: ['api', 'price_change_per_year'],
  applies: (s) => s.api !== undefined,
  dist: { kind: 'triangular', low: -0.89, mode: 0, high: 0 },
  source:
    'default: Epoch AI, "LLM inference prices have fallen rapidly but unequally across tasks" (2025-03-12, https://epoch.ai/data-insights/llm-inference-price-trends): 9×–900× a year at constant capability; low = −(1 − 1/9)',
};

export const DEFAULT_UNCERTAINTY: readonly DefaultUncertainty[] = [API_PRICE_TREND];
