/**
 * Making a bundle smaller: int8 quantization (onnx/quantize/) and structured pruning (train/prune/). Each job reads
 * one bundle and writes a new bundle that names its parent; neither replaces anything.
 */
import { z } from 'zod';
import { QUANTIZATION_METHODS, PRUNING_SCOPES } from '../bundle-manifest';
import { DISTILL_DEFAULTS, TEACHER_FUSIONS } from './distill-settings';

const path = z.string().min(1).max(4096);

/** Why a pruning ratio is refused, in words for the user (null when it is fine): a share strictly between 0 and 1. */
export function pruningRatioProblem(ratio: number): string | null {
  if (ratio > 0 && ratio < 1) return null;
  return `the pruning ratio is ${ratio}; it is the share of filters removed: give a number above 0 and below 1 (for example 0.5)`;
}

export const quantizeParamsSchema = z
  .object({
    /** The float bundle. */
    bundle: path,
    /** So2Sat LCZ42-format data to calibrate the activation ranges on. */
    calibration: path,
    /** The int8 bundle's folder: new or empty. */
    out: path,
    method: z.enum(QUANTIZATION_METHODS).default('minmax'),
    /** Percentile calibration only: the share of |x| kept, in % (default 99.99). */
    percentile: z.number().gt(50).max(100).optional(),
    samples: z.number().int().min(1).max(100_000).default(256),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    /** Weights in 7 bits (the default, right for x86 without VNNI); false: the full 8 bits. */
    reduceRange: z.boolean().default(true),
  })
  .strict();
export type QuantizeParams = z.infer<typeof quantizeParamsSchema>;
export type QuantizeParamsInput = z.input<typeof quantizeParamsSchema>;

/**
 * Fine-tuning a pruned model with a teacher: the distillation loss (distill-loss.ts) on the teacher's cached outputs
 * instead of cross-entropy alone. The settings are distill's, with its defaults (T = 3, alpha = 0.7, mean of logits).
 */
export const pruneTeacherSchema = z
  .object({
    /** Training run folders (their members' bundles) and bundle folders, any mix: together they are the teacher. */
    sources: z.array(path).min(1).max(30),
    temperature: z.number().finite().positive().max(100).default(DISTILL_DEFAULTS.temperature),
    alpha: z.number().min(0).max(1).default(DISTILL_DEFAULTS.alpha),
    fusion: z.enum(TEACHER_FUSIONS).default(DISTILL_DEFAULTS.fusion),
  })
  .strict();
export type PruneTeacher = z.infer<typeof pruneTeacherSchema>;

export const pruneParamsSchema = z
  .object({
    bundle: path,
    /** So2Sat data: fine-tuning trains on it, and its held-out share measures accuracy before and after (and fits the temperature). */
    train: path,
    /** Held-out data to measure accuracy before and after on, instead of the held-out share of `train`. */
    test: path.nullable().default(null),
    /** The pruned bundle's folder: new or empty. */
    out: path,
    /** Share of the prunable filters removed, strictly between 0 and 1. */
    ratio: z.number().refine((r) => pruningRatioProblem(r) === null, { error: (issue) => pruningRatioProblem(issue.input as number) ?? 'bad ratio' }),
    /** Each convolution loses `ratio` of its filters ('layer'), or the weakest filters of the whole model go ('global'). */
    scope: z.enum(PRUNING_SCOPES).default('layer'),
    /** Epochs of fine-tuning after pruning; left out: 3 when the bundle's training checkpoint is found, else 0. */
    finetuneEpochs: z.number().int().min(0).max(100).optional(),
    learningRate: z.number().positive().max(1).default(2e-4),
    batchSize: z.number().int().min(4).max(1024).default(64),
    /** Share of `train` held out from fine-tuning (accuracy, temperature). */
    validationShare: z.number().min(0.01).max(0.5).default(0.1),
    /** Fine-tune on at most this many patches of `train` (null: all). */
    maxPatches: z.number().int().positive().nullable().default(null),
    /** Fine-tune with this teacher (null: cross-entropy on the labels only). Needs fine-tuning: a training checkpoint and epochs > 0. */
    teacher: pruneTeacherSchema.nullable().default(null),
  })
  .strict();
export type PruneParams = z.infer<typeof pruneParamsSchema>;
export type PruneParamsInput = z.input<typeof pruneParamsSchema>;
