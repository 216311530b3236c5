import { z } from 'zod';
import { crsSchema, geoTransformSchema, inspectResultSchema, mapViewSchema } from './maps';

/**
 * Comparing two LCZ maps (teacher and student, two dates, two methods): the request (the "compare" job), what comes
 * out of it (comparison.json), and what the Compare view reads of it (compare/open, compare/probe, compare/list).
 */

const finite = z.number().finite();
const share = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const perClass = <T extends z.ZodType>(item: T) => z.array(item).length(17);
const matrix = <T extends z.ZodType>(item: T) => z.array(perClass(item)).length(17);

export const compareParamsSchema = z
  .object({
    /** The first map (its grid is the one counted on): an LCZ GeoTIFF or a mapping result folder. */
    a: z.string().min(1),
    /** The second map, resampled onto the first's grid by nearest neighbour when the grids differ. */
    b: z.string().min(1),
    /** A reference map (an LCZ GeoTIFF) to score both maps against, or null. */
    truth: z.string().min(1).nullable().default(null),
    /** The output folder; made when missing; files of an earlier comparison in it are replaced. */
    outDir: z.string().min(1),
  })
  .strict();
export type CompareParams = z.infer<typeof compareParamsSchema>;
export type CompareParamsInput = z.input<typeof compareParamsSchema>;

/**
 * The "compare" job's parameters: the app leaves the folder out and the core places it in the workspace's
 * comparisons; `name` titles the job in the jobs dock (result folders are named by date).
 */
export const compareJobParamsSchema = compareParamsSchema.extend({ outDir: z.string().min(1).optional(), name: z.string().min(1).max(200).optional() });
export type CompareJobParams = z.infer<typeof compareJobParamsSchema>;

/** One map read for the comparison: what it was given as, and the grid it had. */
export const comparedMapSchema = z.object({
  /** As given: a GeoTIFF or a result folder. */
  path: z.string(),
  kind: z.enum(['map', 'result']),
  /** The LCZ GeoTIFF read (the folder's lcz.tif for a result). */
  lczPath: z.string(),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  crs: crsSchema,
  geoTransform: geoTransformSchema,
  /** True when it was sampled at the first map's cell centres (nearest neighbour) because its grid differs. */
  resampled: z.boolean(),
  synthetic: z.boolean(),
  /** How its values were read (legacy codes, NaN as no data). */
  notes: z.array(z.string()),
});
export type ComparedMap = z.infer<typeof comparedMapSchema>;

/** Mean max probability (confidence) of one map's class, where the two maps agree and where they disagree. */
const confidenceSplitSchema = z.object({ agree: share.nullable(), disagree: share.nullable() });

const truthScoresSchema = z.object({
  oa: share,
  kappa: finite,
  /** Per LCZ value 1-17 (index value - 1); null where the class is in neither the map nor the truth. */
  f1: perClass(share.nullable()),
  macroF1: share.nullable(),
  /** Rows: truth; columns: the map. */
  confusion: matrix(count),
});

/** Pairs of classes (a in map A, b in map B) as coded in difference.tif. */
export const differenceCodesSchema = z.object({
  nodata: z.literal(0),
  agreement: z.literal(1),
  /** Code 2-254: one disagreeing pair each, in (a, b) order. */
  pairs: z.array(z.object({ code: z.number().int().min(2).max(254), a: z.number().int().min(1).max(17), b: z.number().int().min(1).max(17), cells: count })),
  /** Code 255 holds the pairs that did not get their own code (only when more than 253 pairs occur); null when unused. */
  other: z.object({ code: z.literal(255), pairs: count, cells: count }).nullable(),
});
export type DifferenceCodes = z.infer<typeof differenceCodesSchema>;

export const comparisonFilesSchema = z.object({
  difference: z.string(),
  differenceStyle: z.string(),
  divergence: z.string().nullable(),
  comparison: z.string(),
  report: z.string(),
});

/** comparison.json: written last, so a folder holding it holds a complete comparison. */
export const comparisonSchema = z.object({
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  inputs: z.object({ a: comparedMapSchema, b: comparedMapSchema, truth: comparedMapSchema.nullable() }),
  cells: z.object({
    /** Cells of A's grid that hold a class in A, that hold one in B (sampled at A's cells), and in both: the ones compared. */
    a: count,
    b: count,
    compared: count,
    /** Area of the compared cells. */
    km2: z.number().nonnegative(),
  }),
  agreement: share,
  kappa: finite,
  quantityDisagreement: share,
  allocationDisagreement: share,
  /** Rows: map A, columns: map B, value v at index v - 1; cell counts, and the same in km² (cell areas of A's grid). */
  crossTab: matrix(count),
  crossTabKm2: matrix(z.number().nonnegative()),
  /** Each class's area in each map over the compared cells, its share of them, and B - A. */
  areaKm2: z.object({ a: perClass(z.number().nonnegative()), b: perClass(z.number().nonnegative()) }),
  areaPercent: z.object({ a: perClass(z.number().min(0).max(100)), b: perClass(z.number().min(0).max(100)) }),
  areaDifferenceKm2: perClass(finite),
  /** Per-class agreement: F1 of map B against map A; null where the class is in neither. */
  f1: perClass(share.nullable()),
  /** Both maps are mapping results: their confidence, and the divergence of their class probabilities. */
  probabilities: z
    .object({
      confidence: z.object({ a: confidenceSplitSchema, b: confidenceSplitSchema }),
      /** Mean per-cell Jensen-Shannon divergence (base 2, 0-1) over the cells where both have probabilities. */
      meanDivergence: share.nullable(),
      divergenceCells: count,
    })
    .nullable(),
  /** With a reference map: each map scored against it on the cells valid in all three. */
  truth: z.object({ cells: count, a: truthScoresSchema, b: truthScoresSchema }).nullable(),
  /** McNemar's test of A against B on those cells. */
  mcnemar: z
    .object({
      b: count,
      c: count,
      method: z.enum(['chi-square', 'exact-binomial']),
      statistic: z.number().nonnegative(),
      pValue: share,
    })
    .nullable(),
  difference: differenceCodesSchema,
  /** Whether the rasters are Cloud Optimized GeoTIFFs (up to COG_MAX_CELLS) or streamed DEFLATE GeoTIFFs in strips, without overviews (larger maps). */
  cloudOptimized: z.boolean(),
  files: comparisonFilesSchema,
  notes: z.array(z.string()),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** A comparison saved in the workspace, as compare/list shows it. */
export const comparisonListItemSchema = z.object({
  dir: z.string(),
  createdAt: z.string(),
  a: z.string(),
  b: z.string(),
  agreement: share,
  /** Any of its maps is synthetic. */
  synthetic: z.boolean(),
});
export type ComparisonListItem = z.infer<typeof comparisonListItemSchema>;

/**
 * What the Compare view shows of a comparison: its numbers, both maps for display (each on its own grid, as
 * maps/open gives them), and difference.tif on A's display grid (the same cells as a.display: 0 no data, 1
 * agreement, a pair's code as comparison.difference lists it).
 */
export const comparisonViewSchema = z.object({
  /** For compare/probe. */
  id: z.string(),
  dir: z.string(),
  comparison: comparisonSchema,
  a: mapViewSchema,
  b: mapViewSchema,
  differenceBase64: z.string(),
});
export type ComparisonView = z.infer<typeof comparisonViewSchema>;

/** The cell of each map under one point (compare/probe): the linked cursor's reading. */
export const compareProbeSchema = z.object({ a: inspectResultSchema, b: inspectResultSchema });
export type CompareProbe = z.infer<typeof compareProbeSchema>;
