import type { Crs } from '../../shared/contract/maps';
import { UserError } from '../../shared/errors';
import type { GeoTransform } from '../../shared/geo';
import { metresPerUnit } from '../raster/crs';
import type { GeoKeyTags } from '../raster/lcz-map';
import { converter, crsToPixel, pixelToCrs } from '../raster/projection';
import { geoKeysForEpsg } from '../raster/write/epsg-geokeys';
import type { SceneFile } from '../scenes/scene-file';

/** The grid an LCZ map is made on: one cell per output value, in a metric CRS. */
export interface OutputGrid {
  width: number;
  height: number;
  geoTransform: GeoTransform;
  crs: Crs & { proj4: string };
  geoKeys: GeoKeyTags;
  /** Cell size in metres. */
  resolutionM: number;
  /** Metres per unit of the grid's CRS (1 for UTM). */
  metresPerUnit: number;
}

/** Cells per side above which a map is surely a mistake (100 m cells: 4,000 km). */
const MAX_CELLS_PER_SIDE = 40_000;

/** The UTM zone (WGS 84) holding a point: EPSG 326zz north, 327zz south. */
export function utmZoneCrs(lon: number, lat: number): Crs & { proj4: string } {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  const south = lat < 0;
  return {
    epsg: (south ? 32700 : 32600) + zone,
    name: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
    geographic: false,
    proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
  };
}

/**
 * The output grid for a scene: on the scene's own CRS when it is projected (origin at the scene's top-left corner,
 * so a 10 m scene and a 100 m grid share cell edges), on the local UTM zone when it is geographic (origin snapped to
 * whole cells). It covers the whole scene; cells of the last row and column may reach past its edge.
 */
export function outputGrid(scene: SceneFile, resolutionM: number): OutputGrid {
  if (!(resolutionM > 0)) throw new UserError(`the output resolution must be a positive number of metres (got ${resolutionM})`);
  const grid = scene.crs.geographic ? utmGrid(scene, resolutionM) : sceneCrsGrid(scene, resolutionM);
  if (grid.width > MAX_CELLS_PER_SIDE || grid.height > MAX_CELLS_PER_SIDE) {
    throw new UserError(`would need a map of ${grid.width} x ${grid.height} cells at ${resolutionM} m; choose a coarser resolution`, scene.path);
  }
  return grid;
}

function sceneCrsGrid(scene: SceneFile, resolutionM: number): OutputGrid {
  const unit = metresPerUnit(scene.crs) ?? 1;
  const res = resolutionM / unit;
  const [x0, pw, , y0, , ph] = scene.geoTransform;
  const spanX = Math.abs(pw) * scene.width;
  const spanY = Math.abs(ph) * scene.height;
  // A hair of tolerance so a 4000-pixel scene of 10 m makes 400 cells of 100 m, not 401.
  const width = Math.max(1, Math.ceil(spanX / res - 1e-9));
  const height = Math.max(1, Math.ceil(spanY / res - 1e-9));
  const left = pw > 0 ? x0 : x0 + pw * scene.width;
  const top = ph < 0 ? y0 : y0 + ph * scene.height;
  return {
    width,
    height,
    geoTransform: [left, res, 0, top, 0, -res],
    crs: { ...scene.crs, proj4: scene.crs.proj4! },
    geoKeys: scene.geoKeys,
    resolutionM,
    metresPerUnit: unit,
  };
}

function utmGrid(scene: SceneFile, resolutionM: number): OutputGrid {
  const centre = pixelToCrs(scene.geoTransform, scene.width / 2, scene.height / 2);
  const crs = utmZoneCrs(centre[0], centre[1]);
  const toUtm = converter(scene.crs.proj4!, crs.proj4);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const steps = 64;
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    for (const [c, r] of [[t * scene.width, 0], [scene.width, t * scene.height], [t * scene.width, scene.height], [0, t * scene.height]] as const) {
      const [x, y] = toUtm.forward(pixelToCrs(scene.geoTransform, c, r)) as [number, number];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  if (!Number.isFinite(minX)) throw new UserError(`cannot be placed on a UTM grid (its corners do not project)`, scene.path);
  const left = Math.floor(minX / resolutionM) * resolutionM;
  const top = Math.ceil(maxY / resolutionM) * resolutionM;
  const width = Math.max(1, Math.ceil((maxX - left) / resolutionM - 1e-9));
  const height = Math.max(1, Math.ceil((top - minY) / resolutionM - 1e-9));
  return { width, height, geoTransform: [left, resolutionM, 0, top, 0, -resolutionM], crs, geoKeys: geoKeysForEpsg(crs.epsg!), resolutionM, metresPerUnit: 1 };
}

/** Maps grid CRS coordinates to fractional scene pixel coordinates (col, row), with or without a reprojection. */
export function gridToScenePixel(grid: OutputGrid, scene: SceneFile): (x: number, y: number) => [number, number] {
  const same = grid.crs.proj4 === scene.crs.proj4;
  if (same) return (x, y) => crsToPixel(scene.geoTransform, x, y);
  const toScene = converter(grid.crs.proj4, scene.crs.proj4!);
  return (x, y) => {
    const [sx, sy] = toScene.forward([x, y]) as [number, number];
    return crsToPixel(scene.geoTransform, sx, sy);
  };
}
