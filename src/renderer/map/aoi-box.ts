import type { LonLatBox } from '../../shared/contract';

type Ring = readonly (readonly number[])[];

/** 1e-5 degrees is about a metre: finer than any scene pixel, and short enough to read and edit in the fields. */
const STEP = 1e5;
const down = (v: number) => Number((Math.floor(v * STEP + 1e-9) / STEP).toFixed(5));
const up = (v: number) => Number((Math.ceil(v * STEP - 1e-9) / STEP).toFixed(5));
const clamp = (v: number, limit: number) => Math.min(limit, Math.max(-limit, v));

/**
 * The lon/lat box of a rectangle drawn on the map (its ring, in any corner order), rounded outwards to 1e-5 degrees so
 * nothing drawn is lost. A drag past the edge of the world (MapLibre repeats it sideways) stops at ±180°. null for a
 * rectangle with no width or height (a click without a drag): there is no area to map.
 */
export function boxOfRing(ring: Ring): LonLatBox | null {
  const lons = ring.map((p) => clamp(p[0]!, 180));
  const lats = ring.map((p) => clamp(p[1]!, 90));
  if (lons.length === 0 || lons.some((v) => !Number.isFinite(v)) || lats.some((v) => !Number.isFinite(v))) return null;
  const box = { west: down(Math.min(...lons)), south: down(Math.min(...lats)), east: up(Math.max(...lons)), north: up(Math.max(...lats)) };
  return box.west < box.east && box.south < box.north ? box : null;
}

/** The outline of a box as a closed ring (a lon/lat box is a rectangle on the Web Mercator map). */
export function ringOfBox(box: LonLatBox): [number, number][] {
  const { west, south, east, north } = box;
  return [[west, south], [east, south], [east, north], [west, north], [west, south]];
}

export function sameBox(a: LonLatBox | null | undefined, b: LonLatBox | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.west === b.west && a.south === b.south && a.east === b.east && a.north === b.north;
}

/** Far below a pixel of any scene (1e-7 degrees is 1 cm): what rounding leaves, not a box past the scene. */
const SLACK = 1e-7;

/**
 * Whether part of a box lies past `bounds` (west, south, east, north): the bounds of the scene cropped to it, which
 * hold every pixel the box touches, so a box that reaches past them reaches past the scene (the core crops it there).
 */
export function overhangs(box: LonLatBox, bounds: readonly [number, number, number, number]): boolean {
  const [west, south, east, north] = bounds;
  return box.west < west - SLACK || box.south < south - SLACK || box.east > east + SLACK || box.north > north + SLACK;
}
