/**
 * A small DenseNet-BC (Huang et al. 2017) for 32 x 32 patches, the CIFAR configuration L = 40, k = 12: a 3x3 stem
 * conv of 2k filters, three dense blocks of six bottleneck layers (BN-ReLU-conv1x1 of 4k, BN-ReLU-conv3x3 of k, the k
 * new maps concatenated to everything before), transitions that halve the channels (compression 0.5) and the size
 * (2x2 average pool), then BN-ReLU, global average pool and a dense head. Pre-activation: a batch norm here follows a
 * concatenation, not a conv. The So2Sat ensembles used DenseNet-201; this is the member a CPU can train.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeedStream, bn, call, conv, globalAveragePool, logits, relu, scaled, type Sym } from './blocks';
import type { BuildOptions } from './types';

const GROWTH = 12;
const LAYERS_PER_BLOCK = [6, 6, 6];
const COMPRESSION = 0.5;

function bnReluConv(x: Sym, seeds: SeedStream, filters: number, kernel: number, name: string): Sym {
  return conv(relu(bn(x, `${name}_bn`), `${name}_relu`), seeds, { filters, kernel, bias: false, name });
}

export function buildDenseNet(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const k = scaled(GROWTH, o.width);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  let x = conv(input, seeds, { filters: 2 * k, kernel: 3, bias: false, name: 'stem' });
  LAYERS_PER_BLOCK.forEach((layers, block) => {
    for (let i = 0; i < layers; i++) {
      const name = `b${block + 1}l${i}`;
      const y = bnReluConv(bnReluConv(x, seeds, 4 * k, 1, `${name}_conv1`), seeds, k, 3, `${name}_conv2`);
      x = call(tfl.layers.concatenate({ axis: -1, name: `${name}_concat` }), [x, y]);
    }
    if (block < LAYERS_PER_BLOCK.length - 1) {
      const channels = Math.floor(x.shape[3]! * COMPRESSION);
      x = bnReluConv(x, seeds, channels, 1, `t${block + 1}_conv`);
      x = call(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `t${block + 1}_pool` }), x);
    }
  });
  x = relu(bn(x, 'final_bn'), 'final_relu');
  return tfl.model({ inputs: input, outputs: logits(globalAveragePool(x), seeds, o.classes), name: 'densenet' });
}
