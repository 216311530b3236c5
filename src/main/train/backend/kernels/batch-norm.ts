/**
 * FusedBatchNorm with one mean, variance, offset and scale per channel (what tf.layers.batchNormalization
 * makes), in one SIMD pass of our kernel; other shapes go to the backend's kernel.
 */
import { FusedBatchNorm, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf } from '../wasm-heap';
import { overrideKernel } from './override';

export function batchNormConfig() {
  return overrideKernel(FusedBatchNorm, (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | undefined>;
    if (!x || !mean || !variance || x.shape.length < 1) return null;
    const channels = x.shape[x.shape.length - 1]!;
    const perChannel = (t: TensorInfo | undefined) => !t || (t.dtype === 'float32' && t.shape.length === 1 && t.shape[0] === channels);
    if (x.dtype !== 'float32' || ![mean, variance, offset, scale].every(perChannel) || util.sizeFromShape(x.shape) === 0) return null;
    const backend = asWasmBackend(args.backend);
    const out = backend.makeOutput(x.shape, 'float32');
    const scratch = backend.wasm._malloc(channels * 8);
    try {
      const at = (t: TensorInfo | undefined) => (t ? offsetOf(backend, t) : 0);
      const rows = util.sizeFromShape(x.shape) / channels;
      trainKernelsFor(backend).call('batch_norm', at(x), at(mean), at(variance), at(offset), at(scale), scratch, at(out), rows, channels, args.attrs.varianceEpsilon as number);
    } finally {
      backend.wasm._free(scratch);
    }
    return out;
  });
}
