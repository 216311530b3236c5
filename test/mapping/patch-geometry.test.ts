// Each output cell's patch is centred on the cell: on scenes whose geometry is known (placed by GDAL), the patch of
// a cell covers the pixels one can work out by hand, and on a geographic scene its centre is where GDAL's own
// transformer puts the cell's centre.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridToScenePixel, outputGrid } from '../../src/main/mapping/output-grid';
import { cellPatch, type CellPatch } from '../../src/main/mapping/patch-geometry';
import { readSceneFile, type SceneFile } from '../../src/main/scenes/scene-file';
import { writeSyntheticScene } from '../../src/main/synthetic/demo-scene';
import { pythonJson } from '../helpers/python';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant } from '../scenes/gdal-variants';


const temp = mkdtempSync(join(tmpdir(), 'lcz-patch-geometry-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let source: string;
beforeAll(async () => {
  source = join(temp, 'source.tif');
  await writeSyntheticScene(source, { size: 11, seed: 1 }); // 110 x 110 pixels
}, 60_000);

/** The scene pixel coordinates (continuous: pixel k spans [k, k + 1)) of a patch's centre. */
const centre = (p: CellPatch, size: number): [number, number] => {
  const half = (size - 1) / 2;
  return [p.u0 + half * (p.dub + p.dua), p.v0 + half * (p.dvb + p.dva)];
};

async function placed(name: string, srs: string, bounds: [number, number, number, number]): Promise<SceneFile> {
  return readSceneFile(gdalVariant(source, join(temp, name), { place: { srs, bounds } }));
}

describe.skipIf(gdalMissing)('the patch of an output cell', () => {
  it('on a 10 m UTM scene: a 32 x 32 patch of 10 m around the cell, copied pixel for pixel', async () => {
    // 110 x 110 pixels of 10 m with the top-left corner at (500000, 4000000): an 11 x 11 grid of 100 m cells.
    const scene = await placed('utm-10m.tif', 'EPSG:32633', [500_000, 4_000_000, 501_100, 3_998_900]);
    const grid = outputGrid(scene, 100);
    expect([grid.width, grid.height]).toEqual([11, 11]);
    const toScene = gridToScenePixel(grid, scene);
    // Cell (row 2, col 3) spans x 500300-500400, y 3999800-3999700: its centre is scene pixel corner (35, 25), so
    // its 32 pixels run from column 35 - 16 = 19 and row 25 - 16 = 9.
    const p = cellPatch(grid, toScene, { size: 32, resolutionM: 10 }, 2, 3);
    expect(p).toMatchObject({ aligned: true, c0: 19, r0: 9, dub: 1, dva: 1, dvb: 0, dua: 0 });
    expect(centre(p, 32)).toEqual([35, 25]);
    // Every cell: the patch centre is the cell centre, 10 pixels a cell.
    for (let row = 0; row < grid.height; row++) {
      for (let col = 0; col < grid.width; col++) {
        const q = cellPatch(grid, toScene, { size: 32, resolutionM: 10 }, row, col);
        expect(centre(q, 32)).toEqual([col * 10 + 5, row * 10 + 5]);
        expect([q.c0, q.r0]).toEqual([col * 10 + 5 - 16, row * 10 + 5 - 16]);
      }
    }
  });

  it('on the same scene for a 30 m model, and on a 20 m scene for a 10 m model: resampled around the same centre', async () => {
    const scene = await placed('utm-10m-b.tif', 'EPSG:32633', [500_000, 4_000_000, 501_100, 3_998_900]);
    const grid = outputGrid(scene, 100);
    const coarse = cellPatch(grid, gridToScenePixel(grid, scene), { size: 32, resolutionM: 30 }, 2, 3);
    expect(coarse.aligned).toBe(false);
    expect([coarse.dub, coarse.dva]).toEqual([3, 3]);
    expect(centre(coarse, 32)).toEqual([35, 25]);
    expect(coarse.u0).toBeCloseTo(35 - 15.5 * 3, 9); // the centre of patch pixel (0, 0)

    // 110 pixels of 20 m: a 2200 m scene, 22 x 22 cells of 100 m; cell (2, 3)'s centre is pixel point (17.5, 12.5).
    const twenty = await placed('utm-20m.tif', 'EPSG:32633', [500_000, 4_000_000, 502_200, 3_997_800]);
    const grid20 = outputGrid(twenty, 100);
    expect([grid20.width, grid20.height]).toEqual([22, 22]);
    const fine = cellPatch(grid20, gridToScenePixel(grid20, twenty), { size: 32, resolutionM: 10 }, 2, 3);
    expect([fine.dub, fine.dva, fine.aligned]).toEqual([0.5, 0.5, false]);
    expect(centre(fine, 32)).toEqual([17.5, 12.5]);
  });

  it('on a geographic scene: the cell centre on the local UTM grid, where GDAL puts it in the scene', async () => {
    // 110 x 110 pixels of 0.0001 degrees at 45 N, 9 E (UTM zone 32N).
    const scene = await placed('geographic.tif', 'EPSG:4326', [9, 45.011, 9.011, 45]);
    const grid = outputGrid(scene, 100);
    expect(grid.crs.epsg).toBe(32632);
    const toScene = gridToScenePixel(grid, scene);
    const cells: [number, number][] = [[0, 0], [3, 5], [grid.height - 2, grid.width - 3]];
    const [gx0, res, , gy0, , resY] = grid.geoTransform;
    const points = cells.map(([row, col]) => [gx0 + (col + 0.5) * res, gy0 + (row + 0.5) * resY]);
    // GDAL's transformer from the grid's CRS to the scene's pixel/line.
    const gdal = pythonJson<[number, number][]>(
      `import sys, json
from osgeo import gdal
gdal.UseExceptions()
t = gdal.Transformer(gdal.Open(sys.argv[1]), None, ['DST_SRS=EPSG:32632'])
print(json.dumps([t.TransformPoint(1, x, y)[1][:2] for x, y in json.loads(sys.argv[2])]))`,
      undefined,
      scene.path,
      JSON.stringify(points),
    );
    cells.forEach(([row, col], i) => {
      const p = cellPatch(grid, toScene, { size: 32, resolutionM: 10 }, row, col);
      const [u, v] = centre(p, 32);
      expect(u).toBeCloseTo(gdal[i]![0], 6);
      expect(v).toBeCloseTo(gdal[i]![1], 6);
      // 10 m steps: a tenth of a degree's metres, across shrunk by cos(45), down not.
      expect(Math.hypot(p.dub, p.dvb)).toBeCloseTo(10 / (0.0001 * 111_320 * Math.cos(Math.PI / 4)), 1);
      expect(Math.hypot(p.dua, p.dva)).toBeCloseTo(10 / (0.0001 * 111_320), 1);
    });
  });
});
