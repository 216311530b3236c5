/**
 * Loads tfjs-backend-wasm in Node from files resolved inside the package (works from the repo, the electron-vite
 * build, whose node_modules stay external, and a job's child process), with or without threads.
 *
 * Why not the package's own loader with threads: it turns threads off under Node (flag
 * WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE, tfjs issue #3830) because it hands Emscripten a Blob for
 * the pthread worker script and for the main script, which Node's worker_threads cannot load. The Emscripten
 * code itself supports Node workers, so we give it real files: the worker script (shipped as a JS string in the
 * package) written once to the temp folder, and the package's main script path. The build also caps the XNNPACK
 * pool at (logical cores / 2), i.e. one thread on a 2-core machine; we report the cores it asks for as
 * 2 x the threads wanted through its `emscripten_num_logical_cores` import. (XNNPACK is nevertheless given one
 * thread, see createModule: the threaded build is loaded for its shared heap, which our kernel threads use.)
 */
import { setThreadsCount, setWasmPaths, BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { env, findBackend, findBackendFactory, registerBackend, removeBackend } from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { releaseTrainKernels } from './train-kernels-module';

// Not named `require`: the build declares its own at the top of a module that uses one (electron-vite's ESM shim).
const requireHere = createRequire(import.meta.url);
const START_TIMEOUT_MS = 60_000;

export function wasmPackageDir(): string {
  return dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

export function wasmPackageVersion(): string {
  return (JSON.parse(readFileSync(join(wasmPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The stock loader reads the .wasm files from here (a path prefix, as setWasmPaths wants it). */
export function useWasmPathsFromPackage(): void {
  setWasmPaths(join(wasmPackageDir(), 'dist') + '/');
}

interface EmscriptenConfig {
  locateFile(path: string): string;
  mainScriptUrlOrBlob?: string;
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
}
type Factory = (config: EmscriptenConfig) => Promise<Record<string, unknown> & { cwrap: (...a: unknown[]) => unknown }>;

function workerScriptFile(out: string): string {
  const file = join(tmpdir(), `tfjs-backend-wasm-${wasmPackageVersion()}-pthread-worker.cjs`);
  if (!existsSync(file)) {
    const { wasmWorkerContents } = requireHere(join(out, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
    // The package keeps the script in a template literal whose "\n" escapes became real newlines; the browser
    // loader escapes them back before making a Blob, and so must we.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, wasmWorkerContents.replace(/\n/g, '\\n'));
    renameSync(temp, file);
  }
  return file;
}

/** Emscripten adds process-wide handlers that rethrow any uncaught error or rejection; they are not ours to add. */
function withoutProcessHandlers<T>(create: () => Promise<T>): Promise<T> {
  const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
  const created = create();
  for (const listener of process.listeners('uncaughtException')) if (!before.uncaughtException.includes(listener)) process.removeListener('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection')) if (!before.unhandledRejection.includes(listener)) process.removeListener('unhandledRejection', listener);
  return created;
}

async function createModule(threads: number, simd: boolean): Promise<BackendWasm> {
  const out = join(wasmPackageDir(), 'wasm-out');
  const threaded = threads > 1;
  const name = threaded ? 'tfjs-backend-wasm-threaded-simd' : simd ? 'tfjs-backend-wasm-simd' : 'tfjs-backend-wasm';
  const factory = requireHere(join(out, threaded ? 'tfjs-backend-wasm-threaded-simd.js' : 'tfjs-backend-wasm.js')) as Factory;
  const binary = readFileSync(join(out, `${name}.wasm`));
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const config: EmscriptenConfig = {
    locateFile: (path) => (path.endsWith('.worker.js') ? workerScriptFile(out) : join(out, path.endsWith('.wasm') ? `${name}.wasm` : path)),
    instantiateWasm(imports, receive) {
      const envImports = { ...(imports.env as Record<string, unknown>), emscripten_num_logical_cores: () => 2 * threads };
      WebAssembly.instantiate(binary, { ...imports, env: envImports, wasi_snapshot_preview1: envImports })
        .then(({ instance, module }) => receive(instance, module))
        .catch(fail);
      return {};
    },
  };
  if (threaded) config.mainScriptUrlOrBlob = join(out, 'tfjs-backend-wasm-threaded-simd.js');
  // A pthread worker that cannot start leaves Emscripten waiting forever: give up after a while.
  const timer = setTimeout(() => fail(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  const module = await withoutProcessHandlers(() => Promise.race([factory(config), failed])).finally(() => clearTimeout(timer));
  const cwrap = module.cwrap;
  module.tfjs = {
    init: cwrap('init', null, []),
    initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  // XNNPACK stays on one thread: its Emscripten thread pool made training 1.5 to 2 times slower on a shared
  // 2-core machine (measured) than our kernels' own threads, which run every convolution (kernels/).
  setThreadsCount(1);
  return new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
}

/** Replaces the 'wasm' backend's factory with ours (threads > 1: the threaded SIMD build). */
export async function registerWasmBackend(threads: number): Promise<{ simd: boolean; threads: number }> {
  const simd = Boolean(await env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  // The threaded build is also a SIMD build: without SIMD there are no threads either.
  const count = simd ? Math.max(1, threads) : 1;
  const previous = findBackendFactory('wasm') ? findBackend('wasm') : null;
  if (previous) await releaseTrainKernels(previous);
  if (findBackendFactory('wasm')) removeBackend('wasm');
  registerBackend('wasm', () => createModule(count, simd), 2);
  return { simd, threads: count };
}
