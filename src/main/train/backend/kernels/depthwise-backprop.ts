/**
 * The two depthwise-convolution gradients the wasm backend lacks, in our WebAssembly kernels (vectorised over
 * channels when the channel multiplier is 1). Threads split the batch: the filter gradient is summed from
 * private copies, the input gradient's images are disjoint.
 */
import { backend_util, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropFilterAttrs, type DepthwiseConv2dNativeBackpropFilterInputs, type DepthwiseConv2dNativeBackpropInputAttrs, type DepthwiseConv2dNativeBackpropInputInputs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, assertFloat32, offsetOf } from '../wasm-heap';
import { geometryOf, workOf } from './geometry';

type Shape4 = [number, number, number, number];

export function depthwiseBackpropFilter(args: { inputs: DepthwiseConv2dNativeBackpropFilterInputs; backend: unknown; attrs: DepthwiseConv2dNativeBackpropFilterAttrs }): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  assertFloat32(DepthwiseConv2dNativeBackpropFilter, x, dy);
  const { strides, dilations, pad, dimRoundingMode, filterShape } = args.attrs;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, dilations, pad, dimRoundingMode, true);
  const out = backend.makeOutput(info.filterShape, 'float32');
  const kernels = trainKernelsFor(backend);
  const g = kernels.geometry(geometryOf(info, filterShape[3]));
  const size = info.filterShape.reduce((a, b) => a * b, 1);
  kernels.splitImagesReduced('depthwise_backprop_filter', [g, offsetOf(backend, x), offsetOf(backend, dy)], offsetOf(backend, out), size, info.batchSize, workOf(info, true));
  return out;
}

export function depthwiseBackpropInput(args: { inputs: DepthwiseConv2dNativeBackpropInputInputs; backend: unknown; attrs: DepthwiseConv2dNativeBackpropInputAttrs }): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  assertFloat32(DepthwiseConv2dNativeBackpropInput, dy, filter);
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs;
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, true);
  const out = backend.makeOutput(info.inShape, 'float32');
  const kernels = trainKernelsFor(backend);
  const g = kernels.geometry(geometryOf(info, filter.shape[3]));
  kernels.splitImages('depthwise_backprop_input', [g, offsetOf(backend, dy), offsetOf(backend, filter), offsetOf(backend, out)], info.batchSize, workOf(info, true));
  return out;
}

export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as KernelConfig['kernelFunc'],
};

export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as KernelConfig['kernelFunc'],
};
