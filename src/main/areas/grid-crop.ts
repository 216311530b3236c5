/**
 * Part of an output grid: the cells around the training areas (plus a margin), on the same cell edges. The generator
 * maps the areas' bounds buffered by 15 km; the checks only need the cells under the areas.
 */
import type { OutputGrid } from '../mapping/output-grid';
import { converter, crsToPixel } from '../raster/projection';
import type { SceneFile } from '../scenes/scene-file';

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/** The generator's margin around the areas' bounds. */
export const AREAS_MARGIN_M = 15_000;

/** The cells of `grid` within `marginM` of lon/lat bounds [w, s, e, n]; the whole grid when they cover it. */
export function cropGrid(grid: OutputGrid, bounds: readonly [number, number, number, number], marginM: number): OutputGrid {
  const toGrid = converter(WGS84, grid.crs.proj4);
  const [w, s, e, n] = bounds;
  const corners: [number, number][] = [];
  for (let k = 0; k <= 8; k++) {
    const t = k / 8;
    corners.push([w + t * (e - w), s], [w + t * (e - w), n], [w, s + t * (n - s)], [e, s + t * (n - s)]);
  }
  const px = corners.map(([x, y]) => crsToPixel(grid.geoTransform, ...(toGrid.forward([x, y]) as [number, number])));
  const m = marginM / grid.resolutionM;
  const c0 = Math.max(0, Math.floor(Math.min(...px.map((p) => p[0])) - m));
  const c1 = Math.min(grid.width, Math.ceil(Math.max(...px.map((p) => p[0])) + m));
  const r0 = Math.max(0, Math.floor(Math.min(...px.map((p) => p[1])) - m));
  const r1 = Math.min(grid.height, Math.ceil(Math.max(...px.map((p) => p[1])) + m));
  if (c1 <= c0 || r1 <= r0) return grid; // off the grid: the checks say so
  const [x0, res, , y0, , resY] = grid.geoTransform;
  return { ...grid, width: c1 - c0, height: r1 - r0, geoTransform: [x0 + c0 * res, res, 0, y0 + r0 * resY, 0, resY] };
}

/** Scene rows [y0, y1) holding the grid's cells (all rows when the grid is on another CRS). */
export function sceneRowsOf(grid: OutputGrid, scene: SceneFile): [number, number] {
  if (grid.crs.proj4 !== scene.crs.proj4) return [0, scene.height];
  const top = grid.geoTransform[3];
  const bottom = top + grid.height * grid.geoTransform[5];
  const rows = [top, bottom].map((y) => crsToPixel(scene.geoTransform, scene.geoTransform[0], y)[1]);
  return [Math.max(0, Math.floor(Math.min(...rows))), Math.min(scene.height, Math.ceil(Math.max(...rows)))];
}
