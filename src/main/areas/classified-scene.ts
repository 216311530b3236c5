/**
 * What a classifier of training areas hands back to areas-map.ts: its bootstrap, the scene's raw probabilities and
 * classes, and what the result should say about it. The forest (forest-map.ts) and the CNN (cnn/cnn-map.ts) each
 * make one; the filter, the summary, the report and the result folder are areas-map.ts's, the same for both.
 */
import type { AreasCnnRecord } from '../../shared/contract/areas';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { FusedMaps } from '../mapping/fusion';
import type { MappingStats } from '../mapping/map-grid';
import type { BootstrapResult } from './bootstrap';

export interface ClassifiedScene {
  assessed: BootstrapResult;
  /** The final model's map of the grid, before the Gaussian filter. */
  raw: FusedMaps;
  stats: MappingStats;
  /** The forest's cell features, or the bands the CNN reads. */
  features: string[];
  /** Cells (forest) or patches (CNN) the final model trained on. */
  trainingCells: number;
  /** The summary's model: a bundle (the CNN's), or a description of the forest. */
  model: { kind: 'bundle'; dir: string; manifest: BundleManifest } | { kind: 'forest'; name: string; bands: string[]; patchSize: number; resolutionM: number };
  /** The summary's engine line. */
  engine: string;
  cnn: AreasCnnRecord | null;
  /** Files of the classifier's own to move into the result (into the staging folder; their names returned). */
  extras: (staging: string) => Promise<string[]>;
}
