import { api } from '../api';
import { appStore } from './app-state';
import { reportError } from './report-error';
import { startJobSync } from '../features/jobs/jobs-sync';
import { startMenuCommands } from './menu-commands';
import { startMappingSync } from '../features/mapping/mapping-sync';
import { startTrainingSync } from '../features/training/training-sync';
import { startTrainingAreasSync } from '../features/training-areas/areas-sync';
import { startDockSync } from './dock/dock-sync';
import { restoreSession } from './session/session-restore';
import { loadBasemapSettings } from '../features/basemap/basemap-actions';
import { startSessionSave } from './session/session-save';

let started = false;

/**
 * Once per page: learn about the core, follow its jobs, list bundles, results and runs, then put the window back as
 * the last session left it (the demo map and the guide on the first start), and keep the session from then on.
 */
export function startApp(): void {
  if (started) return;
  started = true;
  startDockSync();
  startJobSync();
  startMenuCommands();
  startMappingSync();
  startTrainingSync();
  loadBasemapSettings();
  startTrainingAreasSync();
  api
    .invoke('app/info', {})
    .then(async (info) => {
      appStore.set({ info });
      await restoreSession(info);
      // Only now: saving earlier would write the defaults over the session being restored.
      startSessionSave(info.demoMapPath);
    })
    .catch((error: unknown) => reportError(error, { action: 'Cannot start LCZ Studio' }));
}
