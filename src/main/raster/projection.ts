import proj4, { type Converter } from 'proj4';
import type { Crs } from '../../shared/contract/maps';
import type { GeoTransform } from '../../shared/geo';

/** Any north-up grid on a known CRS: an LCZ map, a scene, an output grid. */
export interface Georeferenced {
  /** For messages; '' for grids made in memory. */
  path: string;
  width: number;
  height: number;
  geoTransform: GeoTransform;
  crs: Crs;
}

/** proj4 parses a definition on every proj4(a, b) call; maps are inspected and warped often, so converters are kept. */
const converters = new Map<string, Converter>();

export function converter(from: string, to: string): Converter {
  const key = `${from}\u0000${to}`;
  let c = converters.get(key);
  if (!c) {
    c = proj4(from, to);
    if (converters.size > 64) converters.clear();
    converters.set(key, c);
  }
  return c;
}

/** The grid's proj4 definition; the readers guarantee one, but a grid can be built by hand. */
export function mapProj4(map: Georeferenced): string {
  if (!map.crs.proj4) throw new Error(`${map.path}: the map's CRS has no proj4 definition`);
  return map.crs.proj4;
}

/** Pixel (col, row) -> CRS coordinates through the geotransform. */
export function pixelToCrs(gt: GeoTransform, col: number, row: number): [number, number] {
  return [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
}

/** CRS coordinates -> fractional (col, row) via the inverse geotransform; NaN when the transform is degenerate. */
export function crsToPixel(gt: GeoTransform, x: number, y: number): [number, number] {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  const dx = x - gt[0];
  const dy = y - gt[3];
  return [(dx * gt[5] - dy * gt[2]) / det, (dy * gt[1] - dx * gt[4]) / det];
}
