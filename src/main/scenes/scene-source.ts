import type { TypedArray } from 'geotiff';
import type { SceneFile } from './scene-file';

/** Rows of some bands of a scene, as stored (raw DN), one array per requested band. */
export interface SceneWindow {
  y0: number;
  rows: number;
  width: number;
  /** Indexed like the `bands` argument of read(). */
  bands: TypedArray[];
}

/**
 * Why a pixel of a product is left out (products know: the Sentinel-2 scene classification, Landsat's QA_PIXEL), in
 * the order a message reports them.
 */
export const MASK_REASONS = ['valid', 'no data', 'saturated', 'cloud', 'cloud shadow'] as const;
export type MaskReason = (typeof MASK_REASONS)[number];
/** A reason as stored per pixel: its index in MASK_REASONS. */
export const MASK = { valid: 0, noData: 1, saturated: 2, cloud: 3, shadow: 4 } as const;

/** A rectangle of some bands, with why each masked pixel is masked when the scene knows (a product), else null. */
export interface SceneArea {
  x0: number;
  y0: number;
  width: number;
  height: number;
  bands: TypedArray[];
  /** Per pixel, an index in MASK_REASONS; null for a GeoTIFF, whose no data has no reason. */
  reasons: Uint8Array | null;
}

/**
 * Where a scene's pixels come from: a GeoTIFF (tiff-scene-source.ts), a satellite product's band files
 * (products/product-scene.ts), or another scene seen through other bands (band-equivalence.ts). Coordinates are the
 * scene's own: after an area of interest, (0, 0) is the area's top-left pixel.
 */
export interface SceneSource {
  readonly scene: SceneFile;
  /** Rows [y0, y1) of the given bands (0-based), across the scene; reads going down the scene share decoded blocks. */
  read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow>;
  /** The rectangle [x0, x1) x [y0, y1) of the given bands, for sampling (no block cache). */
  readArea(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneArea>;
  /** The scene about `factor` times smaller, when the source can read one directly (JPEG 2000 levels); else null. */
  overview?(factor: number, bands: readonly number[]): Promise<SceneSource | null>;
  close(): Promise<void>;
}
