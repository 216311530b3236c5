import type { OutputOf, RunListItem } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import type { LiveSample } from './live-progress';

export type RunDetails = OutputOf<'runs/get'>;

/** The training job this page follows live (queued, then running): its run folder and the batch figures seen so far. */
export interface LiveRun {
  jobId: string;
  /** The run it trains: its job record's target, known from jobs/start on. */
  dir: string;
  samples: readonly LiveSample[];
}

export interface RunsState {
  /** The workspace's training runs, newest first; null until first listed. */
  items: readonly RunListItem[] | null;
  /** The last runs/get answer of each run asked about, by folder. */
  details: Readonly<Record<string, RunDetails>>;
  /** The run whose report is open over the map; null when closed. */
  reportDir: string | null;
  /** Why the open report's run could not be read. */
  reportError: string | null;
  live: LiveRun | null;
}

export const runsStore = createStore<RunsState>({ items: null, details: {}, reportDir: null, reportError: null, live: null });

export function useRuns<T>(selector: (state: RunsState) => T): T {
  return useStoreSlice(runsStore, selector);
}
