/**
 * The comparison report of several bundles on the same test data (evaluation/compare-models.ts): a teacher, its
 * student, the student's int8 and pruned versions... Accuracy and calibration of each, how each agrees with the first
 * and whether it differs significantly from it (McNemar), what each costs, and how fast each runs in ONNX Runtime on
 * this machine, measured in one job so that the figures are comparable.
 */
import { z } from 'zod';
import { BUNDLE_KINDS } from '../bundle-lineage';
import { modelScoresSchema } from './evaluation';

const path = z.string().min(1).max(4096);
const share = z.number().min(0).max(1);

export const compareModelsParamsSchema = z
  .object({
    /** Bundle folders; the first is the reference the others are compared with (the teacher). */
    bundles: z.array(path).min(1).max(12),
    /** So2Sat LCZ42-format test data. */
    test: path,
    /** Fit each bundle's temperature on this data (a validation file); without it each bundle's own is used. */
    fitOn: path.nullable().default(null),
    /** The report's folder (report.json and the predictions): new or empty. */
    outDir: path,
    /** Timed rounds of the throughput measurement (the models take turns batch by batch in each). */
    rounds: z.number().int().min(1).max(50).default(5),
    /** Batches of 256 patches each model runs per round. */
    batches: z.number().int().min(1).max(64).default(4),
  })
  .strict();
export type CompareModelsParams = z.infer<typeof compareModelsParamsSchema>;
export type CompareModelsParamsInput = z.input<typeof compareModelsParamsSchema>;

/** What a bundle is, from its provenance (shared/bundle-lineage.ts): pruned, int8, a distilled student, or any other model. */
export const COMPARED_KINDS = BUNDLE_KINDS;

export const mcnemarSchema = z.object({
  /** Patches the first bundle gets right and this one wrong. */
  b: z.number().int().min(0),
  /** Patches this bundle gets right and the first wrong. */
  c: z.number().int().min(0),
  method: z.enum(['chi-square', 'exact-binomial']),
  statistic: z.number().min(0),
  pValue: share,
});

export const comparedModelSchema = z.object({
  bundle: z.string(),
  name: z.string(),
  kind: z.enum(COMPARED_KINDS),
  /** The parent a compressed bundle was made from (its name), or null. */
  parent: z.string().nullable(),
  scores: modelScoresSchema,
  /** Share of test patches where its class is the first bundle's (1 for the first). */
  agreement: share,
  /** McNemar's test against the first bundle; null for the first. */
  mcnemar: mcnemarSchema.nullable(),
  cost: z.object({
    parameters: z.number().int().min(0),
    /** Multiply-accumulates of one patch. */
    macs: z.number().int().min(0),
    /** Bytes of the weights as stored (float32: 4 per parameter, int8: 1). */
    weightBytes: z.number().int().min(0),
    /** model.onnx on disk. */
    bytes: z.number().int().min(0),
    /** Layers whose multiply-accumulates could not be counted (not in `macs`). */
    uncounted: z.array(z.string()),
  }),
  /** Median over the rounds of patches per second in ONNX Runtime, and each round's figure. */
  patchesPerSecond: z.number().positive(),
  rounds: z.array(z.number().positive()),
  /** File in the report's folder: float32 n x classes probabilities before temperature scaling (.npy). */
  probabilities: z.string(),
});
export type ComparedModel = z.infer<typeof comparedModelSchema>;

const plotPointSchema = z.object({ name: z.string(), x: z.number(), y: share });

export const modelComparisonSchema = z.object({
  /** The test file, and how many of its patches were scored. */
  data: z.string(),
  patches: z.number().int().min(1),
  fitOn: z.string().nullable(),
  /** The machine the throughput was measured on. */
  machine: z.object({ cpu: z.string(), cores: z.number().int().min(1), threads: z.number().int().min(1), onnxruntime: z.string() }),
  throughput: z.object({ batchSize: z.number().int().min(1), batchesPerRound: z.number().int().min(1), rounds: z.number().int().min(1) }),
  models: z.array(comparedModelSchema).min(1),
  /** File in the report's folder: the true classes (uint8, 0-based) of the patches scored (.npy). */
  labels: z.string(),
  /** One point per model: OA against patches per second, and against bytes on disk. */
  plot: z.object({ accuracyVsThroughput: z.array(plotPointSchema), accuracyVsSize: z.array(plotPointSchema) }),
});
export type ModelComparison = z.infer<typeof modelComparisonSchema>;

/** One line of `lcz compare-models --json`: the figures of one bundle. */
export interface ComparisonEntry {
  name: string;
  bundle: string;
  kind: ComparedModel['kind'];
  oa: number;
  kappa: number;
  /** Expected calibration error as the bundle maps (after temperature scaling), and before. */
  ece: number;
  eceBefore: number;
  params: number;
  macs: number;
  bytes: number;
  patchesPerSecond: number;
  /** With the first bundle. */
  agreement: number;
  /** McNemar's p against the first bundle (null for the first). */
  mcnemarP: number | null;
}

export function comparisonEntries(report: ModelComparison): ComparisonEntry[] {
  return report.models.map((m) => ({
    name: m.name,
    bundle: m.bundle,
    kind: m.kind,
    oa: m.scores.oa,
    kappa: m.scores.kappa,
    ece: m.scores.calibrationAfter.ece,
    eceBefore: m.scores.calibrationBefore.ece,
    params: m.cost.parameters,
    macs: m.cost.macs,
    bytes: m.cost.bytes,
    patchesPerSecond: m.patchesPerSecond,
    agreement: m.agreement,
    mcnemarP: m.mcnemar?.pValue ?? null,
  }));
}
