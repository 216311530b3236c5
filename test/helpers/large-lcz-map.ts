import { writeFileSync } from 'node:fs';
import { encodeClassTiff } from '../../src/main/raster/export/class-tiff';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { demoMapPath } from '../../src/main/paths';

/**
 * Writes a size x size LCZ map of noise on the demo map's CRS, with our own encoder (no GDAL needed): noise keeps
 * an export busy for seconds, long enough to stop or orphan the job while it runs.
 */
export async function writeLargeLczMap(path: string, size: number): Promise<void> {
  const demo = await readLczMap(demoMapPath());
  const classes = new Uint8Array(size * size);
  let seed = 12345;
  for (let i = 0; i < classes.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    classes[i] = 1 + ((seed >>> 16) % 17);
  }
  writeFileSync(path, encodeClassTiff({ width: size, height: size, classes, geoTransform: demo.geoTransform, geoKeys: demo.geoKeys }));
}
