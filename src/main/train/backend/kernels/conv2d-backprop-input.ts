/**
 * Conv2DBackpropInput for the wasm backend, replacing its scalar loop. With stride 1 the input gradient is a
 * forward convolution of dy with the filter rotated by 180 degrees and its channel axes swapped, padded by
 * (k - 1 - pad): our forward kernel runs it (it was the backend's XNNPACK Conv2D at first: ours is faster).
 * Other strides scatter each output pixel's gradient through the taps in our WebAssembly kernel.
 */
import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type Conv2DBackpropInputInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, assertFloat32, offsetOf, type WasmBackendLike } from '../wasm-heap';
import { forwardConv } from './conv2d-forward';
import { geometryOf, workOf } from './geometry';

export function conv2dBackpropInput(args: { inputs: Conv2DBackpropInputInputs; backend: unknown; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  assertFloat32(Conv2DBackpropInput, dy, filter);
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs;
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));
  const kernels = trainKernelsFor(backend);
  const g = kernels.geometry(geometryOf(info));
  const { top, bottom, left, right } = info.padInfo;
  const fullPads = [info.filterHeight - 1 - top, info.filterHeight - 1 - bottom, info.filterWidth - 1 - left, info.filterWidth - 1 - right];
  if (info.strideHeight === 1 && info.strideWidth === 1 && fullPads.every((p) => p >= 0)) {
    return viaForwardConv(backend, dy, filter, info, fullPads as [number, number, number, number]);
  }
  const transposed = backend.makeOutput([info.filterHeight, info.filterWidth, info.outChannels, info.inChannels], 'float32');
  try {
    kernels.call('transpose_filter', g, offsetOf(backend, filter), offsetOf(backend, transposed));
    const out = backend.makeOutput(info.inShape, 'float32');
    kernels.splitImages('conv2d_backprop_input', [g, offsetOf(backend, dy), offsetOf(backend, transposed), offsetOf(backend, out)], info.batchSize, workOf(info));
    return out;
  } finally {
    backend.disposeData(transposed.dataId);
  }
}

function viaForwardConv(backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo, [t, , l]: [number, number, number, number]): TensorInfo {
  const kernels = trainKernelsFor(backend);
  const flipped = backend.makeOutput([info.filterHeight, info.filterWidth, info.outChannels, info.inChannels], 'float32');
  try {
    kernels.call('flip_filter', kernels.geometry(geometryOf(info)), offsetOf(backend, filter), offsetOf(backend, flipped));
    // The forward convolution of dy (C = the layer's outputs) giving the layer's input shape.
    const g = [info.batchSize, info.outHeight, info.outWidth, info.outChannels, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth, 1, 1, 1, 1, t, l];
    const forward = { ...info, outShape: info.inShape, batchSize: info.batchSize, outHeight: info.inHeight, outWidth: info.inWidth, outChannels: info.inChannels, inChannels: info.outChannels };
    return forwardConv(backend, forward, dy, flipped, null, 0, g);
  } finally {
    backend.disposeData(flipped.dataId);
  }
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelConfig['kernelFunc'],
};
