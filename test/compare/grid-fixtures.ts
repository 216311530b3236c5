/**
 * LCZ maps on different grids, written with real GDAL (python3-gdal), for the comparison tests: A in UTM 33N at
 * 100 m (Byte, nodata 0), B in EPSG:4326 at about 70 x 78 m covering part of A and more (Int16, nodata -1, some
 * legacy codes 101-107), the truth in UTM at 50 m on another origin (Byte). All three follow one pattern of classes
 * (blocks of 700 x 500 m) with their own noise, so they agree in part.
 */
import { join } from 'node:path';
import { pythonAsync } from '../helpers/python';

export const FIXTURE_PY = `
import numpy as np
from osgeo import gdal, osr

def srs(epsg):
    s = osr.SpatialReference(); s.ImportFromEPSG(epsg); s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); return s
UTM, WGS = srs(32633), srs(4326)

def write(path, a, gt, epsg, dtype, nodata, options=('COMPRESS=DEFLATE', 'TILED=YES', 'BLOCKXSIZE=64', 'BLOCKYSIZE=64')):
    ds = gdal.GetDriverByName('GTiff').Create(path, a.shape[1], a.shape[0], 1, dtype, list(options))
    ds.SetGeoTransform(gt); ds.SetProjection(srs(epsg).ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None: band.SetNoDataValue(nodata)
    band.WriteArray(a); ds = None

def centres(gt, w, h):
    return np.meshgrid(gt[0] + (np.arange(w) + 0.5) * gt[1], gt[3] + (np.arange(h) + 0.5) * gt[5])

def pattern(x, y):
    return 1 + ((np.floor(x / 700).astype(np.int64) + 3 * np.floor(y / 500).astype(np.int64)) % 17)

def noisy(rng, c, share):
    c = c.copy(); m = rng.random(c.shape) < share; c[m] = rng.integers(1, 18, int(m.sum())); return c

def to_utm(lon, lat):
    t = osr.CoordinateTransformation(WGS, UTM)
    pts = np.array(t.TransformPoints(np.column_stack([lon.ravel(), lat.ravel()])))
    return pts[:, 0].reshape(lon.shape), pts[:, 1].reshape(lon.shape)
`;

export interface GridMaps {
  a: string;
  b: string;
  truth: string;
}

/** Writes a.tif, b.tif and truth.tif into `dir`. */
export async function writeGridMaps(dir: string): Promise<GridMaps> {
  const paths = { a: join(dir, 'a.tif'), b: join(dir, 'b.tif'), truth: join(dir, 'truth.tif') };
  await pythonAsync(
    `${FIXTURE_PY}
import sys
rng = np.random.default_rng(11)
gtA = (500037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0)
X, Y = centres(gtA, 150, 120)
A = noisy(rng, pattern(X, Y), 0.3).astype(np.uint8)
A[:12, :40] = 0
A[40:55, 70:110] = 0
write(sys.argv[1], A, gtA, 32633, gdal.GDT_Byte, 0)

# B: from 40 % across A to beyond its east edge, a third of its height below its top.
t = osr.CoordinateTransformation(UTM, WGS)
lon0, lat0 = t.TransformPoint(gtA[0] + 6013.1, gtA[3] - 2981.4)[:2]
gtB = (lon0, 0.00090013, 0.0, lat0, 0.0, -0.00070017)
lon, lat = centres(gtB, 160, 150)
x, y = to_utm(lon, lat)
B = noisy(rng, pattern(x, y), 0.2).astype(np.int16)
legacy = (B >= 11) & (rng.random(B.shape) < 0.3)
B[legacy] += 90
B[100:120, 20:50] = -1
write(sys.argv[2], B, gtB, 4326, gdal.GDT_Int16, -1)

gtT = (500011.9, 50.0, 0.0, 4650044.2, 0.0, -50.0)
X, Y = centres(gtT, 310, 250)
T = noisy(rng, pattern(X, Y), 0.1).astype(np.uint8)
T[200:, 250:] = 0
write(sys.argv[3], T, gtT, 32633, gdal.GDT_Byte, 0, ('COMPRESS=LZW',))
`,
    paths.a,
    paths.b,
    paths.truth,
  );
  return paths;
}
