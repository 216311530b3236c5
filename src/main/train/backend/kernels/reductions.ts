/**
 * Sum and Mean over the leading axes of a float32 tensor (per-channel sums of NHWC activations: batch
 * normalisation and bias gradients make many of them). The backend transposes the whole tensor to bring the
 * reduced axes last before summing; our column_sum reads it once as it is, on our threads. Other reductions go to
 * the backend.
 */
import { Mean, Sum, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf } from '../wasm-heap';
import { overrideKernel, type KernelArgs } from './override';

function leadingReduction(args: KernelArgs, mean: boolean): TensorInfo | null {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype !== 'float32' || x.shape.length < 2) return null;
  const axes = util.parseAxisParam(args.attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const k = axes.length;
  if (k === 0 || k === x.shape.length || axes.some((a, i) => a !== i)) return null;
  const rows = util.sizeFromShape(x.shape.slice(0, k));
  const cols = util.sizeFromShape(x.shape.slice(k));
  const shape = args.attrs.keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
  const backend = asWasmBackend(args.backend);
  const out = backend.makeOutput(shape, 'float32');
  const kernels = trainKernelsFor(backend);
  // Memory-bound: a second thread pays from a few hundred thousand elements.
  kernels.splitImagesReduced('column_sum', [offsetOf(backend, x), cols], offsetOf(backend, out), cols, rows, rows * cols * 8);
  if (mean) kernels.call('scale_values', offsetOf(backend, out), cols, 1 / rows);
  return out;
}

export function sumConfig() {
  return overrideKernel(Sum, (args) => leadingReduction(args, false));
}

export function meanConfig() {
  return overrideKernel(Mean, (args) => leadingReduction(args, true));
}
