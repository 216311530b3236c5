/**
 * The reference network of the engine benchmarks (shared/docs/environment.md): five 3x3 convolutions of 32 to
 * 128 filters, each followed by batch normalisation and ReLU, two 2x2 max-pools, global average pooling and a
 * 17-class dense softmax, on 32 x 32 x 10 patches. scripts/bench/reference_net.py builds the same net in PyTorch.
 */
import * as tfl from '@tensorflow/tfjs-layers';

export const REFERENCE_NET = {
  inputShape: [32, 32, 10] as [number, number, number],
  classes: 17,
  /** Filters of the convolutions; 'pool' is a 2x2 max-pool. */
  layers: [32, 32, 'pool', 64, 64, 'pool', 128] as (number | 'pool')[],
  batch: 64,
};

export function buildReferenceNet(seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: REFERENCE_NET.inputShape });
  let x: tfl.SymbolicTensor = input;
  let k = 0;
  for (const layer of REFERENCE_NET.layers) {
    if (layer === 'pool') {
      x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
      continue;
    }
    x = tfl.layers.conv2d({ filters: layer, kernelSize: 3, padding: 'same', kernelInitializer: tfl.initializers.heNormal({ seed: seed + k++ }) }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.batchNormalization().apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
  }
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: REFERENCE_NET.classes, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + k }) }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'lcz_reference_net' });
}
