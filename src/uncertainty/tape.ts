// A recorded evaluation of the cost model (fastDecimal.ts Tape), turned into a short program of the
// analysis's inputs and run by one small interpreter loop. The recording is the engine's own arithmetic
// for this scenario — resolve → capacity → engine, the code `compare` runs — with everything that does
// not reach a cost (labels, reasons, assumptions) left out, so a trial costs microseconds instead of the
// ≈ 0.3–1 ms a full run takes. Its guards are every decision the code took on a varying value: while
// they hold for a trial's inputs, the engine would have executed exactly these operations, so the
// program returns what the engine returns (binary rounding aside); when one fails, the caller records
// again.
//
// Why an interpreter and not generated JavaScript (which this file emitted until issue 15's speed
// work): a tape is thousands of straight-line operations, and V8 runs such a function unoptimised
// (every intermediate a heap number) until TurboFan has compiled it, which took ≈ 0.5 s of CPU per
// thousand lines — longer than the 10,000 trials it was compiled for. The loop below is one small
// function every program shares, optimised after a few evaluations, with nothing to compile per tape.
// It runs a program over a batch of trials at once (lanes): each instruction is dispatched once per
// batch and applied to every lane in a tight loop, so the cost of dispatch is shared by 128 trials
// (docs/performance.md has the figures).
import { Check, Op, type Tape } from '../fastDecimal.js';
import { isNegativeNumber, power, roundScaled, snapCeil, snapFloor } from '../fastDecimal.js';

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
  /**
   * Instructions at the start that only load inputs and check them (a whole-number input such as
   * min_replicas read as a plain number, a rate tested for zero): running these first sorts out the
   * trials this program cannot serve before any arithmetic is spent on them. 0 when there is no such check.
   */
  screen: number;
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
  // The screen: leading inputs and guards, when at least one guard is among them.
  let screen = 0;
  for (let q = 0; q < n && (ins[4 * q] === Op.Input || ins[4 * q]! >= GUARD); q++)
    if (ins[4 * q]! >= GUARD) screen = q + 1;
  return { ins, x, outputs: Int32Array.from(outs, regOf), consts: Float64Array.from(tape.consts), registers, screen };
}

/** Trials evaluated together: one dispatch per instruction per batch (see the header). */
export const LANES = 128;

/** A register file for `prog` with `lanes` lanes, the constants filled in. */
export function registersFor(prog: Program, lanes: number): Float64Array {
  const R = new Float64Array(Math.max(1, prog.registers) * lanes);
  prog.consts.forEach((c, k) => R.fill(c, k * lanes, (k + 1) * lanes));
  return R;
}

/**
 * Run `prog` on `m` trials (lanes 0 … m − 1 of `lanes`): input j of trial t is inputs[j × lanes + t],
 * output j goes to out[t × outputs + j]. ok[t] is cleared for a trial some guard rejects (its outputs are
 * then meaningless). Returns how many trials every guard accepted. One loop shared by every program,
 * so V8 optimises it once; lanes = 1 evaluates a single trial.
 */
export function runProgram(
  prog: Program,
  R: Float64Array,
  lanes: number,
  m: number,
  inputs: Float64Array,
  out: Float64Array,
  ok: Uint8Array,
  until = prog.x.length,
): number {
  const { ins, x } = prog;
  ok.fill(1, 0, m);
  let alive = m;
  const n = until;
  for (let p = 0, w = 0; p < n; p++, w += 4) {
    const code = ins[w]!;
    const b = ins[w + 3]!;
    if (code === Op.Input) {
      const d = ins[w + 1]! * lanes;
      const from = b * lanes;
      for (let t = 0; t < m; t++) R[d + t] = inputs[from + t]!;
      continue;
    }
    // One kernel per instruction, called through a table: each is a small function V8 optimises on
    // its own (one big switch was deoptimised each time a case ran for the first time).
    alive -= KERNELS[code]!(R, ins[w + 1]! * lanes, ins[w + 2]! * lanes, b, lanes, m, x[p]!, ok);
    if (alive === 0) return 0;
  }
  if (until < prog.x.length) return alive; // a screen (see Program.screen): no outputs yet
  // Each trial's outputs side by side (the layout its caller reads a trial in).
  const outs = prog.outputs;
  const k = outs.length;
  for (let j = 0; j < k; j++) {
    const o = outs[j]! * lanes;
    for (let t = 0; t < m; t++) out[t * k + j] = R[o + t]!;
  }
  return alive;
}

/**
 * Kernels: apply one instruction to lanes 0 … m − 1. `d`, `a` are register offsets (register × lanes),
 * `b` is the raw word (a register, or the rounding mode), `x` the instruction's number. An operation
 * returns 0; a guard clears ok[t] where the decision differs and returns how many it cleared.
 */
type Kernel = (
  R: Float64Array,
  d: number,
  a: number,
  b: number,
  lanes: number,
  m: number,
  x: number,
  ok: Uint8Array,
) => number;

// Written out one by one (not made by a factory): each function literal has its own type feedback,

// so each stays monomorphic and optimised.

const KERNELS: Kernel[] = [];

KERNELS[Op.Add] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = R[a + t]! + R[o + t]!;
  return 0;
};

KERNELS[Op.Sub] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = R[a + t]! - R[o + t]!;
  return 0;
};

KERNELS[Op.Mul] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = R[a + t]! * R[o + t]!;
  return 0;
};

KERNELS[Op.Div] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = R[a + t]! / R[o + t]!;
  return 0;
};

KERNELS[Op.Pow] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = power(R[a + t]!, R[o + t]!);
  return 0;
};

KERNELS[Op.Max] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = Math.max(R[a + t]!, R[o + t]!);
  return 0;
};

KERNELS[Op.Min] = (R, d, a, b, lanes, m) => {
  const o = b * lanes;
  for (let t = 0; t < m; t++) R[d + t] = Math.min(R[a + t]!, R[o + t]!);
  return 0;
};

KERNELS[Op.Sqrt] = (R, d, a, _b, _lanes, m) => {
  for (let t = 0; t < m; t++) R[d + t] = Math.sqrt(R[a + t]!);
  return 0;
};

KERNELS[Op.Abs] = (R, d, a, _b, _lanes, m) => {
  for (let t = 0; t < m; t++) R[d + t] = Math.abs(R[a + t]!);
  return 0;
};

KERNELS[Op.Neg] = (R, d, a, _b, _lanes, m) => {
  for (let t = 0; t < m; t++) R[d + t] = -R[a + t]!;
  return 0;
};

KERNELS[Op.Ceil] = (R, d, a, _b, _lanes, m) => {
  for (let t = 0; t < m; t++) R[d + t] = snapCeil(R[a + t]!);
  return 0;
};

KERNELS[Op.Floor] = (R, d, a, _b, _lanes, m) => {
  for (let t = 0; t < m; t++) R[d + t] = snapFloor(R[a + t]!);
  return 0;
};

KERNELS[Op.Round] = (R, d, a, b, _lanes, m, x) => {
  for (let t = 0; t < m; t++) R[d + t] = roundScaled(R[a + t]!, x, b);
  return 0;
};

KERNELS[Op.Sig] = (R, d, a, _b, _lanes, m, x) => {
  for (let t = 0; t < m; t++) R[d + t] = Number(R[a + t]!.toPrecision(x));
  return 0;
};

// Guards: each clears ok[t] on the lanes whose decision differs from the recording's (`x` holds the
// recorded answer) and returns how many it cleared. One literal per kind of decision, like the
// operations: a shared factory made them one function whose decision was a switch per lane (≈ 3× slower).

KERNELS[GUARD + Check.Cmp] = (R, _d, a, b, lanes, m, x, ok) => {
  const o = b * lanes;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    const A = R[a + t]!;
    const B = R[o + t]!;
    if (ok[t] !== 0 && (A < B ? -1 : A > B ? 1 : A === B ? 0 : 2) !== x) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Eq] = (R, _d, a, b, lanes, m, x, ok) => {
  const o = b * lanes;
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && (R[a + t]! === R[o + t]!) !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Lt] = (R, _d, a, b, lanes, m, x, ok) => {
  const o = b * lanes;
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && R[a + t]! < R[o + t]! !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Lte] = (R, _d, a, b, lanes, m, x, ok) => {
  const o = b * lanes;
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && R[a + t]! <= R[o + t]! !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Negative] = (R, _d, a, _b, _lanes, m, x, ok) => {
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && isNegativeNumber(R[a + t]!) !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Finite] = (R, _d, a, _b, _lanes, m, x, ok) => {
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && Number.isFinite(R[a + t]!) !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

KERNELS[GUARD + Check.Integer] = (R, _d, a, _b, _lanes, m, x, ok) => {
  const want = x === 1;
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && Number.isInteger(R[a + t]!) !== want) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

/** A plain number that left the tape: the lane's value must be the recorded one, bit for bit (−0 and NaN too). */
KERNELS[GUARD + Check.Same] = (R, _d, a, _b, _lanes, m, x, ok) => {
  let rejected = 0;
  for (let t = 0; t < m; t++) {
    if (ok[t] !== 0 && !Object.is(R[a + t]!, x)) {
      ok[t] = 0;
      rejected++;
    }
  }
  return rejected;
};

// Every decision has its kernel (a new Check without one would read as "no kernel" at run time).
for (const check of Object.values(Check))
  if (typeof check === 'number' && !KERNELS[GUARD + check])
    throw new Error(`tape.ts: no kernel for guard ${Check[check]}`);

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
