import { api } from '../../api';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { runDirOfTarget } from '../jobs/job-target';
import { cancelJob, refreshJobs } from '../jobs/jobs-sync';
import { paramsOfState } from './form-state';
import { runsStore } from './runs-store';
import { trainingStore } from './training-store';

/** Lists the training runs of the workspace (they outlive the app). */
export async function refreshRuns(): Promise<void> {
  try {
    runsStore.set({ items: await api.invoke('runs/list', {}) });
  } catch (error) {
    reportError(error, { action: 'Cannot list the training runs' });
  }
}

/** Reads a run's run.json and evaluation (runs/get) into the store; the live poll and the report both use it. */
export async function fetchRun(dir: string): Promise<void> {
  try {
    const details = await api.invoke('runs/get', { dir });
    runsStore.set((s) => ({ details: { ...s.details, [dir]: details }, reportError: s.reportDir === dir ? null : s.reportError }));
  } catch (error) {
    if (runsStore.get().reportDir === dir) runsStore.set({ reportError: error instanceof Error ? error.message : String(error) });
  }
}

export function openRunReport(dir: string): void {
  runsStore.set({ reportDir: dir, reportError: null });
  void fetchRun(dir);
}

export function closeRunReport(): void {
  runsStore.set({ reportDir: null, reportError: null });
}

/** Starts training the ensemble of the form in the run folder the core chose; progress arrives as job updates (training-sync). */
export async function startTraining(): Promise<void> {
  const { params } = paramsOfState(trainingStore.get());
  if (!params) return;
  trainingStore.set({ busy: true });
  try {
    const { jobId, target } = await api.invoke('jobs/start', { kind: 'train', params });
    // The new run is the news: its curves take the view (the report of another run closes).
    runsStore.set({ live: { jobId, dir: runDirOfTarget(target), samples: [] }, reportDir: null, reportError: null });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot start training', file: params.train });
  } finally {
    trainingStore.set({ busy: false });
  }
}

/** Continues a cancelled or failed run from its members' last epoch checkpoints. */
export async function resumeRun(dir: string): Promise<void> {
  trainingStore.set({ busy: true });
  try {
    const { jobId } = await api.invoke('jobs/start', { kind: 'resume-training', params: { runDir: dir } });
    runsStore.set({ live: { jobId, dir, samples: [] } });
    followJob(jobId);
    void refreshJobs();
    void fetchRun(dir);
  } catch (error) {
    reportError(error, { action: 'Cannot resume the run', file: dir });
  } finally {
    trainingStore.set({ busy: false });
  }
}

export function cancelTraining(jobId: string): void {
  void cancelJob(jobId);
}
