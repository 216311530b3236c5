import type { BrokenBundle, BundleSummary, DeploymentListItem, Fusion } from '../../../shared/contract';
import type { BandDraft } from '../scene/band-mapping';
import { createStore, useStoreSlice } from '../../app/store';

export interface MappingState {
  /** Model bundles the user can map with; null until listed. */
  bundles: readonly BundleSummary[] | null;
  broken: readonly BrokenBundle[];
  /** Folders of the chosen bundles: one is a model, several an ensemble. */
  selected: readonly string[];
  /** Output cell size in metres, as typed (validated before use). */
  resolution: string;
  tta: boolean;
  filter: boolean;
  /** How an ensemble is fused; 'recorded': as its bundles say their ensemble was fused in training (else the sum rule). */
  fusion: Fusion | 'recorded';
  /** What stops the chosen models from mapping the open scene; null while the core checks. */
  problems: readonly string[] | null;
  /** The band mapping being edited, for the scene it belongs to; saved with scenes/configure. */
  draft: { sceneId: string; bands: BandDraft } | null;
  /** The mapping job started last from this page, and the scene it maps. */
  jobId: string | null;
  jobScene: string | null;
  /** The job generating the demo scene. */
  demoJobId: string | null;
  /** A request is on its way (jobs/start, scenes/demo): the buttons wait. */
  busy: boolean;
  /** Where the one chosen model runs: this computer (null), or a Metis card through one of its deployments. */
  device: { deployment: string } | null;
  /** The deployments of the one chosen model (metis/deployments), for the device choice. */
  deployments: readonly DeploymentListItem[];
  /** The user accepted band equivalence: another sensor's bands stand in for those the models need (the result says so). */
  bandEquivalence: boolean;
}

export const mappingStore = createStore<MappingState>({
  bundles: null,
  broken: [],
  selected: [],
  resolution: '100',
  tta: false,
  filter: false,
  fusion: 'recorded',
  problems: [],
  draft: null,
  jobId: null,
  jobScene: null,
  demoJobId: null,
  busy: false,
  device: null,
  deployments: [],
  bandEquivalence: false,
});

export function useMapping<T>(selector: (state: MappingState) => T): T {
  return useStoreSlice(mappingStore, selector);
}

/** The output resolution in metres, or null when what the user typed is not one (1 m to 10 km). */
export function parseResolution(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value >= 1 && value <= 10_000 ? value : null;
}
