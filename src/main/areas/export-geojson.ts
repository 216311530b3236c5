/** Training areas as a GeoJSON FeatureCollection (RFC 7946: WGS 84 longitude/latitude), the class in "lcz". */
import type { FeatureCollection, Polygon } from 'geojson';
import type { TrainingArea } from '../../shared/contract/areas';
import { LCZ_CLASSES } from '../../shared/lcz-classes';

export function areasToGeoJson(areas: readonly TrainingArea[]): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      id: a.id,
      properties: { lcz: a.lcz, code: LCZ_CLASSES[a.lcz - 1]!.code, name: a.name },
      geometry: { type: 'Polygon', coordinates: a.geometry.coordinates.map((r) => r.map(([x, y]) => [x, y])) },
    })),
  };
}
