import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LczMap } from '../../src/main/raster/lcz-map';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { gdalAsync, gdalBand1, gdalinfo } from '../helpers/gdal';
import { classCounts, expectedClasses, firstMismatch, inParallel, makeTempDir, skipReason } from './raster-support';
import { SAME_GRID, makeBase } from './lcz-fixtures';

const closeGt = (ours: readonly number[], ref: readonly number[]): boolean =>
  ours.every((g, i) => Math.abs(g - ref[i]!) <= 1e-9 * Math.max(1, Math.abs(ref[i]!)));

describe.skipIf(skipReason)('readLczMap reads LCZ maps as they come in the wild', () => {
  const temp = makeTempDir('lcz-formats-');
  const fixture = (name: string): string => join(temp.dir, `${name}.tif`);
  const base = fixture('base');
  const utm = fixture('float32-utm');
  let reference: LczMap;
  let referenceCounts: number[];
  afterAll(temp.cleanup);

  beforeAll(async () => {
    await makeBase(base);
    await inParallel([
      ...Object.entries(SAME_GRID).map(([name, make]) => () => make(base, fixture(name))),
      () => gdalAsync('gdalwarp', '-q', '-t_srs', 'EPSG:32630', '-r', 'near', '-ot', 'Float32', '-dstnodata', '-1', base, utm),
    ]);
    reference = await readLczMap(base);
    referenceCounts = classCounts(reference.classes);
  });

  it('reads the reference cell by cell as GDAL does', () => {
    expect(firstMismatch(reference.classes, expectedClasses(gdalBand1(base), -999))).toBe(-1);
    expect([reference.width, reference.height, reference.sourceDtype, reference.sourceNodata]).toEqual([1210, 765, 'Int32', -999]);
    expect(reference.crs).toMatchObject({ epsg: 4326, name: 'WGS 84', geographic: true });
    expect(closeGt(reference.geoTransform, gdalinfo(base).geoTransform)).toBe(true);
    expect(reference.name).toBe('base');
    expect(reference.notes).toEqual([]);
    expect(referenceCounts[0]).toBeGreaterThan(40_000);
    expect(referenceCounts.slice(1).filter((n) => n > 0).length).toBeGreaterThanOrEqual(12);
  });

  it.each(Object.keys(SAME_GRID))('%s reads to the same classes as the reference', async (name) => {
    const map = await readLczMap(fixture(name));
    expect([map.width, map.height]).toEqual([1210, 765]);
    expect(classCounts(map.classes)).toEqual(referenceCounts);
    // Every cell, not just a sample: the grids are identical.
    expect(firstMismatch(map.classes, reference.classes), 'first differing cell').toBe(-1);
    expect(closeGt(map.geoTransform, reference.geoTransform), `${map.geoTransform}`).toBe(true);
    expect(map.crs.epsg).toBe(4326);
    expect(map.geoKeys.GeoKeyDirectory.length).toBeGreaterThan(4);
    if (name.startsWith('legacy')) expect(map.notes.join(' ')).toMatch(/Legacy codes 101-107 were read as LCZ A-G \(11-17\) in [\d,]+ cells/);
    else if (name === 'float32-nan') expect(map.notes.join(' ')).toMatch(/NaN were read as no data/);
    else expect(map.notes).toEqual([]);
  });

  it('stops when cancelled, with the abort reason rather than a file problem', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readLczMap(base, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const late = new AbortController();
    const reading = readLczMap(fixture('tiled-256'), late.signal);
    late.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('honours PixelIsPoint like GDAL (the file stores cell centres, the geotransform is the same)', () => {
    expect(closeGt(reference.geoTransform, gdalinfo(fixture('pixel-is-point')).geoTransform)).toBe(true);
  });

  it('reads a Float32 map warped to UTM (nodata -1) to the classes GDAL sees', async () => {
    const map = await readLczMap(utm);
    expect([map.sourceDtype, map.sourceNodata, map.crs.epsg, map.crs.geographic]).toEqual(['Float32', -1, 32630, false]);
    expect(map.crs.name).toBe('WGS 84 / UTM zone 30N');
    const expected = expectedClasses(gdalBand1(utm), -1);
    expect(classCounts(map.classes)).toEqual(classCounts(expected));
    expect(firstMismatch(map.classes, expected)).toBe(-1);
    expect(closeGt(map.geoTransform, gdalinfo(utm).geoTransform)).toBe(true);
  });
});
