/**
 * A vitest reporter that fails the run when LCZ_REQUIRE_ALL=1 (set by .ci/run) and any test was skipped: CI installs
 * every tool and has every data set the tests use, so a skip there is a test that silently did not run. The probes
 * (./missing.ts) already throw under that variable; this catches every other skip (a skipIf on something else, an
 * it.skip or it.todo left behind, a --tags-filter that drops the slow tests). Registered in vitest.config.ts and
 * vitest.e2e.config.ts.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { REQUIRE_ALL } from './missing';

export default class NoSkipsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (!REQUIRE_ALL) return;
    const skipped = modules.flatMap((m) => [...m.children.allTests('skipped')].map((t) => `${m.relativeModuleId} > ${t.fullName}`));
    if (skipped.length === 0) return;
    console.error(`\nLCZ_REQUIRE_ALL=1: ${skipped.length} test(s) skipped, and CI must run every test:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
