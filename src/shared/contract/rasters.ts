import { z } from 'zod';
import { crsSchema, geoTransformSchema } from './maps';
import { productInfoSchema } from './scenes';

/**
 * A GeoTIFF's nodata: any number, NaN and the infinities included (GeoTIFF allows them, and zod's number does not).
 * Over JSON a face writes those as gdalinfo does ("NaN", "Infinity", "-Infinity"): JSON has no such numbers.
 */
const nodataSchema = z.custom<number>((v) => typeof v === 'number', { message: 'is not a number' });

/** Statistics over a band's valid pixels (not nodata, finite); null when the band has none. */
export const bandStatsSchema = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
});

/** What `gdalinfo -stats` says about any GeoTIFF (LCZ map or multispectral scene), in GDAL's names and order. */
export const rasterInfoSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bands: z.number().int().positive(),
  /** GDAL data type name: Byte, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64. */
  dtype: z.string(),
  crs: crsSchema.pick({ epsg: true, name: true, proj4: true }),
  /** GDAL order; GDAL's default [0, 1, 0, 0, 0, 1] when the file is not georeferenced. */
  geoTransform: geoTransformSchema,
  nodata: nodataSchema.nullable(),
  bandStats: z.array(bandStatsSchema),
  /** A satellite product (SAFE, Landsat Collection 2) read as a scene: what it is, and the band each band is. */
  product: productInfoSchema.optional(),
  bandNames: z.array(z.string()).optional(),
});
export type RasterInfoView = z.infer<typeof rasterInfoSchema>;
