// A real scene nobody here made: the Landsat 7 ETM+ scene of Olinda (Brazil) in ../shared/data (Byte, 28.5 m,
// SIRGAS 2000 / UTM 25S), mapped from a handful of training areas: sea, vegetation and the built-up town, placed where
// the scene's own pixels say they are (as a planner looking at the image would draw them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import type { AreasAccuracy, ResultSummary } from '../../src/shared/contract';
import { gdal, gdalMissing } from '../helpers/gdal';
import { olindaWindows } from '../helpers/landsat-areas';
import { lczCli } from '../helpers/lcz-cli';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

const SCENE = sharedData('L7_ETMs.tif');
const skip = sharedDataMissing('L7_ETMs.tif');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-landsat-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.skipIf(skip)('maps the real Landsat 7 scene of Olinda from a handful of training areas', async () => {
  const { rings } = await olindaWindows(SCENE);
  const features = Object.entries(rings).flatMap(([lcz, windows]) =>
    windows.map((ring, i) => ({ type: 'Feature', properties: { lcz: Number(lcz), name: `${lcz}-${i + 1}` }, geometry: { type: 'Polygon', coordinates: [ring] } })),
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
