// The tape compiler on hand-made recordings (src/uncertainty/tape.ts), its programs run by the machine
// (machine.ts): what a program computes, what it leaves out, and how it answers for many trials at once.
import { describe, expect, it } from 'vitest';
import { FastDecimal, recording, Tape, tapeInput } from '../../src/fastDecimal.js';
import { Machine, compileProgram } from '../../src/uncertainty/machine.js';
import { compileTape, type Program } from '../../src/uncertainty/tape.js';

/** Record `f` of one input at `at`; compile with its result as the one output. */
function record(at: number, f: (x: FastDecimal) => FastDecimal): Program {
  const t = new Tape();
  const out = recording(t, () => f(tapeInput(t, at)));
  return compileTape(t, [out.t === t && out.n >= 0 ? out.n : t.constant(out.v)]);
}

/** Run `prog` on trials with these inputs: each one's output, or null when a guard rejects it. */
function many(prog: Program, xs: readonly number[]): Array<number | null> {
  const machine = new Machine(xs.length, 1, 1);
  const run = compileProgram(prog, machine);
  machine.inputs.set(xs);
  xs.forEach((_, t) => {
    machine.order[t] = t;
  });
  const served = run(0, xs.length);
  expect(served).toBe(Array.from(machine.ok).filter((k) => k === 1).length);
  return xs.map((_, t) => (machine.ok[t] ? machine.outputs[t]! : null));
}

const one = (prog: Program, x: number): number | null => many(prog, [x])[0]!;

const instructions = (p: Program) => p.x.length;

describe('compileTape, run by the machine', () => {
  // y = 3x + 1; above 5 the engine doubles it: recorded at x = 2 (y = 7 > 5), so the program is 2(3x + 1)
  // while 3x + 1 > 5, i.e. x > 4/3.
  const doubled = (x: FastDecimal) => {
    const y = x.times(3).plus(1);
    return y.gt(5) ? y.times(2) : y;
  };

  it('computes what the code computed, at other inputs, while its guard holds', () => {
    const p = record(2, doubled);
    expect(one(p, 2)).toBe(14);
    expect(one(p, 3)).toBe(20);
    expect(one(p, 10)).toBe(62);
    expect(one(p, 1)).toBeNull(); // 3 + 1 = 4 is not above 5: the code would not have doubled it
    expect(one(p, 4 / 3)).toBeNull(); // exactly 5 is not above 5
  });

  it('a boolean comparison holds on either side of zero when only its answer matters', () => {
    // isZero() records "not zero", not "negative": one program serves −5% and +5%.
    const p = record(-0.05, (r) => (r.isZero() ? new FastDecimal(100) : r.plus(1).times(100)));
    expect(one(p, 0.05)).toBeCloseTo(105, 12);
    expect(one(p, -0.05)).toBeCloseTo(95, 12);
    expect(one(p, 0)).toBeNull();
  });

  it('computes a repeated expression once and leaves out x × 1, x ÷ 1, x − 0, x¹', () => {
    const once = record(2, (x) => x.times(3).plus(1));
    const twice = record(2, (x) => {
      const a = x.times(3).plus(1);
      const b = x.times(3).plus(1); // the same operations on the same operands
      return a.times(1).div(1).minus(0).pow(1).plus(b.minus(a));
    });
    // once: input, ×3, +1. twice: the same three, then b − a (b is a) and the sum: two more.
    expect(instructions(once)).toBe(3);
    expect(instructions(twice)).toBe(5);
    expect(one(twice, 5)).toBe(16);
  });

  it('reuses a register once its value has been read for the last time', () => {
    // A chain of 200 operations needs two registers beyond the constants, not 200.
    const p = record(1, (x) => {
      let y = x;
      for (let i = 0; i < 200; i++) y = y.times(1.01).plus(i);
      return y;
    });
    expect(instructions(p)).toBe(401);
    expect(p.registers - p.consts.length).toBeLessThanOrEqual(2);
    let y = 1.5;
    for (let i = 0; i < 200; i++) y = y * 1.01 + i;
    expect(one(p, 1.5)).toBe(y);
  });

  it('answers many trials at once exactly as one by one, and says which ones its guards reject', () => {
    const p = record(2, doubled);
    const xs = Array.from({ length: 50 }, (_, t) => t / 8); // 0, 0.125, … 6.125
    const all = many(p, xs);
    xs.forEach((x, t) => {
      expect(all[t]).toBe(one(p, x));
    });
    // 3x + 1 > 5 from x = 1.375 (the 12th value) on: 50 − 11 trials.
    expect(all.filter((v) => v !== null)).toHaveLength(39);
  });

  it('holds for one value of an input the code read as a plain number', () => {
    // The code reads the input as a whole number (a replica floor): the program holds for that value only.
    const p = record(2, (x) => x.times(new FastDecimal(x.toNumber() + 1)));
    expect(many(p, [2, 3])).toEqual([6, null]);
  });
});
