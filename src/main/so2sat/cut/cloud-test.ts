/**
 * A simple cloud test for Sentinel-2 reflectance, for scenes that carry no cloud mask: a pixel is cloud when it is
 * bright in every visible band (over 0.3), about as bright in each (white, not coloured: clouds are flat across the
 * visible), and bright in SWIR 1.6 µm too (over 0.2: snow is bright in the visible and dark there). Bright roofs can
 * pass it one by one; a patch is dropped only when a share of its pixels does (params.maxCloud).
 */

/** Channel indices in So2Sat's sen2 order: B2, B3, B4, ..., B11 (8). */
const BLUE = 0;
const GREEN = 1;
const RED = 2;
const SWIR1 = 8;

export const CLOUD_VISIBLE = 0.3;
export const CLOUD_SWIR = 0.2;
/** Largest relative spread of the visible bands around their mean for a white pixel. */
export const CLOUD_WHITENESS = 0.2;

/** Whether the pixel at `offset` of an NHWC sen2 patch (10 channels, reflectance) looks like cloud. */
export function isCloudy(patch: Float32Array, offset: number): boolean {
  const b = patch[offset + BLUE]!;
  const g = patch[offset + GREEN]!;
  const r = patch[offset + RED]!;
  if (b < CLOUD_VISIBLE || g < CLOUD_VISIBLE || r < CLOUD_VISIBLE || patch[offset + SWIR1]! < CLOUD_SWIR) return false;
  const mean = (b + g + r) / 3;
  return (Math.abs(b - mean) + Math.abs(g - mean) + Math.abs(r - mean)) / (3 * mean) < CLOUD_WHITENESS;
}
