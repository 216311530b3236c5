/**
 * The agreement checks can fail: a deliberately wrong Conv2DBackpropFilter (its taps mirrored, a plausible bug)
 * registered for wasm is caught by the same comparison the kernel tests use, and restoring ours passes again.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter, registerKernel, unregisterKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';
import { conv2dBackpropFilterConfig } from '../../../src/main/train/backend/kernels/conv2d-backprop-filter';
import { registerTrainingKernels } from '../../../src/main/train/backend/register-kernels';
import { kernelOnBoth, random, relativeError, TOLERANCE } from './compare';

const broken: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const right = conv2dBackpropFilterConfig.kernelFunc(args) as TensorInfo;
    const mirrored = tf.engine().runKernel('Reverse', { x: right } as unknown as tf.NamedTensorMap, { dims: [0, 1] }) as TensorInfo;
    (args.backend as { disposeData(dataId: object): void }).disposeData(right.dataId);
    return mirrored;
  },
};

async function filterGradError(): Promise<number> {
  const x = random([2, 6, 7, 3], 1);
  const dy = random([2, 6, 7, 4], 2);
  const out = await kernelOnBoth(Conv2DBackpropFilter, { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] });
  return relativeError(out.wasm, out.cpu);
}

describe('a wrong kernel', () => {
  it('is caught, and the real one passes once restored', async () => {
    await initTrainingBackend({ threads: 1, prefer: 'wasm' });
    expect(await filterGradError()).toBeLessThan(TOLERANCE);
    unregisterKernel(Conv2DBackpropFilter, 'wasm');
    registerKernel(broken);
    try {
      expect(await filterGradError()).toBeGreaterThan(0.1);
    } finally {
      unregisterKernel(Conv2DBackpropFilter, 'wasm');
      registerTrainingKernels();
    }
    expect(await filterGradError()).toBeLessThan(TOLERANCE);
  });
});
