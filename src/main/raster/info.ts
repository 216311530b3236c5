import { crsFromGeoKeys } from './crs';
import { numberKey, parseGeoKeys } from './geokeys';
import { openGeoTiff } from './open-geotiff';
import { rowBlocks } from './row-blocks';
import { gdalDataType, gdalNodata, readGeoKeyTags, readGeoreferencing } from './tiff-meta';

/** Statistics over valid pixels (not nodata, finite); null when a band has none. */
export interface BandStats {
  min: number | null;
  max: number | null;
  mean: number | null;
}

/** What `gdalinfo -stats` says about a GeoTIFF, for any raster (LCZ maps and multispectral scenes alike). */
export interface RasterInfo {
  width: number;
  height: number;
  bands: number;
  /** GDAL data type name: Byte, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64. */
  dtype: string;
  crs: { epsg: number | null; name: string; proj4: string | null };
  /** GDAL order [originX, pixelWidth, rowRotation, originY, colRotation, pixelHeight]; GDAL's default [0,1,0,0,0,1] when ungeoreferenced. */
  geoTransform: [number, number, number, number, number, number];
  nodata: number | null;
  bandStats: BandStats[];
}

class Accumulator {
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  sum = 0;
  count = 0;

  add(values: ArrayLike<number>, nodata: number | null): void {
    let { min, max, sum, count } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      // v - v is NaN for NaN and both infinities: GDAL leaves non-finite values out of the statistics.
      if (v === nodata || v - v !== 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    }
    Object.assign(this, { min, max, sum, count });
  }

  result(): BandStats {
    return this.count === 0 ? { min: null, max: null, mean: null } : { min: this.min, max: this.max, mean: this.sum / this.count };
  }
}

/** Describes any GeoTIFF, reading the full-resolution image once in row blocks (memory does not grow with the scene). */
export async function rasterInfo(path: string, signal?: AbortSignal): Promise<RasterInfo> {
  const opened = await openGeoTiff(path, signal);
  try {
    const { image } = opened;
    const bands = image.getSamplesPerPixel();
    const dtype = gdalDataType(image, path);
    const geoKeys = readGeoKeyTags(image);
    const keys = geoKeys ? parseGeoKeys(geoKeys) : {};
    const georef = readGeoreferencing(image, numberKey(keys, 'GTRasterTypeGeoKey') === 2);
    const crs = geoKeys ? crsFromGeoKeys(geoKeys) : { epsg: null, name: 'none', proj4: null };
    const nodata = gdalNodata(image);
    // Pixels are compared with nodata in the band's own type, as GDAL does (matters for Float32).
    const typedNodata = nodata !== null && dtype === 'Float32' ? Math.fround(nodata) : nodata;

    const stats = Array.from({ length: bands }, () => new Accumulator());
    const samples = Array.from({ length: bands }, (_, i) => i);
    for await (const block of rowBlocks(image, path, samples, signal)) {
      block.bands.forEach((values, b) => stats[b]!.add(values, typedNodata));
    }
    return {
      width: image.getWidth(),
      height: image.getHeight(),
      bands,
      dtype,
      crs: { epsg: crs.epsg, name: crs.name, proj4: crs.proj4 },
      geoTransform: georef && georef !== 'gcps' ? [...georef.geoTransform] : [0, 1, 0, 0, 0, 1],
      nodata,
      bandStats: stats.map((s) => s.result()),
    };
  } finally {
    await opened.close();
  }
}
