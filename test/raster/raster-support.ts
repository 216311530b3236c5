/**
 * Support for the raster tests: the real LCZ maps of ../shared/data, temp folders, fixtures made two at a time, and
 * class grids compared with what GDAL reads (test/helpers/gdal.ts).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gdalMissing } from '../helpers/gdal';
import { python } from '../helpers/python';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

export const zaragoza = sharedData('lcz_zaragoza.tif');
/** Reason to skip tests that need GDAL and the real rasters (printed by the probes; thrown under LCZ_REQUIRE_ALL). */
export const skipReason = sharedDataMissing('lcz_zaragoza.tif', 'L7_ETMs.tif', 'lc.tif') ?? gdalMissing;

/** Runs jobs with at most `limit` in flight. */
export async function inParallel(jobs: (() => Promise<unknown>)[], limit = 2): Promise<void> {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }));
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
    copyFileSync(path, copy);
    return JSON.parse(python(FACTS, copy)) as GdalFacts;
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
