import { z } from 'zod';
import { ARCH_IDS } from '../architectures';
import { boundsSchema } from './maps';
import { sceneSettingsSchema } from './scenes';

const finite = z.number().finite();
const path = z.string().min(1).max(4096);
const share = z.number().min(0).max(1);
const lczValue = z.number().int().min(1).max(17);

/** A point of a training area: longitude, latitude in WGS 84 degrees (KML's and GeoJSON's coordinates). */
const lonLatSchema = z.tuple([finite.min(-180).max(180), finite.min(-90).max(90)]);
/** A closed ring: first and last points equal, at least a triangle. */
const ringSchema = z
  .array(lonLatSchema)
  .min(4)
  .max(100_000)
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], { message: 'a ring must end where it starts' });

/** One polygon (outer ring, then holes): multipart features are split into one area per part on import. */
export const areaPolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema).min(1).max(1000) }).strict();
export type AreaPolygon = z.infer<typeof areaPolygonSchema>;

/** A training area: a polygon the user says is of one LCZ class. */
export const trainingAreaSchema = z
  .object({
    /** Stable within its set: the file's feature (and part) it came from, or the drawing's id. */
    id: z.string().min(1).max(200),
    lcz: lczValue,
    /** The placemark's or feature's name ('' when it has none), for messages. */
    name: z.string().max(500),
    geometry: areaPolygonSchema,
  })
  .strict();
export type TrainingArea = z.infer<typeof trainingAreaSchema>;

export const trainingAreasSchema = z.array(trainingAreaSchema).max(100_000);

export const AREA_FORMATS = ['kml', 'kmz', 'geojson', 'shapefile'] as const;
export type AreaFormat = (typeof AREA_FORMATS)[number];

export const importedAreasSchema = z.object({ path: z.string(), format: z.enum(AREA_FORMATS), areas: trainingAreasSchema });
export type ImportedAreas = z.infer<typeof importedAreasSchema>;

/** What the checks before training look for (checks.ts says each one's rule). */
export const AREA_PROBLEMS = [
  'too-few-classes',
  'too-few-areas',
  'few-areas',
  'outside-scene',
  'partly-outside-scene',
  'over-nodata',
  'overlap',
  'smaller-than-cell',
  'large-buffered',
  'extent-too-large',
  'rare-class',
] as const;
export type AreaProblemCode = (typeof AREA_PROBLEMS)[number];

export const areaProblemSchema = z.object({
  code: z.enum(AREA_PROBLEMS),
  /** Errors stop the training; warnings are said and the training goes on. */
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** The areas concerned (empty for problems of the whole set, such as its extent). */
  areaIds: z.array(z.string()),
  lcz: lczValue.nullable(),
  /** Where to zoom to see it: [west, south, east, north] in degrees. */
  bounds: boundsSchema.nullable(),
});
export type AreaProblem = z.infer<typeof areaProblemSchema>;

export const areaClassCountSchema = z.object({ lcz: lczValue, areas: z.number().int().nonnegative(), cells: z.number().int().nonnegative() });

export const areasCheckSchema = z.object({
  problems: z.array(areaProblemSchema),
  /** Per class with at least one area: its polygons, and the output cells they give for training. */
  classes: z.array(areaClassCountSchema),
  /** No error among the problems. */
  canTrain: z.boolean(),
});
export type AreasCheck = z.infer<typeof areasCheckSchema>;

export const savedAreasSchema = z.object({ name: z.string(), path: z.string(), areas: z.number().int().nonnegative(), classes: z.number().int().nonnegative(), savedAt: z.string() });
export type SavedAreas = z.infer<typeof savedAreasSchema>;

/** A name for a saved set of areas: a file name, so no separators and nothing hidden. */
export const areaSetNameSchema = z
  .string()
  .min(1)
  .max(100)
  .refine((name) => !name.startsWith('.') && !/[/\\:*?"<>|]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32), {
    message: 'is not a usable name (no slashes, colons or control characters, not starting with a dot)',
  });

export const CLASSIFIERS = ['rf', 'cnn'] as const;
export type Classifier = (typeof CLASSIFIERS)[number];

/** Bootstrap runs when none are asked for: the generator's 25 forests; a CNN trains far slower, so only a few. */
export const DEFAULT_BOOTSTRAP_RUNS: Record<Classifier, number> = { rf: 25, cnn: 3 };

/**
 * The CNN classifier: a zoo model trained on So2Sat-format patches cut from the training areas, from scratch or
 * fine-tuned from a bundle of a training run (whose bands the scene must have).
 */
export const areasCnnSettingsSchema = z
  .object({
    /** Small by default: training areas give hundreds of patches, not hundreds of thousands. */
    arch: z.enum(ARCH_IDS).default('tiny-cnn'),
    width: z.number().positive().max(4).default(2),
    epochs: z.number().int().min(1).max(200).default(20),
    batchSize: z.number().int().min(4).max(512).default(16),
    learningRate: z.number().positive().max(1).default(2e-3),
    /** A bundle made by a training run to start from (its architecture, bands and normalisation are kept). */
    fromBundle: path.nullable().default(null),
  })
  .strict();
export type AreasCnnSettings = z.infer<typeof areasCnnSettingsSchema>;

/** Train a classifier on training areas over a scene, assess it by bootstrap, and map the scene into a result folder. */
export const areasMapParamsSchema = z
  .object({
    /** The training areas: KML/KMZ (WUDAPT template), GeoJSON, a zipped shapefile, or a set saved in the workspace. */
    areas: path,
    scene: path,
    settings: sceneSettingsSchema,
    /** The result folder; the app leaves it out and gets a new folder in the workspace's results. */
    outDir: path.optional(),
    classifier: z.enum(CLASSIFIERS).default('rf'),
    trees: z.number().int().min(1).max(1000).default(30),
    /** Bootstrap runs of the accuracy assessment (0: none, for a quick look); left out: DEFAULT_BOOTSTRAP_RUNS of the classifier. */
    bootstrap: z.number().int().min(0).max(1000).optional(),
    /** The CNN's settings (classifier 'cnn'); left out: the defaults. */
    cnn: areasCnnSettingsSchema.optional(),
    /** Deepest split of a tree (null: grown to purity, as the generator's). */
    maxDepth: z.number().int().min(1).max(100).nullable().default(null),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    resolutionM: finite.min(10).max(1000).default(100),
    /** 'scene': the whole scene; 'areas': the areas' bounds plus a 15 km margin (as the generator), within the scene. */
    extent: z.enum(['scene', 'areas']).default('scene'),
    /** A reference LCZ map of the same place, to measure the map's accuracy against it. */
    truth: path.nullable().default(null),
    name: z.string().min(1).max(200).optional(),
    /** Where the scene's cell features are kept between runs (the core gives the workspace's); left out: not kept. */
    cacheDir: path.optional(),
  })
  .strict()
  .refine((p) => p.classifier === 'cnn' || p.cnn === undefined, { message: 'cnn settings are for the cnn classifier', path: ['cnn'] });
export type AreasMapParams = z.infer<typeof areasMapParamsSchema>;

/** One bootstrap run's scores on its held-out polygons. */
export const bootstrapRunSchema = z.object({
  oa: share,
  oaU: share.nullable(),
  oaBU: share,
  oaW: share,
  /** Per LCZ 1-17; null where the class is in neither the test truth nor the predictions. */
  f1: z.array(share.nullable()).length(17),
  testCells: z.number().int().nonnegative(),
});
export type BootstrapRun = z.infer<typeof bootstrapRunSchema>;

export const suspiciousAreaSchema = z.object({
  id: z.string(),
  name: z.string(),
  lcz: lczValue,
  /** Share of its cells assigned another class over the runs that held it out. */
  otherShare: share,
  /** The class its cells were most often assigned instead. */
  assignedLcz: lczValue,
  runsTested: z.number().int().nonnegative(),
  bounds: boundsSchema,
});
export type SuspiciousArea = z.infer<typeof suspiciousAreaSchema>;

/** What an areas-map result says of its CNN. */
export const areasCnnRecordSchema = z.object({
  arch: z.enum(ARCH_IDS),
  width: z.number(),
  epochs: z.number().int(),
  parameters: z.number().int().nonnegative(),
  /** The patches cut from the areas (So2Sat format), in the result folder, and how many per LCZ value (index value - 1). */
  patchesFile: z.string(),
  patches: z.number().int().nonnegative(),
  classPatches: z.array(z.number().int().nonnegative()).length(17),
  /** The final model as a mapping bundle, in the result folder. */
  bundle: z.string(),
  /** The bundle it was fine-tuned from, or null: trained from scratch. */
  fromBundle: z.object({ dir: z.string(), name: z.string() }).nullable(),
  /** Said wherever the figures are read: the bootstrap is a few runs, not the generator's 25. */
  note: z.string(),
});
export type AreasCnnRecord = z.infer<typeof areasCnnRecordSchema>;

/** training-areas.json of an areas-map result: how the classifier was trained and assessed. */
export const areasAccuracySchema = z.object({
  schemaVersion: z.literal(1),
  classifier: z.enum(CLASSIFIERS),
  /** The forest's (null for the CNN). */
  trees: z.number().int().nullable(),
  maxDepth: z.number().int().nullable(),
  /** The forest's cell features, or the bands the CNN reads. */
  features: z.array(z.string()),
  /** How the CNN was made (null for the forest). */
  cnn: areasCnnRecordSchema.nullable().default(null),
  trainingCells: z.number().int().nonnegative(),
  classes: z.array(areaClassCountSchema),
  runs: z.array(bootstrapRunSchema),
  /** Mean over the runs (cells; rows truth, columns prediction). */
  meanConfusion: z.array(z.array(finite.nonnegative()).length(17)).length(17),
  meanF1: z.array(share.nullable()).length(17),
  suspicious: z.array(suspiciousAreaSchema),
  problems: z.array(areaProblemSchema),
  /** Seconds spent on the features; on the bootstrap and the final training (the CNN's: the cutting of patches too); on the final model's map. */
  seconds: z.object({ features: finite, bootstrap: finite, map: finite }),
});
export type AreasAccuracy = z.infer<typeof areasAccuracySchema>;

/** Cut So2Sat-format patches from a scene and an LCZ label raster of the same place. */
export const so2satCutParamsSchema = z
  .object({
    scene: path,
    settings: sceneSettingsSchema,
    /** An LCZ map (any CRS, any encoding readLczMap reads), resampled to the 100 m grid by mode. */
    labels: path,
    out: path,
    /** At most this many patches per class (randomly chosen); null: every usable cell. */
    perClassCap: z.number().int().min(1).max(10_000_000).nullable().default(null),
    /** Share of a cell's label samples that must be its mode; below it the cell is mixed and dropped. */
    minPurity: z.number().min(0.5).max(1).default(0.9),
    /** Largest share of a patch's pixels that may look like cloud (a patch with any no-data pixel is always dropped). */
    maxCloud: share.default(0.1),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    dtype: z.enum(['float32', 'float64']).default('float32'),
  })
  .strict();
export type So2SatCutParams = z.infer<typeof so2satCutParamsSchema>;
