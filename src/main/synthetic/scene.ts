/**
 * The synthetic city as a Sentinel-2 scene: the 10 bands of So2Sat LCZ42 (B2, B3, B4, B5, B6, B7, B8, B8A, B11,
 * B12), UInt16 surface reflectance x 10,000, 10 m pixels on the UTM grid of the city's 100 m LCZ cells (each cell
 * is 10 x 10 pixels, same origin); the 20 m bands carry 20 m detail, as in a resampled 10 m stack. Deterministic for a seed; any window of rows renders on its own, identical to
 * the same rows of the whole scene, so scenes of any size are written strip by strip with flat memory.
 */
import type { GeoTransform } from '../../shared/geo';
import type { GeoKeyTags, LczMap } from '../raster/lcz-map';
import { PixelRenderer } from './pixel-renderer';
import { PIXELS_PER_CELL, SceneCells } from './scene-cells';
import { BAND_COUNT } from './materials';
import { to20m } from './native-resolution';
import { SYNTHETIC_CELL_M, syntheticCityMap } from './synthetic-city';

/** Band names as Sentinel-2 products and GDAL descriptions give them, in the scene's order. */
export const SCENE_BANDS = ['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12'] as const;
export const SCENE_PIXEL_M = SYNTHETIC_CELL_M / PIXELS_PER_CELL;

export interface SyntheticSceneOptions {
  seed?: number;
  /** Cells across and down (100 m each); the scene has 10 times as many pixels. Default 300. */
  size?: number;
}

export interface SyntheticScene {
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly bands: typeof SCENE_BANDS;
  readonly geoTransform: GeoTransform;
  readonly geoKeys: GeoKeyTags;
  /** The true LCZ map of the scene, 100 m cells on the same origin. */
  readonly truth: LczMap;
  /** Rows y0 .. y0 + rows - 1 of every band, row-major (width * rows values each). */
  renderRows(y0: number, rows: number): Uint16Array[];
}

export function createSyntheticScene(options: SyntheticSceneOptions = {}): SyntheticScene {
  const seed = options.seed ?? 42;
  const truth = syntheticCityMap({ seed, size: options.size });
  const cells = new SceneCells(truth.width, truth.classes);
  const renderer = new PixelRenderer(cells, seed);
  const width = truth.width * PIXELS_PER_CELL;
  const height = truth.height * PIXELS_PER_CELL;
  const [x0, , , y0] = truth.geoTransform;
  return {
    seed,
    width,
    height,
    bands: SCENE_BANDS,
    geoTransform: [x0, SCENE_PIXEL_M, 0, y0, 0, -SCENE_PIXEL_M],
    geoKeys: truth.geoKeys,
    truth,
    renderRows(first: number, rows: number): Uint16Array[] {
      if (!Number.isInteger(first) || !Number.isInteger(rows) || first < 0 || rows < 1 || first + rows > height) {
        throw new Error(`rows ${first}..${first + rows - 1} are outside the scene's ${height} rows`);
      }
      // Whole pairs of rows, for the 20 m bands; then the rows asked for.
      const start = first & ~1;
      const end = Math.min(height, (first + rows + 1) & ~1);
      const out = Array.from({ length: BAND_COUNT }, () => new Uint16Array(width * (end - start)));
      for (let y = start; y < end; y++) renderer.renderRow(y, out, (y - start) * width);
      to20m(out, width, end - start);
      if (start === first && end === first + rows) return out;
      return out.map((band) => band.slice((first - start) * width, (first - start + rows) * width));
    },
  };
}
