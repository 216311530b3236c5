/**
 * Rows read through h5wasm: chunked (and gzip-compressed) datasets, or contiguous ones whose bytes cannot be read
 * directly (big-endian). h5wasm opens and closes the dataset on every call, which throws libhdf5's chunk cache
 * away each time: read one patch of a gzip chunk of 16 and the whole chunk is inflated, 16 patches read one by one
 * inflate it 16 times (measured: 4 MB/s instead of 40). So reads here are whole chunks, kept in a small LRU
 * cache of our own: a batch or an epoch window that touches a chunk again finds it inflated already.
 */
import { hdf5Call, HeapBuffer, type H5File, type H5Module } from './hdf5';
import type { DatasetInfo, FloatType } from './layout';
import { bytesPer, Scratch, type RowSource, type RowValues, type Run } from './row-source';

/** Largest single h5wasm read: the wasm heap grows to the largest read and never shrinks. */
const MAX_CALL_BYTES = 16 * 1024 * 1024;
/** One h5wasm call costs about 0.1 ms, the time to copy about 256 KB. */
const HDF5_CALL_BYTES = 256 * 1024;
export const DEFAULT_CHUNK_CACHE_BYTES = 64 * 1024 * 1024;

export class Hdf5RowSource implements RowSource {
  readonly name: string;
  readonly rows: number;
  readonly rowValues: number;
  readonly float: FloatType;
  readonly gapRows: number;
  private readonly rowBytes: number;
  private readonly chunkRows: number;
  private readonly heap: HeapBuffer;
  private readonly scratch = new Scratch();
  /** Inflated chunks by chunk number, oldest first (Map keeps insertion order). */
  private readonly cache = new Map<number, Uint8Array>();
  private cachedBytes = 0;
  private readonly cacheBytes: number;

  constructor(
    module: H5Module,
    private readonly file: H5File,
    private readonly path: string,
    private readonly info: DatasetInfo,
    cacheBytes = DEFAULT_CHUNK_CACHE_BYTES,
  ) {
    this.name = info.name;
    this.rows = info.shape[0]!;
    this.rowValues = info.rowValues;
    this.float = info.float!;
    this.rowBytes = this.rowValues * bytesPer(this.float);
    this.chunkRows = info.chunks ? Math.max(1, info.chunks[0]!) : 0;
    this.gapRows = this.chunkRows || Math.floor(HDF5_CALL_BYTES / this.rowBytes);
    this.heap = new HeapBuffer(module);
    // Room for at least two full-size reads, so a read never evicts the chunks it just brought in.
    this.cacheBytes = Math.max(cacheBytes, 2 * this.maxCallRows() * this.rowBytes);
  }

  async read(runs: readonly Run[], into = this.scratch): Promise<RowValues> {
    const total = runs.reduce((sum, run) => sum + run.count, 0) * this.rowBytes;
    const out = into.bytes(total);
    let at = 0;
    for (const run of runs) {
      if (run.start < 0 || run.start + run.count > this.rows) throw new RangeError(`rows ${run.start}..${run.start + run.count - 1} of ${this.name} are outside 0..${this.rows - 1}`);
      if (this.chunkRows) this.copyChunked(run, out, at);
      else this.copyContiguous(run, out, at);
      at += run.count * this.rowBytes;
    }
    return into.values(this.float, out);
  }

  async close(): Promise<void> {
    this.heap.free();
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private maxCallRows(): number {
    const rows = Math.max(1, Math.floor(MAX_CALL_BYTES / this.rowBytes));
    return this.chunkRows ? Math.max(1, Math.floor(rows / this.chunkRows)) * this.chunkRows : rows;
  }

  private copyContiguous(run: Run, out: Uint8Array, at: number): void {
    const step = this.maxCallRows();
    for (let start = run.start; start < run.start + run.count; start += step) {
      const count = Math.min(step, run.start + run.count - start);
      out.set(this.readRows(start, count), at + (start - run.start) * this.rowBytes);
    }
  }

  private copyChunked(run: Run, out: Uint8Array, at: number): void {
    const { chunkRows, rowBytes } = this;
    const end = run.start + run.count;
    for (let chunk = Math.floor(run.start / chunkRows); chunk * chunkRows < end; chunk++) {
      const bytes = this.cached(chunk) ?? this.loadChunks(chunk, Math.ceil(end / chunkRows));
      const first = Math.max(run.start, chunk * chunkRows);
      const last = Math.min(end, (chunk + 1) * chunkRows);
      const from = (first - chunk * chunkRows) * rowBytes;
      out.set(bytes.subarray(from, from + (last - first) * rowBytes), at + (first - run.start) * rowBytes);
    }
  }

  /** Reads chunk `first` and the uncached chunks after it (up to `stop`) in one call; returns chunk `first`. */
  private loadChunks(first: number, stop: number): Uint8Array {
    const { chunkRows, rowBytes } = this;
    const most = this.maxCallRows() / chunkRows;
    let end = first + 1;
    while (end < stop && end - first < most && !this.cache.has(end)) end++;
    const start = first * chunkRows;
    const count = Math.min(this.rows, end * chunkRows) - start;
    const bytes = this.readRows(start, count);
    for (let chunk = first; chunk < end; chunk++) {
      const from = (chunk - first) * chunkRows * rowBytes;
      this.remember(chunk, bytes.slice(from, Math.min(bytes.length, from + chunkRows * rowBytes)));
    }
    return this.cache.get(first)!;
  }

  /** A cached chunk, marked as the most recently used. */
  private cached(chunk: number): Uint8Array | undefined {
    const bytes = this.cache.get(chunk);
    if (bytes) {
      this.cache.delete(chunk);
      this.cache.set(chunk, bytes);
    }
    return bytes;
  }

  private remember(chunk: number, bytes: Uint8Array): void {
    this.cache.set(chunk, bytes);
    this.cachedBytes += bytes.length;
    for (const [key, value] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(key);
      this.cachedBytes -= value.length;
    }
  }

  /** Rows start .. start + count - 1 as bytes in the wasm heap (valid until the next read). */
  private readRows(start: number, count: number): Uint8Array {
    const { info } = this;
    const bytes = count * this.rowBytes;
    const ptr = this.heap.reserve(bytes);
    const shape = [BigInt(count), ...info.shape.slice(1).map(BigInt)];
    const offset = [BigInt(start), ...info.shape.slice(1).map(() => 0n)];
    const stride = info.shape.map(() => 1n);
    hdf5Call(this.path, `reading rows ${start}-${start + count - 1} of ${info.name}`, () =>
      this.heap.module.get_dataset_data(this.file.file_id, `/${info.name}`, shape, offset, stride, BigInt(ptr)),
    );
    return this.heap.view(bytes);
  }
}
