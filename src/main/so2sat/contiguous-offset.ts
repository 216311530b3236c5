/**
 * Where a contiguous, unfiltered dataset's values start in the file, so its rows can be read with plain positioned
 * reads. Each h5wasm read costs about 0.1 ms whatever its size (the dataset is opened and closed on every call),
 * which caps random access to single So2Sat patches at about 400 MB/s; plain reads of the same bytes run at memory
 * or disk speed.
 *
 * h5wasm does not expose H5Dget_offset, so the offset is observed instead: libhdf5 reads a contiguous dataset's
 * row k at (start + k x row bytes), and under Node every read goes through fs.readSync (Emscripten's NODERAWFS).
 * Rows 0 and N - 1 are read through h5wasm while fs.readSync is watched; the offset is accepted only when the two
 * positions are exactly (N - 1) rows apart and the bytes at those positions, read directly, equal what libhdf5
 * returned. Anything else (another I/O path in a future h5wasm, a layout we did not foresee) returns null and the
 * caller keeps reading through h5wasm.
 */
import fs from 'node:fs';
import { HeapBuffer, type H5File, type H5Module } from './hdf5';
import type { DatasetInfo } from './layout';

type ReadSync = (...args: unknown[]) => number;

function lastReadPosition(module: H5Module, file: H5File, info: DatasetInfo, row: number, ptr: number): number | null {
  const original = fs.readSync as unknown as ReadSync;
  const positions: number[] = [];
  (fs as { readSync: unknown }).readSync = function (this: unknown, ...args: unknown[]): number {
    const position = args[4];
    if (args.length === 5 && (typeof position === 'number' || typeof position === 'bigint')) positions.push(Number(position));
    else positions.push(NaN);
    return original.apply(this, args);
  };
  try {
    const count = [1n, ...info.shape.slice(1).map(BigInt)];
    const offset = [BigInt(row), ...info.shape.slice(1).map(() => 0n)];
    const stride = info.shape.map(() => 1n);
    module.get_dataset_data(file.file_id, `/${info.name}`, count, offset, stride, BigInt(ptr));
  } finally {
    (fs as { readSync: unknown }).readSync = original;
  }
  const last = positions.at(-1);
  return last !== undefined && Number.isFinite(last) ? last : null;
}

function sameBytesAt(fd: number, position: number, expected: Uint8Array): boolean {
  const actual = Buffer.alloc(expected.length);
  if (fs.readSync(fd, actual, 0, actual.length, position) !== actual.length) return false;
  return actual.equals(expected);
}

/** The byte offset of row 0 of a contiguous, unfiltered, little-endian float dataset, or null when not found. */
export function contiguousDataOffset(module: H5Module, file: H5File, info: DatasetInfo, path: string): number | null {
  if (info.chunks || info.filters.length || !info.float || !info.littleEndian) return null;
  const rows = info.shape[0]!;
  const rowBytes = info.rowValues * (info.float === 'float32' ? 4 : 8);
  const heap = new HeapBuffer(module);
  let fd: number | null = null;
  try {
    const ptr = heap.reserve(rowBytes);
    const first = lastReadPosition(module, file, info, 0, ptr);
    const firstBytes = heap.view(rowBytes).slice();
    const last = lastReadPosition(module, file, info, rows - 1, ptr);
    const lastBytes = heap.view(rowBytes).slice();
    if (first === null || last === null || last - first !== (rows - 1) * rowBytes) return null;
    fd = fs.openSync(path, 'r');
    if (fs.fstatSync(fd).size < first + rows * rowBytes) return null;
    return sameBytesAt(fd, first, firstBytes) && sameBytesAt(fd, last, lastBytes) ? first : null;
  } catch {
    return null;
  } finally {
    heap.free();
    if (fd !== null) fs.closeSync(fd);
  }
}
