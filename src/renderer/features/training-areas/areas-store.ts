import type { AreasAccuracy, AreasCheck, BundleSummary, Classifier, TrainingArea } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import type { AreasTool } from '../../map/areas-draw-layer';
import { DEFAULT_CNN_EPOCHS } from './areas-request';

export type { AreasTool };

export interface TrainingAreasState {
  /** The areas of the open scene: what the map draws and the core saves, checks and trains on. */
  areas: readonly TrainingArea[];
  /** The scene the areas belong to (its path); a new scene loads its own set. */
  scenePath: string | null;
  /** The set's name in the workspace (areas/<name>.geojson) and its file once saved. */
  setName: string | null;
  savedPath: string | null;
  /** The class a new polygon gets (picked from the legend), 1-17. */
  lcz: number;
  tool: AreasTool;
  selectedId: string | null;
  /** The checks of the list as it is now; null while the core checks (or before the first check). */
  check: AreasCheck | null;
  checkError: string | null;
  /** The training settings, as typed (checked before use, areas-request.ts); bootstrap null: the classifier's default. */
  classifier: Classifier;
  trees: string;
  epochs: string;
  bootstrap: string | null;
  /** The bundle a CNN is fine-tuned from, or null: from scratch. */
  fromBundle: string | null;
  /** The model bundles (bundles/list), listed once the CNN is chosen; null until then. */
  bundles: readonly BundleSummary[] | null;
  /** The areas-map job started last from this page. */
  jobId: string | null;
  /** The result it made and its bootstrap record. */
  resultDir: string | null;
  accuracy: AreasAccuracy | null;
  /** A request is on its way (import, export, jobs/start): the buttons wait. */
  busy: boolean;
}

export const areasStore = createStore<TrainingAreasState>({
  areas: [],
  scenePath: null,
  setName: null,
  savedPath: null,
  lcz: 2,
  tool: 'view',
  selectedId: null,
  check: null,
  checkError: null,
  classifier: 'rf',
  trees: '30',
  epochs: String(DEFAULT_CNN_EPOCHS),
  bootstrap: null,
  fromBundle: null,
  bundles: null,
  jobId: null,
  resultDir: null,
  accuracy: null,
  busy: false,
});

export function useAreas<T>(selector: (state: TrainingAreasState) => T): T {
  return useStoreSlice(areasStore, selector);
}
