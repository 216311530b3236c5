// `npm start`: the desktop app. Fetches Electron's binary on first start (npm ci leaves it out, see
// package.json allowScripts); when that cannot download (offline), says so and starts browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode } from './lib/browser-mode.mjs';
import { buildIfStale } from './lib/build-if-stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function installElectron() {
  process.stdout.write('Fetching the Electron binary (first start only)…\n');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000, encoding: 'utf8' });
  return result.status === 0 ? electronBinary() : null;
}

buildIfStale(root);
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const binary = headless ? null : (electronBinary() ?? installElectron());

if (binary) {
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    headless
      ? '\nNo display was found ($DISPLAY and $WAYLAND_DISPLAY are unset), so the desktop window cannot open here. LCZ Studio starts in browser mode instead: the same app, served on 127.0.0.1 only.\n'
      : '\nThe Electron binary is not installed and could not be downloaded (this machine seems to be offline, or GitHub is unreachable). LCZ Studio starts in browser mode instead: the same app, served on 127.0.0.1 only. To get the desktop window later, run `npm start` again when online (or set ELECTRON_MIRROR to a reachable mirror).\n',
  );
  await startBrowserMode({ open: true });
}
