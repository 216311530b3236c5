/** Runs the same kernel or function on the wasm and the cpu backends and measures how far apart they are. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';

export const TOLERANCE = 1e-4;

/**
 * Largest absolute difference relative to the largest magnitude of the reference, or to `floor` when that is
 * larger (a gradient that vanishes in exact arithmetic, like a convolution's bias before batch normalisation,
 * has only rounding noise to compare).
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 0): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return Number.isNaN(diff) ? Infinity : diff / (Math.max(scale, floor) || 1);
}

export async function onBackend<T>(name: 'wasm' | 'cpu', f: () => T): Promise<T> {
  await tf.setBackend(name);
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** The kernel's output on each backend, with its shape. */
export async function kernelOnBoth(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object): Promise<{ wasm: Float32Array; cpu: Float32Array; shapes: [number[], number[]] }> {
  const run = () => {
    const out = tf.engine().runKernel(kernelName, inputs, attrs as NamedAttrMap) as tf.Tensor;
    const result = { values: out.dataSync() as Float32Array, shape: out.shape };
    out.dispose();
    return result;
  };
  const w = await onBackend('wasm', run);
  const c = await onBackend('cpu', run);
  return { wasm: w.values, cpu: c.values, shapes: [w.shape, c.shape] };
}

export function random(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/** 1 % of the largest magnitude among all the tensors: the floor for comparing a model's gradients. */
export function gradientFloor(tensors: ArrayLike<number>[]): number {
  let max = 0;
  for (const t of tensors) for (let i = 0; i < t.length; i++) max = Math.max(max, Math.abs(t[i]!));
  return 0.01 * max;
}
