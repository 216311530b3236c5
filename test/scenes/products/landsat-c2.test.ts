// Landsat Collection 2 Level-2 products as USGS delivers them (the .tar of per-band GeoTIFFs and MTL.txt, or its
// unpacked folder) read by LCZ Studio exactly as GDAL reads each band, once the MTL's scale and offset and QA_PIXEL's
// cloud bits are applied.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SceneReader } from '../../../src/main/scenes/scene-reader';
import { MASK_REASONS } from '../../../src/main/scenes/scene-source';
import { gdalMissing } from '../../helpers/gdal';
import { differences, landsatReference } from './gdal-reference';
import { makeLandsat, tarProduct } from './make-products';

const temp = mkdtempSync(join(tmpdir(), 'lcz-landsat-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function expectAsGdal(path: string, referenceFolder: string): Promise<SceneReader> {
  const reader = await SceneReader.open(path);
  const { scene } = reader;
  const reference = landsatReference(referenceFolder, temp);
  const window = await reader.read(0, scene.height, scene.descriptions.map((_, i) => i));
  expect(scene.descriptions.map((d) => d.slice(3))).toEqual(reference.names);
  scene.descriptions.forEach((id, i) => expect(differences(window.bands[i]!, reference.bands[i]!, scene.width), id).toEqual([]));
  return reader;
}

describe.skipIf(gdalMissing)('Landsat Collection 2 Level-2 products read as GDAL reads them', () => {
  for (const spacecraft of ['LANDSAT_8', 'LANDSAT_9', 'LANDSAT_7'] as const) {
    it(`${spacecraft}: the folder and the .tar, SR bands x 2.75e-5 - 0.2, QA_PIXEL fill, clouds, cirrus and shadows NaN`, async () => {
      const folder = await makeLandsat(join(temp, spacecraft), { spacecraft });
      const tar = await tarProduct(folder, join(temp, `${spacecraft}.tar`));
      for (const [path, reference] of [
        [folder, folder],
        [tar, `/vsitar/${tar}`],
      ] as const) {
        const reader = await expectAsGdal(path, reference);
        try {
          const { scene } = reader;
          const sensor = spacecraft === 'LANDSAT_7' ? 'landsat-7' : 'landsat-8';
          expect(scene.product).toMatchObject({ kind: 'landsat-c2', level: 'L2SP', sensor, reflectance: 'surface', cloudCoverPercent: 7.25, acquired: '2020-01-01' });
          expect(scene.product!.scaling).toBe('DN x 0.0000275 - 0.2 (REFLECTANCE_MULT / REFLECTANCE_ADD of the MTL)');
          expect(scene.bandCount).toBe(spacecraft === 'LANDSAT_7' ? 6 : 7);
          expect([scene.crs.epsg, scene.geoTransform]).toEqual([32725, [285000, 30, 0, 9140000, 0, -30]]);
          // Why pixels are left out, as QA_PIXEL says: fill, cloud (and cirrus, dilated cloud), shadow.
          const area = await reader.readArea(0, 0, scene.width, scene.height, [0]);
          const counts = Object.fromEntries(MASK_REASONS.map((r, k) => [r, area.reasons!.filter((v) => v === k).length]));
          expect(counts['no data']).toBe(15);
          expect(counts.cloud).toBe(200 + 100 + (spacecraft === 'LANDSAT_7' ? 0 : 30));
          expect(counts['cloud shadow']).toBe(50);
        } finally {
          await reader.close();
        }
      }
    });
  }
});
