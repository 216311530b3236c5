// A member's checkpoint survives a kill between the two renames of a save (the copy moved aside is put back), and a
// torn checkpoint is a message that names the damaged file, not a raw SyntaxError or a silent restart.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import { loadCheckpoint, saveCheckpoint } from '../../src/main/train/checkpoint';
import { compiledModel } from '../../src/main/train/train-member';
import { tf, useCpuBackend } from './zoo/tf-test-utils';

const temp = mkdtempSync(join(tmpdir(), 'lcz-checkpoint-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(useCpuBackend);

const spec = { arch: 'tiny-cnn' as const, inputs: 'all' as const, seed: 5, width: 1 };
const record = (epoch: number) => ({ epoch, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, learningRate: 1e-3, seconds: 1, samplesPerSecond: 10 });

/** A member folder with checkpoints of epochs 1 and 2 saved; returns the weights of epoch 2. */
async function savedTwice(name: string): Promise<{ dir: string; weights: Float32Array[] }> {
  const dir = join(temp, name);
  mkdirSync(dir);
  const { model, optimizer } = compiledModel(spec, 10, 1e-3);
  await saveCheckpoint(dir, model, optimizer, { epoch: 1, history: [record(1)] });
  // Other weights for epoch 2, so that loading the wrong copy shows.
  model.setWeights(model.getWeights().map((w) => tf.add(w, 1)));
  await saveCheckpoint(dir, model, optimizer, { epoch: 2, history: [record(1), record(2)] });
  return { dir, weights: model.getWeights().map((w) => w.dataSync() as Float32Array) };
}

async function loadError(dir: string): Promise<UserError> {
  const { model, optimizer } = compiledModel(spec, 10, 1e-3);
  const error = await loadCheckpoint(dir, model, optimizer).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('checkpoints', () => {
  it('after a kill between the two renames of a save, restores the copy moved aside', async () => {
    const { dir, weights } = await savedTwice('killed-mid-swap');
    // The state a save of epoch 3 leaves when killed after rename(checkpoint, old), before rename(fresh, checkpoint).
    renameSync(join(dir, 'checkpoint'), join(dir, '.checkpoint-old'));
    mkdirSync(join(dir, `.checkpoint-new-${process.pid}-1`));
    const { model, optimizer } = compiledModel(spec, 10, 1e-3);
    const state = await loadCheckpoint(dir, model, optimizer);
    expect(state?.epoch).toBe(2);
    expect(model.getWeights().map((w) => w.dataSync() as Float32Array)).toEqual(weights);
    expect(existsSync(join(dir, 'checkpoint', 'state.json'))).toBe(true);
    // The next save cleans up after the killed one and keeps one checkpoint.
    await saveCheckpoint(dir, model, optimizer, { epoch: 3, history: [record(1), record(2), record(3)] });
    expect(readdirSync(dir)).toEqual(['checkpoint']);
  });

  it('names the damaged file of a torn checkpoint: state.json that is not JSON, a weights.bin cut short, a part missing', async () => {
    const torn = await savedTwice('torn-state');
    writeFileSync(join(torn.dir, 'checkpoint', 'state.json'), '{"epoch": 2, "hist');
    const bad = await loadError(torn.dir);
    expect(bad.message).toContain(join(torn.dir, 'checkpoint', 'state.json'));
    expect(bad.message).toMatch(/is damaged \(not JSON/);

    const short = await savedTwice('short-weights');
    truncateSync(join(short.dir, 'checkpoint', 'weights.bin'), 1000);
    const cut = await loadError(short.dir);
    expect(cut.message).toContain(join(short.dir, 'checkpoint', 'weights.bin'));
    expect(cut.message).toMatch(/is cut short: it holds 1000 bytes, its tensors need \d+/);

    const missing = await savedTwice('missing-optimizer');
    rmSync(join(missing.dir, 'checkpoint', 'optimizer.json'));
    expect((await loadError(missing.dir)).message).toMatch(/optimizer\.json: cannot be read \(ENOENT\): the checkpoint is incomplete/);
  });

  it('has nothing to load before the first epoch', async () => {
    const dir = join(temp, 'empty');
    mkdirSync(dir);
    const { model, optimizer } = compiledModel(spec, 10, 1e-3);
    expect(await loadCheckpoint(dir, model, optimizer)).toBeNull();
  });
});
