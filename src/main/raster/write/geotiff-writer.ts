/**
 * The streaming GeoTIFF writer: rows go in strip by strip and straight to disk, so memory stays flat whatever
 * the raster's size. Strips are compressed on zlib's thread pool while the caller produces the next rows; at
 * most a few strips are in flight. The file is complete or absent: it is written to a temp file beside the
 * target and renamed by finish(); abort() and any error remove the temp file.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { rethrowWriteError } from '../../files/write-error';
import { tempPathFor } from '../../workspace/atomic-write';
import type { BandArray } from './data-types';
import { resolveLayout, type GeoTiffOptions, type TiffLayout } from './geotiff-options';
import { imageTags } from './geotiff-tags';
import { serializeIfd, tiffHeader } from './ifd';
import { StripAssembler, type RawStrip } from './strip-assembler';
import { encodeStrip } from './strip-codec';

export interface GeoTiffWriter {
  readonly path: string;
  /** Rows y0.. of every band (width * rows values each, in the data type's array); rows must come in order. */
  writeRows(y0: number, bands: readonly BandArray[]): Promise<void>;
  /** Writes the directory and moves the file into place; fails unless every row was written. */
  finish(): Promise<void>;
  /** Stops and removes the temp file; nothing appears at the target. */
  abort(): Promise<void>;
}

/** Strips being compressed or written at once: enough to keep zlib's 4 threads busy, little memory. */
const MAX_IN_FLIGHT = 3;

export async function createGeoTiffWriter(path: string, options: GeoTiffOptions): Promise<GeoTiffWriter> {
  const layout = resolveLayout(options);
  const target = resolve(path);
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx').catch((e: unknown) => rethrowWriteError(e, dirname(target)));
  return new StreamingWriter(layout, target, temp, handle);
}

type State = 'open' | 'finishing' | 'done' | 'failed' | 'aborted';

class StreamingWriter implements GeoTiffWriter {
  private readonly assembler: StripAssembler;
  private readonly offsets: number[];
  private readonly counts: number[];
  private pos: number;
  private state: State = 'open';
  private error: unknown;
  private inFlight: Promise<void>[] = [];
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly layout: TiffLayout,
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {
    this.assembler = new StripAssembler(layout);
    this.offsets = new Array<number>(layout.planes * layout.stripsPerPlane).fill(0);
    this.counts = this.offsets.slice();
    this.pos = layout.bigTiff ? 16 : 8; // the header is written last, when the directory's place is known
  }

  async writeRows(y0: number, bands: readonly BandArray[]): Promise<void> {
    this.checkOpen();
    try {
      for (const strip of this.assembler.push(y0, bands)) this.enqueue(strip);
      while (this.inFlight.length > MAX_IN_FLIGHT) await this.inFlight.shift();
      if (this.error !== undefined) throw this.error;
    } catch (error) {
      await this.fail();
      throw error;
    }
  }

  async finish(): Promise<void> {
    this.checkOpen();
    this.state = 'finishing';
    try {
      const { height, bigTiff } = this.layout;
      if (this.assembler.rowsDone !== height) throw new Error(`only ${this.assembler.rowsDone} of ${height} rows were written`);
      await Promise.all(this.inFlight);
      if (this.error !== undefined) throw this.error;
      const ifdOffset = this.pos + (this.pos & 1); // a directory starts on a word boundary
      const ifd = serializeIfd(imageTags(this.layout, this.offsets, this.counts), ifdOffset, bigTiff);
      this.checkClassicLimit(ifdOffset + ifd.length);
      await this.handle.write(ifd, 0, ifd.length, ifdOffset);
      const header = tiffHeader(bigTiff, ifdOffset);
      await this.handle.write(header, 0, header.length, 0);
      // On disk before the rename, so a crash never leaves a complete-looking name over incomplete data.
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temp, this.path).catch((e: unknown) => rethrowWriteError(e, this.path));
      this.state = 'done';
    } catch (error) {
      this.error ??= error;
      await this.fail();
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'done' || this.state === 'aborted' || this.state === 'failed') return;
    this.state = 'aborted';
    await this.cleanup();
  }

  private enqueue(strip: RawStrip): void {
    const encoded = Promise.all(strip.planes.map((plane) => encodeStrip(this.layout, plane, strip.rows)));
    // Compression runs in parallel; writes happen one after another, in strip order.
    const written = this.lastWrite.then(() => encoded).then((chunks) => this.writeStrip(strip.index, chunks));
    const settled = written.catch((error: unknown) => {
      this.error ??= error;
    });
    this.lastWrite = settled;
    this.inFlight.push(settled);
  }

  private async writeStrip(index: number, chunks: Uint8Array[]): Promise<void> {
    if (this.error !== undefined || this.state === 'aborted' || this.state === 'failed') return;
    const at = this.pos;
    let length = 0;
    chunks.forEach((chunk, plane) => {
      this.offsets[plane * this.layout.stripsPerPlane + index] = at + length;
      this.counts[plane * this.layout.stripsPerPlane + index] = chunk.length;
      length += chunk.length;
    });
    this.checkClassicLimit(at + length);
    this.pos += length;
    let written = (await this.handle.writev(chunks, at).catch((e: unknown) => rethrowWriteError(e, this.path))).bytesWritten;
    // A short write (the disk filling up) is not an error yet: writing the rest is, with the system's reason.
    while (written < length) {
      const rest = Buffer.concat(chunks).subarray(written);
      const { bytesWritten } = await this.handle.write(rest, 0, rest.length, at + written).catch((e: unknown) => rethrowWriteError(e, this.path));
      if (bytesWritten === 0) throw new Error(`wrote ${written} of ${length} bytes of a strip of ${this.path}`);
      written += bytesWritten;
    }
  }

  private checkClassicLimit(end: number): void {
    if (!this.layout.bigTiff && end > 0xffff_ffff) throw new Error('the file passed 4 GB, the limit of a classic TIFF; write it as BigTIFF');
  }

  private checkOpen(): void {
    if (this.state === 'open') return;
    const why = this.error instanceof Error ? `: ${this.error.message}` : '';
    const said: Record<Exclude<State, 'open'>, string> = { finishing: 'is finishing', done: 'has finished', failed: 'has failed', aborted: 'was aborted' };
    throw new Error(`the GeoTIFF writer for ${this.path} ${said[this.state]}${why}`);
  }

  private async fail(): Promise<void> {
    if (this.state === 'failed' || this.state === 'aborted' || this.state === 'done') return;
    this.state = 'failed';
    await this.cleanup();
  }

  private async cleanup(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.inFlight = [];
    await this.handle.close().catch(() => undefined); // already closed when the rename failed
    await rm(this.temp, { force: true });
  }
}
