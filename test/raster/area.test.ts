import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classAreaSchema } from '../../src/shared/contract/maps';
import { classAreas } from '../../src/main/raster/area';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { gdalAsync } from '../helpers/gdal';
import { python } from '../helpers/python';
import { inParallel, makeTempDir, skipReason, zaragoza } from './raster-support';

/**
 * Independent reference: each row's cell drawn as a densified polygon, projected to ETRS89-LAEA (EPSG:3035,
 * an equal-area projection) by GDAL/PROJ and measured there; times the row's cell count per class.
 */
const LAEA_AREAS = `
import sys, json
from osgeo import gdal, ogr, osr
import numpy as np
ds = gdal.Open(sys.argv[1]); a = ds.ReadAsArray(); gt = ds.GetGeoTransform()
nd = ds.GetRasterBand(1).GetNoDataValue()
src = osr.SpatialReference(); src.ImportFromEPSG(4326); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
dst = osr.SpatialReference(); dst.ImportFromEPSG(3035); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(src, dst)
km2 = np.zeros(18)
n = 16
for r in range(a.shape[0]):
    top = gt[3] + r * gt[5]; bottom = top + gt[5]; left = gt[0]; right = gt[0] + gt[1]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for k in range(n): ring.AddPoint_2D(left + (right - left) * k / n, top)
    for k in range(n): ring.AddPoint_2D(right, top + (bottom - top) * k / n)
    for k in range(n): ring.AddPoint_2D(right - (right - left) * k / n, bottom)
    for k in range(n): ring.AddPoint_2D(left, bottom - (bottom - top) * k / n)
    ring.CloseRings()
    poly = ogr.Geometry(ogr.wkbPolygon); poly.AddGeometry(ring); poly.Transform(ct)
    row = a[r]; row = row[(row != nd) & (row > 0)]
    km2 += np.bincount(row, minlength=18)[:18] * poly.GetArea() / 1e6
print(json.dumps(list(km2)))
`;

describe.skipIf(skipReason)('classAreas', () => {
  const temp = makeTempDir('lcz-area-');
  const utm = join(temp.dir, 'utm.tif');
  const feet = join(temp.dir, 'utm-feet.tif');
  afterAll(temp.cleanup);
  beforeAll(() =>
    inParallel([
      () => gdalAsync('gdalwarp', '-q', '-t_srs', 'EPSG:32630', '-r', 'near', '-ot', 'Float32', '-dstnodata', '-1', zaragoza, utm),
      () => gdalAsync('gdalwarp', '-q', '-t_srs', '+proj=utm +zone=30 +datum=WGS84 +units=ft +no_defs', '-r', 'near', '-dstnodata', '-999', zaragoza, feet),
    ]),
  );

  it('measures a geographic map on the ellipsoid, agreeing with an equal-area projection', async () => {
    const map = await readLczMap(zaragoza);
    const { areas, totalKm2 } = classAreas(map);
    const reference = JSON.parse(python(LAEA_AREAS, zaragoza)) as number[];
    const refTotal = reference.reduce((s, v) => s + v, 0);
    expect(Math.abs(totalKm2 - refTotal) / refTotal, `${totalKm2} vs ${refTotal}`).toBeLessThan(1e-6);
    for (const a of areas) expect(Math.abs(a.km2 - reference[a.value]!) / reference[a.value]!, `class ${a.value}`).toBeLessThan(1e-6);
    // 1210 x 765 cells of about 112 m x 100 m (0.00135 deg at 41.7 N).
    expect(totalKm2).toBeGreaterThan(15_000);
    expect(totalKm2).toBeLessThan(16_000);
  });

  it('lists only present classes, sorted, with pixels and percent of valid cells', async () => {
    const map = await readLczMap(zaragoza);
    const { areas } = classAreas(map);
    const present = [...new Set(map.classes)].filter((c) => c > 0).sort((x, y) => x - y);
    expect(areas.map((a) => a.value)).toEqual(present);
    const valid = map.classes.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
    for (const a of areas) {
      expect(classAreaSchema.parse(a)).toEqual(a);
      expect(a.pixels).toBe(map.classes.filter((c) => c === a.value).length);
      expect(a.percent).toBeCloseTo((a.pixels / valid) * 100, 10);
    }
    expect(areas.reduce((s, a) => s + a.percent, 0)).toBeCloseTo(100, 9);
  });

  it('gives about the same total for UTM copies in metres and in feet (within 2 %)', async () => {
    const geographic = classAreas(await readLczMap(zaragoza)).totalKm2;
    const metres = await readLczMap(utm);
    const inFeet = await readLczMap(feet);
    expect(inFeet.crs.proj4).toMatch(/\+to_meter=0\.3048/);
    for (const map of [metres, inFeet]) {
      const total = classAreas(map).totalKm2;
      expect(Math.abs(total - geographic) / geographic, `${map.name}: ${total} vs ${geographic}`).toBeLessThan(0.02);
    }
  });
});
