/** The int32 geometry block our C kernels take (its G_* order), from tfjs-core's conv info. */
import type { backend_util } from '@tensorflow/tfjs-core';

export function geometryOf(info: backend_util.Conv2DInfo, channelMultiplier = 1): number[] {
  if (info.dataFormat !== 'channelsLast') throw new Error(`the wasm training kernels take NHWC tensors (got ${info.dataFormat})`);
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    channelMultiplier,
  ];
}

/** Multiply-adds of a convolution (depthwise: one input channel per output): to decide whether threads pay. */
export function workOf(info: backend_util.Conv2DInfo, depthwise = false): number {
  const perOutput = info.filterHeight * info.filterWidth * (depthwise ? 1 : info.inChannels);
  return info.batchSize * info.outHeight * info.outWidth * info.outChannels * perOutput;
}
