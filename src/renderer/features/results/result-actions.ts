import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { openScene } from '../scene/open-scene';
import { resultsStore } from './results-store';

let latestOpen = 0;

/** Lists the mapping results saved in the workspace (they outlive the app). */
export async function refreshResults(): Promise<void> {
  try {
    resultsStore.set({ items: await api.invoke('results/list', {}) });
  } catch (error) {
    reportError(error, { action: 'Cannot list the mapping results' });
  }
}

/**
 * Opens a mapping result: its LCZ map replaces the LCZ layer (legend, areas, export follow it) and its confidence
 * becomes the overlay. The scene it was mapped from goes under it when that is not already open.
 */
export async function openResult(dir: string, name?: string): Promise<void> {
  const ticket = ++latestOpen;
  const readyBefore = document.body.dataset.mapReady;
  document.body.dataset.mapReady = 'false';
  resultsStore.set({ openingDir: dir });
  appStore.set({ opening: name ?? dir, error: null });
  try {
    const result = await api.invoke('results/open', { dir });
    if (ticket !== latestOpen) return;
    appStore.set({ map: result.map, result, lczVisible: true, hidden: new Set<number>(), inspect: null, probe: null });
    if (appStore.get().scene?.path !== result.summary.scene.path) void openScene(result.summary.scene.path, { interactive: false });
  } catch (error) {
    if (ticket !== latestOpen) return;
    if (readyBefore === undefined) delete document.body.dataset.mapReady;
    else document.body.dataset.mapReady = readyBefore;
    reportError(error, { action: 'Cannot open the result', file: dir });
  } finally {
    if (ticket === latestOpen) {
      resultsStore.set({ openingDir: null });
      appStore.set({ opening: null });
    }
  }
}
