import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { afterAll, describe, expect, it } from 'vitest';
import type { GeoTransform } from '../../../shared/geo';
import { syntheticCityMap } from '../../synthetic/synthetic-city';
import { geoKeysForEpsg } from '../write/epsg-geokeys';
import type { GeoKeyTags, LczMap } from '../lcz-map';
import { exportLczMap } from './export-lcz-map';
import { gdalinfo, gdalMissing } from '../../../../test/helpers/gdal';
import { sharedData, sharedDataMissing } from '../../../../test/helpers/shared-data';

const albers = sharedData('lc.tif');

const temp = mkdtempSync(join(tmpdir(), 'lcz-georef-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A small map on a given grid and CRS, with the demo city's classes cropped to size. */
function mapOn(width: number, height: number, geoTransform: GeoTransform, geoKeys: GeoKeyTags): LczMap {
  const demo = syntheticCityMap({ size: Math.max(width, height) });
  const classes = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) classes.set(demo.classes.subarray(y * demo.width, y * demo.width + width), y * width);
  return { ...demo, width, height, classes, geoTransform, geoKeys };
}

async function exported(map: LczMap, name: string) {
  const [tif] = await exportLczMap(map, join(temp, `${name}.tif`), { overviewResampling: 'nearest' });
  return gdalinfo(tif!);
}

describe.skipIf(gdalMissing)('the product keeps the input georeferencing', () => {
  it.skipIf(sharedDataMissing('lc.tif'))('a user-defined CRS (NAD83 Albers, no EPSG code) is carried over verbatim', async () => {
    const image = await (await fromFile(albers)).getImage();
    const fd = image.getFileDirectory();
    const geoKeys: GeoKeyTags = { GeoKeyDirectory: Array.from(fd.getValue('GeoKeyDirectory') as ArrayLike<number>) };
    const doubles = fd.getValue('GeoDoubleParams') as ArrayLike<number> | undefined;
    if (doubles) geoKeys.GeoDoubleParams = Array.from(doubles);
    const ascii = fd.getValue('GeoAsciiParams') as string | undefined;
    if (ascii) geoKeys.GeoAsciiParams = ascii;
    const source = gdalinfo(albers);
    const info = await exported(mapOn(image.getWidth(), image.getHeight(), source.geoTransform as unknown as GeoTransform, geoKeys), 'albers');
    expect(info.coordinateSystem?.wkt).toBe(source.coordinateSystem?.wkt);
    expect(info.geoTransform).toEqual(source.geoTransform);
  });

  it('a PixelIsPoint grid keeps its cell corners (GDAL shifts the tiepoint by half a cell)', async () => {
    const keys = geoKeysForEpsg(32633).GeoKeyDirectory;
    keys[11] = 2; // GTRasterTypeGeoKey = RasterPixelIsPoint
    const gt: GeoTransform = [540_000, 100, 0, 5_880_000, 0, -100];
    const info = await exported(mapOn(64, 48, gt, { GeoKeyDirectory: keys }), 'point');
    expect(info.metadata?.['']?.AREA_OR_POINT).toBe('Point');
    info.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(gt[i]!, 9));
  });

  it('a rotated grid is written as a ModelTransformation', async () => {
    const gt: GeoTransform = [540_000, 86.6, 50, 5_880_000, 50, -86.6];
    const info = await exported(mapOn(64, 48, gt, geoKeysForEpsg(32633)), 'rotated');
    info.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(gt[i]!, 9));
  });
});
