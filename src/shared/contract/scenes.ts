import { z } from 'zod';
import { SENSORS, isBandId } from '../bands';
import { boundsSchema, cornersSchema, crsSchema, geoTransformSchema } from './maps';

const finite = z.number().finite();

export const bandIdSchema = z.string().refine(isBandId, { message: 'is not a known band id (for example "S2.B4" or "L8.B5")' });

/**
 * How to read a scene's pixels as reflectance: which band each file band is, and the scaling.
 * Reflectance = DN x scale + offset (Sentinel-2 L2A GeoTIFFs: scale 0.0001, offset 0).
 */
export const sceneSettingsSchema = z
  .object({
    sensor: z.enum(SENSORS).nullable(),
    /** One entry per band of the file: the band it holds, or null for a band no model uses. */
    bands: z.array(bandIdSchema.nullable()).min(1),
    scale: finite.positive(),
    offset: finite,
  })
  .strict()
  .superRefine((s, ctx) => {
    const named = s.bands.filter((b): b is string => b !== null);
    if (new Set(named).size !== named.length) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'names the same band twice' });
  });
export type SceneSettings = z.infer<typeof sceneSettingsSchema>;

/** Where a scene's settings came from: its own metadata, what the user saved, or a guess the user should check. */
export const settingsOriginSchema = z.enum(['file', 'saved', 'guessed']);
export type SettingsOrigin = z.infer<typeof settingsOriginSchema>;

/** A true-colour picture of a scene warped to Web Mercator for display: RGB bytes, 0,0,0 = no data. */
export const scenePreviewSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  corners: cornersSchema,
  rgbBase64: z.string(),
  /** Which bands were drawn as red, green, blue (or one band as grey). */
  drawn: z.array(z.string()),
});
export type ScenePreview = z.infer<typeof scenePreviewSchema>;

export const sceneViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  synthetic: z.boolean(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bandCount: z.number().int().positive(),
  dtype: z.string(),
  nodata: z.number().nullable(),
  crs: crsSchema,
  geoTransform: geoTransformSchema,
  bounds: boundsSchema,
  /** Pixel size in metres (approximate for geographic scenes). */
  pixelSizeM: finite.positive(),
  /**
   * What the file calls each band ('' where nothing): its description, or a name from its per-band metadata
   * (BANDNAME...) when only that names a band. The band mapping is read again from these when the sensor changes.
   */
  descriptions: z.array(z.string()),
  settings: sceneSettingsSchema,
  settingsOrigin: settingsOriginSchema,
  /** A true LCZ map of the same place, when one is known (the synthetic demo's truth). */
  truthPath: z.string().nullable(),
  preview: scenePreviewSchema,
});
export type SceneView = z.infer<typeof sceneViewSchema>;
