/**
 * Rows of one dataset (a patch or a label row each), read from disk in runs of consecutive rows. Two sources:
 * plain positioned reads where the values lie contiguously in the file (the real So2Sat files: contiguous,
 * uncompressed), h5wasm hyperslab reads otherwise (chunked, compressed, big-endian). Memory stays that of the
 * largest read, whatever the file's size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from '../../shared/errors';
import type { FloatType } from './layout';

/** Rows start .. start + count - 1. */
export interface Run {
  start: number;
  count: number;
}

export type RowValues = Float32Array | Float64Array;

export interface RowSource {
  readonly name: string;
  readonly rows: number;
  /** Values per row. */
  readonly rowValues: number;
  readonly float: FloatType;
  /**
   * Rows that cost about as much to read as one more read call: a batch planner reads through gaps this small
   * rather than starting a new run.
   */
  readonly gapRows: number;
  /**
   * The rows of every run, one run after another, as little-endian values, in `into` (default: the source's own
   * scratch buffer). Valid until the next read into the same buffer.
   */
  read(runs: readonly Run[], into?: Scratch): Promise<RowValues>;
  close(): Promise<void>;
}

/** Bytes that cost about one read call (some 10 microseconds through libuv, the time to copy 16 KB). */
const DIRECT_CALL_BYTES = 16 * 1024;

export const bytesPer = (float: FloatType): number => (float === 'float32' ? 4 : 8);

/** A growable, 8-byte aligned scratch buffer. */
export class Scratch {
  private buffer = new ArrayBuffer(0);

  bytes(n: number): Uint8Array {
    if (this.buffer.byteLength < n) this.buffer = new ArrayBuffer(Math.max(n, Math.ceil(this.buffer.byteLength * 1.5)));
    return new Uint8Array(this.buffer, 0, n);
  }

  values(float: FloatType, bytes: Uint8Array): RowValues {
    const n = bytes.byteLength / bytesPer(float);
    return float === 'float32' ? new Float32Array(bytes.buffer, bytes.byteOffset, n) : new Float64Array(bytes.buffer, bytes.byteOffset, n);
  }
}

/** Positioned reads of a contiguous little-endian dataset whose first value is at `offset`. */
export class DirectRowSource implements RowSource {
  readonly gapRows: number;
  private readonly rowBytes: number;
  private readonly scratch = new Scratch();

  private constructor(
    readonly name: string,
    readonly rows: number,
    readonly rowValues: number,
    readonly float: FloatType,
    private readonly offset: number,
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {
    this.rowBytes = rowValues * bytesPer(float);
    this.gapRows = Math.floor(DIRECT_CALL_BYTES / this.rowBytes);
  }

  static async open(path: string, name: string, rows: number, rowValues: number, float: FloatType, offset: number): Promise<DirectRowSource> {
    return new DirectRowSource(name, rows, rowValues, float, offset, await open(path, 'r'), path);
  }

  async read(runs: readonly Run[], into = this.scratch): Promise<RowValues> {
    const { rowBytes } = this;
    const total = runs.reduce((sum, run) => sum + run.count, 0) * rowBytes;
    const bytes = into.bytes(total);
    let at = 0;
    const jobs = runs.map((run) => {
      if (run.start < 0 || run.start + run.count > this.rows) throw new RangeError(`rows ${run.start}..${run.start + run.count - 1} of ${this.name} are outside 0..${this.rows - 1}`);
      const job = { into: at, bytes: run.count * rowBytes, position: this.offset + run.start * rowBytes };
      at += job.bytes;
      return job;
    });
    // All of a batch's reads at once: libuv's threads (4 by default, UV_THREADPOOL_SIZE) keep that many in flight,
    // which a disk serving a 52 GB file needs; the main thread meanwhile normalises the previous batch. From the page
    // cache, plain readSync calls would be about a third faster (measured), from a disk much slower.
    // allSettled: no read may still be filling the buffer when a failure is reported.
    const results = await Promise.allSettled(jobs.map((job) => this.readFully(bytes, job.into, job.bytes, job.position)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return into.values(this.float, bytes);
  }

  private async readFully(bytes: Uint8Array, into: number, length: number, position: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(bytes, into + done, length - done, position + done);
      if (bytesRead === 0) throw new UserError(`ends inside dataset ${this.name}; was it truncated or changed while open?`, this.path);
      done += bytesRead;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
