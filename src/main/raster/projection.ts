import proj4, { type Converter } from 'proj4';
import type { LczMap } from './lcz-map';

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

/** The map's proj4 definition; readLczMap guarantees one, but an LczMap can be built by hand. */
export function mapProj4(map: LczMap): string {
  if (!map.crs.proj4) throw new Error(`${map.path}: the map's CRS has no proj4 definition`);
  return map.crs.proj4;
}

/** Pixel (col, row) -> CRS coordinates through the geotransform. */
export function pixelToCrs(gt: LczMap['geoTransform'], col: number, row: number): [number, number] {
  return [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
}

/** CRS coordinates -> fractional (col, row) via the inverse geotransform; NaN when the transform is degenerate. */
export function crsToPixel(gt: LczMap['geoTransform'], x: number, y: number): [number, number] {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  const dx = x - gt[0];
  const dy = y - gt[3];
  return [(dx * gt[5] - dy * gt[2]) / det, (dy * gt[1] - dx * gt[4]) / det];
}
