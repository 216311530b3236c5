import { api } from '../../api';
import type { TileAnswer, TileRequest } from '../../../shared/contract';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';

/** One basemap tile through the core (which fetches and caches it); the map view's tile loader. */
export function loadTile(request: TileRequest): Promise<TileAnswer> {
  return api.invoke('basemap/tile', request);
}

/** At start: the user's own tile source, as saved in the workspace. */
export function loadBasemapSettings(): void {
  api
    .invoke('basemap/settings', {})
    .then(({ custom }) => appStore.set({ basemapCustom: custom }))
    .catch((error: unknown) => reportError(error, { action: 'Cannot read the basemap settings' }));
}

/**
 * Sets the user's tile source (the core checks it first: a bad template or file is an error and nothing changes)
 * and shows it. Resolves to whether it was taken, so the form keeps what was typed when it was not.
 */
export async function setCustomSource(typed: string): Promise<boolean> {
  try {
    const { custom } = await api.invoke('basemap/configure', { custom: typed });
    appStore.set({ basemapCustom: custom, basemap: 'custom', error: null });
    return true;
  } catch (error) {
    reportError(error, { action: 'Cannot use this tile source' });
    return false;
  }
}
