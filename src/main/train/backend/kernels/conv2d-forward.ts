/**
 * Conv2D and FusedConv2D (bias, then linear, relu or relu6) in our forward-convolution kernel, which also runs
 * the input gradient of stride-1 convolutions (conv2d-backprop-input.ts). On one thread it is about as fast as
 * the backend's XNNPACK convolution; it is here for the threads: XNNPACK's own thread pool (Emscripten
 * pthreads) made training 1.5 to 2 times slower on a shared 2-core machine than XNNPACK on one thread with
 * our kernels on two (see wasm-loader.ts), so every convolution runs on our thread pool instead. Other
 * activations, PReLU weights and NCHW go to the backend's kernels.
 */
import { backend_util, Conv2D, FusedConv2D, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf, type WasmBackendLike } from '../wasm-heap';
import { geometryOf, workOf } from './geometry';
import { overrideKernel, type KernelArgs } from './override';

type Shape4 = [number, number, number, number];
type Geometry = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
/** The kernel's activation codes. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2 };

/** Runs our forward kernel for `info` (x: its input, w: [kh, kw, C, O]); `geometry` overrides the block. */
export function forwardConv(backend: WasmBackendLike, info: backend_util.Conv2DInfo, x: TensorInfo, w: TensorInfo, bias: TensorInfo | null, activation = 0, geometry = geometryOf(info)): TensorInfo {
  const out = backend.makeOutput(info.outShape, 'float32');
  const kernels = trainKernelsFor(backend);
  const heap = backend.wasm;
  // The filter in blocks of 8 output channels (zero-padded), read contiguously by the kernel.
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const packed = heap._malloc(Math.ceil(info.outChannels / 8) * 8 * rows * 4);
  let padded = 0;
  try {
    kernels.call('pack_filter', offsetOf(backend, w), packed, rows, info.outChannels);
    const g = [...geometry.slice(0, 15), activation];
    // A zero border around the input (one copy) lets every output pixel take the fast 4-pixel path.
    const [n, h, wd, c, , , , kh, kw, sh, sw, dh, dw, pt, pl] = g as number[] as Geometry;
    const pb = Math.max(0, (info.outHeight - 1) * sh + (kh - 1) * dh + 1 - h - pt);
    const pr = Math.max(0, (info.outWidth - 1) * sw + (kw - 1) * dw + 1 - wd - pl);
    let input = offsetOf(backend, x);
    if (pt > 0 || pl > 0 || pb > 0 || pr > 0) {
      padded = heap._malloc(n * (h + pt + pb) * (wd + pl + pr) * c * 4);
      kernels.call('pad_nhwc', input, padded, n, h, wd, c, pt, pb, pl, pr);
      input = padded;
      g[1] = h + pt + pb;
      g[2] = wd + pl + pr;
      g[13] = 0;
      g[14] = 0;
    }
    kernels.splitImages('conv2d_forward', [kernels.geometry(g), input, packed, bias ? offsetOf(backend, bias) : 0, offsetOf(backend, out)], info.batchSize, workOf(info));
  } finally {
    heap._free(packed);
    if (padded) heap._free(padded);
  }
  return out;
}

function conv(args: KernelArgs, fused: boolean): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
  const activation = ACTIVATIONS[fused ? ((args.attrs.activation as string | undefined) ?? 'linear') : 'linear'];
  if (!x || !filter || activation === undefined || preluActivationWeights || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as { strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat?: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
  if (dataFormat === 'NCHW') return null;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations ?? 1, pad, dimRoundingMode, false, 'channelsLast');
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== info.outChannels)) return null;
  return forwardConv(asWasmBackend(args.backend), info, x, filter, bias ?? null, activation);
}

export function conv2dConfig() {
  return overrideKernel(Conv2D, (args) => conv(args, false));
}

export function fusedConv2dConfig() {
  return overrideKernel(FusedConv2D, (args) => conv(args, true));
}
