/**
 * Registers our training kernels for the wasm backend only (the cpu backend and tfjs-node have their own).
 * Idempotent. Three are missing from tfjs-backend-wasm 4.22 (found by training small tf.layers models with
 * every layer kind and collecting the "kernel not registered" errors); the others replace backend kernels that a
 * training step of the reference net spent its time in (tf.profile): Conv2DBackpropInput (a scalar loop),
 * Conv2D and FusedConv2D (to run on our threads), Tile, Sum, Mean, MaxPoolGrad, FusedBatchNorm (slow generic
 * loops), Identity and same-dtype Cast (needless copies), Add, Multiply, Sub (to run on our threads).
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input';
import { batchNormConfig } from './kernels/batch-norm';
import { addConfig, multiplyConfig, subConfig } from './kernels/binary';
import { conv2dConfig, fusedConv2dConfig } from './kernels/conv2d-forward';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './kernels/depthwise-backprop';
import { castConfig, identityConfig } from './kernels/identity';
import { maxPoolGradConfig } from './kernels/max-pool-grad';
import { meanConfig, sumConfig } from './kernels/reductions';
import { tileConfig } from './kernels/tile';

/** Kernels the wasm backend lacks for training. */
export const MISSING_KERNELS: readonly KernelConfig[] = [conv2dBackpropFilterConfig, depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig];

let cached: KernelConfig[] | null = null;

/** The missing kernels, and faster versions of backend kernels a training step spends its time in. */
export function trainingKernels(): readonly KernelConfig[] {
  // The overrides wrap the backend's originals, so they are made once, after tfjs-backend-wasm registered them.
  cached ??= [...MISSING_KERNELS, conv2dBackpropInputConfig, tileConfig(), sumConfig(), meanConfig(), maxPoolGradConfig(), identityConfig(), castConfig(), batchNormConfig(), conv2dConfig(), fusedConv2dConfig(), addConfig(), multiplyConfig(), subConfig()];
  return cached;
}

/** Names of the kernels registered, for the notes of the backend choice. */
export function registerTrainingKernels(): string[] {
  const configs = trainingKernels();
  for (const config of configs) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing === config) continue;
    if (existing) unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
  return configs.map((k) => k.kernelName);
}
