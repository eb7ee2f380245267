// The one path from a scenario to its report, shared by every command, every format and the library
// entry (src/index.ts): read → measure samples → resolve against the pricing tables → engine. Kept
// apart from the library's barrel so a command loads only the modules it uses.
import { compareEngine } from '../engine/compare.js';
import type { EngineInput } from '../engine/input.js';
import { InputError, isInputError } from '../errors.js';
import { loadPricing } from '../pricing/load.js';
import type { PricingTables } from '../pricing/tables.js';
import type { Report } from '../report/model.js';
import { listAssumptions } from '../resolve/assumptions.js';
import { resolveScenario } from '../resolve/resolve.js';
import { measureScenario, type MeasuredScenario } from '../resolve/samples.js';
import { parseScenarioText, readScenario, type LoadedScenario } from '../scenario/load.js';
import type { FileRef, RunRequest, ScenarioCurrency } from './request.js';

export interface CompareInput {
  /** Extra pricing files that override or add rows by id, in order. */
  pricing?: readonly string[];
  /** Already loaded tables (skips reading pricing files). */
  tables?: PricingTables;
  /** Mark unpriced items "price not found" (totals become lower bounds) instead of failing. */
  allowMissingPrices?: boolean;
  /** `YYYY-MM`: month 1 of the scenario (overrides its start_month). */
  startMonth?: string | undefined;
  /** Report in this currency (overrides the scenario's `currency:` block). */
  currency?: ScenarioCurrency | undefined;
  /** Owned GPUs in the TCO: cash or depreciation (overrides self_hosted.ownership.accounting). */
  accounting?: 'cash' | 'depreciation' | undefined;
}

/** One scenario through the pipeline: what every format and analysis may need of it. */
export interface ScenarioRun {
  /** The file as the user named it. */
  file: string;
  loaded: MeasuredScenario;
  /** The engine's input, resolved against the pricing tables (charts re-evaluate its cost curves). */
  input: EngineInput;
  report: Report;
}

export interface ScenarioFailure {
  file: string;
  error: InputError;
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
  return runLoaded(loaded, loaded.file, tables, options).report;
}

/** A read scenario through measuring, resolving and the engine. */
export function runLoaded(
  read: LoadedScenario,
  file: string,
  tables: PricingTables,
  options: Pick<CompareInput, 'allowMissingPrices' | 'startMonth' | 'currency' | 'accounting'>,
): ScenarioRun {
  const { startMonth, currency } = options;
  // Command-line settings override the scenario's own, the same way for every command and format.
  const scenario = {
    ...read.scenario,
    ...(startMonth ? { start_month: startMonth } : {}),
    ...(currency ? { currency } : {}),
  };
  const loaded = measureScenario(withAccounting({ ...read, scenario }, options.accounting), tables);
  const input = resolveScenario(loaded, tables, { allowMissingPrices: options.allowMissingPrices });
  const report = compareEngine(input, { assumptions: listAssumptions(loaded), pricingFiles: [...tables.files] });
  // The assumptions list says where each input came from: here, the command line.
  if (startMonth)
    report.assumptions = report.assumptions.map((a) =>
      a.field === 'start_month' ? { ...a, source: '--start-month' } : a,
    );
  if (options.accounting) {
    const field = 'self_hosted.ownership.accounting';
    report.assumptions = report.assumptions.map((a) => (a.field === field ? { ...a, source: '--accounting' } : a));
  }
  return { file, loaded, input, report };
}

/** Read and run one scenario file of a request. */
export function runScenario(ref: FileRef, req: RunRequest, tables: PricingTables): ScenarioRun {
  const read =
    ref.text === undefined
      ? readScenario(ref.path, ref.display, { allowOutsidePaths: req.allowOutsidePaths })
      : { ...parseScenarioText(ref.text, ref.display), path: ref.path, allowOutsidePaths: req.allowOutsidePaths };
  const { startMonth, currency, accounting } = req;
  return runLoaded(read, ref.display, tables, {
    allowMissingPrices: req.pricing.allowMissingPrices,
    startMonth,
    currency,
    accounting,
  });
}

/** --accounting: the view of a scenario's owned GPUs (a scenario without them is unchanged). */
function withAccounting(read: LoadedScenario, accounting: 'cash' | 'depreciation' | undefined): LoadedScenario {
  const sh = read.scenario.self_hosted;
  if (!accounting || !sh?.ownership) return read;
  const self_hosted = { ...sh, ownership: { ...sh.ownership, accounting } };
  return { ...read, scenario: { ...read.scenario, self_hosted } };
}

/**
 * Every scenario of a request, each handed to `visit` as soon as it is computed and then let go (a
 * caller that turns each report into its piece of the output holds one report at a time). A
 * scenario's own errors are collected, named as the user typed the file; internal errors propagate.
 */
export function forEachScenario(
  refs: readonly FileRef[],
  req: RunRequest,
  tables: PricingTables,
  visit: (run: ScenarioRun) => void,
): ScenarioFailure[] {
  const failures: ScenarioFailure[] = [];
  for (const ref of refs) {
    let run: ScenarioRun;
    try {
      run = runScenario(ref, req, tables);
    } catch (e) {
      if (!isInputError(e)) throw e;
      const named =
        e.details.file === ref.path ? new InputError({ ...e.details, file: ref.display }) : e.inFile(ref.display);
      failures.push({ file: ref.display, error: named });
      continue;
    }
    visit(run);
  }
  return failures;
}

/** All of them, kept (for commands that need every report at once: diff, check). */
export function runScenarios(
  refs: readonly FileRef[],
  req: RunRequest,
  tables: PricingTables,
): { runs: ScenarioRun[]; failures: ScenarioFailure[] } {
  const runs: ScenarioRun[] = [];
  const failures = forEachScenario(refs, req, tables, (r) => runs.push(r));
  return { runs, failures };
}
