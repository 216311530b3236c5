/**
 * Tiny students for distillation onto small devices (the flood-mapping students went down to 12 K parameters):
 *
 * - tiny-cnn: three 3x3 conv-BN-ReLU layers of 8, 16 and 32 filters with 2x2 max pools between, global average pool,
 *   dense head: about 7 K parameters at width 1 (tens of thousands at width 2-3);
 * - tiny-separable: a 3x3 stem conv of 16 filters, then three depthwise-separable convs (SeparableConv2D layers) of
 *   32, 64 and 96 filters, the first two with stride 2, each with BN and ReLU6: about 14 K parameters at width 1.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { SeedStream, bn, call, conv, convBnRelu, globalAveragePool, logits, relu6, scaled, separable } from './blocks';
import type { BuildOptions } from './types';

export function buildTinyCnn(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  let x = convBnRelu(input, seeds, { filters: scaled(8, o.width), kernel: 3, name: 'conv1' });
  x = call(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool1' }), x);
  x = convBnRelu(x, seeds, { filters: scaled(16, o.width), kernel: 3, name: 'conv2' });
  x = call(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool2' }), x);
  x = convBnRelu(x, seeds, { filters: scaled(32, o.width), kernel: 3, name: 'conv3' });
  return tfl.model({ inputs: input, outputs: logits(globalAveragePool(x), seeds, o.classes), name: 'tiny_cnn' });
}

export function buildTinySeparable(o: BuildOptions): tfl.LayersModel {
  const seeds = new SeedStream(o.seed);
  const input = tfl.input({ shape: [o.patchSize, o.patchSize, o.channels], name: 'patches' });
  let x = relu6(bn(conv(input, seeds, { filters: scaled(16, o.width), kernel: 3, bias: false, name: 'stem' }), 'stem_bn'), 'stem_relu6');
  const blocks: ReadonlyArray<readonly [number, number]> = [
    [32, 2],
    [64, 2],
    [96, 1],
  ];
  blocks.forEach(([filters, strides], i) => {
    const name = `sep${i + 1}`;
    x = relu6(bn(separable(x, seeds, scaled(filters, o.width), strides, name), `${name}_bn`), `${name}_relu6`);
  });
  return tfl.model({ inputs: input, outputs: logits(globalAveragePool(x), seeds, o.classes), name: 'tiny_separable' });
}
