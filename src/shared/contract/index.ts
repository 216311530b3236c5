import { z } from 'zod';
import { inspectResultSchema, mapViewSchema, recentMapSchema } from './maps';
import { jobRecordSchema, jobRequestSchema, jobStartedSchema } from './jobs';
import { brokenBundleSchema, bundleSummarySchema, importAnswersSchema, importedBundleSchema, importPlanSchema, importRequestSchema } from './bundles';
import { cellProbeSchema, resultListItemSchema, resultSummarySchema, resultViewSchema } from './results';
import { resolvedSceneSettingsSchema, sceneSettingsOverridesSchema, sceneSettingsSchema, sceneViewSchema } from './scenes';
import { classificationMetricsSchema } from './evaluation';
import { rasterInfoSchema } from './rasters';
import { datasetInfoSchema, evaluationRecordSchema, runListItemSchema, runStatusSchema } from './training';
import { sessionPatchSchema, sessionSchema } from './session';
import { areaSetNameSchema, areasAccuracySchema, areasCheckSchema, importedAreasSchema, savedAreasSchema, trainingAreasSchema } from './areas';
import { compareProbeSchema, comparisonListItemSchema, comparisonSchema, comparisonViewSchema } from './compare';
import { modelComparisonSchema } from './model-comparison';
import { basemapSettingsSchema, tileAnswerSchema, tileRequestSchema } from './basemap';
import { compatibilityReportSchema, deploymentListItemSchema, deploymentViewSchema, metisBundleSchema, metisDeployPlanSchema, metisJobLogSchema, metisStatusSchema } from './metis';

export * from './maps';
export * from './jobs';
export * from './scenes';
export * from './bundles';
export * from './results';
export * from './training';
export * from './evaluation';
export * from './session';
export * from './rasters';
export * from './compare';
export * from './metis';
export * from './distill';
export * from './areas';
export * from './compression';
export * from './model-comparison';
export * from './basemap';

const path = z.string().min(1).max(4096);
const id = z.string().min(1).max(100);

/** The faces over the one core: the desktop app, browser mode, and the `lcz` command (in process). */
export const FACES = ['electron', 'browser', 'cli'] as const;
export type Face = (typeof FACES)[number];

/**
 * The one contract between the faces (Electron IPC, browser-mode WebSocket, tests) and the core.
 * Every input is validated in the core with these (strict) schemas, whatever face it came from.
 */
export const contract = {
  'app/info': {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      face: z.enum(FACES),
      workspace: z.string(),
      demoMapPath: z.string(),
      /** Where the synthetic demo scene is (or will be) generated: it is too large to ship. */
      demoSceneDir: z.string(),
      /** Electron has native open/save dialogs; browser mode asks for a path instead. */
      nativeDialogs: z.boolean(),
    }),
  },
  'maps/open': {
    input: z.object({ path }).strict(),
    output: mapViewSchema,
  },
  'maps/inspect': {
    input: z.object({ mapId: z.string().min(1), lon: z.number().finite(), lat: z.number().finite() }).strict(),
    output: inspectResultSchema,
  },
  /** The accuracy of an LCZ map against a reference map (any grid or CRS: compared at the map's cell centres). */
  'maps/evaluate': {
    input: z.object({ map: path, truth: path }).strict(),
    output: classificationMetricsSchema,
  },
  'maps/recent': {
    input: z.object({}).strict(),
    output: z.array(recentMapSchema),
  },
  /** What kind of raster a file is, cheaply (header only): a one-band LCZ map or a multispectral scene. */
  'rasters/probe': {
    input: z.object({ path }).strict(),
    output: z.object({ kind: z.enum(['lcz-map', 'scene']), bandCount: z.number().int().positive() }),
  },
  /** What gdalinfo -stats says of any GeoTIFF: size, bands, type, CRS, geotransform, nodata, per-band statistics. */
  'rasters/info': {
    input: z.object({ path }).strict(),
    output: rasterInfoSchema,
  },
  'scenes/open': {
    input: z.object({ path }).strict(),
    output: sceneViewSchema,
  },
  /** Saves a scene's band mapping and scaling (in the workspace) and returns it redrawn with them. */
  'scenes/configure': {
    input: z.object({ sceneId: id, settings: sceneSettingsSchema }).strict(),
    output: sceneViewSchema,
  },
  /**
   * The settings a scene is mapped with, without opening it for display: saved in the workspace, else read from the
   * file, then the overrides; and the true LCZ map it names (the synthetic demo's). scenes/open resolves them alike.
   */
  'scenes/settings': {
    input: z.object({ path, overrides: sceneSettingsOverridesSchema.default({}) }).strict(),
    output: resolvedSceneSettingsSchema,
  },
  /** The synthetic demo scene: its path, and whether it has been generated yet (job "demo-scene" makes it). */
  'scenes/demo': {
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), ready: z.boolean() }),
  },
  'bundles/list': {
    input: z.object({}).strict(),
    output: z.object({ bundles: z.array(bundleSummarySchema), broken: z.array(brokenBundleSchema) }),
  },
  /**
   * Plans a bundle from a bare ONNX classifier and the answers so far: what the file says, and what is still to be
   * asked (answer keys, and why). With `out`, that folder is checked first: a bundle could not be written there.
   */
  'bundles/import-plan': {
    input: z.object({ path, out: path.optional(), answers: importAnswersSchema }).strict(),
    output: importPlanSchema,
  },
  /** Imports a bare ONNX classifier as a bundle, once its plan asks nothing more (checked on one batch first). */
  'bundles/import': {
    input: importRequestSchema,
    output: importedBundleSchema,
  },
  /** What stops these bundles from mapping this scene (empty when nothing does). */
  'mapping/check': {
    input: z.object({ sceneId: id, bundles: z.array(path).min(1).max(32), bandEquivalence: z.boolean().optional() }).strict(),
    output: z.object({ problems: z.array(z.string()) }),
  },
  'results/list': {
    input: z.object({}).strict(),
    output: z.array(resultListItemSchema),
  },
  'results/open': {
    input: z.object({ dir: path }).strict(),
    output: resultViewSchema,
  },
  /** A result's summary.json alone (no layers read): its settings, figures and accuracy. */
  'results/summary': {
    input: z.object({ dir: path }).strict(),
    output: resultSummarySchema,
  },
  /** Everything known about one cell of an open result: class, 17 probabilities, confidence, truth. */
  'results/probe': {
    input: z.object({ resultId: id, lon: z.number().finite(), lat: z.number().finite() }).strict(),
    output: cellProbeSchema,
  },
  'runs/list': {
    input: z.object({}).strict(),
    output: z.array(runListItemSchema),
  },
  /** A run's state, curves and (once evaluated) its evaluation: the Training panel polls it while a run goes on. */
  'runs/get': {
    input: z.object({ dir: path }).strict(),
    output: z.object({ status: runStatusSchema, evaluation: evaluationRecordSchema.nullable() }),
  },
  /**
   * What a So2Sat-format file holds (patches, datasets, class counts, label problems); with `statistics`, also each
   * band's mean and std, one pass over every patch (slow on the real files: progress and cancel through the context).
   */
  'datasets/inspect': {
    input: z.object({ path, statistics: z.boolean().default(false) }).strict(),
    output: datasetInfoSchema,
  },
  /** The synthetic So2Sat training file in the workspace: its path, and whether it exists (job "so2sat-synth" makes it). */
  'datasets/demo': {
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), ready: z.boolean() }),
  },
  /** Training areas from a file: KML/KMZ in the WUDAPT template, GeoJSON, or a zipped shapefile (checked polygons). */
  'areas/import': {
    input: z.object({ path }).strict(),
    output: importedAreasSchema,
  },
  /**
   * The checks before training (areas/checks.ts) of areas over a scene: counts per class, problems with where to zoom.
   * Reads the scene's pixels under the areas (no data); `resolutionM` is the output cell size.
   */
  'areas/check': {
    input: z.object({ areas: trainingAreasSchema, scene: path, resolutionM: z.number().finite().min(10).max(1000).default(100) }).strict(),
    output: areasCheckSchema,
  },
  /** Saves a set of areas in the workspace (areas/<name>.geojson), replacing one of that name. */
  'areas/save': {
    input: z.object({ name: areaSetNameSchema, areas: trainingAreasSchema }).strict(),
    output: savedAreasSchema,
  },
  'areas/list': {
    input: z.object({}).strict(),
    output: z.array(savedAreasSchema),
  },
  /** Writes areas to a file: KML in the WUDAPT template, or GeoJSON. */
  'areas/export': {
    input: z.object({ areas: trainingAreasSchema, path, format: z.enum(['kml', 'geojson']), city: z.string().max(200).default('City') }).strict(),
    output: z.object({ path: z.string() }),
  },
  /** The bootstrap accuracy, mean confusion matrix and suspicious areas of a result made by an areas-map job. */
  'areas/result': {
    input: z.object({ dir: path }).strict(),
    output: areasAccuracySchema,
  },
  /** The window's session (session.json in the workspace), without the files gone since: those are listed in `dropped`. */
  'session/get': {
    input: z.object({}).strict(),
    output: z.object({ session: sessionSchema.nullable(), dropped: z.array(z.string()) }),
  },
  /** Saves the parts of the session that changed. */
  'session/set': {
    input: sessionPatchSchema,
    output: z.object({}),
  },
  /** The comparisons saved in the workspace (job "compare" makes them), newest first. */
  'compare/list': {
    input: z.object({}).strict(),
    output: z.array(comparisonListItemSchema),
  },
  /** A comparison's comparison.json alone (no map read). */
  'compare/summary': {
    input: z.object({ dir: path }).strict(),
    output: comparisonSchema,
  },
  /** A comparison for the Compare view: its numbers, both maps for display and the difference layer. */
  'compare/open': {
    input: z.object({ dir: path }).strict(),
    output: comparisonViewSchema,
  },
  /** The class of each map of an open comparison under one point (the linked cursor). */
  'compare/probe': {
    input: z.object({ comparisonId: id, lon: z.number().finite(), lat: z.number().finite() }).strict(),
    output: compareProbeSchema,
  },
  /** Axelera Metis cards on this machine (or the simulator's, when it is on), the SDK, and every problem with its remedy. */
  'metis/status': {
    input: z.object({}).strict(),
    output: metisStatusSchema,
  },
  /** Can this bundle go on a Metis card: shapes, opset, every operator against the AIPU rules, what runs on the host. */
  'metis/check': {
    input: z.object({ bundle: path }).strict(),
    output: compatibilityReportSchema,
  },
  /** The bundles the Deploy view offers, students (distilled, int8, pruned) first, with their deployments. */
  'metis/bundles': {
    input: z.object({}).strict(),
    output: z.object({ bundles: z.array(metisBundleSchema), broken: z.array(brokenBundleSchema) }),
  },
  /** What deploying a bundle would compile, compare and write, and the calibration data at hand (job metis-deploy). */
  'metis/plan': {
    input: z.object({ bundle: path }).strict(),
    output: metisDeployPlanSchema,
  },
  /** A deployment folder's deployment.json, its compatibility report and sizes: the report. */
  'metis/deployment': {
    input: z.object({ dir: path }).strict(),
    output: deploymentViewSchema,
  },
  /** The deployments in the workspace (and beside the bundles), newest first; of one bundle when given. */
  'metis/deployments': {
    input: z.object({ bundle: path.optional() }).strict(),
    output: z.array(deploymentListItemSchema),
  },
  /** A new file in the workspace for a Metis job's log (the `log` of metis-benchmark and metis-firmware-update). */
  'metis/new-log': {
    input: z.object({}).strict(),
    output: z.object({ file: z.string() }),
  },
  /** The steps and log a Metis job writes as it goes (null before its first write). */
  'metis/log': {
    input: z.object({ file: path }).strict(),
    output: metisJobLogSchema.nullable(),
  },
  /** A compare-models job's report (its folder's report.json): the Distillation view shows it. */
  'models/comparison': {
    input: z.object({ dir: path }).strict(),
    output: modelComparisonSchema,
  },
  /** The basemap's settings: the user's own tile source, as the core checked it (null: none set). */
  'basemap/settings': {
    input: z.object({}).strict(),
    output: basemapSettingsSchema,
  },
  /** Sets the user's tile source: an XYZ URL template or a local .pmtiles or .mbtiles file (checked first), or null for none. */
  'basemap/configure': {
    input: z.object({ custom: z.string().max(4096).nullable() }).strict(),
    output: basemapSettingsSchema,
  },
  /** One basemap tile, fetched and cached by the core (or read from the PMTiles or MBTiles file), or why there is none. */
  'basemap/tile': {
    input: tileRequestSchema,
    output: tileAnswerSchema,
  },
  'jobs/start': {
    input: jobRequestSchema,
    output: jobStartedSchema,
  },
  'jobs/cancel': {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ ok: z.boolean() }),
  },
  'jobs/list': {
    input: z.object({}).strict(),
    output: z.array(jobRecordSchema),
  },
  'dialog/open-file': {
    input: z.object({ title: z.string().max(200) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'dialog/save-file': {
    input: z.object({ title: z.string().max(200), defaultPath: z.string() }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

export type Contract = typeof contract;
export type ContractKey = keyof Contract;
export type InputOf<K extends ContractKey> = z.input<Contract[K]['input']>;
export type OutputOf<K extends ContractKey> = z.infer<Contract[K]['output']>;

/** Events pushed from the core to every face. */
export const events = {
  'jobs/update': jobRecordSchema,
  /** The desktop app's menu (File > Open…, Export…): the renderer acts as for its toolbar buttons. */
  'menu/command': z.enum(['open', 'export']),
} as const;
export type EventKey = keyof typeof events;
export type EventOf<K extends EventKey> = z.infer<(typeof events)[K]>;

export function isContractKey(key: string): key is ContractKey {
  return Object.prototype.hasOwnProperty.call(contract, key);
}

/** How an error crosses a face: a message for the user, and the file it concerns when there is one. */
export const wireErrorSchema = z.object({ message: z.string(), file: z.string().optional() });
export type WireError = z.infer<typeof wireErrorSchema>;
