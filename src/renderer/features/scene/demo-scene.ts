import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { refreshJobs } from '../jobs/jobs-sync';
import { mappingStore } from '../mapping/mapping-store';
import { openScene } from './open-scene';

/**
 * Opens the synthetic demo scene, generating it first when the workspace has none yet (a job with progress; its
 * end opens the scene, see mapping-sync).
 */
export async function openDemoScene(): Promise<void> {
  const info = appStore.get().info;
  if (!info) return;
  mappingStore.set({ busy: true });
  try {
    const demo = await api.invoke('scenes/demo', {});
    if (demo.ready) {
      await openScene(demo.path);
      return;
    }
    const { jobId } = await api.invoke('jobs/start', { kind: 'demo-scene', params: { outDir: info.demoSceneDir } });
    mappingStore.set({ demoJobId: jobId });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot make the synthetic demo scene' });
  } finally {
    mappingStore.set({ busy: false });
  }
}
