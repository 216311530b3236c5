/**
 * Tile of float32 tensors up to rank 7 by whole-block copies. tfjs-core's batch-norm gradient tiles the
 * per-channel scale to the full activation shape; the backend's Tile computes coordinates per element and was
 * the largest single cost of a training step.
 */
import { Tile, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf } from '../wasm-heap';
import { overrideKernel } from './override';

export function tileConfig() {
  return overrideKernel(Tile, (args) => {
    const x = args.inputs.x as TensorInfo;
    const reps = args.attrs.reps as number[];
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank === 0 || rank > 7 || reps.length !== rank || util.sizeFromShape(x.shape) === 0) return null;
    const backend = asWasmBackend(args.backend);
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]!), 'float32');
    if (util.sizeFromShape(out.shape) === 0) return out;
    const kernels = trainKernelsFor(backend);
    kernels.call('tile', kernels.geometry([rank, ...x.shape, ...reps]), offsetOf(backend, x), offsetOf(backend, out));
    return out;
  });
}
