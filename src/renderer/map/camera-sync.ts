import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Keeps maps looking at the same place: whenever one moves (a drag, a zoom, a jump), the others jump to its centre
 * and zoom in the same frame. While one follows, the followers' own move events are not passed on, so a jump never
 * echoes back (as maplibre-gl-compare and the sync-move plugins do it). Returns the function that unlinks them.
 */
export function syncCameras(maps: readonly MapLibreMap[]): () => void {
  let leading: MapLibreMap | null = null;
  const follow = (leader: MapLibreMap) => () => {
    if (leading && leading !== leader) return;
    leading = leader;
    const center = leader.getCenter();
    const zoom = leader.getZoom();
    for (const map of maps) if (map !== leader) map.jumpTo({ center, zoom });
    leading = null;
  };
  const handlers = maps.map((map) => [map, follow(map)] as const);
  for (const [map, handler] of handlers) map.on('move', handler);
  return () => {
    for (const [map, handler] of handlers) map.off('move', handler);
  };
}
