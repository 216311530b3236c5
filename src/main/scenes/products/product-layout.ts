import type { SceneFile } from '../scene-file';
import type { BandSource } from './band-source';
import type { ProductFiles } from './product-files';

/** One band of a product scene: which file holds it, how its grid relates to the scene's, how its DNs become reflectance. */
export interface ProductBand {
  /** The band id the scene names it by ("S2.B4", "L8.B5"). */
  id: string;
  /** Its file in the product. */
  file: string;
  /** Scene pixels per file pixel along each axis (Sentinel-2 20 m bands on the 10 m grid: 2). */
  factor: number;
  /** Reflectance = DN x scale + offset. */
  scale: number;
  offset: number;
  /** DNs that are not measurements (no data 0, saturated 65535): left out as NaN. */
  invalid: readonly number[];
}

/** A product's own quality layer (Sentinel-2 SCL, Landsat QA_PIXEL) and what each of its values means. */
export interface ProductMaskLayer {
  file: string;
  factor: number;
  /** The MASK reason (scene-source.ts) of a value of the layer: MASK.valid for a pixel to keep. */
  reason(value: number): number;
}

/**
 * What a product reader (sentinel2-safe.ts, landsat-c2.ts) makes of a product: the scene it is (the whole of it, on
 * the grid of its finest bands), its bands and its mask layer. product-scene.ts reads pixels from this.
 */
export interface ProductLayout {
  files: ProductFiles;
  scene: SceneFile;
  bands: ProductBand[];
  mask: ProductMaskLayer | null;
  /** Opens a band or mask file of the product (JPEG 2000 or GeoTIFF) for block reads. */
  openFile(file: string): Promise<BandSource>;
}
