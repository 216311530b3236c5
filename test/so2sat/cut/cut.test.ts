// `lcz so2sat cut`: So2Sat-format patches from a scene and an LCZ label raster, read back with h5py and checked
// against numpy: shapes, one-hot labels, each label the mode of its cell's label pixels (never an average), mixed
// cells dropped, the patches the scene's own pixels, the per-class cap, a label map in another CRS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScene } from '../../../src/main/synthetic/demo-scene';
import { gdal, gdalMissing } from '../../helpers/gdal';
import { lczCli } from '../../helpers/lcz-cli';
import { pythonJson, pythonMissing } from '../../helpers/python';
import { sharedData, sharedDataMissing } from '../../helpers/shared-data';

const skip = gdalMissing ?? pythonMissing('h5py', 'numpy', 'osgeo');
let dir: string;
let scene: string;
let truth: string;
let labels: string;

/**
 * A 10 m label raster from the 100 m truth, with cells made mixed on purpose: (3, 4) 30 % another class (purity
 * 0.7: dropped), (3, 6) 5 % another class (0.95: kept), (3, 8) half and half (a tie: dropped), (3, 10) 20 % no data
 * (0.8: dropped), (3, 12) all no data (no label).
 */
const MAKE_LABELS = `
import sys
import numpy as np
from osgeo import gdal
src = gdal.Open(sys.argv[1])
t = src.GetRasterBand(1).ReadAsArray().astype(np.uint8)
fine = np.kron(t, np.ones((10, 10), dtype=np.uint8))
def other(v): return 14 if v != 14 else 11
r = 3
fine[r*10:r*10+3, 4*10:4*10+10] = other(t[r, 4])
fine[r*10:r*10+1, 6*10:6*10+5] = other(t[r, 6])
fine[r*10:r*10+5, 8*10:8*10+10] = other(t[r, 8])
fine[r*10:r*10+2, 10*10:10*10+10] = 0
fine[r*10:r*10+10, 12*10:12*10+10] = 0
gt = list(src.GetGeoTransform()); gt[1] /= 10; gt[5] /= 10
out = gdal.GetDriverByName("GTiff").Create(sys.argv[2], fine.shape[1], fine.shape[0], 1, gdal.GDT_Byte)
out.SetGeoTransform(gt); out.SetProjection(src.GetProjection())
out.GetRasterBand(1).SetNoDataValue(0); out.GetRasterBand(1).WriteArray(fine); out = None
`;

/** numpy's verdict: per 100 m cell the mode of its 10 x 10 label pixels (ties: lowest class) and its purity. */
const READ_BACK = `
import json, sys
import numpy as np
from osgeo import gdal
fine = gdal.Open(sys.argv[2]).ReadAsArray()
scene = gdal.Open(sys.argv[3]).ReadAsArray().astype(np.float64) / 10000
import h5py
H, W = fine.shape[0] // 10, fine.shape[1] // 10
blocks = fine.reshape(H, 10, W, 10).transpose(0, 2, 1, 3).reshape(H, W, 100)
mode = np.zeros((H, W), dtype=int); purity = np.zeros((H, W))
for r in range(H):
    for c in range(W):
        counts = np.bincount(blocks[r, c], minlength=18); counts[0] = 0
        if counts.max() > 0:
            mode[r, c] = counts.argmax(); purity[r, c] = counts.max() / 100
kept = [(r, c) for r in range(H) for c in range(W) if mode[r, c] > 0 and purity[r, c] >= 0.9]
with h5py.File(sys.argv[1], "r") as f:
    sen2 = f["sen2"][:]; label = f["label"][:]
onehot = bool(np.all((label == 0) | (label == 1)) and np.all(label.sum(1) == 1))
same = []
for i, (r, c) in enumerate(kept):
    r0, c0 = r * 10 + 5 - 16, c * 10 + 5 - 16
    if r0 >= 0 and c0 >= 0 and r0 + 32 <= scene.shape[1] and c0 + 32 <= scene.shape[2] and i < len(sen2):
        same.append(float(np.abs(sen2[i] - scene[:, r0:r0 + 32, c0:c0 + 32].transpose(1, 2, 0)).max()))
print(json.dumps({"sen2": list(sen2.shape), "label": list(label.shape), "dtype": str(sen2.dtype), "onehot": onehot,
    "labels": (label.argmax(1) + 1).tolist(), "expected": [int(mode[r, c]) for r, c in kept], "maxDiff": max(same), "compared": len(same)}))
`;

beforeAll(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'lcz-so2sat-cut-'));
  ({ scenePath: scene, truthPath: truth } = await writeDemoScene(join(dir, 'demo'), { size: 30 }));
  labels = join(dir, 'labels-10m.tif');
  pythonJson<null>(`${MAKE_LABELS}\nprint("null")`, undefined, truth, labels);
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('lcz so2sat cut', () => {
  it('writes one patch per pure cell, labelled by the mode, the scene\'s own pixels as reflectance', () => {
    const out = join(dir, 'all.h5');
    const run = lczCli({ workspace: join(dir, 'ws') })('so2sat', 'cut', '--scene', scene, '--labels', labels, '--out', out, '--max-cloud', '1');
    expect(run.status, run.stderr).toBe(0);
    const r = pythonJson<{ sen2: number[]; label: number[]; dtype: string; onehot: boolean; labels: number[]; expected: number[]; maxDiff: number; compared: number }>(READ_BACK, undefined, out, labels, scene);
    expect(r.sen2).toEqual([r.expected.length, 32, 32, 10]);
    expect(r.label).toEqual([r.expected.length, 17]);
    expect(r.dtype).toBe('float32');
    expect(r.onehot).toBe(true);
    // 900 cells less the 4 crafted ones dropped: mixed (0.7), tied, 20 % no data, all no data.
    expect(r.expected.length).toBe(896);
    expect(r.labels).toEqual(r.expected);
    expect(r.compared).toBeGreaterThan(500);
    expect(r.maxDiff).toBeLessThan(1e-6);
  });

  it('caps each class at --per-class-cap, keeping every class that has fewer', () => {
    const out = join(dir, 'capped.h5');
    const run = lczCli({ workspace: join(dir, 'ws') })('so2sat', 'cut', '--scene', scene, '--labels', labels, '--out', out, '--per-class-cap', '20', '--max-cloud', '1');
    expect(run.status, run.stderr).toBe(0);
    const counts = pythonJson<number[]>('import sys, json, h5py\nwith h5py.File(sys.argv[1]) as f: print(json.dumps(f["label"][:].sum(0).astype(int).tolist()))', undefined, out);
    const all = pythonJson<number[]>('import sys, json, h5py\nwith h5py.File(sys.argv[1]) as f: print(json.dumps(f["label"][:].sum(0).astype(int).tolist()))', undefined, join(dir, 'all.h5'));
    expect(counts).toEqual(all.map((n) => Math.min(n, 20)));
  });

  it('takes a label map in another CRS (the truth warped to EPSG:4326), resampled by mode', () => {
    const warped = join(dir, 'truth-4326.tif');
    gdal('gdalwarp', '-q', '-t_srs', 'EPSG:4326', '-r', 'near', truth, warped);
    const out = join(dir, 'warped.h5');
    const run = lczCli({ workspace: join(dir, 'ws') })('so2sat', 'cut', '--scene', scene, '--labels', warped, '--out', out, '--max-cloud', '1');
    expect(run.status, run.stderr).toBe(0);
    const r = pythonJson<{ labels: number[]; expected: number[]; truthAgree: number }>(
      `
import sys, json, numpy as np
from osgeo import gdal, osr
ds = gdal.Open(sys.argv[2]); warped = ds.ReadAsArray(); wgt = ds.GetGeoTransform()
sc = gdal.Open(sys.argv[3]); scene = sc.ReadAsArray().astype(np.float32) / 10000; sgt = sc.GetGeoTransform()
truth = gdal.Open(sys.argv[4]).ReadAsArray()
H, W = scene.shape[1] // 10, scene.shape[2] // 10
# The same definition, computed independently: 10 x 10 points per 100 m cell, projected by GDAL (PROJ), mode and purity.
src = osr.SpatialReference(); src.ImportFromWkt(sc.GetProjection()); dst = osr.SpatialReference(); dst.ImportFromEPSG(4326)
dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
t = osr.CoordinateTransformation(src, dst)
k = (np.arange(10) + 0.5) / 10
expected, kept = [], []
for r in range(H):
    for c in range(W):
        xs = sgt[0] + (c + k[None, :]) * 100 + 0 * k[:, None]
        ys = sgt[3] - (r + k[:, None]) * 100 + 0 * k[None, :]
        pts = np.array(t.TransformPoints(np.stack([xs.ravel(), ys.ravel()], 1).tolist()))
        col = np.floor((pts[:, 0] - wgt[0]) / wgt[1]).astype(int); row = np.floor((pts[:, 1] - wgt[3]) / wgt[5]).astype(int)
        inside = (col >= 0) & (col < warped.shape[1]) & (row >= 0) & (row < warped.shape[0])
        v = np.where(inside, warped[np.clip(row, 0, warped.shape[0] - 1), np.clip(col, 0, warped.shape[1] - 1)], 0)
        counts = np.bincount(v, minlength=18); counts[0] = 0
        if counts.max() >= 90: expected.append(int(counts.argmax())); kept.append((r, c))
import h5py
with h5py.File(sys.argv[1]) as f: labels = (f["label"][:].argmax(1) + 1).tolist()
print(json.dumps({"labels": labels, "expected": expected, "truthAgree": int(sum(truth[rc] == l for rc, l in zip(kept, expected)))}))`,
      undefined,
      out,
      warped,
      scene,
      truth,
    );
    expect(r.labels.length).toBeGreaterThan(400); // cells on class edges of the warped map are mixed and dropped
    expect(r.labels).toEqual(r.expected);
    // Nearest-neighbour warping to degrees drops some 100 m rows of the truth; most cells keep their class.
    expect(r.truthAgree / r.expected.length).toBeGreaterThan(0.9);
  });

  it('drops every patch that touches no data in the scene', () => {
    // The scene with a no-data hole of 20 x 20 pixels (nodata 0) around pixel (150, 150): the patches of the cells
    // within 16 pixels of it (a 32 x 32 patch reaches 11 beyond its cell) are dropped, the rest kept.
    const holed = join(dir, 'holed.tif');
    pythonJson<null>(
      'import sys\nfrom osgeo import gdal\nds = gdal.Translate(sys.argv[2], sys.argv[1])\nfor b in range(1, ds.RasterCount + 1):\n    band = ds.GetRasterBand(b); a = band.ReadAsArray(); a[140:160, 140:160] = 0; band.WriteArray(a)\nds = None\nprint("null")',
      undefined,
      scene,
      holed,
    );
    const out = join(dir, 'holed.h5');
    const run = lczCli({ workspace: join(dir, 'ws') })('so2sat', 'cut', '--scene', holed, '--labels', labels, '--out', out, '--max-cloud', '1');
    expect(run.status, run.stderr).toBe(0);
    const n = pythonJson<{ n: number; zeros: number }>('import sys, json, h5py, numpy as np\nwith h5py.File(sys.argv[1]) as f: s = f["sen2"][:]\nprint(json.dumps({"n": len(s), "zeros": int((s.sum(3) == 0).any((1, 2)).sum())}))', undefined, out);
    // Cells 12-17 across and down (pixels 120-179) reach the hole: 36 cells fewer than the 896 of the whole scene.
    expect(n).toEqual({ n: 896 - 36, zeros: 0 });
  });

  it.skipIf(sharedDataMissing('L7_ETMs.tif'))('refuses a scene without the 10 Sentinel-2 bands, naming it and the bands', () => {
    const out = join(dir, 'landsat.h5');
    const run = lczCli({ workspace: join(dir, 'ws') })('so2sat', 'cut', '--scene', sharedData('L7_ETMs.tif'), '--labels', labels, '--out', out);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${sharedData('L7_ETMs.tif')}: lacks S2.B2, S2.B3, S2.B4, S2.B5, S2.B6, S2.B7, S2.B8, S2.B8A, S2.B11, S2.B12 in its band mapping`);
  });
});
