import type { Crs } from '../../shared/contract/maps';
import type { GeoTransform } from '../../shared/geo';

export type { GeoTransform };

/**
 * The GeoTIFF georeferencing tags exactly as stored in the source file. Products copy them verbatim so the CRS
 * (including user-defined ones that no EPSG code describes) survives a round trip unchanged.
 */
export interface GeoKeyTags {
  GeoKeyDirectory: number[];
  GeoDoubleParams?: number[];
  GeoAsciiParams?: string;
}

/** An LCZ map read into memory: one byte per cell, whatever the source encoding was. */
export interface LczMap {
  path: string;
  /** File name without extension. */
  name: string;
  width: number;
  height: number;
  /** Row-major class values: 0 = nodata, 1..17 = LCZ 1-10 and A-G. */
  classes: Uint8Array;
  /** GDAL order; never rotated (the reader refuses rotated maps). PixelIsPoint files are already shifted to corners. */
  geoTransform: GeoTransform;
  crs: Crs;
  geoKeys: GeoKeyTags;
  /** GDAL name of the source data type (Byte, Int16, UInt16, Int32, Float32, ...). */
  sourceDtype: string;
  sourceNodata: number | null;
  /** Things the user should know about how the file was read. */
  notes: string[];
}
