import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

type Ring = readonly (readonly [number, number])[];

/**
 * Outlines drawn over everything else, on a white halo so they read over any class colour: the training areas a
 * bootstrap found suspicious (their cells mostly mapped as another class), the area of interest. Dashed unless told.
 */
export class OutlineLayer {
  constructor(
    private readonly map: MapLibreMap,
    private readonly id: string,
    color: string,
    dashed = true,
  ) {
    map.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: `${id}-halo`, type: 'line', source: id, paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 } });
    map.addLayer({ id, type: 'line', source: id, paint: { 'line-color': color, 'line-width': 2.5, ...(dashed ? { 'line-dasharray': [2, 1.5] } : {}) } });
  }

  set(rings: readonly Ring[]): void {
    const features = rings.map((ring) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'LineString' as const, coordinates: ring.map(([x, y]) => [x, y]) },
    }));
    this.map.getSource<GeoJSONSource>(this.id)?.setData({ type: 'FeatureCollection', features });
  }
}
