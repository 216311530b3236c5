import type { Feature, FeatureCollection, LineString } from 'geojson';

/** A lon/lat box in degrees; west may be below -180 or east above 180 when the view wraps. */
export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface GraticuleLineProps {
  kind: 'lon' | 'lat';
  value: number;
  label: string;
}

/** Steps in degrees from coarse to fine; the graticule uses the coarsest that still gives a few lines. */
const STEPS = [30, 10, 5, 2, 1, 0.5, 0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.0025, 0.001, 0.0005, 0.00025, 0.0001];
const MAX_LAT = 85;

/** The step giving at least `minLines` lines across the smaller side of the box. */
export function graticuleStep(box: LonLatBox, minLines = 4): number {
  const span = Math.min(box.east - box.west, box.north - box.south);
  return STEPS.find((step) => span / step >= minLines) ?? STEPS[STEPS.length - 1]!;
}

/** Decimals needed to print multiples of `step` exactly. */
function decimals(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function formatLon(lon: number, digits: number): string {
  const wrapped = wrapLon(lon);
  const hemisphere = wrapped === 0 || Math.abs(wrapped) === 180 ? '' : wrapped > 0 ? 'E' : 'W';
  return `${Math.abs(wrapped).toFixed(digits)}°${hemisphere}`;
}

export function formatLat(lat: number, digits: number): string {
  return `${Math.abs(lat).toFixed(digits)}°${lat === 0 ? '' : lat > 0 ? 'N' : 'S'}`;
}

/** Lines of longitude and latitude covering the box at a step that suits its size. */
export function graticule(box: LonLatBox): { step: number; lines: FeatureCollection<LineString, GraticuleLineProps> } {
  const step = graticuleStep(box);
  const digits = decimals(step);
  const south = Math.max(-MAX_LAT, box.south);
  const north = Math.min(MAX_LAT, box.north);
  const features: Feature<LineString, GraticuleLineProps>[] = [];
  // Integer multiples of the step, so values do not drift (0.1 * 3 !== 0.3); the bounds get a tolerance for the same reason.
  for (let k = firstMultiple(box.west, step); k <= lastMultiple(box.east, step); k++) {
    const lon = Number((k * step).toFixed(digits));
    features.push(line('lon', lon, formatLon(lon, digits), [[lon, south], [lon, north]]));
  }
  for (let k = firstMultiple(south, step); k <= lastMultiple(north, step); k++) {
    const lat = Number((k * step).toFixed(digits));
    features.push(line('lat', lat, formatLat(lat, digits), [[box.west, lat], [box.east, lat]]));
  }
  return { step, lines: { type: 'FeatureCollection', features } };
}

const EPSILON = 1e-9;

function firstMultiple(value: number, step: number): number {
  return Math.ceil(value / step - EPSILON);
}

function lastMultiple(value: number, step: number): number {
  return Math.floor(value / step + EPSILON);
}

function line(kind: 'lon' | 'lat', value: number, label: string, coordinates: [number, number][]): Feature<LineString, GraticuleLineProps> {
  return { type: 'Feature', properties: { kind, value, label }, geometry: { type: 'LineString', coordinates } };
}
