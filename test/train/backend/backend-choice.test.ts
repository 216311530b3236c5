/** The backend choice: without @tensorflow/tfjs-node it is the wasm backend, threaded, and the notes say why. */
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';

const tfjsNodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node/package.json');
    return true;
  } catch {
    return false;
  }
})();

describe('initTrainingBackend', () => {
  it.skipIf(tfjsNodeInstalled)('picks the threaded wasm backend when tfjs-node is absent, and says why', async () => {
    const backend = await initTrainingBackend({ threads: 2 });
    expect(backend.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.threads).toBe(2);
    expect(backend.simd).toBe(true);
    expect(backend.version).toMatch(/tfjs-backend-wasm 4\.\d+\.\d+/);
    const notes = backend.notes.join('\n');
    expect(notes).toMatch(/not tfjs-node: @tensorflow\/tfjs-node is not installed/);
    expect(notes).toMatch(/threaded SIMD build.*: 2 threads for our kernels/);
    expect(notes).toMatch(/Conv2DBackpropFilter.*DepthwiseConv2dNativeBackpropFilter.*DepthwiseConv2dNativeBackpropInput/);
    // The threads really run: a convolution gradient big enough to be split comes out right.
    const x = tf.randomNormal([8, 16, 16, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
    const g = tf.grad((w) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 16, 32]));
    expect(Number.isFinite(tf.sum(g).dataSync()[0]!)).toBe(true);
  });

  it('one thread when asked, and the cpu backend when preferred', async () => {
    const single = await initTrainingBackend({ threads: 1, prefer: 'wasm' });
    expect(single).toMatchObject({ name: 'wasm', threads: 1 });
    expect(single.notes.join('\n')).toMatch(/SIMD build, 1 thread/);
    const cpu = await initTrainingBackend({ prefer: 'cpu' });
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
