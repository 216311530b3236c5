/**
 * Whole-model checks: gradients of every weight of a small model agree between wasm and cpu, a 20-step training
 * run gives the same losses on both from the same initial weights, our leaner gradients equal tfjs-core's, and a
 * model with dropout trains on wasm without a missing kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { withOriginalGradients } from '../../../src/main/train/backend/gradients';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';
import { gradientFloor, onBackend, random, relativeError, TOLERANCE } from './compare';
import { buildTinyModel, TINY_INPUT } from './tiny-model';

const BATCH = 8;

beforeAll(async () => {
  expect((await initTrainingBackend({ threads: 2, prefer: 'wasm' })).name).toBe('wasm');
});

function data(seed: number): { x: tf.Tensor; y: tf.Tensor } {
  return { x: random([BATCH, ...TINY_INPUT], seed), y: tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32'), 5) };
}

/** Gradient of the loss (batch statistics: training mode) for every trainable weight. */
function gradients(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, tf.log(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
    return vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
}

describe('a small model on wasm and on cpu', () => {
  it('has the same gradients for every weight', async () => {
    const model = buildTinyModel();
    const { x, y } = data(1);
    const onWasm = await onBackend('wasm', () => gradients(model, x, y));
    const onCpu = await onBackend('cpu', () => gradients(model, x, y));
    expect(onWasm.length).toBe(model.trainableWeights.length);
    const floor = gradientFloor(onCpu);
    onWasm.forEach((g, i) => expect(relativeError(g, onCpu[i]!, floor), model.trainableWeights[i]!.name).toBeLessThan(TOLERANCE));
  });

  it('reaches the same losses over 20 training steps from the same initial weights', async () => {
    const model = buildTinyModel();
    const initial = model.getWeights().map((w) => tf.clone(w));
    const { x, y } = data(2);
    const train = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      model.setWeights(initial);
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) losses.push((await model.trainOnBatch(x, y)) as number);
      await tf.setBackend('wasm');
      return losses;
    };
    const wasm = await train('wasm');
    const cpu = await train('cpu');
    expect(wasm[19]!).toBeLessThan(wasm[0]! * 0.7); // it learns
    for (let i = 0; i < 20; i++) expect(Math.abs(wasm[i]! - cpu[i]!), `step ${i}: ${wasm[i]} vs ${cpu[i]}`).toBeLessThan(1e-3 * Math.abs(cpu[i]!));
  });

  it('our leaner batch-norm, mean and sum gradients equal tfjs-core own', async () => {
    const model = buildTinyModel();
    const { x, y } = data(3);
    const lean = await onBackend('cpu', () => gradients(model, x, y));
    const original = await onBackend('cpu', () => withOriginalGradients(() => gradients(model, x, y)));
    const floor = gradientFloor(original);
    lean.forEach((g, i) => expect(relativeError(g, original[i]!, floor), model.trainableWeights[i]!.name).toBeLessThan(TOLERANCE));
  });

  it('trains with dropout on wasm (no kernel missing)', async () => {
    await tf.setBackend('wasm');
    const model = buildTinyModel({ dropout: 0.3 });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const { x, y } = data(4);
    const loss = (await model.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(loss)).toBe(true);
  });
});
