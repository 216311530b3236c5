/**
 * Building blocks shared by the zoo's architectures: seeded layers with stable names. Every weighted layer draws its
 * own initializer seed from one SeedStream, so a model seed fixes every initial weight (tfjs initializers are only
 * deterministic when given a seed, and two layers given the same seed would start with the same numbers).
 *
 * Names are explicit ("s2b0_conv1"), not tfjs's global counters ("conv2d_17"), so the same architecture always has the
 * same layer names however many models the process built before: checkpoints and exported graphs stay comparable.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32 } from '../../synthetic/noise';

export type Sym = tfl.SymbolicTensor;

/** Integer seeds, one per initializer, all fixed by the model seed. */
export class SeedStream {
  private readonly random: () => number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`the model seed must be an integer, not ${seed}`);
    this.random = mulberry32(seed);
  }

  next(): number {
    return Math.floor(this.random() * 2 ** 31);
  }
}

/** Channel count scaled by a width multiplier, at least 1. */
export function scaled(base: number, width: number): number {
  return Math.max(1, Math.round(base * width));
}

/** Applies a single-output layer to a single symbolic tensor (tfjs types apply() loosely). */
export function call(layer: tfl.layers.Layer, x: Sym | Sym[]): Sym {
  return layer.apply(x) as Sym;
}

export interface ConvSpec {
  filters: number;
  kernel: number;
  strides?: number;
  /** Default true; false before a batch norm (its beta is the bias). */
  bias?: boolean;
  name: string;
}

/** A 'same'-padded conv with He-normal weights (the usual choice before ReLU). */
export function conv(x: Sym, seeds: SeedStream, s: ConvSpec): Sym {
  return call(
    tfl.layers.conv2d({
      filters: s.filters,
      kernelSize: s.kernel,
      strides: s.strides ?? 1,
      padding: 'same',
      useBias: s.bias ?? true,
      kernelInitializer: tfl.initializers.heNormal({ seed: seeds.next() }),
      name: s.name,
    }),
    x,
  );
}

/**
 * He-normal for a depthwise kernel [kh, kw, C, 1]. tfjs (like Keras) takes its fan-in as kh * kw * C, but each filter
 * only sees one channel (fan-in kh * kw): plain heNormal starts C times too small in variance, and a stack of
 * depthwise blocks then passes almost nothing at inference until training has moved the batch-norm statistics.
 */
function depthwiseInit(x: Sym, seeds: SeedStream): ReturnType<typeof tfl.initializers.varianceScaling> {
  return tfl.initializers.varianceScaling({ scale: 2 * x.shape[3]!, mode: 'fanIn', distribution: 'normal', seed: seeds.next() });
}

/** A 3x3 depthwise conv (one filter per channel), no bias: a batch norm follows. */
export function depthwise(x: Sym, seeds: SeedStream, strides: number, name: string): Sym {
  return call(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: depthwiseInit(x, seeds), name }), x);
}

/** Depthwise 3x3 then pointwise 1x1 in one layer (tfjs SeparableConv2D), no bias: a batch norm follows. */
export function separable(x: Sym, seeds: SeedStream, filters: number, strides: number, name: string): Sym {
  return call(
    tfl.layers.separableConv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: depthwiseInit(x, seeds),
      pointwiseInitializer: tfl.initializers.heNormal({ seed: seeds.next() }),
      name,
    }),
    x,
  );
}

/** Batch norm over the channels (last axis). Epsilon 1e-3 is Keras's default; the ONNX export carries it over. */
export function bn(x: Sym, name: string): Sym {
  return call(tfl.layers.batchNormalization({ axis: -1, name }), x);
}

export function relu(x: Sym, name: string): Sym {
  return call(tfl.layers.activation({ activation: 'relu', name }), x);
}

/** min(max(x, 0), 6): MobileNet's activation, robust to low-precision arithmetic. */
export function relu6(x: Sym, name: string): Sym {
  return call(tfl.layers.reLU({ maxValue: 6, name }), x);
}

export function convBnRelu(x: Sym, seeds: SeedStream, s: ConvSpec): Sym {
  return relu(bn(conv(x, seeds, { ...s, bias: false }), `${s.name}_bn`), `${s.name}_relu`);
}

export function globalAveragePool(x: Sym, name = 'gap'): Sym {
  return call(tfl.layers.globalAveragePooling2d({ name }), x);
}

/**
 * Dropout. Built unseeded: tfjs draws the mask with randomUniform(seed), so a seed fixed at build time would give the
 * very same mask at every training step. The trainer gives each dropout layer a new seed before every step instead
 * (seedDropout), drawn from the member's seed and the step, so that a run repeats exactly, resumed or not. Dropout
 * does nothing at inference, so it never affects predictions or exports.
 */
export function dropout(x: Sym, rate: number, name: string): Sym {
  return call(tfl.layers.dropout({ rate, name }), x);
}

/** The mask seed of each dropout layer for the next step: one stream per step, one draw per layer, in layer order. */
export function seedDropout(model: tfl.LayersModel, stepSeed: number): void {
  const seeds = new SeedStream(stepSeed);
  for (const layer of model.layers) {
    // tfjs reads Dropout's seed at every call, but declares it private and read-only.
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed: number | undefined }).seed = seeds.next();
  }
}

/** The class-score head: logits, no softmax (the loss and the bundle manifest apply it). */
export function logits(x: Sym, seeds: SeedStream, classes: number, name = 'logits'): Sym {
  return call(
    tfl.layers.dense({ units: classes, kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.next() }), biasInitializer: 'zeros', name }),
    x,
  );
}
