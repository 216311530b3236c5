import { z } from 'zod';
import { sceneSettingsSchema } from './scenes';
import { FUSIONS, evaluateModelParamsSchema, exportOnnxParamsSchema, resumeParamsSchema, trainParamsSchema } from './training';

const path = z.string().min(1).max(4096);

export const exportMapParamsSchema = z
  .object({
    input: z.string().min(1),
    output: z.string().min(1),
    overviewResampling: z.enum(['nearest', 'mode']).default('mode'),
  })
  .strict();
export type ExportMapParams = z.infer<typeof exportMapParamsSchema>;

export const mapSceneParamsSchema = z
  .object({
    scene: path,
    settings: sceneSettingsSchema,
    /** Bundle folders; more than one is an ensemble. */
    bundles: z.array(path).min(1).max(32),
    /** The result folder; the app leaves it out and gets a new folder in the workspace's results. */
    outDir: path.optional(),
    resolutionM: z.number().finite().min(1).max(10_000).default(100),
    tta: z.boolean().default(false),
    filter: z.boolean().default(false),
    /**
     * How an ensemble's members are fused: mean of probabilities (sum rule) or of logits. Left out: as the bundles
     * record their ensemble was fused in training when they all agree, else the sum rule (mapping/fusion-choice.ts).
     */
    fusion: z.enum(FUSIONS).optional(),
    /** A reference LCZ map of the same place, to measure the result's accuracy. */
    truth: path.nullable().default(null),
    /** The result's name in lists (default: the scene's). */
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type MapSceneParams = z.infer<typeof mapSceneParamsSchema>;

/** Cells (100 m) across a synthetic demo scene: 1 km to 200 km. */
export const DEMO_SCENE_CELLS = { min: 10, max: 2000 } as const;

/** Why a demo scene size is refused, in words for the user (null when it is fine). */
export function demoSceneSizeProblem(size: number): string | null {
  if (Number.isInteger(size) && size >= DEMO_SCENE_CELLS.min && size <= DEMO_SCENE_CELLS.max) return null;
  return `the scene size is ${size} cells; give a whole number of 100 m cells from ${DEMO_SCENE_CELLS.min} to ${DEMO_SCENE_CELLS.max}`;
}

/** The synthetic demo scene (Sentinel-2-like, 10 bands) and its true LCZ map, written into a folder. */
export const demoSceneParamsSchema = z
  .object({
    outDir: path,
    /** 100 m cells across and down; the scene has 10 x as many 10 m pixels. */
    size: z.number().int().min(DEMO_SCENE_CELLS.min).max(DEMO_SCENE_CELLS.max).default(150),
    seed: z.number().int().min(0).max(2_147_483_647).default(42),
  })
  .strict();
export type DemoSceneParams = z.infer<typeof demoSceneParamsSchema>;

/** Patches in one synthetic So2Sat file: far more than any test or demo needs, far less than a disk holds. */
export const MAX_SYNTHETIC_PATCHES = 2_000_000;

/** A So2Sat LCZ42-format HDF5 file of patches cut from synthetic cities (sen2, one-hot label, optional sen1). */
export const so2satSynthParamsSchema = z
  .object({
    out: path,
    patches: z.number().int().min(1).max(MAX_SYNTHETIC_PATCHES),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    dtype: z.enum(['float32', 'float64']).default('float32'),
    sen1: z.boolean().default(false),
    gzip: z.boolean().default(false),
  })
  .strict();
export type So2SatSynthParams = z.infer<typeof so2satSynthParamsSchema>;

/** Every job kind with its parameters: adding a kind here is how a new job enters the app. */
export const jobRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('export-map'), params: exportMapParamsSchema }).strict(),
  z.object({ kind: z.literal('map'), params: mapSceneParamsSchema }).strict(),
  z.object({ kind: z.literal('demo-scene'), params: demoSceneParamsSchema }).strict(),
  z.object({ kind: z.literal('so2sat-synth'), params: so2satSynthParamsSchema }).strict(),
  z.object({ kind: z.literal('train'), params: trainParamsSchema }).strict(),
  z.object({ kind: z.literal('resume-training'), params: resumeParamsSchema }).strict(),
  z.object({ kind: z.literal('evaluate-model'), params: evaluateModelParamsSchema }).strict(),
  z.object({ kind: z.literal('export-onnx'), params: exportOnnxParamsSchema }).strict(),
]);
export type JobRequest = z.infer<typeof jobRequestSchema>;
/** A request as callers write it: defaults may be left out (the job manager fills them in). */
export type JobRequestInput = z.input<typeof jobRequestSchema>;
export type JobKind = JobRequest['kind'];

export const jobProgressSchema = z.object({
  stage: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /** Live figures worth showing, e.g. { patchesPerSecond: 1830 }. */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

const base = {
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** When the job was asked for (a queued job starts later); lists are ordered by it. */
  startedAt: z.string(),
  progress: jobProgressSchema.nullable(),
};

/**
 * A job's record: its state decides which fields exist, so a finished job cannot lack its outcome. Heavy jobs beyond
 * the machine's limit wait 'queued' (no process yet, so no progress) and run in turn; a queued job may be cancelled.
 */
export const jobRecordSchema = z.discriminatedUnion('state', [
  z.object({
    ...base,
    state: z.literal('queued'),
    progress: z.null(),
    /** Place in the queue: 1 starts next. */
    position: z.number().int().positive(),
  }),
  z.object({ ...base, state: z.literal('running') }),
  z.object({
    ...base,
    state: z.literal('succeeded'),
    endedAt: z.string(),
    outputs: z.array(z.string()),
    /** Peak resident memory of the job's process, in MB. */
    peakMemoryMb: z.number().nonnegative().optional(),
  }),
  z.object({ ...base, state: z.literal('failed'), endedAt: z.string(), reason: z.string() }),
  z.object({ ...base, state: z.literal('cancelled'), endedAt: z.string() }),
]);
export type JobRecord = z.infer<typeof jobRecordSchema>;
export type JobState = JobRecord['state'];
export type QueuedJobRecord = Extract<JobRecord, { state: 'queued' }>;
export type RunningJobRecord = Extract<JobRecord, { state: 'running' }>;
export type EndedJobRecord = Exclude<JobRecord, QueuedJobRecord | RunningJobRecord>;

/** Whether a job has ended (succeeded, failed or cancelled): a queued job has not, though it is not running. */
export function isJobEnded(record: JobRecord): record is EndedJobRecord {
  return record.state !== 'queued' && record.state !== 'running';
}
