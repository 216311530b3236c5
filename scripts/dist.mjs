// `npm run dist`: the Linux AppImage and deb of LCZ Studio, in dist/ (configuration: electron-builder.yml).
// First checks that what electron-builder must download can be downloaded (scripts/lib/dist-preflight.ts): where
// it cannot, says so in one paragraph, with what to do, and exits non-zero before building anything. Then builds
// the app (electron-vite) and runs electron-builder; if that still fails, it says why without the stack trace
// (the whole output goes to dist/electron-builder.log).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const preflight = await import('./lib/dist-preflight.ts');
const { installerError } = await import('./lib/electron-install-memo.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROBE_TIMEOUT_MS = 5_000;

function fail(paragraph) {
  process.stderr.write(`\n${paragraph}\n`);
  process.exit(1);
}

/** node_modules/electron/dist when it holds the binary of the Electron version the package depends on. */
function localElectronDist(version) {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const installed = readFileSync(join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return installed === version && existsSync(binary) ? join(dir, 'dist') : null;
  } catch {
    return null; // not fetched (npm leaves it out: package.json allowScripts)
  }
}

if (process.platform !== 'linux') fail(`npm run dist builds the Linux AppImage and deb, on Linux; this is ${process.platform}.`);

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const electronDist = localElectronDist(electronVersion);
const cacheDir = preflight.electronBuilderCacheDir(process.env, homedir());
const downloads = preflight.downloadsNeeded({
  env: process.env,
  electronVersion,
  arch: process.arch,
  localElectron: electronDist !== null,
  inCache: (path) => existsSync(join(cacheDir, path)),
});
// Behind a proxy a direct probe says nothing: electron-builder's downloads go through it. Then only a failure says.
const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'GLOBAL_AGENT_HTTPS_PROXY'].some((v) => process.env[v]);
if (downloads.length > 0 && !proxied) {
  process.stdout.write(`Checking that electron-builder can download ${downloads.map((d) => d.what).join(', ')}…\n`);
  const failures = await preflight.unreachableSources(downloads, PROBE_TIMEOUT_MS);
  if (failures.length > 0) fail(preflight.cannotDownloadParagraph(failures, cacheDir));
}

process.stdout.write('Building LCZ Studio (electron-vite)…\n');
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) fail('The build failed (see above); no package was built.');

const args = [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--linux', 'AppImage', 'deb', '--publish', 'never'];
// The binary `npm start` fetched: no second download of Electron (electron-builder copies it, then sets its fuses).
if (electronDist) args.push(`--config.electronDist=${electronDist}`);
const builder = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
let stderr = '';
builder.stderr.setEncoding('utf8').on('data', (chunk) => {
  stderr += chunk;
  process.stderr.write(preflight.withoutStackFrames(chunk));
});
const [code, signal] = await new Promise((resolve) => builder.once('close', (c, s) => resolve([c, s])));
if (code === 0) {
  process.stdout.write(`\nThe AppImage and the deb are in ${join(root, 'dist')}.\n`);
  process.exit(0);
}
mkdirSync(join(root, 'dist'), { recursive: true });
const log = join(root, 'dist', 'electron-builder.log');
writeFileSync(log, stderr);
const download = preflight.downloadFailure(stderr);
fail(
  download
    ? `npm run dist could not finish: electron-builder could not download what it needs (${download}). ${preflight.downloadAdvice(cacheDir)} Its whole output is in ${log}.`
    : `electron-builder failed: ${stderr.trim() ? installerError(stderr, code, signal) : `it ${signal ? `was ended by ${signal}` : `exited with code ${code}`}`}. No package was built; its whole output is in ${log}.`,
);
