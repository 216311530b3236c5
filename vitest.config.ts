import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn child processes and GDAL, and wait for them: three workers keep two cores busy.
    maxWorkers: 3,
    // Under LCZ_REQUIRE_ALL=1 (CI), a skipped test fails the run.
    reporters: ['default', './test/helpers/no-skips-reporter.ts'],
    tags: [
      {
        name: 'slow',
        description: 'minutes of training or mapping; `npx vitest run --tags-filter="!slow"` leaves them out locally, CI runs them (a skip fails it)',
      },
    ],
  },
});
