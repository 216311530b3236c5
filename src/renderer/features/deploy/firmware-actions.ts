import { api } from '../../api';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { refreshJobs } from '../jobs/jobs-sync';
import { firmwareStore } from './firmware-store';

/** "Update the firmware…": the first of the two questions. Nothing starts here. */
export function askFirmwareUpdate(device: number): void {
  firmwareStore.set({ device, confirm: 'risk' });
}

/** The first answer: on to the second question. */
export function confirmRisk(): void {
  if (firmwareStore.get().confirm === 'risk') firmwareStore.set({ confirm: 'power' });
}

export function abandonFirmwareUpdate(): void {
  firmwareStore.set({ confirm: 'none' });
}

/** The second answer: the update starts, with both confirmations in the request (the core demands them). */
export async function startFirmwareUpdate(): Promise<void> {
  const { confirm, device } = firmwareStore.get();
  if (confirm !== 'power') return;
  firmwareStore.set({ confirm: 'none' });
  try {
    const { file } = await api.invoke('metis/new-log', {});
    const { jobId } = await api.invoke('jobs/start', { kind: 'metis-firmware-update', params: { device, confirmations: { stage2CannotBeRecovered: true, keepPowered: true }, log: file } });
    firmwareStore.set({ jobId, logFile: file, log: null });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot start the firmware update' });
  }
}

export async function pollFirmwareLog(): Promise<void> {
  const { logFile } = firmwareStore.get();
  if (!logFile) return;
  const log = await api.invoke('metis/log', { file: logFile }).catch(() => null);
  if (log && firmwareStore.get().logFile === logFile) firmwareStore.set({ log });
}
