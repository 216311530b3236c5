/**
 * Debian's GDAL (gdal-bin and python3-gdal) as the reference reader, an implementation independent of the geotiff.js
 * and gdal3.js the app uses: the one "is GDAL here" probe, and the GDAL tools and queries tests check outputs with.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commandAbsent, missing } from './missing';
import { python, pythonCannotImport } from './python';

const BIN = '/usr/bin';

/** Why GDAL-backed tests cannot run here, or null when they can (printed; thrown under LCZ_REQUIRE_ALL). */
export const gdalMissing: string | null = missing(commandAbsent(`${BIN}/gdalinfo`, 'apt-get install gdal-bin') ?? pythonCannotImport('osgeo', 'numpy'));

// No .aux.xml is ever written beside an input.
const env = { ...process.env, GDAL_PAM_ENABLED: 'NO' };

/** Runs a GDAL tool (gdalinfo, gdal_translate, gdalwarp…) and returns what it prints. */
export function gdal(tool: string, ...args: string[]): string {
  return execFileSync(`${BIN}/${tool}`, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const execFileAsync = promisify(execFile);

/** gdal() without blocking, so fixtures can be made two at a time. */
export async function gdalAsync(tool: string, ...args: string[]): Promise<void> {
  await execFileAsync(`${BIN}/${tool}`, args, { env });
}

/** Points from one CRS to another by gdaltransform (PROJ), in GDAL's x = easting/longitude order whatever the CRS. */
export function gdalTransform(from: string, to: string, points: readonly (readonly [number, number])[]): [number, number][] {
  const input = points.map(([x, y]) => `${x} ${y}\n`).join('');
  const out = execFileSync(`${BIN}/gdaltransform`, ['-s_srs', from, '-t_srs', to, '-output_xy'], { input, encoding: 'utf8', env });
  return out.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
}

export interface GdalInfoBand {
  type: string;
  noDataValue?: number;
  colorInterpretation: string;
  colorTable?: { count: number; entries: number[][] };
  overviews?: { size: [number, number] }[];
  block: [number, number];
  /** GDAL's scale and offset (value = stored x scale + offset), when the file sets them. */
  scale?: number;
  offset?: number;
}
export interface GdalInfo {
  size: [number, number];
  geoTransform: number[];
  cornerCoordinates: { upperLeft: [number, number]; lowerRight: [number, number] };
  coordinateSystem?: { wkt: string };
  stac?: { 'proj:epsg'?: number | null };
  metadata?: Record<string, Record<string, string>>;
  bands: GdalInfoBand[];
}

/** gdalinfo -json (no statistics: nothing is written). */
export function gdalinfo(path: string): GdalInfo {
  return JSON.parse(gdal('gdalinfo', '-json', path)) as GdalInfo;
}

/** EPSG code GDAL finds for the file's CRS (identifying it from the WKT when no code is stored). */
export function gdalEpsg(path: string): number | null {
  const script = 'import sys\nfrom osgeo import gdal, osr\nsrs = gdal.Open(sys.argv[1]).GetSpatialRef()\nsrs.AutoIdentifyEPSG()\nprint(srs.GetAuthorityCode(None) or "")';
  const out = python(script, path).trim();
  return out ? Number(out) : null;
}

const validateScript = `
import sys, json
from osgeo import gdal
from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate
gdal.UseExceptions()
warnings, errors, details = validate(gdal.Open(sys.argv[1]), full_check=True)
print(json.dumps({"warnings": warnings, "errors": errors}))
`;

/** GDAL's own COG validator (osgeo_utils.samples.validate_cloud_optimized_geotiff). */
export function validateCog(path: string): { warnings: string[]; errors: string[] } {
  return JSON.parse(python(validateScript, path)) as { warnings: string[]; errors: string[] };
}

const band1Script = `
import sys
from osgeo import gdal
import numpy as np
gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])  # keep the dataset referenced: a band outliving it crashes GDAL
ds.GetRasterBand(1).ReadAsArray().astype(np.float64).tofile(sys.argv[2])
`;

/** Band 1 as GDAL reads it, row-major, as float64 (exact for every integer type). `path` may be GTIFF_DIR:n:file. */
export function gdalBand1(path: string): Float64Array {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-band-'));
  try {
    const out = join(dir, 'band.f64');
    python(band1Script, path, out);
    const bytes = readFileSync(out);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The raw value of the cell under lon/lat, as GDAL reads it. */
export function gdalValueAt(path: string, lon: number, lat: number): number {
  return Number(gdal('gdallocationinfo', '-valonly', '-wgs84', path, String(lon), String(lat)).trim());
}

/** Cell counts per raw value of band 1, by numpy through python3-gdal. */
export function gdalValueCounts(path: string): Map<number, number> {
  const script = `import sys, json, numpy as np
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadAsArray()
v, c = np.unique(a, return_counts=True)
print(json.dumps({str(int(k)): int(n) for k, n in zip(v, c)}))`;
  return new Map(Object.entries(JSON.parse(python(script, path)) as Record<string, number>).map(([k, n]) => [Number(k), n]));
}

/**
 * Total area of the valid cells of a geographic (lon/lat) raster in km², on the WGS 84 ellipsoid, computed with
 * python3-gdal and numpy (exact area of each row's latitude band).
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
  return Number(python(script, path).trim());
}
