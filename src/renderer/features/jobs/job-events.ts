import { appStore } from '../../app/app-state';
import { isJobEnded, type JobRecord } from '../../../shared/contract';

type EndListener = (record: JobRecord) => void;

const listeners = new Set<EndListener>();
/** Jobs seen queued or running in this page, or started from it: only their end is news (jobs/list also returns old ones). */
const followed = new Set<string>();
const ended = new Set<string>();
let watching = false;

/** Marks a job this page started, so its end is reported even if no running update was seen. */
export function followJob(jobId: string): void {
  followed.add(jobId);
  check(appStore.get().jobs);
}

/** Calls `listener` once for every followed job that ends (succeeded, failed or cancelled). */
export function onJobEnd(listener: EndListener): () => void {
  listeners.add(listener);
  if (!watching) {
    watching = true;
    let last = appStore.get().jobs;
    appStore.subscribe(() => {
      const jobs = appStore.get().jobs;
      if (jobs === last) return;
      last = jobs;
      check(jobs);
    });
  }
  return () => listeners.delete(listener);
}

function check(jobs: readonly JobRecord[]): void {
  for (const job of jobs) {
    if (!isJobEnded(job)) {
      followed.add(job.id);
      continue;
    }
    if (!followed.has(job.id) || ended.has(job.id)) continue;
    ended.add(job.id);
    for (const listener of [...listeners]) listener(job);
  }
}
