/**
 * Sen2LCZ-Net-MF (Qiu et al. 2020, "Multilevel feature fusion-based CNN for local climate zone classification from
 * Sentinel-2 images"): four levels of conv-BN-ReLU blocks at 32, 16, 8 and 4 pixels, each level downsampled by the
 * concatenation of a 2x2 max pool and a 2x2 average pool (doubling the channels), the filters doubling per level.
 * Multi-level fusion: every level has its own head on its globally pooled features and the heads are averaged.
 *
 * Differences from the published Keras model: the heads output logits and their logits are averaged (the original
 * averages four softmax outputs), so the model ends in logits like the rest of the zoo; the initial weights are seeded.
 * Defaults follow the paper's best configuration: depth 17 (4 convs per level), 16 filters at the first level.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeedStream, call, convBnRelu, dropout, globalAveragePool, logits, scaled, type Sym } from './blocks';
import type { BuildOptions } from './types';

const CONVS_PER_LEVEL = 4;
const BASE_FILTERS = 16;
const DROP_RATE = 0.1;

function downsample(x: Sym, level: number): Sym {
  const max = call(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `l${level}_maxpool` }), x);
  const avg = call(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `l${level}_avgpool` }), x);
  return call(tfl.layers.concatenate({ axis: -1, name: `l${level}_merge` }), [max, avg]);
}

export function buildSen2LczNet(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  const heads: Sym[] = [];
  let x: Sym = input;
  for (let level = 0; level < 4; level++) {
    const filters = scaled(BASE_FILTERS * 2 ** level, o.width);
    for (let i = 0; i < CONVS_PER_LEVEL; i++) x = convBnRelu(x, seeds, { filters, kernel: 3, name: `l${level}_conv${i}` });
    if (level < 3) {
      x = downsample(x, level);
      if (level > 0) x = dropout(x, DROP_RATE, `l${level}_dropout`);
    }
    heads.push(logits(globalAveragePool(x, `l${level}_gap`), seeds, o.classes, `l${level}_logits`));
  }
  const fused = call(tfl.layers.average({ name: 'logits' }), heads);
  return tfl.model({ inputs: input, outputs: fused, name: 'sen2lcz_net' });
}
