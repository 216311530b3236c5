import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBuiltEntry } from './build-freshness.mjs';
import { UserError } from '../shared/errors';

/** The folder holding package.json: the repo when run from source, the app folder when built. */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('LCZ Studio cannot find its own folder (package.json and resources/).');
    dir = parent;
  }
}

/**
 * A file of resources/ (demo map and bundle, styles). In a packaged app, appRoot() lies inside app.asar, which only
 * Node's fs (patched by Electron) can read; native code cannot, and ONNX Runtime reads model files natively. So
 * resources/ is unpacked beside the archive (electron-builder.yml asarUnpack) and its paths point there.
 */
export function resourcePath(...parts: string[]): string {
  return join(outsideAsar(appRoot()), 'resources', ...parts);
}

/** `path` with its app.asar folder replaced by app.asar.unpacked, where electron-builder puts unpacked files. */
export function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}

/** The embedded demo: a synthetic city made by scripts/make-demo-map.ts, shipped with the app. */
export function demoMapPath(): string {
  return resourcePath('demo', 'synthetic-city-lcz.tif');
}

/**
 * The built renderer that browser mode serves (electron-vite's out/renderer). Without a build, one line saying how to
 * make it, rather than the server failing on a missing folder.
 */
export function builtRendererDir(): string {
  const dir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) throw new UserError(`browser mode serves the built app, and there is no build (${dir} is missing): run \`npm run build\` first`);
  return dir;
}

/** True when running TypeScript sources (tsx, vitest) rather than the electron-vite build. */
function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The programs the core starts in a child process or a worker thread: entries of the build (electron.vite.config.ts). */
export type ChildEntry = 'job-runner' | 'classifier-worker' | 'metis-simulator';

/**
 * Where a child's code is: the built `out/main/<name>.js` when this process runs from the build, or runs from source
 * and the build is current (build-freshness.mjs), the same code without tsx compiling it at every start;
 * null when only the TypeScript source is current, which the caller then runs through tsx.
 */
export function builtChildEntry(name: ChildEntry): string | null {
  // The build's own modules may sit in shared chunks: the entry's path is the app's, not relative to this file.
  if (!runningFromSource()) return join(appRoot(), 'out', 'main', `${name}.js`);
  return currentBuiltEntry(appRoot(), name);
}

let version: string | undefined;

/**
 * The app's version, from package.json: the one place it is read (the faces' app/info and --version, ONNX files'
 * producer, bundles' and results' provenance all ask here), once per process.
 */
export function appVersion(): string {
  version ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** The model bundle shipped for the synthetic demo (made by scripts/make-demo-bundle.ts). */
export function demoBundlePath(): string {
  return resourcePath('demo', 'bundle');
}
