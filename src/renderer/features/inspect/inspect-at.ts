import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';

let latest = 0;

/** Asks the core which cell of the open map lies under a clicked point. */
export async function inspectAt(lon: number, lat: number): Promise<void> {
  const map = appStore.get().map;
  if (!map) return;
  const ticket = ++latest;
  try {
    const result = await api.invoke('maps/inspect', { mapId: map.id, lon, lat });
    // A later click, or another map, makes this answer stale.
    if (ticket === latest && appStore.get().map?.id === map.id) appStore.set({ inspect: { lon, lat, result } });
  } catch (error) {
    reportError(error, { action: 'Cannot inspect', file: map.path });
  }
}

export function closeInspect(): void {
  latest++;
  appStore.set({ inspect: null });
}
