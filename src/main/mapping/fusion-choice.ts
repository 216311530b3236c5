import type { BundleManifest } from '../../shared/bundle-manifest';
import type { Fusion } from '../../shared/contract/training';

/**
 * How to fuse an ensemble when the user does not say: as its members were fused when they were trained and
 * evaluated together (their manifests record it), so the map agrees with the accuracy the run reported; the sum
 * rule when they do not all record the same rule (members of different runs, imported models).
 */
export function defaultFusion(manifests: readonly BundleManifest[]): Fusion {
  const recorded = new Set(manifests.map((m) => m.ensemble?.fusion ?? null));
  const [only] = recorded;
  return recorded.size === 1 && only ? only : 'sum-rule';
}

/** How a fusion rule reads in reports. */
export const FUSION_LABEL: Record<Fusion, string> = {
  'sum-rule': 'sum rule (mean of probabilities)',
  'logit-average': 'logit average (mean of log-probabilities)',
};
