// Independent answers from Debian's GDAL, to check what the app shows.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function gdalMissing(): string | null {
  return existsSync('/usr/bin/gdallocationinfo') ? null : 'GDAL (gdal-bin) is not installed; GDAL cross-checks skipped.';
}

/** The raw value of the cell under lon/lat, as GDAL reads it. */
export function gdalValueAt(path: string, lon: number, lat: number): number {
  return Number(execFileSync('/usr/bin/gdallocationinfo', ['-valonly', '-wgs84', path, String(lon), String(lat)], { encoding: 'utf8' }).trim());
}

export function gdalInfoJson(path: string): Record<string, unknown> {
  return JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', path], { encoding: 'utf8' })) as Record<string, unknown>;
}

/** Cell counts per raw value, by numpy through python3-gdal. */
export function gdalValueCounts(path: string): Map<number, number> {
  const script = `import sys, json, numpy as np
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadAsArray()
v, c = np.unique(a, return_counts=True)
print(json.dumps({str(int(k)): int(n) for k, n in zip(v, c)}))`;
  const out = execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  return new Map(Object.entries(JSON.parse(out) as Record<string, number>).map(([k, n]) => [Number(k), n]));
}

/**
 * Total area of the valid cells of a geographic (lon/lat) raster in km², on the WGS 84 ellipsoid,
 * computed independently with python3-gdal and numpy (exact area of each row's lat band).
 */
export function gdalValidAreaKm2(path: string): number {
  const script = `import sys, math, numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1); a = b.ReadAsArray(); gt = ds.GetGeoTransform()
nd = b.GetNoDataValue()
valid = (a != nd) if nd is not None else np.ones(a.shape, bool)
A = 6378137.0; f = 1 / 298.257223563; e2 = f * (2 - f); e = math.sqrt(e2)
def q(phi):
    s = math.sin(phi); return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * math.log((1 - e * s) / (1 + e * s)))
total = 0.0
for r in range(a.shape[0]):
    lat0 = math.radians(gt[3] + r * gt[5]); lat1 = math.radians(gt[3] + (r + 1) * gt[5])
    total += A * A / 2 * abs(q(lat0) - q(lat1)) * math.radians(abs(gt[1])) * int(valid[r].sum())
print(total / 1e6)`;
  return Number(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim());
}
