#!/usr/bin/env node
// The `lcz` command. Runs the build (out/main/cli.js) when it is current with the sources, else the TypeScript
// sources through tsx: never a stale build, and no second of compiling at each start when the build is current.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuiltEntry } from '../src/main/build-freshness.mjs';

const built = currentBuiltEntry(join(dirname(fileURLToPath(import.meta.url)), '..'), 'cli');
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
