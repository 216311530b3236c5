/**
 * An area of interest (a lon/lat box, or a drawn polygon's bounds) as a window of a scene's pixels. Part of the scene
 * settings, so the app and `lcz map --aoi` crop alike, for a product and a GeoTIFF the same way: the cropped scene is
 * the scene from then on (its size, geotransform, output grid), and only its pixels are ever read.
 */
import type { LonLatBox } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import { lonLatBounds } from '../raster/display-grid';
import { converter, crsToPixel, mapProj4, type Georeferenced } from '../raster/projection';
import { pixelMetres, type SceneFile } from './scene-file';

const LONLAT = 'EPSG:4326';
/** Points per edge of the box: its edges curve in a projected CRS. */
const EDGE_SAMPLES = 16;

export interface PixelWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

const degrees = (v: number) => v.toFixed(4);

/** The box in words: "lon 2.1000 to 2.3000, lat 41.3000 to 41.5000". */
export function describeBox(box: LonLatBox): string {
  return `lon ${degrees(box.west)} to ${degrees(box.east)}, lat ${degrees(box.south)} to ${degrees(box.north)}`;
}

/**
 * The scene pixels the box covers (every pixel the box touches), clipped to the scene. A box wholly off the scene is
 * a UserError that says where the scene is, so the user can type a box that fits.
 */
export function aoiWindow(scene: Georeferenced, box: LonLatBox): PixelWindow {
  const toScene = converter(LONLAT, mapProj4(scene));
  const cols: number[] = [];
  const rows: number[] = [];
  for (let k = 0; k <= EDGE_SAMPLES; k++) {
    const t = k / EDGE_SAMPLES;
    const lon = box.west + t * (box.east - box.west);
    const lat = box.south + t * (box.north - box.south);
    for (const [x, y] of [[lon, box.south], [lon, box.north], [box.west, lat], [box.east, lat]] as const) {
      const [px, py] = crsToPixel(scene.geoTransform, ...(toScene.forward([x, y]) as [number, number]));
      if (Number.isFinite(px) && Number.isFinite(py)) {
        cols.push(px);
        rows.push(py);
      }
    }
  }
  const x0 = Math.max(0, Math.floor(Math.min(...cols)));
  const x1 = Math.min(scene.width, Math.ceil(Math.max(...cols)));
  const y0 = Math.max(0, Math.floor(Math.min(...rows)));
  const y1 = Math.min(scene.height, Math.ceil(Math.max(...rows)));
  if (cols.length === 0 || x1 <= x0 || y1 <= y0) {
    const [w, s, e, n] = lonLatBounds(scene);
    throw new UserError(`the area of interest (${describeBox(box)}) lies outside the scene, which covers ${describeBox({ west: w, south: s, east: e, north: n })}`, scene.path);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The scene as the part of it `window` covers: its size and geotransform; the file's bands, names and scaling as they were. */
export function cropScene(scene: SceneFile, window: PixelWindow): SceneFile {
  const [x0, pw, rx, y0, ry, ph] = scene.geoTransform;
  const geoTransform: SceneFile['geoTransform'] = [x0 + window.x * pw + window.y * rx, pw, rx, y0 + window.x * ry + window.y * ph, ry, ph];
  const pixel = pixelMetres(scene.crs, geoTransform, window.height);
  const outer = scene.crop ?? { x: 0, y: 0, fullWidth: scene.width, fullHeight: scene.height };
  return {
    ...scene,
    width: window.width,
    height: window.height,
    geoTransform,
    pixelSizeM: pixel.x,
    pixelHeightM: pixel.y,
    crop: { x: outer.x + window.x, y: outer.y + window.y, fullWidth: outer.fullWidth, fullHeight: outer.fullHeight },
  };
}
