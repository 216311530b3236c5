import { z } from 'zod';
import { classAreaSchema, geoTransformSchema, mapViewSchema } from './maps';
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
  /** Rows: truth; columns: prediction. */
  confusion: z.array(z.array(z.number().int().nonnegative()).length(17)).length(17),
});
export type Accuracy = z.infer<typeof accuracySchema>;

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
  grid: z.object({ width: z.number().int(), height: z.number().int(), crs: z.string(), epsg: z.number().int().nullable(), geoTransform: geoTransformSchema }),
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
  z.object({ inside: z.literal(false) }),
  z.object({
    inside: z.literal(true),
    row: z.number().int(),
    col: z.number().int(),
    /** 0 when the cell has no prediction. */
    value: z.number().int().min(0).max(17),
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
