import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listBundles, readBundle, writeBundle } from '../../src/main/bundles/bundle-io';
import { ClassifierSession } from '../../src/main/onnx/classifier-session';
import { UserError } from '../../src/shared/errors';
import { makeCnnOnnx, manifestFor, randomPatches, tempFolder, type CnnFixtureOptions } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-bundles-');
afterAll(temp.cleanup);

const so2sat: CnnFixtureOptions = { channels: 10, patchSize: 32, classes: 17, seed: 3 };

/** A bundle folder written by hand (no checks), as a user or an older version might leave one. */
function handMade(name: string, manifest: unknown, model: Uint8Array): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'model.onnx'), model);
  return dir;
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw error;
  return error;
}

describe('model bundles', () => {
  it('write then read gives the manifest back, with only model.onnx and manifest.json on disk', async () => {
    const dir = join(temp.dir, 'nested', 'so2sat');
    const written = await writeBundle(dir, manifestFor(so2sat), makeCnnOnnx(so2sat));
    const read = await readBundle(dir);
    expect(read).toEqual(written);
    expect(read.manifest).toEqual(manifestFor(so2sat));
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'model.onnx']);
    expect(readdirSync(join(temp.dir, 'nested'))).toEqual(['so2sat']); // no temp folders left beside it
    const session = await ClassifierSession.open(read, { threads: 1 });
    const p = await session.run(randomPatches(2, 10, 32), 2);
    expect(p.subarray(0, 17).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await session.dispose();
  });

  it('names manifest.json and each problem in plain words', async () => {
    const { bands, ...rest } = manifestFor(so2sat);
    const typo = handMade('typo', { ...rest, bandz: bands }, makeCnnOnnx(so2sat));
    const error = await userError(readBundle(typo));
    expect(error.message).toContain(`${join(typo, 'manifest.json')}: `);
    expect(error.message).toContain('unknown key "bandz" (did you mean "bands"?)');
    expect(error.message).toContain('bands is missing (it should be a list)');

    const m = manifestFor(so2sat);
    const several = handMade('several', { ...m, input: { ...m.input, layout: 'NCWH' }, bands: [{ ...m.bands[0]!, id: 'B4' }, ...m.bands.slice(1)], classes: [1] }, makeCnnOnnx(so2sat));
    const message = (await userError(readBundle(several))).message;
    expect(message).toContain('input.layout should be one of "NCHW", "NHWC", not "NCWH"');
    expect(message).toContain('bands[0].id is not a known band id');
    expect(message).toContain('classes should be a list of at least 2 item(s)');

    const broken = handMade('broken-json', '{ "schemaVersion": 1,', makeCnnOnnx(so2sat));
    expect((await userError(readBundle(broken))).message).toMatch(/manifest\.json: not valid JSON/);
  });

  it('refuses a manifest that disagrees with its model (10 bands listed, 6 channels taken)', async () => {
    const six = { ...so2sat, channels: 6 };
    const dir = handMade('mismatch', manifestFor(so2sat), makeCnnOnnx(six));
    const error = await userError(readBundle(dir));
    expect(error.message).toContain(`${join(dir, 'model.onnx')}: `);
    expect(error.message).toContain("the manifest lists 10 bands but the model's input [N, 6, 32, 32] (NCHW) takes 6 channels");

    const target = join(temp.dir, 'never-written');
    const refused = await userError(writeBundle(target, manifestFor(so2sat), makeCnnOnnx(six)));
    expect(refused.message).toContain('takes 6 channels');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(temp.dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('checks patch size, classes, layout and output kind against the model', async () => {
    const model = makeCnnOnnx(so2sat);
    const m = manifestFor(so2sat);
    const cases: [string, object, string][] = [
      ['patch', { input: { ...m.input, patchSize: 16 } }, "the manifest says 16-pixel patches but the model's input [N, 10, 32, 32] (NCHW) takes 32 x 32"],
      ['classes', { classes: [1, 2, 3] }, 'the manifest lists 3 classes but the model outputs 17 scores per patch'],
      ['layout', { input: { ...m.input, layout: 'NHWC' } }, 'takes 32 channels'],
      ['kind', { output: { ...m.output, kind: 'probabilities' } }, 'the manifest says the output is probabilities but the model ends in Gemm'],
      ['batch', { input: { ...m.input, fixedBatch: 8 } }, 'the manifest says a fixed batch of 8 but the model takes any batch'],
    ];
    for (const [name, change, problem] of cases) {
      expect((await userError(readBundle(handMade(`wrong-${name}`, { ...m, ...change }, model)))).message).toContain(problem);
    }
  });

  it('replaces an existing bundle but never a folder that is not one', async () => {
    const dir = join(temp.dir, 'replace-me');
    await writeBundle(dir, manifestFor(so2sat, { name: 'first' }), makeCnnOnnx(so2sat));
    await writeBundle(dir, manifestFor(so2sat, { name: 'second' }), makeCnnOnnx(so2sat));
    expect((await readBundle(dir)).manifest.name).toBe('second');

    const photos = join(temp.dir, 'photos');
    mkdirSync(photos);
    writeFileSync(join(photos, 'holiday.jpg'), 'jpeg');
    const error = await userError(writeBundle(photos, manifestFor(so2sat), makeCnnOnnx(so2sat)));
    expect(error.message).toMatch(/photos: this folder exists and is not a model bundle/);
    expect(readdirSync(photos)).toEqual(['holiday.jpg']);

    const file = temp.put('a-file', 'x');
    expect((await userError(writeBundle(file, manifestFor(so2sat), makeCnnOnnx(so2sat)))).message).toMatch(/a-file: a file has this name/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('lists a folder of bundles, reporting broken ones without failing', async () => {
    const folder = join(temp.dir, 'library');
    await writeBundle(join(folder, 'a'), manifestFor(so2sat, { name: 'a' }), makeCnnOnnx(so2sat));
    await writeBundle(join(folder, 'b'), manifestFor({ ...so2sat, channels: 4 }, { name: 'b' }), makeCnnOnnx({ ...so2sat, channels: 4 }));
    mkdirSync(join(folder, 'c'));
    writeFileSync(join(folder, 'c', 'model.onnx'), makeCnnOnnx(so2sat));
    mkdirSync(join(folder, '.d.1234.tmp')); // a half-written bundle: skipped
    writeFileSync(join(folder, 'readme.txt'), 'not a folder');
    const { bundles, broken } = await listBundles(folder);
    expect(bundles.map((b) => b.manifest.name)).toEqual(['a', 'b']);
    expect(broken).toEqual([{ dir: join(folder, 'c'), problem: `${join(folder, 'c')}: this folder is not a model bundle: it has no manifest.json` }]);
    expect(await listBundles(join(temp.dir, 'no-such-folder'))).toEqual({ bundles: [], broken: [] });
  });

  it('names a missing model.onnx and a missing folder', async () => {
    const dir = join(temp.dir, 'no-model');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifestFor(so2sat)));
    expect((await userError(readBundle(dir))).message).toBe(`${join(dir, 'model.onnx')}: the bundle has no model.onnx`);
    expect((await userError(readBundle(join(temp.dir, 'nowhere')))).message).toMatch(/nowhere: the bundle folder does not exist/);
  });
});
