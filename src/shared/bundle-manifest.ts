import { z } from 'zod';
import { isBandId } from './bands';
import { FUSIONS } from './contract/training';
import { distillEpochSchema, TEACHER_FUSIONS } from './contract/distill-settings';

/**
 * A model bundle is a folder: `model.onnx` and this `manifest.json`, which carries everything needed to use the model
 * without guessing: how to cut and normalise patches, what the outputs mean, how it was made and how well it did. An
 * int8 model is a bundle of its own that names its parent (provenance.quantization). Unknown keys are refused, so a
 * typo never passes silently.
 */
export const BUNDLE_SCHEMA_VERSION = 1;
export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FILE = 'manifest.json';

const bandIdSchema = z.string().refine(isBandId, { message: 'is not a known band id (for example "S2.B4" or "L8.B5")' });

export const bundleBandSchema = z
  .object({
    id: bandIdSchema,
    /** Normalised input = (reflectance - mean) / std, reflectance as a fraction (DN x scale + offset of the scene). */
    mean: z.number().finite(),
    std: z.number().finite().positive(),
  })
  .strict();
export type BundleBand = z.infer<typeof bundleBandSchema>;

export const bundleInputSchema = z
  .object({
    /** Name of the ONNX graph input fed with patches. */
    name: z.string().min(1),
    layout: z.enum(['NCHW', 'NHWC']),
    /** Patches are square: patchSize x patchSize pixels at resolutionM metres. */
    patchSize: z.number().int().min(1).max(1024),
    resolutionM: z.number().finite().positive(),
    /** A fixed batch size when the model has one; null when the batch dimension is free. */
    fixedBatch: z.number().int().positive().nullable(),
  })
  .strict();

export const bundleOutputSchema = z
  .object({
    name: z.string().min(1),
    /** What the output holds: raw scores (softmax applied by LCZ Studio, after the temperature) or probabilities. */
    kind: z.enum(['logits', 'probabilities']),
  })
  .strict();

/** The one int8 scheme LCZ Studio writes (onnx/quantize/): the layout ONNX Runtime fuses into integer kernels on x86. */
export const QUANTIZATION_SCHEME = 'QDQ int8: weights int8 symmetric per-channel, activations uint8 asymmetric, bias int32';
export const QUANTIZATION_METHODS = ['minmax', 'percentile', 'entropy'] as const;
export type QuantizationMethod = (typeof QUANTIZATION_METHODS)[number];

/**
 * How an int8 bundle was made from its float parent: the scheme, how the activation ranges were calibrated (and on
 * what), and which bundle it came from (its name, and the sha256 of its model.onnx, so a parent retrained since is
 * told apart). Optional: float bundles, and all bundles written before it existed, have none.
 */
export const bundleQuantizationSchema = z
  .object({
    scheme: z.literal(QUANTIZATION_SCHEME),
    /** Weights in 7 bits, [-64, 64] (onnxruntime.quantization's reduce_range), rather than [-127, 127]. */
    reduceRange: z.boolean(),
    method: z.enum(QUANTIZATION_METHODS),
    /** Percentile calibration only: the share of |x| each activation range holds, in %. */
    percentile: z.number().gt(50).max(100).optional(),
    calibration: z.object({ file: z.string().min(1), samples: z.number().int().min(1) }).strict(),
    parent: z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 (64 lowercase hex digits)') }).strict(),
    /** Operators with no int8 form, left in float ("Mean"). */
    leftInFloat: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.method === 'percentile') !== (q.percentile !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['percentile'], message: q.method === 'percentile' ? 'is missing (percentile calibration keeps a share of |x|)' : `is only for percentile calibration, not ${q.method}` });
    }
  });
export type BundleQuantization = z.infer<typeof bundleQuantizationSchema>;

/**
 * How a distilled (student) bundle was taught: its teacher's bundles (name and the sha256 of each model.onnx), and
 * the distillation settings. Optional: bundles that were not distilled have none.
 */
export const bundleDistillationSchema = z
  .object({
    teacher: z.array(z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 (64 lowercase hex digits)') }).strict()).min(1),
    temperature: z.number().finite().positive(),
    alpha: z.number().min(0).max(1),
    fusion: z.enum(TEACHER_FUSIONS),
    /** The student preset the run was set up from (its id), or null. */
    preset: z.string().nullable(),
  })
  .strict();
export type BundleDistillation = z.infer<typeof bundleDistillationSchema>;

/** Structured pruning: each convolution loses a share of its filters, or the weakest filters of the model go. */
export const PRUNING_SCOPES = ['layer', 'global'] as const;
export type PruningScope = (typeof PRUNING_SCOPES)[number];
/** Where the filters were removed: the training checkpoint's model (rebuilt smaller, then exported), or the ONNX graph. */
export const PRUNING_SOURCES = ['checkpoint', 'onnx-graph'] as const;

/** A model's size, cost and accuracy, before or after pruning. */
const prunedFiguresSchema = z
  .object({
    parameters: z.number().int().min(0),
    /** Multiply-accumulates of one patch (onnx/model-cost.ts). */
    macs: z.number().int().min(0),
    /** model.onnx on disk. */
    bytes: z.number().int().min(0),
    /** Overall accuracy on `accuracyData`. */
    oa: z.number().min(0).max(1),
  })
  .strict();

const finetuneCommon = { epochs: z.number().int().min(1), data: z.string().min(1), learningRate: z.number().positive() };

/**
 * The fine-tuning of a pruned model: on the labels (cross-entropy), or with a teacher (the distillation loss): then
 * the teacher and its settings, recorded as a distilled student's are, and the last epoch's parts of the loss and
 * agreement with the teacher.
 */
export const pruningFinetuneSchema = z.discriminatedUnion('loss', [
  z.object({ ...finetuneCommon, loss: z.literal('cross-entropy') }).strict(),
  z.object({ ...finetuneCommon, loss: z.literal('distillation'), distillation: bundleDistillationSchema, lastEpoch: distillEpochSchema }).strict(),
]);
export type PruningFinetune = z.infer<typeof pruningFinetuneSchema>;

/**
 * How a pruned bundle was made from its parent: whole filters removed by their L1 norm (train/prune/), the
 * convolutions cut, the fine-tuning after, and the parent's and the pruned model's figures measured in the same job.
 * Optional: bundles that were not pruned have none.
 */
export const bundlePruningSchema = z
  .object({
    method: z.literal('filter-l1'),
    /** The share of prunable filters asked to be removed. */
    ratio: z.number().gt(0).lt(1),
    scope: z.enum(PRUNING_SCOPES),
    source: z.enum(PRUNING_SOURCES),
    /** The share of prunable filters removed (global pruning keeps a tenth of each layer at least). */
    removed: z.number().min(0).max(1),
    /** The convolutions that lost filters: their filters before, and how many were kept. */
    layers: z.array(z.object({ name: z.string(), filters: z.number().int().min(1), kept: z.number().int().min(1) }).strict()),
    /** Convolutions kept whole, and why (a residual addition, the model's output...). */
    keptWhole: z.array(z.object({ name: z.string(), reason: z.string() }).strict()).default([]),
    /** null: not fine-tuned. */
    finetune: pruningFinetuneSchema.nullable(),
    parent: z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 (64 lowercase hex digits)') }).strict(),
    before: prunedFiguresSchema,
    after: prunedFiguresSchema,
    /** What the accuracies were measured on. */
    accuracyData: z.string().min(1),
  })
  .strict();
export type BundlePruning = z.infer<typeof bundlePruningSchema>;

export const provenanceSchema = z
  .object({
    createdAt: z.string(),
    /** "LCZ Studio 0.1.0", or what the imported file says made it. */
    createdBy: z.string(),
    /** How the weights came to be, in a sentence a user can read. */
    method: z.string(),
    /** Command or script that reproduces the bundle, when there is one. */
    reproduce: z.string().optional(),
    /** Training data, the imported file, the seed... */
    source: z.string().optional(),
    seed: z.number().int().optional(),
    /** Compute backend used for training (for example "tfjs-wasm"). */
    backend: z.string().optional(),
    /** int8 bundles: how they were quantized, and from which parent. */
    quantization: bundleQuantizationSchema.optional(),
    /** Distilled (student) bundles: from which teacher, and how. */
    distillation: bundleDistillationSchema.optional(),
    /** Pruned bundles: which filters went, the fine-tuning, the figures before and after, and the parent. */
    pruning: bundlePruningSchema.optional(),
  })
  .strict();

/**
 * The ensemble a bundle was trained in: which run, how many members, which one this is, and the rule the run fused
 * them by when it evaluated the ensemble. Mapping with these members fuses them the same way unless told otherwise.
 * Optional: imported bundles and those written before it existed have none.
 */
export const bundleEnsembleSchema = z
  .object({
    /** The training run's id, and its name as the user gave it. */
    run: z.string().min(1),
    runName: z.string(),
    members: z.number().int().min(1),
    /** 1-based. */
    member: z.number().int().min(1),
    fusion: z.enum(FUSIONS),
  })
  .strict();
export type BundleEnsemble = z.infer<typeof bundleEnsembleSchema>;

export const bundleManifestSchema = z
  .object({
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    model: z.literal(MODEL_FILE),
    input: bundleInputSchema,
    output: bundleOutputSchema,
    /** The input channels in order. */
    bands: z.array(bundleBandSchema).min(1),
    /** LCZ value (1-17) of each output index, in order. */
    classes: z.array(z.number().int().min(1).max(17)).min(2),
    /** Softmax temperature (1 = none); fitted by temperature scaling when calibrated. */
    temperature: z.number().finite().positive().default(1),
    provenance: provenanceSchema,
    /** Headline figures (for example {"oa": 0.71, "kappa": 0.68, "ece": 0.03}); what each means is in its name. */
    metrics: z.record(z.string(), z.number().finite()).default({}),
    ensemble: bundleEnsembleSchema.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.ensemble && m.ensemble.member > m.ensemble.members) {
      ctx.addIssue({ code: 'custom', path: ['ensemble', 'member'], message: `is ${m.ensemble.member}, past the ensemble's ${m.ensemble.members} members` });
    }
    const ids = m.bands.map((b) => b.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'lists a band twice' });
    if (new Set(m.classes).size !== m.classes.length) ctx.addIssue({ code: 'custom', path: ['classes'], message: 'lists a class twice' });
  });

export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type BundleManifestInput = z.input<typeof bundleManifestSchema>;

/** The 17 LCZ values in order: what So2Sat-style models output. */
export const ALL_LCZ_VALUES: readonly number[] = Array.from({ length: 17 }, (_, i) => i + 1);
