// JPEG-compressed YCbCr GeoTIFFs (how GDAL and most providers store orthophotos: -co COMPRESS=JPEG
// -co PHOTOMETRIC=YCBCR) are read as RGB, as GDAL reads them, not as the JPEG's raw Y, Cb, Cr samples. The reference
// is GDAL's own decoding, written out uncompressed by gdal_translate.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAllBands } from '../../src/main/raster/read-bands';
import { rasterInfo } from '../../src/main/raster/info';
import { gdal } from '../helpers/gdal';
import { sharedData } from '../helpers/shared-data';
import { makeTempDir, skipReason } from './raster-support';

/** Per-pixel differences between our decoding and GDAL's, over the three bands. */
async function differences(ours: string, reference: string): Promise<{ meanAbs: number; p99: number; max: number }> {
  const a = await readAllBands(ours);
  const b = await readAllBands(reference);
  expect([a.width, a.height, a.bands.length]).toEqual([b.width, b.height, 3]);
  const diffs: number[] = [];
  for (let band = 0; band < 3; band++) for (let i = 0; i < a.width * a.height; i++) diffs.push(Math.abs(Number(a.bands[band]![i]) - Number(b.bands[band]![i])));
  diffs.sort((x, y) => x - y);
  return { meanAbs: diffs.reduce((s, d) => s + d, 0) / diffs.length, p99: diffs[Math.floor(diffs.length * 0.99)]!, max: diffs.at(-1)! };
}

describe.skipIf(skipReason)('JPEG-compressed YCbCr GeoTIFFs', () => {
  const temp = makeTempDir('lcz-ycbcr-');
  afterAll(temp.cleanup);
  // The Olinda scene's red, green and blue bands as an RGB image, the kind of file a planner's orthophoto is.
  const rgb = join(temp.dir, 'rgb.tif');
  const make = (name: string, ...options: string[]): [string, string] => {
    gdal('gdal_translate', '-q', '-b', '3', '-b', '2', '-b', '1', '-colorinterp', 'red,green,blue', sharedData('L7_ETMs.tif'), rgb);
    const jpeg = join(temp.dir, `${name}.tif`);
    const reference = join(temp.dir, `${name}-gdal.tif`);
    gdal('gdal_translate', '-q', '-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=YCBCR', ...options, rgb, jpeg);
    gdal('gdal_translate', '-q', jpeg, reference); // GDAL's RGB, uncompressed
    return [jpeg, reference];
  };

  it.each([
    ['striped', []],
    ['tiled', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128']],
  ])('are read as GDAL reads them (%s)', async (name, options) => {
    const [jpeg, reference] = make(name, ...options);
    const d = await differences(jpeg, reference);
    // libjpeg upsamples the chroma by interpolation, geotiff.js by repetition: a few levels apart at colour edges
    // (measured: mean 0.3, 99 % within 3, at most 9); read as raw YCbCr, green and blue would be off by about 60.
    expect(d.meanAbs).toBeLessThan(1);
    expect(d.p99).toBeLessThanOrEqual(4);
    // What a scene or an info shows: the bands' means as GDAL's, not Cb and Cr near 128.
    const ours = await rasterInfo(jpeg);
    const ref = await rasterInfo(reference);
    ours.bandStats.forEach((s, b) => expect(Math.abs(s.mean! - ref.bandStats[b]!.mean!)).toBeLessThan(0.5));
  });
});
