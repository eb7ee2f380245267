// llmcost as a library: the same pipeline the CLI runs, without a process around it.
//   import { compare } from 'llmcost';
//   const report = compare('scenarios/saas-support.yaml');
export { compare, compareLoaded, compareText, type CompareInput } from './pipeline/index.js';
export { compareEngine } from './engine/compare.js';
export { quoteCall, type Quote, type QuoteRequest } from './engine/quote.js';
export { importLiteLlm, toPricingYaml, type LiteLlmImport } from './pricing/litellm.js';
export type { EngineInput } from './engine/input.js';
export { InputError, formatInputError, type ErrorCode, type InputErrorDetails } from './errors.js';
export { formatJson, reportJson } from './format/json.js';
export { formatTable } from './format/table.js';
export { Decimal } from './money.js';
export { loadPricing, type LoadPricingOptions } from './pricing/load.js';
export { mergePricing, parsePricingText, type PricingTables } from './pricing/tables.js';
export type { Report, LineItem, StrategyResult, MonthResult, BreakEven } from './report/model.js';
export { parseScenarioText, readScenario, type LoadedScenario } from './scenario/load.js';
export { resolveScenario } from './resolve/resolve.js';
export { measureScenario, type MeasuredScenario } from './resolve/samples.js';
export { Scenario, STRATEGIES, type StrategyId } from './scenario/schema.js';

// Decisions under uncertainty (docs/uncertainty.md): the same analyses the simulate, sensitivity and
// sweep commands run, on a scenario prepared once for many float evaluations.
export { prepareModel, type PreparedModel } from './uncertainty/model.js';
export { simulate, type Simulation } from './uncertainty/simulate.js';
export { formatCharts, type TerminalChartOptions } from './format/charts/terminal.js';
export { formatHtml, type HtmlOptions } from './format/html/page.js';
export type { UncertaintyResults } from './uncertainty/forReport.js';
export { runRateCurves, type StrategyCurve } from './engine/curves.js';
export { countTokens, ENCODINGS, type EncodingName } from './tokens/count.js';
export { countChatTokens } from './tokens/chat.js';
export { expandInputs } from './tokens/files.js';
export { measureFiles, estimateFiles, type Measurement, type Estimate } from './tokens/measure.js';
