/**
 * Layers that do not slide a window: batch norm, activations, dense, flatten, merges, and the layers that do nothing
 * at inference (dropout and noise).
 */
import { attr } from '../graph-builder';
import * as op from '../op-helpers';
import { activation } from './activations';
import { onnxAxis, type ExportContext, type ExportTensor } from './context';
import { layerConfig as config, layerError, type LayerCall } from './tf-graph';
import { layerWeights, requireWeight } from './tf-weights';

/**
 * Inference-form batch norm with the moving statistics: y = (x - mean) / sqrt(var + epsilon) * gamma + beta, as an
 * ONNX BatchNormalization (onnxruntime folds it into a preceding conv). Epsilon is the layer's own (Keras and tfjs
 * default to 1e-3, ONNX to 1e-5: leaving it out would be a silent error of up to 0.05 % per layer on small variances).
 */
export function convertBatchNormalization(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  const c = config(layer);
  const rank = x!.shape.length + 1;
  const axis = typeof c.axis === 'number' ? c.axis : NaN;
  if (axis !== -1 && axis !== rank - 1) throw layerError(layer, `normalising axis ${JSON.stringify(c.axis)} is not supported (only the channels, the last axis)`);
  const epsilon = c.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon >= 0)) throw layerError(layer, `unexpected epsilon ${JSON.stringify(epsilon)}`);
  const weights = layerWeights(layer);
  const channels = x!.shape.at(-1)!;
  const get = (name: string, fallback: number | null) => () => {
    const w = weights.get(name);
    if (w) return w;
    if (fallback === null) return requireWeight(layer, weights, name);
    return { data: new Float32Array(channels).fill(fallback), shape: [channels] }; // scale: false / center: false
  };
  return op.batchNorm(ctx.g, x!.name, {
    scale: ctx.weight(layer.name, 'gamma', get('gamma', 1)),
    bias: ctx.weight(layer.name, 'beta', get('beta', 0)),
    mean: ctx.weight(layer.name, 'moving_mean', get('moving_mean', null)),
    variance: ctx.weight(layer.name, 'moving_variance', get('moving_variance', null)),
    epsilon,
  });
}

export function convertActivation(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  return activation(ctx, layer, x!, config(layer).activation as string);
}

/** tfjs's ReLU layer: max(x, 0), capped at maxValue when it has one (6 for ReLU6). */
export function convertReLU(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  const max = config(layer).maxValue;
  if (max == null) return op.relu(ctx.g, x!.name);
  if (typeof max !== 'number') throw layerError(layer, `unexpected maxValue ${JSON.stringify(max)}`);
  return op.clip(ctx.g, x!.name, ctx.scalar(0), ctx.scalar(max));
}

export function convertLeakyReLU(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  return ctx.g.node1('LeakyRelu', [x!.name], { attributes: { alpha: attr.float(Number(config(layer).alpha)) } });
}

export function convertElu(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  return ctx.g.node1('Elu', [x!.name], { attributes: { alpha: attr.float(Number(config(layer).alpha)) } });
}

/** tfjs's Softmax layer defaults to axis 1 (Keras's to -1); the same on [N, K] scores, not on a feature map. */
export function convertSoftmax(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[]): string {
  const a = config(layer).axis;
  const axis = Array.isArray(a) && a.length === 1 ? a[0] : a;
  if (typeof axis !== 'number') throw layerError(layer, `softmax over axes ${JSON.stringify(a)} is not supported (one axis only)`);
  return op.softmax(ctx.g, x!.name, onnxAxis(axis, x!.shape));
}

/** y = x W + b, W stored [in, out] as TensorFlow keeps it. */
export function convertDense(ctx: ExportContext, { layer }: LayerCall, [x]: ExportTensor[], out: readonly number[]): string {
  if (x!.shape.length !== 1) throw layerError(layer, `a dense layer on a [${x!.shape.join(', ')}] map is not supported; put a Flatten or a global pooling before it`);
  const c = config(layer);
  const weights = layerWeights(layer);
  const w = ctx.weight(layer.name, 'kernel', () => requireWeight(layer, weights, 'kernel'));
  const b = c.useBias === false ? null : ctx.weight(layer.name, 'bias', () => requireWeight(layer, weights, 'bias'));
  const y = op.gemm(ctx.g, x!.name, w, b, false);
  return activation(ctx, layer, { name: y, shape: out }, c.activation as string);
}

/** TensorFlow flattens a map in (H, W, C) order: back to NHWC first, or a following dense layer would get (C, H, W). */
export function convertFlatten(ctx: ExportContext, _call: LayerCall, [x]: ExportTensor[]): string {
  if (x!.shape.length === 1) return x!.name;
  return op.flatten(ctx.g, op.transpose(ctx.g, x!.name, [0, 2, 3, 1]));
}

const MERGE_OPS = { Add: 'Sum', Average: 'Mean', Maximum: 'Max', Minimum: 'Min' } as const;

export function convertMerge(ctx: ExportContext, { layer }: LayerCall, xs: ExportTensor[]): string {
  const shape = xs[0]!.shape.join(',');
  if (xs.some((x) => x.shape.join(',') !== shape)) throw layerError(layer, `inputs of different shapes (${xs.map((x) => `[${x.shape.join(', ')}]`).join(', ')}) are not supported`);
  const names = xs.map((x) => x.name);
  const kind = layer.getClassName();
  if (kind === 'Multiply') return names.slice(1).reduce((acc, n) => op.binary(ctx.g, 'Mul', acc, n), names[0]!);
  if (kind === 'Add' && names.length === 2) return op.binary(ctx.g, 'Add', names[0]!, names[1]!);
  return op.variadic(ctx.g, MERGE_OPS[kind as keyof typeof MERGE_OPS], names);
}

export function convertConcatenate(ctx: ExportContext, { layer }: LayerCall, xs: ExportTensor[]): string {
  const axis = config(layer).axis;
  if (typeof axis !== 'number') throw layerError(layer, `unexpected axis ${JSON.stringify(axis)}`);
  return op.concat(
    ctx.g,
    xs.map((x) => x.name),
    onnxAxis(axis, xs[0]!.shape),
  );
}

/** Dropout and noise layers only act while training. */
export function convertIdentity(_ctx: ExportContext, _call: LayerCall, [x]: ExportTensor[]): string {
  return x!.name;
}
