/**
 * Before `npm run dist` builds anything: what electron-builder will have to download for the Linux AppImage and
 * deb, and whether it can. Offline (or behind a firewall) that is known in a second, so the user reads why at once
 * rather than after the build and a stack trace.
 *
 * The downloads, as app-builder-lib 26 makes them (its toolsets/linux.js, toolsets/7zip.js, util/electronGet.js):
 * Electron's zip from ELECTRON_MIRROR (default GitHub), and from ELECTRON_BUILDER_BINARIES_MIRROR (default GitHub)
 * the AppImage tools, fpm (which makes the deb) and 7-Zip (which unpacks both). Each is skipped when it is already
 * here: Electron's binary that `npm start` fetched into node_modules/electron/dist (passed as electronDist), a tool
 * named by its environment variable, or an archive in electron-builder's cache from an earlier build.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isAbsolute, join } from 'node:path';

export interface Download {
  what: string;
  /** Where it comes from: the mirror's base URL. */
  from: string;
}

export interface DistSituation {
  env: NodeJS.ProcessEnv;
  electronVersion: string;
  arch: string;
  /** node_modules/electron/dist holds this Electron version's binary. */
  localElectron: boolean;
  /** Whether a file exists, relative to electron-builder's cache folder. */
  inCache: (relativePath: string) => boolean;
}

const ELECTRON_RELEASES = 'https://github.com/electron/electron/releases/download/';
const BUILDER_BINARIES = 'https://github.com/electron-userland/electron-builder-binaries/releases/download/';

function firstSet(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  return names.map((n) => env[n]?.trim()).find((v) => v);
}

/** @electron/get's mirror variables, in its order. */
export function electronMirror(env: NodeJS.ProcessEnv): string {
  return firstSet(env, ['npm_config_electron_mirror', 'NPM_CONFIG_ELECTRON_MIRROR', 'npm_package_config_electron_mirror', 'ELECTRON_MIRROR']) ?? ELECTRON_RELEASES;
}

/** electron-builder's mirror variables for its tools, in its order. */
export function builderBinariesMirror(env: NodeJS.ProcessEnv): string {
  return (
    firstSet(env, ['NPM_CONFIG_ELECTRON_BUILDER_BINARIES_MIRROR', 'npm_config_electron_builder_binaries_mirror', 'npm_package_config_electron_builder_binaries_mirror', 'ELECTRON_BUILDER_BINARIES_MIRROR']) ??
    BUILDER_BINARIES
  );
}

/** electron-builder's cache folder on Linux (its getCacheDirectory). */
export function electronBuilderCacheDir(env: NodeJS.ProcessEnv, home: string): string {
  const own = env.ELECTRON_BUILDER_CACHE?.trim();
  if (own && isAbsolute(own)) return own;
  const xdg = env.XDG_CACHE_HOME;
  return xdg && isAbsolute(xdg) ? join(xdg, 'electron-builder') : join(home, '.cache', 'electron-builder');
}

/** What electron-builder would download to build the AppImage and the deb here. */
export function downloadsNeeded(s: DistSituation): Download[] {
  const arm = s.arch === 'arm64';
  const binaries = builderBinariesMirror(s.env);
  const needed: Download[] = [];
  if (!s.localElectron) needed.push({ what: `Electron ${s.electronVersion} for linux-${s.arch}`, from: electronMirror(s.env) });
  const appImage = !s.env.APPIMAGE_TOOLS_PATH && !s.inCache(join('appimage-12.0.1', 'appimage-12.0.1.7z'));
  const fpmFile = arm ? 'fpm-1.17.0-ruby-3.4.3-linux-arm64v8.7z' : 'fpm-1.17.0-ruby-3.4.3-linux-amd64.7z';
  const fpm = !s.env.CUSTOM_FPM_PATH && s.env.USE_SYSTEM_FPM !== 'true' && !s.inCache(join('fpm@2.1.4', fpmFile));
  if (appImage) needed.push({ what: 'the AppImage tools', from: binaries });
  if (fpm) needed.push({ what: 'fpm (which makes the deb)', from: s.env.ELECTRON_BUILDER_BINARIES_DOWNLOAD_OVERRIDE_URL?.trim() || binaries });
  // The AppImage tools and fpm come as .7z archives.
  const sevenZip = (appImage || fpm) && !s.env.ELECTRON_BUILDER_7ZIP_PATH && !s.inCache(join('7zip@1.0.0', `7zip-linux-${arm ? 'arm64' : 'x64'}.tar.gz`));
  if (sevenZip) needed.push({ what: '7-Zip', from: binaries });
  return needed;
}

/** Resolves null when `url`'s server answers (any status), else with why not; gives up after `timeoutMs`. */
export function unreachable(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(`${url} is not a URL`);
    }
    const request = (target.protocol === 'http:' ? httpRequest : httpsRequest)(target, { method: 'HEAD', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(null);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message));
    request.end();
  });
}

export interface Unreachable {
  origin: string;
  error: string;
  downloads: Download[];
}

/** Probes each server the downloads come from, once; the ones that do not answer. */
export async function unreachableSources(downloads: Download[], timeoutMs: number): Promise<Unreachable[]> {
  const byOrigin = new Map<string, Download[]>();
  for (const d of downloads) {
    let origin: string;
    try {
      origin = new URL(d.from).origin;
    } catch {
      origin = d.from;
    }
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), d]);
  }
  const results = await Promise.all([...byOrigin].map(async ([origin, list]) => ({ origin, downloads: list, error: await unreachable(`${origin}/`, timeoutMs) })));
  return results.flatMap((r) => (r.error === null ? [] : [{ origin: r.origin, error: r.error, downloads: r.downloads }]));
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** How to build where the downloads cannot be made: the second half of both paragraphs below. */
export function downloadAdvice(cacheDir: string): string {
  return [
    'No package was built. Run it on a machine with internet access, or point the downloads at copies this machine can reach:',
    'ELECTRON_MIRROR for Electron (or run `npm start` once where GitHub is reachable: dist reuses the binary it fetches);',
    "ELECTRON_BUILDER_BINARIES_MIRROR for electron-builder's tools, or copy its cache from a machine that built once",
    `(${cacheDir}; ELECTRON_BUILDER_CACHE moves it); or use tools installed here: APPIMAGE_TOOLS_PATH, CUSTOM_FPM_PATH or`,
    'USE_SYSTEM_FPM=true, ELECTRON_BUILDER_7ZIP_PATH.',
  ].join(' ');
}

/** The paragraph `npm run dist` prints, before building anything, when a server it must download from does not answer. */
export function cannotDownloadParagraph(failures: Unreachable[], cacheDir: string): string {
  const what = failures.map((f) => `${listed(f.downloads.map((d) => d.what))} from ${f.origin} (${f.error})`);
  return `npm run dist cannot build the Linux packages here: electron-builder must download ${listed(what)}, and cannot reach ${failures.length === 1 ? 'it' : 'them'}. ${downloadAdvice(cacheDir)}`;
}

/** Lines of electron-builder's stderr worth showing: its messages without the stack frames under them. */
export function withoutStackFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+at\s/.test(line))
    .join('\n');
}

const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up)\b/;

/** The network error in electron-builder's output, when a download is why it failed. */
export function downloadFailure(stderr: string): string | null {
  const line = stderr.split('\n').find((l) => NETWORK_ERROR.test(l) && !/^\s+at\s/.test(l));
  return line ? line.trim() : null;
}
