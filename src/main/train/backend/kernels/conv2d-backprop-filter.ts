/**
 * Conv2DBackpropFilter for the wasm backend (it has none): our WebAssembly kernel accumulates
 * dw[i, j, c, o] += x[pixel shifted by tap (i, j), c] * dy[pixel, o] with register-blocked SIMD tiles straight on
 * the backend's heap; threads split the batch and each sums into a private copy that is reduced at the end.
 */
import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type Conv2DBackpropFilterInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, assertFloat32, offsetOf } from '../wasm-heap';
import { geometryOf, workOf } from './geometry';

export function conv2dBackpropFilter(args: { inputs: Conv2DBackpropFilterInputs; backend: unknown; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  assertFloat32(Conv2DBackpropFilter, x, dy);
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs;
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
  const out = backend.makeOutput(info.filterShape, 'float32');
  const kernels = trainKernelsFor(backend);
  const g = kernels.geometry(geometryOf(info));
  const size = info.filterShape.reduce((a, b) => a * b, 1);
  kernels.splitImagesReduced('conv2d_backprop_filter', [g, offsetOf(backend, x), offsetOf(backend, dy)], offsetOf(backend, out), size, info.batchSize, workOf(info));
  return out;
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
