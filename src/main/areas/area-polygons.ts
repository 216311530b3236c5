/**
 * A feature's geometry made into training-area polygons, or the reason it cannot be one: every importer (KML, GeoJSON,
 * shapefile) passes its features through here, so a file's problems read the same whatever its format. Multipart
 * features become one polygon per part (as the WUDAPT generator splits them); a constant zero altitude (Google
 * Earth's "clamped to ground", in every KML it writes) is dropped.
 */
import kinks from '@turf/kinks';
import type { Geometry, Position } from 'geojson';
import type { AreaPolygon } from '../../shared/contract/areas';

export type PolygonsOrProblem = { polygons: AreaPolygon[] } | { problem: string };

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : String(Math.round(v * 1e6) / 1e6));

/** The polygons of a geometry (2-D, rings closed), or what is wrong with it in words. */
export function areaPolygons(geometry: Geometry | null | undefined): PolygonsOrProblem {
  if (!geometry) return { problem: 'has no geometry' };
  const parts: Position[][][] = [];
  const collect = (g: Geometry): string | null => {
    switch (g.type) {
      case 'Polygon':
        parts.push(g.coordinates);
        return null;
      case 'MultiPolygon':
        parts.push(...g.coordinates);
        return null;
      case 'GeometryCollection':
        for (const child of g.geometries) {
          const problem = collect(child);
          if (problem) return problem;
        }
        return null;
      default:
        return `is a ${g.type === 'Point' || g.type === 'MultiPoint' ? 'point' : 'line'}, not a polygon; training areas are polygons`;
    }
  };
  const kind = collect(geometry);
  if (kind) return { problem: kind };
  if (parts.length === 0) return { problem: 'has no polygon' };
  const polygons: AreaPolygon[] = [];
  for (const rings of parts) {
    const made = polygonOf(rings);
    if ('problem' in made) return made;
    polygons.push(made.polygon);
  }
  return { polygons };
}

function polygonOf(rings: Position[][]): { polygon: AreaPolygon } | { problem: string } {
  const out: [number, number][][] = [];
  for (const ring of rings) {
    const points: [number, number][] = [];
    for (const p of ring) {
      const [x, y, z] = p;
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return { problem: 'has a coordinate that is not a number' };
      if (z !== undefined && z !== 0) {
        return { problem: `has 3-D coordinates (altitude ${fmt(z)} at ${fmt(x)}, ${fmt(y)}); training areas are outlines on the ground: draw them clamped to the ground (altitude 0)` };
      }
      if (Math.abs(x) > 180 || Math.abs(y) > 90) {
        return {
          problem: `has coordinates (${fmt(x)}, ${fmt(y)}) that are not longitude and latitude: it is in another (projected) CRS; save the areas in WGS 84 (EPSG:4326) degrees`,
        };
      }
      const last = points.at(-1);
      if (!last || last[0] !== x || last[1] !== y) points.push([x, y]);
    }
    if (points.length > 0 && (points[0]![0] !== points.at(-1)![0] || points[0]![1] !== points.at(-1)![1])) points.push([points[0]![0], points[0]![1]]);
    if (points.length < 4) return { problem: 'has a ring of fewer than three distinct points: it encloses nothing' };
    out.push(points);
  }
  const polygon: AreaPolygon = { type: 'Polygon', coordinates: out };
  const crossings = kinks(polygon).features;
  if (crossings.length > 0) {
    const [x, y] = crossings[0]!.geometry.coordinates as [number, number];
    return { problem: `crosses itself (at ${fmt(x)}, ${fmt(y)}${crossings.length > 1 ? ` and ${crossings.length - 1} more places` : ''}); redraw its outline so that it does not cross` };
  }
  return { polygon };
}

/** [west, south, east, north] of polygons. */
export function polygonBounds(polygons: readonly AreaPolygon[]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polygons) {
    for (const [x, y] of p.coordinates[0]!) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  }
  return [w, s, e, n];
}

/** Problems found while importing a file: listed together in one message naming the file and each feature. */
export class FeatureProblems {
  readonly lines: string[] = [];

  add(feature: string, problem: string): void {
    this.lines.push(`${feature} ${problem}`);
  }

  /** The message: the first few problems, and how many more. */
  message(): string | null {
    if (this.lines.length === 0) return null;
    const shown = this.lines.slice(0, 8);
    const more = this.lines.length - shown.length;
    return `${shown.join('; ')}${more > 0 ? `; and ${more} more feature${more > 1 ? 's' : ''} with problems` : ''}`;
  }
}
