/**
 * A MobileNet-v1-style student (Howard et al. 2017) for 32 x 32 patches: a 3x3 stem conv (stride 1: the patch is
 * already small), then depthwise-separable blocks (3x3 depthwise conv, BN, ReLU6, 1x1 pointwise conv, BN, ReLU6) of
 * 64, 128, 128, 256, 256, 512, 512, 512 filters (times the width), three of them with stride 2 (32 -> 16 -> 8 -> 4), global
 * average pool, dropout, dense head. The depthwise and pointwise convs are separate layers, as in the paper, so each
 * has its own batch norm.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeedStream, bn, conv, depthwise, dropout, globalAveragePool, logits, relu6, scaled, type Sym } from './blocks';
import type { BuildOptions } from './types';

const STEM_FILTERS = 32;
/** [filters, stride] of each depthwise-separable block. */
const BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
];
const DROP_RATE = 0.2;

function separableBlock(x: Sym, seeds: SeedStream, filters: number, strides: number, name: string): Sym {
  const dw = relu6(bn(depthwise(x, seeds, strides, `${name}_dw`), `${name}_dw_bn`), `${name}_dw_relu6`);
  return relu6(bn(conv(dw, seeds, { filters, kernel: 1, bias: false, name: `${name}_pw` }), `${name}_pw_bn`), `${name}_pw_relu6`);
}

export function buildMobileNet(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  let x = relu6(bn(conv(input, seeds, { filters: scaled(STEM_FILTERS, o.width), kernel: 3, bias: false, name: 'stem' }), 'stem_bn'), 'stem_relu6');
  BLOCKS.forEach(([filters, strides], i) => {
    x = separableBlock(x, seeds, scaled(filters, o.width), strides, `block${i + 1}`);
  });
  const features = dropout(globalAveragePool(x), DROP_RATE, 'dropout');
  return tfl.model({ inputs: input, outputs: logits(features, seeds, o.classes), name: 'mobilenet' });
}
