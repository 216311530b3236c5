import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  builderBinariesMirror,
  cannotDownloadParagraph,
  downloadFailure,
  downloadsNeeded,
  electronBuilderCacheDir,
  electronMirror,
  unreachable,
  unreachableSources,
  withoutStackFrames,
  type DistSituation,
} from '../../scripts/lib/dist-preflight';

const root = resolve(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'lcz-dist-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

const situation = (over: Partial<DistSituation>): DistSituation => ({ env: {}, electronVersion: '41.7.1', arch: 'x64', localElectron: false, inCache: () => false, ...over });

describe('npm run dist: what electron-builder will download', () => {
  it('with nothing here: Electron from GitHub, and the AppImage tools, fpm and 7-Zip from electron-builder’s binaries', () => {
    expect(downloadsNeeded(situation({}))).toEqual([
      { what: 'Electron 41.7.1 for linux-x64', from: 'https://github.com/electron/electron/releases/download/' },
      { what: 'the AppImage tools', from: 'https://github.com/electron-userland/electron-builder-binaries/releases/download/' },
      { what: 'fpm (which makes the deb)', from: 'https://github.com/electron-userland/electron-builder-binaries/releases/download/' },
      { what: '7-Zip', from: 'https://github.com/electron-userland/electron-builder-binaries/releases/download/' },
    ]);
  });

  it('follows the mirrors, as @electron/get and electron-builder read them', () => {
    const env = { ELECTRON_MIRROR: 'https://m.example/electron/', npm_config_electron_mirror: 'https://npmrc.example/', ELECTRON_BUILDER_BINARIES_MIRROR: 'https://b.example/' };
    expect(electronMirror(env), '.npmrc wins, as in @electron/get').toBe('https://npmrc.example/');
    expect(builderBinariesMirror(env)).toBe('https://b.example/');
    expect(downloadsNeeded(situation({ env })).map((d) => d.from)).toEqual(['https://npmrc.example/', 'https://b.example/', 'https://b.example/', 'https://b.example/']);
  });

  it('downloads nothing that is already here: `npm start`’s Electron, tools named by their variables, cached archives', () => {
    expect(downloadsNeeded(situation({ localElectron: true, env: { APPIMAGE_TOOLS_PATH: '/opt/appimage', USE_SYSTEM_FPM: 'true' } }))).toEqual([]);
    expect(downloadsNeeded(situation({ localElectron: true, env: { CUSTOM_FPM_PATH: '/usr/bin/fpm' } })).map((d) => d.what)).toEqual(['the AppImage tools', '7-Zip']);
    const cached = new Set([join('appimage-12.0.1', 'appimage-12.0.1.7z'), join('fpm@2.1.4', 'fpm-1.17.0-ruby-3.4.3-linux-amd64.7z'), join('7zip@1.0.0', '7zip-linux-x64.tar.gz')]);
    expect(downloadsNeeded(situation({ localElectron: true, inCache: (p) => cached.has(p) }))).toEqual([]);
    expect(downloadsNeeded(situation({ localElectron: true, arch: 'arm64', inCache: (p) => cached.has(p) })).map((d) => d.what), 'arm64 needs its own fpm and 7-Zip').toEqual(['fpm (which makes the deb)', '7-Zip']);
  });

  it('finds electron-builder’s cache where it keeps it', () => {
    expect(electronBuilderCacheDir({}, '/home/u')).toBe('/home/u/.cache/electron-builder');
    expect(electronBuilderCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/electron-builder');
    expect(electronBuilderCacheDir({ ELECTRON_BUILDER_CACHE: '/ebc', XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/ebc');
    expect(electronBuilderCacheDir({ ELECTRON_BUILDER_CACHE: 'relative' }, '/home/u'), 'as electron-builder, a relative one is ignored').toBe('/home/u/.cache/electron-builder');
  });
});

describe('npm run dist: can it download?', () => {
  it('a server that answers, whatever its status, is reachable', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    try {
      expect(await unreachable(await listening(server), 2_000)).toBeNull();
    } finally {
      server.close();
    }
  });

  it('a closed port is not, and says why', async () => {
    expect(await unreachable(`http://127.0.0.1:${await closedPort()}/`, 2_000)).toMatch(/ECONNREFUSED/);
  });

  it('a server that never answers is not, once the time is up', async () => {
    const server = createServer(() => undefined); // takes the request, never answers
    try {
      expect(await unreachable(await listening(server), 300)).toMatch(/no answer within 0\.3 s/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('probes each server once, and names every download that depends on an unreachable one', async () => {
    const port = await closedPort();
    const server = createServer((_req, res) => res.writeHead(200).end());
    try {
      const up = await listening(server);
      const down = `http://127.0.0.1:${port}/mirror/`;
      const failures = await unreachableSources([{ what: 'A', from: down }, { what: 'B', from: up }, { what: 'C', from: `${down}other/` }], 2_000);
      expect(failures).toEqual([{ origin: `http://127.0.0.1:${port}`, error: expect.stringMatching(/ECONNREFUSED/), downloads: [{ what: 'A', from: down }, { what: 'C', from: `${down}other/` }] }]);
      const text = cannotDownloadParagraph(failures, '/home/u/.cache/electron-builder');
      expect(text).toMatch(new RegExp(`must download A and C from http://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\), and cannot reach it\\.`));
      expect(text).toMatch(/No package was built/);
      expect(text).toMatch(/ELECTRON_MIRROR.*ELECTRON_BUILDER_BINARIES_MIRROR.*\/home\/u\/\.cache\/electron-builder/);
      expect(text.split('\n')).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('reads a download failure out of electron-builder’s output, and drops stack frames', () => {
    const stderr = '  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build\nRequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:1:1)\n    at emit (node:events:1:1)\n';
    expect(downloadFailure(stderr)).toBe('⨯ getaddrinfo ENOTFOUND github.com  failedTask=build');
    expect(downloadFailure('  ⨯ Please specify project homepage\n    at x (/y.js:1:1)\n')).toBeNull();
    expect(withoutStackFrames(stderr)).toBe('  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build\nRequestError: getaddrinfo ENOTFOUND github.com\n');
  });
});

describe('npm run dist where nothing can be downloaded', () => {
  it('says so in one paragraph, before building anything, and exits non-zero without a stack trace', async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: temp, ELECTRON_MIRROR: mirror, ELECTRON_BUILDER_BINARIES_MIRROR: mirror, ELECTRON_BUILDER_CACHE: join(temp, 'empty-cache') };
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(1);
    const paragraph = run.stderr.trim();
    expect(paragraph).toMatch(/^npm run dist cannot build the Linux packages here: electron-builder must download .*the AppImage tools, fpm \(which makes the deb\) and 7-Zip from http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)/);
    expect(paragraph).toContain(mirror.slice(0, -1));
    expect(paragraph).toMatch(/ELECTRON_BUILDER_BINARIES_MIRROR/);
    expect(paragraph.split('\n'), 'one paragraph').toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at\s/m);
    expect(run.stdout).not.toMatch(/Building LCZ Studio/);
  });
});
