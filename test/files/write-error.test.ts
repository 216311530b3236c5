// A failed write says what the user can do about it, the same way in every writer (src/main/files/write-error.ts),
// on real file systems: a path through a file, a full disk, a folder in use. Nothing half-written is left behind, and
// the previous bundle survives a replacement that failed.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import { MANIFEST_FILE } from '../../src/shared/bundle-manifest';
import { writeBundle } from '../../src/main/bundles/bundle-io';
import { exportLczMap } from '../../src/main/raster/export/export-lcz-map';
import { createGeoTiffWriter } from '../../src/main/raster/write/geotiff-writer';
import { syntheticCityMap } from '../../src/main/synthetic/synthetic-city';
import { makeCnnOnnx, manifestFor } from '../fixtures/onnx-models';
import { mountTmpfs, tmpfsMissing, unmount } from '../helpers/tmpfs';

const temp = mkdtempSync(join(tmpdir(), 'lcz-write-error-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The UserError a write rejects with (anything else fails the test). */
async function refusal(write: Promise<unknown>): Promise<UserError> {
  const error = await write.then(
    () => new Error('the write succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw error;
  return error;
}

const geoTiff = (path: string) =>
  createGeoTiffWriter(path, { width: 64, height: 64, bands: 1, dataType: 'UInt16', compression: 'none' }).then(async (writer) => {
    await writer.writeRows(0, [new Uint16Array(64 * 64).fill(7)]);
    await writer.finish();
  });
const bundle = (dir: string) => writeBundle(dir, manifestFor({ seed: 2 }), makeCnnOnnx({ seed: 2 }));
const lczProduct = (path: string) => exportLczMap(syntheticCityMap({ size: 40 }), path, { overviewResampling: 'nearest' });

describe('a write under a path one of whose parts is a file', () => {
  const file = join(temp, 'notes.txt');
  writeFileSync(file, 'a file, not a folder');

  it('says so, naming the place, in every writer', async () => {
    expect((await refusal(geoTiff(join(file, 'out.tif')))).message).toBe(`${file}: part of this path is a file, not a folder`);
    expect((await refusal(lczProduct(join(file, 'sub', 'lcz.tif')))).message).toBe(`${join(file, 'sub')}: part of this path is a file, not a folder`);
    expect((await refusal(bundle(join(file, 'sub', 'bundle')))).message).toBe(`${join(file, 'sub')}: part of this path is a file, not a folder`);
  });

  it('still says a missing folder is missing', async () => {
    const nowhere = join(temp, 'nowhere');
    expect((await refusal(geoTiff(join(nowhere, 'out.tif')))).message).toBe(`${nowhere}: the output folder does not exist`);
    expect((await refusal(lczProduct(join(nowhere, 'lcz.tif')))).message).toBe(`${nowhere}: the output folder does not exist`);
  });
});

describe.skipIf(tmpfsMissing)('on small real disks', () => {
  it('a full disk is said, and leaves no temp file or folder behind', async () => {
    const disk = join(temp, 'full');
    mountTmpfs(disk, '8k');
    try {
      expect((await refusal(geoTiff(join(disk, 'out.tif')))).message).toMatch(/: the disk is full$/);
      expect((await refusal(bundle(join(disk, 'bundle')))).message).toBe(`${disk}: the disk is full`);
      expect(readdirSync(disk)).toEqual([]);
    } finally {
      unmount(disk);
    }
  });

  it('a bundle that cannot be moved aside (a mount point) is not replaced: the previous one stays whole', async () => {
    const parent = join(temp, 'bundles');
    const target = join(parent, 'busy');
    mkdirSync(parent);
    const first = (await bundle(join(temp, 'first'))).dir;
    mountTmpfs(target, '1m');
    try {
      for (const name of readdirSync(first)) copyFileSync(join(first, name), join(target, name));
      const before = readFileSync(join(target, MANIFEST_FILE), 'utf8');
      const replaced = await refusal(writeBundle(target, manifestFor({ seed: 5 }, { name: 'replacement' }), makeCnnOnnx({ seed: 5 })));
      expect(replaced.message).toBe(`${target}: this is in use (a mount point, or open in another program)`);
      expect(readFileSync(join(target, MANIFEST_FILE), 'utf8')).toBe(before);
      expect(readdirSync(parent)).toEqual(['busy']);
    } finally {
      unmount(target);
    }
  });
});
