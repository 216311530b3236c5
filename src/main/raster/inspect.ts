import type { InspectResult } from '../../shared/contract/maps';
import type { LczMap } from './lcz-map';
import { converter, crsToPixel, mapProj4 } from './projection';

/** The map cell under a lon/lat point (WGS84 degrees): its row, column, class (0 = nodata) and map-CRS coordinates. */
export function inspectAt(map: LczMap, lon: number, lat: number): InspectResult {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { inside: false };
  let x: number;
  let y: number;
  try {
    [x, y] = converter('EPSG:4326', mapProj4(map)).forward([lon, lat]) as [number, number];
  } catch {
    return { inside: false };
  }
  if (!Number.isFinite(x) || !Number.isFinite(y)) return { inside: false };
  const [fc, fr] = crsToPixel(map.geoTransform, x, y);
  const col = Math.floor(fc);
  const row = Math.floor(fr);
  if (!(col >= 0 && col < map.width && row >= 0 && row < map.height)) return { inside: false };
  return { inside: true, row, col, value: map.classes[row * map.width + col] ?? 0, x, y };
}
