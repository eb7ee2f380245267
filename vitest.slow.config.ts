import { defineConfig } from 'vitest/config';

// `npm run test:slow`: the fuzz suites (thousands of hostile inputs through every parser), ≈ 40 s on
// 2 cores. Kept out of `npm test` so it stays under three minutes; .ci/run runs both and counts both.
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest/results-slow.json' }]],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
