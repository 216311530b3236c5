import { z } from 'zod';

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
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

/** A folder that looked like a bundle but could not be read, with why. */
export const brokenBundleSchema = z.object({ dir: z.string(), problem: z.string() });
export type BrokenBundle = z.infer<typeof brokenBundleSchema>;
