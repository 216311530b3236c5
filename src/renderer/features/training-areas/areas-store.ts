import type { AreasAccuracy, AreasCheck, TrainingArea } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import type { AreasTool } from '../../map/areas-draw-layer';

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
  /** The training settings, as typed (checked before use). */
  trees: string;
  bootstrap: string;
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
  trees: '30',
  bootstrap: '25',
  jobId: null,
  resultDir: null,
  accuracy: null,
  busy: false,
});

export function useAreas<T>(selector: (state: TrainingAreasState) => T): T {
  return useStoreSlice(areasStore, selector);
}
