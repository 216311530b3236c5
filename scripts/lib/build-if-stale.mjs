// Builds the app (electron-vite) when out/ is missing or older than the sources, so `npm start`
// and `npm run serve` always show the current code without a slow build on every start.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newestBuildMtime, newestSourceMtime } from '../../src/main/build-freshness.mjs';

export function buildIfStale(root) {
  const marker = join(root, 'out', 'renderer', 'index.html');
  if (existsSync(marker) && newestBuildMtime(root) >= newestSourceMtime(root)) return;
  process.stdout.write('Building LCZ Studio (electron-vite)…\n');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write('The build failed (see above).\n');
    process.exit(result.status ?? 1);
  }
}
