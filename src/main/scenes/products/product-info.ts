/**
 * `lcz info` of a satellite product: the scene LCZ Studio reads it as (size, bands, Float32 reflectance, CRS,
 * geotransform) with per-band statistics over the clear pixels, read in windows like any scene (memory follows the
 * window; the whole product is decoded once, as gdalinfo -stats reads a whole file).
 */
import type { ProductInfo } from '../../../shared/contract/scenes';
import { isNoData } from '../no-data';
import { SceneReader } from '../scene-reader';
import { openProductLayout } from './open-product';

/** Raw samples per read (all bands). */
const READ_SAMPLES = 16 * 1024 * 1024;

export interface ProductRasterInfo {
  width: number;
  height: number;
  bands: number;
  dtype: string;
  crs: { epsg: number | null; name: string; proj4: string | null };
  geoTransform: [number, number, number, number, number, number];
  nodata: null;
  bandStats: { min: number | null; max: number | null; mean: number | null }[];
  bandNames: string[];
  product: ProductInfo;
}

/** The product at `path` described with statistics; null when `path` is not a product. */
export async function productRasterInfo(path: string, signal?: AbortSignal): Promise<ProductRasterInfo | null> {
  const layout = await openProductLayout(path);
  if (!layout) return null;
  await layout.files.close();
  const reader = await SceneReader.open(path, signal);
  try {
    const { scene } = reader;
    if (!scene.product) return null;
    const bands = scene.descriptions.map((_, i) => i);
    const stats = bands.map(() => ({ min: Infinity, max: -Infinity, sum: 0, count: 0 }));
    const rows = Math.max(1, Math.floor(READ_SAMPLES / (scene.width * bands.length)));
    for (let y0 = 0; y0 < scene.height; y0 += rows) {
      const window = await reader.read(y0, Math.min(scene.height, y0 + rows), bands, signal);
      window.bands.forEach((values, b) => {
        const s = stats[b]!;
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          if (isNoData(v, null)) continue;
          if (v < s.min) s.min = v;
          if (v > s.max) s.max = v;
          s.sum += v;
          s.count++;
        }
      });
    }
    return {
      width: scene.width,
      height: scene.height,
      bands: scene.bandCount,
      dtype: scene.dtype,
      crs: { epsg: scene.crs.epsg, name: scene.crs.name, proj4: scene.crs.proj4 },
      geoTransform: [...scene.geoTransform],
      nodata: null,
      bandStats: stats.map((s) => (s.count ? { min: s.min, max: s.max, mean: s.sum / s.count } : { min: null, max: null, mean: null })),
      bandNames: scene.descriptions,
      product: scene.product,
    };
  } finally {
    await reader.close();
  }
}
