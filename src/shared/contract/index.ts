import { z } from 'zod';
import { inspectResultSchema, mapViewSchema, recentMapSchema } from './maps';
import { jobRecordSchema, jobRequestSchema } from './jobs';
import { brokenBundleSchema, bundleSummarySchema } from './bundles';
import { cellProbeSchema, resultListItemSchema, resultViewSchema } from './results';
import { sceneSettingsSchema, sceneViewSchema } from './scenes';
import { evaluationSchema } from './evaluation';
import { datasetInfoSchema, runListItemSchema, runStatusSchema } from './training';
import { sessionPatchSchema, sessionSchema } from './session';

export * from './maps';
export * from './jobs';
export * from './scenes';
export * from './bundles';
export * from './results';
export * from './training';
export * from './evaluation';
export * from './session';

const path = z.string().min(1).max(4096);
const id = z.string().min(1).max(100);

/**
 * The one contract between the faces (Electron IPC, browser-mode WebSocket, tests) and the core.
 * Every input is validated in the core with these (strict) schemas, whatever face it came from.
 */
export const contract = {
  'app/info': {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      face: z.enum(['electron', 'browser']),
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
  'maps/recent': {
    input: z.object({}).strict(),
    output: z.array(recentMapSchema),
  },
  /** What kind of raster a file is, cheaply (header only): a one-band LCZ map or a multispectral scene. */
  'rasters/probe': {
    input: z.object({ path }).strict(),
    output: z.object({ kind: z.enum(['lcz-map', 'scene']), bandCount: z.number().int().positive() }),
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
  /** The synthetic demo scene: its path, and whether it has been generated yet (job "demo-scene" makes it). */
  'scenes/demo': {
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), ready: z.boolean() }),
  },
  'bundles/list': {
    input: z.object({}).strict(),
    output: z.object({ bundles: z.array(bundleSummarySchema), broken: z.array(brokenBundleSchema) }),
  },
  /** What stops these bundles from mapping this scene (empty when nothing does). */
  'mapping/check': {
    input: z.object({ sceneId: id, bundles: z.array(path).min(1).max(32) }).strict(),
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
    output: z.object({ status: runStatusSchema, evaluation: evaluationSchema.nullable() }),
  },
  /** What a So2Sat-format file holds (patches, datasets, class counts). */
  'datasets/inspect': {
    input: z.object({ path }).strict(),
    output: datasetInfoSchema,
  },
  /** The synthetic So2Sat training file in the workspace: its path, and whether it exists (job "so2sat-synth" makes it). */
  'datasets/demo': {
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), ready: z.boolean() }),
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
  'jobs/start': {
    input: jobRequestSchema,
    output: z.object({ jobId: z.string() }),
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
