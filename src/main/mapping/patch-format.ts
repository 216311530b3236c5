/**
 * What patch extraction works on: the window of the scene read, and the patches one model wants. A module of their
 * own, below both the extractor (patch-extract.ts) and the normalised window it uses (normalised-window.ts).
 */
import type { TypedArray } from 'geotiff';

/** How one model wants its patches: size, layout, and per-channel raw -> normalised coefficients. */
export interface PatchFormat {
  size: number;
  layout: 'NCHW' | 'NHWC';
  /** Scene window band index of each model channel. */
  sources: readonly number[];
  /** normalised = raw x gain + bias: (DN x scale + offset - mean) / std folded into one multiply-add. */
  gain: Float32Array;
  bias: Float32Array;
  /** Side, in patch pixels, of the square at the patch centre that is the output cell itself. */
  footprint: number;
}

/** A horizontal window of the scene (raw values), as the extractor reads it. */
export interface WindowData {
  y0: number;
  rows: number;
  width: number;
  sceneHeight: number;
  bands: readonly TypedArray[];
  /** Raw nodata value, or null; NaN and infinities always count as no data (see isNoData). */
  nodata: number | null;
}
