import { z } from 'zod';
import { SENSORS, isBandId } from '../bands';
import { cornersSchema, georeferencingSchema } from './maps';

const finite = z.number().finite();

export const bandIdSchema = z.string().refine(isBandId, { message: 'is not a known band id (for example "S2.B4" or "L8.B5")' });

/**
 * An area of interest in degrees of longitude and latitude (WGS 84): the part of a scene to map. A drawn polygon gives
 * its bounds. A Sentinel-2 tile is 110 km across; most cities need a fraction of it.
 */
export const lonLatBoxSchema = z
  .object({ west: finite.min(-180).max(180), south: finite.min(-90).max(90), east: finite.min(-180).max(180), north: finite.min(-90).max(90) })
  .strict()
  .refine((b) => b.west < b.east && b.south < b.north, { message: 'must have west < east and south < north' });
export type LonLatBox = z.infer<typeof lonLatBoxSchema>;

/**
 * How to read a scene's pixels as reflectance: which band each file band is, and the scaling.
 * Reflectance = DN x scale + offset (Sentinel-2 L2A GeoTIFFs: scale 0.0001, offset 0). A satellite product (SAFE,
 * Landsat Collection 2) is read as reflectance already, with its own scale and offset applied: scale 1, offset 0.
 */
export const sceneSettingsSchema = z
  .object({
    sensor: z.enum(SENSORS).nullable(),
    /** One entry per band of the file: the band it holds, or null for a band no model uses. */
    bands: z.array(bandIdSchema.nullable()).min(1),
    scale: finite.positive(),
    offset: finite,
    /** Map only this area (absent: the whole scene); the app and lcz map --aoi crop alike. */
    aoi: lonLatBoxSchema.optional(),
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

/**
 * A satellite product read as a scene (scenes/products/): what it is, how its digital numbers became reflectance and
 * what was masked, in words a user can check against the product's own documentation.
 */
export const productInfoSchema = z.object({
  kind: z.enum(['sentinel-2-safe', 'landsat-c2']),
  /** The product's own name: S2B_MSIL2A_..., LC08_L2SP_... */
  id: z.string(),
  /** L2A, L1C (Sentinel-2); L2SP, L2SR (Landsat). */
  level: z.string(),
  sensor: z.enum(SENSORS),
  spacecraft: z.string(),
  /** When it was sensed (ISO date or date-time, as the metadata says). */
  acquired: z.string(),
  /** Surface (bottom-of-atmosphere) or top-of-atmosphere reflectance. */
  reflectance: z.enum(['surface', 'top-of-atmosphere']),
  /** "(DN - 1000) / 10000 (processing baseline 04.00)" */
  scaling: z.string(),
  /** What was masked and from which layer: "clouds (SCL 8, 9, 10), cloud shadows (3), no data (0), saturated (1)". */
  masking: z.string(),
  /** How bands of coarser resolution were brought to the scene's grid. */
  resampling: z.string(),
  /** The cloud cover the product's metadata gives for the whole product (%), when it does. */
  cloudCoverPercent: z.number().nullable(),
  /** The whole product's size in pixels, before any area of interest. */
  fullWidth: z.number().int().positive(),
  fullHeight: z.number().int().positive(),
});
export type ProductInfo = z.infer<typeof productInfoSchema>;

export const sceneViewSchema = georeferencingSchema.extend({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  synthetic: z.boolean(),
  bandCount: z.number().int().positive(),
  dtype: z.string(),
  nodata: z.number().nullable(),
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
  /** A satellite product (SAFE, Landsat Collection 2), not a plain GeoTIFF; absent for GeoTIFFs. */
  product: productInfoSchema.optional(),
  /** When the settings name an area of interest: the scene shown (and mapped) is that part, this many pixels of the whole. */
  fullSize: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
});
export type SceneView = z.infer<typeof sceneViewSchema>;

/**
 * What a caller says about a scene's settings over what is saved or read from the file (lcz map's --sensor, --bands,
 * --scale, --offset). A sensor alone reads the file's band names again as that sensor's (B2 is green on Landsat 7,
 * blue on Landsat 8); bands name each band of the file outright.
 */
export const sceneSettingsOverridesSchema = z
  .object({
    sensor: z.enum(SENSORS),
    bands: z.array(bandIdSchema.nullable()).min(1),
    scale: finite.positive(),
    offset: finite,
    /** null: the whole scene, whatever is saved. */
    aoi: lonLatBoxSchema.nullable(),
  })
  .partial()
  .strict();
export type SceneSettingsOverrides = z.infer<typeof sceneSettingsOverridesSchema>;

/** The true LCZ map a scene names in its metadata (the synthetic demo's), and whether it is beside the scene. */
export const sceneTruthSchema = z.object({ name: z.string(), path: z.string(), exists: z.boolean() });
export type SceneTruth = z.infer<typeof sceneTruthSchema>;

/** A scene's settings to map it with, as the core resolves them: saved, else from the file, then the overrides. */
export const resolvedSceneSettingsSchema = z.object({
  path: z.string(),
  settings: sceneSettingsSchema,
  /** Where the band mapping came from; 'given' when the overrides named the bands. 'guessed' is worth a warning. */
  bandsOrigin: z.enum([...settingsOriginSchema.options, 'given']),
  truth: sceneTruthSchema.nullable(),
});
export type ResolvedSceneSettings = z.infer<typeof resolvedSceneSettingsSchema>;
