/**
 * Encodes an LCZ class grid as a plain (strip, uncompressed) GeoTIFF that GDAL then turns into the Cloud
 * Optimized product. Written with our own encoder (raster/write) rather than geotiff.js's writer, which reserves
 * a fixed 1000 bytes for the IFD (a 256-entry ColorMap alone is 1536 bytes) and has no GDAL_NODATA.
 * Everything GDAL needs to carry over is here: the geokeys verbatim, the grid, nodata 0 and the LCZ palette.
 */
import type { GeoTransform } from '../../../shared/geo';
import type { GeoKeyTags } from '../lcz-map';
import { LCZ_CLASSES, LCZ_CLASS_COUNT, hexToRgb } from '../../../shared/lcz-classes';
import { encodeGeoTiff } from '../write/encode-geotiff';

export interface ClassTiffInput {
  width: number;
  height: number;
  /** Row-major, 0 = nodata, 1..17. */
  classes: Uint8Array;
  geoTransform: GeoTransform;
  geoKeys: GeoKeyTags;
  /** Written as the TIFF ImageDescription (GDAL: TIFFTAG_IMAGEDESCRIPTION). */
  description?: string;
  /** Dataset metadata items (GDAL_METADATA tag), e.g. { SYNTHETIC: 'YES' }. */
  metadata?: Record<string, string>;
  /** Band description (GDAL_METADATA role="description"). */
  bandDescription?: string;
}

/** The 256-entry TIFF ColorMap (16 bits a channel): the LCZ colours at 1..17, black elsewhere (0 is nodata). */
export function lczColorMap(): Uint16Array {
  const map = new Uint16Array(3 * 256);
  for (const c of LCZ_CLASSES) {
    const [r, g, b] = hexToRgb(c.color);
    map[c.value] = r * 257;
    map[256 + c.value] = g * 257;
    map[512 + c.value] = b * 257;
  }
  return map;
}

export function encodeClassTiff(input: ClassTiffInput): Uint8Array {
  const { width, height, classes } = input;
  if (classes.length !== width * height) throw new Error(`class grid has ${classes.length} cells, expected ${width} x ${height}`);
  for (let i = 0; i < classes.length; i++) {
    if (classes[i]! > LCZ_CLASS_COUNT) throw new Error(`class grid holds ${classes[i]} at cell ${i}; LCZ classes are 0-17`);
  }
  return encodeGeoTiff(
    {
      width,
      height,
      bands: 1,
      dataType: 'Byte',
      geoTransform: input.geoTransform,
      geoKeys: input.geoKeys,
      nodata: 0,
      palette: lczColorMap(),
      description: input.description,
      metadata: input.metadata,
      bandDescriptions: input.bandDescription ? [input.bandDescription] : undefined,
      // No compression and no BigTIFF: GDAL compresses the product, and gdal3.js reads this in memory at once.
      compression: 'none',
      bigTiff: false,
    },
    [classes],
  );
}
