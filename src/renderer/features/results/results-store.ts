import type { ResultListItem } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';

export interface ResultsState {
  /** The workspace's results, newest first; null until first listed. */
  items: readonly ResultListItem[] | null;
  /** The folder of the result being opened. */
  openingDir: string | null;
}

export const resultsStore = createStore<ResultsState>({ items: null, openingDir: null });

export function useResults<T>(selector: (state: ResultsState) => T): T {
  return useStoreSlice(resultsStore, selector);
}
