// The teacher-output cache: its key follows the teacher's content and the data file's identity (a file rewritten in
// place, same path and size, gets a new key), a repeated run finds a sibling run's cache, rows come back in the order
// asked, and a resumed run refuses a teacher bundle that changed since it began.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/bundles/bundle-io';
import { readTeacher, requireSameTeacher } from '../../../src/main/train/distill/teacher-bundles';
import { CacheReader, CacheWriter, cacheKey, copySiblingCache, dataFileIdentity, patchesHash, readCacheMeta, type CacheKeyParts } from '../../../src/main/train/distill/teacher-cache';
import { makeCnnOnnx, manifestFor } from '../../fixtures/onnx-models';
import { writeSmallSo2Sat } from '../../so2sat/small-file';

const K = 17;
const temp = mkdtempSync(join(tmpdir(), 'lcz-teacher-cache-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function keyFor(data: string, patches: Uint32Array): Promise<string> {
  const parts: CacheKeyParts = {
    version: 1,
    teachers: [{ sha256: 'a'.repeat(64), manifestSha256: 'b'.repeat(64) }],
    fusion: 'logits',
    data: await dataFileIdentity(data),
    patches: { count: patches.length, sha256: patchesHash(patches) },
  };
  return cacheKey(parts);
}

/** A complete cache of `patches` in a run folder: row i holds patch patches[i]'s number in each of its 17 values. */
async function writeCache(runDir: string, key: string, patches: Uint32Array): Promise<void> {
  const writer = await CacheWriter.create(runDir, key);
  const rows = new Float32Array(patches.length * K);
  patches.forEach((p, i) => rows.fill(p, i * K, (i + 1) * K));
  await writer.append(rows.subarray(0, 5 * K));
  await writer.append(rows.subarray(5 * K));
  await writer.finish({ version: 1, teachers: [], fusion: 'logits', data: { path: '', size: 0, mtimeMs: 0, endsSha256: '' }, patches: { count: patches.length, sha256: '' } }, []);
}

describe('the teacher cache key', () => {
  it('changes when the data file is rewritten in place (same path, same size), and not otherwise', async () => {
    const data = join(temp, 'train.h5');
    await writeSmallSo2Sat(data, { n: 30, seed: 1 });
    // A fixed modification time, as a copy that keeps times (cp -p, rsync -t) would leave.
    const TIME = 1_700_000_000;
    utimesSync(data, TIME, TIME);
    const patches = Uint32Array.from([0, 3, 4, 9]);
    const first = await keyFor(data, patches);
    expect(await keyFor(data, patches)).toBe(first);
    const { size, mtimeMs } = statSync(data);
    await writeSmallSo2Sat(data, { n: 30, seed: 2 });
    // Same size; the modification time put back too: only the content tells the new file apart.
    utimesSync(data, TIME, TIME);
    expect(statSync(data).size).toBe(size);
    expect(statSync(data).mtimeMs).toBe(mtimeMs);
    expect(await keyFor(data, patches)).not.toBe(first);
    // Other patches, another key.
    expect(await keyFor(data, Uint32Array.from([0, 3, 4, 10]))).not.toBe(await keyFor(data, patches));
  });
});

describe('the teacher cache', () => {
  it('reads the rows of any patches, in the order asked', async () => {
    const run = join(temp, 'run-rows');
    const patches = Uint32Array.from([2, 3, 4, 5, 8, 13, 21, 22, 23, 40]);
    await writeCache(run, 'k1', patches);
    expect((await readCacheMeta(run, 'k1'))?.patches).toBe(10);
    const reader = await CacheReader.open(run, 'k1', patches);
    try {
      const asked = [22, 3, 40, 4, 2, 23, 21, 13];
      const rows = await reader.rows(asked);
      expect(Array.from({ length: asked.length }, (_, i) => rows[i * K])).toEqual(asked);
      expect(Array.from({ length: asked.length }, (_, i) => rows[i * K + K - 1])).toEqual(asked);
      await expect(reader.rows([7])).rejects.toThrow('patch 7 is not among the 10 patches of the teacher cache k1');
    } finally {
      await reader.close();
    }
  });

  it('is not found while incomplete, and a repeated run copies a sibling run\'s', async () => {
    const parent = join(temp, 'runs');
    mkdirSync(parent);
    const patches = Uint32Array.from([1, 2, 3, 4, 5, 6]);
    // A pass cut short leaves a hidden folder only: nothing to reuse.
    const cut = await CacheWriter.create(join(parent, 'a'), 'k2');
    await cut.append(new Float32Array(2 * K));
    expect(await readCacheMeta(join(parent, 'a'), 'k2')).toBeNull();
    expect(await copySiblingCache(join(parent, 'b'), 'k2')).toBeNull();
    await cut.abandon();
    await writeCache(join(parent, 'a'), 'k2', patches);
    const copied = await copySiblingCache(join(parent, 'b'), 'k2');
    expect(copied?.from).toBe(join(parent, 'a'));
    expect(await readCacheMeta(join(parent, 'b'), 'k2')).not.toBeNull();
    expect(readFileSync(join(parent, 'b', 'teacher', 'k2', 'targets.f32'))).toEqual(readFileSync(join(parent, 'a', 'teacher', 'k2', 'targets.f32')));
    // Another key is not this one.
    expect(await copySiblingCache(join(parent, 'c'), 'k3')).toBeNull();
  });
});

describe('a resumed run and its teacher', () => {
  it('refuses a teacher bundle changed since the run began, naming it', async () => {
    const dir = join(temp, 'teacher');
    await writeBundle(dir, manifestFor({ seed: 1 }), makeCnnOnnx({ seed: 1 }));
    const began = (await readTeacher([dir])).map((t) => t.record);
    const same = await readTeacher([dir]);
    expect(() => requireSameTeacher(same, began, '/runs/x/run.json')).not.toThrow();
    await writeBundle(dir, manifestFor({ seed: 1 }), makeCnnOnnx({ seed: 2 }));
    const now = await readTeacher([dir]);
    expect(() => requireSameTeacher(now, began, '/runs/x/run.json')).toThrow(`${dir}: this teacher bundle changed since the distillation run /runs/x/run.json began: its model.onnx`);
  });
});
