// The main process's build must load in Node as it is: a module of it that fails to compile (two top-level
// declarations of one name after bundling, say) would break the app, the lcz command and every job at once.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

  // Every command and every job is a process start: the libraries of rasters, HDF5, ONNX, GDAL and SQLite are
  // imported by the code that uses them, when it runs, not by what every start loads (a help text once pulled
  // GeoTIFF and proj4 into each start of lcz, doubling the CPU of `lcz --version`).
  it('starts lcz and a job without loading the heavy libraries', () => {
    const heavy = ['geotiff', 'proj4', 'h5wasm', 'onnxruntime-node', 'gdal3.js', 'node-sqlite3-wasm', '@tensorflow'];
    for (const entry of ['cli.js', 'job-runner.js']) {
      const reached = staticImports(join(REPO_ROOT, 'out', 'main', entry));
      expect(reached.filter((name) => heavy.some((h) => name === h || name.startsWith(`${h}/`))), entry).toEqual([]);
    }
  });

});

/**
 * The packages a built entry imports at its start: its static imports and theirs, through the build's chunks (the
 * bundler writes each as an `import ... from "..."` statement at the top of the file; `import()` is left out).
 */
function staticImports(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?["']([^"']+)["'];?$/gm)) {
      if (specifier!.startsWith('.')) visit(join(dirname(file), specifier!));
      else if (!specifier!.startsWith('node:')) packages.add(specifier!);
    }
  };
  visit(entry);
  expect(seen.size, `${entry} and the chunks it imports`).toBeGreaterThan(2);
  return [...packages];
}
