import type { CalibrationSource, DeploymentView } from '../../../shared/contract';
import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { cancelJob, refreshJobs } from '../jobs/jobs-sync';
import { chooseDevice, loadMappingDeployments } from '../mapping/device-actions';
import { checkMapping } from '../mapping/mapping-actions';
import { mappingStore } from '../mapping/mapping-store';
import { chosenCalibration, deployStore, type CalibrationChoice } from './deploy-store';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Asks the core what it sees of the card (discovery, or the simulator's machine when it is on). */
export async function refreshStatus(): Promise<void> {
  deployStore.set({ checking: true });
  try {
    deployStore.set({ status: await api.invoke('metis/status', {}), statusError: null });
  } catch (error) {
    deployStore.set({ statusError: message(error) });
  } finally {
    deployStore.set({ checking: false });
  }
}

/** The bundles, students first; the first time, the first one is chosen. */
export async function loadDeployBundles(): Promise<void> {
  try {
    const { bundles, broken } = await api.invoke('metis/bundles', {});
    const deployments = await api.invoke('metis/deployments', {});
    const { selected } = deployStore.get();
    const keep = selected && bundles.some((b) => b.dir === selected) ? selected : (bundles[0]?.dir ?? null);
    deployStore.set({ bundles, broken, deployments });
    if (keep !== selected) await selectDeployBundle(keep);
  } catch (error) {
    reportError(error, { action: 'Cannot list the bundles to deploy' });
  }
}

export async function selectDeployBundle(dir: string | null): Promise<void> {
  deployStore.set({ selected: dir, plan: null });
  if (!dir) return;
  try {
    const plan = await api.invoke('metis/plan', { bundle: dir });
    if (deployStore.get().selected === dir) deployStore.set({ plan, calibration: { kind: 'at-hand', index: 0 } });
  } catch (error) {
    reportError(error, { action: 'Cannot plan the deployment of', file: dir });
  }
}

export function setCalibration(choice: CalibrationChoice): void {
  deployStore.set({ calibration: choice });
}

/** A scene typed as calibration data is read as a mapping reads it: its saved (or file) band mapping, its truth. */
async function calibrationSource(): Promise<CalibrationSource | null> {
  const { plan, calibration } = deployStore.get();
  const chosen = chosenCalibration(plan, calibration);
  if (chosen.source) return chosen.source;
  if (!chosen.needsSettings) return null;
  const resolved = await api.invoke('scenes/settings', { path: chosen.needsSettings, overrides: {} });
  return { kind: 'scene', path: resolved.path, settings: resolved.settings, truth: resolved.truth?.exists ? resolved.truth.path : null };
}

/** "Deploy to Metis": starts the metis-deploy job with the plan; its steps come from its log file. */
export async function startDeploy(): Promise<void> {
  const { plan } = deployStore.get();
  if (!plan) return;
  deployStore.set({ busy: true });
  try {
    const calibration = await calibrationSource();
    if (!calibration) return;
    const { file } = await api.invoke('metis/new-log', {});
    const { jobId } = await api.invoke('jobs/start', { kind: 'metis-deploy', params: { bundle: plan.bundle, int8Bundle: plan.int8Bundle, calibration, out: plan.out, log: file } });
    deployStore.set({ jobId, logFile: file, log: null, report: null });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot deploy', file: plan.bundle });
  } finally {
    deployStore.set({ busy: false });
  }
}

export function cancelDeploy(jobId: string): void {
  void cancelJob(jobId);
}

/** Reads the running deploy's steps and log. */
export async function pollLog(): Promise<void> {
  const { logFile } = deployStore.get();
  if (!logFile) return;
  try {
    const log = await api.invoke('metis/log', { file: logFile });
    if (log && deployStore.get().logFile === logFile) deployStore.set({ log });
  } catch {
    // The next poll tries again; the job's own record says how it ended.
  }
}

export async function openReport(dir: string): Promise<void> {
  try {
    deployStore.set({ report: await api.invoke('metis/deployment', { dir }) });
  } catch (error) {
    reportError(error, { action: 'Cannot open the deployment', file: dir });
  }
}

/** "Map with Metis": the Mapping tab with the deployment's bundle chosen, to run on the card. */
export async function mapWithMetis(report: DeploymentView): Promise<void> {
  mappingStore.set({ selected: [report.deployment.bundle.dir] });
  appStore.set({ view: 'map', tab: 'mapping' });
  void checkMapping();
  // The deployment may be newer than the Mapping tab's list of the model's deployments.
  await loadMappingDeployments();
  chooseDevice(report.dir);
}
