import proj4 from 'proj4';
import type { ClassArea } from '../../shared/contract/maps';
import { metresPerUnit } from './crs';
import type { LczMap } from './lcz-map';

const CLASS_COUNT = 18;
const DEG = Math.PI / 180;

/** Semi-major axis and squared eccentricity of the map's ellipsoid (WGS84 when the definition names none). */
function ellipsoid(def: string | null): { a: number; es: number } {
  if (def) {
    try {
      const p = proj4.Proj(def);
      if (p.a > 0 && p.es >= 0 && p.es < 1) return { a: p.a, es: p.es };
    } catch {
      // fall through to WGS84
    }
  }
  return { a: 6378137, es: 0.0066943799901413165 };
}

/**
 * Area on the ellipsoid between the equator and latitude phi, per radian of longitude:
 * a^2/2 * q(phi), with q the authalic-latitude function (Snyder 1987, eq. 3-12). Exact for an ellipsoid zone.
 */
function zoneArea(phi: number, a: number, es: number): number {
  const s = Math.sin(Math.max(-90, Math.min(90, phi)) * DEG);
  if (es === 0) return a * a * s;
  const e = Math.sqrt(es);
  const q = (1 - es) * (s / (1 - es * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
  return ((a * a) / 2) * q;
}

/** Cell area in m2 for each row: constant for projected maps, varying with latitude for geographic ones. */
export function rowAreas(map: Pick<LczMap, 'geoTransform' | 'crs' | 'height'>): Float64Array {
  const [, pw, rx, y0, ry, ph] = map.geoTransform;
  const areas = new Float64Array(map.height);
  if (map.crs.geographic) {
    const { a, es } = ellipsoid(map.crs.proj4);
    const dLon = Math.abs(pw) * DEG;
    for (let r = 0; r < map.height; r++) {
      const top = y0 + r * ph;
      areas[r] = dLon * Math.abs(zoneArea(top, a, es) - zoneArea(top + ph, a, es));
    }
  } else {
    const unit = metresPerUnit(map.crs) ?? 1;
    areas.fill(Math.abs(pw * ph - rx * ry) * unit * unit);
  }
  return areas;
}

/** Area of each LCZ class present (pixels > 0), sorted by value; percent is of valid (non-nodata) cells. */
export function classAreas(map: LczMap): { areas: ClassArea[]; totalKm2: number } {
  const pixels = new Float64Array(CLASS_COUNT);
  const m2 = new Float64Array(CLASS_COUNT);
  const rowCounts = new Uint32Array(CLASS_COUNT);
  const perRow = rowAreas(map);
  const { width, height, classes } = map;
  for (let r = 0; r < height; r++) {
    rowCounts.fill(0);
    const start = r * width;
    for (let i = start; i < start + width; i++) rowCounts[classes[i]!]!++;
    const cell = perRow[r]!;
    for (let c = 1; c < CLASS_COUNT; c++) {
      const n = rowCounts[c]!;
      if (n === 0) continue;
      pixels[c]! += n;
      m2[c]! += n * cell;
    }
  }
  let valid = 0;
  for (let c = 1; c < CLASS_COUNT; c++) valid += pixels[c]!;
  const areas: ClassArea[] = [];
  let totalKm2 = 0;
  for (let c = 1; c < CLASS_COUNT; c++) {
    if (pixels[c] === 0) continue;
    const km2 = m2[c]! / 1e6;
    totalKm2 += km2;
    areas.push({ value: c, pixels: pixels[c]!, km2, percent: (pixels[c]! / valid) * 100 });
  }
  return { areas, totalKm2 };
}
