// The main process's build must load in Node as it is: a module of it that fails to compile (two top-level
// declarations of one name after bundling, say) would break the app, the lcz command and every job at once.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentBuiltEntry } from '../../src/main/build-freshness.mjs';
import { REPO_ROOT } from '../helpers/lcz-cli';
import { missing } from '../helpers/missing';

const current = currentBuiltEntry(REPO_ROOT, 'cli') !== null;
const absent = missing(current ? null : 'the build (out/) is missing or older than the sources: run `npm run build` (npm test does)');

describe.skipIf(absent)('the main process build', () => {
  it('compiles and links every chunk in Node', () => {
    const chunks = readdirSync(join(REPO_ROOT, 'out', 'main', 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(10);
    // Linking is enough: each chunk is compiled, its imports resolved; chunks run nothing at import but definitions.
    const script = `for (const f of ${JSON.stringify(chunks.map((f) => pathToFileURL(join(REPO_ROOT, 'out', 'main', 'chunks', f)).href))}) {
      try { await import(f); } catch (e) { console.log(f.split('/').pop() + ': ' + e.message); }
    }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').filter(Boolean)).toEqual([]);
  });

});
