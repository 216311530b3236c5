/**
 * Training areas on the real Landsat 7 ETM+ scene of Olinda (../shared/data/L7_ETMs.tif: Byte, 28.5 m, SIRGAS 2000 /
 * UTM 25S), placed where the scene's own pixels say they are, as a planner looking at the image would draw them: the
 * sea (highest MNDWI), the greenest woods (highest NDVI) and the least green land (the town). Used by the CLI test and
 * the end-to-end test, which draws one of them with the mouse.
 */
import proj4 from 'proj4';
import { SceneReader } from '../../src/main/scenes/scene-reader';

export type LonLatRing = [number, number][];

export interface OlindaWindows {
  /** Per LCZ (17 sea, 11 dense trees, 3 compact low-rise): the best windows' outer rings, lon/lat, closed, best first. */
  rings: Record<17 | 11 | 3, LonLatRing[]>;
  /** The window side in pixels. */
  side: number;
}

/** Windows of `side` pixels ranked by a score, the best `count` of them at least `spacing` pixels apart. */
export function bestWindows(score: (x: number, y: number) => number, width: number, height: number, side: number, count: number, spacing: number): [number, number][] {
  const candidates: [number, number, number][] = [];
  for (let y = 0; y + side <= height; y += 2) {
    for (let x = 0; x + side <= width; x += 2) {
      let s = 0;
      for (let dy = 0; dy < side; dy++) for (let dx = 0; dx < side; dx++) s += score(x + dx, y + dy);
      candidates.push([s, x, y]);
    }
  }
  candidates.sort((a, b) => b[0] - a[0]);
  const chosen: [number, number][] = [];
  for (const [, x, y] of candidates) {
    if (chosen.length === count) break;
    if (chosen.every(([cx, cy]) => Math.hypot(cx - x, cy - y) >= spacing)) chosen.push([x, y]);
  }
  return chosen;
}

/** `count` windows per class of `side` pixels (5: 142 m), at least 30 pixels apart. */
export async function olindaWindows(scenePath: string, count = 4, side = 5): Promise<OlindaWindows> {
  const reader = await SceneReader.open(scenePath);
  const { scene } = reader;
  const { bands } = await reader.read(0, scene.height, [1, 2, 3, 4], undefined);
  await reader.close();
  const [green, red, nir, swir] = bands;
  const at = (b: typeof green, x: number, y: number) => Number(b![y * scene.width + x]);
  const nd = (a: number, b: number) => (a + b ? (a - b) / (a + b) : 0);
  const ndvi = (x: number, y: number) => nd(at(nir, x, y), at(red, x, y));
  const mndwi = (x: number, y: number) => nd(at(green, x, y), at(swir, x, y));
  const picks = {
    17: bestWindows(mndwi, scene.width, scene.height, side, count, 30), // the Atlantic
    11: bestWindows(ndvi, scene.width, scene.height, side, count, 30), // the greenest woods
    3: bestWindows((x, y) => (mndwi(x, y) < 0 ? -ndvi(x, y) : -9), scene.width, scene.height, side, count, 30), // least green land: the town
  };
  const toLonLat = proj4(scene.crs.proj4!, 'EPSG:4326');
  const [x0, pw, , y0, , ph] = scene.geoTransform;
  const ring = ([x, y]: [number, number]): LonLatRing =>
    [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]].map(([c, r]) => toLonLat.forward([x0 + c! * pw, y0 + r! * ph]) as [number, number]);
  return { side, rings: { 17: picks[17].map(ring), 11: picks[11].map(ring), 3: picks[3].map(ring) } };
}
