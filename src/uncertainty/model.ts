// A scenario prepared for many evaluations: a mutable copy of its validated values, a setter for each
// input that analyses vary, and the float evaluator bound to the scenario's pricing.
import { InputError, formatPath } from '../errors.js';
import { positionOf } from '../input/yaml.js';
import type { PricingTables } from '../pricing/tables.js';
import { resolveScenario } from '../resolve/resolve.js';
import { measureScenario, type MeasuredScenario } from '../resolve/samples.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { StrategyId } from '../vocabulary.js';
import { fieldBounds, withinBounds, describeBounds, type FieldBounds } from '../scenario/bounds.js';
import { support } from '../scenario/distribution.js';
import { DEFAULT_UNCERTAINTY } from './defaults.js';
import { NOT_UNCERTAIN, type InputPath, type UncertainInput } from '../scenario/extract.js';
import {
  evaluateFloat,
  floatPrices,
  floatScratch,
  floatStrategies,
  floatUnsupported,
  type FloatPrices,
  type FloatScratch,
} from './floatModel.js';

export interface PreparedModel {
  file: string;
  name: string;
  /** Working copy of the scenario's values; setters write into it. */
  scenario: Scenario;
  prices: FloatPrices;
  strategies: StrategyId[];
  months: number;
  /** Declared distributions, then defaults that apply (docs/uncertainty.md). */
  inputs: UncertainInput[];
  /** Evaluate the working copy: out[k × months + m − 1]. */
  evaluate(out: Float64Array): void;
  /** A fresh output buffer of the right size. */
  buffer(): Float64Array;
}

export interface PrepareOptions {
  /** Add the sourced default distributions for inputs the scenario leaves out (default true). */
  defaults?: boolean;
}

export function prepareModel(
  read: LoadedScenario | MeasuredScenario,
  tables: PricingTables,
  opts: PrepareOptions = {},
): PreparedModel {
  // The pipeline hands over a measured scenario; a library caller may pass one as read.
  const loaded = 'measured' in read ? read : measureScenario(read, tables);
  const engineInput = resolveScenario(loaded, tables); // every pricing lookup and its errors, once
  const unsupported = floatUnsupported(loaded.scenario, engineInput);
  if (unsupported) {
    const path = unsupported.split(':')[0]!.split('.');
    throw new InputError({
      code: 'E_INVALID',
      file: loaded.file,
      ...positionOf(loaded.parsed, path),
      field: unsupported.split(':')[0],
      message:
        'the uncertainty analyses (simulate, sensitivity, sweep, report --uncertainty) do not model this feature yet',
      expected: 'compare or capacity for this scenario, or a copy without it for the analyses',
    });
  }
  const scenario = structuredClone(loaded.scenario);
  // `sample:` token fields were measured when the scenario was loaded; the evaluator takes the numbers.
  for (const key of ['input_tokens', 'output_tokens', 'rag_context_tokens'] as const) {
    if (scenario.workload && typeof scenario.workload[key] !== 'number')
      (scenario.workload as Record<string, unknown>)[key] = loaded.measured[key]!.value.toNumber();
  }
  const prices = floatPrices(engineInput);
  const inputs = [...(loaded.uncertain ?? [])];
  if (opts.defaults !== false) {
    for (const d of DEFAULT_UNCERTAINTY) {
      const declared = rawHas(loaded.parsed.data, d.path);
      if (!declared && d.applies(scenario))
        inputs.push({
          path: d.path,
          field: formatPath(d.path),
          dist: d.dist,
          point: getAt(scenario, d.path) as number,
          source: d.source,
        });
    }
  }
  for (const u of inputs) checkPriced(u.path, support(u.dist)[1], prices, loaded);
  const scratch: FloatScratch = floatScratch(scenario.horizon_months);
  const strategies = floatStrategies(scenario);
  return {
    file: loaded.file,
    name: scenario.name,
    scenario,
    prices,
    strategies,
    months: scenario.horizon_months,
    inputs,
    evaluate: (out) => evaluateFloat(scenario, prices, out, scratch),
    buffer: () => new Float64Array(strategies.length * scenario.horizon_months),
  };
}

/** A setter for the number at `path` in the working copy (the path must exist and hold a number). */
export function setterFor(model: PreparedModel, path: InputPath): (v: number) => void {
  let parent: unknown = model.scenario;
  for (const seg of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
  const key = path[path.length - 1]!;
  const obj = parent as Record<string | number, number>;
  if (typeof obj?.[key] !== 'number') throw new Error(`no number at ${formatPath(path)}`);
  return (v) => {
    obj[key] = v;
  };
}

export function getAt(root: unknown, path: InputPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function rawHas(data: unknown, path: InputPath): boolean {
  return getAt(data, path) !== undefined;
}

/** Inputs whose non-zero values need a price the model row may lack (the same rules as scenario/load.ts). */
function checkPriced(path: InputPath, hi: number, prices: FloatPrices, loaded: MeasuredScenario): void {
  if (hi <= 0) return;
  const f = formatPath(path);
  const at = { file: loaded.file, ...positionOf(loaded.parsed, path), field: f };
  if (f === 'workload.cached_input_share' && prices.api && prices.api.cached === undefined) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at,
      message: 'can be above 0, but the API model has no cached-input price in the pricing tables',
      expected: 'cached_input_share: 0, or a model row with cached_input_per_1m',
    });
  }
  if (f === 'api.batch_share' && prices.api && !prices.api.batchPriced) {
    throw new InputError({
      code: 'E_NO_PRICE',
      ...at,
      message: 'can be above 0, but the API model has no batch price in the pricing tables',
      expected: 'batch_share: 0, or a model row with batch_discount',
    });
  }
}

/**
 * An input named on the command line (`workload.daily_active_users`, `overheads[1].monthly`): it must
 * be a number this scenario sets (or defaults) and one that may vary.
 */
export function variableInput(
  model: PreparedModel,
  text: string,
  where: string,
): { path: InputPath; field: string; bounds: FieldBounds; value: number } {
  const path = parseFieldPath(text);
  const usage = (message: string, expected?: string) =>
    new InputError({ code: 'E_USAGE', field: where, message: `'${text}' ${message}`, expected });
  if (!path)
    throw usage('is not a field path', 'a dotted path such as workload.daily_active_users or overheads[0].monthly');
  const blocked = NOT_UNCERTAIN.find((n) => n.path.every((seg, i) => path[i] === seg));
  if (blocked) throw usage(`cannot vary: ${blocked.why}`);
  const bounds = fieldBounds(path);
  if (!bounds) throw usage('is not a numeric scenario field', 'a number field of the scenario (docs/scenario.md)');
  const value = getAt(model.scenario, path);
  if (typeof value !== 'number') throw usage('is not set in this scenario', 'a field the scenario gives (or defaults)');
  return { path, field: formatPath(path), bounds, value };
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']; null when malformed. */
export function parseFieldPath(text: string): Array<string | number> | null {
  if (!/^[a-z_][a-z0-9_]*(\[\d+\]|\.[a-z_][a-z0-9_]*)*$/i.test(text)) return null;
  const out: Array<string | number> = [];
  for (const m of text.matchAll(/([a-z_][a-z0-9_]*)|\[(\d+)\]/gi)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export { withinBounds, describeBounds };
