// A recorded evaluation of the cost model (fastDecimal.ts Tape), turned into a short program of the
// analysis's inputs, which machine.ts compiles to WebAssembly and runs over many trials. The recording
// is the engine's own arithmetic for this scenario — resolve → capacity → engine, the code `compare`
// runs — with everything that does not reach a cost (labels, reasons, assumptions) left out, so a trial
// costs microseconds instead of the ≈ 0.3–1 ms a full run takes. Its guards are every decision the code
// took on a varying value: while they hold for a trial's inputs, the engine would have executed exactly
// these operations, so the program returns what the engine returns, bit for bit; when one fails, the
// caller records again.
//
// Compiling: common subexpressions merged, identities that change no bit dropped, guards placed right
// after the last value they read (a trial stops at the first decision that differs), registers reused
// once their value has been read for the last time.
import { Check, Op, type Tape } from '../fastDecimal.js';

/** Instruction codes: a tape operation is its own code (Op), a guard is GUARD + its Check. */
export const GUARD = 32;
// An operation numbered GUARD or more would be read as a guard: refuse to load rather than miscompute.
if (Object.values(Op).some((v) => typeof v === 'number' && v >= GUARD)) throw new Error('tape.ts: raise GUARD');

/** Operations with a second operand (a node or a constant); the rest read `b` as an integer argument, or not at all. */
const BINARY = new Set<Op>([Op.Add, Op.Sub, Op.Mul, Op.Div, Op.Pow, Op.Max, Op.Min]);

/** Guards on two operands; the others read one. */
const COMPARISONS = new Set<Check>([Check.Cmp, Check.Eq, Check.Lt, Check.Lte]);

/**
 * A program: instruction p is `code` on registers `a`, `b`, writing register `dst` (an operation) or
 * checking against `x[p]` (a guard; for Round `x` holds 10^digits and `b` the rounding mode, for Sig
 * `x` holds the digits; for Input `b` is the input's index). Registers 0 … consts − 1 hold the
 * constants; the others are reused once the value they hold has been read for the last time.
 */
export interface Program {
  /** Four words per instruction: code, dst, a, b. */
  ins: Int32Array;
  x: Float64Array;
  outputs: Int32Array;
  consts: Float64Array;
  registers: number;
}

/**
 * Turn `tape` into a program with `outputs` (operand references: the costs the caller wants, in
 * order). Only the nodes an output or a guard depends on are kept, each computed once. Linear in the
 * tape's length, on typed arrays: a scenario with many decision paths compiles a dozen tapes.
 */
export function compileTape(tape: Tape, outputs: readonly number[]): Program {
  const N = tape.ops.length;
  const { ops } = tape;
  // The engine computes the same thing many times over (a trend factor per item and month, a price per
  // strategy): one node stands for every node with the same operation on the same operands.
  const same = commonSubexpressions(tape);
  const canon = (r: number) => (r >= 0 ? same[r]! : r);
  // No operand: below every constant's reference, so never read as a node or a constant.
  const NONE = -0x7fffffff;
  // Operands per node after merging (an input's `a` is its index among the inputs, not a node).
  const A = new Int32Array(N);
  const B = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const op = ops[i]!;
    A[i] = op === Op.Input ? NONE : canon(tape.a[i]!);
    B[i] = BINARY.has(op) ? canon(tape.b[i]!) : NONE;
  }
  const outs = Int32Array.from(outputs, canon);

  // Guards: operands merged too, each decision once; only a comparison has a second operand.
  const G = tape.guards.length;
  const gCheck = new Int32Array(G);
  const gA = new Int32Array(G);
  const gB = new Int32Array(G);
  const gExpect = new Float64Array(G);
  // Open addressing on (check, a, b, expect); slots hold a kept guard + 1. No text keys: a tape holds
  // thousands of guards, most of them the same decision met again (a rate tested every month).
  const size = 1 << Math.ceil(Math.log2(2 * G + 2));
  const table = new Int32Array(size);
  let kept = 0;
  guards: for (const g of tape.guards) {
    const a = canon(g.a);
    const b = COMPARISONS.has(g.check) ? canon(g.b) : NONE;
    let h = (Math.imul(g.check + 1, 0x9e3779b1) ^ Math.imul(a, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)) + g.expect * 7;
    h = (h ^ (h >>> 15)) & (size - 1);
    for (;;) {
      const k = table[h]! - 1;
      if (k < 0) break;
      if (gCheck[k] === g.check && gA[k] === a && gB[k] === b && Object.is(gExpect[k], g.expect)) continue guards;
      h = (h + 1) & (size - 1);
    }
    table[h] = kept + 1;
    gCheck[kept] = g.check;
    gA[kept] = a;
    gB[kept] = b;
    gExpect[kept] = g.expect;
    kept++;
  }

  const live = new Uint8Array(N);
  const mark = (r: number) => {
    if (r >= 0) live[r] = 1;
  };
  for (const o of outs) mark(o);
  for (let k = 0; k < kept; k++) {
    mark(gA[k]!);
    mark(gB[k]!);
  }
  // Operands precede their nodes, so one backward sweep closes the set.
  for (let i = N - 1; i >= 0; i--) {
    if (!live[i]) continue;
    mark(A[i]!);
    mark(B[i]!);
  }

  // Each guard right after the last node it reads, so a program that does not hold for these inputs
  // stops at the first decision that differs: guards sorted by that node (stable), walked alongside.
  const after = new Int32Array(kept);
  for (let k = 0; k < kept; k++) after[k] = Math.max(gA[k]!, gB[k]!, -1);
  const order = Array.from({ length: kept }, (_, k) => k).sort((p, q) => after[p]! - after[q]! || p - q);

  // Instruction list: a node (≥ 0) or a guard (−1 − k), in order.
  let nodes = 0;
  for (let i = 0; i < N; i++) nodes += live[i]!;
  const n = nodes + kept;
  const step = new Int32Array(n);
  let p = 0;
  let gi = 0;
  while (gi < kept && after[order[gi]!]! < 0) step[p++] = -1 - order[gi++]!;
  for (let i = 0; i < N; i++) {
    if (!live[i]) continue;
    step[p++] = i;
    while (gi < kept && after[order[gi]!]! === i) step[p++] = -1 - order[gi++]!;
  }

  // Where each node is read for the last time (outputs: never, they are read after the program).
  const lastUse = new Int32Array(N).fill(-1);
  const use = (r: number, at: number) => {
    if (r >= 0) lastUse[r] = at;
  };
  for (let q = 0; q < n; q++) {
    const s = step[q]!;
    if (s >= 0) {
      use(A[s]!, q);
      use(B[s]!, q);
    } else {
      use(gA[-1 - s]!, q);
      use(gB[-1 - s]!, q);
    }
  }
  for (const o of outs) use(o, n);

  // Registers: the constants first, then each node's value in a register freed by a last read.
  const C = tape.consts.length;
  const reg = new Int32Array(N).fill(-1);
  const regOf = (r: number) => (r >= 0 ? reg[r]! : -r - 1);
  const free: number[] = [];
  const release = (r: number, q: number) => {
    if (r >= 0 && lastUse[r] === q) {
      lastUse[r] = -2; // once, even when both operands are the same node
      free.push(reg[r]!);
    }
  };
  let registers = C;
  const ins = new Int32Array(4 * n);
  const x = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const w = 4 * q;
    const s = step[q]!;
    if (s < 0) {
      const k = -1 - s;
      ins[w] = GUARD + gCheck[k]!;
      ins[w + 2] = regOf(gA[k]!);
      ins[w + 3] = gB[k]! === NONE ? 0 : regOf(gB[k]!);
      x[q] = gExpect[k]!;
      release(gA[k]!, q);
      release(gB[k]!, q);
      continue;
    }
    const op = ops[s]!;
    ins[w] = op;
    if (op === Op.Input) ins[w + 3] = tape.a[s]!;
    else {
      ins[w + 2] = regOf(A[s]!);
      if (B[s]! !== NONE) ins[w + 3] = regOf(B[s]!);
      else if (op === Op.Round) {
        x[q] = 10 ** tape.consts[-tape.b[s]! - 1]!;
        ins[w + 3] = tape.c[s]!;
      } else if (op === Op.Sig) x[q] = tape.c[s]!;
    }
    // Operands read for the last time free their registers before the result takes one (it may be the same).
    release(A[s]!, q);
    release(B[s]!, q);
    const d = free.pop() ?? registers++;
    reg[s] = d;
    ins[w + 1] = d;
    // A node nothing reads after it is computed (only a merged-away guard did) frees its register at once.
    if (lastUse[s]! < q) free.push(d);
  }
  return { ins, x, outputs: Int32Array.from(outs, regOf), consts: Float64Array.from(tape.consts), registers };
}

/**
 * The operand (or constant) an operation returns unchanged, bit for bit, whatever its other operand:
 * x × 1, x ÷ 1, x − (+0), x + (−0), x¹, and x⁰ = 1. The engine multiplies by unit factors and adds
 * zero terms often (a share of 1, no cache discount); the program skips them. (x + 0 is not one:
 * −0 + 0 is +0.)
 */
function identity(tape: Tape, op: Op, a: number, b: number): number | undefined {
  const k = (r: number) => (r < 0 ? tape.consts[-r - 1] : undefined);
  const kb = k(b);
  switch (op) {
    case Op.Mul:
      if (kb === 1) return a;
      return k(a) === 1 ? b : undefined;
    case Op.Div:
      return kb === 1 ? a : undefined;
    case Op.Sub:
      return Object.is(kb, 0) ? a : undefined;
    case Op.Add:
      if (Object.is(kb, -0)) return a;
      return Object.is(k(a), -0) ? b : undefined;
    case Op.Pow:
      if (kb === 1) return a;
      return kb === 0 ? tape.constant(1) : undefined;
    default:
      return undefined;
  }
}

/** same[i]: the first node computing what node i computes (its own index when it is the first). */
function commonSubexpressions(tape: Tape): Int32Array {
  const N = tape.ops.length;
  const same = new Int32Array(N);
  const canon = (r: number) => (r >= 0 ? same[r]! : r);
  // Open addressing on (op, a, b, c) after merging the operands; slots hold node + 1.
  const size = 1 << Math.ceil(Math.log2(2 * N + 2));
  const table = new Int32Array(size);
  const ka = new Int32Array(N);
  const kb = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const op = tape.ops[i]!;
    // An input's operand is its index among the inputs, not a node; Round and Sig carry digits in b and c.
    const a = op === Op.Input ? tape.a[i]! : canon(tape.a[i]!);
    const b = BINARY.has(op) ? canon(tape.b[i]!) : tape.b[i]!;
    const c = tape.c[i]!;
    ka[i] = a;
    kb[i] = b;
    const same_ = identity(tape, op, a, b);
    if (same_ !== undefined) {
      same[i] = same_;
      continue;
    }
    let h =
      Math.imul(op + 1, 0x9e3779b1) ^ Math.imul(a, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f);
    h = (h ^ (h >>> 15)) & (size - 1);
    for (;;) {
      const j = table[h]! - 1;
      if (j < 0) {
        table[h] = i + 1;
        same[i] = i;
        break;
      }
      if (tape.ops[j] === op && ka[j] === a && kb[j] === b && tape.c[j] === c) {
        same[i] = j;
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  return same;
}
