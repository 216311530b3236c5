// Is the electron-vite build (out/) current with the sources? One answer for the launchers (bin/lcz.mjs, `npm start`,
// `npm run serve`), which run before any TypeScript can load, and for the core run from source, which starts its
// child processes (jobs, workers, the Metis simulator's tools) from the build when it is current: tsx compiles every
// module at each process start, about a second per process that the build does not cost.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A folder's own time counts too: it changes when a file is deleted or renamed.
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const newestByRoot = new Map();

/** The time of the newest change to what the build is made from: src/, its config, package.json. */
export function newestSourceMtime(root) {
  let newest = newestByRoot.get(root);
  if (newest === undefined) {
    newest = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'electron.vite.config.ts')), newestMtime(join(root, 'package.json')));
    newestByRoot.set(root, newest);
  }
  return newest;
}

/** The newest time of anything in the build (out/), 0 without one. */
export function newestBuildMtime(root) {
  return newestMtime(join(root, 'out'));
}

/**
 * `out/main/<name>.js` when the build holds it and is not older than any source, else null (the caller then runs
 * the sources through tsx: never a stale build). The answer about the sources is taken once per process.
 */
export function currentBuiltEntry(root, name) {
  const file = join(root, 'out', 'main', `${name}.js`);
  if (!existsSync(file)) return null;
  return statSync(file).mtimeMs >= newestSourceMtime(root) ? file : null;
}
