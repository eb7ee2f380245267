// A scenario prepared for many evaluations: a mutable copy of its validated values, a setter for each
// input that analyses vary, and an evaluator that runs the one cost model — resolve → capacity →
// engine, the code `compare` runs — in fast arithmetic (money.ts withFastArithmetic), recorded once
// and replayed as a compiled tape while the engine's decisions stay the same (tape.ts). There is no
// second copy of the model and no feature it leaves out.
import { InputError, formatPath, isInputError } from '../errors.js';
import { Tape, recording, tapeInput, type FastDecimal } from '../fastDecimal.js';
import { positionOf } from '../input/yaml.js';
import { monthlyCosts } from '../engine/monthly.js';
import { allStrategyModels } from '../engine/portfolio.js';
import { withFastArithmetic, type Decimal } from '../money.js';
import type { PricingTables } from '../pricing/tables.js';
import { resolveScenario } from '../resolve/resolve.js';
import { measureScenario, type MeasuredScenario } from '../resolve/samples.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { StrategyId } from '../vocabulary.js';
import { fieldBounds, withinBounds, describeBounds, type FieldBounds } from '../scenario/bounds.js';
import { support } from '../scenario/distribution.js';
import { DEFAULT_UNCERTAINTY } from './defaults.js';
import { notUncertainAt, type InputPath, type UncertainInput } from '../scenario/extract.js';
import { Machine, compileProgram, type Runner } from './machine.js';
import { compileTape } from './tape.js';

export interface PreparedModel {
  file: string;
  name: string;
  /** Working copy of the scenario's values; setters write into it. */
  scenario: Scenario;
  strategies: StrategyId[];
  months: number;
  /** Declared distributions, then defaults that apply (docs/uncertainty.md). */
  inputs: UncertainInput[];
  /**
   * Evaluate the working copy: out[k × months + m − 1] is strategy k's cost in month m, and
   * out[strategies × months + k] what its commitments owe past the horizon (tcoOf adds both).
   */
  evaluate(out: Float64Array): void;
  /**
   * Evaluate trials 0 … n − 1 (the same numbers as `evaluate` for each, many at a time): `set(t, v)`
   * writes trial t's values into v, v[inputSlot(path)] for each input that varies (called once per
   * trial, in order; v holds trial t − 1's values, so it may write only what changed), `each(t, costs,
   * at)` receives its costs at costs[at …] in `evaluate`'s layout (in order; valid during the call
   * only). Afterwards the working copy holds the last trial's values.
   */
  evaluateMany(
    n: number,
    set: (t: number, v: Float64Array) => void,
    each: (t: number, costs: Float64Array, at: number) => void,
  ): void;
  /** Where evaluateMany's `set` writes the number at `path` (registered as varying, as setterFor does). */
  inputSlot(path: InputPath): number;
  /** A fresh output buffer of the right size. */
  buffer(): Float64Array;
  /** How evaluations were served so far (docs/performance.md; tests read it). */
  stats: EvaluationStats;
  /** @internal The number at `path` varies from now on (setterFor registers it). */
  vary(path: InputPath): (v: number) => void;
}

export interface EvaluationStats {
  evaluations: number;
  /** Evaluations a compiled tape answered. */
  fromTape: number;
  /** Recordings made (each is one full run of the engine in fast arithmetic). */
  recordings: number;
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
  // Every pricing lookup and its errors once, exactly, at the point values; the strategies it computes.
  const engineInput = resolveScenario(loaded, tables);
  // The strategies the engine prices, in its order (their months are priced by the evaluations).
  const strategies = allStrategyModels(engineInput).models.map((m) => m.id);
  const scenario = structuredClone(loaded.scenario);
  // `sample:` token fields were measured when the scenario was loaded; the evaluator takes the numbers.
  for (const key of ['input_tokens', 'output_tokens', 'rag_context_tokens'] as const) {
    if (scenario.workload && typeof scenario.workload[key] !== 'number')
      (scenario.workload as Record<string, unknown>)[key] = loaded.measured[key]!.value.toNumber();
  }
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
  const working: MeasuredScenario = { ...loaded, scenario };
  const evaluator = tapedEvaluator(working, tables, strategies);
  const model: PreparedModel = {
    file: loaded.file,
    name: scenario.name,
    scenario,
    strategies,
    months: scenario.horizon_months,
    inputs,
    stats: evaluator.stats,
    vary: evaluator.vary,
    inputSlot: evaluator.inputSlot,
    evaluate: (out) => {
      try {
        evaluator.evaluate(out);
      } catch (e) {
        if (!isInputError(e)) throw e;
        throw drawnValuesError(e, model, loaded);
      }
    },
    evaluateMany: (n, set, each) => {
      try {
        evaluator.evaluateMany(n, set, each);
      } catch (e) {
        if (!isInputError(e)) throw e;
        throw drawnValuesError(e, model, loaded);
      }
    },
    buffer: () => new Float64Array(strategies.length * (scenario.horizon_months + 1)),
  };
  // The ends of each distribution are checked by direct runs: they would only crowd the tapes.
  checkSupports(model, evaluator.resolveOnly, loaded);
  return model;
}

/** Tapes kept per model: one per combination of decisions (replica floors, tiers…) met; the least used goes first. */
const MAX_TAPES = 32;
/**
 * A model stops recording once it has recorded RECORDINGS_BEFORE_GIVING_UP times and more than one
 * evaluation in four still needed a recording: its decisions change with nearly every trial (an input
 * that moves something the engine reads as a plain number), so each trial runs the engine in fast
 * arithmetic directly — the same numbers, without the cost of recording and compiling (≈ 2–10 ms a tape).
 */
const RECORDINGS_BEFORE_GIVING_UP = 12;

/** Trials evaluateMany draws before evaluating them: the trials a tape rejects are gathered over this many. */
const WINDOW = 1024;

/** A compiled tape and how many trials it has answered. */
interface KeptTape {
  run: Runner;
  hits: number;
}

/**
 * Evaluations of the one cost model for a working scenario whose numbers at registered paths vary:
 * a compiled tape while its guards hold, else a fresh recording of resolve → engine.
 */
function tapedEvaluator(working: MeasuredScenario, tables: PricingTables, strategies: readonly StrategyId[]) {
  const H = working.scenario.horizon_months;
  /** Numbers an evaluation writes: each strategy's months, then what each owes past the horizon. */
  const size = strategies.length * (H + 1);
  const paths: InputPath[] = [];
  const slots: Array<{ obj: Record<string | number, unknown>; key: string | number }> = [];
  let values = new Float64Array(0);
  let tapes: KeptTape[] = [];
  // Programs run as WebAssembly (machine.ts); a Node without it (`node --jitless`) evaluates every trial
  // by running the engine in fast arithmetic directly: the same numbers, slower.
  let taping = typeof WebAssembly === 'object';
  const stats: EvaluationStats = { evaluations: 0, fromTape: 0, recordings: 0 };
  /** Where the programs read a window's inputs and write its costs: made for the inputs registered so far. */
  let machine: Machine | null = null;
  const machineFor = (): Machine => (machine ??= new Machine(WINDOW + 1, slots.length, size));

  /** The index of `path` among the varying numbers, registering it. */
  const inputSlot = (path: InputPath): number => {
    const f = formatPath(path);
    let i = paths.findIndex((p) => formatPath(p) === f);
    if (i < 0) {
      let parent: unknown = working.scenario;
      for (const seg of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
      const key = path[path.length - 1]!;
      const obj = parent as Record<string | number, unknown>;
      if (typeof obj?.[key] !== 'number') throw new Error(`no number at ${f}`);
      i = paths.push(path) - 1;
      slots.push({ obj, key });
      const grown = new Float64Array(paths.length);
      grown.set(values);
      grown[i] = obj[key] as number;
      values = grown;
      tapes = []; // recorded without this input: it was a constant to them
      machine = null;
    }
    return i;
  };
  const vary = (path: InputPath): ((v: number) => void) => {
    const i = inputSlot(path);
    const slot = slots[i]!;
    const at = i;
    return (v) => {
      slot.obj[slot.key] = v;
      values[at] = v;
    };
  };

  /** Each strategy's months, then its amount past the horizon: the layout of `out`. */
  // The strategies of the point values, each in its slot: values at which one is no longer computed (a
  // hosted endpoint whose context the drawn tokens outgrow) are refused, not written into another's slot.
  const run = (): Decimal[][] =>
    withFastArithmetic(() => {
      const months = monthlyCosts(resolveScenario(working, tables));
      sameStrategies(months.map((s) => s.id));
      return months.map((s) => [...s.costs, s.afterHorizon]);
    });
  const sameStrategies = (ids: readonly StrategyId[]): void => {
    if (ids.join() !== strategies.join())
      throw new InputError({
        code: 'E_INVALID',
        message: `the strategies computed are ${ids.join(', ')}, not ${strategies.join(', ')} as at the point values`,
        expected: 'values at which the scenario computes the same strategies as at its point values',
      });
  };
  const write = (costs: Decimal[][], each: (d: Decimal, at: number) => void): void => {
    const S = costs.length;
    costs.forEach((c, k) => {
      for (let m = 0; m < H; m++) each(c[m]!, k * H + m);
      each(c[H]!, S * H + k);
    });
  };

  const record = (out: Float64Array): void => {
    const tape = new Tape();
    // The varying numbers become tape inputs where the code reads them; restored afterwards.
    slots.forEach((s, i) => {
      s.obj[s.key] = inputLeaf(tape, values[i]!);
    });
    let costs: Decimal[][];
    try {
      costs = recording(tape, run);
    } finally {
      slots.forEach((s, i) => {
        s.obj[s.key] = values[i];
      });
    }
    stats.recordings++;
    const refs: number[] = [];
    write(costs, (x, at) => {
      const d = x as unknown as FastDecimal;
      out[at] = d.v;
      refs[at] = d.t === tape && d.n >= 0 ? d.n : tape.constant(d.v);
    });
    // A new tape goes last but one: ahead of the least used, behind the ones that have earned their place.
    if (tapes.length >= MAX_TAPES) tapes.pop();
    tapes.push({ run: compileProgram(compileTape(tape, refs), machineFor()), hits: 0 });
  };

  /** Resolve the working scenario in fast arithmetic: its refusals, and the strategies it computes (no costs). */
  const resolveOnly = (): void => {
    withFastArithmetic(() =>
      sameStrategies(allStrategyModels(resolveScenario(working, tables)).models.map((m) => m.id)),
    );
  };

  /** The engine in fast arithmetic, nothing recorded. */
  const direct = (out: Float64Array): void => {
    write(run(), (d, at) => {
      out[at] = d.toNumber();
    });
  };

  const evaluate = (out: Float64Array): void => {
    stats.evaluations++;
    if (taping && stats.recordings >= RECORDINGS_BEFORE_GIVING_UP && stats.recordings * 4 > stats.evaluations) {
      taping = false;
      tapes = [];
    }
    // The first evaluation is an analysis's point values, often a boundary no trial meets again (a price
    // trend of exactly 0, which the engine skips): priced directly, it leaves no tape to compile.
    if (!taping || stats.evaluations === 1) {
      direct(out);
      return;
    }
    // The machine's last slot, which no window uses.
    const m = machineFor();
    const slot = WINDOW;
    m.inputs.set(values, slot * m.stride);
    m.order[slot] = slot;
    for (let j = 0; j < tapes.length; j++) {
      const t = tapes[j]!;
      if (t.run(slot, 1) === 1) {
        copyRow(m.outputs, slot * size, out, 0, size);
        stats.fromTape++;
        t.hits++;
        // Most used first: a tape that overtakes the one before it moves up a place.
        if (j > 0 && t.hits > tapes[j - 1]!.hits) [tapes[j - 1], tapes[j]] = [t, tapes[j - 1]!];
        return;
      }
    }
    record(out);
  };

  /**
   * Trials 0 … n − 1, a window of WINDOW at a time: `set(t, values)` writes trial t's values (called
   * once per trial, in order), `each(t, costs, at)` receives its costs (in order). The most used tape runs every
   * trial of the window in one call (machine.ts); the trials its guards reject go to the next tape, and
   * so on; those no tape holds for go one by one to evaluate (a recording, usually).
   */
  const evaluateMany = (
    n: number,
    set: (t: number, v: Float64Array) => void,
    each: (t: number, costs: Float64Array, at: number) => void,
  ): void => {
    const win = new TrialWindow(slots.length, machineFor());
    const out = new Float64Array(size);
    /** Trial t's values back in place. */
    const restore = (t: number): void => {
      slots.forEach((sl, j) => {
        const v = win.value(t, j);
        sl.obj[sl.key] = v;
        values[j] = v;
      });
    };
    for (let start = 0; start < n; start += WINDOW) {
      const m = Math.min(WINDOW, n - start);
      // Only `values` changes here; the working copy is brought up to date before anything reads it (restore).
      for (let t = 0; t < m; t++) {
        set(start + t, values);
        win.draw(t, values);
      }
      // Tapes 0 … k − 1 have rejected every trial still waiting.
      let k = 0;
      while (win.left > 0) {
        if (taping && k < tapes.length) {
          const passed = win.pass(tapes[k++]!);
          stats.fromTape += passed;
          stats.evaluations += passed;
          continue;
        }
        // No tape holds for the first trial waiting: its values back in place, then evaluate (a recording,
        // usually, whose tape goes last: the trials still waiting try it next, all together).
        const t = win.next();
        restore(t);
        const recorded = stats.recordings;
        evaluate(out);
        win.rows.set(out, t * size);
        if (stats.recordings > recorded) k = tapes.length - 1;
      }
      // The values as the caller's set() calls left them (a caller may write only what changes).
      restore(m - 1);
      tapes.sort((p, q) => q.hits - p.hits);
      // The window's rows themselves, with an offset (a view per trial would be 10,000 small allocations).
      for (let t = 0; t < m; t++) each(start + t, win.rows, t * size);
    }
  };
  return { evaluate, evaluateMany, resolveOnly, vary, inputSlot, stats };
}

/**
 * A window of trials for evaluateMany: their drawn values, their costs as the programs fill them in,
 * and the trials still waiting for a program that holds. Its loops are methods of their own, so V8
 * optimises each small one rather than one large function.
 */
class TrialWindow {
  /** Trial t's costs at rows[t × size …] (the machine's outputs). */
  readonly rows: Float64Array;
  /** Trial t's input j at drawn[t × stride + j] (the machine's inputs, where the programs read them). */
  private readonly drawn: Float64Array;
  /** The trials waiting, in trial order (the machine's list of slots to run). */
  private readonly waiting: Int32Array;
  private readonly stride: number;
  /** Trials waiting[0 … left − 1] have no costs yet. */
  left = 0;

  constructor(
    private readonly J: number,
    private readonly machine: Machine,
  ) {
    this.drawn = machine.inputs;
    this.rows = machine.outputs;
    this.waiting = machine.order;
    this.stride = machine.stride;
  }

  /** Trial t of the window (0, 1, … in order; 0 starts a new window) has these values. */
  draw(t: number, values: Float64Array): void {
    if (t === 0) this.left = 0;
    const at = t * this.stride;
    for (let j = 0; j < this.J; j++) this.drawn[at + j] = values[j]!;
    this.waiting[this.left++] = t;
  }

  value(t: number, j: number): number {
    return this.drawn[t * this.stride + j]!;
  }

  /** The first trial waiting, no longer waiting. */
  next(): number {
    const t = this.waiting[0]!;
    this.waiting.copyWithin(0, 1, this.left--);
    return t;
  }

  /**
   * `tape` over every trial waiting, in one call: it writes the rows of those its guards accept; the
   * others keep waiting (in trial order). Returns how many trials the tape served.
   */
  pass(tape: KeptTape): number {
    const n = this.left;
    const served = tape.run(0, n);
    tape.hits += served;
    const { ok, order } = this.machine;
    let still = 0;
    for (let l = 0; l < n; l++) if (!ok[l]) order[still++] = order[l]!; // still ≤ l: compacted in place
    this.left = still;
    return served;
  }
}

function copyRow(from: Float64Array, at: number, to: Float64Array, into: number, size: number): void {
  for (let i = 0; i < size; i++) to[into + i] = from[at + i]!;
}

/**
 * A tape input standing where the scenario holds a number. Code that reads it as a Decimal
 * (`dec(x)`) gets the recorded value; plain-JS arithmetic on it (`x * 2`) reads it through valueOf,
 * which records that the tape holds only for this value.
 */
function inputLeaf(tape: Tape, value: number): FastDecimal {
  const leaf = tapeInput(tape, value);
  Object.defineProperty(leaf, 'valueOf', {
    value: () => {
      leaf.toNumber();
      return value;
    },
  });
  return leaf;
}

/**
 * Every input at each end of its distribution, one at a time: a value the scenario cannot take there
 * (a price the model row lacks for a share above 0, a context that no longer fits the GPU) is refused
 * now, at the input's own line, rather than in the middle of a run; so is a value at which the scenario
 * computes other strategies (a hosted endpoint the drawn context outgrows). Resolving is where a scenario
 * is refused (pricing lookups, capacity planning); pricing its months raises no input error, so the check
 * resolves, lists the strategies, and stops there.
 */
function checkSupports(model: PreparedModel, resolve: () => void, loaded: MeasuredScenario): void {
  if (model.inputs.length === 0) return;
  for (const u of model.inputs) {
    const set = setterFor(model, u.path);
    const [lo, hi] = support(u.dist);
    for (const v of [lo, hi]) {
      set(v);
      try {
        resolve();
      } catch (e) {
        if (!isInputError(e)) throw e;
        set(u.point);
        throw new InputError({
          code: e.code,
          file: loaded.file,
          ...positionOf(loaded.parsed, u.path),
          field: u.field,
          message: `can be ${v} (an end of its distribution), and there: ${e.details.message}`,
          expected: `a distribution whose every value the scenario can take (${e.details.expected ?? 'see the message'})`,
        });
      }
    }
    set(u.point);
  }
}

/** An evaluation that fails for a combination of drawn values says which values. */
function drawnValuesError(e: InputError, model: PreparedModel, loaded: MeasuredScenario): InputError {
  const values = model.inputs.map((u) => `${u.field} = ${getAt(model.scenario, u.path)}`).join(', ');
  return new InputError({
    ...e.details,
    file: loaded.file,
    message: `with drawn values ${values}: ${e.details.message}`,
  });
}

/** Strategy k's TCO in an evaluated buffer: its months and what its commitments owe past the horizon. */
export function tcoOf(model: PreparedModel, out: Float64Array, k: number, at = 0): number {
  const H = model.months;
  let t = out[at + model.strategies.length * H + k]!;
  for (let i = 0; i < H; i++) t += out[at + k * H + i]!;
  return t;
}

/** A setter for the number at `path` in the working copy (the path must exist and hold a number). */
export function setterFor(model: PreparedModel, path: InputPath): (v: number) => void {
  return model.vary(path);
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
  const blocked = notUncertainAt(path);
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
