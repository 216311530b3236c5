import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { IDS } from './offline-style';

/** One marked point over the map: the cell the user inspected, or the other view's cursor in the Compare view. */
export class PointLayer {
  constructor(private readonly map: MapLibreMap) {
    map.addSource(IDS.pointSource, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: IDS.pointLayer,
      type: 'circle',
      source: IDS.pointSource,
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1f2937', 'circle-stroke-width': 2 },
    });
  }

  /** Marks `point` [lon, lat], or nothing with null. */
  set(point: readonly [number, number] | null): void {
    const features = point ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [point[0], point[1]] } }] : [];
    this.map.getSource<GeoJSONSource>(IDS.pointSource)?.setData({ type: 'FeatureCollection', features });
  }
}
