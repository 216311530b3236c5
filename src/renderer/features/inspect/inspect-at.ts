import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';

let latest = 0;

/**
 * Asks the core about the cell under a clicked point: on a mapping result, its class, 17 probabilities, confidence
 * and truth (results/probe); on a plain LCZ map, its class (maps/inspect).
 */
export async function inspectAt(lon: number, lat: number): Promise<void> {
  const { map, result } = appStore.get();
  if (!map) return;
  const ticket = ++latest;
  try {
    if (result && result.map.id === map.id) {
      appStore.set({ inspect: null, probe: { lon, lat, resultId: map.id, probe: null } });
      const probe = await api.invoke('results/probe', { resultId: map.id, lon, lat });
      // A later click, or another map, makes this answer stale.
      if (ticket === latest && appStore.get().map?.id === map.id) appStore.set({ probe: { lon, lat, resultId: map.id, probe } });
      return;
    }
    const found = await api.invoke('maps/inspect', { mapId: map.id, lon, lat });
    if (ticket === latest && appStore.get().map?.id === map.id) appStore.set({ probe: null, inspect: { lon, lat, result: found } });
  } catch (error) {
    if (ticket === latest) appStore.set({ probe: null });
    reportError(error, { action: 'Cannot inspect', file: map.path });
  }
}

export function closeInspect(): void {
  latest++;
  appStore.set({ inspect: null, probe: null });
}
