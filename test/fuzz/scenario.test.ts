// Fuzzing the shipped scenario files (see harness.ts), in a file of its own so that scenario and pricing
// cases run side by side. Reproduce a failure: FUZZ_SEED=<seed> FUZZ_CASES=<cases> npx vitest run test/fuzz
import { expect, it } from 'vitest';
import { CASES, fuzz, SEED } from './harness.js';

const cases = Math.round(CASES * 0.7);

it(`${cases} mutated scenario files (seed ${SEED}) each end in a report or an InputError`, { timeout: 600_000 }, () => {
  const r = fuzz('scenario', cases, SEED);
  expect(r.failures.slice(0, 3).join('\n\n'), `${r.failures.length} of ${cases} cases failed`).toBe('');
  // The mutations must reach both outcomes and many kinds of error, or the fuzzer tests little.
  expect(r.reports).toBeGreaterThan(cases * 0.05);
  expect(r.inputErrors).toBeGreaterThan(cases * 0.3);
  expect(r.codes.size).toBeGreaterThanOrEqual(8);
});
