import { z } from 'zod';
import { BUNDLE_KINDS } from '../bundle-lineage';

/** A model bundle as the app lists it (see bundle-manifest.ts for the full manifest). */
export const bundleSummarySchema = z.object({
  dir: z.string(),
  name: z.string(),
  description: z.string(),
  bands: z.array(z.string()),
  patchSize: z.number().int(),
  resolutionM: z.number(),
  /** The bundle shipped with the app for the synthetic demo. */
  demo: z.boolean(),
  method: z.string(),
  metrics: z.record(z.string(), z.number()),
  /** Student, int8 or pruned (from its provenance), the parent it was made from, and how, in a line (shared/bundle-lineage.ts). */
  lineage: z.object({ kind: z.enum(BUNDLE_KINDS), parent: z.string().nullable(), detail: z.string().nullable() }),
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

/** A folder that looked like a bundle but could not be read, with why. */
export const brokenBundleSchema = z.object({ dir: z.string(), problem: z.string() });
export type BrokenBundle = z.infer<typeof brokenBundleSchema>;

const path = z.string().min(1).max(4096);
const values = z.array(z.number().finite()).min(1).max(1000);

/**
 * What the user says about a bare ONNX classifier, beyond what the file says itself (asked for by bundles/import-plan,
 * checked for sense there: band ids known, normalisation complete, classes in 1-17). Each key is an answer a face
 * asks for in its own words (the CLI's flags, a form's fields).
 */
export const importAnswersSchema = z
  .object({
    /** Band ids in channel order ("S2.B2", ...). */
    bands: z.array(z.string().min(1).max(20)).min(1).max(1000),
    /** So2Sat LCZ42-style: the 10 sen2 bands unless `bands` says otherwise, and So2Sat's published mean and std. */
    so2sat: z.boolean(),
    /** Per-band mean subtracted from reflectance (0-1), and the standard deviation divided by. */
    mean: values,
    std: values,
    /** The model takes reflectances as they are: mean 0, std 1 written out. */
    noNormalisation: z.boolean(),
    /** Pixel size the model was trained at, in metres. */
    resolutionM: z.number().finite(),
    layout: z.enum(['NCHW', 'NHWC']),
    patchSize: z.number().int().positive().max(4096),
    /** LCZ value (1-17) of each output, in order. */
    classes: z.array(z.number().finite()).min(1).max(1000),
    /** The model output holding the class scores: needed when the model has several (none is guessed). */
    output: z.string().min(1).max(1000),
    name: z.string().max(200),
    description: z.string().max(4000),
    /** Softmax temperature, from a calibration. */
    temperature: z.number().finite(),
  })
  .partial()
  .strict();
export type ImportAnswers = z.infer<typeof importAnswersSchema>;
export type ImportAnswerKey = keyof ImportAnswers;

/** What an import may have to ask: what the file's shapes leave open, then what no ONNX file says. */
export const IMPORT_QUESTION_KEYS = ['output', 'layout', 'patchSize', 'bands', 'normalisation', 'resolution', 'classes'] as const;

/** One thing the file does not say, why it is needed, and the answers that settle it. */
export const importQuestionSchema = z.object({
  key: z.enum(IMPORT_QUESTION_KEYS),
  /** The alternatives that settle it, each the answers to give together (e.g. [["mean", "std"], ["so2sat"]]). */
  answeredBy: z.array(z.array(importAnswersSchema.keyof()).min(1)).min(1),
  why: z.string(),
});
export type ImportQuestion = z.infer<typeof importQuestionSchema>;

/** An import as planned: what was decided and from where, and the questions still open (none: it can be imported). */
export const importPlanSchema = z.object({
  /** The model file, as the core read it. */
  file: z.string(),
  fileName: z.string(),
  /** One line each, for the user to check: layout, patch size, channels, classes, bands, normalisation, ... */
  inferred: z.array(z.string()),
  missing: z.array(importQuestionSchema),
});
export type ImportPlanView = z.infer<typeof importPlanSchema>;

export const importRequestSchema = z
  .object({
    /** The bare ONNX file. */
    path,
    /** The bundle folder: new, empty or a bundle (replaced). Left out: a new folder in the workspace's bundles. */
    out: path.optional(),
    answers: importAnswersSchema,
    /** How to make the same bundle without questions, kept in its provenance (the CLI gives its command line). */
    reproduce: z.string().max(10_000).optional(),
  })
  .strict();

/** The bundle an import wrote. */
export const importedBundleSchema = z.object({ dir: z.string(), name: z.string(), inferred: z.array(z.string()) });
