// Scene windows are copied straight from the decoded strips or tiles (block-copy.ts) rather than through geotiff's
// readRasters: every layout GDAL writes must give exactly what readRasters gives, and the layouts the fast path
// leaves alone (big-endian) must still read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { writeSyntheticScene } from '../../src/main/synthetic/demo-scene';
import { gdal, gdalMissing } from '../helpers/gdal';


const temp = mkdtempSync(join(tmpdir(), 'lcz-scene-reader-'));
const source = join(temp, 'scene.tif');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** GDAL creation options of each variant: tiles and strips, by pixel and by band, compressions, types, byte orders. */
const VARIANTS: Record<string, string[]> = {
  'as LCZ Studio writes it (strips, by band, DEFLATE)': [],
  'tiled 32 x 16, by pixel, DEFLATE with predictor': ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=16', '-co', 'INTERLEAVE=PIXEL', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2'],
  'tiled 48 x 48, by band, LZW': ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=48', '-co', 'BLOCKYSIZE=48', '-co', 'INTERLEAVE=BAND', '-co', 'COMPRESS=LZW'],
  'strips of 7 rows, by pixel, uncompressed': ['-co', 'INTERLEAVE=PIXEL', '-co', 'BLOCKYSIZE=7'],
  'Float32, tiled by pixel, DEFLATE with float predictor': ['-ot', 'Float32', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'INTERLEAVE=PIXEL', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3'],
  'big-endian, strips by pixel (the general path)': ['-co', 'ENDIANNESS=BIG', '-co', 'INTERLEAVE=PIXEL', '-co', 'BLOCKYSIZE=5'],
};

beforeAll(async () => {
  await writeSyntheticScene(source, { size: 11, seed: 3 }); // 110 x 110 px: blocks never divide it evenly
}, 60_000);

describe.skipIf(gdalMissing)('scene windows in every layout', () => {
  for (const [name, options] of Object.entries(VARIANTS)) {
    it(`reads ${name} exactly as geotiff's readRasters does`, async () => {
      const path = options.length === 0 ? source : join(temp, `${name.replace(/\W+/g, '-')}.tif`);
      if (options.length > 0) gdal('gdal_translate', '-q', ...options, source, path);
      const reference = await (await fromFile(path)).getImage();
      const reader = await SceneReader.open(path);
      try {
        for (const [y0, y1, bands] of [
          [0, 110, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
          [13, 50, [9, 2, 4]],
          [107, 110, [5]],
        ] as const) {
          const window = await reader.read(y0, y1, bands);
          const expected = await reference.readRasters({ window: [0, y0, 110, y1], samples: [...bands], interleave: false });
          expect(window).toMatchObject({ y0, rows: y1 - y0, width: 110 });
          expect(window.bands).toHaveLength(bands.length);
          window.bands.forEach((band, i) => {
            expect(band.constructor).toBe(expected[i]!.constructor);
            expect(band).toEqual(expected[i]);
          });
        }
      } finally {
        await reader.close();
      }
    });
  }
});
