// Sentinel-2 SAFE products as users download them (JPEG 2000 bands written by GDAL's JP2OpenJPEG driver, the .zip
// deflated or stored, or the unpacked .SAFE folder) read by LCZ Studio exactly as GDAL's own SENTINEL2 driver reads
// them, once scale, offset, resampling and masks are applied.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneReader } from '../../../src/main/scenes/scene-reader';
import { gdalMissing, gdalTransform } from '../../helpers/gdal';
import { differences, sentinel2Reference, type Reference } from './gdal-reference';
import { makeSafe, zipProduct } from './make-products';

const temp = mkdtempSync(join(tmpdir(), 'lcz-safe-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Every band of the reader's scene, compared with GDAL's band of the same name. */
async function expectAsGdal(reader: SceneReader, reference: Reference): Promise<void> {
  const { scene } = reader;
  const window = await reader.read(0, scene.height, scene.descriptions.map((_, i) => i));
  expect(scene.descriptions.map((d) => d.replace(/^S2\./, ''))).toEqual(reference.names);
  scene.descriptions.forEach((id, i) => {
    expect(differences(window.bands[i]!, reference.bands[i]!, scene.width), id).toEqual([]);
  });
}

describe.skipIf(gdalMissing)('Sentinel-2 L2A (processing baseline 04.00) read as GDAL reads it', () => {
  let safe: string;
  let reference: Reference;
  const forms: Record<string, () => string> = {};

  beforeAll(async () => {
    safe = await makeSafe(join(temp, 'l2a'));
    const deflated = await zipProduct(safe, join(temp, `${basename(safe, '.SAFE')}.zip`), 'deflated');
    const stored = await zipProduct(safe, join(temp, 'stored.zip'), 'stored');
    reference = sentinel2Reference(join(safe, 'MTD_MSIL2A.xml'), temp);
    forms['the .SAFE folder'] = () => safe;
    forms['the folder holding the .SAFE'] = () => join(temp, 'l2a');
    forms['the MTD_MSIL2A.xml file'] = () => join(safe, 'MTD_MSIL2A.xml');
    forms['the deflated .zip'] = () => deflated;
    forms['the stored .zip'] = () => stored;
  }, 120_000);

  for (const form of ['the .SAFE folder', 'the folder holding the .SAFE', 'the MTD_MSIL2A.xml file', 'the deflated .zip', 'the stored .zip']) {
    it(`reads ${form}: every band, 20 and 60 m bands repeated onto 10 m, (DN - 1000) / 10000, SCL clouds, shadows, no data and saturation NaN`, async () => {
      const reader = await SceneReader.open(forms[form]!());
      try {
        await expectAsGdal(reader, reference);
      } finally {
        await reader.close();
      }
    });
  }

  it('reads the zip as GDAL reads it inside the zip (/vsizip/)', async () => {
    const zip = join(temp, `${basename(safe, '.SAFE')}.zip`);
    const inZip = sentinel2Reference(`/vsizip/${zip}/${basename(safe)}/MTD_MSIL2A.xml`, temp);
    const reader = await SceneReader.open(zip);
    try {
      await expectAsGdal(reader, inZip);
    } finally {
      await reader.close();
    }
  });

  it('describes the product: grid and CRS of MTD_TL.xml, scaling, masking, resampling, one band id per band', async () => {
    const reader = await SceneReader.open(safe);
    try {
      const { scene } = reader;
      expect([scene.width, scene.height, scene.crs.epsg, scene.dtype]).toEqual([240, 180, 32631, 'Float32']);
      expect(scene.geoTransform).toEqual([300000, 10, 0, 4900020, 0, -10]);
      expect(scene.descriptions).toEqual(['S2.B1', 'S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B9', 'S2.B11', 'S2.B12']);
      expect(scene.product).toMatchObject({ kind: 'sentinel-2-safe', level: 'L2A', sensor: 'sentinel-2', spacecraft: 'Sentinel-2B', reflectance: 'surface', cloudCoverPercent: 10 });
      expect(scene.product!.scaling).toBe('(DN - 1000) / 10000 (processing baseline 04.00)');
      expect(scene.product!.masking).toMatch(/SCL 8, 9.*10.*SCL 3.*SCL 0.*SCL 1/);
      expect(scene.product!.resampling).toMatch(/nearest neighbour/);
    } finally {
      await reader.close();
    }
  });

  it('reads an overview for the preview straight from a JPEG 2000 level: each pixel the 5/3 wavelet low-pass of 2 x 2 pixels', async () => {
    const reader = await SceneReader.open(safe);
    const overview = await reader.overview(2, [1, 3]);
    try {
      expect(overview).not.toBeNull();
      expect([overview!.scene.width, overview!.scene.height, overview!.scene.geoTransform]).toEqual([120, 90, [300000, 20, 0, 4900020, 0, -20]]);
      const window = await overview!.read(0, 90, [1, 3]);
      for (const [k, b] of [1, 3].entries()) {
        const full = reference.bands[b]!;
        let compared = 0;
        let worst = 0;
        for (let y = 0; y < 90; y++) {
          for (let x = 0; x < 120; x++) {
            // Away from no data and saturation, which the wavelet blends into their neighbours.
            let clear = true;
            for (let dy = -3; dy <= 4 && clear; dy++) for (let dx = -3; dx <= 4; dx++) if (!Number.isFinite(full[Math.min(179, Math.max(0, 2 * y + dy)) * 240 + Math.min(239, Math.max(0, 2 * x + dx))]!)) clear = false;
            if (!clear) continue;
            const mean = (full[2 * y * 240 + 2 * x]! + full[2 * y * 240 + 2 * x + 1]! + full[(2 * y + 1) * 240 + 2 * x]! + full[(2 * y + 1) * 240 + 2 * x + 1]!) / 4;
            worst = Math.max(worst, Math.abs(window.bands[k]![y * 120 + x]! - mean));
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(9000);
        expect(worst).toBeLessThan(0.01);
      }
    } finally {
      await overview?.close();
      await reader.close();
    }
  });

  it('crops to an area of interest: the part of the scene under the box, on the same pixels as the whole', async () => {
    // A box well inside the tile, given in degrees as a user types it; its UTM corners by GDAL's own transformer.
    const corners = gdalTransform('EPSG:32631', 'EPSG:4326', [
      [300555, 4898555],
      [301655, 4899555],
    ]);
    const [w, s] = corners[0]!;
    const [e, n] = corners[1]!;
    const reader = await SceneReader.open(safe, undefined, { aoi: { west: w!, south: s!, east: e!, north: n! } });
    try {
      const { scene } = reader;
      expect(scene.crop).toMatchObject({ fullWidth: 240, fullHeight: 180 });
      const { x, y } = scene.crop!;
      // The crop covers the box: every pixel the box touches, and a pixel at most around it (its edges curve in UTM).
      expect(x).toBeLessThanOrEqual(55);
      expect(y).toBeLessThanOrEqual(46);
      expect(x + scene.width).toBeGreaterThanOrEqual(166);
      expect(y + scene.height).toBeGreaterThanOrEqual(147);
      expect(scene.width).toBeLessThan(120);
      expect(scene.geoTransform).toEqual([300000 + 10 * x, 10, 0, 4900020 - 10 * y, 0, -10]);
      const bands = [1, 4, 9]; // B2 (10 m), B5 (20 m), B9 (60 m): the crop's edges fall inside coarse pixels
      const window = await reader.read(0, scene.height, bands);
      for (const [k, b] of bands.entries()) {
        const expected = new Float32Array(scene.width * scene.height);
        for (let r = 0; r < scene.height; r++) expected.set(reference.bands[b]!.subarray((y + r) * 240 + x, (y + r) * 240 + x + scene.width), r * scene.width);
        expect(differences(window.bands[k]!, expected, scene.width), scene.descriptions[b]).toEqual([]);
      }
    } finally {
      await reader.close();
    }
  });
});

describe.skipIf(gdalMissing)('Sentinel-2 L1C (processing baseline 02.09) read as GDAL reads it', () => {
  let safe: string;
  beforeAll(async () => {
    safe = await makeSafe(join(temp, 'l1c'), { level: 'L1C', baseline: '02.09' });
  }, 120_000);

  it('reads 13 bands (B10 too), DN / 10000 without offset, only no data and saturation masked (no SCL in L1C)', async () => {
    const zip = await zipProduct(safe, join(temp, 'l1c.zip'));
    const reader = await SceneReader.open(zip);
    try {
      expect(reader.scene.bandCount).toBe(13);
      expect(reader.scene.product).toMatchObject({ level: 'L1C', reflectance: 'top-of-atmosphere', scaling: 'DN / 10000 (processing baseline 02.09)' });
      expect(reader.scene.product!.masking).toMatch(/clouds are NOT masked/);
      await expectAsGdal(reader, sentinel2Reference(join(safe, 'MTD_MSIL1C.xml'), temp));
    } finally {
      await reader.close();
    }
  });
});
