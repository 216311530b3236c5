import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function resourcePath(...parts: string[]): string {
  return join(appRoot(), 'resources', ...parts);
}

/** The embedded demo: a synthetic city made by scripts/make-demo-map.ts, shipped with the app. */
export function demoMapPath(): string {
  return resourcePath('demo', 'synthetic-city-lcz.tif');
}

/** True when running TypeScript sources (tsx, vitest) rather than the electron-vite build. */
export function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The app's version, from package.json. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The model bundle shipped for the synthetic demo (made by scripts/make-demo-bundle.ts). */
export function demoBundlePath(): string {
  return resourcePath('demo', 'bundle');
}
