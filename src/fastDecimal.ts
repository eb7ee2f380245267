// The fast implementation of the engine's arithmetic: the subset of decimal.js's API the cost model
// uses, on binary floats. The analyses (simulate, sensitivity, sweep, report --uncertainty) run the
// very same resolve → capacity → engine code as `compare`, with this class standing in for Decimal
// (money.ts withFastArithmetic). There is one cost model; this is its second number type.
//
// It can also record: while a Tape is active, every operation whose operands depend on a tape input
// (a scenario field the analysis varies) is appended to the tape, and every decision the code takes
// on such a value (a comparison, a value read out as a plain number) is recorded as a guard. The tape
// is the engine's own arithmetic for this scenario, compiled once and re-run for each trial in
// microseconds while its guards hold (src/uncertainty/tape.ts).
//
// Two deliberate differences from exact decimals: binary rounding (a relative error near 1e-15 per
// operation), and ⌈x⌉ / ⌊x⌋ that forgive that noise — a value within 1e-12 (relative) of a whole number
// counts as that number, so a replica count that is exactly 3 in decimals is not 4 in floats. (1e-12,
// not the 1e-9 of rounding ties: a fleet may be up to 10^9 GPUs (engine/limits.ts), and at 10^8
// replicas 1e-9 forgave a tenth of a replica — one replica too few, found by the property test;
// 1e-12 still covers thousands of operations' noise.)
// test/property/fast-engine.property.test.ts holds both paths to the exact engine.

/** What decimal.js accepts and returns, as far as the engine uses it. */
type Operand = FastDecimal | number | string | { toNumber(): number };

export const SNAP = 1e-9;
/** How near a whole number ⌈x⌉ and ⌊x⌋ take a value to be that number (relative; see the header). */
export const SNAP_WHOLE = 1e-12;

/** Rounding modes, numbered as decimal.js numbers them. */
const ROUND_UP = 0;
const ROUND_DOWN = 1;
const ROUND_CEIL = 2;
const ROUND_FLOOR = 3;
export const ROUND_HALF_UP = 4;
const ROUND_HALF_DOWN = 5;
const ROUND_HALF_EVEN = 6;
const ROUND_HALF_CEIL = 7;
const ROUND_HALF_FLOOR = 8;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** `x` rounded to `dp` decimal places in decimal.js rounding mode `rm`, forgiving binary noise. */
export function roundTo(v: number, dp: number, rm: number): number {
  return roundScaled(v, dp < POW10.length ? POW10[dp]! : 10 ** dp, rm);
}

/**
 * roundTo with the scale 10^dp given: the hot path of a tape (every trended price is rounded), kept
 * small so V8 inlines it; the rare cases (a value near a half-way point) are in roundNearTie.
 */
export function roundScaled(v: number, f: number, rm: number): number {
  const x = v * f;
  if (x - x !== 0) return v; // ±Infinity, NaN
  const r = Math.round(x);
  const d = x - r;
  const tol = x > 1 ? SNAP * x : x < -1 ? -SNAP * x : SNAP;
  // Binary noise within SNAP of a whole number is that number, whatever the mode.
  if (d <= tol && d >= -tol) return r / f;
  // Every half-way mode rounds a value clearly off the half-way point (see the tie test below) to the
  // nearest whole number.
  if (rm >= ROUND_HALF_UP && (d > 0 ? 0.5 - d : 0.5 + d) >= 1e-6) return r / f;
  return roundNearTie(x, rm) / f;
}

/** `x` (already scaled) to a whole number in mode `rm` when it is not clearly nearest one. */
function roundNearTie(x: number, rm: number): number {
  const lo = Math.floor(x);
  const hi = lo + 1;
  const frac = x - lo;
  switch (rm) {
    case ROUND_UP:
      return x >= 0 ? hi : lo;
    case ROUND_DOWN:
      return x >= 0 ? lo : hi;
    case ROUND_CEIL:
      return hi;
    case ROUND_FLOOR:
      return lo;
    default: {
      const off = Math.abs(frac - 0.5);
      // A tie: within SNAP, or (at any magnitude) a value whose 15-significant-digit form ends in .5.
      const tie = off <= SNAP || (off < 1e-6 && Math.abs(Number(x.toPrecision(15)) % 1) === 0.5);
      if (!tie) return frac > 0.5 ? hi : lo;
      if (rm === ROUND_HALF_UP) return x >= 0 ? hi : lo;
      if (rm === ROUND_HALF_DOWN) return x >= 0 ? lo : hi;
      if (rm === ROUND_HALF_CEIL) return hi;
      if (rm === ROUND_HALF_FLOOR) return lo;
      return lo % 2 === 0 ? lo : hi; // ROUND_HALF_EVEN
    }
  }
}

/**
 * x^y as the fast path computes it, and as a program does (uncertainty/machine.ts makes the same
 * squarings, or calls this), so a program returns bit for bit what the engine returned. A whole exponent
 * up to 1,024 is worked out by repeated squaring — a few multiplications, against ≈ 35 ns for a general
 * power — with a relative error of about y × 2^-53 (1.3e-14 at y = 119, the longest horizon's last
 * month; the fast path is held to 1e-9); anything else is `**`.
 */
export function power(x: number, y: number): number {
  if (y >= 0 && y <= 1024 && (y | 0) === y) {
    let r = 1;
    let b = x;
    for (let n = y; n > 0; n >>= 1) {
      if (n & 1) r *= b;
      if (n > 1) b *= b;
    }
    return r;
  }
  return x ** y;
}

/** ⌈v⌉ forgiving binary noise (see the header). */
export function snapCeil(v: number): number {
  const r = Math.round(v);
  return r !== 0 && Math.abs(v - r) <= SNAP_WHOLE * Math.abs(v) ? r : Math.ceil(v);
}

/** ⌊v⌋ forgiving binary noise. */
export function snapFloor(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) <= SNAP_WHOLE * Math.max(1, Math.abs(v)) ? r : Math.floor(v);
}

export const isNegativeNumber = (v: number): boolean => v < 0 || Object.is(v, -0);

/** Operations a tape records; each is a pure function of its operands' values (tape.ts compiles them). */
export enum Op {
  Input,
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Sqrt,
  Abs,
  Neg,
  Ceil,
  Floor,
  Round,
  Sig,
  Max,
  Min,
}

/** Decisions a tape records: the code took a branch (or read a plain number) that holds only while… */
export enum Check {
  /** comparedTo(a, b) returned `expect` (−1, 0, 1, or NaN as 2). */
  Cmp,
  /** a equals b (expect 1) or does not (0): eq records only that, so a tape holds on either side of b. */
  Eq,
  /** a < b (1) or not (0). */
  Lt,
  /** a ≤ b (1) or not (0). */
  Lte,
  /** a is (or is not) negative, −0 included. */
  Negative,
  /** a is (or is not) finite / an integer. */
  Finite,
  Integer,
  /** a's value is exactly `expect` (it left the tape as a plain number). */
  Same,
}

/**
 * A recording of one evaluation. Operand references: a node index (≥ 0) or a constant, −(k + 1) for
 * consts[k]. `ops[i]` with `a[i]`, `b[i]`, `c[i]` (extra integer arguments) defines node i.
 */
export class Tape {
  readonly ops: Op[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly c: number[] = [];
  readonly consts: number[] = [];
  readonly guards: Array<{ check: Check; a: number; b: number; expect: number }> = [];
  private readonly constIndex = new Map<number, number>();
  inputs = 0;

  node(op: Op, a: number, b = 0, c = 0): number {
    this.ops.push(op);
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    return this.ops.length - 1;
  }

  constant(v: number): number {
    // −0 and NaN are their own constants (a Map would merge −0 with 0).
    if (Object.is(v, -0) || Number.isNaN(v)) {
      this.consts.push(v);
      return -this.consts.length;
    }
    let k = this.constIndex.get(v);
    if (k === undefined) {
      this.consts.push(v);
      k = this.consts.length;
      this.constIndex.set(v, k);
    }
    return -k;
  }
}

let tape: Tape | null = null;

/** Record onto `t` for the duration of `fn` (synchronous; restored even when `fn` throws). */
export function recording<T>(t: Tape, fn: () => T): T {
  const before = tape;
  tape = t;
  try {
    return fn();
  } finally {
    tape = before;
  }
}

/** True while a tape records: code that takes a shortcut on a plain-number hint must not (see hintNumber). */
export function isRecording(): boolean {
  return tape !== null;
}

/** A tape input: a number the recorded code reads as a Decimal, whose every later use is recorded. */
export function tapeInput(t: Tape, value: number): FastDecimal {
  const d = new FastDecimal(value);
  d.n = t.node(Op.Input, t.inputs++);
  d.t = t;
  return d;
}

function num(x: Operand): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string') return Number(x);
  if (x instanceof FastDecimal) return x.v;
  // An exact Decimal: a module constant (bytes per parameter, GiB…) met on the fast path. decimal.js
  // converts through text (≈ 1 µs), and the same constants come back in every decode-step and month:
  // remember each one's value (exact Decimals are immutable).
  let v = exactValues.get(x);
  if (v === undefined) exactValues.set(x, (v = x.toNumber()));
  return v;
}

const exactValues = new WeakMap<object, number>();

/** The tape reference of an operand on the active tape. */
function ref(x: FastDecimal | number, t: Tape): number {
  if (typeof x === 'number') return t.constant(x);
  return x.t === t && x.n >= 0 ? x.n : t.constant(x.v);
}

const traced = (x: Operand): x is FastDecimal => x instanceof FastDecimal && tape !== null && x.t === tape && x.n >= 0;

function result(v: number, op: Op, x: FastDecimal, y?: Operand, c = 0): FastDecimal {
  const out = new FastDecimal(v);
  if (tape !== null && (traced(x) || (y !== undefined && traced(y)))) {
    const yb = y === undefined ? 0 : ref(y instanceof FastDecimal ? y : num(y), tape);
    out.n = tape.node(op, ref(x, tape), yb, c);
    out.t = tape;
  }
  return out;
}

function guard(check: Check, x: FastDecimal, y: Operand | undefined, expect: number): void {
  if (tape !== null && (traced(x) || (y !== undefined && traced(y)))) {
    const yb = y === undefined ? 0 : ref(y instanceof FastDecimal ? y : num(y), tape);
    tape.guards.push({ check, a: ref(x, tape), b: yb, expect });
  }
}

export class FastDecimal {
  static readonly ROUND_UP = ROUND_UP;
  static readonly ROUND_DOWN = ROUND_DOWN;
  static readonly ROUND_CEIL = ROUND_CEIL;
  static readonly ROUND_FLOOR = ROUND_FLOOR;
  static readonly ROUND_HALF_UP = ROUND_HALF_UP;
  static readonly ROUND_HALF_DOWN = ROUND_HALF_DOWN;
  static readonly ROUND_HALF_EVEN = ROUND_HALF_EVEN;
  static readonly ROUND_HALF_CEIL = ROUND_HALF_CEIL;
  static readonly ROUND_HALF_FLOOR = ROUND_HALF_FLOOR;

  readonly v: number;
  /** Node on tape `t`, or −1: a value no tape input reaches. */
  n = -1;
  t: Tape | null = null;

  constructor(value: Operand) {
    if (value instanceof FastDecimal) {
      this.v = value.v;
      this.n = value.n;
      this.t = value.t;
    } else this.v = num(value);
  }

  static max(...xs: Operand[]): FastDecimal {
    return xs.map((x) => (x instanceof FastDecimal ? x : new FastDecimal(x))).reduce((m, x) => m.pairMax(x, true));
  }

  static min(...xs: Operand[]): FastDecimal {
    return xs.map((x) => (x instanceof FastDecimal ? x : new FastDecimal(x))).reduce((m, x) => m.pairMax(x, false));
  }

  private pairMax(x: FastDecimal, max: boolean): FastDecimal {
    return result(max ? Math.max(this.v, x.v) : Math.min(this.v, x.v), max ? Op.Max : Op.Min, this, x);
  }

  plus(x: Operand): FastDecimal {
    return result(this.v + num(x), Op.Add, this, x);
  }

  minus(x: Operand): FastDecimal {
    return result(this.v - num(x), Op.Sub, this, x);
  }

  times(x: Operand): FastDecimal {
    return result(this.v * num(x), Op.Mul, this, x);
  }

  div(x: Operand): FastDecimal {
    return result(this.v / num(x), Op.Div, this, x);
  }

  pow(x: Operand): FastDecimal {
    return result(power(this.v, num(x)), Op.Pow, this, x);
  }

  sqrt(): FastDecimal {
    return result(Math.sqrt(this.v), Op.Sqrt, this);
  }

  abs(): FastDecimal {
    return result(Math.abs(this.v), Op.Abs, this);
  }

  negated(): FastDecimal {
    return result(-this.v, Op.Neg, this);
  }

  ceil(): FastDecimal {
    return result(snapCeil(this.v), Op.Ceil, this);
  }

  floor(): FastDecimal {
    return result(snapFloor(this.v), Op.Floor, this);
  }

  round(): FastDecimal {
    return this.toDecimalPlaces(0, ROUND_HALF_UP);
  }

  toDecimalPlaces(dp = 0, rm = ROUND_HALF_UP): FastDecimal {
    return result(roundTo(this.v, dp, rm), Op.Round, this, dp, rm);
  }

  toSignificantDigits(sd: number): FastDecimal {
    return result(Number(this.v.toPrecision(sd)), Op.Sig, this, undefined, sd);
  }

  comparedTo(x: Operand): number {
    const y = num(x);
    const r = this.v < y ? -1 : this.v > y ? 1 : this.v === y ? 0 : Number.NaN;
    guard(Check.Cmp, this, x, Number.isNaN(r) ? 2 : r);
    return r;
  }

  // The boolean comparisons record only the answer they give (a < b, not the three-way comparison):
  // code that asks `rate.isZero()` takes the same branch for −5% and +5%, and one tape serves both.
  eq(x: Operand): boolean {
    return this.decide(Check.Eq, this, x, this.v === num(x));
  }

  lt(x: Operand): boolean {
    return this.decide(Check.Lt, this, x, this.v < num(x));
  }

  lte(x: Operand): boolean {
    return this.decide(Check.Lte, this, x, this.v <= num(x));
  }

  gt(x: Operand): boolean {
    return this.decide(Check.Lt, x, this, num(x) < this.v);
  }

  gte(x: Operand): boolean {
    return this.decide(Check.Lte, x, this, num(x) <= this.v);
  }

  /** Record that `a check b` came out `r`, whichever side is on the tape. */
  private decide(check: Check, a: Operand, b: Operand, r: boolean): boolean {
    if (tape !== null) {
      const fa = a instanceof FastDecimal ? a : new FastDecimal(a);
      guard(check, fa, b, r ? 1 : 0);
    }
    return r;
  }

  isZero(): boolean {
    return this.eq(0);
  }

  isNegative(): boolean {
    const r = isNegativeNumber(this.v);
    guard(Check.Negative, this, undefined, r ? 1 : 0);
    return r;
  }

  isPositive(): boolean {
    return !this.isNegative();
  }

  isFinite(): boolean {
    const r = Number.isFinite(this.v);
    guard(Check.Finite, this, undefined, r ? 1 : 0);
    return r;
  }

  isInteger(): boolean {
    const r = Number.isInteger(this.v);
    guard(Check.Integer, this, undefined, r ? 1 : 0);
    return r;
  }

  /** The value for a fact or a label that no cost depends on: nothing is recorded (money.ts factNumber). */
  peek(): number {
    return this.v;
  }

  /** The value leaves the tape as a plain number: the tape holds only while it is this number. */
  toNumber(): number {
    guard(Check.Same, this, undefined, this.v);
    return this.v;
  }

  // Text forms only label line items (never read back on the fast path); they must not throw, and they
  // record nothing: a label that differs between trials does not change a cost.
  toFixed(dp?: number, rm = ROUND_HALF_UP): string {
    return dp === undefined ? String(this.v) : roundTo(this.v, dp, rm).toFixed(dp);
  }

  toPrecision(sd: number): string {
    return this.v.toPrecision(sd);
  }

  toExponential(dp?: number): string {
    return this.v.toExponential(dp);
  }

  toString(): string {
    return String(this.v);
  }

  /** Plain-JS arithmetic on the value (`x * 2`, `x > 0`) is a read-out like toNumber. */
  valueOf(): string {
    guard(Check.Same, this, undefined, this.v);
    return String(this.v);
  }
}
