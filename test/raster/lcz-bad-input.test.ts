import { openSync, readFileSync, rmSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { rasterInfo } from '../../src/main/raster/info';
import { gdalAsync } from '../helpers/gdal';
import { sharedData } from '../helpers/shared-data';
import { inParallel, makeTempDir, skipReason, zaragoza } from './raster-support';
import { rewrite } from './lcz-fixtures';

/** Expects reading `path` to fail with a UserError whose message starts with the path and matches `problem`. */
async function expectRefusal(read: (p: string) => Promise<unknown>, path: string, problem: RegExp): Promise<string> {
  const error = await read(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${path} was accepted`).toBeInstanceOf(UserError);
  const message = (error as UserError).message;
  expect(message.startsWith(`${path}: `), message).toBe(true);
  expect(message).toMatch(problem);
  return message;
}

describe.skipIf(skipReason)('readLczMap refuses what is not a usable LCZ map, naming the file and the problem', () => {
  const temp = makeTempDir('lcz-bad-');
  const at = (name: string): string => join(temp.dir, name);
  afterAll(temp.cleanup);

  beforeAll(async () => {
    writeFileSync(at('notes.tif'), 'these are my field notes, not a raster\n');
    writeFileSync(at('empty.tif'), '');
    const bytes = readFileSync(zaragoza);
    writeFileSync(at('truncated-data.tif'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(at('truncated-header.tif'), bytes.subarray(0, 60));
    await inParallel([
      () => gdalAsync('gdal_translate', '-q', '-of', 'PNG', '-ot', 'Byte', '-scale', zaragoza, at('map.png')),
      () => rewrite(zaragoza, at('values-18-255.tif'), 'a[0, :10] = 18\na[1, :3] = 255'),
      () => rewrite(zaragoza, at('probabilities.tif'), 'a = a.astype(np.float32) / 4\nout_type = gdal.GDT_Float32'),
      () => rewrite(zaragoza, at('rotated.tif'), 'gt = (gt[0], gt[1], 0.0002, gt[3], 0.0002, gt[5])'),
      () => rewrite(zaragoza, at('no-georeferencing.tif'), "gt, srs = None, ''"),
      () => rewrite(zaragoza, at('no-crs.tif'), "srs = ''"),
      () => rewrite(zaragoza, at('all-nodata.tif'), 'a[:] = -999'),
      // Huge grids, a few MB on disk: sparse tiles (never written) read as nodata.
      () => gdalAsync('gdal_create', '-q', '-of', 'GTiff', '-outsize', '100000', '100000', '-ot', 'Byte', '-co', 'TILED=YES', '-co', 'SPARSE_OK=TRUE',
        '-a_srs', 'EPSG:4326', '-a_ullr', '-2', '43', '-1', '42', '-a_nodata', '0', at('huge-100000x100000.tif')),
      () => gdalAsync('gdal_create', '-q', '-of', 'GTiff', '-outsize', '20001', '20000', '-ot', 'Byte', '-co', 'TILED=YES', '-co', 'SPARSE_OK=TRUE',
        '-a_srs', 'EPSG:32630', '-a_ullr', '400000', '4700000', '600010', '4500000', '-a_nodata', '0', at('just-over-limit.tif')),
      () => rewrite(zaragoza, at('gcps.tif'), 'gt = None', `from osgeo import osr
s = osr.SpatialReference(); s.ImportFromEPSG(4326)
ds.SetGCPs([gdal.GCP(-1.7, 42.2, 0, 0, 0), gdal.GCP(-0.07, 42.2, 0, 1210, 0), gdal.GCP(-1.7, 41.16, 0, 0, 765)], s.ExportToWkt())`),
    ]);
  });

  it('a missing file', async () => {
    await expectRefusal(readLczMap, at('nowhere.tif'), /file not found/);
  });

  it('a file that disappeared after it was chosen', async () => {
    writeFileSync(at('gone.tif'), readFileSync(zaragoza));
    rmSync(at('gone.tif'));
    await expectRefusal(readLczMap, at('gone.tif'), /file not found \(was it moved or deleted\?\)/);
  });

  it('a folder', async () => {
    await expectRefusal(readLczMap, temp.dir, /is a folder/);
  });

  it('a text file named .tif', async () => {
    await expectRefusal(readLczMap, at('notes.tif'), /is not a GeoTIFF raster \(not a TIFF file\)/);
    await expectRefusal(rasterInfo, at('notes.tif'), /is not a GeoTIFF raster/);
  });

  it('an empty file', async () => {
    await expectRefusal(readLczMap, at('empty.tif'), /is not a GeoTIFF raster \(too short to be a TIFF\)/);
  });

  it('a PNG image', async () => {
    await expectRefusal(readLczMap, at('map.png'), /is not a GeoTIFF raster \(a PNG image\)/);
  });

  it('a TIFF cut off in its pixel data', async () => {
    await expectRefusal(readLczMap, at('truncated-data.tif'), /is truncated: it ends at byte \d+ but its pixel data runs to byte \d+/);
    await expectRefusal(rasterInfo, at('truncated-data.tif'), /is truncated/);
  });

  it('a TIFF cut off in its header', async () => {
    await expectRefusal(readLczMap, at('truncated-header.tif'), /is truncated/);
  });

  it('a multispectral scene', async () => {
    await expectRefusal(readLczMap, sharedData('L7_ETMs.tif'), /has 6 bands; an LCZ map has one/);
  });

  it('a land-cover raster with values outside 1-17, listing values and cell counts', async () => {
    const message = await expectRefusal(readLczMap, sharedData('lc.tif'), /has values outside 1-17 that are neither nodata nor legacy codes 101-107/);
    expect(message).toMatch(/21 \(25 cells\)/);
    expect(message).toMatch(/997 cells in all/);
  });

  it('an LCZ map with a few stray values', async () => {
    const message = await expectRefusal(readLczMap, at('values-18-255.tif'), /outside 1-17/);
    expect(message).toMatch(/: 18 \(10 cells\), 255 \(3 cells\); 13 cells in all/);
  });

  it('non-integer values', async () => {
    await expectRefusal(readLczMap, at('probabilities.tif'), /holds non-integer values \(e\.g\. [\d.]+/);
  });

  it('a rotated geotransform', async () => {
    await expectRefusal(readLczMap, at('rotated.tif'), /has a rotated geotransform/);
  });

  it('no georeferencing', async () => {
    await expectRefusal(readLczMap, at('no-georeferencing.tif'), /has no georeferencing/);
  });

  it('ground control points only', async () => {
    await expectRefusal(readLczMap, at('gcps.tif'), /ground control points/);
  });

  it('a grid without a CRS', async () => {
    await expectRefusal(readLczMap, at('no-crs.tif'), /has no coordinate reference system/);
  });

  it('a map too large to hold in memory, before allocating it', async () => {
    const message = await expectRefusal(readLczMap, at('huge-100000x100000.tif'), /is 100000 x 100000 = 10,000,000,000 cells, more than the 400,000,000 LCZ Studio can open/);
    expect(message).toMatch(/gdalwarp -tr|gdal_translate -srcwin/);
    await expectRefusal(readLczMap, at('just-over-limit.tif'), /is 20001 x 20000 = 400,020,000 cells, more than the 400,000,000/);
  });

  it('nothing but nodata', async () => {
    await expectRefusal(readLczMap, at('all-nodata.tif'), /has no LCZ cells/);
  });

  it('corrupt compressed data', async () => {
    const path = at('corrupt.tif');
    await gdalAsync('gdal_translate', '-q', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', zaragoza, path);
    // Overwrite the middle of the file (compressed tiles) with garbage, leaving the header intact.
    const size = readFileSync(path).length;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, Math.floor(size / 2));
    closeSync(fd);
    await expectRefusal(readLczMap, path, /cannot be decoded/);
  });
});
