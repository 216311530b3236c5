import { useApp } from '../../app/app-state';
import { isJobPending, type PendingJobRecord } from '../../../shared/contract';
import { useRuns } from './runs-store';

export interface RunFocus {
  /** The run the Training view shows (curves and report): the one opened, else the one training now. */
  dir: string | null;
  /** The training job this page follows, while it is pending: queued (no process yet), then running. */
  liveJob: PendingJobRecord | null;
  /** The folder of the run training now; null while its job waits in the queue (a new run has no run.json yet). */
  liveDir: string | null;
  /** The run in focus is the one training now: its curves grow with the running epoch. */
  isLive: boolean;
}

/** Which run the Training view is about. */
export function useRunFocus(): RunFocus {
  const reportDir = useRuns((s) => s.reportDir);
  const live = useRuns((s) => s.live);
  const job = useApp((s) => (live ? (s.jobs.find((j) => j.id === live.jobId) ?? null) : null));
  const liveJob = job && isJobPending(job) ? job : null;
  const liveDir = liveJob?.state === 'running' && live ? live.dir : null;
  const dir = reportDir ?? liveDir;
  return { dir, liveJob, liveDir, isLive: liveDir !== null && dir === liveDir };
}
