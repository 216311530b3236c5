/**
 * The one place that loads h5wasm (HDF5 2.0 compiled to WebAssembly, Node build: files are read from disk through
 * Emscripten's NODERAWFS, so nothing is loaded whole). Two facts about it shape this module:
 *
 * - By default libhdf5's errors are printed to stderr and h5wasm carries on: Dataset.slice() even returns
 *   whatever was in its buffer when the read failed. So the throwing error handler is switched on once, here,
 *   and every failure becomes a JS exception whose text is libhdf5's error stack.
 * - A few calls are expected to fail (creating a dataset without data, see createEmptyDataset) and need the
 *   quiet, non-throwing handler for their duration.
 */
import fs from 'node:fs';
import h5wasm, { File as H5FileClass, type File as H5File } from 'h5wasm/node';
import { UserError } from '../../shared/errors';

export type H5Module = Awaited<typeof h5wasm.ready>;
export type { H5File };
export const H5 = { File: H5FileClass };

let loading: Promise<H5Module> | null = null;

export function loadHdf5(): Promise<H5Module> {
  loading ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
    return module;
  });
  return loading;
}

/** The innermost line of a libhdf5 error stack ("H5F__super_read(): truncated file: eof = ..."), or the message. */
export function hdf5Detail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const calls = text
    .split('\n')
    .map((line) => /\b(H5\w*\(\)): (.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  const last = calls.at(-1);
  return last ? last[2]!.trim() : text.split('\n')[0]!.trim();
}

/** Runs an HDF5 call; a failure becomes a UserError naming the file and what was being done. */
export function hdf5Call<T>(path: string, what: string, call: () => T, hint = 'the file may be damaged or was changed while open'): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${what} failed (${hdf5Detail(error)}); ${hint}`, path);
  }
}

/**
 * Runs a synchronous call with libhdf5's default (non-throwing) error handler and its stderr output swallowed.
 * Emscripten's NODERAWFS writes fd 2 with fs.writeSync, the same module object imported here.
 */
export function quietly<T>(module: H5Module, call: () => T): T {
  const writeSync = fs.writeSync;
  const swallow = function (this: unknown, fd: number, ...rest: unknown[]): number {
    if (fd === 2) return typeof rest[2] === 'number' ? rest[2] : typeof rest[0] === 'string' ? Buffer.byteLength(rest[0]) : (rest[0] as ArrayBufferView).byteLength;
    return (writeSync as (...args: unknown[]) => number).call(this, fd, ...rest);
  };
  module.deactivate_throwing_error_handler();
  (fs as { writeSync: unknown }).writeSync = swallow;
  try {
    return call();
  } finally {
    (fs as { writeSync: unknown }).writeSync = writeSync;
    module.activate_throwing_error_handler();
  }
}

/** A scratch buffer in the wasm heap, grown on demand; h5wasm reads into it without the copies of Dataset.slice(). */
export class HeapBuffer {
  private ptr = 0;
  private bytes = 0;

  constructor(readonly module: H5Module) {}

  /** The buffer's address, with room for at least `bytes` bytes. */
  reserve(bytes: number): number {
    if (bytes > this.bytes) {
      this.free();
      const ptr = this.module._malloc(bytes);
      if (!ptr) throw new Error(`cannot allocate ${bytes} bytes in the HDF5 heap`);
      this.ptr = ptr;
      this.bytes = bytes;
    }
    return this.ptr;
  }

  /** A fresh view (the heap's ArrayBuffer changes when it grows). */
  view(bytes: number): Uint8Array {
    return this.module.HEAPU8.subarray(this.ptr, this.ptr + bytes);
  }

  free(): void {
    if (this.ptr) this.module._free(this.ptr);
    this.ptr = 0;
    this.bytes = 0;
  }
}
