import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { isJobEnded, type JobRecord } from '../../../shared/contract';

/** Jobs the user cleared from the list: a later jobs/list must not bring them back. */
const cleared = new Set<string>();

/** How far along a job is: a record never gives way to one of an earlier stage. */
const stage = (record: JobRecord): number => (record.state === 'queued' ? 0 : record.state === 'running' ? 1 : 2);

/**
 * Merges a record into the list. Updates and jobs/list replies can arrive in any order,
 * so a finished record is never replaced by a running or queued one, nor a running one by a queued one.
 */
export function upsertJob(record: JobRecord): void {
  if (cleared.has(record.id)) return;
  appStore.set((s) => {
    const existing = s.jobs.find((j) => j.id === record.id);
    if (existing && stage(existing) > stage(record)) return {};
    const jobs = [record, ...s.jobs.filter((j) => j.id !== record.id)];
    jobs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { jobs };
  });
}

export async function refreshJobs(): Promise<void> {
  try {
    for (const record of await api.invoke('jobs/list', {})) upsertJob(record);
  } catch (error) {
    reportError(error, { action: 'Cannot list the jobs' });
  }
}

/** Listens to job updates for the life of the page and loads the jobs already known to the core. */
export function startJobSync(): () => void {
  const off = api.on('jobs/update', upsertJob);
  void refreshJobs();
  return off;
}

export async function cancelJob(jobId: string): Promise<void> {
  try {
    await api.invoke('jobs/cancel', { jobId });
  } catch (error) {
    reportError(error, { action: 'Cannot cancel the job' });
  }
}

export function clearFinishedJobs(): void {
  appStore.set((s) => {
    for (const job of s.jobs) if (isJobEnded(job)) cleared.add(job.id);
    return { jobs: s.jobs.filter((j) => !isJobEnded(j)) };
  });
}
