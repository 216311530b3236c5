/**
 * Sentinel-2 measures B5, B6, B7, B8A, B11 and B12 at 20 m; So2Sat LCZ42 (and any 10 m stack) resamples them to
 * 10 m. The scene does the same: those bands are averaged over 2 x 2 pixels and repeated, so they carry the
 * blockier detail of a real 20 m band. 20 m pixels start on even rows and columns of the 10 m grid (the scene's
 * size is always even), so a window is widened to whole pairs of rows before averaging.
 */
import { BAND_COUNT } from './materials';

/** Band indices (scene order B2 .. B12) measured at 20 m. */
export const BANDS_AT_20M: readonly number[] = [3, 4, 5, 7, 8, 9];

/** Averages each 20 m band of `bands` (width * rows values, rows even) over 2 x 2 blocks, in place. */
export function to20m(bands: readonly Uint16Array[], width: number, rows: number): void {
  if (bands.length !== BAND_COUNT) throw new Error(`expected ${BAND_COUNT} bands`);
  for (const b of BANDS_AT_20M) {
    const band = bands[b]!;
    for (let r = 0; r < rows; r += 2) {
      const top = r * width;
      const bottom = top + width;
      for (let x = 0; x < width; x += 2) {
        const mean = (band[top + x]! + band[top + x + 1]! + band[bottom + x]! + band[bottom + x + 1]! + 2) >> 2;
        band[top + x] = band[top + x + 1] = band[bottom + x] = band[bottom + x + 1] = mean;
      }
    }
  }
}
