// The long fuzzing run for local use: `npm run fuzz` (100,000 cases, random seed) or
// `npm run fuzz -- --cases 20000 --seed 42` to repeat one. The seed is printed first, so a failure can
// be replayed with FUZZ_SEED=<seed> FUZZ_CASES=<cases> npx vitest run test/fuzz.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
};
const cases = arg('cases', 100_000);
const seed = arg('seed', randomInt(1, 2 ** 31 - 1));
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--cases N] [--seed S]\n');
  process.exit(2);
}
process.stdout.write(`fuzzing ${cases} cases with seed ${seed}\n`);
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/fuzz', '--reporter', 'default'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_CASES: String(cases), FUZZ_SEED: String(seed) },
});
if (r.status !== 0) process.stdout.write(`\nreplay: FUZZ_SEED=${seed} FUZZ_CASES=${cases} npx vitest run test/fuzz\n`);
process.exit(r.status ?? 1);
