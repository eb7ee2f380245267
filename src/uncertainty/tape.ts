// A recorded evaluation of the cost model (fastDecimal.ts Tape), compiled into one straight-line
// function of the analysis's inputs. The recording is the engine's own arithmetic for this scenario
// — resolve → capacity → engine, the code `compare` runs — with everything that does not reach a cost
// (labels, reasons, assumptions) left out, so a trial costs microseconds instead of the ≈ 0.3–1 ms a
// full run takes. Its guards are every decision the code took on a varying value: while they hold for
// a trial's inputs, the engine would have executed exactly these operations, so the compiled function
// returns what the engine returns (binary rounding aside); when one fails, the caller records again.
import { Check, Op, type Tape } from '../fastDecimal.js';
import { isNegativeNumber, roundTo, snapCeil, snapFloor } from '../fastDecimal.js';

/** Evaluate at `inputs`, writing `out`; false (and `out` unspecified) when a guard fails. */
export type CompiledTape = (inputs: Float64Array, out: Float64Array) => boolean;

const cmp = (x: number, y: number): number => (x < y ? -1 : x > y ? 1 : x === y ? 0 : 2);
const sig = (x: number, sd: number): number => Number(x.toPrecision(sd));
const flag = (b: boolean): number => (b ? 1 : 0);

const BINARY: Partial<Record<Op, (a: string, b: string) => string>> = {
  [Op.Add]: (a, b) => `${a} + ${b}`,
  [Op.Sub]: (a, b) => `${a} - ${b}`,
  [Op.Mul]: (a, b) => `${a} * ${b}`,
  [Op.Div]: (a, b) => `${a} / ${b}`,
  [Op.Pow]: (a, b) => `${a} ** ${b}`,
  [Op.Max]: (a, b) => `Math.max(${a}, ${b})`,
  [Op.Min]: (a, b) => `Math.min(${a}, ${b})`,
};

const UNARY: Partial<Record<Op, (a: string) => string>> = {
  [Op.Sqrt]: (a) => `Math.sqrt(${a})`,
  [Op.Abs]: (a) => `Math.abs(${a})`,
  [Op.Neg]: (a) => `-${a}`,
  [Op.Ceil]: (a) => `ceil(${a})`,
  [Op.Floor]: (a) => `floor(${a})`,
};

const CHECKS: Record<Check, (a: string, b: string) => string> = {
  [Check.Cmp]: (a, b) => `cmp(${a}, ${b})`,
  [Check.Negative]: (a) => `flag(neg(${a}))`,
  [Check.Finite]: (a) => `flag(Number.isFinite(${a}))`,
  [Check.Integer]: (a) => `flag(Number.isInteger(${a}))`,
  [Check.Same]: (a) => a,
};

/**
 * Compile `tape` with `outputs` (operand references: the costs the caller wants, in order). Only the
 * nodes an output or a guard depends on are emitted.
 */
export function compileTape(tape: Tape, outputs: readonly number[]): CompiledTape {
  const live = new Uint8Array(tape.ops.length);
  const mark = (r: number) => {
    if (r >= 0) live[r] = 1;
  };
  for (const o of outputs) mark(o);
  for (const g of tape.guards) {
    mark(g.a);
    mark(g.b);
  }
  // Operands precede their nodes, so one backward sweep closes the set.
  for (let i = tape.ops.length - 1; i >= 0; i--) {
    if (!live[i]) continue;
    const op = tape.ops[i]!;
    if (op === Op.Input) continue;
    mark(tape.a[i]!);
    if (BINARY[op]) mark(tape.b[i]!);
  }
  const val = (r: number) => (r >= 0 ? `R[${r}]` : `K[${-r - 1}]`);
  // Guards, each placed right after the last node it reads, so a tape that does not hold for these
  // inputs stops at the first decision that differs (the same decision twice is checked once).
  const K = [...tape.consts];
  const guardsAfter = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const g of tape.guards) {
    const key = `${g.check},${g.a},${g.b},${g.expect}`;
    if (seen.has(key)) continue;
    seen.add(key);
    K.push(g.expect);
    const line = `if (!Object.is(${CHECKS[g.check](val(g.a), val(g.b))}, K[${K.length - 1}])) return false;`;
    const at = Math.max(g.a, g.b, -1);
    const list = guardsAfter.get(at);
    if (list) list.push(line);
    else guardsAfter.set(at, [line]);
  }
  const lines: string[] = [...(guardsAfter.get(-1) ?? [])];
  for (let i = 0; i < tape.ops.length; i++) {
    if (!live[i]) continue;
    const op = tape.ops[i]!;
    const a = val(tape.a[i]!);
    let expr: string;
    if (op === Op.Input) expr = `I[${tape.a[i]}]`;
    else if (op === Op.Round) expr = `round(${a}, ${tape.consts[-tape.b[i]! - 1]}, ${tape.c[i]})`;
    else if (op === Op.Sig) expr = `sig(${a}, ${tape.c[i]})`;
    else if (BINARY[op]) expr = BINARY[op]!(a, val(tape.b[i]!));
    else expr = UNARY[op]!(a);
    lines.push(`R[${i}] = ${expr};`);
    for (const g of guardsAfter.get(i) ?? []) lines.push(g);
  }
  outputs.forEach((o, j) => {
    lines.push(`O[${j}] = ${val(o)};`);
  });
  // V8 optimises a function only up to a size, and a tape can have thousands of lines: the body is
  // cut into chunks that share a register file R, each small enough to be optimised.
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += CHUNK_LINES) chunks.push(lines.slice(i, i + CHUNK_LINES).join('\n'));
  // The source is generated from opcodes and integer indices only (no text from any input), so the
  // compiled functions can do nothing but arithmetic on I, K, R and O.
  const factory = new Function(
    'K',
    'R',
    'ceil',
    'floor',
    'round',
    'sig',
    'cmp',
    'neg',
    'flag',
    `${chunks.map((c, j) => `function c${j}(I, O) {\n${c}\nreturn true;\n}`).join('\n')}
return function (I, O) { return ${chunks.map((_, j) => `c${j}(I, O)`).join(' && ') || 'true'}; };`,
  ) as (...args: unknown[]) => CompiledTape;
  const R = new Float64Array(tape.ops.length);
  return factory(K, R, snapCeil, snapFloor, roundTo, sig, cmp, isNegativeNumber, flag);
}

const CHUNK_LINES = 1000;
