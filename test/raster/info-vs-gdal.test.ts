import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterInfo } from '../../src/main/raster/info';
import { openGeoTiff } from '../../src/main/raster/open-geotiff';
import { rowBlocks } from '../../src/main/raster/row-blocks';
import { gdal } from '../helpers/gdal';
import { python } from '../helpers/python';
import { SHARED_DATA, sharedData } from '../helpers/shared-data';
import { gdalFacts, makeTempDir, skipReason, zaragoza } from './raster-support';
import { rewrite } from './lcz-fixtures';

function relClose(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  expect(actual, what).not.toBeNull();
  const tol = rel * Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs GDAL ${expected}`).toBeLessThanOrEqual(tol);
}

async function expectAgreement(path: string): Promise<void> {
  const ours = await rasterInfo(path);
  const ref = gdalFacts(path);
  expect([ours.width, ours.height, ours.bands], path).toEqual([ref.width, ref.height, ref.bands]);
  expect(ours.dtype, path).toBe(ref.dtypes[0]);
  if (ref.epsg !== null) expect(ours.crs.epsg, path).toBe(ref.epsg);
  else expect(ours.crs.epsg, `${path}: GDAL finds no EPSG code`).toBeNull();
  ref.geoTransform.forEach((g, i) => relClose(ours.geoTransform[i], g, 1e-9, `${path} geotransform[${i}]`));
  if (ref.nodata === null) expect(ours.nodata, path).toBeNull();
  else if (ref.nodata === 'nan') expect(Number.isNaN(ours.nodata), path).toBe(true);
  else relClose(ours.nodata, ref.nodata, 1e-9, `${path} nodata`);
  expect(ours.bandStats).toHaveLength(ref.bands);
  ref.stats.forEach((s, b) => {
    relClose(ours.bandStats[b]!.min, s.min, 1e-6, `${path} band ${b + 1} min`);
    relClose(ours.bandStats[b]!.max, s.max, 1e-6, `${path} band ${b + 1} max`);
    relClose(ours.bandStats[b]!.mean, s.mean, 1e-6, `${path} band ${b + 1} mean`);
  });
}

describe.skipIf(skipReason)('rasterInfo agrees with GDAL', () => {
  const temp = makeTempDir('lcz-info-');
  afterAll(temp.cleanup);
  const files = skipReason ? [] : readdirSync(SHARED_DATA).filter((f) => /\.tiff?$/i.test(f));

  it('finds the shared rasters', () => expect(files.length).toBeGreaterThanOrEqual(3));

  it.each(files)('%s', async (file) => {
    await expectAgreement(sharedData(file));
  });

  describe('on other encodings GDAL writes', () => {
    const variants: Record<string, () => unknown> = {};
    const out = (name: string): string => join(temp.dir, `${name}.tif`);
    variants['float32-utm-nodata-1'] = () =>
      gdal('gdalwarp', '-q', '-t_srs', 'EPSG:32630', '-r', 'near', '-ot', 'Float32', '-dstnodata', '-1', zaragoza, out('float32-utm-nodata-1'));
    variants['uint16-multiband-big-endian-predictor'] = () =>
      gdal('gdal_translate', '-q', '-ot', 'UInt16', '-b', '1', '-b', '2', '-b', '3', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2',
        sharedData('L7_ETMs.tif'), out('uint16-multiband-big-endian-predictor'));
    variants['band-interleaved-tiled-zstd'] = () =>
      gdal('gdal_translate', '-q', '-co', 'INTERLEAVE=BAND', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128', '-co', 'COMPRESS=ZSTD',
        sharedData('L7_ETMs.tif'), out('band-interleaved-tiled-zstd'));
    variants['rotated-float64-nan'] = () =>
      python(
        `import sys
from osgeo import gdal, osr
import numpy as np
src = gdal.Open(sys.argv[1]).ReadAsArray().astype(np.float64)
r, c = np.indices(src.shape)
src[(r + c) < 300] = np.nan
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[2], src.shape[1], src.shape[0], 1, gdal.GDT_Float64)
ds.SetGeoTransform([500000, 100, 20, 4600000, 15, -100])
srs = osr.SpatialReference(); srs.ImportFromEPSG(25830); ds.SetProjection(srs.ExportToWkt())
b = ds.GetRasterBand(1); b.SetNoDataValue(float('nan')); b.WriteArray(src)
ds = None`,
        zaragoza,
        out('rotated-float64-nan'),
      );
    variants['float32-nodata-not-representable'] = () =>
      rewrite(zaragoza, out('float32-nodata-not-representable'), 'r, c = np.indices(a.shape); a = a.astype(np.float32); a[(r + c) < 300] = np.finfo(np.float32).min\nout_type, nodata = gdal.GDT_Float32, -3.40282346639e+38');
    variants['pixel-is-point'] = () =>
      gdal('gdal_translate', '-q', '-mo', 'AREA_OR_POINT=Point', zaragoza, out('pixel-is-point'));

    beforeAll(async () => {
      for (const make of Object.values(variants)) await make();
    });

    it.each(Object.keys(variants))('%s', async (name) => {
      await expectAgreement(out(name));
    });
  });

  it('reads a large scene in row blocks of whole tiles, a few MB at a time', async () => {
    const path = join(temp.dir, 'large.tif');
    python(
      `import sys
from osgeo import gdal, osr
import numpy as np
rng = np.random.default_rng(7)
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 2500, 1200, 2, gdal.GDT_UInt16, ['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256'])
ds.SetGeoTransform([400000, 10, 0, 4600000, 0, -10])
s = osr.SpatialReference(); s.ImportFromEPSG(32630); ds.SetProjection(s.ExportToWkt())
for b in range(2): ds.GetRasterBand(b + 1).WriteArray(rng.integers(0, 10000, (1200, 2500), dtype=np.uint16))
ds = None`,
      path,
    );
    const opened = await openGeoTiff(path);
    try {
      const blocks: [number, number][] = [];
      for await (const block of rowBlocks(opened.image, path, [0, 1])) {
        blocks.push([block.y0, block.rows]);
        expect(block.bands).toHaveLength(2);
        expect(block.bands[0]!.length).toBe(2500 * block.rows);
        expect(block.bands[0]!.length).toBeLessThanOrEqual(1 << 20);
        expect(block.y0 % 256).toBe(0);
      }
      expect(blocks.length).toBeGreaterThan(1);
      expect(blocks.reduce((n, [, rows]) => n + rows, 0)).toBe(1200);
    } finally {
      await opened.close();
    }
    await expectAgreement(path);
  });
});
