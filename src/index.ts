// llmcost as a library: the same pipeline the CLI runs, without a process around it.
//   import { compare } from 'llmcost';
//   const report = compare('scenarios/saas-support.yaml');
import { compareEngine } from './engine/compare.js';
import { loadPricing, type LoadPricingOptions } from './pricing/load.js';
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

export { compareEngine } from './engine/compare.js';
export { quoteCall, type Quote, type QuoteRequest } from './engine/quote.js';
export { importLiteLlm, toPricingYaml, type LiteLlmImport } from './pricing/litellm.js';
export type { EngineInput } from './engine/input.js';
export { InputError, formatInputError, type ErrorCode, type InputErrorDetails } from './errors.js';
export { formatJson, reportJson } from './format/json.js';
export { formatTable } from './format/table.js';
export { Decimal } from './money.js';
export { loadPricing, type LoadPricingOptions };
export { mergePricing, parsePricingText, type PricingTables } from './pricing/tables.js';
export type { Report, LineItem, StrategyResult, MonthResult, BreakEven } from './report/model.js';
export { parseScenarioText, readScenario, resolveScenario, type LoadedScenario };
export { Scenario, STRATEGIES, type StrategyId } from './scenario/schema.js';

// Decisions under uncertainty (docs/uncertainty.md): the same analyses the simulate, sensitivity and
// sweep commands run, on a scenario prepared once for many float evaluations.
export { prepareModel, type PreparedModel } from './uncertainty/model.js';
export { simulate, type Simulation } from './uncertainty/simulate.js';
export { formatCharts, type TerminalChartOptions } from './format/charts/terminal.js';
export { formatHtml, type HtmlOptions } from './format/html/page.js';
export type { UncertaintyResults } from './format/html/uncertainty.js';
export { runRateCurves, type StrategyCurve } from './engine/curves.js';
export { countTokens, ENCODINGS, type EncodingName } from './tokens/count.js';
export { countChatTokens } from './tokens/chat.js';
export { expandInputs } from './tokens/files.js';
export { measureFiles, estimateFiles, type Measurement, type Estimate } from './tokens/measure.js';
