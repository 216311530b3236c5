import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsFromGeoKeys, metresPerUnit } from '../../src/main/raster/crs';
import { openGeoTiff } from '../../src/main/raster/open-geotiff';
import { readGeoKeyTags } from '../../src/main/raster/tiff-meta';
import type { GeoKeyTags } from '../../src/main/raster/lcz-map';
import { gdalAsync, gdalTransform } from '../helpers/gdal';
import { sharedData } from '../helpers/shared-data';
import { inParallel, makeTempDir, skipReason } from './raster-support';

interface Case {
  srs: string;
  /** A point inside the CRS's area of use. */
  lonLat: [number, number];
  epsg: number | null;
  name: RegExp;
  geographic: boolean;
  /** Metres: PROJ may apply a more precise datum shift than the +towgs84 proj4js uses. */
  tolerance: number;
  metresPerUnit: number | null;
}

const CASES: Record<string, Case> = {
  'wgs84-geographic': { srs: 'EPSG:4326', lonLat: [-0.88, 41.65], epsg: 4326, name: /^WGS 84$/, geographic: true, tolerance: 1e-6, metresPerUnit: null },
  'etrs89-geographic': { srs: 'EPSG:4258', lonLat: [2.35, 48.85], epsg: 4258, name: /ETRS89/, geographic: true, tolerance: 1e-6, metresPerUnit: null },
  'utm-30n': { srs: 'EPSG:32630', lonLat: [-0.88, 41.65], epsg: 32630, name: /WGS 84 \/ UTM zone 30N/, geographic: false, tolerance: 0.001, metresPerUnit: 1 },
  'laea-europe (axis=ne emitted)': { srs: 'EPSG:3035', lonLat: [10.5, 52.3], epsg: 3035, name: /LAEA Europe/, geographic: false, tolerance: 0.001, metresPerUnit: 1 },
  'madrid-paris-meridian-lcc': { srs: 'EPSG:2062', lonLat: [-3.7, 40.4], epsg: 2062, name: /Madrid 1870/, geographic: false, tolerance: 0.01, metresPerUnit: 1 },
  'ny-state-plane-us-feet': { srs: 'EPSG:2263', lonLat: [-73.98, 40.75], epsg: 2263, name: /New York Long Island/, geographic: false, tolerance: 0.01, metresPerUnit: 1200 / 3937 },
  'user-defined-utm-feet': { srs: '+proj=utm +zone=30 +datum=WGS84 +units=ft +no_defs', lonLat: [-0.88, 41.65], epsg: null, name: /Transverse Mercator \(user-defined\)/, geographic: false, tolerance: 0.01, metresPerUnit: 0.3048 },
  'user-defined-albers': { srs: '+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=23 +lon_0=-96 +x_0=0 +y_0=0 +datum=NAD83 +units=m +no_defs', lonLat: [-90, 35], epsg: null, name: /Albers/, geographic: false, tolerance: 0.01, metresPerUnit: 1 },
  'ed50-utm-30n (datum shift via +towgs84)': { srs: 'EPSG:23030', lonLat: [-0.88, 41.65], epsg: 23030, name: /ED50 \/ UTM zone 30N/, geographic: false, tolerance: 10, metresPerUnit: 1 },
};

/** lon/lat -> CRS by PROJ (gdaltransform), the reference for proj4js. */
function projTransform(srs: string, lonLat: [number, number]): [number, number] {
  return gdalTransform('+proj=longlat +datum=WGS84', srs, [lonLat])[0]!;
}

async function geoKeysOf(path: string): Promise<GeoKeyTags> {
  const opened = await openGeoTiff(path);
  try {
    const tags = readGeoKeyTags(opened.image);
    if (!tags) throw new Error(`${path} has no geokeys`);
    return tags;
  } finally {
    await opened.close();
  }
}

describe.skipIf(skipReason)('crsFromGeoKeys', () => {
  const temp = makeTempDir('lcz-crs-');
  const file = (name: string): string => join(temp.dir, `${name.replace(/\W+/g, '-')}.tif`);
  afterAll(temp.cleanup);
  beforeAll(() =>
    inParallel(
      Object.entries(CASES).map(([name, c]) => () => gdalAsync('gdal_create', '-of', 'GTiff', '-outsize', '2', '2', '-bands', '1', '-a_srs', c.srs, '-a_ullr', '0', '2', '2', '0', file(name))),
      2,
    ),
  );

  it.each(Object.keys(CASES))('%s: EPSG code, name, and a proj4 definition that projects like PROJ', async (name) => {
    const c = CASES[name]!;
    const crs = crsFromGeoKeys(await geoKeysOf(file(name)));
    expect(crs.epsg).toBe(c.epsg);
    expect(crs.name).toMatch(c.name);
    expect(crs.geographic).toBe(c.geographic);
    expect(crs.proj4).not.toBeNull();
    expect(crs.proj4).not.toMatch(/\+axis=/);
    if (c.metresPerUnit === null) expect(metresPerUnit(crs)).toBeNull();
    else expect(metresPerUnit(crs)).toBeCloseTo(c.metresPerUnit, 9);
    const ours = proj4('+proj=longlat +datum=WGS84 +no_defs', crs.proj4!).forward(c.lonLat) as [number, number];
    const theirs = projTransform(c.srs, c.lonLat);
    expect(Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1]), `${ours} vs PROJ ${theirs}`).toBeLessThanOrEqual(c.tolerance);
  });

  it('known limitation: a datum shift geotiff-geokeys-to-proj4 does not carry (OSGB36) is ignored, about 100 m', async () => {
    const path = file('osgb36');
    await gdalAsync('gdal_create', '-of', 'GTiff', '-outsize', '2', '2', '-bands', '1', '-a_srs', 'EPSG:27700', '-a_ullr', '0', '2', '2', '0', path);
    const crs = crsFromGeoKeys(await geoKeysOf(path));
    expect(crs).toMatchObject({ epsg: 27700, name: 'OSGB36 / British National Grid' });
    const ours = proj4('+proj=longlat +datum=WGS84 +no_defs', crs.proj4!).forward([-1.5, 52.5]) as [number, number];
    const theirs = projTransform('EPSG:27700', [-1.5, 52.5]);
    // Under one 100 m LCZ cell or so: if this fails low, the library learnt the shift and the note can go.
    expect(Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1])).toBeGreaterThan(50);
    expect(Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1])).toBeLessThan(150);
  });

  it('names the shared rasters as GDAL does, and finds no EPSG code for the user-defined Albers', async () => {
    expect(crsFromGeoKeys(await geoKeysOf(sharedData('L7_ETMs.tif')))).toMatchObject({ epsg: 31985, name: 'SIRGAS 2000 / UTM zone 25S', geographic: false });
    // lc.tif names GCS 4269 (NAD83) as the base of a user-defined projection: that is not the map's CRS.
    expect(crsFromGeoKeys(await geoKeysOf(sharedData('lc.tif')))).toMatchObject({ epsg: null, name: 'Albers Conical Equal Area', geographic: false });
  });

  it('reports a CRS it cannot interpret with proj4 null rather than a wrong definition', () => {
    // ProjectedCSTypeGeoKey 3 = an EPSG code that does not exist.
    const crs = crsFromGeoKeys({ GeoKeyDirectory: [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 3] });
    expect(crs).toMatchObject({ epsg: 3, proj4: null });
  });
});
