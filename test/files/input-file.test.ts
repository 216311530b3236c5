/**
 * files/input-file.ts and the readers that open user files through it: every kind of special file is refused at once
 * (a FIFO opened plainly would wait for a writer for ever; /dev/zero would be read for ever), naming the file and what
 * it is, and regular files behind symbolic links or in /proc still read.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { assertRegularFile, InputFileError, openRegularFile, readRegularText } from '../../src/main/files/input-file';
import { ClassifierSession } from '../../src/main/onnx/classifier-session';
import { inspectModelFile } from '../../src/main/onnx/inspect-model';
import { demoMapPath } from '../../src/main/paths';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { RunStore } from '../../src/main/train/run-store';
import { MANIFEST_FILE, MODEL_FILE } from '../../src/shared/bundle-manifest';
import { UserError } from '../../src/shared/errors';
import { makeCnnOnnx, manifestFor } from '../fixtures/onnx-models';
import { makeSpecialFiles, settleWithin, type SpecialFiles } from '../helpers/special-files';

/** Far more than a refusal takes: only a hang gets near it. */
const HANG_MS = 15_000;

let special: SpecialFiles;
beforeAll(async () => {
  special = await makeSpecialFiles();
});
afterEach(() => special.unjam());
afterAll(() => special.remove());

async function refusal(what: string, request: Promise<unknown>): Promise<Error> {
  try {
    await settleWithin(request, HANG_MS, what);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`${what} succeeded`);
}

describe('openRegularFile', () => {
  it('refuses every special file, saying what it is', async () => {
    for (const input of special.inputs) {
      const error = await refusal(input.name, openRegularFile(input.path, { what: 'a GeoTIFF file' }));
      expect(error, input.name).toBeInstanceOf(InputFileError);
      expect(error.message, input.name).toMatch(new RegExp(`^${input.path}: `));
      expect(error.message, input.name).toMatch(input.problem);
    }
    expect((await refusal('a FIFO', openRegularFile(special.inputs[0]!.path, { what: 'a GeoTIFF file' }))).message).toMatch(/is a named pipe \(FIFO\), not a GeoTIFF file$/);
  });

  it('says "does not exist" (or what the caller says) for a missing file, and marks it as missing', async () => {
    const missing = join(special.dir, 'nowhere.tif');
    const error = await refusal('missing', openRegularFile(missing, { missing: 'file not found' }));
    expect(error.message).toBe(`${missing}: file not found`);
    expect((error as InputFileError).problem).toBe('missing');
    expect((await refusal('under a file', assertRegularFile(join(demoMapPath(), 'x')))).message).toMatch(/does not exist \(part of this path is a file/);
  });

  it('opens a regular file through a symbolic link, with its size', async () => {
    const link = join(special.dir, 'link-to-map.tif');
    symlinkSync(demoMapPath(), link);
    const { handle, size } = await openRegularFile(link);
    try {
      expect(size).toBe(readFileSync(demoMapPath()).length);
    } finally {
      await handle.close();
    }
  });

  it('reads a /proc file, which says size 0 but has content', async () => {
    expect((await assertRegularFile('/proc/self/status')).size).toBe(0);
    expect(await readRegularText('/proc/self/status')).toMatch(/^Name:/);
  });
});

describe('the readers of user files refuse special files at once', () => {
  const pipe = () => special.inputs[0]!.path;

  it('GeoTIFF (readLczMap): each special file', async () => {
    for (const input of special.inputs) expect((await refusal(input.name, readLczMap(input.path))).message, input.name).toMatch(input.problem);
  });

  it('HDF5 (So2SatFile.open): each special file', async () => {
    for (const input of special.inputs) expect((await refusal(input.name, So2SatFile.open(input.path))).message, input.name).toMatch(input.problem);
  });

  it('ONNX models (inspectModelFile, ClassifierSession.open): a FIFO and /dev/zero', async () => {
    for (const path of [pipe(), '/dev/zero']) {
      expect((await refusal(path, inspectModelFile(path))).message).toMatch(/is a (named pipe \(FIFO\)|device), not an ONNX model file$/);
      const session = ClassifierSession.open({ modelPath: path, manifest: manifestFor() });
      expect((await refusal(path, session)).message).toMatch(/is a (named pipe \(FIFO\)|device), not an ONNX model file$/);
    }
  });

  it('bundles (readBundle): a manifest.json that is a FIFO, a model.onnx that is a FIFO or /dev/zero', async () => {
    const jammedManifest = join(special.dir, 'bundle-manifest-fifo');
    mkdirSync(jammedManifest);
    writeFileSync(join(jammedManifest, MODEL_FILE), makeCnnOnnx());
    special.fifo(join(jammedManifest, MANIFEST_FILE));
    expect((await refusal('manifest FIFO', readBundle(jammedManifest))).message).toMatch(/manifest\.json: is a named pipe \(FIFO\)/);

    for (const [name, make] of [['model FIFO', (p: string) => special.fifo(p)], ['model /dev/zero', (p: string) => symlinkSync('/dev/zero', p)]] as const) {
      const dir = join(special.dir, name.replace(/\W+/g, '-'));
      mkdirSync(dir);
      writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifestFor()));
      make(join(dir, MODEL_FILE));
      expect((await refusal(name, readBundle(dir))).message, name).toMatch(new RegExp(`^${join(dir, MODEL_FILE)}: is a (named pipe \\(FIFO\\)|device)`));
    }
  });

  it('training runs (RunStore): a run.json that is a FIFO', async () => {
    const dir = join(special.dir, 'run-fifo');
    mkdirSync(dir);
    special.fifo(join(dir, 'run.json'));
    expect((await refusal('run.json FIFO', new RunStore(dir).read())).message).toMatch(/run\.json: is a named pipe \(FIFO\)/);
  });
});
