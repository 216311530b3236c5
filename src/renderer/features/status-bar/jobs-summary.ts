import { isJobEnded, type JobRecord } from '../../../shared/contract';

export interface JobsSummary {
  /** Jobs at work now. */
  running: number;
  /** Jobs started and not ended that are not at work (waiting their turn). */
  waiting: number;
  /** What the status bar says: "2 jobs running", "1 running, 1 queued", "3 jobs, none running", "No jobs". */
  label: string;
}

/** The status bar's count of the session's jobs. Pure: tested in Node. */
export function jobsSummary(jobs: readonly JobRecord[]): JobsSummary {
  const running = jobs.filter((j) => j.state === 'running').length;
  const waiting = jobs.filter((j) => !isJobEnded(j)).length - running;
  let label: string;
  if (running + waiting === 0) label = jobs.length === 0 ? 'No jobs' : `${jobs.length} ${jobs.length === 1 ? 'job' : 'jobs'}, none running`;
  else if (waiting === 0) label = `${running} ${running === 1 ? 'job' : 'jobs'} running`;
  else label = `${running} running, ${waiting} queued`;
  return { running, waiting, label };
}
