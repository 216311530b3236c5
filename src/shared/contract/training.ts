import { z } from 'zod';

const path = z.string().min(1).max(4096);

/**
 * What a member sees of a So2Sat patch. The published ensembles vary members by input: all 10 Sentinel-2 bands, the
 * RGB bands, 3 random bands per member (seeded), or Sentinel-1 with Sentinel-2 (evaluation only: scenes to map carry
 * no SAR, so such members cannot become mapping bundles).
 */
export const INPUT_MODES = ['all', 'rgb', 'rand3', 'sen1-sen2'] as const;
export type InputMode = (typeof INPUT_MODES)[number];

export const memberSpecSchema = z
  .object({
    /** Architecture id from the model zoo. */
    arch: z.string().min(1).max(60),
    inputs: z.enum(INPUT_MODES).default('all'),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Width multiplier of the architecture (1 = as published). */
    width: z.number().positive().max(4).default(1),
  })
  .strict();
export type MemberSpec = z.infer<typeof memberSpecSchema>;

export const FUSIONS = ['sum-rule', 'logit-average'] as const;
export type Fusion = (typeof FUSIONS)[number];

export const trainParamsSchema = z
  .object({
    /** So2Sat-format HDF5 training file. */
    train: path,
    /** Held-out So2Sat-format file for the final evaluation (testing.h5); null evaluates on the validation split. */
    test: path.nullable().default(null),
    /** Share of the training file held out for validation (curves, early checks, temperature scaling). */
    validationShare: z.number().min(0.01).max(0.5).default(0.1),
    /** Use at most this many training patches (null: all), for quick runs on the real 352,366-patch file. */
    maxPatches: z.number().int().positive().nullable().default(null),
    members: z.array(memberSpecSchema).min(1).max(30),
    epochs: z.number().int().min(1).max(500).default(10),
    batchSize: z.number().int().min(4).max(1024).default(64),
    learningRate: z.number().positive().max(1).default(1e-3),
    /** AdamW: Adam with decoupled weight decay on the kernels (0 = plain Adam). */
    weightDecay: z.number().min(0).max(1).default(1e-4),
    schedule: z.enum(['cosine', 'constant']).default('cosine'),
    /** Random 90-degree rotations and flips of training patches. */
    augment: z.boolean().default(true),
    /** Band statistics to normalise with: So2Sat's published ones, or computed from the training file in one pass. */
    normalisation: z.enum(['published', 'file']).default('published'),
    /** How the ensemble's members are fused when it is evaluated as one model. */
    fusion: z.enum(FUSIONS).default('sum-rule'),
    /** The run folder; the app leaves it out and gets a new one in the workspace's runs. */
    runDir: path.optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type TrainParams = z.infer<typeof trainParamsSchema>;
export type TrainParamsInput = z.input<typeof trainParamsSchema>;

/** One epoch of one member, as the curves show it. */
export const epochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number(),
  valAccuracy: z.number(),
  learningRate: z.number(),
  seconds: z.number(),
  samplesPerSecond: z.number(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

export const MEMBER_STATES = ['pending', 'training', 'done', 'failed', 'cancelled'] as const;

export const memberStatusSchema = z.object({
  spec: memberSpecSchema,
  state: z.enum(MEMBER_STATES),
  /** Band ids (S2.B4...) or SAR channel names the member reads, in order. */
  channels: z.array(z.string()),
  epochsDone: z.number().int().min(0),
  parameters: z.number().int().min(0),
  history: z.array(epochRecordSchema),
  /** The exported mapping bundle, once training ended (null for SAR members or before). */
  bundle: z.string().nullable(),
  reason: z.string().nullable(),
});
export type MemberStatus = z.infer<typeof memberStatusSchema>;

export const normalisationSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) });

export const backendInfoSchema = z.object({
  name: z.string(),
  threads: z.number().int().min(1),
  simd: z.boolean(),
  version: z.string(),
  notes: z.array(z.string()),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** run.json of a training run: written after every epoch (atomically), so it always says where the run stands. */
export const runStatusSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(['training', 'done', 'failed', 'cancelled']),
  params: trainParamsSchema,
  backend: backendInfoSchema.nullable(),
  members: z.array(memberStatusSchema),
  /** The band statistics the members were trained with (what their bundles must normalise with). */
  normalisation: z.object({ sen2: normalisationSchema, sen1: normalisationSchema.nullable() }).nullable(),
  /** evaluation.json beside run.json, once the run has been evaluated. */
  evaluated: z.boolean(),
  reason: z.string().nullable(),
});
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Starting a run from an existing folder continues it (from each member's last checkpoint). */
export const resumeParamsSchema = z.object({ runDir: path }).strict();

/** Evaluates bundles (one model or an ensemble) on a So2Sat-format file: accuracy and calibration. */
export const evaluateModelParamsSchema = z
  .object({
    bundles: z.array(path).min(1).max(30),
    test: path,
    /** A file to fit temperatures on (a validation file); without it each bundle's own temperature is used. */
    fitOn: path.nullable().default(null),
    fusion: z.enum(FUSIONS).default('sum-rule'),
    /** Where to write the evaluation (JSON). */
    out: path,
  })
  .strict();
export type EvaluateModelParams = z.infer<typeof evaluateModelParamsSchema>;

/** Writes (again) the bundles of a run's members from their checkpoints: another opset, or after a cancelled run. */
export const exportOnnxParamsSchema = z
  .object({
    runDir: path,
    /** Where the bundles go (one folder per member); default: the run's bundles/ folder. */
    out: path.nullable().default(null),
    opset: z.number().int().min(13).max(17).default(13),
  })
  .strict();
export type ExportOnnxParams = z.infer<typeof exportOnnxParamsSchema>;

/** A training run as the runs list shows it. */
export const runListItemSchema = z.object({
  dir: z.string(),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(['training', 'done', 'failed', 'cancelled']),
  members: z.number().int(),
  /** The ensemble's (or the single member's) held-out accuracy, once evaluated. */
  oa: z.number().nullable(),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

/** A So2Sat-format file as the training panel describes it. */
export const datasetInfoSchema = z.object({
  path: z.string(),
  patches: z.number().int(),
  variant: z.enum(['full', 'label-distribution']),
  datasets: z.record(z.string(), z.object({ shape: z.array(z.number().int()), dtype: z.string() })),
  classCounts: z.array(z.number().int()).length(17),
  hasSen1: z.boolean(),
  synthetic: z.boolean(),
});
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;
