import { isNoData } from '../scenes/no-data';
import type { PatchFormat, WindowData } from './patch-format';

/**
 * A scene window normalised once for one model, in the model's own layout (HWC for NHWC models, CHW for NCHW):
 * every row of an aligned patch is then one contiguous run to copy. Each scene pixel lies under about ten 32 x 32
 * patches at 100 m, so normalising it once instead of once per patch is most of the mapping engine's own cost.
 * Only windows with no no-data pixel are normalised this way; the others take the per-pixel path, which tracks holes.
 */
export class NormalisedWindow {
  private constructor(
    /** The window it was made from (an extractor keeps one and rebuilds it when the window changes). */
    readonly source: WindowData,
    readonly data: Float32Array,
    readonly channels: number,
    readonly layout: PatchFormat['layout'],
  ) {}

  /** The window normalised for `format`, reusing `reuse`'s memory when it is big enough; null when it holds no data. */
  static build(win: WindowData, format: PatchFormat, reuse?: Float32Array): NormalisedWindow | null {
    const pixels = win.width * win.rows;
    const channels = format.sources.length;
    const data = reuse && reuse.length >= pixels * channels ? reuse.subarray(0, pixels * channels) : new Float32Array(pixels * channels);
    const nodata = win.nodata;
    const nhwc = format.layout === 'NHWC';
    for (let c = 0; c < channels; c++) {
      const src = win.bands[format.sources[c]!]!;
      const g = format.gain[c]!;
      const b = format.bias[c]!;
      const start = nhwc ? c : c * pixels;
      const stride = nhwc ? channels : 1;
      for (let i = 0, o = start; i < pixels; i++, o += stride) {
        const raw = src[i]!;
        if (isNoData(raw, nodata)) return null;
        data[o] = raw * g + b;
      }
    }
    return new NormalisedWindow(win, data, channels, format.layout);
  }

  /**
   * Copies the aligned patch whose window rows are `rows` (already reflected and clamped) and whose scene columns
   * are `cols` (already reflected) to out[offset ...]; `c0` is the unreflected first column, for the contiguous case.
   */
  copyPatch(size: number, rows: Int32Array, cols: Int32Array, c0: number, out: Float32Array, offset: number): void {
    const { data, channels } = this;
    const width = this.source.width;
    const inside = c0 >= 0 && c0 + size <= width;
    if (this.layout === 'NHWC') {
      const run = size * channels;
      for (let a = 0; a < size; a++) {
        const row = rows[a]! * width;
        const o = offset + a * run;
        if (inside) {
          out.set(data.subarray((row + c0) * channels, (row + c0 + size) * channels), o);
          continue;
        }
        for (let q = 0; q < size; q++) {
          const from = (row + cols[q]!) * channels;
          for (let c = 0; c < channels; c++) out[o + q * channels + c] = data[from + c]!;
        }
      }
      return;
    }
    const pixels = width * this.source.rows;
    const plane = size * size;
    for (let c = 0; c < channels; c++) {
      const base = c * pixels;
      for (let a = 0; a < size; a++) {
        const row = base + rows[a]! * width;
        const o = offset + c * plane + a * size;
        if (inside) out.set(data.subarray(row + c0, row + c0 + size), o);
        else for (let q = 0; q < size; q++) out[o + q] = data[row + cols[q]!]!;
      }
    }
  }
}
