import { useApp } from '../../app/app-state';
import type { JobRecord } from '../../../shared/contract';
import { useRuns } from './runs-store';

export interface RunFocus {
  /** The run the Training view shows (curves and report): the one opened, else the one training now. */
  dir: string | null;
  /** The training job at work now, followed live; null when none runs. */
  liveJob: JobRecord | null;
  /** Its run folder, once known (a new run's folder is found after it starts). */
  liveDir: string | null;
  /** The run in focus is the one training now: its curves grow with the running epoch. */
  isLive: boolean;
}

/** Which run the Training view is about. */
export function useRunFocus(): RunFocus {
  const reportDir = useRuns((s) => s.reportDir);
  const live = useRuns((s) => s.live);
  const job = useApp((s) => (live ? (s.jobs.find((j) => j.id === live.jobId) ?? null) : null));
  const liveJob = job?.state === 'running' ? job : null;
  const liveDir = liveJob ? (live?.dir ?? null) : null;
  const dir = reportDir ?? liveDir;
  return { dir, liveJob, liveDir, isLive: liveJob !== null && dir !== null && dir === liveDir };
}
