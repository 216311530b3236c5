import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES, ARCH_IDS, architecture, createModel, isArchId, parameterCount, type ArchId } from '../../../src/main/train/zoo';
import { maxAbs, predict, randomPatches, tf, trainSteps, useTrainingBackend } from './tf-test-utils';

/** Small widths keep training steps quick; every architecture still has all its layers. */
const TEST_WIDTH: Record<ArchId, number> = { resnet18: 0.125, 'sen2lcz-net': 0.25, densenet: 0.25, mobilenet: 0.125, 'tiny-separable': 1, 'tiny-cnn': 1 };

beforeAll(useTrainingBackend);

describe('ARCHITECTURES', () => {
  it('describes every architecture once, teachers and students', () => {
    expect(ARCHITECTURES.map((a) => a.id).sort()).toEqual([...ARCH_IDS].sort());
    for (const a of ARCHITECTURES) {
      expect(a.name.length).toBeGreaterThan(2);
      expect(a.description.length).toBeGreaterThan(40);
      expect(architecture(a.id)).toBe(a);
      expect(isArchId(a.id)).toBe(true);
    }
    expect(new Set(ARCHITECTURES.map((a) => a.role))).toEqual(new Set(['teacher', 'student']));
    expect(isArchId('vgg16')).toBe(false);
    expect(JSON.parse(JSON.stringify(ARCHITECTURES))).toEqual(ARCHITECTURES); // plain data: it crosses IPC to the UI
  });

  it('states the parameter count each architecture really has (10 bands, 17 classes, width 1)', () => {
    for (const a of ARCHITECTURES) {
      const model = createModel(a.id, { channels: 10, classes: 17, seed: 1 });
      const count = parameterCount(model);
      model.dispose();
      expect({ id: a.id, params: count.total }).toEqual({ id: a.id, params: a.typicalParams });
      expect(count.trainable).toBeLessThan(count.total); // the batch-norm statistics are not trained
    }
    const params = (id: ArchId) => architecture(id).typicalParams;
    expect(params('resnet18')).toBeGreaterThan(10e6);
    expect(params('tiny-cnn')).toBeGreaterThan(2e3);
    expect(params('tiny-cnn')).toBeLessThan(1e4);
    expect(params('tiny-separable')).toBeLessThan(5e4);
    for (const a of ARCHITECTURES) if (a.role === 'student') expect(a.typicalParams).toBeLessThan(params('resnet18') / 10);
  });

  it('scales with the width multiplier', () => {
    const count = (width: number) => {
      const m = createModel('mobilenet', { channels: 10, classes: 17, seed: 1, width });
      const n = parameterCount(m).total;
      m.dispose();
      return n;
    };
    expect(count(0.5)).toBeLessThan(count(1) / 3);
    expect(count(2)).toBeGreaterThan(count(1) * 3);
  });
});

describe('createModel', () => {
  for (const id of ARCH_IDS) {
    it(`${id}: 32 x 32 x 10 patches in, 17 logits out, the same weights for the same seed`, () => {
      const options = { channels: 10, classes: 17, seed: 7, width: TEST_WIDTH[id] };
      const model = createModel(id, options);
      expect(model.inputs[0]!.shape).toEqual([null, 32, 32, 10]);
      expect(model.outputs[0]!.shape).toEqual([null, 17]);
      const x = randomPatches(3, 32, 10, 1);
      const logits = predict(model, x);
      expect(logits).toHaveLength(3 * 17);
      expect(logits.every(Number.isFinite)).toBe(true);
      expect(maxAbs(logits.map((v, i) => v - logits[i % 17]!))).toBeGreaterThan(1e-4); // patches give different scores

      const again = createModel(id, options);
      const other = createModel(id, { ...options, seed: 8 });
      const weights = (m: typeof model) => m.getWeights().map((w) => Array.from(w.dataSync()));
      expect(weights(again)).toEqual(weights(model));
      expect(weights(other)).not.toEqual(weights(model));
      // Layer names are the architecture's own, whatever was built before.
      expect(again.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      for (const m of [model, again, other]) m.dispose();
      x.dispose();
    });
  }

  for (const id of ARCH_IDS) {
    it(`${id}: trains (the loss falls over a few steps on a tiny problem)`, async () => {
      const model = createModel(id, { channels: 4, classes: 3, seed: 3, width: TEST_WIDTH[id], patchSize: 16 });
      const x = randomPatches(4, 16, 4, 5);
      const losses = await trainSteps(model, x, [0, 1, 2, 1], 3, 5);
      expect(losses.every(Number.isFinite)).toBe(true);
      // Dropout makes single losses noisy (+-25 % for MobileNet without learning); learning cuts them by half or more.
      expect(losses[4]!, losses.map((l) => l.toFixed(3)).join(' ')).toBeLessThan(losses[0]! * 0.6);
      model.dispose();
      x.dispose();
    });
  }

  it('refuses options it cannot build', () => {
    const ok = { channels: 10, classes: 17, seed: 1 };
    expect(() => createModel('vgg16' as ArchId, ok)).toThrow(/unknown architecture "vgg16"/);
    expect(() => createModel('tiny-cnn', { ...ok, channels: 0 })).toThrow(/channels/);
    expect(() => createModel('tiny-cnn', { ...ok, classes: 1 })).toThrow(/classes/);
    expect(() => createModel('tiny-cnn', { ...ok, seed: 0.5 })).toThrow(/seed/);
    expect(() => createModel('tiny-cnn', { ...ok, width: 0 })).toThrow(/width/);
    expect(() => createModel('tiny-cnn', { ...ok, patchSize: 4 })).toThrow(/patch size/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
