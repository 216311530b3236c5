import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError, reportNotice } from '../../app/report-error';
import type { OpenMapOptions } from '../open/open-map';
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

export interface OpenResultOptions extends OpenMapOptions {
  /** The result's name, for "Opening …" while the core reads it. */
  name?: string;
}

/**
 * Opens a mapping result in the Map view: its LCZ map replaces the LCZ layer (legend, areas, export follow it) and
 * its confidence becomes the overlay. The scene it was mapped from goes under it when that is not already open.
 * Resolves to whether it opened.
 */
export async function openResult(dir: string, options: OpenResultOptions = {}): Promise<boolean> {
  const ticket = ++latestOpen;
  const readyBefore = document.body.dataset.mapReady;
  document.body.dataset.mapReady = 'false';
  resultsStore.set({ openingDir: dir });
  appStore.set({ opening: options.name ?? dir, error: null });
  try {
    const result = await api.invoke('results/open', { dir });
    if (ticket !== latestOpen) return false;
    appStore.set({ map: result.map, placement: options.camera ?? null, result, lczVisible: true, view: 'map', hidden: new Set<number>(), inspect: null, probe: null });
    if (appStore.get().scene?.path !== result.summary.scene.path) void openScene(result.summary.scene.path, { interactive: false });
    return true;
  } catch (error) {
    if (ticket !== latestOpen) return false;
    if (readyBefore === undefined) delete document.body.dataset.mapReady;
    else document.body.dataset.mapReady = readyBefore;
    if (options.report === 'notice') reportNotice(error, dir);
    else reportError(error, { action: 'Cannot open the result', file: dir });
    return false;
  } finally {
    if (ticket === latestOpen) {
      resultsStore.set({ openingDir: null });
      appStore.set({ opening: null });
    }
  }
}
