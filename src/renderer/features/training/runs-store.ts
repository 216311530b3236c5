import type { OutputOf, RunListItem } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import type { LiveSample } from './live-progress';

export type RunDetails = OutputOf<'runs/get'>;

/** The training job this page follows live: its run folder (once known) and the batch figures seen so far. */
export interface LiveRun {
  jobId: string;
  /** null until the run the job created is found (see run-link). */
  dir: string | null;
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
  /** The folder of each resume job started from this page. */
  jobDirs: Readonly<Record<string, string>>;
}

export const runsStore = createStore<RunsState>({ items: null, details: {}, reportDir: null, reportError: null, live: null, jobDirs: {} });

export function useRuns<T>(selector: (state: RunsState) => T): T {
  return useStoreSlice(runsStore, selector);
}
