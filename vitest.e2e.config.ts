import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/specs/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two specs at a time on two cores: each spends much of its time waiting (the browser, a job's start, polling),
    // and they share nothing but the machine (own server, workspace, browser and process).
    maxWorkers: 2,
    // Under LCZ_REQUIRE_ALL=1 (CI), a skipped test fails the run.
    reporters: ['default', './test/helpers/no-skips-reporter.ts'],
  },
});
