import { isNoData } from '../scenes/no-data';
import { NormalisedWindow } from './normalised-window';
import type { PatchFormat, WindowData } from './patch-format';
import { reflect, type CellPatch } from './patch-geometry';

/**
 * Writes one normalised patch at out[offset ...] in the model's layout and returns the fraction of the cell's
 * own footprint that is no data (in any band). No-data pixels become 0, the band mean after normalisation. Edges are
 * padded symmetrically. This is the mapping engine's inner loop: it allocates nothing per call.
 */
export class PatchExtractor {
  private readonly size: number;
  private readonly invalid: Uint8Array;
  private readonly cols: Int32Array;
  private readonly rowsIdx: Int32Array;
  // Bilinear taps for the general (interpolated) path, one set per patch pixel.
  private readonly i00: Int32Array;
  private readonly i01: Int32Array;
  private readonly i10: Int32Array;
  private readonly i11: Int32Array;
  private readonly wx: Float32Array;
  private readonly wy: Float32Array;
  /** The current window normalised once (null: it has no-data pixels), for the fast path of aligned patches. */
  private normalised: { win: WindowData; window: NormalisedWindow | null } | null = null;
  private readonly windowRows: Int32Array;

  constructor(readonly format: PatchFormat) {
    const n = format.size * format.size;
    this.size = format.size;
    this.invalid = new Uint8Array(n);
    this.cols = new Int32Array(format.size);
    this.rowsIdx = new Int32Array(format.size);
    this.windowRows = new Int32Array(format.size);
    this.i00 = new Int32Array(n);
    this.i01 = new Int32Array(n);
    this.i10 = new Int32Array(n);
    this.i11 = new Int32Array(n);
    this.wx = new Float32Array(n);
    this.wy = new Float32Array(n);
  }

  extract(win: WindowData, patch: CellPatch, out: Float32Array, offset: number): number {
    if (patch.aligned) {
      const normalised = this.normalisedWindow(win);
      if (normalised) {
        const { size, cols, windowRows } = this;
        for (let k = 0; k < size; k++) {
          cols[k] = reflect(patch.c0 + k, win.width);
          windowRows[k] = this.rowInWindow(patch.r0 + k, win);
        }
        normalised.copyPatch(size, windowRows, cols, patch.c0, out, offset);
        return 0; // the window has no no-data pixel
      }
    }
    this.invalid.fill(0);
    if (patch.aligned) this.copyAligned(win, patch, out, offset);
    else this.interpolate(win, patch, out, offset);
    if (this.invalid.includes(1)) this.zeroInvalid(out, offset);
    return this.footprintInvalid();
  }

  /** The window normalised for this extractor's format, built on its first aligned patch; null when it has holes. */
  private normalisedWindow(win: WindowData): NormalisedWindow | null {
    if (this.normalised?.win !== win) {
      const reuse = this.normalised?.window?.data;
      this.normalised = null; // let the previous window go before the next is built
      this.normalised = { win, window: NormalisedWindow.build(win, this.format, reuse) };
    }
    return this.normalised.window;
  }

  private rowInWindow(sceneRow: number, win: WindowData): number {
    const r = reflect(sceneRow, win.sceneHeight) - win.y0;
    return r < 0 ? 0 : r >= win.rows ? win.rows - 1 : r;
  }

  private copyAligned(win: WindowData, patch: CellPatch, out: Float32Array, offset: number): void {
    const { size, cols, rowsIdx, invalid } = this;
    const { sources, gain, bias, layout } = this.format;
    for (let k = 0; k < size; k++) {
      cols[k] = reflect(patch.c0 + k, win.width);
      rowsIdx[k] = this.rowInWindow(patch.r0 + k, win) * win.width;
    }
    const channels = sources.length;
    const plane = size * size;
    const nodata = win.nodata;
    for (let c = 0; c < channels; c++) {
      const src = win.bands[sources[c]!]!;
      const g = gain[c]!;
      const b = bias[c]!;
      // NCHW: channel planes; NHWC: channels interleaved per pixel.
      const base = layout === 'NCHW' ? offset + c * plane : offset + c;
      const stride = layout === 'NCHW' ? 1 : channels;
      for (let a = 0; a < size; a++) {
        const rowBase = rowsIdx[a]!;
        let o = base + a * size * stride;
        let p = a * size;
        for (let q = 0; q < size; q++, o += stride, p++) {
          const raw = src[rowBase + cols[q]!]!;
          if (isNoData(raw, nodata)) {
            invalid[p] = 1;
            out[o] = 0;
          } else out[o] = raw * g + b;
        }
      }
    }
  }

  private interpolate(win: WindowData, patch: CellPatch, out: Float32Array, offset: number): void {
    const { size, invalid, i00, i01, i10, i11, wx, wy } = this;
    const { sources, gain, bias, layout } = this.format;
    const w = win.width;
    let p = 0;
    for (let a = 0; a < size; a++) {
      for (let q = 0; q < size; q++, p++) {
        const x = patch.u0 + q * patch.dub + a * patch.dua - 0.5;
        const y = patch.v0 + q * patch.dvb + a * patch.dva - 0.5;
        const xf = Math.floor(x);
        const yf = Math.floor(y);
        const xa = reflect(xf, w);
        const xb = reflect(xf + 1, w);
        const ya = this.rowInWindow(yf, win) * w;
        const yb = this.rowInWindow(yf + 1, win) * w;
        i00[p] = ya + xa;
        i01[p] = ya + xb;
        i10[p] = yb + xa;
        i11[p] = yb + xb;
        wx[p] = x - xf;
        wy[p] = y - yf;
      }
    }
    const channels = sources.length;
    const plane = size * size;
    const nodata = win.nodata;
    for (let c = 0; c < channels; c++) {
      const src = win.bands[sources[c]!]!;
      const g = gain[c]!;
      const b = bias[c]!;
      const base = layout === 'NCHW' ? offset + c * plane : offset + c;
      const stride = layout === 'NCHW' ? 1 : channels;
      for (let k = 0, o = base; k < plane; k++, o += stride) {
        const v00 = src[i00[k]!]!;
        const v01 = src[i01[k]!]!;
        const v10 = src[i10[k]!]!;
        const v11 = src[i11[k]!]!;
        if (isNoData(v00, nodata) || isNoData(v01, nodata) || isNoData(v10, nodata) || isNoData(v11, nodata)) {
          invalid[k] = 1;
          out[o] = 0;
          continue;
        }
        const fx = wx[k]!;
        const fy = wy[k]!;
        const top = v00 + (v01 - v00) * fx;
        const bottom = v10 + (v11 - v10) * fx;
        out[o] = (top + (bottom - top) * fy) * g + b;
      }
    }
  }

  /** A pixel no-data in one band is no data in all: zero it everywhere so the model sees one consistent hole. */
  private zeroInvalid(out: Float32Array, offset: number): void {
    const { size, invalid } = this;
    const channels = this.format.sources.length;
    const plane = size * size;
    const nchw = this.format.layout === 'NCHW';
    for (let p = 0; p < plane; p++) {
      if (!invalid[p]) continue;
      for (let c = 0; c < channels; c++) out[nchw ? offset + c * plane + p : offset + p * channels + c] = 0;
    }
  }

  private footprintInvalid(): number {
    const { size, invalid } = this;
    const f = Math.min(size, Math.max(1, Math.round(this.format.footprint)));
    const start = (size - f) >> 1;
    let count = 0;
    for (let a = start; a < start + f; a++) for (let q = start; q < start + f; q++) count += invalid[a * size + q]!;
    return count / (f * f);
  }
}
