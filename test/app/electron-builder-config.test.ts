/**
 * electron-builder.yml, read and checked by electron-builder's own code (app-builder-lib, which the electron-builder
 * devDependency brings): its loader, its schema validator, and the file matchers that decide what goes into the
 * package and what stays out of app.asar, run on the repo's real files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & { electronFuses: Record<string, boolean>; linux: { target: string[]; category: string } };
type Filter = (file: string, stat: ReturnType<typeof statSync>) => boolean;
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<Config>;
  validateConfiguration(config: object, debugLogger: object): Promise<void>;
};
type Matcher = { createFilter(): Filter };
const { getFileMatchers, getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  getFileMatchers(config: object, name: 'files' | 'asarUnpack', destination: string, options: object): Matcher[] | null;
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (s: string) => string, platformOptions: object, packager: object): Matcher;
};
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> };

const config = await getConfig(root, null, null);
const expand = (s: string) => s.replace('${os}', 'linux').replace('${arch}', 'x64');
const noDebug = { isEnabled: false, add: () => undefined };

/** electron-builder's filter for the app's own files ('files') or for what leaves app.asar ('asarUnpack'). */
function filterOf(name: 'files' | 'asarUnpack'): Filter {
  const matchers = getFileMatchers(config, name, root, { macroExpander: expand, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root });
  expect(matchers, name).toHaveLength(1);
  return matchers![0]!.createFilter();
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(root, dir, f)).filter((f) => statSync(f).isFile() && keep(f));
}

describe('electron-builder.yml', () => {
  it('is the configuration electron-builder finds, and its schema accepts it', async () => {
    expect(config.productName).toBe('LCZ Studio');
    expect(config.appId).toMatch(/^[a-z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+$/);
    await expect(validateConfiguration(config, noDebug)).resolves.toBeUndefined();
  });

  it('builds a Linux AppImage and deb, filed under Science', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Science');
  });

  it('sets every fuse Electron has, each as the hardened app wants it', () => {
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).map((k) => k[0]!.toLowerCase() + k.slice(1));
    expect(Object.keys(config.electronFuses).sort()).toEqual(names.sort());
    expect(config.electronFuses).toMatchObject({
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps runAsNode on exactly while jobs are started by child_process.fork, which needs it in Electron', () => {
    const jobManager = readFileSync(join(root, 'src', 'main', 'jobs', 'job-manager.ts'), 'utf8');
    const forks = /import\s*\{[^}]*\bfork\b[^}]*\}\s*from\s*'node:child_process'/.test(jobManager);
    expect(config.electronFuses.runAsNode, forks ? 'jobs fork: with runAsNode off none would start' : 'jobs no longer fork: turn runAsNode off').toBe(forks);
  });

  it('packages what the main process runs: the build, the job runner and worker beside it, and resources/', () => {
    const filter = filterOf('files');
    const main = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    const entries = [...main.matchAll(/'([\w-]+)': resolve\('src\/main\//g)].map((m) => m[1]!);
    expect(entries).toEqual(expect.arrayContaining(['job-runner', 'classifier-worker']));
    for (const file of [...entries.map((e) => `out/main/${e}.js`), 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/demo/bundle/model.onnx', 'resources/qgis/lcz.qml']) {
      expect(filter(join(root, file), statLike(false)), file).toBe(true);
    }
    expect(filter(join(root, 'src', 'main', 'app', 'index.ts'), statLike(false)), 'sources stay out').toBe(false);
  });

  it('leaves other platforms’ ONNX Runtime binaries and the TypeScript runner out of node_modules', () => {
    const filter = getNodeModuleFileMatcher(root, root, expand, {}, { config, debugLogger: noDebug }).createFilter();
    const ort = 'node_modules/onnxruntime-node/bin/napi-v6';
    expect(filter(join(root, ort, 'linux/x64/onnxruntime_binding.node'), statLike(false))).toBe(true);
    expect(filter(join(root, 'node_modules/onnxruntime-node/dist/index.js'), statLike(false))).toBe(true);
    const others = [...filesUnder(`${ort}/darwin`, () => true), ...filesUnder(`${ort}/win32`, () => true)];
    expect(others.length).toBeGreaterThan(3);
    for (const file of [...others, ...filesUnder('node_modules/tsx/dist', () => true).slice(0, 5), join(root, 'node_modules/esbuild/lib/main.js')]) {
      expect(filter(file, statLike(false)), file).toBe(false);
    }
  });

  it('unpacks from app.asar every file native code or a wasm loader reads: ONNX Runtime’s binaries, wasm, the models', () => {
    const unpacked = filterOf('asarUnpack');
    const mustUnpack = [
      ...filesUnder('node_modules/onnxruntime-node/bin/napi-v6/linux', () => true),
      ...filesUnder('node_modules/@tensorflow/tfjs-backend-wasm', (f) => f.endsWith('.wasm')),
      ...filesUnder('node_modules/gdal3.js/dist/package', (f) => /\.(wasm|data)$/.test(f)),
      ...filesUnder('resources', (f) => f.endsWith('.onnx')),
    ];
    expect(mustUnpack.length).toBeGreaterThan(8);
    for (const file of mustUnpack) expect(unpacked(file, statSync(file)), file).toBe(true);
    expect(unpacked(join(root, 'out/main/index.js'), statLike(false)), 'the app’s code stays in app.asar').toBe(false);
  });
});

function statLike(directory: boolean): ReturnType<typeof statSync> {
  return { isDirectory: () => directory, isFile: () => !directory } as ReturnType<typeof statSync>;
}
