/**
 * The one way a test says that a tool or data set it checks against is not here. Locally that is a reason to skip,
 * printed so a skip never passes unseen. Under LCZ_REQUIRE_ALL=1 (set by .ci/run, which installs every tool and has
 * ../shared/data) it is an error instead: the file fails, so CI never skips what it should have run. The reporter in
 * ./no-skips-reporter.ts catches any other skip under the same variable.
 */
import { existsSync } from 'node:fs';

export const REQUIRE_ALL = process.env.LCZ_REQUIRE_ALL === '1';

/** Passes a probe's answer through: null (here) stays null; a reason is printed, or thrown under LCZ_REQUIRE_ALL. */
export function missing(reason: string | null): string | null {
  if (reason === null) return null;
  if (REQUIRE_ALL) throw new Error(`${reason}; LCZ_REQUIRE_ALL=1 says every tool and data set the tests use is installed`);
  console.warn(`skipped (${reason})`);
  return reason;
}

/** Why an executable is not here (no side effect), or null: `install` says how to get it. */
export function commandAbsent(path: string, install: string): string | null {
  return existsSync(path) ? null : `${path} is absent (${install})`;
}
