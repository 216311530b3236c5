import { api } from '../api';
import { appStore } from './app-state';
import { reportError } from './report-error';
import { openMap } from '../features/open/open-map';
import { startJobSync } from '../features/jobs/jobs-sync';
import { startMenuCommands } from './menu-commands';
import { startMappingSync } from '../features/mapping/mapping-sync';
import { startTrainingSync } from '../features/training/training-sync';

let started = false;

/** Once per page: learn about the core, follow its jobs, list bundles, results and runs, and open the demo map so the window is never empty. */
export function startApp(): void {
  if (started) return;
  started = true;
  startJobSync();
  startMenuCommands();
  startMappingSync();
  startTrainingSync();
  api
    .invoke('app/info', {})
    .then((info) => {
      appStore.set({ info });
      return openMap(info.demoMapPath);
    })
    .catch((error: unknown) => reportError(error, { action: 'Cannot start LCZ Studio' }));
}
