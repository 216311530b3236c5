// Scenes whose strips are taller than a window (one strip for the whole scene, as some tools write) are read window
// by window as the mapping reads them (overlapping windows, the next one read ahead) with each strip decoded once,
// and still exactly as geotiff's readRasters reads them. The decodes are counted on the reader's own image.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile, type GeoTIFFImage } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockCache } from '../../src/main/scenes/block-cache';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { writeSyntheticScene } from '../../src/main/synthetic/demo-scene';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant } from './gdal-variants';


const temp = mkdtempSync(join(tmpdir(), 'lcz-block-reuse-'));
const source = join(temp, 'scene.tif'); // 110 x 110 pixels, 10 bands
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(async () => {
  await writeSyntheticScene(source, { size: 11, seed: 4 });
}, 60_000);

/** Counts the blocks the image decodes, by block and sample. */
function countDecodes(image: GeoTIFFImage): Map<string, number> {
  const counts = new Map<string, number>();
  const decode = image.getTileOrStrip.bind(image);
  image.getTileOrStrip = (x, y, sample, decoder, signal) => {
    const key = `${x}/${y}/${sample}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return decode(x, y, sample, decoder, signal);
  };
  return counts;
}

/** Overlapping windows down the scene, each requested before the previous one is used (as the mapping does). */
const WINDOWS: [number, number][] = [[0, 50], [40, 100], [90, 110]];
const BANDS = [9, 0, 3];

const LAYOUTS: Record<string, { creation: string[]; blocks: number }> = {
  'one strip, by band': { creation: ['INTERLEAVE=BAND', 'BLOCKYSIZE=110', 'COMPRESS=DEFLATE'], blocks: BANDS.length },
  'one strip, by pixel': { creation: ['INTERLEAVE=PIXEL', 'BLOCKYSIZE=110', 'COMPRESS=LZW'], blocks: 1 },
  'strips of 64 rows, by pixel': { creation: ['INTERLEAVE=PIXEL', 'BLOCKYSIZE=64', 'COMPRESS=DEFLATE'], blocks: 2 },
  'tiles of 64 x 64, by band': { creation: ['TILED=YES', 'BLOCKXSIZE=64', 'BLOCKYSIZE=64', 'INTERLEAVE=BAND'], blocks: 2 * 2 * BANDS.length },
};

describe.skipIf(gdalMissing)('blocks taller than a window', () => {
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`${name}: each block decoded once, windows as readRasters reads them`, async () => {
      const path = gdalVariant(source, join(temp, `${name.replace(/\W+/g, '-')}.tif`), { creation: layout.creation });
      const reference = await (await fromFile(path)).getImage();
      const reader = await SceneReader.open(path);
      try {
        const decodes = countDecodes(reader.image);
        const reads = WINDOWS.map(([y0, y1]) => reader.read(y0, y1, BANDS));
        for (const [k, [y0, y1]] of WINDOWS.entries()) {
          const window = await reads[k]!;
          const expected = await reference.readRasters({ window: [0, y0, 110, y1], samples: BANDS, interleave: false });
          window.bands.forEach((band, i) => expect(band).toEqual(expected[i]));
        }
        expect(decodes.size).toBe(layout.blocks);
        expect([...decodes.values()].every((n) => n === 1)).toBe(true);
      } finally {
        await reader.close();
      }
    });
  }

  it('decodes again after a failed decode instead of keeping the failure, and lets blocks go once reads pass them', async () => {
    const cache = new BlockCache();
    const block = new ArrayBuffer(8);
    let decodes = 0;
    const failing = () => {
      decodes++;
      return Promise.reject(new Error('damaged block'));
    };
    const working = () => {
      decodes++;
      return Promise.resolve(block);
    };
    // A block of rows [0, 110) read for rows [0, 50): it reaches below the read, so it is kept...
    await expect(cache.get('0/0/0', 110, 50, failing)).rejects.toThrow('damaged block');
    await Promise.resolve(); // the cache drops the failed entry when the failure settles
    expect(cache.size).toBe(0);
    expect(await cache.get('0/0/0', 110, 50, working)).toBe(block);
    expect(await cache.get('0/0/0', 110, 100, working)).toBe(block);
    expect(decodes).toBe(2);
    // ...until a read starts at or below its last row; a block within its read is not kept at all.
    cache.startRead(110);
    expect(cache.size).toBe(0);
    await cache.get('0/1/0', 64, 64, working);
    expect(cache.size).toBe(0);
  });
});
