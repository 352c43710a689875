import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Kernel tests share one machine: run files in parallel processes, tests in a file in order.
    pool: 'forks',
    testTimeout: 30000,
    hookTimeout: 30000,
    // The JSON report is what .ci/run counts from; the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/results.json' },
  },
});
