import { z } from 'zod';
import { sceneSettingsSchema } from './scenes';
import { mappingDeviceSchema, metisBenchmarkParamsSchema, metisDeployParamsSchema, metisFirmwareParamsSchema } from './metis';
import { compareJobParamsSchema } from './compare';
import { areasMapParamsSchema, so2satCutParamsSchema } from './areas';
import { distillParamsSchema } from './distill';
import { pruneParamsSchema, quantizeParamsSchema } from './compression';
import { compareModelsParamsSchema } from './model-comparison';
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
    /** Run the model on an Axelera Metis card (a verified deployment of the one bundle mapped) instead of the CPU. */
    device: mappingDeviceSchema.optional(),
    /**
     * Accept band equivalence: bands a model needs that the scene has not are taken from the scene sensor's equivalent
     * bands (shared/bands.ts: a Landsat scene for a Sentinel-2 model); the result says so. Off: such a scene is refused.
     */
    bandEquivalence: z.boolean().default(false),
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
  z.object({ kind: z.literal('distill'), params: distillParamsSchema }).strict(),
  z.object({ kind: z.literal('quantize'), params: quantizeParamsSchema }).strict(),
  z.object({ kind: z.literal('prune'), params: pruneParamsSchema }).strict(),
  z.object({ kind: z.literal('compare-models'), params: compareModelsParamsSchema }).strict(),
  z.object({ kind: z.literal('compare'), params: compareJobParamsSchema }).strict(),
  z.object({ kind: z.literal('metis-deploy'), params: metisDeployParamsSchema }).strict(),
  z.object({ kind: z.literal('metis-benchmark'), params: metisBenchmarkParamsSchema }).strict(),
  z.object({ kind: z.literal('metis-firmware-update'), params: metisFirmwareParamsSchema }).strict(),
  z.object({ kind: z.literal('areas-map'), params: areasMapParamsSchema }).strict(),
  z.object({ kind: z.literal('so2sat-cut'), params: so2satCutParamsSchema }).strict(),
]);
export type JobRequest = z.infer<typeof jobRequestSchema>;
/** A request as callers write it: defaults may be left out (the job manager fills them in). */
export type JobRequestInput = z.input<typeof jobRequestSchema>;

/** The kinds of job, read off the requests above: a new kind there is a kind here. */
export const jobKindSchema = z.enum(jobRequestSchema.options.map((option) => option.shape.kind.value));
export type JobKind = z.infer<typeof jobKindSchema>;

/**
 * What a job makes, known from its request when it starts (main/jobs/kinds/targets.ts): the faces link a job to its
 * result or run from this, never from its title.
 */
export const jobTargetSchema = z.discriminatedUnion('type', [
  /** A mapping result folder (lcz.tif, probabilities, summary.json). */
  z.object({ type: z.literal('result'), dir: z.string() }).strict(),
  /** A training run folder (run.json, members, bundles): made by a training, continued by a resume. */
  z.object({ type: z.literal('run'), dir: z.string() }).strict(),
  /** A folder of model bundles, one per member of a run. */
  z.object({ type: z.literal('bundles'), dir: z.string() }).strict(),
  /** One file (with its sidecars, such as an export's QGIS style). */
  z.object({ type: z.literal('file'), path: z.string() }).strict(),
  /** A folder the job writes its files into. */
  z.object({ type: z.literal('folder'), dir: z.string() }).strict(),
]);
export type JobTarget = z.infer<typeof jobTargetSchema>;

/** jobs/start's answer: the job, and what it makes (a new run's folder is chosen by the core). */
export const jobStartedSchema = z.object({ jobId: z.string(), target: jobTargetSchema });

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
  kind: jobKindSchema,
  title: z.string(),
  target: jobTargetSchema,
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

export type PendingJobRecord = QueuedJobRecord | RunningJobRecord;

/**
 * Whether a job is still to end: running, or queued to run. What waits for a job, or holds a button back while one
 * lasts, asks this: `state === 'running'` would take a queued job for one that has ended.
 */
export function isJobPending(record: JobRecord): record is PendingJobRecord {
  return record.state === 'queued' || record.state === 'running';
}

/** Whether a job has ended (succeeded, failed or cancelled). */
export function isJobEnded(record: JobRecord): record is EndedJobRecord {
  return !isJobPending(record);
}
