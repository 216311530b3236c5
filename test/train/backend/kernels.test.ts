/**
 * Every kernel we register for the wasm backend agrees with the cpu backend's (relative 1e-4) on random inputs
 * over strides, paddings, kernel sizes, odd sizes, channel counts (multiples of 4 or not) and batch sizes,
 * including cases big enough to be split between threads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';
import { kernelOnBoth, random, relativeError, TOLERANCE } from './compare';

type Pad = 'same' | 'valid';
// [batch, height, width, in channels, out channels or multiplier, kernel, stride, padding]
type Case = [number, number, number, number, number, number, number, Pad];
const CASES: Case[] = [
  [1, 5, 5, 1, 1, 1, 1, 'valid'],
  [2, 7, 9, 3, 5, 3, 1, 'same'],
  [3, 9, 8, 10, 8, 3, 2, 'valid'],
  [2, 11, 13, 6, 12, 7, 2, 'same'],
  [4, 8, 8, 16, 32, 1, 1, 'valid'],
  [1, 6, 5, 5, 3, 3, 1, 'valid'],
  [5, 10, 10, 17, 9, 3, 2, 'same'],
  [3, 15, 15, 4, 6, 7, 1, 'valid'],
  [2, 9, 9, 8, 16, 1, 2, 'same'],
  // Large enough (multiply-adds) to be split between the threads.
  [4, 16, 16, 16, 32, 3, 1, 'same'],
  [6, 17, 15, 12, 20, 3, 2, 'same'],
];

const label = ([n, h, w, c, o, k, s, p]: Case) => `n${n} ${h}x${w}x${c} -> ${o}, ${k}x${k} stride ${s} ${p}`;

beforeAll(async () => {
  const backend = await initTrainingBackend({ threads: 2, prefer: 'wasm' });
  expect(backend.name).toBe('wasm');
});

describe('conv2d gradients agree with the cpu backend', () => {
  it.each(CASES.map((c) => ({ name: label(c), c })))('$name', async ({ c: values }) => {
    const [n, h, w, c, o, k, s, pad] = values;
    const x = random([n, h, w, c], 1);
    const filter = random([k, k, c, o], 2);
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], s, 1, pad);
    const dy = random(info.outShape, 3);
    const filterGrad = await kernelOnBoth('Conv2DBackpropFilter', { x, dy }, { strides: s, pad, dataFormat: 'NHWC', filterShape: filter.shape });
    expect(filterGrad.shapes[0]).toEqual(filterGrad.shapes[1]);
    expect(relativeError(filterGrad.wasm, filterGrad.cpu), label(values)).toBeLessThan(TOLERANCE);
    const inputGrad = await kernelOnBoth('Conv2DBackpropInput', { dy, filter }, { strides: s, pad, dataFormat: 'NHWC', inputShape: x.shape });
    expect(inputGrad.shapes[0]).toEqual(x.shape);
    expect(relativeError(inputGrad.wasm, inputGrad.cpu), label(values)).toBeLessThan(TOLERANCE);
  });
});

describe('forward convolutions (Conv2D, FusedConv2D) agree with the cpu backend', () => {
  it.each(CASES.map((c) => ({ name: label(c), c })))('$name', async ({ c: values }) => {
    const [n, h, w, c, o, k, s, pad] = values;
    const x = random([n, h, w, c], 21);
    const filter = random([k, k, c, o], 22);
    const bias = random([o], 23);
    const attrs = { strides: s, pad, dataFormat: 'NHWC', dilations: 1 };
    const plain = await kernelOnBoth('Conv2D', { x, filter }, attrs);
    expect(plain.shapes[0]).toEqual(plain.shapes[1]);
    expect(relativeError(plain.wasm, plain.cpu), label(values)).toBeLessThan(TOLERANCE);
    for (const activation of ['linear', 'relu', 'relu6']) {
      const fused = await kernelOnBoth('FusedConv2D', { x, filter, bias }, { ...attrs, activation });
      expect(relativeError(fused.wasm, fused.cpu), `${label(values)} ${activation}`).toBeLessThan(TOLERANCE);
    }
  });

  it('with dilation 2', async () => {
    const x = random([2, 11, 10, 5], 24);
    const filter = random([3, 3, 5, 6], 25);
    for (const pad of ['same', 'valid']) {
      const out = await kernelOnBoth('Conv2D', { x, filter }, { strides: 1, pad, dataFormat: 'NHWC', dilations: 2 });
      expect(relativeError(out.wasm, out.cpu), pad).toBeLessThan(TOLERANCE);
    }
  });
});

describe('depthwise gradients agree with the cpu backend', () => {
  it.each(CASES.map(([n, h, w, c, o, k, s, p]) => [n, h, w, c, Math.min(o, 2), k, s, p] as Case).map((c) => ({ name: label(c), c })))('$name', async ({ c: values }) => {
    const [n, h, w, c, m, k, s, pad] = values;
    const x = random([n, h, w, c], 4);
    const filter = random([k, k, c, m], 5);
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], s, 1, pad, undefined, true);
    const dy = random(info.outShape, 6);
    const attrs = { strides: s, dilations: 1, pad };
    const filterGrad = await kernelOnBoth('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape });
    expect(relativeError(filterGrad.wasm, filterGrad.cpu), label(values)).toBeLessThan(TOLERANCE);
    const inputGrad = await kernelOnBoth('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
    expect(relativeError(inputGrad.wasm, inputGrad.cpu), label(values)).toBeLessThan(TOLERANCE);
  });
});

describe('max-pool gradient agrees with the cpu backend, ties included', () => {
  it.each([
    [2, 9, 8, 5, 2, 2, 'valid'],
    [3, 11, 11, 7, 3, 2, 'same'],
    [1, 6, 6, 4, 3, 1, 'same'],
    [8, 32, 32, 32, 2, 2, 'valid'],
  ] as [number, number, number, number, number, number, Pad][])('n%i %ix%ix%i pool %i stride %i %s', async (n, h, w, c, k, s, pad) => {
    // ReLU makes many equal zeros: the gradient must go to the same one as on the cpu backend.
    const input = tf.relu(random([n, h, w, c], 7));
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], k, s, 1, pad);
    const dy = random(info.outShape, 8);
    const grad = await kernelOnBoth('MaxPoolGrad', { dy, input }, { filterSize: k, strides: s, pad });
    expect(relativeError(grad.wasm, grad.cpu)).toBeLessThan(TOLERANCE);
  });
});

describe('tile, sum, mean, batch norm and elementwise kernels agree with the cpu backend', () => {
  it.each([
    [[1, 1, 1, 5], [3, 4, 2, 1]],
    [[2, 3], [2, 5]],
    [[1, 2, 1, 3, 1], [2, 1, 3, 1, 4]],
  ])('tile %j by %j', async (shape, reps) => {
    const x = random(shape, 9);
    const out = await kernelOnBoth('Tile', { x }, { reps });
    expect(out.shapes[0]).toEqual(out.shapes[1]);
    expect(relativeError(out.wasm, out.cpu)).toBe(0);
  });

  it('sum and mean over the leading axes of a tensor large enough for the threads', async () => {
    const x = random([64, 16, 16, 32], 19);
    for (const kernel of ['Sum', 'Mean']) {
      const out = await kernelOnBoth(kernel, { x }, { axis: [0, 1, 2], keepDims: false });
      expect(relativeError(out.wasm, out.cpu), kernel).toBeLessThan(TOLERANCE);
    }
  });

  it.each([[[0, 1, 2], false], [[0, 1, 2], true], [[0], false], [[1, 2], false], [[3], true], [[0, 2], false], [[-1], false]] as [number[], boolean][])(
    'over axes %j (keepDims %s)',
    async (axis, keepDims) => {
      const x = random([5, 7, 6, 19], 10);
      for (const kernel of ['Sum', 'Mean']) {
        const out = await kernelOnBoth(kernel, { x }, { axis, keepDims });
        expect(out.shapes[0], kernel).toEqual(out.shapes[1]);
        expect(relativeError(out.wasm, out.cpu), kernel).toBeLessThan(TOLERANCE);
      }
    },
  );

  it.each([[[4, 5, 6, 7], true, true], [[3, 9, 9, 13], false, true], [[10, 6], true, false], [[2, 3, 3, 32], false, false]] as [number[], boolean, boolean][])(
    'batch norm of %j (offset %s, scale %s)',
    async (shape, withOffset, withScale) => {
      const c = shape[shape.length - 1]!;
      const inputs: Record<string, tf.Tensor> = { x: random(shape, 12), mean: random([c], 13), variance: tf.abs(random([c], 14)) };
      if (withOffset) inputs.offset = random([c], 15);
      if (withScale) inputs.scale = random([c], 16);
      const out = await kernelOnBoth('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
      expect(relativeError(out.wasm, out.cpu)).toBeLessThan(TOLERANCE);
    },
  );

  it.each([
    // Large enough to be split between the threads.
    [[64, 16, 16, 32], [64, 16, 16, 32]],
    [[64, 16, 16, 32], [32]],
    [[32], [64, 16, 16, 32]],
    [[6, 5, 7], [1, 1, 7]],
    [[6, 5, 7], [5, 7]],
    [[3, 4], []],
    [[], [3, 4]],
    [[1, 5], [5]],
    [[5], [1, 5]],
    [[4, 1, 3], [4, 5, 3]],
    [[2, 3], [2, 1]],
  ])('add, multiply and subtract %j and %j', async (shapeA, shapeB) => {
    const a = random(shapeA, 17);
    const b = random(shapeB, 18);
    for (const kernel of ['Add', 'Multiply', 'Sub']) {
      const out = await kernelOnBoth(kernel, { a, b }, {});
      expect(out.shapes[0], kernel).toEqual(out.shapes[1]);
      expect(relativeError(out.wasm, out.cpu), kernel).toBeLessThan(TOLERANCE);
    }
  });

  it('identity shares its input and survives the input being disposed', async () => {
    await tf.setBackend('wasm');
    const x = random([4, 5], 11);
    const expected = x.dataSync().slice();
    const y = tf.engine().runKernel('Identity', { x }, {}) as tf.Tensor;
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(Array.from(expected));
    y.dispose();
  });
});
