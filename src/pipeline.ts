// scenario → pricing → engine: the one path from a scenario to its report, shared by the library
// entry (src/index.ts) and the CLI. Kept apart from the library's barrel so a command loads only the
// modules it uses (the barrel also re-exports the HTML report, the tokenizer and the analyses).
import { compareEngine } from './engine/compare.js';
import { loadPricing } from './pricing/load.js';
import type { PricingTables } from './pricing/tables.js';
import type { Report } from './report/model.js';
import { listAssumptions } from './scenario/assumptions.js';
import { parseScenarioText, readScenario, resolveScenario, type LoadedScenario } from './scenario/load.js';

export interface CompareInput {
  /** Extra pricing files that override or add rows by id, in order. */
  pricing?: readonly string[];
  /** Already loaded tables (skips reading pricing files). */
  tables?: PricingTables;
  /** Mark unpriced items "price not found" (totals become lower bounds) instead of failing. */
  allowMissingPrices?: boolean;
}

/** Load a scenario file, price it, and simulate every strategy it can compute. */
export function compare(scenarioPath: string, options: CompareInput = {}): Report {
  return compareLoaded(readScenario(scenarioPath), options);
}

/** The same from scenario text (no file access for the scenario). */
export function compareText(text: string, fileName = 'scenario.yaml', options: CompareInput = {}): Report {
  return compareLoaded(parseScenarioText(text, fileName), options);
}

export function compareLoaded(loaded: LoadedScenario, options: CompareInput = {}): Report {
  const tables = options.tables ?? loadPricing({ overrides: options.pricing });
  return compareEngine(resolveScenario(loaded, tables, { allowMissingPrices: options.allowMissingPrices }), { assumptions: listAssumptions(loaded), pricingFiles: [...tables.files] });
}
