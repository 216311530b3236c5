/**
 * Thin helpers for the ops LCZ Studio's classifiers use, so model code reads as layers rather than attribute
 * plumbing. Each takes tensor names and returns the output name; attributes follow the ONNX spec for opsets 13-17
 * (in that range ReduceMean still takes `axes` as an attribute and Softmax works on one axis).
 */
import { attr, type AttributeValue, type OnnxGraphBuilder } from './graph-builder';

export interface ConvOptions {
  kernel: readonly [number, number];
  strides?: readonly [number, number];
  /** [top, left, bottom, right], ONNX's order. */
  pads?: readonly [number, number, number, number];
  group?: number;
}

export function conv(g: OnnxGraphBuilder, x: string, w: string, b: string | null, o: ConvOptions): string {
  const attributes: Record<string, AttributeValue> = {
    kernel_shape: attr.ints(o.kernel),
    strides: attr.ints(o.strides ?? [1, 1]),
    pads: attr.ints(o.pads ?? [0, 0, 0, 0]),
    dilations: attr.ints([1, 1]),
    group: attr.int(o.group ?? 1),
  };
  return g.node1('Conv', b ? [x, w, b] : [x, w], { attributes });
}

export function batchNorm(g: OnnxGraphBuilder, x: string, p: { scale: string; bias: string; mean: string; variance: string; epsilon: number }): string {
  return g.node1('BatchNormalization', [x, p.scale, p.bias, p.mean, p.variance], { attributes: { epsilon: attr.float(p.epsilon) } });
}

export function relu(g: OnnxGraphBuilder, x: string, output?: string): string {
  return g.node1('Relu', [x], { output });
}

export function pool(g: OnnxGraphBuilder, op: 'MaxPool' | 'AveragePool', x: string, kernel: number, stride: number): string {
  const attributes: Record<string, AttributeValue> = { kernel_shape: attr.ints([kernel, kernel]), strides: attr.ints([stride, stride]), pads: attr.ints([0, 0, 0, 0]) };
  return g.node1(op, [x], { attributes });
}

export function globalAveragePool(g: OnnxGraphBuilder, x: string): string {
  return g.node1('GlobalAveragePool', [x]);
}

/** Flattens everything after the batch dimension, in memory order (C, H, W for NCHW). */
export function flatten(g: OnnxGraphBuilder, x: string): string {
  return g.node1('Flatten', [x], { attributes: { axis: attr.int(1) } });
}

export function transpose(g: OnnxGraphBuilder, x: string, perm: readonly number[]): string {
  return g.node1('Transpose', [x], { attributes: { perm: attr.ints(perm) } });
}

/** y = x W + b with W stored [in, out], or x W^T + b with W stored [out, in] (transB). */
export function gemm(g: OnnxGraphBuilder, x: string, w: string, b: string | null, weightsOutIn: boolean, output?: string): string {
  return g.node1('Gemm', b ? [x, w, b] : [x, w], { attributes: { transB: attr.int(weightsOutIn ? 1 : 0) }, output });
}

export function reduceMean(g: OnnxGraphBuilder, x: string, axes: readonly number[], keepdims: boolean): string {
  return g.node1('ReduceMean', [x], { attributes: { axes: attr.ints(axes), keepdims: attr.int(keepdims ? 1 : 0) } });
}

export function concat(g: OnnxGraphBuilder, xs: readonly string[], axis: number, output?: string): string {
  return g.node1('Concat', xs, { attributes: { axis: attr.int(axis) }, output });
}

export function softmax(g: OnnxGraphBuilder, x: string, axis = -1, output?: string): string {
  return g.node1('Softmax', [x], { attributes: { axis: attr.int(axis) }, output });
}

export function identity(g: OnnxGraphBuilder, x: string, output: string): string {
  return g.node1('Identity', [x], { output });
}

export interface Pool2dOptions {
  kernel: readonly [number, number];
  strides: readonly [number, number];
  /** [top, left, bottom, right], ONNX's order. */
  pads: readonly [number, number, number, number];
}

/**
 * Max or average pooling with explicit (possibly asymmetric) pads. Padded cells never count: MaxPool ignores them, and
 * AveragePool divides by the cells inside the input (count_include_pad 0), as TensorFlow's 'same' pooling does.
 */
export function pool2d(g: OnnxGraphBuilder, op: 'MaxPool' | 'AveragePool', x: string, o: Pool2dOptions): string {
  const attributes: Record<string, AttributeValue> = { kernel_shape: attr.ints(o.kernel), strides: attr.ints(o.strides), pads: attr.ints(o.pads) };
  if (op === 'AveragePool') attributes.count_include_pad = attr.int(0);
  return g.node1(op, [x], { attributes });
}

/** min(max(x, min), max); since opset 11 the bounds are scalar tensors (initializer names), not attributes. */
export function clip(g: OnnxGraphBuilder, x: string, min: string, max: string, output?: string): string {
  return g.node1('Clip', [x, min, max], { output });
}

/** Constant zero padding; `pads` names an int64 initializer [begin of each axis..., end of each axis...]. */
export function pad(g: OnnxGraphBuilder, x: string, pads: string): string {
  return g.node1('Pad', [x, pads], { attributes: { mode: attr.string('constant') } });
}

/** Element-wise binary op (inputs of the same shape, or broadcastable the NumPy way). */
export function binary(g: OnnxGraphBuilder, op: 'Add' | 'Sub' | 'Mul', a: string, b: string, output?: string): string {
  return g.node1(op, [a, b], { output });
}

/** Element-wise op over any number of inputs. */
export function variadic(g: OnnxGraphBuilder, op: 'Sum' | 'Mean' | 'Max' | 'Min', xs: readonly string[], output?: string): string {
  return g.node1(op, xs, { output });
}
