import type { DisplayGrid } from '../../shared/contract/maps';
import type { Corners, LonLatBounds } from '../../shared/geo';
import type { LczMap } from './lcz-map';
import { converter, crsToPixel, mapProj4, pixelToCrs, type Georeferenced } from './projection';

const LONLAT = 'EPSG:4326';
const MERCATOR = 'EPSG:3857';
/** Web Mercator's latitude limit: beyond it y is infinite. */
const MAX_LAT = 85.0511287798066;
/** Points per edge when tracing the footprint: edges of a projected grid curve in lon/lat. */
const EDGE_SAMPLES = 128;
/** Exact transforms every ANCHOR_STEP destination pixels, linear in between where that is accurate (like GDAL's approximate transformer). */
const ANCHOR_STEP = 16;
/**
 * Largest interpolation error allowed, in source pixels. GDAL's default (0.125) visibly moves class boundaries
 * (about 1 % of cells on a continental map); 0.01 keeps every cell as exact transforms place it at a tenth of the cost.
 */
const MAX_ERROR = 0.01;

/** Points along the four edges of the map, in its CRS. */
function edgePoints(map: Georeferenced): [number, number][] {
  const pts: [number, number][] = [];
  for (let k = 0; k <= EDGE_SAMPLES; k++) {
    const t = k / EDGE_SAMPLES;
    pts.push(pixelToCrs(map.geoTransform, t * map.width, 0));
    pts.push(pixelToCrs(map.geoTransform, map.width, t * map.height));
    pts.push(pixelToCrs(map.geoTransform, (1 - t) * map.width, map.height));
    pts.push(pixelToCrs(map.geoTransform, 0, (1 - t) * map.height));
  }
  return pts;
}

function edgeLonLats(map: Georeferenced): [number, number][] {
  const toLonLat = converter(mapProj4(map), LONLAT);
  const out: [number, number][] = [];
  for (const p of edgePoints(map)) {
    const [lon, lat] = toLonLat.forward(p);
    if (Number.isFinite(lon) && Number.isFinite(lat)) out.push([lon!, lat!]);
  }
  if (out.length === 0) throw new Error(`${map.path}: none of the map's edges could be projected to longitude/latitude`);
  return out;
}

/** [west, south, east, north] in degrees, from densely sampled edges (not just the corners). */
export function lonLatBounds(map: Georeferenced): LonLatBounds {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of edgeLonLats(map)) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

/** Fills one destination row with the nearest source cell's index (-1 outside); exact transforms at anchors, interpolated between when accurate. */
function sampleRow(map: Georeferenced, exact: (x: number, y: number) => [number, number], xs: Float64Array, y: number, out: Int32Array, offset: number): void {
  const w = xs.length;
  const cols = new Float64Array(w);
  const rows = new Float64Array(w);
  const setExact = (i: number): void => {
    [cols[i], rows[i]] = exact(xs[i]!, y);
  };
  let i0 = 0;
  setExact(0);
  while (i0 < w - 1) {
    const i1 = Math.min(w - 1, i0 + ANCHOR_STEP);
    setExact(i1);
    const mid = (i0 + i1) >> 1;
    const [mc, mr] = exact(xs[mid]!, y);
    const t = (mid - i0) / (i1 - i0);
    const ic = cols[i0]! + t * (cols[i1]! - cols[i0]!);
    const ir = rows[i0]! + t * (rows[i1]! - rows[i0]!);
    const accurate = Math.abs(mc - ic) <= MAX_ERROR && Math.abs(mr - ir) <= MAX_ERROR;
    for (let i = i0 + 1; i < i1; i++) {
      if (accurate) {
        const u = (i - i0) / (i1 - i0);
        cols[i] = cols[i0]! + u * (cols[i1]! - cols[i0]!);
        rows[i] = rows[i0]! + u * (rows[i1]! - rows[i0]!);
      } else setExact(i);
    }
    i0 = i1;
  }
  const { width, height } = map;
  for (let i = 0; i < w; i++) {
    const c = Math.floor(cols[i]!);
    const r = Math.floor(rows[i]!);
    out[offset + i] = c >= 0 && c < width && r >= 0 && r < height ? r * width + c : -1;
  }
}

interface MercatorGrid {
  minX: number;
  maxY: number;
  maxX: number;
  minY: number;
  pixel: number;
  width: number;
  height: number;
}

/**
 * The destination grid as gdalwarp -t_srs EPSG:3857 would suggest it (GDALSuggestedWarpOutput): the footprint's
 * bounding box, square pixels sized to keep the source's pixel count along the top-left/bottom-right diagonal,
 * laid from the top-left corner (right and bottom edges move by under a pixel). Coarser when over maxSide.
 */
function mercatorGrid(map: Georeferenced, maxSide: number, oversample: number): MercatorGrid {
  const toMercator = converter(LONLAT, MERCATOR);
  const toLonLat = converter(mapProj4(map), LONLAT);
  const mercator = (lon: number, lat: number): [number, number] =>
    toMercator.forward([lon, Math.max(-MAX_LAT, Math.min(MAX_LAT, lat))]) as [number, number];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of edgeLonLats(map)) {
    const [x, y] = mercator(lon, lat);
    [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
  }
  const corner = (col: number, row: number): [number, number] => {
    const [lon, lat] = toLonLat.forward(pixelToCrs(map.geoTransform, col, row)) as [number, number];
    return mercator(lon, lat);
  };
  const [tlX, tlY] = corner(0, 0);
  const [brX, brY] = corner(map.width, map.height);
  const diagonal = Math.hypot(brX - tlX, brY - tlY);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  let pixel = (Number.isFinite(diagonal) && diagonal > 0 ? diagonal : Math.hypot(spanX, spanY)) / Math.hypot(map.width, map.height) / oversample;
  if (Math.round(Math.max(spanX, spanY) / pixel) > maxSide) pixel = Math.max(spanX, spanY) / maxSide;
  const width = Math.max(1, Math.min(maxSide, Math.round(spanX / pixel)));
  const height = Math.max(1, Math.min(maxSide, Math.round(spanY / pixel)));
  return { minX, maxY, maxX: minX + width * pixel, minY: maxY - height * pixel, pixel, width, height };
}

/** A grid resampled (nearest) onto Web Mercator: for each display pixel, the source cell it shows (-1 outside). */
export interface MercatorWarp {
  width: number;
  height: number;
  /** [lon, lat]: top-left, top-right, bottom-right, bottom-left, as a MapLibre image source wants them. */
  corners: Corners;
  sourceIndex: Int32Array;
}

/**
 * The nearest source cell of every pixel of a Web Mercator grid, for a MapLibre image source placed by its four
 * lon/lat corners. Same grid as gdalwarp's suggestion, at most maxSide pixels on the long side. One warp serves every
 * layer on the same grid (classes, confidence measures), so they line up cell for cell. `oversample` makes the pixels
 * that many times finer (still at most maxSide): cell edges then fall within a fraction of a cell of the truth when
 * zoomed in, where one display pixel a cell can put an edge up to half a cell off.
 */
export function mercatorWarp(map: Georeferenced, maxSide = 2048, oversample = 1): MercatorWarp {
  const src = mapProj4(map);
  const { minX, maxY, maxX, minY, pixel, width, height } = mercatorGrid(map, maxSide, oversample);
  const fromMercator = converter(MERCATOR, src);
  const exact = (x: number, y: number): [number, number] => {
    try {
      const [sx, sy] = fromMercator.forward([x, y]) as [number, number];
      return crsToPixel(map.geoTransform, sx, sy);
    } catch {
      return [Number.NaN, Number.NaN];
    }
  };
  const xs = Float64Array.from({ length: width }, (_, i) => minX + (i + 0.5) * pixel);
  const sourceIndex = new Int32Array(width * height);
  for (let j = 0; j < height; j++) sampleRow(map, exact, xs, maxY - (j + 0.5) * pixel, sourceIndex, j * width);

  const toMercator = converter(LONLAT, MERCATOR);
  const corner = (x: number, y: number): [number, number] => toMercator.inverse([x, y]) as [number, number];
  return { width, height, corners: [corner(minX, maxY), corner(maxX, maxY), corner(maxX, minY), corner(minX, minY)], sourceIndex };
}

/** Values of a one-byte-per-cell grid at the warp's pixels; `outside` where a pixel shows no cell. */
export function gatherBytes(warp: MercatorWarp, values: Uint8Array, outside = 0): Uint8Array {
  const out = new Uint8Array(warp.sourceIndex.length);
  for (let i = 0; i < out.length; i++) {
    const s = warp.sourceIndex[i]!;
    out[i] = s < 0 ? outside : values[s]!;
  }
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The class grid on Web Mercator (nearest: classes stay exact); cells outside the map are 0. */
export function displayGridOf(map: LczMap, warp: MercatorWarp): DisplayGrid {
  const { width, height, corners } = warp;
  return {
    width,
    height,
    corners: corners.map(([lon, lat]) => [lon, lat] as [number, number]) as DisplayGrid['corners'],
    classesBase64: toBase64(gatherBytes(warp, map.classes)),
  };
}
