/** LCZ map fixtures made with real GDAL from lcz_zaragoza.tif, in a temp dir. */
import { LCZ_CLASSES, hexToRgb } from '../../src/shared/lcz-classes';
import { gdalAsync } from '../helpers/gdal';
import { pythonAsync } from '../helpers/python';
import { zaragoza } from './raster-support';

/**
 * Rewrites a map with numpy. The snippet sees `a` (int64 values, -999 = nodata) and may set `out_type`, `nodata`,
 * `options`, `gt` (geotransform or None) and `srs` (WKT or ''); `extra` runs with `band` before the data is written.
 */
export async function rewrite(source: string, path: string, body: string, extra = ''): Promise<void> {
  await pythonAsync(
    `import sys
from osgeo import gdal
import numpy as np
src = gdal.Open(sys.argv[1])
a = src.ReadAsArray().astype(np.int64)
out_type, nodata, options = gdal.GDT_Int32, -999, ['COMPRESS=DEFLATE']
gt, srs = src.GetGeoTransform(), src.GetProjection()
${body}
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[2], a.shape[1], a.shape[0], a.shape[2] if a.ndim == 3 else 1, out_type, options)
if gt is not None: ds.SetGeoTransform(gt)
if srs: ds.SetProjection(srs)
band = ds.GetRasterBand(1)
if nodata is not None: band.SetNoDataValue(nodata)
${extra}
band.WriteArray(a)
ds = None`,
    source,
    path,
  );
}

/**
 * The reference: Zaragoza (Int32, nodata -999, EPSG:4326, one row per strip, uncompressed) has no nodata cells,
 * so a corner triangle and a stripe are set to -999 to make nodata handling visible in every variant.
 */
export function makeBase(out: string): Promise<void> {
  return rewrite(zaragoza, out, "options = []\nr, c = np.indices(a.shape)\na[(r + c) < 300] = -999\na[:, 600:603] = -999");
}

type Maker = (base: string, out: string) => Promise<void>;
const translate = (...options: string[]): Maker => (base, out) => gdalAsync('gdal_translate', '-q', ...options, base, out);
const fromBase = (body: string, extra = ''): Maker => (base, out) => rewrite(base, out, body, extra);
const PALETTE = `ct = gdal.ColorTable()
for value, rgb in ${JSON.stringify(LCZ_CLASSES.map((c) => [c.value, hexToRgb(c.color)]))}: ct.SetColorEntry(value, tuple(rgb) + (255,))
band.SetRasterColorTable(ct)`;

/** Variants on the base's grid: each must read to exactly the base's classes. */
export const SAME_GRID: Record<string, Maker> = {
  'byte-palette-nodata-0': fromBase('a[a == -999] = 0\nout_type, nodata = gdal.GDT_Byte, 0', PALETTE),
  'byte-no-nodata-tag': fromBase('a[a == -999] = 0\nout_type, nodata = gdal.GDT_Byte, None'),
  int16: translate('-ot', 'Int16'),
  'uint16-clamped-nodata': translate('-ot', 'UInt16'),
  'float32-nodata-minus-1': fromBase('a = a.astype(np.float32); a[a == -999] = -1\nout_type, nodata = gdal.GDT_Float32, -1'),
  // ArcGIS writes nodata as -3.40282346639e+38, a double just past float32's lowest value: pixels hold -FLT_MAX.
  'float32-nodata-arcgis-lowest': fromBase('a = a.astype(np.float32); a[a == -999] = np.finfo(np.float32).min\nout_type, nodata = gdal.GDT_Float32, -3.40282346639e+38'),
  'float32-nan': fromBase('a = a.astype(np.float32); a[a == -999] = np.nan\nout_type, nodata = gdal.GDT_Float32, None'),
  'float32-predictor-3': translate('-ot', 'Float32', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3'),
  'int32-nodata-minus-1': fromBase('a[a == -999] = -1\nnodata = -1'),
  'tiled-256': translate('-co', 'TILED=YES', '-co', 'BLOCKXSIZE=256', '-co', 'BLOCKYSIZE=256'),
  'lzw-predictor-2': translate('-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2'),
  deflate: translate('-co', 'COMPRESS=DEFLATE', '-co', 'ZLEVEL=9'),
  packbits: translate('-co', 'COMPRESS=PACKBITS'),
  'zstd-predictor-2': translate('-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=2'),
  'big-endian-int32-lzw-predictor-2': translate('-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2'),
  'big-endian-int16-tiled-deflate-predictor-2': translate('-ot', 'Int16', '-co', 'ENDIANNESS=BIG', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2'),
  'big-endian-float32-zstd-predictor-3': translate('-ot', 'Float32', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3'),
  bigtiff: translate('-co', 'BIGTIFF=YES', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE'),
  'with-overviews': async (base, out) => {
    await translate('-ot', 'Byte', '-a_nodata', '0')(base, out);
    await gdalAsync('gdaladdo', '-q', '-r', 'nearest', out, '2', '4', '8');
  },
  'cog-byte-palette': async (base, out) => {
    const paletted = `${out}.palette.tif`;
    await SAME_GRID['byte-palette-nodata-0']!(base, paletted);
    await gdalAsync('gdal_translate', '-q', '-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'OVERVIEW_RESAMPLING=NEAREST', '-co', 'BLOCKSIZE=256', paletted, out);
  },
  'pixel-is-point': translate('-mo', 'AREA_OR_POINT=Point'),
  'legacy-101-107': fromBase('a[(a >= 11) & (a <= 17)] += 90\nout_type = gdal.GDT_Int16'),
};
