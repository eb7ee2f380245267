import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests need Chromium and run on their own: npm run test:browser (vitest.browser.config.ts);
    // the fuzz suites are the slow suite: npm run test:slow (vitest.slow.config.ts). .ci/run runs all three.
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/fuzz/**'],
    // The JSON report is what .ci/run counts; the default reporter is what people read.
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    testTimeout: 60_000,
    pool: 'forks',
    // Every core: vitest's default leaves one free, which on CI's 2 cores ran the files one at a time
    // (npm test 167 s → 114 s on 2 vCPUs, same tests; none depends on running alone).
    maxWorkers: '100%',
  },
});
