/**
 * Gathers rows, handed over in any batch size, into whole strips: one buffer per plane (band), the raw bytes of
 * `rowsPerStrip` rows. Each completed strip gets fresh buffers, so it can be compressed and written while the next
 * one fills.
 */
import { bytesOf, checkBandArray, type BandArray } from './data-types';
import type { TiffLayout } from './geotiff-options';

export interface RawStrip {
  /** Strip number within a plane (0 = top). */
  index: number;
  rows: number;
  /** One buffer per plane, rows * rowBytes bytes each. */
  planes: Uint8Array[];
}

export class StripAssembler {
  private nextRow = 0;
  private filled = 0;
  private planes: Uint8Array[] | null = null;

  constructor(private readonly layout: TiffLayout) {}

  get rowsDone(): number {
    return this.nextRow;
  }

  /** Copies rows y0.. (which must follow the rows before) and returns the strips they completed. */
  push(y0: number, bands: readonly BandArray[]): RawStrip[] {
    const { width, height, bands: bandCount, type } = this.layout;
    if (y0 !== this.nextRow) throw new Error(`rows must come in order: expected row ${this.nextRow}, got ${y0}`);
    if (bands.length !== bandCount) throw new Error(`got ${bands.length} bands, the raster has ${bandCount}`);
    const length = bands[0]!.length;
    bands.forEach((b, i) => {
      checkBandArray(b, type, i);
      if (b.length !== length) throw new Error(`band ${i + 1} has ${b.length} values, band 1 has ${length}`);
    });
    const rows = length / width;
    if (!Number.isInteger(rows) || rows < 1) throw new Error(`${length} values are not whole rows of ${width}`);
    if (y0 + rows > height) throw new Error(`rows ${y0}-${y0 + rows - 1} run past the last row (${height - 1})`);

    const done: RawStrip[] = [];
    let src = 0;
    while (src < rows) {
      const take = Math.min(rows - src, this.layout.rowsPerStrip - this.filled);
      this.copy(bands, src, take);
      src += take;
      this.filled += take;
      this.nextRow += take;
      if (this.filled === this.layout.rowsPerStrip || this.nextRow === height) done.push(this.take());
    }
    return done;
  }

  private take(): RawStrip {
    const rows = this.filled;
    const planes = this.planes!.map((p) => p.subarray(0, rows * this.layout.rowBytes));
    const index = Math.floor((this.nextRow - 1) / this.layout.rowsPerStrip);
    this.planes = null;
    this.filled = 0;
    return { index, rows, planes };
  }

  private copy(bands: readonly BandArray[], srcRow: number, rows: number): void {
    const { rowBytes, rowsPerStrip, planes, width, type } = this.layout;
    this.planes ??= Array.from({ length: planes }, () => new Uint8Array(rowBytes * rowsPerStrip));
    const dstByte = this.filled * rowBytes;
    if (!this.layout.pixelInterleaved) {
      bands.forEach((band, b) => {
        const bytes = bytesOf(band);
        this.planes![b]!.set(bytes.subarray(srcRow * rowBytes, (srcRow + rows) * rowBytes), dstByte);
      });
      return;
    }
    const n = bands.length;
    const plane = this.planes[0]!;
    // Our own buffer: a plain ArrayBuffer, never shared.
    const out = new type.array(plane.buffer as ArrayBuffer, plane.byteOffset + dstByte, rows * width * n);
    bands.forEach((band, b) => {
      const from = srcRow * width;
      for (let i = 0; i < rows * width; i++) out[i * n + b] = band[from + i]!;
    });
  }
}
