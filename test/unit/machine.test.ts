// Programs as WebAssembly (src/uncertainty/machine.ts) against the float path they stand for
// (fastDecimal.ts): every operation on edge values and random ones, bit for bit, and every kind of
// guard deciding as the JavaScript comparison does. A program is only useful if it is the engine's
// arithmetic exactly: the analyses print $0 for an input that does not move a strategy, which a last-bit
// difference between a program and a direct run would turn into +$0.00.
import { describe, expect, it } from 'vitest';
import { FastDecimal, recording, Tape, tapeInput } from '../../src/fastDecimal.js';
import { Machine, compileProgram } from '../../src/uncertainty/machine.js';
import { compileTape } from '../../src/uncertainty/tape.js';

type F = (x: FastDecimal, y: FastDecimal) => FastDecimal;

/** Record f at (x0, y0) and compile it for a machine of `slots` trials; run(slots) answers [ok, value] per trial. */
function program(f: F, x0: number, y0: number, slots: number) {
  const t = new Tape();
  const out = recording(t, () => f(tapeInput(t, x0), tapeInput(t, y0)));
  const prog = compileTape(t, [out.t === t && out.n >= 0 ? out.n : t.constant(out.v)]);
  const machine = new Machine(slots, 2, 1);
  const run = compileProgram(prog, machine);
  return (xs: readonly number[], ys: readonly number[]) => {
    xs.forEach((x, i) => {
      machine.inputs[2 * i] = x;
      machine.inputs[2 * i + 1] = ys[i]!;
      machine.order[i] = i;
    });
    run(0, xs.length);
    return xs.map((_, i) => [machine.ok[i]!, machine.outputs[i]!] as const);
  };
}

/** f in fast arithmetic, nothing recorded: the engine's float path. */
const direct = (f: F, x: number, y: number): number => f(new FastDecimal(x), new FastDecimal(y)).toNumber();

const EDGES = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  -1.5,
  2.5,
  -2.5,
  0.49999999999999994,
  -0.49999999999999994,
  1e-7,
  5e-7,
  2.5e-6,
  1.0000005,
  2.675,
  1234.5678905,
  0.1 + 0.2,
  1e15 + 0.5,
  2 ** 52 + 1,
  -(2 ** 52) - 1,
  2 ** 53,
  9.999999999999999e22,
  5e-324,
  Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  7,
  12,
  24,
  0.03,
];

/** A seeded spread of doubles: every magnitude, both signs, and values a hair off half-way points. */
function spread(n: number): number[] {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i) => {
    const u = next();
    if (i % 4 === 0) return (Math.round(u * 1e9) + 0.5) / 1e6 + (next() - 0.5) * 1e-15; // near a micro-dollar half
    if (i % 4 === 1) return (u - 0.5) * 10 ** Math.floor(next() * 30 - 10);
    if (i % 4 === 2) return Math.round(u * 1000) + (next() - 0.5) * 1e-9; // near a whole number
    return u * 100;
  });
}

const VALUES = [...EDGES, ...spread(400)];
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Every value against a partner (the other operand cycles through the list): the machine = direct, bit for bit. */
function holdsEverywhere(name: string, f: F, x0 = 1.25, y0 = 3) {
  it(name, () => {
    const xs = VALUES;
    const ys = VALUES.map((_, i) => VALUES[(i * 7 + 3) % VALUES.length]!);
    const run = program(f, x0, y0, xs.length);
    const got = run(xs, ys);
    const wrong = xs.flatMap((x, i) => {
      const want = direct(f, x, ys[i]!);
      const [ok, v] = got[i]!;
      return ok === 1 && same(v, want) ? [] : [`${name}(${x}, ${ys[i]}) = ${ok ? v : 'rejected'}, want ${want}`];
    });
    expect(wrong).toEqual([]);
  });
}

describe('a program as WebAssembly computes what the float path computes, bit for bit', () => {
  holdsEverywhere('x + y', (x, y) => x.plus(y));
  holdsEverywhere('x − y', (x, y) => x.minus(y));
  holdsEverywhere('x × y', (x, y) => x.times(y));
  holdsEverywhere('x ÷ y', (x, y) => x.div(y));
  holdsEverywhere('max', (x, y) => FastDecimal.max(x, y));
  holdsEverywhere('min', (x, y) => FastDecimal.min(x, y));
  holdsEverywhere('√|x|', (x) => x.abs().sqrt());
  holdsEverywhere('−x', (x) => x.negated());
  holdsEverywhere('⌈x⌉', (x) => x.ceil());
  holdsEverywhere('⌊x⌋', (x) => x.floor());
  holdsEverywhere('significant digits', (x) => x.toSignificantDigits(6));
  for (const k of [2, 3, 7, 23, 64, 119, 1024, 1025]) holdsEverywhere(`x^${k}`, (x) => x.pow(k));
  holdsEverywhere('x^(1/12)', (x) => x.abs().pow(1 / 12));
  holdsEverywhere('x^y (a varying exponent)', (x, y) => x.abs().pow(y.abs().floor().plus(0.5)));
  // Every rounding mode decimal.js has (0 up … 8 half-floor), to micro-dollars and to whole numbers.
  for (let rm = 0; rm <= 8; rm++)
    for (const dp of [0, 6]) holdsEverywhere(`round to ${dp} places, mode ${rm}`, (x) => x.toDecimalPlaces(dp, rm));
});

describe('a guard lets through exactly the trials on which the code decides as it did when recorded', () => {
  const decisions: Array<[string, (x: FastDecimal, y: FastDecimal) => unknown]> = [
    ['comparedTo', (x, y) => x.comparedTo(y)],
    ['eq', (x, y) => x.eq(y)],
    ['lt', (x, y) => x.lt(y)],
    ['lte', (x, y) => x.lte(y)],
    ['gt', (x, y) => x.gt(y)],
    ['gte', (x, y) => x.gte(y)],
    ['isNegative', (x) => x.isNegative()],
    ['isFinite', (x) => x.isFinite()],
    ['isInteger', (x) => x.isInteger()],
    ['a plain number (toNumber)', (x) => x.toNumber()],
  ];
  const points: Array<[number, number]> = [
    [1, 2],
    [2, 1],
    [2, 2],
    [-0, 0],
    [0, -0],
    [-1, 0],
    [Number.NaN, 1],
    [Number.POSITIVE_INFINITY, 1],
    [2.5, 3],
  ];
  for (const [name, decide] of decisions)
    it(name, () => {
      const ys = VALUES.map((_, i) => VALUES[(i * 11 + 5) % VALUES.length]!);
      for (const [x0, y0] of points) {
        const recorded = decide(new FastDecimal(x0), new FastDecimal(y0));
        const run = program(
          (x, y) => {
            decide(x, y);
            return x.plus(y);
          },
          x0,
          y0,
          VALUES.length,
        );
        const got = run(VALUES, ys);
        const wrong = VALUES.flatMap((x, i) => {
          const now = decide(new FastDecimal(x), new FastDecimal(ys[i]!));
          const want = Object.is(now, recorded) || (Number.isNaN(now) && Number.isNaN(recorded)) ? 1 : 0;
          return got[i]![0] === want
            ? []
            : [`${name} recorded at (${x0}, ${y0}): (${x}, ${ys[i]}) ${got[i]![0]}, want ${want}`];
        });
        expect(wrong).toEqual([]);
      }
    });
});

describe('the machine', () => {
  it('runs only the slots listed, in the order listed, and counts those that held', () => {
    const run = program((x, y) => (x.gt(0) ? x.times(y) : x), 2, 3, 8);
    const got = run([5, -1, 4], [2, 2, 0.5]);
    expect(got).toEqual([
      [1, 10],
      [0, expect.any(Number)],
      [1, 2],
    ]);
  });

  it('runs the careful form for every trial that needs it, however many (its count sets the sign bit from 32,768)', () => {
    // 2.5 rounded half up to a whole number is a half-way point: every trial goes to the careful form.
    const n = 40_000;
    const run = program((x) => x.toDecimalPlaces(0, 4), 2.5, 0, n);
    const got = run(
      Array.from({ length: n }, () => 2.5),
      Array.from({ length: n }, () => 0),
    );
    expect(got.every(([ok, v]) => ok === 1 && v === 3)).toBe(true);
  });

  it('refuses more slots than its answer can count', () => {
    expect(() => new Machine(70_000, 1, 1)).toThrow(/at most 65,535/);
  });
});
