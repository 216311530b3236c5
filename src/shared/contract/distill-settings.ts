/**
 * Knowledge distillation as a training run records it: the settings a run distils with (part of its TrainParams),
 * what it learnt about its teacher (run.json), and the extra figures of each epoch's curve. No imports from the rest
 * of the contract: training.ts and the bundle manifest both build on these.
 */
import { z } from 'zod';

const path = z.string().min(1).max(4096);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 (64 lowercase hex digits)');

/**
 * How the teacher's members become one set of soft targets: the mean of their logits (what the published So2Sat
 * distillation did), or the mean of their probabilities (the sum rule), whose log is then the teacher's logits.
 */
export const TEACHER_FUSIONS = ['logits', 'probabilities'] as const;
export type TeacherFusion = (typeof TEACHER_FUSIONS)[number];

/** The published setting: T = 3, alpha = 0.7, logits averaged. */
export const DISTILL_DEFAULTS = { temperature: 3, alpha: 0.7, fusion: 'logits' } as const satisfies { temperature: number; alpha: number; fusion: TeacherFusion };

/**
 * L = alpha * CE(student, label) + (1 - alpha) * T^2 * KL(softmax(teacher / T) || softmax(student / T)), mean over
 * the batch. alpha = 1 ignores the teacher, alpha = 0 learns from the soft targets only.
 */
export const distillationSettingsSchema = z
  .object({
    /** The teacher's bundle folders (a run given as the teacher stands here as its members' bundles). */
    teacher: z.array(path).min(1).max(30),
    temperature: z.number().finite().positive().max(100).default(DISTILL_DEFAULTS.temperature),
    alpha: z.number().min(0).max(1).default(DISTILL_DEFAULTS.alpha),
    fusion: z.enum(TEACHER_FUSIONS).default(DISTILL_DEFAULTS.fusion),
    /** The student preset the run was set up from (its id), or null. */
    preset: z.string().min(1).max(100).nullable().default(null),
  })
  .strict();
export type DistillationSettings = z.infer<typeof distillationSettingsSchema>;

/** One teacher bundle as a run knows it: its content hashes (a resume refuses a teacher changed since) and its outputs. */
export const teacherRecordSchema = z.object({
  dir: z.string(),
  name: z.string(),
  /** sha256 of model.onnx, and of manifest.json (which says how the model is fed). */
  sha256: sha256,
  manifestSha256: sha256,
  /** What the model outputs; probabilities are turned into log-probabilities. */
  outputs: z.enum(['logits', 'probabilities']),
  /** Why probabilities: its manifest says so, or its manifest says logits but the outputs were probabilities. */
  probabilitiesBy: z.enum(['manifest', 'detected']).nullable(),
});
export type TeacherRecord = z.infer<typeof teacherRecordSchema>;

/** Where a run's teacher outputs came from this time: the teacher pass, the run's own cache, or another run's. */
export const TEACHER_CACHE_SOURCES = ['computed', 'cached', 'copied'] as const;

/** run.json's record of a distillation: the teacher, its cached outputs, and how often the teacher was run. */
export const distillStatusSchema = z.object({
  teachers: z.array(teacherRecordSchema).min(1),
  cache: z
    .object({
      /** sha256 of what the outputs depend on: teacher hashes, fusion, the data file's identity, the patches. */
      key: z.string(),
      /** Patches (rows) cached: the run's training and validation patches. */
      patches: z.number().int().min(0),
      source: z.enum(TEACHER_CACHE_SOURCES),
      /** The run folder the outputs were copied from ('copied'), else null. */
      from: z.string().nullable(),
    })
    .nullable(),
  /** Streaming passes of the teacher over the data this run has made: a resume or repeat that reuses the cache adds none. */
  teacherPasses: z.number().int().min(0),
});
export type DistillStatus = z.infer<typeof distillStatusSchema>;

/** What an epoch of a distilled member adds to its curve: the two parts of the loss, and agreement with the teacher. */
export const distillEpochSchema = z.object({
  /** Cross-entropy with the labels, and T^2 KL to the teacher's soft targets: training means, then validation. */
  hardLoss: z.number(),
  softLoss: z.number(),
  valHardLoss: z.number(),
  valSoftLoss: z.number(),
  /** Share of validation patches where the student's class is the teacher's. */
  valAgreement: z.number().min(0).max(1),
});
export type DistillEpoch = z.infer<typeof distillEpochSchema>;
