/**
 * A streaming HDF5 writer with h5wasm: datasets created at their final shape, then filled in row order a block at
 * a time, so files of any size are written with flat memory. The file appears complete or not at all: it is
 * written under a temp name beside the target and renamed when finished.
 *
 * h5wasm's create_dataset always writes the whole dataset from a buffer in the wasm heap (52 GB for So2Sat's
 * training.h5). So datasets are created through h5wasm's Module.create_dataset with no buffer: libhdf5 creates the
 * dataset, then refuses the write ("no input buffer"), which is exactly what we want; that expected error is
 * silenced. Rows are then written with hyperslab writes, whole chunks at a time for chunked datasets (h5wasm reopens
 * the dataset on every call, so a partial chunk would be inflated and deflated again for each write).
 */
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { tempPathFor } from '../workspace/atomic-write';
import { H5, hdf5Call, HeapBuffer, loadHdf5, quietly, type H5File, type H5Module } from './hdf5';
import type { FloatType } from './layout';
import { bytesPer } from './row-source';

export interface DatasetSpec {
  name: string;
  /** Shape of one row (e.g. [32, 32, 10]); the dataset is rows x rowShape. */
  rowShape: readonly number[];
  dtype: FloatType;
}

export interface Hdf5WriterOptions {
  rows: number;
  datasets: readonly DatasetSpec[];
  /** Chunked, gzip-compressed datasets (level 1-9, default 4) of chunkRows rows per chunk (default 16). */
  gzip?: { level?: number; chunkRows?: number };
  /** String attributes on the file's root group. */
  attributes?: Record<string, string>;
  /** Rows staged per write (default: about 4 MB; rounded to whole chunks). */
  rowsPerWrite?: number;
}

/** Rows per write for contiguous datasets: a few MB. */
const BLOCK_BYTES = 4 * 1024 * 1024;

interface Staged {
  spec: DatasetSpec;
  rowValues: number;
  blockRows: number;
  buffer: Float32Array | Float64Array;
  staged: number;
  written: number;
}

export class Hdf5StreamWriter {
  private readonly staged: Staged[];
  private readonly heap: HeapBuffer;
  private done = false;

  private constructor(
    private readonly module: H5Module,
    private readonly file: H5File,
    readonly target: string,
    private readonly temp: string,
    readonly rows: number,
    datasets: readonly DatasetSpec[],
    chunkRows: number | null,
    rowsPerWrite: number | undefined,
  ) {
    this.heap = new HeapBuffer(module);
    this.staged = datasets.map((spec) => {
      const rowValues = spec.rowShape.reduce((a, b) => a * b, 1);
      const fit = rowsPerWrite ?? Math.max(1, Math.floor(BLOCK_BYTES / (rowValues * bytesPer(spec.dtype))));
      const blockRows = Math.min(rows, chunkRows ? Math.max(1, Math.floor(fit / chunkRows)) * chunkRows : fit);
      const buffer = spec.dtype === 'float32' ? new Float32Array(blockRows * rowValues) : new Float64Array(blockRows * rowValues);
      return { spec, rowValues, blockRows, buffer, staged: 0, written: 0 };
    });
  }

  static async create(path: string, options: Hdf5WriterOptions): Promise<Hdf5StreamWriter> {
    const { rows, datasets, gzip } = options;
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`a file needs at least one row (got ${rows})`);
    const module = await loadHdf5();
    const target = resolve(path);
    const temp = tempPathFor(target);
    let file: H5File;
    try {
      file = new H5.File(temp, 'w');
    } catch (error) {
      throw new UserError(`cannot be written (${error instanceof Error ? error.message.split('\n').at(-2)?.trim() : String(error)}); does its folder exist and may we write there?`, path);
    }
    const chunkRows = gzip ? Math.min(rows, Math.max(1, gzip.chunkRows ?? 16)) : null;
    try {
      for (const spec of datasets) createEmptyDataset(module, file, spec, rows, chunkRows, gzip?.level ?? 4, path);
      for (const [key, value] of Object.entries(options.attributes ?? {})) file.create_attribute(key, value);
    } catch (error) {
      file.close();
      await rm(temp, { force: true });
      throw error;
    }
    return new Hdf5StreamWriter(module, file, target, temp, rows, datasets, chunkRows, options.rowsPerWrite);
  }

  /** Appends `count` rows to every dataset: data[name] holds count x rowShape values. */
  append(data: Record<string, Float32Array | Float64Array>, count: number): void {
    if (this.done) throw new Error('the writer is finished');
    for (const s of this.staged) {
      const values = data[s.spec.name];
      if (!values || values.length !== count * s.rowValues) {
        throw new RangeError(`append: ${s.spec.name} needs ${count * s.rowValues} values for ${count} rows (got ${values?.length ?? 'none'})`);
      }
      if (s.written + s.staged + count > this.rows) throw new RangeError(`append: ${s.spec.name} would have more than its ${this.rows} rows`);
      let from = 0;
      while (from < count) {
        const take = Math.min(count - from, s.blockRows - s.staged);
        s.buffer.set(values.subarray(from * s.rowValues, (from + take) * s.rowValues), s.staged * s.rowValues);
        s.staged += take;
        from += take;
        if (s.staged === s.blockRows) this.flush(s);
      }
    }
  }

  get rowsWritten(): number {
    return Math.min(...this.staged.map((s) => s.written + s.staged));
  }

  /** Writes what is staged, closes the file and gives it its name; every row must have been appended. */
  async finish(): Promise<string> {
    if (this.done) throw new Error('the writer is finished');
    try {
      for (const s of this.staged) if (s.staged) this.flush(s);
      const short = this.staged.find((s) => s.written !== this.rows);
      if (short) throw new Error(`${short.spec.name} has ${short.written} of its ${this.rows} rows`);
    } catch (error) {
      await this.abort();
      throw error;
    }
    this.done = true;
    this.heap.free();
    this.file.close();
    await rename(this.temp, this.target);
    return this.target;
  }

  /** Leaves nothing behind. */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      this.heap.free();
      try {
        this.file.close();
      } catch {
        // Closing after a failed write may fail too; the temp file goes either way.
      }
    }
    await rm(this.temp, { force: true });
  }

  private flush(s: Staged): void {
    const { spec, rowValues, staged, written } = s;
    const bytes = staged * rowValues * bytesPer(spec.dtype);
    const ptr = this.heap.reserve(bytes);
    const view = this.heap.view(bytes);
    view.set(new Uint8Array(s.buffer.buffer, s.buffer.byteOffset, bytes));
    const count = [BigInt(staged), ...spec.rowShape.map(BigInt)];
    const offset = [BigInt(written), ...spec.rowShape.map(() => 0n)];
    const stride = count.map(() => 1n);
    const write = () => this.module.set_dataset_data(this.file.file_id, `/${spec.name}`, count, offset, stride, BigInt(ptr));
    hdf5Call(this.target, `writing rows ${written}-${written + staged - 1} of ${spec.name}`, write, 'is the disk full?');
    s.written += staged;
    s.staged = 0;
  }
}

function createEmptyDataset(module: H5Module, file: H5File, spec: DatasetSpec, rows: number, chunkRows: number | null, level: number, path: string): void {
  const shape = [BigInt(rows), ...spec.rowShape.map(BigInt)];
  const metadata = {
    type: 1,
    size: bytesPer(spec.dtype),
    signed: false,
    vlen: false,
    littleEndian: true,
    total_size: Number(shape.reduce((a, b) => a * b, 1n)),
    shape,
    maxshape: shape,
    chunks: chunkRows ? [BigInt(chunkRows), ...spec.rowShape.map(BigInt)] : null,
    compression: chunkRows ? 1 : 0,
    compression_opts: chunkRows ? [level] : [],
    track_order: false,
  };
  // The expected "no input buffer" error of the initial write is silenced; the dataset exists after it.
  quietly(module, () => module.create_dataset(file.file_id, `/${spec.name}`, 0n, metadata as unknown as Parameters<H5Module['create_dataset']>[3]));
  const made = file.get(spec.name);
  const madeShape = made && 'shape' in made ? made.shape : null;
  if (!madeShape || madeShape.join() !== shape.join()) throw new UserError(`cannot create dataset ${spec.name} (${spec.dtype}, ${shape.join(' x ')})`, path);
}
