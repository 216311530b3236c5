import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { refreshJobs } from '../jobs/jobs-sync';
import { trainingStore, type FileRole } from './training-store';

/** Per role, so a slow read of an earlier file never replaces a later choice. */
const latest: Record<FileRole, number> = { train: 0, test: 0 };

/** Chooses a So2Sat-format file and asks the core what it holds (facts and class counts, or why it cannot be used). */
export async function setDatasetPath(role: FileRole, path: string): Promise<void> {
  const ticket = ++latest[role];
  trainingStore.set({ [role]: { path, info: null, error: null }, pathDialog: null });
  try {
    const info = await api.invoke('datasets/inspect', { path });
    if (ticket === latest[role]) trainingStore.set({ [role]: { path: info.path, info, error: null } });
  } catch (error) {
    if (ticket === latest[role]) trainingStore.set({ [role]: { path, info: null, error: error instanceof Error ? error.message : String(error) } });
  }
}

export function clearDataset(role: FileRole): void {
  latest[role]++;
  trainingStore.set({ [role]: null });
}

/** "Choose…": the native dialog in Electron, a path on the server machine in browser mode. */
export async function chooseDataset(role: FileRole): Promise<void> {
  if (!appStore.get().info?.nativeDialogs) {
    trainingStore.set({ pathDialog: role });
    return;
  }
  try {
    const title = role === 'train' ? 'Choose So2Sat LCZ42 training data (training.h5)' : 'Choose So2Sat LCZ42 test data (testing.h5)';
    const { path } = await api.invoke('dialog/open-file', { title });
    if (path) await setDatasetPath(role, path);
  } catch (error) {
    reportError(error, { action: 'Cannot show the open dialog' });
  }
}

export async function loadDemoDataset(): Promise<{ path: string; ready: boolean } | null> {
  try {
    const demo = await api.invoke('datasets/demo', {});
    trainingStore.set({ demo });
    return demo;
  } catch (error) {
    reportError(error, { action: 'Cannot find the synthetic So2Sat data' });
    return null;
  }
}

/** The patch count typed for a new synthetic file, or null when it is not one. */
export function parsePatches(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 100 && n <= 200_000 ? n : null;
}

/**
 * "Use synthetic So2Sat data": the workspace's synthetic file when it exists (unless `regenerate`), else a job
 * makes it with progress; its end chooses it (training-sync).
 */
export async function chooseSyntheticData(regenerate = false): Promise<void> {
  const { synthPatches, demo: known } = trainingStore.get();
  const patches = parsePatches(synthPatches);
  if (!(known?.ready && !regenerate) && patches === null) return;
  // The synthetic file is the choice from now on: the previous one (and its problems) goes at once.
  clearDataset('train');
  trainingStore.set({ busy: true });
  try {
    const demo = await loadDemoDataset();
    if (!demo) return;
    if (demo.ready && !regenerate) {
      await setDatasetPath('train', demo.path);
      return;
    }
    if (patches === null) return;
    const { jobId } = await api.invoke('jobs/start', { kind: 'so2sat-synth', params: { out: demo.path, patches, seed: 1 } });
    trainingStore.set({ synthJobId: jobId });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot make the synthetic So2Sat data' });
  } finally {
    trainingStore.set({ busy: false });
  }
}
