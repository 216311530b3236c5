import type { MapView } from '../../shared/contract';
import { classAreas } from '../raster/area';
import { displayGridOf, lonLatBounds, mercatorWarp, type MercatorWarp } from '../raster/display-grid';
import type { LczMap } from '../raster/lcz-map';

/**
 * What the renderer gets for an LCZ map: its facts, class areas and the display grid (and the warp, for layers on the
 * same grid); `warp` when the display grid is to be other than mercatorWarp's default.
 */
export function mapViewOf(map: LczMap, id: string, name: string, synthetic: boolean, warp: MercatorWarp = mercatorWarp(map)): { view: MapView; warp: MercatorWarp } {
  const { areas, totalKm2 } = classAreas(map);
  const view: MapView = {
    id,
    name,
    path: map.path,
    synthetic,
    width: map.width,
    height: map.height,
    sourceDtype: map.sourceDtype,
    sourceNodata: map.sourceNodata,
    crs: map.crs,
    geoTransform: [...map.geoTransform] as MapView['geoTransform'],
    bounds: [...lonLatBounds(map)] as MapView['bounds'],
    areas,
    totalKm2,
    notes: map.notes,
    display: displayGridOf(map, warp),
  };
  return { view, warp };
}
