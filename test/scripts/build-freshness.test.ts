// The launchers and the core start children from the build only when it is current with the sources: never stale.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentBuiltEntry } from '../../src/main/build-freshness.mjs';

/** A repo-like folder: one source file and one built entry, each with its own modification time (seconds). */
function tree(sourceTime: number, builtTime: number): string {
  const root = mkdtempSync(join(tmpdir(), 'lcz-freshness-'));
  mkdirSync(join(root, 'src', 'main'), { recursive: true });
  mkdirSync(join(root, 'out', 'main'), { recursive: true });
  const source = join(root, 'src', 'main', 'a.ts');
  const built = join(root, 'out', 'main', 'cli.js');
  writeFileSync(source, 'export {};\n');
  writeFileSync(built, 'export {};\n');
  for (const dir of [join(root, 'src'), join(root, 'src', 'main')]) utimesSync(dir, 1_000, 1_000);
  utimesSync(source, sourceTime, sourceTime);
  utimesSync(built, builtTime, builtTime);
  return root;
}

describe('currentBuiltEntry', () => {
  it('gives the built entry when it is newer than every source', () => {
    const root = tree(2_000, 3_000);
    expect(currentBuiltEntry(root, 'cli')).toBe(join(root, 'out', 'main', 'cli.js'));
  });

  it('refuses a build older than one source file', () => {
    expect(currentBuiltEntry(tree(3_000, 2_000), 'cli')).toBeNull();
  });

  it('refuses a build older than a deletion in src (the folder changed)', () => {
    const root = tree(2_000, 3_000);
    utimesSync(join(root, 'src', 'main'), 4_000, 4_000);
    expect(currentBuiltEntry(root, 'cli')).toBeNull();
  });

  it('has no entry without a build', () => {
    expect(currentBuiltEntry(tree(2_000, 3_000), 'job-runner')).toBeNull();
  });
});
