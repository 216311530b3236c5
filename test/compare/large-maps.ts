/**
 * Large LCZ maps for memory checks, written row range by row range with the project's streaming GeoTIFF writer
 * (DEFLATE, strips): nothing the size of the map is ever in memory, so the writer's process is no measure of the
 * reader's. Classes come in blocks of 37 x 23 cells with a sprinkle of noise: realistic for DEFLATE, and two maps
 * made with other seeds agree on most cells.
 */
import type { GeoTransform } from '../../src/shared/geo';
import { geoKeysForEpsg } from '../../src/main/raster/write/epsg-geokeys';
import { createGeoTiffWriter } from '../../src/main/raster/write/geotiff-writer';

const ROWS_PER_WRITE = 256;

/** A size x size Byte LCZ map (nodata 0) in UTM 33N at 100 m, its origin shifted by `shift` cells (a fraction). */
export async function writeLargeMap(path: string, size: number, seed: number, shift = 0): Promise<void> {
  const geoTransform: GeoTransform = [500000 + shift * 100, 100, 0, 5000000 - shift * 100, 0, -100];
  const writer = await createGeoTiffWriter(path, {
    width: size,
    height: size,
    bands: 1,
    dataType: 'Byte',
    geoTransform,
    geoKeys: geoKeysForEpsg(32633),
    nodata: 0,
    compression: 'deflate',
    deflateLevel: 1,
  });
  let s = seed >>> 0;
  try {
    for (let y0 = 0; y0 < size; y0 += ROWS_PER_WRITE) {
      const rows = Math.min(ROWS_PER_WRITE, size - y0);
      const band = new Uint8Array(rows * size);
      for (let r = 0; r < rows; r++) {
        const by = Math.floor((y0 + r) / 23);
        for (let c = 0; c < size; c++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          band[r * size + c] = (s >>> 24) < 8 ? 1 + ((s >>> 8) % 17) : 1 + ((Math.floor(c / 37) * 7 + by * 3) % 17);
        }
      }
      if (y0 === 0) band.fill(0, 0, size * Math.min(rows, 10)); // no data along the top
      await writer.writeRows(y0, [band]);
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
