import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the HTML report opened in headless Chromium (Debian's /usr/bin/chromium,
// never a downloaded browser). Separate from `npm test` so the unit suite needs no browser.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest/results-browser.json' }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
