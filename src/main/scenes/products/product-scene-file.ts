import type { Crs } from '../../../shared/contract/maps';
import type { ProductInfo } from '../../../shared/contract/scenes';
import type { GeoTransform } from '../../../shared/geo';
import { bandSpec } from '../../../shared/bands';
import type { GeoKeyTags } from '../../raster/lcz-map';
import { pixelMetres, type SceneFile } from '../scene-file';
import type { ProductBand } from './product-layout';

export interface ProductGrid {
  width: number;
  height: number;
  geoTransform: GeoTransform;
  crs: Crs;
  geoKeys: GeoKeyTags;
}

/**
 * The SceneFile a product is read as: Float32 reflectance (scale and offset already applied, so the scene settings'
 * own are 1 and 0), NaN where nothing was measured, each band described by its id ("S2.B4") so the band mapping is
 * read from the file, and the product's facts as dataset metadata.
 */
export function productSceneFile(path: string, info: Omit<ProductInfo, 'fullWidth' | 'fullHeight'>, grid: ProductGrid, bands: readonly ProductBand[], label: (file: string) => string): SceneFile {
  const pixel = pixelMetres(grid.crs, grid.geoTransform, grid.height);
  return {
    path,
    width: grid.width,
    height: grid.height,
    bandCount: bands.length,
    dtype: 'Float32',
    // No nodata value: what is not a clear measurement is NaN, which every reader of scene pixels leaves out.
    nodata: null,
    crs: grid.crs,
    geoKeys: grid.geoKeys,
    geoTransform: grid.geoTransform,
    descriptions: bands.map((b) => b.id),
    bandMetadata: bands.map((b) => ({ BANDNAME: bandSpec(b.id)?.name ?? b.id, FILE: label(b.file), SCALE: String(b.scale), OFFSET: String(b.offset) })),
    metadata: { PRODUCT: info.id, PRODUCT_LEVEL: info.level, SPACECRAFT: info.spacecraft, ACQUIRED: info.acquired },
    pixelSizeM: pixel.x,
    pixelHeightM: pixel.y,
    product: { ...info, fullWidth: grid.width, fullHeight: grid.height },
  };
}
