import { z } from 'zod';
import { ARCH_IDS } from '../architectures';
import { evaluationSchema } from './evaluation';
import { distillationSettingsSchema, distillEpochSchema, distillStatusSchema } from './distill-settings';

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
    /** Architecture id from the model zoo: a wrong id fails here, at the door, not in the job's process. */
    arch: z.enum(ARCH_IDS, { error: (issue) => `${JSON.stringify(issue.input)} is not an architecture of the model zoo (${ARCH_IDS.join(', ')})` }),
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
    /** Knowledge distillation: the members (students) learn from a teacher's soft targets as well as the labels. */
    distillation: distillationSettingsSchema.optional(),
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
  /** Distilled members: the loss above is the distillation loss; its parts and the agreement with the teacher. */
  distillation: distillEpochSchema.optional(),
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

/** Non-finite values (NaN, infinite) met in a file's patches, each patch counted once; they are read as the band mean. */
export const nonFiniteCountsSchema = z.object({ sen2: z.number().int().min(0), sen1: z.number().int().min(0) });
export type NonFiniteCounts = z.infer<typeof nonFiniteCountsSchema>;

/** An evaluation as a file holds it (a run's evaluation.json, lcz evaluate-model's output): with the non-finite values met in the data scored. */
export const evaluationRecordSchema = evaluationSchema.extend({ nonFinite: nonFiniteCountsSchema.default({ sen2: 0, sen1: 0 }) });
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;

/**
 * The process that trains a run, so that the app can tell a run under way from one whose process died (a crash, a
 * kill, the machine restarted): run.json cannot say so itself.
 */
export const runWorkerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** When the machine booted (ms since 1970): a pid from an earlier boot names another process, or none. */
  bootedAt: z.number(),
});
export type RunWorker = z.infer<typeof runWorkerSchema>;

const runBase = {
  schemaVersion: z.literal(1),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  params: trainParamsSchema,
  backend: backendInfoSchema.nullable(),
  members: z.array(memberStatusSchema),
  /** The band statistics the members were trained with (what their bundles must normalise with); a resume reuses them. */
  normalisation: z.object({ sen2: normalisationSchema, sen1: normalisationSchema.nullable() }).nullable(),
  /** Non-finite values in the patches the run read: of the training file, and of the test file when there is one. */
  nonFinite: z.object({ train: nonFiniteCountsSchema, test: nonFiniteCountsSchema.nullable() }).default({ train: { sen2: 0, sen1: 0 }, test: null }),
  /** evaluation.json beside run.json, once the run has been evaluated. */
  evaluated: z.boolean(),
  /** A distillation run: its teacher, the cached teacher outputs, the teacher passes made. */
  distillation: distillStatusSchema.optional(),
};

// One shape per state, so that a failed run always has a reason and a training run always says who trains it.
const trainingRun = z.object({ ...runBase, state: z.literal('training'), reason: z.null(), worker: runWorkerSchema.nullable().default(null) });
const doneRun = z.object({ ...runBase, state: z.literal('done'), reason: z.null() });
const failedRun = z.object({ ...runBase, state: z.literal('failed'), reason: z.string() });
const cancelledRun = z.object({ ...runBase, state: z.literal('cancelled'), reason: z.null() });
/** A run whose run.json says training but whose process is gone: only ever seen, never written (run-liveness.ts). */
const interruptedRun = z.object({ ...runBase, state: z.literal('interrupted'), reason: z.string() });

/** run.json of a training run, as written: after every epoch (atomically), so it always says where the run stands. */
export const runFileSchema = z.discriminatedUnion('state', [trainingRun, doneRun, failedRun, cancelledRun]);
export type RunFile = z.infer<typeof runFileSchema>;

/** A run as the app shows it (runs/get): run.json, with a run whose process is gone shown as interrupted. */
export const runStatusSchema = z.discriminatedUnion('state', [trainingRun, doneRun, failedRun, cancelledRun, interruptedRun]);
export type RunStatus = z.infer<typeof runStatusSchema>;
export type RunState = RunStatus['state'];
export const RUN_STATES = ['training', 'done', 'failed', 'cancelled', 'interrupted'] as const satisfies readonly RunState[];

/** States a run can be resumed from (from its members' last checkpoints). */
export const RESUMABLE_STATES = ['failed', 'cancelled', 'interrupted'] as const satisfies readonly RunState[];
export function isResumable(state: RunState): boolean {
  return (RESUMABLE_STATES as readonly RunState[]).includes(state);
}

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
  state: z.enum(RUN_STATES),
  members: z.number().int(),
  /** The ensemble's (or the single member's) held-out accuracy, once evaluated. */
  oa: z.number().nullable(),
  /** A distillation run: its member is a student taught by a teacher (the Distillation view lists these). */
  distilled: z.boolean(),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

/** Per-band mean and (population) standard deviation of a patch dataset's finite values, and the values left out. */
export const patchStatisticsSchema = z.object({
  /** NaN for a band without any finite value. */
  mean: z.array(z.number().or(z.nan())),
  std: z.array(z.number().or(z.nan())),
  /** Non-finite values (NaN, infinite) met, all bands. */
  nonFinite: z.number().int().min(0),
});
export type PatchStatistics = z.infer<typeof patchStatisticsSchema>;

/** A So2Sat-format file as the training panel and `lcz so2sat info` describe it. */
export const datasetInfoSchema = z.object({
  path: z.string(),
  patches: z.number().int(),
  variant: z.enum(['full', 'label-distribution']),
  datasets: z.record(z.string(), z.object({ shape: z.array(z.number().int()), dtype: z.string() })),
  classCounts: z.array(z.number().int()).length(17),
  hasSen1: z.boolean(),
  synthetic: z.boolean(),
  /** What training would refuse or has to repair in the labels (all zero for a good file). */
  labelIssues: z.object({
    /** Rows of label (or y) that are not one-hot, and the first of them. */
    nonOneHotRows: z.number().int().min(0),
    firstNonOneHot: z.number().int().nullable(),
    /** Rows of y_distributional_urban that make no distribution, and the first of them. */
    badVoteRows: z.number().int().min(0),
    firstBadVotes: z.number().int().nullable(),
    /** Non-finite values in the label datasets. */
    nonFinite: z.number().int().min(0),
  }),
  /** Only when asked for (a pass over every patch): per-band statistics of sen2, and of sen1 when the file has it. */
  statistics: z.object({ sen2: patchStatisticsSchema, sen1: patchStatisticsSchema.nullable() }).optional(),
});
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;
