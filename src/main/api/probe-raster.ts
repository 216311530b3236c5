import { resolve } from 'node:path';
import { openGeoTiff } from '../raster/open-geotiff';
import { rasterInfo, type RasterInfo } from '../raster/info';
import { openProductLayout } from '../scenes/products/open-product';
import { productRasterInfo, type ProductRasterInfo } from '../scenes/products/product-info';

/**
 * One band: an LCZ map; more: a scene to map; a satellite product (SAFE .zip or folder, Landsat .tar or folder) is a
 * scene. Reads the header only, so a drop can be routed at once.
 */
export async function probeRaster(path: string): Promise<{ kind: 'lcz-map' | 'scene'; bandCount: number }> {
  const product = await openProductLayout(resolve(path));
  if (product) {
    await product.files.close();
    return { kind: 'scene', bandCount: product.scene.bandCount };
  }
  const opened = await openGeoTiff(resolve(path));
  try {
    const bandCount = opened.image.getSamplesPerPixel();
    return { kind: bandCount === 1 ? 'lcz-map' : 'scene', bandCount };
  } finally {
    await opened.close();
  }
}

/** lcz info of any raster: a GeoTIFF as gdalinfo -stats describes it, a product as the scene it is read as. */
export async function describeRaster(path: string, signal?: AbortSignal): Promise<RasterInfo | ProductRasterInfo> {
  return (await productRasterInfo(path, signal)) ?? rasterInfo(path, signal);
}
