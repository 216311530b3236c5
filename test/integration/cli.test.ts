import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gdal, gdalAsync, gdalMissing } from '../helpers/gdal';
import { python } from '../helpers/python';
import { SHARED_DATA as data, sharedDataMissing } from '../helpers/shared-data';
import { rewrite } from '../raster/lcz-fixtures';
import { lczCli, REPO_ROOT as root } from '../helpers/lcz-cli';

const dataMissing = sharedDataMissing('lcz_zaragoza.tif', 'L7_ETMs.tif', 'lc.tif');
const demoMap = join(root, 'resources', 'demo', 'synthetic-city-lcz.tif');

const lcz = lczCli({ cwd: process.cwd() });

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface GdalStatsBand {
  type: string;
  noDataValue?: number | string;
  minimum?: number;
  maximum?: number;
  mean?: number;
}
interface GdalStatsInfo {
  size: [number, number];
  geoTransform: number[];
  stac?: { 'proj:epsg'?: number | null };
  bands: GdalStatsBand[];
}

/** gdalinfo -stats -json; GDAL_PAM_ENABLED=NO so the statistics are printed but no .aux.xml is left beside the file. */
function gdalinfoStats(path: string): GdalStatsInfo {
  return JSON.parse(gdal('gdalinfo', '-stats', '-json', path)) as GdalStatsInfo;
}

/** gdalinfo prints the mean with three decimals. */
function expectMean(ours: number | null, gdal: number | undefined, what: string): void {
  if (gdal === undefined) return void expect(ours, what).toBeNull();
  expect(Math.abs((ours as number) - gdal), `${what}: ${ours} vs gdalinfo ${gdal}`).toBeLessThanOrEqual(Math.max(6e-4, 1e-9 * Math.abs(gdal)));
}

function expectAgreesWithGdalinfo(path: string): void {
  const run = lcz('info', '--json', path);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim().split('\n'), 'exactly one line of JSON').toHaveLength(1);
  const info = JSON.parse(run.stdout) as {
    width: number;
    height: number;
    bands: number;
    dtype: string;
    crs: { epsg: number | null };
    geoTransform: number[];
    nodata: number | string | null;
    bandStats: { min: number | null; max: number | null; mean: number | null }[];
  };
  expect(Object.keys(info).sort()).toEqual(['bandStats', 'bands', 'crs', 'dtype', 'geoTransform', 'height', 'nodata', 'width']);
  const gdal = gdalinfoStats(path);
  expect([info.width, info.height], path).toEqual(gdal.size);
  expect(info.bands, path).toBe(gdal.bands.length);
  expect(info.dtype, path).toBe(gdal.bands[0]!.type);
  info.geoTransform.forEach((v, i) => expect(v, `${path} geotransform[${i}]`).toBeCloseTo(gdal.geoTransform[i]!, 9));
  expect(info.crs.epsg, `${path} EPSG`).toBe(gdal.stac?.['proj:epsg'] ?? null);
  // Both print a NaN or infinite nodata as the strings "NaN", "Infinity", "-Infinity".
  expect(info.nodata, `${path} nodata`).toEqual(gdal.bands[0]!.noDataValue ?? null);
  gdal.bands.forEach((band, b) => {
    const ours = info.bandStats[b]!;
    expect(ours.min, `${path} band ${b + 1} min`).toBe(band.minimum ?? null);
    expect(ours.max, `${path} band ${b + 1} max`).toBe(band.maximum ?? null);
    expectMean(ours.mean, band.mean, `${path} band ${b + 1} mean`);
  });
}

describe('lcz command line', () => {
  it('has --help for every command', () => {
    const top = lcz('--help');
    expect(top.status).toBe(0);
    for (const command of ['info', 'export-map', 'map', 'evaluate', 'demo', 'import-model', 'serve']) {
      expect(top.stdout).toContain(command);
      const help = lcz(command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`Usage: lcz ${command}`);
    }
  });

  it.skipIf(dataMissing ?? gdalMissing)('info --json agrees with gdalinfo -stats -json on every raster in ../shared/data', () => {
    const files = readdirSync(data).filter((f) => /\.tiff?$/i.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expectAgreesWithGdalinfo(join(data, file));
  });

  it.skipIf(gdalMissing)('info --json writes a NaN or infinite nodata as gdalinfo does', () => {
    for (const [name, nodata] of [['nan', "float('nan')"], ['minus-infinity', "float('-inf')"]] as const) {
      const path = join(temp, `float32-nodata-${name}.tif`);
      python(
        `import sys
from osgeo import gdal, osr
import numpy as np
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 60, 40, 1, gdal.GDT_Float32)
ds.SetGeoTransform([400000, 10, 0, 4600000, 0, -10])
s = osr.SpatialReference(); s.ImportFromEPSG(32630); ds.SetProjection(s.ExportToWkt())
a = (np.arange(2400, dtype=np.float32).reshape(40, 60) % 17) + 1
a[:5, :] = ${nodata}
b = ds.GetRasterBand(1); b.SetNoDataValue(${nodata}); b.WriteArray(a)
ds = None`,
        path,
      );
      expectAgreesWithGdalinfo(path);
    }
  });

  it('says which file is wrong and exits non-zero', () => {
    const bogus = join(temp, 'bogus.tif');
    writeFileSync(bogus, 'not a tiff');
    for (const run of [lcz('info', join(temp, 'missing.tif')), lcz('info', bogus)]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^lcz: .*(missing|bogus)\.tif/);
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('export-map writes the product and its style, or nothing at all', () => {
    const out = join(temp, 'demo-product.tif');
    const ok = lcz('export-map', demoMap, out);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual([out, out.replace(/\.tif$/, '.qml')]);

    const failedOut = join(temp, 'never.tif');
    const bad = lcz('export-map', join(temp, 'missing.tif'), failedOut);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('missing.tif');
    expect(readdirSync(temp).filter((f) => f.includes('never'))).toEqual([]);
  });
});

describe.skipIf(gdalMissing)('lcz on bad input: one message naming the file and the problem, non-zero exit, no output', () => {
  const bad = join(temp, 'bad');
  const at = (name: string): string => join(bad, name);

  beforeAll(async () => {
    mkdirSync(bad, { recursive: true });
    const bytes = readFileSync(demoMap);
    writeFileSync(at('truncated.tif'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rewrite(demoMap, at('rotated.tif'), 'gt = (gt[0], gt[1], gt[1] / 5, gt[3], gt[1] / 5, gt[5])');
    await rewrite(demoMap, at('values-18-40.tif'), 'a[0, :10] = 18\na[1, :4] = 40');
    await gdalAsync('gdal_translate', '-q', '-ot', 'UInt16', '-b', '1', '-b', '1', '-b', '1', demoMap, at('scene-3-bands.tif'));
  });

  /** The one `lcz:` line on stderr (stage lines of the progress report may precede it), with no stack trace. */
  function errorLine(run: ReturnType<typeof lcz>): string {
    expect(run.status, run.stdout).toBe(1);
    expect(run.stderr).not.toContain('    at ');
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('lcz:'));
    expect(lines, run.stderr).toHaveLength(1);
    return lines[0]!;
  }

  const cases: [string, RegExp][] = [
    ['truncated.tif', /is truncated/],
    ['rotated.tif', /has a rotated geotransform/],
    ['values-18-40.tif', /has values outside 1-17 .*18 \(10 cells\), 40 \(4 cells\)/],
    ['scene-3-bands.tif', /has 3 bands; an LCZ map has one/],
  ];

  it.each(cases)('export-map %s', (name, problem) => {
    const outDir = join(bad, `out-${name}`);
    mkdirSync(outDir);
    const line = errorLine(lcz('export-map', at(name), join(outDir, 'product.tif')));
    expect(line.startsWith(`lcz: ${at(name)}: `), line).toBe(true);
    expect(line).toMatch(problem);
    expect(readdirSync(outDir), 'nothing written, not even a temp file').toEqual([]);
  });

  it('info on a truncated TIFF', () => {
    const run = lcz('info', '--json', at('truncated.tif'));
    const line = errorLine(run);
    expect(line.startsWith(`lcz: ${at('truncated.tif')}: `), line).toBe(true);
    expect(line).toMatch(/is truncated/);
    expect(run.stdout, 'no half JSON on stdout').toBe('');
  });

  it('info describes the others: a rotated grid, any values and many bands are valid rasters, only not LCZ maps', () => {
    for (const name of ['rotated.tif', 'values-18-40.tif', 'scene-3-bands.tif']) {
      const run = lcz('info', '--json', at(name));
      expect(run.status, run.stderr).toBe(0);
      expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    }
  });
});
