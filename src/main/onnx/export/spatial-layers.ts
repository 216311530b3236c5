/**
 * Layers that slide a window over a feature map: Conv2D, DepthwiseConv2D, SeparableConv2D, max and average pooling,
 * global pooling, zero padding.
 *
 * Padding: TensorFlow's 'same' gives ceil(size / stride) outputs and, when the total padding is odd, puts the extra
 * pixel at the END (a 3x3 stride-2 conv on 32 pixels pads 0 before and 1 after; PyTorch-style symmetric padding of 1
 * would shift every window by one pixel and still give 16 outputs, so only the numbers show the difference). The pads
 * are written out explicitly for every conv and pool; auto_pad is never used.
 */
import { windowGeometry } from '../classifier-layers';
import * as op from '../op-helpers';
import { activation } from './activations';
import type { ExportContext, ExportTensor } from './context';
import { layerConfig, layerError, type Layer, type LayerCall } from './tf-graph';
import { depthwiseToGroupedOihw, hwioToOihw, layerWeights, requireWeight } from './tf-weights';

type Config = Record<string, unknown>;
const config = layerConfig;

/** A [rows, cols] option given as one number or two. */
function pair(layer: Layer, c: Config, key: string): [number, number] {
  const v = c[key];
  const values = typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [];
  if (values.length !== 2 || !values.every((n) => Number.isInteger(n) && n > 0)) throw layerError(layer, `unexpected ${key} ${JSON.stringify(v)}`);
  return values as [number, number];
}

function checkChannelsLast(layer: Layer, c: Config): void {
  if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') throw layerError(layer, `dataFormat "${String(c.dataFormat)}" is not supported; use channelsLast (So2Sat's layout)`);
}

function checkNoDilation(layer: Layer, c: Config): void {
  if (c.dilationRate !== undefined && pair(layer, c, 'dilationRate').some((d) => d !== 1)) {
    throw layerError(layer, `dilation ${JSON.stringify(c.dilationRate)} is not supported (only 1)`);
  }
}

/** ONNX pads [top, left, bottom, right] of a window op, checked against the output size tfjs computed. */
function windowPads(layer: Layer, c: Config, x: ExportTensor, out: readonly number[], kernel: [number, number], strides: [number, number]): [number, number, number, number] {
  const padding = c.padding;
  if (padding !== 'same' && padding !== 'valid') throw layerError(layer, `padding "${String(padding)}" is not supported (only same and valid)`);
  const rows = windowGeometry(x.shape[0]!, kernel[0], strides[0], padding);
  const cols = windowGeometry(x.shape[1]!, kernel[1], strides[1], padding);
  if (rows.out !== out[0] || cols.out !== out[1]) {
    throw layerError(layer, `the export computes a ${rows.out} x ${cols.out} output, tfjs ${out[0]} x ${out[1]} (a bug in the exporter)`);
  }
  return [rows.begin, cols.begin, rows.end, cols.end];
}

function biasOf(ctx: ExportContext, layer: Layer, c: Config, weights: ReturnType<typeof layerWeights>): string | null {
  return c.useBias === false ? null : ctx.weight(layer.name, 'bias', () => requireWeight(layer, weights, 'bias'));
}

export function convertConv2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[], out: readonly number[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  checkNoDilation(layer, c);
  const kernel = pair(layer, c, 'kernelSize');
  const strides = pair(layer, c, 'strides');
  const pads = windowPads(layer, c, x!, out, kernel, strides);
  const weights = layerWeights(layer);
  const w = ctx.weight(layer.name, 'kernel', () => hwioToOihw(requireWeight(layer, weights, 'kernel')));
  const y = op.conv(ctx.g, x!.name, w, biasOf(ctx, layer, c, weights), { kernel, strides, pads });
  return activation(ctx, layer, { name: y, shape: out }, c.activation as string);
}

export function convertDepthwiseConv2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[], out: readonly number[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  checkNoDilation(layer, c);
  const kernel = pair(layer, c, 'kernelSize');
  const strides = pair(layer, c, 'strides');
  const pads = windowPads(layer, c, x!, out, kernel, strides);
  const weights = layerWeights(layer);
  const w = ctx.weight(layer.name, 'depthwise_kernel', () => depthwiseToGroupedOihw(requireWeight(layer, weights, 'depthwise_kernel')));
  const y = op.conv(ctx.g, x!.name, w, biasOf(ctx, layer, c, weights), { kernel, strides, pads, group: x!.shape[2]! });
  return activation(ctx, layer, { name: y, shape: out }, c.activation as string);
}

/** Depthwise conv (with the strides and padding, no bias) then a 1x1 pointwise conv (with the bias), as tfjs computes it. */
export function convertSeparableConv2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[], out: readonly number[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  checkNoDilation(layer, c);
  const kernel = pair(layer, c, 'kernelSize');
  const strides = pair(layer, c, 'strides');
  const pads = windowPads(layer, c, x!, out, kernel, strides);
  const weights = layerWeights(layer);
  const dw = ctx.weight(layer.name, 'depthwise_kernel', () => depthwiseToGroupedOihw(requireWeight(layer, weights, 'depthwise_kernel')));
  const pw = ctx.weight(layer.name, 'pointwise_kernel', () => hwioToOihw(requireWeight(layer, weights, 'pointwise_kernel')));
  const depth = op.conv(ctx.g, x!.name, dw, null, { kernel, strides, pads, group: x!.shape[2]! });
  const y = op.conv(ctx.g, depth, pw, biasOf(ctx, layer, c, weights), { kernel: [1, 1] });
  return activation(ctx, layer, { name: y, shape: out }, c.activation as string);
}

export function convertPooling2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[], out: readonly number[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  const kernel = pair(layer, c, 'poolSize');
  const strides = c.strides == null ? kernel : pair(layer, c, 'strides');
  const pads = windowPads(layer, c, x!, out, kernel, strides);
  return op.pool2d(ctx.g, layer.getClassName() === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', x!.name, { kernel, strides, pads });
}

/** Global pooling gives [N, C] in TensorFlow; ONNX's global pools keep [N, C, 1, 1], which flattens to the same. */
export function convertGlobalPooling2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  if (c.keepDims === true) throw layerError(layer, 'keepDims is not supported');
  const pooled = layer.getClassName() === 'GlobalMaxPooling2D' ? ctx.g.node1('GlobalMaxPool', [x!.name]) : op.globalAveragePool(ctx.g, x!.name);
  return op.flatten(ctx.g, pooled);
}

export function convertZeroPadding2d(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  const c = config(layer);
  checkChannelsLast(layer, c);
  const p = c.padding as unknown;
  const valid = Array.isArray(p) && p.length === 2 && p.every((side) => Array.isArray(side) && side.length === 2 && side.every((n) => Number.isInteger(n) && n >= 0));
  if (!valid) throw layerError(layer, `unexpected padding ${JSON.stringify(p)}`);
  const [[top, bottom], [left, right]] = p as [[number, number], [number, number]];
  // NCHW: begins of N, C, H, W, then their ends.
  const pads = ctx.g.int64Initializer(ctx.g.freshName(`${layer.name}/pads`), [0, 0, top, left, 0, 0, bottom, right]);
  return op.pad(ctx.g, x!.name, pads);
}
