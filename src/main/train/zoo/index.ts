/**
 * The model zoo: TensorFlow.js layers models for So2Sat-style patches (N x 32 x 32 x C, channels last), with logits
 * outputs (the softmax belongs to the loss and to the bundle manifest, kind 'logits'). createModel() builds any of
 * them with seeded initial weights; ARCHITECTURES describes them for the UI and the CLI.
 *
 * The caller picks and sets the tfjs backend; building only allocates weights.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildDenseNet } from './densenet';
import { buildMobileNet } from './mobilenet';
import { buildResNet18 } from './resnet18';
import { buildSen2LczNet } from './sen2lcz-net';
import { buildTinyCnn, buildTinySeparable } from './tiny';
import { architecture } from '../../../shared/architectures';
import type { ArchId, ModelBuilder, ModelOptions } from './types';

export { ARCH_IDS, ARCHITECTURES, architecture, isArchId, type ArchId, type ArchitectureInfo } from '../../../shared/architectures';
export type { ModelOptions } from './types';


const BUILDERS: Record<ArchId, ModelBuilder> = {
  resnet18: buildResNet18,
  'sen2lcz-net': buildSen2LczNet,
  densenet: buildDenseNet,
  mobilenet: buildMobileNet,
  'tiny-separable': buildTinySeparable,
  'tiny-cnn': buildTinyCnn,
};


/** Builds an architecture with seeded initial weights; input [N, patchSize, patchSize, channels], output [N, classes] logits. */
export function createModel(arch: ArchId, options: ModelOptions): tfl.LayersModel {
  architecture(arch); // unknown ids fail here, with the list of known ones
  const { channels, classes, seed } = options;
  const width = options.width ?? 1;
  const patchSize = options.patchSize ?? 32;
  if (!Number.isInteger(channels) || channels < 1) throw new Error(`channels must be a positive integer, not ${channels}`);
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`classes must be an integer of at least 2, not ${classes}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, not ${seed}`);
  if (!(width > 0 && width <= 8)) throw new Error(`the width multiplier must be in (0, 8], not ${width}`);
  if (!Number.isInteger(patchSize) || patchSize < 8) throw new Error(`the patch size must be an integer of at least 8 pixels, not ${patchSize}`);
  return BUILDERS[arch]({ channels, classes, seed, width, patchSize });
}

/** Parameters of a model: all of them (as ONNX initializers count them), and those training updates. */
export function parameterCount(model: tfl.LayersModel): { total: number; trainable: number } {
  const size = (shape: readonly (number | null)[]) => shape.reduce<number>((a, d) => a * (d ?? 0), 1);
  return { total: model.countParams(), trainable: model.trainableWeights.reduce((sum, w) => sum + size(w.shape), 0) };
}
