// Maps a real scene nobody here made (../shared/data/L7_ETMs.tif: Landsat 7, 6 bands, 28.5 m, UTM 25S) with a
// 6-band bundle made by the test, through the real job, and checks the outputs with GDAL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensorBands } from '../../src/shared/bands';
import type { SceneSettings } from '../../src/shared/contract';
import { gdal, gdalEpsg, gdalinfo, gdalMissing, gdalTransform, validateCog } from '../helpers/gdal';
import { randomBundle } from '../helpers/bundles';
import { outputsOf, runJob } from '../helpers/jobs';
import { pythonJson } from '../helpers/python';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

const scene = sharedData('L7_ETMs.tif');
const skip = sharedDataMissing('L7_ETMs.tif') ?? gdalMissing;

const L7: SceneSettings = { sensor: 'landsat-7', bands: sensorBands('landsat-7').map((b) => b.id), scale: 1, offset: 0 };

const corners = (path: string) => gdalinfo(path).cornerCoordinates;

/** numpy's view of a result: probability sums, argmax agreement, confidence agreement, no-data consistency. */
const consistencyScript = `
import sys, json, numpy as np
from osgeo import gdal
d = sys.argv[1]
lcz = gdal.Open(d + '/lcz.tif').ReadAsArray().astype(int)
p = gdal.Open(d + '/probabilities.tif').ReadAsArray().astype(int)
c = gdal.Open(d + '/confidence.tif').ReadAsArray().astype(int)
pred = lcz > 0
ps = p[:, pred]
print(json.dumps({
  'predicted': int(pred.sum()), 'cells': int(lcz.size),
  'sumErr': int(np.abs(ps.sum(axis=0) - 10000).max()),
  'classIsMax': bool((np.take_along_axis(ps, (lcz[pred] - 1)[None, :], 0)[0] >= ps.max(axis=0) - 1).all()),
  'maxErr': int(np.abs(ps.max(axis=0) - c[0][pred]).max()),
  'nodataAgrees': bool((p[:, ~pred] == 65535).all() and (c[:, ~pred] == 65535).all()),
  'lastRowEmpty': bool((lcz[-1] == 0).all()), 'lastColEmpty': bool((lcz[:, -1] == 0).all()),
  'entropyRange': [int(c[2][pred].min()), int(c[2][pred].max())],
}))`;

describe.skipIf(skip)('mapping a real Landsat 7 scene with a 6-band bundle', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-l7-'));
  const out = join(temp, 'result');
  let bundle: string;

  beforeAll(async () => {
    // Byte digital numbers read with scale 1: the bundle's statistics are in DN.
    bundle = await randomBundle(join(temp, 'bundle'), { sensor: 'landsat-7', mean: 80, std: 40, resolutionM: 30, seed: 3 });
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: L7, bundles: [bundle], outDir: out, resolutionM: 100, tta: false, filter: false, truth: null } }));
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('writes the LCZ product on the scene CRS, its corner on the scene corner, covering the scene', () => {
    const info = gdalinfo(join(out, 'lcz.tif'));
    expect(gdalEpsg(join(out, 'lcz.tif'))).toBe(31985);
    expect(info.bands).toHaveLength(1);
    expect(info.bands[0]!.type).toBe('Byte');
    expect(info.bands[0]!.noDataValue).toBe(0);
    expect(info.bands[0]!.colorTable?.entries[17]?.slice(0, 3)).toEqual([0x6a, 0x6a, 0xff]);
    expect(validateCog(join(out, 'lcz.tif')).errors).toEqual([]);
    const s = corners(scene);
    const m = corners(join(out, 'lcz.tif'));
    expect(m.upperLeft[0]).toBeCloseTo(s.upperLeft[0], 6);
    expect(m.upperLeft[1]).toBeCloseTo(s.upperLeft[1], 6);
    // 349 x 28.5 m = 9946.5 m and 352 x 28.5 m = 10032 m: 100 x 101 cells of 100 m reach just past the scene.
    expect(info.size).toEqual([100, 101]);
    expect(m.lowerRight[0]).toBeGreaterThanOrEqual(s.lowerRight[0]);
    expect(m.lowerRight[0] - s.lowerRight[0]).toBeLessThan(100);
    expect(s.lowerRight[1] - m.lowerRight[1]).toBeLessThan(100);
    expect(m.lowerRight[1]).toBeLessThanOrEqual(s.lowerRight[1]);
  });

  it('writes probabilities that sum to one, a class map that is their argmax, and matching confidence', () => {
    for (const file of ['probabilities.tif', 'confidence.tif']) {
      const info = gdalinfo(join(out, file));
      expect(info.bands.every((b) => b.type === 'UInt16' && b.noDataValue === 65535)).toBe(true);
      expect(validateCog(join(out, file)).errors).toEqual([]);
      expect(gdalEpsg(join(out, file))).toBe(31985);
    }
    expect(gdalinfo(join(out, 'probabilities.tif')).bands).toHaveLength(17);
    // GDAL's scale and offset on every band, so QGIS and GDAL read shares of 0-1, not the stored 0-10000.
    for (const file of ['probabilities.tif', 'confidence.tif']) {
      for (const band of gdalinfo(join(out, file)).bands) expect([band.scale, band.offset]).toEqual([0.0001, 0]);
    }
    const scaled = pythonJson<{ max: number }>(
      `import sys, json\nfrom osgeo import gdal\nds = gdal.Open(sys.argv[1] + '/confidence.tif')\nb = ds.GetRasterBand(1)\na = b.ReadAsArray()\nprint(json.dumps({'max': float(a[a != 65535].max() * b.GetScale() + b.GetOffset())}))`,
      undefined,
      out,
    );
    expect(scaled.max).toBeGreaterThan(0);
    expect(scaled.max).toBeLessThanOrEqual(1);
    const r = pythonJson<{ predicted: number; cells: number; sumErr: number; classIsMax: boolean; maxErr: number; nodataAgrees: boolean; lastRowEmpty: boolean; lastColEmpty: boolean; entropyRange: [number, number] }>(consistencyScript, undefined, out);
    // Every cell is predicted, the last row (32 % on the scene) and the last column (46.5 %) too: the scene's lower
    // and right edges are not lost.
    expect(r.predicted).toBe(100 * 101);
    expect(r.lastRowEmpty).toBe(false);
    expect(r.lastColEmpty).toBe(false);
    expect(r.sumErr).toBeLessThanOrEqual(9); // 17 values rounded to 1e-4 each
    expect(r.classIsMax).toBe(true); // the class is the most probable, up to the 1e-4 rounding of the stored values
    expect(r.maxErr).toBeLessThanOrEqual(1);
    expect(r.nodataAgrees).toBe(true);
    expect(r.entropyRange[0]).toBeGreaterThanOrEqual(0);
    expect(r.entropyRange[1]).toBeLessThanOrEqual(10000);
  });

  it('maps a geographic (EPSG:4326) copy of the scene on its local UTM zone, covering its footprint', async () => {
    const geographic = join(temp, 'l7-4326.tif');
    gdal('gdalwarp', '-q', '-t_srs', 'EPSG:4326', '-r', 'near', '-dstnodata', '0', scene, geographic);
    const geoOut = join(temp, 'result-4326');
    outputsOf(await runJob({ kind: 'map', params: { scene: geographic, settings: L7, bundles: [bundle], outDir: geoOut, resolutionM: 100, tta: false, filter: false, truth: null } }));
    const lcz = join(geoOut, 'lcz.tif');
    expect(gdalEpsg(lcz)).toBe(32725); // WGS 84 / UTM zone 25S: Olinda, 34.9 W, 8 S
    const gt = gdalinfo(lcz).geoTransform;
    expect([gt[1], gt[5]]).toEqual([100, -100]);
    // The scene's footprint, in UTM 25S by GDAL's own transformer, lies inside the map's extent.
    const s = corners(geographic);
    const utm = gdalTransform('EPSG:4326', 'EPSG:32725', [s.upperLeft, s.lowerRight]);
    const m = corners(lcz);
    expect(m.upperLeft[0]).toBeLessThanOrEqual(utm[0]![0]!);
    expect(m.upperLeft[1]).toBeGreaterThanOrEqual(utm[0]![1]!);
    expect(m.lowerRight[0]).toBeGreaterThanOrEqual(utm[1]![0]!);
    expect(m.lowerRight[1]).toBeLessThanOrEqual(utm[1]![1]!);
    expect(m.lowerRight[0] - utm[1]![0]!).toBeLessThan(200);
    // Most of the map is predicted: the warped scene's no-data corners are not.
    const r = pythonJson<{ predicted: number; cells: number }>(consistencyScript, undefined, geoOut);
    expect(r.predicted / r.cells).toBeGreaterThan(0.8);
  });
});
