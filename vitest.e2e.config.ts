import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/specs/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time on two cores; specs share nothing but the machine.
    fileParallelism: false,
    // Under LCZ_REQUIRE_ALL=1 (CI), a skipped test fails the run.
    reporters: ['default', './test/helpers/no-skips-reporter.ts'],
  },
});
