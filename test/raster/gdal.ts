/** Test helpers: real GDAL (command-line tools and /usr/bin/python3 with osgeo) as the reference. */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const dataDir = resolve(repoRoot, '..', 'shared', 'data');
export const zaragoza = join(dataDir, 'lcz_zaragoza.tif');
const PYTHON = '/usr/bin/python3';

function pythonHasGdal(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'from osgeo import gdal; import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why GDAL-backed tests cannot run here, or null when they can. */
export const gdalMissing: string | null = !existsSync('/usr/bin/gdalinfo')
  ? '/usr/bin/gdalinfo is absent (install gdal-bin)'
  : !pythonHasGdal()
    ? '/usr/bin/python3 has no osgeo/numpy (install python3-gdal)'
    : null;
export const dataMissing: string | null = existsSync(zaragoza) ? null : `${dataDir} is absent`;
/** Reason to skip tests that need both, logged once so a skip never passes silently. */
export const skipReason = dataMissing ?? gdalMissing;
if (skipReason) console.warn(`raster tests that need GDAL and real data are skipped: ${skipReason}`);

/** Runs a GDAL tool; GDAL_PAM_ENABLED=NO so no .aux.xml is ever written beside an input. */
export function gdal(tool: string, ...args: string[]): string {
  return execFileSync(`/usr/bin/${tool}`, args, { encoding: 'utf8', env: { ...process.env, GDAL_PAM_ENABLED: 'NO' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const execFileAsync = promisify(execFile);

/** gdal() without blocking, so fixtures can be made two at a time. */
export async function gdalAsync(tool: string, ...args: string[]): Promise<void> {
  await execFileAsync(`/usr/bin/${tool}`, args, { env: { ...process.env, GDAL_PAM_ENABLED: 'NO' } });
}

/** python() without blocking. */
export async function pythonAsync(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env: { ...process.env, GDAL_PAM_ENABLED: 'NO' }, maxBuffer: 1 << 28 });
  return stdout;
}

/** Runs jobs with at most `limit` in flight. */
export async function inParallel(jobs: (() => Promise<unknown>)[], limit = 2): Promise<void> {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }));
}

/** GDAL's geotransform of a file (gdalinfo -json, no statistics: nothing is written). */
export function gdalGeoTransform(path: string): number[] {
  return (JSON.parse(gdal('gdalinfo', '-json', path)) as { geoTransform: number[] }).geoTransform;
}

/** Runs a Python snippet with osgeo; argv after the script are passed as sys.argv[1:]. */
export function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env: { ...process.env, GDAL_PAM_ENABLED: 'NO' }, maxBuffer: 1 << 28 });
}

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  // Skipped suites never run afterAll: make nothing for them to leave behind.
  if (skipReason) return { dir: join(tmpdir(), `${prefix}skipped`), cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface GdalFacts {
  width: number;
  height: number;
  bands: number;
  dtypes: string[];
  epsg: number | null;
  geoTransform: number[];
  nodata: number | 'nan' | null;
  stats: { min: number; max: number; mean: number }[];
}

const FACTS = `
import json, sys
from osgeo import gdal, osr
gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])
srs = ds.GetSpatialRef()
epsg = None
if srs is not None:
    code = srs.GetAuthorityCode(None)
    epsg = int(code) if code else None
b1 = ds.GetRasterBand(1)
nodata = b1.GetNoDataValue()
if nodata is not None and nodata != nodata:
    nodata = 'nan'  # JSON has no NaN
stats = []
for i in range(ds.RasterCount):
    mn, mx, mean, sd = ds.GetRasterBand(i + 1).ComputeStatistics(False)
    stats.append({'min': mn, 'max': mx, 'mean': mean})
print(json.dumps({'width': ds.RasterXSize, 'height': ds.RasterYSize, 'bands': ds.RasterCount,
  'dtypes': [gdal.GetDataTypeName(ds.GetRasterBand(i + 1).DataType) for i in range(ds.RasterCount)],
  'epsg': epsg, 'geoTransform': list(ds.GetGeoTransform()), 'nodata': nodata, 'stats': stats}))
`;

/** What GDAL says about a raster; the file is copied to a temp dir first so statistics never leave files behind. */
export function gdalFacts(path: string): GdalFacts {
  const { dir, cleanup } = makeTempDir('lcz-facts-');
  try {
    const copy = join(dir, 'copy.tif');
    execFileSync('cp', [path, copy]);
    return JSON.parse(python(FACTS, copy)) as GdalFacts;
  } finally {
    cleanup();
  }
}

/** Band 1 as GDAL reads it, as float64 values (row-major). */
export function gdalBand1(path: string): Float64Array {
  const { dir, cleanup } = makeTempDir('lcz-band-');
  try {
    const out = join(dir, 'band.f64');
    python(
      'import sys\nfrom osgeo import gdal\nimport numpy as np\nds = gdal.Open(sys.argv[1])\nds.GetRasterBand(1).ReadAsArray().astype(np.float64).tofile(sys.argv[2])',
      path,
      out,
    );
    const bytes = readFileSync(out);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  } finally {
    cleanup();
  }
}

/** Per-class counts (index 0..17) of a class grid. */
export function classCounts(classes: ArrayLike<number>): number[] {
  const counts = new Array<number>(18).fill(0);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]! += 1;
  return counts;
}

/** The LCZ class GDAL's values stand for (nodata / 0 / NaN -> 0, 101-107 -> 11-17), for comparing with readLczMap. */
export function expectedClasses(values: Float64Array, nodata: number | null): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata || v === 0) continue;
    out[i] = v >= 101 ? v - 90 : v;
  }
  return out;
}

/** Index of the first cell where two grids differ, -1 when equal (vitest's deep equality is slow on a million cells). */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
