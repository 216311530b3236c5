import { resolve } from 'node:path';
import { openGeoTiff } from '../raster/open-geotiff';

/** One band: an LCZ map; more: a scene to map. Reads the header only, so a drop can be routed at once. */
export async function probeRaster(path: string): Promise<{ kind: 'lcz-map' | 'scene'; bandCount: number }> {
  const opened = await openGeoTiff(resolve(path));
  try {
    const bandCount = opened.image.getSamplesPerPixel();
    return { kind: bandCount === 1 ? 'lcz-map' : 'scene', bandCount };
  } finally {
    await opened.close();
  }
}
