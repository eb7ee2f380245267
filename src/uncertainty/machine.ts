// A program (tape.ts) compiled to WebAssembly and run over many trials in one call.
//
// Why WebAssembly (issue 15's speed work, docs/performance.md): a program is a long straight line of
// float operations. Interpreted — one small JavaScript kernel per instruction, looping over a batch of
// trials — each operation cost ≈ 2 ns per trial, loads and stores of a Float64Array included, and
// `simulate --trials 10000` on the 15-input scenario spent ≈ 90 ms there. As WebAssembly a trial is one
// function whose registers are locals, and the same trials take ≈ 15–20 ms. WebAssembly's baseline
// compiler (Liftoff, the only tier a short command uses: src/cli/bin.ts) takes about a millisecond for
// a program of a few thousand instructions, and nothing is compiled on the JavaScript side (generated
// JavaScript, which tape.ts once emitted, cost ≈ 0.5 s of optimising compiler per thousand lines).
//
// The result is bit for bit what the engine's float path (fastDecimal.ts) computes: + − × ÷ √, min and
// max are IEEE 754 operations in both languages (WebAssembly's f64.min/max order −0 below +0 and return
// NaN for NaN, as Math.min/max do); Math.round is `ceil(x)`, less 1 when that is more than ½ above x;
// rounding to decimals, ⌈x⌉ and ⌊x⌋ with their binary-noise allowances follow roundScaled, snapCeil and
// snapFloor step by step, and call back into them for the rare half-way cases; a whole power is the same
// sequence of squarings as `power`, other powers call it. test/unit/machine.test.ts holds each operation
// and each guard to the JavaScript function on edge values and random ones.
import { Check, Op, ROUND_HALF_UP, SNAP, SNAP_WHOLE, power, roundScaled } from '../fastDecimal.js';
import { GUARD, type Program } from './tape.js';

/**
 * Memory shared by a model's programs: `capacity` trial slots, each with its input values and its
 * results side by side (slot t's input j at inputs[t × stride + j], its outputs at outputs[t × size…]),
 * and a list of slots to run: run(start, n) evaluates slots order[start … start + n − 1] and sets
 * ok[l] = 1 for each order[l] every guard held for.
 */
export class Machine {
  /** null where Node has no WebAssembly (`--jitless`): the areas are plain memory, and no program runs. */
  readonly memory: WebAssembly.Memory | null;
  readonly inputs: Float64Array;
  readonly outputs: Float64Array;
  readonly ok: Uint8Array;
  readonly order: Int32Array;
  /** Values per slot in `inputs` (the inputs, at least 1). */
  readonly stride: number;
  /** Byte offsets of the four areas. */
  readonly at: { inputs: number; outputs: number; ok: number; order: number };

  constructor(
    readonly capacity: number,
    readonly inputCount: number,
    readonly outputCount: number,
  ) {
    // run() answers two counts below 2^16 in one number (fastModule).
    if (capacity >= 0x10000) throw new Error(`machine.ts: ${capacity} slots, at most 65,535`);
    this.stride = Math.max(1, inputCount);
    const inBytes = capacity * this.stride * 8;
    const outBytes = capacity * Math.max(1, outputCount) * 8;
    const okBytes = Math.ceil(capacity / 8) * 8;
    this.at = { inputs: 0, outputs: inBytes, ok: inBytes + outBytes, order: inBytes + outBytes + okBytes };
    const pages = Math.ceil((this.at.order + capacity * 4) / 65_536);
    this.memory = typeof WebAssembly === 'object' ? new WebAssembly.Memory({ initial: pages, maximum: pages }) : null;
    const buffer = this.memory?.buffer ?? new ArrayBuffer(pages * 65_536);
    this.inputs = new Float64Array(buffer, this.at.inputs, capacity * this.stride);
    this.outputs = new Float64Array(buffer, this.at.outputs, capacity * Math.max(1, outputCount));
    this.ok = new Uint8Array(buffer, this.at.ok, capacity);
    this.order = new Int32Array(buffer, this.at.order, capacity);
  }
}

/** Runs a program over slots order[start … start + n − 1] of its machine; returns how many every guard accepted. */
export type Runner = (start: number, n: number) => number;

/**
 * Compile `prog` for `machine` (its inputs, outputs and capacity fix the addresses the code uses).
 *
 * Two forms of the program. Rounding to decimals calls JavaScript for a value near a half-way point
 * (≈ 1 in a million): a call under a condition, and at that join WebAssembly's compilers reconcile
 * every register of the function (a program has hundreds) — written into the program a hundred times,
 * that made it several times slower to compile and to run. So the fast form rounds without branches
 * and notes a value it cannot round surely; such a trial (or one whose guard failed after such a value)
 * is run again by the careful form, which calls a rounding function (small, so its joins are cheap)
 * and is compiled the first time a trial needs it.
 */
export function compileProgram(prog: Program, machine: Machine): Runner {
  if (!machine.memory) throw new Error('machine.ts: no WebAssembly in this Node (model.ts evaluates directly)');
  const imports = { m: { mem: machine.memory, power, round: roundScaled, sig: significant } };
  const instantiate = (bytes: Uint8Array<ArrayBuffer>) =>
    new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports;
  const run = instantiate(fastModule(prog, machine)).run as (start: number, n: number) => number;
  let careful: ((slot: number) => number) | null = null;
  return (start, n) => {
    const r = run(start, n) >>> 0; // an i32: with 32,768 or more trials needing care its sign bit is set
    let served = r & 0xffff;
    if (r > 0xffff) {
      careful ??= instantiate(carefulModule(prog, machine)).trial as (slot: number) => number;
      const { ok, order } = machine;
      for (let l = start; l < start + n; l++)
        if (ok[l] === 2) {
          ok[l] = careful(order[l]!);
          served += ok[l]!;
        }
    }
    return served;
  };
}

/** toSignificantDigits on the float path (FastDecimal's Sig). */
const significant = (v: number, digits: number): number => Number(v.toPrecision(digits));

// ---------------------------------------------------------------------------------------------------
// Encoding. Each module imports the memory and three JavaScript functions (a general power, rounding
// with its half-way cases, significant digits); the fast form exports run(start, n), the careful form
// trial(slot). Opcodes and encodings: the WebAssembly core specification, §5 (binary format).

const F64 = 0x7c;
const I32 = 0x7f;

enum W {
  block = 0x02,
  loop = 0x03,
  if = 0x04,
  else = 0x05,
  end = 0x0b,
  br = 0x0c,
  brIf = 0x0d,
  call = 0x10,
  return = 0x0f,
  drop = 0x1a,
  select = 0x1b,
  localGet = 0x20,
  localSet = 0x21,
  localTee = 0x22,
  f64Load = 0x2b,
  f64Store = 0x39,
  i32Store8 = 0x3a,
  i32Load = 0x28,
  i32Const = 0x41,
  i64Const = 0x42,
  i32Eqz = 0x45,
  i32Eq = 0x46,
  i32GeU = 0x4f,
  i64Eq = 0x51,
  i64LtS = 0x53,
  f64Eq = 0x61,
  f64Ne = 0x62,
  f64Lt = 0x63,
  f64Gt = 0x64,
  f64Le = 0x65,
  f64Ge = 0x66,
  i32Add = 0x6a,
  i32Mul = 0x6c,
  i32And = 0x71,
  i32Or = 0x72,
  i32Shl = 0x74,
  f64Abs = 0x99,
  f64Neg = 0x9a,
  f64Ceil = 0x9b,
  f64Floor = 0x9c,
  f64Trunc = 0x9d,
  f64Nearest = 0x9e,
  f64Sqrt = 0x9f,
  f64Add = 0xa0,
  f64Sub = 0xa1,
  f64Mul = 0xa2,
  f64Div = 0xa3,
  f64Min = 0xa4,
  f64Max = 0xa5,
  i64ReinterpretF64 = 0xbd,
}

/** Imported functions, by index. */
enum Fn {
  power = 0,
  roundJs = 1,
  sig = 2,
}
/** A growable byte buffer with the encodings the module needs. */
class Bytes {
  private buf: Uint8Array<ArrayBuffer>;
  length = 0;
  private static readonly scratch = new Float64Array(1);
  private static readonly scratchBytes = new Uint8Array(Bytes.scratch.buffer);

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  op(code: number): this {
    this.room(1);
    this.buf[this.length++] = code;
    return this;
  }

  ops(codes: readonly number[]): this {
    for (const c of codes) this.op(c);
    return this;
  }

  /** Unsigned LEB128. */
  u32(n: number): this {
    this.room(5);
    let v = n >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(n: bigint): this {
    this.room(10);
    let v = BigInt.asIntN(64, n);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.buf[this.length++] = b;
        return this;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  i32(n: number): this {
    return this.op(W.i32Const).s64(BigInt(n | 0));
  }

  f64(v: number): this {
    this.room(9);
    this.buf[this.length++] = 0x44; // f64.const
    // Little-endian, as WebAssembly stores it: the platform's order on every machine Node runs on.
    Bytes.scratch[0] = v;
    this.buf.set(Bytes.scratchBytes, this.length);
    this.length += 8;
    return this;
  }

  get(local: number): this {
    return this.op(W.localGet).u32(local);
  }

  set(local: number): this {
    return this.op(W.localSet).u32(local);
  }

  tee(local: number): this {
    return this.op(W.localTee).u32(local);
  }

  call(fn: number): this {
    return this.op(W.call).u32(fn);
  }

  /** `if` with an f64 result. */
  ifF64(): this {
    return this.op(W.if).op(F64);
  }

  else(): this {
    return this.op(W.else);
  }

  end(): this {
    return this.op(W.end);
  }

  append(other: Bytes): this {
    this.room(other.length);
    this.buf.set(other.view(), this.length);
    this.length += other.length;
    return this;
  }

  /** A section or a function body: its size in bytes, then its contents. */
  sized(other: Bytes): this {
    return this.u32(other.length).append(other);
  }

  name(s: string): this {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.op(s.charCodeAt(i));
    return this;
  }

  view(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.length);
  }
}

/** The 64 bits of a double, as WebAssembly's i64.reinterpret_f64 reads them. */
function bitsOf(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v, true);
  return dv.getBigInt64(0, true);
}

/**
 * The fast form: run(start, n), for l from start to start + n − 1, runs the program on slot order[l]
 * and sets ok[l] to its answer (1 held, 0 a guard did not, 2 run it carefully); it returns how many
 * held plus 2^16 × how many need care. Functions: the imports (0–2), run (3), the program (4).
 */
function fastModule(prog: Program, machine: Machine): Uint8Array<ArrayBuffer> {
  const [start, n, l, end, passed, care, r] = [0, 1, 2, 3, 4, 5, 6];
  const b = new Bytes().u32(1).u32(5).op(I32);
  b.get(start).get(n).op(W.i32Add).set(end).get(start).set(l);
  b.op(W.block).op(0x40).op(W.loop).op(0x40);
  b.get(l).get(end).op(W.i32GeU).op(W.brIf).u32(1);
  b.get(l).i32(4).op(W.i32Mul).op(W.i32Load).u32(2).u32(machine.at.order).call(4).set(r);
  b.get(l).get(r).op(W.i32Store8).u32(0).u32(machine.at.ok);
  b.get(passed).get(r).i32(1).op(W.i32Eq).op(W.i32Add).set(passed);
  b.get(care).get(r).i32(2).op(W.i32Eq).op(W.i32Add).set(care);
  b.get(l).i32(1).op(W.i32Add).set(l).op(W.br).u32(0);
  b.end().end();
  b.get(care).i32(16).op(W.i32Shl).get(passed).op(W.i32Or).end();
  return encodeModule(machine, [
    { type: TYPE_RUN, body: b },
    { type: TYPE_TRIAL, body: trialBody(prog, machine, null) },
  ]);
}

/**
 * The careful form: trial(slot), the program with rounding by a function (one per scale and mode the
 * program uses). Functions: the imports (0–2), trial (3), the roundings (4 …).
 */
function carefulModule(prog: Program, machine: Machine): Uint8Array<ArrayBuffer> {
  const roundings: Array<{ f: number; rm: number }> = [];
  const roundingOf = (f: number, rm: number): number => {
    let k = roundings.findIndex((q) => q.f === f && q.rm === rm);
    if (k < 0) k = roundings.push({ f, rm }) - 1;
    return 4 + k;
  };
  const trial = trialBody(prog, machine, roundingOf);
  return encodeModule(machine, [
    { type: TYPE_TRIAL, body: trial },
    ...roundings.map(({ f, rm }) => ({
      type: TYPE_UNARY,
      body: helper((h, s) => roundScaledCode(h, f, rm, s, null)),
    })),
  ]);
}

/** Function types (the type section below): (f64 f64) → f64 · (f64 f64 f64) → f64 · (i32 i32) → i32 · (f64) → f64 · (i32) → i32. */
const TYPE_BINARY = 0;
const TYPE_TERNARY = 1;
const TYPE_RUN = 2;
const TYPE_UNARY = 3;
const TYPE_TRIAL = 4;

/**
 * A module: the machine's memory and the three JavaScript functions imported (functions 0–2), then
 * `own` (3, 4, …); the first of them exported as "run" (fast form) or "trial" (careful form).
 */
function encodeModule(machine: Machine, own: ReadonlyArray<{ type: number; body: Bytes }>): Uint8Array<ArrayBuffer> {
  const size = own.reduce((t, f) => t + f.body.length, 0);
  const out = new Bytes(size + 512).ops([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, contents: Bytes) => out.op(id).sized(contents);
  const types = new Bytes().u32(5);
  types.op(0x60).u32(2).ops([F64, F64]).u32(1).op(F64);
  types.op(0x60).u32(3).ops([F64, F64, F64]).u32(1).op(F64);
  types.op(0x60).u32(2).ops([I32, I32]).u32(1).op(I32);
  types.op(0x60).u32(1).op(F64).u32(1).op(F64);
  types.op(0x60).u32(1).op(I32).u32(1).op(I32);
  section(1, types);
  const pages = machine.memory!.buffer.byteLength / 65_536;
  const imports = new Bytes().u32(4);
  imports.name('m').name('mem').ops([0x02, 0x01]).u32(pages).u32(pages);
  imports.name('m').name('power').op(0x00).u32(TYPE_BINARY);
  imports.name('m').name('round').op(0x00).u32(TYPE_TERNARY);
  imports.name('m').name('sig').op(0x00).u32(TYPE_BINARY);
  section(2, imports);
  const fns = new Bytes().u32(own.length);
  for (const f of own) fns.u32(f.type);
  section(3, fns);
  section(
    7,
    new Bytes()
      .u32(1)
      .name(own[0]!.type === TYPE_RUN ? 'run' : 'trial')
      .op(0x00)
      .u32(3),
  );
  const code = new Bytes(size + 64).u32(own.length);
  for (const f of own) code.sized(f.body);
  section(10, code);
  return out.view().slice();
}

/** A function (f64) → f64 whose body is `emit` on its parameter, with scratch locals. */
function helper(emit: (b: Bytes, s: Scratch) => void): Bytes {
  const b = new Bytes().u32(1).u32(5).op(F64);
  const s: Scratch = { v: 1, x: 2, r: 3, d: 4, tol: 5 };
  b.get(0);
  emit(b, s);
  return b.end();
}

/** Operations on two registers, by their WebAssembly instruction. */
const BINARY_OPS = new Map<number, number>([
  [Op.Add, W.f64Add],
  [Op.Sub, W.f64Sub],
  [Op.Mul, W.f64Mul],
  [Op.Div, W.f64Div],
  [Op.Max, W.f64Max],
  [Op.Min, W.f64Min],
]);
const UNARY_OPS = new Map<number, number>([
  [Op.Sqrt, W.f64Sqrt],
  [Op.Abs, W.f64Abs],
  [Op.Neg, W.f64Neg],
]);

/** Scratch locals of the run function (f64), for the operations written out in several steps. */
interface Scratch {
  // (the helper's locals; the trial function adds base and acc for powers)
  v: number;
  x: number;
  r: number;
  d: number;
  tol: number;
}

/**
 * A trial's program as a function of its slot t: load its inputs, execute the instructions, store its
 * outputs; returns 1, or 0 when a guard does not hold. `roundingOf` null: the fast copy, which rounds
 * in line and returns 2 instead when a value was not clearly rounded (see encodeModule).
 */
function trialBody(prog: Program, machine: Machine, roundingOf: ((f: number, rm: number) => number) | null): Bytes {
  const { ins, x, consts } = prog;
  const C = consts.length;
  // Locals: 0 t (the parameter) · i32: 1 the slot's input address, 2 its output address, 3 clear
  // (every value so far clearly rounded) · f64: one per register above the constants (the constants
  // are written in as such), then the scratch.
  const [t, inAt, outAt, clear] = [0, 1, 2, 3];
  const REG0 = 4;
  const regs = Math.max(0, prog.registers - C);
  const s0 = REG0 + regs;
  const tmp = { base: s0, acc: s0 + 1, v: s0 + 2, r: s0 + 3, x: s0 + 4, d: s0 + 5, tol: s0 + 6 };
  const b = new Bytes(x.length * 16 + 1024)
    .u32(2)
    .u32(3)
    .op(I32)
    .u32(regs + 7)
    .op(F64);
  const local = (reg: number) => REG0 + reg - C;
  const value = (reg: number) => (reg < C ? b.f64(consts[reg]!) : b.get(local(reg)));

  b.i32(1).set(clear);
  b.get(t)
    .i32(machine.stride * 8)
    .op(W.i32Mul)
    .set(inAt);
  b.get(t)
    .i32(Math.max(1, machine.outputCount) * 8)
    .op(W.i32Mul)
    .set(outAt);
  b.op(W.block).op(0x40); // a guard that does not hold branches out of this block (depth 0)
  for (let p = 0, w = 0; p < x.length; p++, w += 4) {
    const code = ins[w]!;
    const dst = ins[w + 1]!;
    const a = ins[w + 2]!;
    const r = ins[w + 3]!;
    if (code >= GUARD) {
      guard(b, code - GUARD, a, r, x[p]!, value);
      continue;
    }
    if (code === Op.Input) {
      b.get(inAt)
        .op(W.f64Load)
        .u32(3)
        .u32(machine.at.inputs + r * 8)
        .set(local(dst));
      continue;
    }
    const binary = BINARY_OPS.get(code);
    const unary = UNARY_OPS.get(code);
    value(a);
    const k = code === Op.Pow && r < C ? consts[r]! : Number.NaN;
    if (binary !== undefined) value(r).op(binary);
    else if (unary !== undefined) b.op(unary);
    else if (code === Op.Round) {
      if (roundingOf) b.op(W.call).u32(roundingOf(x[p]!, r));
      else roundScaledCode(b, x[p]!, r, tmp, clear);
    } else if (code === Op.Ceil) snapCode(b, 'ceil', tmp);
    else if (code === Op.Floor) snapCode(b, 'floor', tmp);
    else if (code === Op.Sig) b.f64(x[p]!).call(Fn.sig);
    else if (code === Op.Pow && k >= 0 && k <= 1024 && (k | 0) === k) wholePower(b, k, tmp);
    else if (code === Op.Pow) value(r).call(Fn.power);
    else throw new Error(`machine.ts: no code for instruction ${code}`);
    b.set(local(dst));
  }
  if (!roundingOf) b.get(clear).op(W.i32Eqz).op(W.brIf).u32(0);
  const outs = prog.outputs;
  for (let k = 0; k < outs.length; k++) {
    b.get(outAt);
    value(outs[k]!);
    b.op(W.f64Store)
      .u32(3)
      .u32(machine.at.outputs + k * 8);
  }
  b.i32(1).op(W.return);
  b.end();
  // A guard did not hold — or, in the fast copy, a value was not clearly rounded: then 2, run it carefully.
  if (roundingOf) b.i32(0);
  else b.i32(0).i32(2).get(clear).op(W.select);
  return b.end();
}

/** Math.round of local `x` into local `r`, as V8 computes it: ceil(x), less 1 when that is more than ½ above x. */
function mathRoundCode(b: Bytes, x: number, r: number): void {
  b.get(x).op(W.f64Ceil).tee(r).f64(1).op(W.f64Sub).get(r);
  b.get(r).f64(0.5).op(W.f64Sub).get(x).op(W.f64Gt).op(W.select).set(r);
}

/**
 * roundScaled(v, f, rm) of fastDecimal.ts on the value on the stack, f and rm fixed. The careful form
 * (`clear` null) follows it test for test, without branches but one (WebAssembly's `select`): r ÷ f
 * when |d| ≤ tol, or in a half-way mode when 0.5 − |d| ≥ 1e-6 (roundScaled writes that
 * `d > 0 ? 0.5 − d : 0.5 + d`, the same number), else the JavaScript — which also answers v × f not
 * finite (its d is NaN, never clear).
 */
function roundScaledCode(b: Bytes, f: number, rm: number, s: Scratch, clear: number | null): void {
  b.tee(s.v).f64(f).op(W.f64Mul).set(s.x);
  if (clear !== null) {
    fastRoundCode(b, f, rm, s, clear);
    return;
  }
  mathRoundCode(b, s.x, s.r);
  b.get(s.x).get(s.r).op(W.f64Sub).op(W.f64Abs).set(s.d); // |d|
  // |d| ≤ tol, tol = x > 1 ? SNAP × x : x < −1 ? −SNAP × x : SNAP = SNAP × max(1, |x|) (−SNAP × x is SNAP × −x)
  b.get(s.d).f64(SNAP).f64(1).get(s.x).op(W.f64Abs).op(W.f64Max).op(W.f64Mul).op(W.f64Le);
  if (rm >= ROUND_HALF_UP) b.f64(0.5).get(s.d).op(W.f64Sub).f64(1e-6).op(W.f64Ge).op(W.i32Or);
  b.ifF64().get(s.r).f64(f).op(W.f64Div).else().get(s.v).f64(f).f64(rm).call(Fn.roundJs).end();
}

/** The largest double below ½. */
const BELOW_HALF = 0.49999999999999994;
/** A distance from a whole number within which 0.5 − d ≥ 1e-6 surely holds (0.5 − d is within an ulp of exact). */
const CLEARLY_OFF_HALF = 0.5 - 1.001e-6;

/**
 * The fast form: r ÷ f with r the nearest whole number (f64.nearest, half to even — Math.round's answer
 * whenever x is not exactly half-way, i.e. d < ½), and `clear` cleared unless the value is surely one
 * roundScaled also answers r ÷ f: |d| ≤ SNAP × |x| (its tol, or less), or in a half-way mode
 * |d| ≤ CLEARLY_OFF_HALF, and in either case d < ½. Stricter than roundScaled's tests, never looser:
 * a value it does not clear goes to the careful form, which is exact.
 */
function fastRoundCode(b: Bytes, f: number, rm: number, s: Scratch, clear: number): void {
  b.get(s.x).op(W.f64Nearest).set(s.r);
  b.get(s.x).get(s.r).op(W.f64Sub).op(W.f64Abs); // |d|
  b.f64(SNAP).get(s.x).op(W.f64Abs).op(W.f64Mul);
  if (rm >= ROUND_HALF_UP) b.f64(CLEARLY_OFF_HALF).op(W.f64Max);
  b.f64(BELOW_HALF).op(W.f64Min).op(W.f64Le).get(clear).op(W.i32And).set(clear);
  b.get(s.r).f64(f).op(W.f64Div);
}

/**
 * snapCeil / snapFloor of fastDecimal.ts on the value on the stack, without branches: r = Math.round(v);
 * ⌈v⌉ is r when r ≠ 0 and |v − r| ≤ SNAP_WHOLE × |v|; ⌊v⌋ is r when |v − r| ≤ SNAP_WHOLE × max(1, |v|).
 */
function snapCode(b: Bytes, which: 'ceil' | 'floor', s: { v: number; r: number }): void {
  b.set(s.v);
  mathRoundCode(b, s.v, s.r);
  b.get(s.r)
    .get(s.v)
    .op(which === 'ceil' ? W.f64Ceil : W.f64Floor);
  b.get(s.v).get(s.r).op(W.f64Sub).op(W.f64Abs).f64(SNAP_WHOLE);
  if (which === 'ceil') b.get(s.v).op(W.f64Abs).op(W.f64Mul).op(W.f64Le).get(s.r).f64(0).op(W.f64Ne).op(W.i32And);
  else b.f64(1).get(s.v).op(W.f64Abs).op(W.f64Max).op(W.f64Mul).op(W.f64Le);
  b.op(W.select);
}

/**
 * x^k of the value on the stack for a whole k, unrolled: the very multiplications `power` makes (r = 1;
 * while k: r ×= b when the bit is set, b ×= b while bits remain), except the first r × b, which is b
 * itself (1 × b = b, −0 and NaN included).
 */
function wholePower(b: Bytes, k: number, s: { base: number; acc: number }): void {
  if (k === 0) {
    b.op(W.drop).f64(1);
    return;
  }
  b.set(s.base);
  let started = false;
  for (let e = k; e > 0; e >>= 1) {
    if (e & 1) {
      if (started) b.get(s.acc).get(s.base).op(W.f64Mul).set(s.acc);
      else b.get(s.base).set(s.acc);
      started = true;
    }
    if (e > 1) b.get(s.base).get(s.base).op(W.f64Mul).set(s.base);
  }
  b.get(s.acc);
}

/** A guard: branch out of the trial's block unless the decision on this trial is the recorded one, `expect`. */
function guard(b: Bytes, check: Check, a: number, r: number, expect: number, value: (reg: number) => Bytes): void {
  const want = expect === 1;
  const fail = () => b.op(W.brIf).u32(0);
  const failUnless = () => b.op(W.i32Eqz).op(W.brIf).u32(0);
  /** The comparison on the stack is the decision: fail when it is not the recorded answer. */
  const decided = () => (want ? failUnless() : fail());
  const both = () => {
    value(a);
    return value(r);
  };
  switch (check) {
    case Check.Eq:
      both().op(want ? W.f64Ne : W.f64Eq);
      fail();
      return;
    case Check.Lt:
      both().op(W.f64Lt);
      decided();
      return;
    case Check.Lte:
      both().op(W.f64Le);
      decided();
      return;
    case Check.Cmp:
      // comparedTo's answer: −1 (a < b), 1 (a > b), 0 (equal), 2 (NaN on either side)
      if (expect === -1) both().op(W.f64Lt);
      else if (expect === 1) both().op(W.f64Gt);
      else if (expect === 0) both().op(W.f64Eq);
      else if (expect === 2) {
        value(a);
        value(a).op(W.f64Ne);
        value(r);
        value(r).op(W.f64Ne).op(W.i32Or);
      } else b.i32(0); // no answer comparedTo gives: never holds
      failUnless();
      return;
    case Check.Negative:
      // v < 0, or −0: a zero whose sign bit is set
      value(a).f64(0).op(W.f64Lt);
      value(a).f64(0).op(W.f64Eq);
      value(a).op(W.i64ReinterpretF64).op(W.i64Const).s64(0n).op(W.i64LtS).op(W.i32And).op(W.i32Or);
      decided();
      return;
    case Check.Finite:
      value(a);
      value(a).op(W.f64Sub).f64(0).op(W.f64Eq);
      decided();
      return;
    case Check.Integer:
      value(a);
      value(a).op(W.f64Sub).f64(0).op(W.f64Eq);
      value(a).op(W.f64Trunc);
      value(a).op(W.f64Eq).op(W.i32And);
      decided();
      return;
    case Check.Same:
      // Object.is(v, expect): NaN is NaN; any other value is its 64 bits (−0 is not +0)
      if (Number.isNaN(expect)) {
        value(a);
        value(a).op(W.f64Ne);
      } else value(a).op(W.i64ReinterpretF64).op(W.i64Const).s64(bitsOf(expect)).op(W.i64Eq);
      failUnless();
      return;
  }
}
