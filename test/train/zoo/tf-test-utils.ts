/**
 * TensorFlow.js helpers for tests: the backends (tfjs-core's reference cpu kernels, or the wasm backend with our
 * training kernels that `lcz train` runs on), seeded inputs, a few training steps, and batch norms with non-trivial
 * statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';

export { tf };

/**
 * The backend training runs on (wasm and our kernels, one thread): what the models meet in use, and five to ten times
 * quicker than the cpu backend for the deeper architectures (test/train/backend checks its kernels against tfjs-core's).
 */
export async function useTrainingBackend(): Promise<void> {
  await initTrainingBackend({ threads: 1, prefer: 'wasm' });
}

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Seeded uniform values in [lo, hi). */
export function uniform(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count }, () => lo + (hi - lo) * random());
}

/** A seeded batch of NHWC patches, values like normalised reflectance (-2..2). */
export function randomPatches(n: number, size: number, channels: number, seed: number): tf.Tensor4D {
  return tf.tensor4d(uniform(n * size * size * channels, seed, -2, 2), [n, size, size, channels]);
}

export function predict(model: tfl.LayersModel, x: tf.Tensor): Float32Array {
  const y = model.predict(x) as tf.Tensor;
  const data = y.dataSync() as Float32Array;
  y.dispose();
  return data;
}

/** Compiles with Adam and softmax cross-entropy on logits, runs `steps` batches, returns the loss of each. */
export async function trainSteps(model: tfl.LayersModel, x: tf.Tensor, labels: number[], classes: number, steps: number, learningRate = 0.01): Promise<number[]> {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
  y.dispose();
  return losses;
}

/**
 * Gives every batch norm random gamma, beta, moving mean and moving variance: after a few steps the moving statistics
 * have barely left 0 and 1 (momentum 0.99), which would hide a mistake in how the export uses them.
 */
export function randomiseBatchNorms(model: tfl.LayersModel, seed: number): void {
  let s = seed;
  const ranges: Record<string, [number, number]> = { gamma: [0.7, 1.3], beta: [-0.3, 0.3], moving_mean: [-0.3, 0.3], moving_variance: [0.4, 1.6] };
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((w) => {
      const [lo, hi] = ranges[w.originalName.split('/').pop()!]!;
      return tf.tensor(uniform(w.shape.reduce<number>((a, d) => a * d!, 1), s++, lo, hi), w.shape as number[]);
    });
    layer.setWeights(values);
    values.forEach((v) => v.dispose());
  }
}

export function nhwcToNchw(x: tf.Tensor4D): Float32Array {
  const t = tf.transpose(x, [0, 3, 1, 2]);
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

export function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}
