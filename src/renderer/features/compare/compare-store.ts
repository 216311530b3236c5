import type { CompareProbe, ComparisonListItem, ComparisonView } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import type { ClassPair } from '../../map/difference-image';
import type { CompareMode } from '../../map/compare-map-view';

export interface CursorReading {
  lon: number;
  lat: number;
  /** null while the core answers. */
  probe: CompareProbe | null;
}

export interface CompareState {
  /** The comparisons saved in the workspace, newest first; null until listed. */
  list: readonly ComparisonListItem[] | null;
  /** The comparison on screen. */
  shown: ComparisonView | null;
  /** The folder of the comparison being opened. */
  opening: string | null;
  mode: CompareMode;
  /** The swipe divider, 0-1 across the maps. */
  swipe: number;
  /** The class pair whose cells are highlighted (a cross-tab cell, a legend row). */
  selection: ClassPair | null;
  /** The class of each map under the pointer. */
  cursor: CursorReading | null;
  /** The "Compare two maps" dialog. */
  dialogOpen: boolean;
  /** The comparison job started last from this page (it opens when it succeeds). */
  jobId: string | null;
}

export const compareStore = createStore<CompareState>({
  list: null,
  shown: null,
  opening: null,
  mode: 'swipe',
  swipe: 0.5,
  selection: null,
  cursor: null,
  dialogOpen: false,
  jobId: null,
});

export function useCompare<T>(selector: (state: CompareState) => T): T {
  return useStoreSlice(compareStore, selector);
}
