import { z } from 'zod';

const share = z.number().min(0).max(1);

export const reliabilityBinSchema = z.object({ lower: share, upper: share, count: z.number().int().min(0), confidence: share, accuracy: share });

export const calibrationSchema = z.object({
  ece: share,
  mce: share,
  nll: z.number().min(0),
  bins: z.array(reliabilityBinSchema),
});
export type CalibrationResult = z.infer<typeof calibrationSchema>;

/** Accuracy figures of a classification against the truth (LCZ maps compared cell by cell, or a model on patches). */
export const classificationMetricsSchema = z.object({
  /** Cells (or patches) compared. */
  n: z.number().int().min(0),
  oa: share,
  kappa: z.number(),
  /** WUDAPT's OA_u (truth in the urban classes 1-10), OA_bu (built versus natural) and OA_w (weighted by similarity). */
  oaUrban: share.nullable(),
  oaBuiltNatural: share,
  oaWeighted: share,
  /** Mean F1 over the classes present in the truth. */
  macroF1: share.nullable(),
  /** Per LCZ value 1-17 (index value - 1); null where a class is absent from both truth and prediction. */
  perClass: z.array(z.object({ precision: share.nullable(), recall: share.nullable(), f1: share.nullable(), support: z.number().int().min(0) })).length(17),
  /** Rows: truth, columns: prediction. */
  confusion: z.array(z.array(z.number().int().min(0)).length(17)).length(17),
});
export type ClassificationMetricsView = z.infer<typeof classificationMetricsSchema>;

/** The accuracy figures of one model (or an ensemble) on one data set. */
export const modelScoresSchema = classificationMetricsSchema.extend({
  /** Temperature fitted on the validation split (1 = none). */
  temperature: z.number().positive(),
  calibrationBefore: calibrationSchema,
  calibrationAfter: calibrationSchema,
});
export type ModelScores = z.infer<typeof modelScoresSchema>;

export const evaluationSchema = z.object({
  /** The file evaluated on, or "validation split of <train>". */
  data: z.string(),
  members: z.array(z.object({ name: z.string(), scores: modelScoresSchema })),
  ensemble: z.object({ fusion: z.enum(['sum-rule', 'logit-average']), scores: modelScoresSchema }).nullable(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;
