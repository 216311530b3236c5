import { isJobEnded } from '../../../shared/contract';
import { appStore } from '../app-state';

let started = false;

/**
 * Once per page: a job seen unfinished (running or queued) for the first time (just started here, from another face, or still running
 * after a reload) opens the dock, so an export or a mapping is never out of sight. Closing the dock is the user's.
 */
export function startDockSync(): void {
  if (started) return;
  started = true;
  const seen = new Set<string>();
  let jobs = appStore.get().jobs;
  appStore.subscribe(() => {
    const next = appStore.get().jobs;
    if (next === jobs) return;
    jobs = next;
    let fresh = false;
    for (const job of next) {
      if (seen.has(job.id)) continue;
      seen.add(job.id);
      if (!isJobEnded(job)) fresh = true;
    }
    if (fresh && !appStore.get().dockOpen) appStore.set({ dockOpen: true });
  });
}
