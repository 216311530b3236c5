/**
 * One lazily started GDAL (gdal3.js, WebAssembly) per process, so exports need no GDAL installed on the
 * user's machine. Starting it costs about 0.3 s and 40 MB, so it happens on first use and is then reused.
 */
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** The part of gdal3.js we use; its own typings describe most of it but not the emscripten module. */
export interface GdalDataset {
  pointer: number;
  path: string;
}
export interface GdalJs {
  open(file: string): Promise<{ datasets: GdalDataset[]; errors: unknown[] }>;
  close(dataset: GdalDataset): Promise<void>;
  gdal_translate(dataset: GdalDataset, options: string[], outputName?: string): Promise<{ local: string; all?: { local: string }[] }>;
  getFileBytes(path: string): Promise<Uint8Array>;
  Module: { FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void; analyzePath(path: string): { exists: boolean } } };
}

/** Folder of gdal3.js's in-memory file system where its applications write; inputs we stage may live there too. */
export const GDAL_OUTPUT_DIR = '/output';

let started: Promise<GdalJs> | undefined;
/** GDAL's last messages (stderr), for error reports: gdal3.js only returns the last error number. */
const recentErrors: string[] = [];

export function getGdal(): Promise<GdalJs> {
  started ??= start().catch((error: unknown) => {
    started = undefined; // let a later call retry instead of caching the failure forever
    throw error;
  });
  return started;
}

type InitGdalJs = (config: {
  path: string;
  logHandler: (message: string) => void;
  errorHandler: (message: string) => void;
}) => Promise<unknown>;

async function start(): Promise<GdalJs> {
  // Loaded with require: gdal3.js/node.js is CommonJS without typings (the typings cover the browser entry).
  const require = createRequire(import.meta.url);
  const initGdalJs = require('gdal3.js/node.js') as InitGdalJs;
  const packageDir = dirname(require.resolve('gdal3.js/package.json'));
  // gdal3.js loads its .data file with readFileSync('./' + path): an absolute path would become cwd-relative,
  // so hand it the folder relative to the current directory.
  const path = relative(process.cwd(), join(packageDir, 'dist', 'package')) || '.';
  const gdal = (await initGdalJs({
    path,
    logHandler: () => {},
    errorHandler: (message: string) => {
      recentErrors.push(message);
      if (recentErrors.length > 20) recentErrors.shift();
    },
  })) as unknown as GdalJs;
  return gdal;
}

/** Drains GDAL's recent error messages (to put in an error we throw). */
export function takeGdalErrors(): string[] {
  return recentErrors.splice(0, recentErrors.length);
}

/** Removes a file from GDAL's in-memory file system, ignoring a missing one. */
export function unlinkGdalFile(gdal: GdalJs, path: string): void {
  if (gdal.Module.FS.analyzePath(path).exists) gdal.Module.FS.unlink(path);
}
