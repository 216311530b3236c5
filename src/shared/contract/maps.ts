import { z } from 'zod';

const finite = z.number().finite();
export const geoTransformSchema = z.tuple([finite, finite, finite, finite, finite, finite]);
const lonLat = z.tuple([finite, finite]);

export const crsSchema = z.object({
  /** EPSG code when the file names one (projected or geographic), else null. */
  epsg: z.number().int().nullable(),
  /** Human name, for example "WGS 84" or "SIRGAS 2000 / UTM zone 25S". */
  name: z.string(),
  geographic: z.boolean(),
  /** proj4 definition used for reprojection; null when the CRS could not be understood. */
  proj4: z.string().nullable(),
});
export type Crs = z.infer<typeof crsSchema>;

export const classAreaSchema = z.object({
  value: z.number().int().min(1).max(17),
  pixels: z.number().int().nonnegative(),
  km2: z.number().nonnegative(),
  percent: z.number().min(0).max(100),
});
export type ClassArea = z.infer<typeof classAreaSchema>;

/** Corners [lon, lat] of an image on the map: top-left, top-right, bottom-right, bottom-left. */
export const cornersSchema = z.tuple([lonLat, lonLat, lonLat, lonLat]);
/** [west, south, east, north] in degrees. */
export const boundsSchema = z.tuple([finite, finite, finite, finite]);

/**
 * Where a raster lies, as every view of one (an LCZ map, a scene) describes it: its size in cells, its CRS, its grid
 * (GDAL's geotransform) and its bounds in degrees.
 */
export const georeferencingSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  crs: crsSchema,
  geoTransform: geoTransformSchema,
  bounds: boundsSchema,
});

/** A class grid warped to Web Mercator (nearest), for display only: row-major, one byte per cell, 0 = nodata. */
export const displayGridSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  corners: cornersSchema,
  classesBase64: z.string(),
});
export type DisplayGrid = z.infer<typeof displayGridSchema>;

export const mapViewSchema = georeferencingSchema.extend({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  /** True for maps of synthetic data (the demo city, the demo scene's true map, results mapped from it). */
  synthetic: z.boolean(),
  sourceDtype: z.string(),
  sourceNodata: z.number().nullable(),
  areas: z.array(classAreaSchema),
  totalKm2: z.number().nonnegative(),
  /** Notes for the user, e.g. that legacy codes 101-107 were read as A-G. */
  notes: z.array(z.string()),
  display: displayGridSchema,
});
export type MapView = z.infer<typeof mapViewSchema>;

/** A point outside the map (or one no CRS transform reaches). */
export const outsideCellSchema = z.object({ inside: z.literal(false) });

/** The cell of a map under a point, as a click on a map (inspect) or on a result (probe) finds it. */
export const mapCellSchema = z.object({
  inside: z.literal(true),
  row: z.number().int(),
  col: z.number().int(),
  /** Its class; 0 when the cell is nodata (in a result: has no prediction). */
  value: z.number().int().min(0).max(17),
});

export const inspectResultSchema = z.discriminatedUnion('inside', [
  outsideCellSchema,
  mapCellSchema.extend({
    /** Coordinates of the point in the map's CRS. */
    x: finite,
    y: finite,
  }),
]);
export type InspectResult = z.infer<typeof inspectResultSchema>;

export const recentMapSchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentMap = z.infer<typeof recentMapSchema>;
