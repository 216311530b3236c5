/**
 * Seeded random CNN classifiers of any channel count and patch size, for tests, demos and benchmarks: He-normal
 * weights (std sqrt(2 / fan-in), the usual start for ReLU nets), small non-zero biases and batch-norm statistics so
 * every parameter path is exercised. The same seed gives the same weights on every machine.
 */
import { mulberry32 } from '../synthetic/noise';
import type { ClassifierLayer } from './classifier-layers';

export interface RandomClassifierOptions {
  channels: number;
  classes: number;
  seed: number;
  /** Output channels of each conv block (3x3 'same' conv, batch norm, ReLU, 2x2 max pool); default [8, 16]. */
  widths?: readonly number[];
  /** Whether the dense head also takes the per-band input means (see ConvClassifierOptions.appendInputMeans). */
  appendInputMeans?: boolean;
  /** End with a softmax (probabilities) instead of logits. */
  softmax?: boolean;
  /** Order of the dense weights; default 'out-in'. */
  weightsOrder?: 'in-out' | 'out-in';
  /** Skip the 2x2 pools (for patches too small to halve twice). */
  noPooling?: boolean;
}

/** Standard normal samples from a uniform generator (Box-Muller). */
export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

export function heNormal(count: number, fanIn: number, normal: () => number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  return Float32Array.from({ length: count }, () => normal() * std);
}

function around(count: number, centre: number, spread: number, normal: () => number): Float32Array {
  return Float32Array.from({ length: count }, () => centre + spread * normal());
}

export function randomClassifierLayers(o: RandomClassifierOptions): ClassifierLayer[] {
  const normal = gaussian(mulberry32(o.seed));
  const layers: ClassifierLayer[] = [];
  let channels = o.channels;
  for (const width of o.widths ?? [8, 16]) {
    const fanIn = channels * 9;
    layers.push(
      { kind: 'conv2d', weights: heNormal(width * fanIn, fanIn, normal), bias: around(width, 0, 0.1, normal), kernel: 3, padding: 'same' },
      {
        kind: 'batchnorm',
        scale: around(width, 1, 0.1, normal),
        bias: around(width, 0, 0.1, normal),
        mean: around(width, 0, 0.1, normal),
        var: Float32Array.from({ length: width }, () => 0.5 + Math.abs(normal()) * 0.5),
      },
      { kind: 'relu' },
    );
    if (!o.noPooling) layers.push({ kind: 'maxpool', k: 2 });
    channels = width;
  }
  layers.push({ kind: 'globalAvgPool' });
  const inputs = channels + (o.appendInputMeans ? o.channels : 0);
  layers.push({ kind: 'dense', weights: heNormal(inputs * o.classes, inputs, normal), weightsOrder: o.weightsOrder ?? 'out-in', bias: around(o.classes, 0, 0.1, normal), units: o.classes });
  if (o.softmax) layers.push({ kind: 'softmax' });
  return layers;
}
