/**
 * MaxPoolGrad in our WebAssembly kernel, split between threads by images: the gradient of each output pixel goes
 * to the first maximum of its window, the cpu backend's rule (ties are common after ReLU).
 */
import { backend_util, MaxPoolGrad, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf } from '../wasm-heap';
import { geometryOf, workOf } from './geometry';
import { overrideKernel } from './override';

type Pair = [number, number] | number;

export function maxPoolGradConfig() {
  return overrideKernel(MaxPoolGrad, (args) => {
    const dy = args.inputs.dy as TensorInfo;
    const x = args.inputs.input as TensorInfo;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4) return null;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as { filterSize: Pair; strides: Pair; pad: backend_util.PadInfo['type'] | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad as 'valid', dimRoundingMode);
    const backend = asWasmBackend(args.backend);
    const out = backend.makeOutput(x.shape, 'float32');
    const kernels = trainKernelsFor(backend);
    const g = kernels.geometry(geometryOf(info));
    kernels.splitImages('max_pool_grad', [g, offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, out)], info.batchSize, workOf(info, true) * 4);
    return out;
  });
}
