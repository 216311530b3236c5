/** A small model with every layer kind training needs: conv (strides 1 and 2, 'same' and 'valid', 1x1, 3x3,
 * 5x5), depthwise conv, batch normalisation, ReLU and ReLU6, max and average pooling, add, concatenate, global
 * average pooling, dense and softmax cross-entropy. */
import * as tfl from '@tensorflow/tfjs-layers';

export const TINY_INPUT = [12, 12, 3];

export function buildTinyModel(options: { dropout?: number } = {}): tfl.LayersModel {
  const L = tfl.layers;
  const init = (seed: number) => ({ kernelInitializer: tfl.initializers.glorotUniform({ seed }) });
  const input = tfl.input({ shape: TINY_INPUT });
  let x = L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', ...init(1) }).apply(input) as tfl.SymbolicTensor;
  x = L.batchNormalization().apply(x) as tfl.SymbolicTensor;
  x = L.reLU().apply(x) as tfl.SymbolicTensor;
  const pooled = L.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor; // 6 x 6 x 6
  let d = L.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(pooled) as tfl.SymbolicTensor;
  d = L.conv2d({ filters: 6, kernelSize: 1, ...init(3) }).apply(d) as tfl.SymbolicTensor;
  d = L.reLU({ maxValue: 6 }).apply(d) as tfl.SymbolicTensor;
  const sum = L.add().apply([pooled, d]) as tfl.SymbolicTensor;
  const strided = L.conv2d({ filters: 5, kernelSize: 5, strides: 2, padding: 'same', ...init(4) }).apply(sum) as tfl.SymbolicTensor; // 3 x 3
  const valid = L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid', ...init(5) }).apply(sum) as tfl.SymbolicTensor; // 2 x 2
  const avg = L.averagePooling2d({ poolSize: 2 }).apply(sum) as tfl.SymbolicTensor; // 3 x 3
  let merged = L.concatenate().apply([strided, avg]) as tfl.SymbolicTensor;
  merged = L.batchNormalization().apply(merged) as tfl.SymbolicTensor;
  const features = L.concatenate().apply([L.globalAveragePooling2d({}).apply(merged) as tfl.SymbolicTensor, L.globalAveragePooling2d({}).apply(valid) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  const dropped = options.dropout ? (L.dropout({ rate: options.dropout }).apply(features) as tfl.SymbolicTensor) : features;
  const output = L.dense({ units: 5, activation: 'softmax', ...init(6) }).apply(dropped) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}
