/**
 * Pure conversions from a result's confidence grids (one byte per display cell: 0-250 = 0-1, 255 = no data,
 * high = sure) to the overlay MapLibre draws over the LCZ layer: cells under the threshold are washed out ("dim")
 * or crossed by diagonal lines ("hatch"); sure cells and no data stay transparent. No DOM here: tested in Node.
 */

export type ConfidenceMeasure = 'maxProbability' | 'margin' | 'certainty' | 'agreement';
export type UnsureStyle = 'dim' | 'hatch';

export const CONFIDENCE_NODATA = 255;
/** The byte standing for 1. */
export const CONFIDENCE_ONE = 250;

/** Member agreement from the core's disagreement grid (high = members differ): 1 - disagreement, no data kept. */
export function agreementFromDisagreement(disagreement: Uint8Array): Uint8Array {
  const out = new Uint8Array(disagreement.length);
  for (let i = 0; i < disagreement.length; i++) {
    const v = disagreement[i]!;
    out[i] = v === CONFIDENCE_NODATA ? CONFIDENCE_NODATA : CONFIDENCE_ONE - Math.min(v, CONFIDENCE_ONE);
  }
  return out;
}

/** Threshold 0-1 as the byte a value must reach to count as sure. */
function thresholdByte(threshold: number): number {
  return Math.min(1, Math.max(0, threshold)) * CONFIDENCE_ONE;
}

/** True for a cell with data whose measure lies under the threshold. */
export function isUnsure(value: number, threshold: number): boolean {
  return value !== CONFIDENCE_NODATA && value < thresholdByte(threshold);
}

/** Cells under the threshold and cells with data, to say how much of the map is unsure. */
export function countUnsure(values: Uint8Array, threshold: number): { unsure: number; valid: number } {
  const limit = thresholdByte(threshold);
  let unsure = 0;
  let valid = 0;
  for (const v of values) {
    if (v === CONFIDENCE_NODATA) continue;
    valid++;
    if (v < limit) unsure++;
  }
  return { unsure, valid };
}

/**
 * Output pixels per cell, so hatch lines can be thinner than a cell: as many as keep the image under `maxSide`
 * (and at most `maxScale`), never less than one.
 */
export function overlayScale(width: number, height: number, maxSide = 2048, maxScale = 8): number {
  return Math.max(1, Math.min(maxScale, Math.floor(maxSide / Math.max(width, height))));
}

/** Line spacing and width of the hatch in output pixels: at one pixel per cell, dense enough to touch small patches. */
export function hatchGeometry(scale: number): { period: number; lineWidth: number } {
  const period = Math.min(10, Math.max(4, 4 * scale));
  return { period, lineWidth: Math.max(1, Math.round(period / 4)) };
}

/** A white veil: unsure class colours fade towards white (and the scene under them shows less). */
export const DIM_RGBA = [255, 255, 255, 185] as const;
/** Dark lines with a faint veil between them, readable over dark and light classes alike. */
export const HATCH_LINE_RGBA = [17, 24, 39, 215] as const;
export const HATCH_GAP_RGBA = [255, 255, 255, 120] as const;

export interface OverlayOptions {
  threshold: number;
  style: UnsureStyle;
  /** Output pixels per cell (see overlayScale). */
  scale: number;
}

export interface OverlayImage {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** The overlay's RGBA pixels: `scale` x `scale` pixels per cell, transparent where the cell is sure or has no data. */
export function paintConfidence(values: Uint8Array, width: number, height: number, options: OverlayOptions): OverlayImage {
  if (values.length !== width * height) throw new Error(`The confidence grid holds ${values.length} cells, expected ${width} × ${height}.`);
  const scale = Math.max(1, Math.floor(options.scale));
  const outWidth = width * scale;
  const outHeight = height * scale;
  const rgba = new Uint8ClampedArray(outWidth * outHeight * 4);
  const words = new Uint32Array(rgba.buffer);
  const word = (c: readonly number[]) => new Uint32Array(Uint8Array.from(c).buffer)[0]!;
  const dim = word(DIM_RGBA);
  const line = word(HATCH_LINE_RGBA);
  const gap = word(HATCH_GAP_RGBA);
  const { period, lineWidth } = hatchGeometry(scale);
  const limit = thresholdByte(options.threshold);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = values[row * width + col]!;
      if (v === CONFIDENCE_NODATA || v >= limit) continue;
      for (let dy = 0; dy < scale; dy++) {
        const y = row * scale + dy;
        const base = y * outWidth + col * scale;
        for (let dx = 0; dx < scale; dx++) {
          // x + y constant along a line: "/" diagonals, continuous across cells.
          if (options.style === 'dim') words[base + dx] = dim;
          else words[base + dx] = (col * scale + dx + y) % period < lineWidth ? line : gap;
        }
      }
    }
  }
  return { rgba, width: outWidth, height: outHeight };
}
