import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Kernel tests share one machine: run files in parallel processes, tests in a file in order.
    pool: 'forks',
    // Vitest's default is one fork per core minus one: a single fork on a 2-core CI machine. The
    // tests mostly wait on the kernel (veth teardown's synchronize_net, pings, DAD), so one fork
    // per core lets two files wait at once without starving anything.
    maxWorkers: Math.max(2, availableParallelism()),
    // A hang is caught either way; 30 s was too short for a test that spawns `ip` two dozen times
    // on a machine at load 50 (each spawn then takes a second or more). Waits inside tests keep
    // their own 30 s deadlines on kernel state.
    testTimeout: 120000,
    hookTimeout: 120000,
    // The JSON report is what .ci/run counts from; the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: '.ci/results.json' },
  },
});
