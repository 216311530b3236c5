import { appStore } from '../../app/app-state';
import { onJobEnd } from '../jobs/job-events';
import { loadMappingDeployments } from '../mapping/device-actions';
import { loadBundles } from '../mapping/mapping-actions';
import { loadDeployBundles, openReport, pollLog, refreshStatus } from './deploy-actions';
import { deployStore } from './deploy-store';
import { pollFirmwareLog } from './firmware-actions';
import { firmwareStore } from './firmware-store';

/** The steps are read this often while a deploy or a firmware update runs (the job writes them at most every 0.25 s). */
const POLL_MS = 700;

let started = false;

/**
 * Once, when the Deploy view is first shown: asks for the card and the bundles; from then on follows the deploy and
 * firmware jobs started here (their logs while they run; at the end, the report, the bundles' deployments).
 */
export function startDeploySync(): void {
  if (started) return;
  started = true;
  void refreshStatus();
  void loadDeployBundles();
  setInterval(() => {
    const jobs = appStore.get().jobs;
    const running = (id: string | null) => id !== null && jobs.some((j) => j.id === id && (j.state === 'running' || j.state === 'queued'));
    if (running(deployStore.get().jobId)) void pollLog();
    if (running(firmwareStore.get().jobId)) void pollFirmwareLog();
  }, POLL_MS);
  onJobEnd((job) => {
    if (job.id === deployStore.get().jobId) {
      void pollLog();
      void loadDeployBundles();
      void loadBundles();
      void loadMappingDeployments(); // the Mapping tab offers the new deployment
      if (job.state === 'succeeded' && job.target.type === 'folder') void openReport(job.target.dir);
    } else if (job.id === firmwareStore.get().jobId) {
      void pollFirmwareLog();
      void refreshStatus();
    }
  });
}
