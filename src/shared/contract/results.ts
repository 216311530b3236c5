import { z } from 'zod';
import { SENSORS } from '../bands';
import { classAreaSchema, georeferencingSchema, mapCellSchema, mapViewSchema, outsideCellSchema } from './maps';
import { resultDeviceSchema } from './metis';
import { sceneSettingsSchema } from './scenes';
import { FUSIONS } from './training';

const finite = z.number().finite();
const share = z.number().min(0).max(1);

/** Accuracy of a map against a reference map of the same place (the synthetic demo's truth, or field data). */
export const accuracySchema = z.object({
  truthPath: z.string(),
  /** Cells compared (valid in both maps). */
  n: z.number().int().nonnegative(),
  oa: share,
  kappa: finite,
  /** Per LCZ value 1-17 (index value - 1); null where the class occurs in neither map. */
  f1: z.array(share.nullable()).length(17),
  macroF1: share.nullable(),
  /** WUDAPT's OA_u, OA_bu and OA_w (metrics/classification.ts); null in results written before they were recorded. */
  oaUrban: share.nullable().default(null),
  oaBuiltNatural: share.nullable().default(null),
  oaWeighted: share.nullable().default(null),
  /** Rows: truth; columns: prediction. */
  confusion: z.array(z.array(z.number().int().nonnegative()).length(17)).length(17),
});
export type Accuracy = z.infer<typeof accuracySchema>;

/** How a scene's bands stood in for the bands a model was trained on (shared/bands.ts: bandRecipe). */
export const bandEquivalenceSchema = z.object({
  /** The scene's sensor, and the sensor(s) the models were trained on. */
  sceneSensor: z.enum(SENSORS).nullable(),
  bands: z.array(
    z.object({
      /** The model's band... */
      id: z.string(),
      /** ...taken from these scene bands, weighted (one band: weight 1). */
      from: z.array(z.string()).min(1).max(2),
      weights: z.array(finite).min(1).max(2),
      kind: z.enum(['equivalent', 'interpolated']),
    }),
  ),
});
export type BandEquivalenceUse = z.infer<typeof bandEquivalenceSchema>;

export const mappingSettingsSchema = z
  .object({
    resolutionM: finite.positive(),
    tta: z.boolean(),
    filter: z.boolean(),
    fusion: z.enum(FUSIONS).default('sum-rule'),
  })
  .strict();
export type MappingSettings = z.infer<typeof mappingSettingsSchema>;

/** The files of a mapping result, relative to its folder. */
export const resultFilesSchema = z.object({
  lcz: z.string(),
  style: z.string(),
  probabilities: z.string(),
  confidence: z.string(),
  disagreement: z.string().nullable(),
  summary: z.string(),
  report: z.string(),
});

/**
 * summary.json of a mapping result: written last, so a folder holding it is complete. It is what the app lists
 * and reopens, and what a user reads to know how the map was made.
 */
export const resultSummarySchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  synthetic: z.boolean(),
  scene: z.object({ path: z.string(), name: z.string(), settings: sceneSettingsSchema }),
  models: z.array(z.object({ dir: z.string(), name: z.string(), bands: z.array(z.string()), patchSize: z.number().int(), resolutionM: finite, temperature: finite })),
  settings: mappingSettingsSchema,
  grid: georeferencingSchema.pick({ width: true, height: true, geoTransform: true }).extend({ crs: z.string(), epsg: z.number().int().nullable() }),
  files: resultFilesSchema,
  stats: z.object({
    cells: z.number().int(),
    predictedCells: z.number().int(),
    patches: z.number().int(),
    seconds: finite,
    patchesPerSecond: finite,
    /** Share of the time the pipeline waited for the model (the rest: reading and cutting patches). */
    modelShare: share,
    engine: z.string(),
    /**
     * Cells whose class the majority filter changed (null: no filter). There the class drawn is not the most probable
     * one; the probabilities stay the model's, the confidence layers describe the class drawn.
     */
    filterChangedCells: z.number().int().nonnegative().nullable().default(null),
  }),
  areas: z.array(classAreaSchema),
  totalKm2: finite,
  confidence: z.object({
    meanMaxProbability: share,
    /** Share of mapped cells whose top probability is under 0.5. */
    lowConfidenceShare: share,
    meanDisagreement: share.nullable(),
  }),
  accuracy: accuracySchema.nullable(),
  /** The Metis card the model ran on (main/metis/run), when it did not run on this machine's CPU. */
  device: resultDeviceSchema.optional(),
  /**
   * What the models were trained on, as their bundles' provenance says: "synthetic" (every model), "mixed" (some),
   * "real", or "unknown" (imported models that do not say). A synthetic-trained model on a real scene is allowed, and
   * said everywhere the result is shown.
   */
  modelTrainedOn: z.enum(['synthetic', 'mixed', 'real', 'unknown']).default('unknown'),
  /** Bands the models need that the scene has not, taken from the scene's sensor's equivalent bands (null: none were). */
  bandEquivalence: bandEquivalenceSchema.nullable().default(null),
  /** Most mapped cells are unsure: their most probable class has a probability under 0.5. */
  mostlyUnsure: z.boolean().default(false),
  /** A model records an overall accuracy under 0.5 (bundles/bundle-check.ts), or records none. */
  poorRecordedAccuracy: z.boolean().default(false),
  /** What a user must know before trusting the map, one sentence each: the app, report.md and the CLI show them all. */
  warnings: z.array(z.string()).default([]),
});
export type ResultSummary = z.infer<typeof resultSummarySchema>;

/** Confidence grids warped like the LCZ layer (same display grid), one byte per cell: 0-250 = 0-1, 255 = no data. */
export const confidenceDisplaySchema = z.object({
  maxProbabilityBase64: z.string(),
  marginBase64: z.string(),
  /** Stored as 1 - normalised entropy, so that for every measure high means sure. */
  certaintyBase64: z.string(),
  disagreementBase64: z.string().nullable(),
});
export type ConfidenceDisplay = z.infer<typeof confidenceDisplaySchema>;

export const resultViewSchema = z.object({
  summary: resultSummarySchema,
  dir: z.string(),
  map: mapViewSchema,
  confidence: confidenceDisplaySchema,
});
export type ResultView = z.infer<typeof resultViewSchema>;

export const resultListItemSchema = z.object({
  id: z.string(),
  dir: z.string(),
  name: z.string(),
  createdAt: z.string(),
  synthetic: z.boolean(),
  oa: share.nullable(),
});
export type ResultListItem = z.infer<typeof resultListItemSchema>;

export const cellProbeSchema = z.discriminatedUnion('inside', [
  outsideCellSchema,
  mapCellSchema.extend({
    /** 17 probabilities (LCZ 1-17), null for a cell without prediction. */
    probabilities: z.array(share).length(17).nullable(),
    maxProbability: share.nullable(),
    margin: share.nullable(),
    entropy: share.nullable(),
    disagreement: share.nullable(),
    /** The reference class here, when the result has a truth map. */
    truth: z.number().int().min(0).max(17).nullable(),
  }),
]);
export type CellProbe = z.infer<typeof cellProbeSchema>;
