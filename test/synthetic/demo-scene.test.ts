import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScene, writeSyntheticScene, type SceneProgress } from '../../src/main/synthetic/demo-scene';
import { createSyntheticScene } from '../../src/main/synthetic/scene';
import { syntheticCityClasses } from '../../src/main/synthetic/synthetic-city';
import { gdalMissing } from '../helpers/gdal';
import { python } from '../helpers/python';
import { gdalReadback, sha256Of } from '../raster/gdal-readback';

const SIZE = 120; // cells of 100 m: 1200 x 1200 pixels
const BANDS = ['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12'];
const [B2, B4, B5, B7, B8, B11] = [0, 2, 3, 5, 6, 8];

interface ClassStats {
  pixels: number;
  /** Mean reflectance per band (DN / 10,000). */
  mean: number[];
  /** Mean of the pixels' NDVI, (B8 - B4) / (B8 + B4). */
  ndvi: number;
}

/**
 * Per-class statistics of the written scene as GDAL reads it, over the pixels of cells whose 3 x 3 neighbourhood
 * in the written truth shares their class (cell edges may show the neighbour's cover).
 */
const STATS = `
import sys, json
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
scene = gdal.Open(sys.argv[1]).ReadAsArray().astype(np.float64) / 10000
truth = gdal.Open(sys.argv[2]).ReadAsArray()
h, w = truth.shape
pad = np.pad(truth, 1, mode='edge')
interior = np.ones_like(truth, dtype=bool)
for dy in (-1, 0, 1):
    for dx in (-1, 0, 1):
        interior &= pad[1 + dy:1 + dy + h, 1 + dx:1 + dx + w] == truth
cls = np.where(interior, truth, 0).repeat(10, 0).repeat(10, 1)
ndvi = (scene[6] - scene[2]) / (scene[6] + scene[2])
out = {}
for c in range(1, 18):
    m = cls == c
    if m.sum() > 0:
        out[c] = {'pixels': int(m.sum()), 'mean': [float(scene[b][m].mean()) for b in range(10)], 'ndvi': float(ndvi[m].mean())}
print(json.dumps(out))
`;

describe.skipIf(gdalMissing)('the demo scene, as GDAL reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-demo-scene-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'demo');
  const progress: SceneProgress[] = [];
  let paths: { scenePath: string; truthPath: string };
  let stats: Record<number, ClassStats>;

  beforeAll(async () => {
    paths = await writeDemoScene(out, { size: SIZE, seed: 42, onProgress: (p) => progress.push(p) });
    stats = JSON.parse(python(STATS, paths.scenePath, paths.truthPath)) as Record<number, ClassStats>;
  });

  it('writes the scene, its true LCZ map and the map style into the folder it creates, and nothing else', () => {
    expect(paths).toEqual({ scenePath: join(out, 'synthetic-city-s2.tif'), truthPath: join(out, 'synthetic-city-truth.tif') });
    expect(readdirSync(out).sort()).toEqual(['synthetic-city-s2.tif', 'synthetic-city-truth.qml', 'synthetic-city-truth.tif']);
    expect(progress.at(0)).toEqual({ stage: 'Rendering scene', done: 0, total: 10 * SIZE });
    expect(progress.filter((p) => p.stage === 'Rendering scene').at(-1)).toEqual({ stage: 'Rendering scene', done: 10 * SIZE, total: 10 * SIZE });
  });

  it('has the size, bands, type, grid, CRS, nodata and names GDAL expects, on the grid of its truth', () => {
    const [scene, truth] = gdalReadback(paths.scenePath, paths.truthPath);
    expect(scene).toMatchObject({ size: [10 * SIZE, 10 * SIZE], bands: 10, epsg: 32633, descriptions: BANDS });
    expect(scene!.dtypes).toEqual(new Array(10).fill('UInt16'));
    expect(scene!.nodata).toEqual(new Array(10).fill(0));
    expect(scene!.metadata).toMatchObject({ SYNTHETIC: 'YES', SYNTHETIC_SEED: '42' });
    expect(scene!.imageStructure.COMPRESSION).toBe('DEFLATE');
    const [x0, dx, rx, y0, ry, dy] = truth!.geoTransform;
    expect(scene!.geoTransform).toEqual([x0, dx! / 10, rx, y0, ry, dy! / 10]);
    expect(scene!.geoTransform[1]).toBe(10);
    expect(truth).toMatchObject({ size: [SIZE, SIZE], bands: 1, dtypes: ['Byte'], epsg: 32633, nodata: [0] });
    expect(truth!.metadata.SYNTHETIC).toBe('YES');
    expect(truth!.colorTable).toHaveLength(256);
    expect(truth!.sha256).toEqual([sha256Of(syntheticCityClasses({ seed: 42, size: SIZE }).classes)]);
  });

  it('has plausible spectra per class, measured from the written file', () => {
    const [trees, water, lowPlants, soil, rock] = [stats[11]!, stats[17]!, stats[14]!, stats[16]!, stats[15]!];
    for (const c of [1, 2, 6, 11, 14, 15, 16, 17]) expect(stats[c]?.pixels ?? 0, `interior pixels of LCZ ${c}`).toBeGreaterThan(300);
    // Vegetation: low red, a steep red edge, high NIR; forest darker than grass and crops.
    expect(trees.ndvi).toBeGreaterThan(0.6);
    expect(trees.mean[B4]).toBeLessThan(0.05);
    expect(trees.mean[B7]).toBeGreaterThan(2 * trees.mean[B5]!);
    expect(trees.mean[B8]).toBeLessThan(lowPlants.mean[B8]!);
    expect(lowPlants.ndvi).toBeGreaterThan(0.5);
    // Water: dark, nothing left in the NIR and SWIR.
    expect(water.ndvi).toBeLessThan(0);
    expect(water.mean[B8]).toBeLessThan(0.05);
    expect(water.mean[B11]).toBeLessThan(0.02);
    // Bare soil rises towards the SWIR; rock and pavement are bright and flat, with little vegetation.
    expect(soil.mean[B11]).toBeGreaterThan(soil.mean[B4]!);
    expect(soil.mean[B4]).toBeGreaterThan(soil.mean[B2]!);
    expect(soil.ndvi).toBeLessThan(0.35);
    expect(rock.ndvi).toBeLessThan(0.2);
    // The compact core (roofs and the shadows of tall buildings) is darker in the NIR than low plants.
    expect(stats[1]!.mean[B8]).toBeLessThan(0.6 * lowPlants.mean[B8]!);
    expect(stats[1]!.ndvi).toBeLessThan(0.3);
    // Greener from the core outwards: compact mid-rise < open low-rise < low plants.
    expect(stats[2]!.ndvi).toBeLessThan(stats[6]!.ndvi);
    expect(stats[6]!.ndvi).toBeLessThan(lowPlants.ndvi);
    // Every class stays in the reflectance range of real scenes.
    for (const m of Object.values(stats).flatMap((s) => s.mean)) {
      expect(m).toBeGreaterThan(0.003);
      expect(m).toBeLessThan(0.5);
    }
  });

  it('writes what the scene renders, strip by strip (writeSyntheticScene)', async () => {
    const path = join(dir, 'small.tif');
    await writeSyntheticScene(path, { size: 20, seed: 3 });
    const [read] = gdalReadback(path);
    expect(read!.sha256).toEqual(createSyntheticScene({ seed: 3, size: 20 }).renderRows(0, 200).map(sha256Of));
  });

  it('stops when cancelled, leaving no file behind, even once the truth was written', async () => {
    // Mid-render; and once the truth is on disk, before the scene is moved into place.
    const cancels: [string, (p: SceneProgress) => boolean][] = [
      ['while rendering', (p) => p.stage === 'Rendering scene' && p.done > 0],
      ['after the truth', (p) => p.stage === 'Writing the true LCZ map' && p.done === p.total],
    ];
    for (const [stage, when] of cancels) {
      const folder = join(dir, stage.replace(/ /g, '-'));
      mkdirSync(folder);
      const controller = new AbortController();
      const onProgress = (p: SceneProgress) => {
        if (when(p)) controller.abort();
      };
      await expect(writeDemoScene(folder, { size: 40, signal: controller.signal, onProgress }), stage).rejects.toMatchObject({ name: 'AbortError' });
      expect(controller.signal.aborted, stage).toBe(true);
      expect(readdirSync(folder), stage).toEqual([]);
    }
  });
});
