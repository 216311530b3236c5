import type { MetisJobLog } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';

/**
 * A firmware update is asked for twice before it starts: 'risk' shows the first question (stage 2 cannot be
 * recovered), 'power' the second (the machine must stay powered); only an answer to both starts the job.
 */
export type FirmwareConfirm = 'none' | 'risk' | 'power';

export interface FirmwareState {
  device: number;
  confirm: FirmwareConfirm;
  jobId: string | null;
  logFile: string | null;
  log: MetisJobLog | null;
}

export const firmwareStore = createStore<FirmwareState>({ device: 0, confirm: 'none', jobId: null, logFile: null, log: null });

export function useFirmware<T>(selector: (state: FirmwareState) => T): T {
  return useStoreSlice(firmwareStore, selector);
}
