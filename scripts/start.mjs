// `npm start`: the desktop app. Fetches Electron's binary on first start (npm ci leaves it out, see
// package.json allowScripts). When Electron cannot be had (offline, no display) or fails to start (sandbox,
// missing system libraries), says why in one paragraph and starts browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { startBrowserMode } from './lib/browser-mode.mjs';
import { buildIfStale } from './lib/build-if-stale.mjs';

register();
const { explainElectronEnd } = await import('./lib/electron-failure.ts');
const memo = await import('./lib/electron-install-memo.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const failureFile = join(root, 'node_modules', '.cache', 'lcz-studio', 'electron-install-failed.json');
const retryElectron = process.argv.includes('--retry-electron') || Boolean(process.env.LCZ_RETRY_ELECTRON);

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own installer; returns the binary, or the reason it is not there. */
function installElectron() {
  const decision = memo.installDecision(memo.readInstallFailure(failureFile), Date.now(), retryElectron);
  if (!decision.attempt) return { binary: null, reason: decision.message };
  process.stdout.write('Fetching the Electron binary (first start only)…\n');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000, encoding: 'utf8' });
  const binary = result.status === 0 ? electronBinary() : null;
  if (binary) {
    memo.forgetInstallFailure(failureFile);
    return { binary, reason: null };
  }
  const timedOut = result.error && 'code' in result.error && result.error.code === 'ETIMEDOUT' ? 'no answer within 5 minutes' : result.error?.message;
  const error = memo.installerError(result.stderr ?? '', result.status, result.signal, timedOut);
  memo.recordInstallFailure(failureFile, { at: Date.now(), error });
  return {
    binary: null,
    reason:
      `Electron's installer could not download the binary: ${error}. (This machine may be offline or GitHub unreachable; ` +
      'set ELECTRON_MIRROR to a reachable mirror.) The next `npm start` within the hour does not wait for it again; `npm start -- --retry-electron` forces a try.',
  };
}

async function fallBack(paragraph) {
  process.stdout.write(`\n${paragraph}\n`);
  await startBrowserMode({ open: true });
}

/** Runs the app; resolves with the paragraph explaining a failure to start, or exits with Electron's own code. */
function runElectron(binary) {
  // The main process creates this file when its window is shown: an exit after that is the app's own.
  const shownFile = join(tmpdir(), `lcz-studio-window-${process.pid}`);
  rmSync(shownFile, { force: true });
  const child = spawn(binary, [root], { stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, LCZ_WINDOW_SHOWN_FILE: shownFile } });
  // Electron's stderr still reaches the terminal; its last lines are kept to say why it did not start.
  const tail = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    process.stderr.write(chunk);
    tail.push(...chunk.split('\n'));
    tail.splice(0, Math.max(0, tail.length - 40));
  });
  // Ctrl-C reaches Electron too (same process group): it quits, and its exit ends this script.
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) => {
    let ended = false;
    const end = (code, signal, spawnError) => {
      if (ended) return; // a binary that cannot run may report both 'error' and 'exit'
      ended = true;
      const windowShown = existsSync(shownFile);
      rmSync(shownFile, { force: true });
      const paragraph = explainElectronEnd({ code, signal, windowShown, stderrLines: tail, spawnError });
      if (paragraph === null) process.exit(code ?? 1);
      resolve(paragraph);
    };
    child.once('error', (error) => end(null, null, error.message));
    child.once('exit', (code, signal) => end(code, signal));
  });
}

buildIfStale(root);
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (headless) {
  await fallBack(
    'No display was found ($DISPLAY and $WAYLAND_DISPLAY are unset), so the desktop window cannot open here. LCZ Studio starts in browser mode instead: the same app, served on 127.0.0.1 only.',
  );
} else {
  const installed = electronBinary();
  const { binary, reason } = installed ? { binary: installed, reason: null } : installElectron();
  if (!binary) await fallBack(`${reason} LCZ Studio starts in browser mode instead: the same app, served on 127.0.0.1 only.`);
  else await fallBack(await runElectron(binary));
}
