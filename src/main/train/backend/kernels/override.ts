/**
 * Replacing one of the wasm backend's own kernels on the cases where ours is much faster, and handing every
 * other case to the original. The original's setupFunc is kept: the engine runs it when the backend starts,
 * and the original kernelFunc needs it.
 */
import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs: NamedAttrMap;
}

/** `fast` returns null when it does not handle the case. */
export function overrideKernel(kernelName: string, fast: (args: KernelArgs) => TensorInfo | null): KernelConfig {
  const original = getKernel(kernelName, 'wasm');
  if (!original) throw new Error(`the wasm backend has no ${kernelName} kernel to override`);
  const kernelFunc = ((args: KernelArgs) => fast(args) ?? original.kernelFunc(args as Parameters<KernelFunc>[0])) as unknown as KernelFunc;
  // `original` stays reachable for comparisons (benchmarks of ours against the backend's).
  return { ...original, kernelFunc, original } as KernelConfig;
}
