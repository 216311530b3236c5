// Products as they go wrong in users' hands: an incomplete or truncated download, a product of another processing
// level, an archive that is not a product, an area of interest off the tile. Each gets one message that names the
// product and says what is wrong and what to do, when the scene is opened (before any work).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SceneReader } from '../../../src/main/scenes/scene-reader';
import { UserError } from '../../../src/shared/errors';
import { gdalMissing } from '../../helpers/gdal';
import { python } from '../../helpers/python';
import { makeLandsat, makeSafe, tarProduct, zipProduct } from './make-products';

const temp = mkdtempSync(join(tmpdir(), 'lcz-bad-products-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The message SceneReader.open gives for `path`, which must be a UserError naming `path`. */
async function openError(path: string, options?: Parameters<typeof SceneReader.open>[2]): Promise<string> {
  const error = await SceneReader.open(path, undefined, options).then(
    async (reader) => {
      await reader.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as UserError).message;
  expect(message.startsWith(`${path}: `) || message.startsWith(`${path}!/`)).toBe(true);
  return message;
}

/** The first `share` of a file's bytes, as an interrupted download leaves it. */
function cut(path: string, target: string, bytes: number): string {
  writeFileSync(target, readFileSync(path).subarray(0, bytes));
  return target;
}

describe.skipIf(gdalMissing)('bad products: one clear message each, on opening', () => {
  let safe: string;
  let zip: string;
  let landsat: string;
  let tar: string;
  beforeAll(async () => {
    safe = await makeSafe(join(temp, 'ok'));
    zip = await zipProduct(safe, join(temp, 'ok.zip'));
    landsat = await makeLandsat(join(temp, 'landsat'));
    tar = await tarProduct(landsat, join(temp, 'landsat.tar'));
  }, 120_000);

  it('a SAFE zip without some bands names the band files it lacks', async () => {
    const partial = await zipProduct(await makeSafe(join(temp, 'partial'), { omit: ['B05', 'B11'] }), join(temp, 'partial.zip'));
    expect(await openError(partial)).toMatch(
      /: lacks band files its metadata lists: B5 \(T31TCG_20220615T105619_B05_20m\.jp2\), B11 \(T31TCG_20220615T105619_B11_20m\.jp2\); the download is incomplete, download the product again$/,
    );
  });

  it('a SAFE without its scene classification says so', async () => {
    const noScl = await makeSafe(join(temp, 'no-scl'), { omit: ['SCL'] });
    expect(await openError(noScl)).toMatch(/lacks band files its metadata lists: SCL \(T31TCG_20220615T105619_SCL_20m\.jp2\)/);
  });

  it('a truncated zip is refused as an incomplete download', async () => {
    const size = readFileSync(zip).length;
    expect(await openError(cut(zip, join(temp, 'cut.zip'), Math.floor(size * 0.7)))).toMatch(/: is not a complete zip archive \(.+\); it may be truncated or damaged: download it again$/);
  });

  it('a truncated tar, cut inside a band or between files, is refused as truncated', async () => {
    const lastData = Number(python('import sys, tarfile\nm = tarfile.open(sys.argv[1]).getmembers()[-1]\nprint(m.offset_data + m.size // 2)', tar));
    expect(await openError(cut(tar, join(temp, 'cut-in-band.tar'), lastData))).toMatch(/: is truncated: LC08_L2SP_.*_SR_B7\.TIF needs bytes up to \d+ but the archive ends at byte \d+ \(download it again\)$/);
    const betweenFiles = Number(python('import sys, tarfile\nm = tarfile.open(sys.argv[1]).getmembers()[-1]\nprint(m.offset)', tar));
    expect(await openError(cut(tar, join(temp, 'cut-between.tar'), betweenFiles))).toMatch(/: is truncated: it ends at byte \d+ without the end-of-archive blocks, so files are missing/);
  });

  it('a Sentinel-2 Level-1B product is refused, naming the levels that are read', async () => {
    const l1b = await zipProduct(await makeSafe(join(temp, 'l1b'), { mtdName: 'MTD_SAFL1B.xml' }), join(temp, 'l1b.zip'));
    expect(await openError(l1b)).toMatch(/: is a Sentinel-2 Level-1B product; LCZ Studio reads Level-2A \(surface reflectance\) and Level-1C \(top of atmosphere\) products$/);
  });

  it('a Landsat Level-1 product is refused, saying to get the Level-2 product', async () => {
    const l1 = await tarProduct(await makeLandsat(join(temp, 'l1'), { level: 'L1TP' }), join(temp, 'l1.tar'));
    expect(await openError(l1)).toMatch(/: is a Landsat Level-1 product \(L1TP: top-of-atmosphere digital numbers, no surface reflectance\); .*download the Level-2 product of this scene$/);
  });

  it('a Landsat folder without a band names the file it lacks', async () => {
    const partial = await makeLandsat(join(temp, 'no-b4'), { omit: ['SR_B4'] });
    expect(await openError(partial)).toMatch(/: lacks files its MTL names: SR_B4 \(LC08_L2SP_217066_20200101_20200113_02_T1_SR_B4\.TIF\); the download is incomplete/);
  });

  it('a gzip-compressed tar says to unpack it', async () => {
    execFileSync('gzip', ['-k', tar]);
    const tgz = join(temp, 'landsat.tar.gz');
    expect(await openError(tgz)).toMatch(/: is gzip-compressed \(\.tar\.gz\); .*unpack it first/);
  });

  it('a zip that holds no product, and a folder that is none, say what LCZ Studio opens', async () => {
    const other = join(temp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'hello');
    const otherZip = join(temp, 'other.zip');
    python('import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nz.write(sys.argv[2], "notes.txt")\nz.close()', otherZip, join(other, 'notes.txt'));
    expect(await openError(otherZip)).toMatch(/: is a zip archive but not a Sentinel-2 product \(no MTD_MSIL2A\.xml or MTD_MSIL1C\.xml inside\); LCZ Studio opens a GeoTIFF, a Sentinel-2 product/);
    expect(await openError(other)).toMatch(/: is a folder, not a scene; LCZ Studio opens a GeoTIFF, a Sentinel-2 product \(\.zip or \.SAFE folder\) or a Landsat Collection 2 product/);
  });

  it('an area of interest outside the tile says where the tile is', async () => {
    const message = await openError(zip, { aoi: { west: 10, south: 50, east: 10.1, north: 50.1 } });
    expect(message).toMatch(/: the area of interest \(lon 10\.0000 to 10\.1000, lat 50\.0000 to 50\.1000\) lies outside the scene, which covers lon 0\.49\d+ to 0\.52\d+, lat 44\.2\d+ to 44\.22\d+$/);
  });

  it('a damaged band file is reported when read, naming the file', async () => {
    const damaged = await makeSafe(join(temp, 'damaged'));
    const band = join(damaged, 'GRANULE', 'L2A_T31TCG_A027603_20220615T105622', 'IMG_DATA', 'R10m', 'T31TCG_20220615T105619_B04_10m.jp2');
    const bytes = readFileSync(band);
    writeFileSync(band, bytes.subarray(0, bytes.length - 2000)); // the last tiles' data cut off
    const reader = await SceneReader.open(damaged);
    try {
      await expect(reader.read(0, 180, [3])).rejects.toThrow(new RegExp(`^${band.replace(/[.]/g, '\\.')}: is a damaged or truncated JPEG 2000 file \\(.+\\); download the product again$`));
    } finally {
      await reader.close();
    }
  });
});
