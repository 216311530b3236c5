// A real scene nobody here made: the Landsat 7 ETM+ scene of Olinda (Brazil) in ../shared/data (Byte, 28.5 m,
// SIRGAS 2000 / UTM 25S), mapped from a handful of training areas: sea, vegetation and the built-up town, placed where
// the scene's own pixels say they are (as a planner looking at the image would draw them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import type { AreasAccuracy, ResultSummary } from '../../src/shared/contract';
import { gdal, gdalMissing } from '../helpers/gdal';
import { lczCli } from '../helpers/lcz-cli';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

const SCENE = sharedData('L7_ETMs.tif');
const skip = sharedDataMissing('L7_ETMs.tif');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-landsat-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Windows of `side` pixels ranked by a score, the best `count` of them at least `spacing` pixels apart. */
function bestWindows(score: (x: number, y: number) => number, width: number, height: number, side: number, count: number, spacing: number): [number, number][] {
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

it.skipIf(skip)('maps the real Landsat 7 scene of Olinda from a handful of training areas', async () => {
  const reader = await SceneReader.open(SCENE);
  const { scene } = reader;
  const { bands } = await reader.read(0, scene.height, [1, 2, 3, 4], undefined);
  await reader.close();
  const [green, red, nir, swir] = bands;
  const at = (b: typeof green, x: number, y: number) => Number(b![y * scene.width + x]);
  const nd = (a: number, b: number) => (a + b ? (a - b) / (a + b) : 0);
  const ndvi = (x: number, y: number) => nd(at(nir, x, y), at(red, x, y));
  const mndwi = (x: number, y: number) => nd(at(green, x, y), at(swir, x, y));
  const side = 5; // 142 m
  const picks = {
    17: bestWindows(mndwi, scene.width, scene.height, side, 4, 30), // the Atlantic
    11: bestWindows(ndvi, scene.width, scene.height, side, 4, 30), // the greenest woods
    3: bestWindows((x, y) => (mndwi(x, y) < 0 ? -ndvi(x, y) : -9), scene.width, scene.height, side, 4, 30), // least green land: the town
  };
  const toLonLat = proj4(scene.crs.proj4!, 'EPSG:4326');
  const [x0, pw, , y0, , ph] = scene.geoTransform;
  const features = Object.entries(picks).flatMap(([lcz, windows]) =>
    windows.map(([x, y], i) => {
      const corners = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]].map(([c, r]) => toLonLat.forward([x0 + c! * pw, y0 + r! * ph]));
      return { type: 'Feature', properties: { lcz: Number(lcz), name: `${lcz}-${i + 1}` }, geometry: { type: 'Polygon', coordinates: [corners] } };
    }),
  );
  const areas = join(dir, 'olinda.geojson');
  writeFileSync(areas, JSON.stringify({ type: 'FeatureCollection', features }));

  const out = join(dir, 'olinda');
  const run = lczCli({ workspace: join(dir, 'ws'), timeoutMs: 120_000 })('areas', 'map', '--areas', areas, '--scene', SCENE, '--out', out, '--bootstrap', '10');
  expect(run.status, run.stderr).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ResultSummary;
  const record = JSON.parse(readFileSync(join(out, 'training-areas.json'), 'utf8')) as AreasAccuracy;
  // On the scene's own grid: UTM 25S on SIRGAS 2000, 100 m cells over its 9.9 x 10.0 km.
  expect(summary.grid.epsg).toBe(31985);
  expect([summary.grid.width, summary.grid.height]).toEqual([100, 101]);
  expect(record.classes.map((c) => [c.lcz, c.areas])).toEqual([
    [3, 4],
    [11, 4],
    [17, 4],
  ]);
  expect(record.runs).toHaveLength(10);
  // The three classes are mapped, and over a square kilometre of the scene is sea.
  const map = await readLczMap(join(out, 'lcz.tif'));
  const drawn = new Set(map.classes);
  drawn.delete(0); // the last row of cells reaches past the scene's edge
  expect(drawn).toEqual(new Set([3, 11, 17]));
  expect(summary.areas.find((a) => a.value === 17)!.km2).toBeGreaterThan(1);
  if (!gdalMissing) expect(gdal('gdalinfo', join(out, 'lcz.tif'))).toMatch(/SIRGAS 2000 \/ UTM zone 25S/);
});
