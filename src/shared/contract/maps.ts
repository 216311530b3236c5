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

/** A class grid warped to Web Mercator (nearest), for display only: row-major, one byte per cell, 0 = nodata. */
export const displayGridSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  corners: cornersSchema,
  classesBase64: z.string(),
});
export type DisplayGrid = z.infer<typeof displayGridSchema>;

export const mapViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  /** True for the demo map this app makes itself: it is not a real city. */
  synthetic: z.boolean(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  sourceDtype: z.string(),
  sourceNodata: z.number().nullable(),
  crs: crsSchema,
  geoTransform: geoTransformSchema,
  bounds: boundsSchema,
  areas: z.array(classAreaSchema),
  totalKm2: z.number().nonnegative(),
  /** Notes for the user, e.g. that legacy codes 101-107 were read as A-G. */
  notes: z.array(z.string()),
  display: displayGridSchema,
});
export type MapView = z.infer<typeof mapViewSchema>;

export const inspectResultSchema = z.discriminatedUnion('inside', [
  z.object({ inside: z.literal(false) }),
  z.object({
    inside: z.literal(true),
    row: z.number().int(),
    col: z.number().int(),
    /** 0 when the cell is nodata. */
    value: z.number().int().min(0).max(17),
    /** Coordinates of the point in the map's CRS. */
    x: finite,
    y: finite,
  }),
]);
export type InspectResult = z.infer<typeof inspectResultSchema>;

export const recentMapSchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentMap = z.infer<typeof recentMapSchema>;
