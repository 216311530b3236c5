import { z } from 'zod';
import { isBandId } from './bands';
import { FUSIONS } from './contract/training';

/**
 * A model bundle is a folder: `model.onnx` (+ `model.int8.onnx` once compressed) and this `manifest.json`, which
 * carries everything needed to use the model without guessing: how to cut and normalise patches, what the outputs
 * mean, how it was made and how well it did. Unknown keys are refused, so a typo never passes silently.
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
