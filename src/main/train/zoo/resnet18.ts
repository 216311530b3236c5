/**
 * ResNet-18 (He et al. 2016) for 32 x 32 patches, as in the So2Sat deep-ensemble work: the small-input stem (one 3x3
 * conv, stride 1, no max pool: the ImageNet stem's 7x7/2 conv and pool would leave 8 x 8 pixels after the stem),
 * four stages of two basic blocks with 64, 128, 256 and 512 filters (times the width), stride 2 at the start of
 * stages 2-4 with a 1x1 projection shortcut, global average pool, dense head.
 *
 * TensorFlow 'same' padding: a 3x3 stride-2 conv on 32 pixels pads 0 before and 1 after (PyTorch pads 1 and 1), so the
 * weights are not interchangeable with a PyTorch ResNet's; the ONNX export reproduces TensorFlow's padding exactly.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeedStream, bn, call, conv, convBnRelu, globalAveragePool, logits, relu, scaled, type Sym } from './blocks';
import type { BuildOptions } from './types';

const STAGE_FILTERS = [64, 128, 256, 512];
const BLOCKS_PER_STAGE = [2, 2, 2, 2];

function basicBlock(x: Sym, seeds: SeedStream, filters: number, strides: number, name: string): Sym {
  const inChannels = x.shape[3];
  let y = convBnRelu(x, seeds, { filters, kernel: 3, strides, name: `${name}_conv1` });
  y = bn(conv(y, seeds, { filters, kernel: 3, bias: false, name: `${name}_conv2` }), `${name}_conv2_bn`);
  let shortcut = x;
  if (strides !== 1 || inChannels !== filters) {
    shortcut = bn(conv(x, seeds, { filters, kernel: 1, strides, bias: false, name: `${name}_proj` }), `${name}_proj_bn`);
  }
  return relu(call(tfl.layers.add({ name: `${name}_add` }), [y, shortcut]), `${name}_out`);
}

export function buildResNet18(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  let x = convBnRelu(input, seeds, { filters: scaled(STAGE_FILTERS[0]!, o.width), kernel: 3, name: 'stem' });
  STAGE_FILTERS.forEach((base, stage) => {
    for (let block = 0; block < BLOCKS_PER_STAGE[stage]!; block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      x = basicBlock(x, seeds, scaled(base, o.width), strides, `s${stage + 1}b${block}`);
    }
  });
  return tfl.model({ inputs: input, outputs: logits(globalAveragePool(x), seeds, o.classes), name: 'resnet18' });
}
