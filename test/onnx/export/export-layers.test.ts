import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel, exportModelToOnnx, LayerExportError } from '../../../src/main/onnx/export';
import { decodedGraph, onnx, toNumber } from '../../../src/main/onnx/onnx-proto';
import { inspectModelBytes } from '../../../src/main/onnx/inspect-model';
import { onnxCheckerFailures } from '../../helpers/onnx-checker';
import { pythonMissing } from '../../helpers/python';
import { tempFolder } from '../../fixtures/onnx-models';
import { randomPatches, randomiseBatchNorms, uniform, useCpuBackend, tf } from '../../train/zoo/tf-test-utils';
import { compareWithTf } from './compare';

// Without python3-onnx the exports are still compared with TensorFlow.js; only the checker's verdict is left out.
const onnxMissing = pythonMissing('onnx');

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;
const TOLERANCE = 1e-4;

const temp = tempFolder('lcz-export-layers-');
beforeAll(useCpuBackend);
afterAll(() => temp.cleanup());

/** Seeded random weights for every layer: tfjs's default initializers are not seeded, and zeros hide mistakes. */
function seedWeights(model: tfl.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const values = layer.getWeights().map((w) => tf.tensor(uniform(w.size, s++, -0.5, 0.5), w.shape));
    if (values.length > 0) layer.setWeights(values);
  }
  randomiseBatchNorms(model, s);
}

/** input -> one window layer -> flatten -> dense: the flatten keeps every pixel's position, so a shifted window shows. */
function windowModel(size: number, window: (x: Sym) => Sym, channels = 3): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, channels] });
  const model = tfl.model({ inputs: input, outputs: apply(tfl.layers.dense({ units: 5 }), apply(tfl.layers.flatten(), window(input))) });
  seedWeights(model, size);
  return model;
}

function convPads(bytes: Uint8Array): number[][] {
  return decodedGraph(onnx.ModelProto.decode(bytes))
    .node.filter((n) => n.opType === 'Conv')
    .map((n) => (n.attribute ?? []).find((a) => a.name === 'pads')!.ints!.map((v) => toNumber(v)));
}

describe('TensorFlow "same" padding', () => {
  it('pads a 3x3 stride-2 conv on 32 pixels by 0 before and 1 after (not 1 and 1), and says so in the file', () => {
    const model = windowModel(32, (x) => apply(tfl.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), x));
    expect(convPads(exportModelToOnnx(model))).toEqual([[0, 0, 1, 1]]);
  });

  const sizes = [32, 16, 15, 17, 9];
  const windows: [string, (x: Sym) => Sym][] = [
    ['conv 3x3 stride 2', (x) => apply(tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), x)],
    ['conv 4x4 stride 2 (even kernel)', (x) => apply(tfl.layers.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: 'same' }), x)],
    ['conv 4x4 stride 1 (1 before, 2 after)', (x) => apply(tfl.layers.conv2d({ filters: 3, kernelSize: 4, strides: 1, padding: 'same' }), x)],
    ['conv 5x3 stride 3x2', (x) => apply(tfl.layers.conv2d({ filters: 3, kernelSize: [5, 3], strides: [3, 2], padding: 'same' }), x)],
    ['conv 3x3 stride 2 valid', (x) => apply(tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid' }), x)],
    ['depthwise 3x3 stride 2, multiplier 2', (x) => apply(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, depthMultiplier: 2, padding: 'same' }), x)],
    ['separable 3x3 stride 2', (x) => apply(tfl.layers.separableConv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), x)],
    ['max pool 3x3 stride 2', (x) => apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), x)],
    ['average pool 3x3 stride 2 (padding not counted)', (x) => apply(tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), x)],
    ['average pool 2x2 valid (remainder dropped)', (x) => apply(tfl.layers.averagePooling2d({ poolSize: 2, padding: 'valid' }), x)],
  ];
  for (const [what, window] of windows) {
    it(`is exact for ${what} on ${sizes.join(', ')} pixels`, async () => {
      for (const size of sizes) {
        const model = windowModel(size, window);
        const { diff, scale } = await compareWithTf(model, randomPatches(2, size, 3, size));
        expect(diff, `${size} pixels`).toBeLessThan(TOLERANCE);
        expect(scale).toBeGreaterThan(0.05);
        model.dispose();
      }
    });
  }
});

/** A branching model with every supported layer kind (and some of their options) at least once. */
function everyLayerModel(): tfl.LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [11, 11, 4], name: 'in' });
  const padded = apply(L.zeroPadding2d({ padding: [[1, 2], [0, 1]], name: 'pad' }), input); // 14 x 12
  const a = apply(L.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv_a' }), padded); // 7 x 6
  const bnA = apply(L.batchNormalization({ scale: false, center: false, epsilon: 0.01, name: 'bn_plain' }), a);
  const b = apply(L.conv2d({ filters: 6, kernelSize: 2, strides: 2, padding: 'valid', useBias: false, name: 'conv_b' }), padded); // 7 x 6
  const leaky = apply(L.leakyReLU({ alpha: 0.2, name: 'leaky' }), apply(L.batchNormalization({ name: 'bn_b' }), b));
  const elu = apply(L.elu({ name: 'elu' }), a);
  const sum = apply(L.add({ name: 'add3' }), [bnA, leaky, elu]);
  const acts = ['sigmoid', 'tanh', 'swish', 'selu', 'softplus', 'softsign', 'hardSigmoid', 'elu', 'relu6'].map((act) => apply(L.activation({ activation: act as 'relu', name: `act_${act}` }), sum));
  const merged = [
    apply(L.average({ name: 'avg' }), acts.slice(0, 3)),
    apply(L.multiply({ name: 'mul' }), acts.slice(3, 5)),
    apply(L.multiply({ name: 'mul2' }), [acts[5]!, acts[6]!]),
    apply(L.maximum({ name: 'max' }), [acts[7]!, acts[8]!]),
    apply(L.minimum({ name: 'min' }), [acts[0]!, acts[7]!]),
    apply(L.add({ name: 'add2' }), [acts[1]!, acts[8]!]),
    apply(L.softmax({ axis: -1, name: 'softmax_channels' }), sum),
  ];
  const cat = apply(L.concatenate({ axis: -1, name: 'cat_channels' }), merged); // 7 x 6 x 42
  const rows = apply(L.concatenate({ axis: 1, name: 'cat_rows' }), [cat, apply(L.reLU({ maxValue: 0.5, name: 'relu_capped' }), cat)]); // 14 x 6
  const dw = apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu', name: 'dw' }), rows);
  const sep = apply(L.separableConv2d({ filters: 8, kernelSize: 3, strides: 2, depthMultiplier: 2, padding: 'same', activation: 'tanh', name: 'sep' }), dw);
  const relu = apply(L.reLU({ name: 'relu' }), apply(L.maxPooling2d({ poolSize: 2, strides: 1, name: 'maxpool' }), sep));
  const gmax = apply(L.globalMaxPooling2d({ name: 'gmax' }), relu);
  const gavg = apply(L.globalAveragePooling2d({ name: 'gavg' }), relu);
  const flat = apply(L.flatten({ name: 'flatten' }), relu);
  const features = apply(L.concatenate({ name: 'features' }), [gmax, gavg, flat]);
  const hidden = apply(L.dense({ units: 9, activation: 'relu6', name: 'hidden' }), apply(L.dropout({ rate: 0.5, name: 'drop' }), features));
  const norm = apply(L.batchNormalization({ name: 'bn_vector' }), hidden);
  const scores = apply(L.dense({ units: 6, activation: 'softplus', name: 'scores' }), apply(L.gaussianNoise({ stddev: 0.1, name: 'noise' }), norm));
  // tfjs's Softmax layer defaults to axis 1 (Keras's to -1): the classes here, and tfjs runs softmax on the last axis only.
  const out = apply(L.softmax({ name: 'probs' }), scores);
  const model = tfl.model({ inputs: input, outputs: out, name: 'every_layer' });
  seedWeights(model, 1);
  return model;
}

describe('exportModel', () => {
  it('exports every supported layer kind in a branching model, exactly, at opsets 13 and 17', async () => {
    const model = everyLayerModel();
    const x = randomPatches(3, 11, 4, 9);
    const paths: string[] = [];
    for (const [opset, layout] of [
      [13, 'NHWC'],
      [17, 'NCHW'],
    ] as const) {
      const { diff, scale, bytes } = await compareWithTf(model, x, { opset, layout });
      expect(diff, `opset ${opset} ${layout}`).toBeLessThan(TOLERANCE);
      expect(scale).toBeGreaterThan(0.2); // probabilities, not a flat 1/6
      paths.push(temp.put(`every-layer-${opset}.onnx`, bytes));
    }
    const exported = exportModel(model);
    expect([exported.outputName, exported.outputKind, exported.classes, exported.height, exported.channels]).toEqual(['probabilities', 'probabilities', 6, 11, 4]);
    const summary = inspectModelBytes(exported.bytes, 'every-layer.onnx');
    expect(summary.outputs[0]!.producer).toBe('Softmax');
    expect(summary.inputs[0]).toMatchObject({ name: 'patches', dims: ['N', 11, 11, 4] });
    if (!onnxMissing) expect(await onnxCheckerFailures(paths)).toEqual([]);
  });

  it('exports Sequential models and layers applied twice (shared weights)', async () => {
    const seq = tfl.sequential({
      layers: [tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, activation: 'relu' }), tfl.layers.flatten(), tfl.layers.dense({ units: 4 })],
    });
    seedWeights(seq, 5);
    expect((await compareWithTf(seq, randomPatches(2, 8, 2, 1))).diff).toBeLessThan(TOLERANCE);

    const input = tfl.input({ shape: [8, 8, 3] });
    const shared = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'shared' });
    const twice = apply(shared, apply(shared, input));
    const model = tfl.model({ inputs: input, outputs: apply(tfl.layers.dense({ units: 4 }), apply(tfl.layers.globalAveragePooling2d({}), twice)) });
    seedWeights(model, 6);
    const { diff, bytes } = await compareWithTf(model, randomPatches(2, 8, 3, 2));
    expect(diff).toBeLessThan(TOLERANCE);
    const graph = decodedGraph(onnx.ModelProto.decode(bytes));
    expect(graph.initializer.map((t) => t.name ?? '').filter((name) => name.startsWith('shared/'))).toEqual(['shared/kernel', 'shared/bias']);
  });

  it('names the layer it cannot export, and why', () => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const head = (x: Sym) => apply(tfl.layers.dense({ units: 2 }), apply(tfl.layers.flatten(), x));
    const build = (layer: tfl.layers.Layer) => tfl.model({ inputs: input, outputs: head(apply(layer, input)) });
    const attempt = (layer: tfl.layers.Layer) => () => exportModel(build(layer));

    expect(attempt(tfl.layers.upSampling2d({ name: 'up' }))).toThrow(/cannot export layer "up" \(UpSampling2D\): UpSampling2D layers cannot be exported.*supported: Conv2D/);
    expect(attempt(tfl.layers.upSampling2d({ name: 'up2' }))).toThrow(LayerExportError);
    expect(attempt(tfl.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, name: 'dilated' }))).toThrow(/layer "dilated" \(Conv2D\): dilation \[2,2\] is not supported/);
    expect(attempt(tfl.layers.activation({ activation: 'mish', name: 'fancy' }))).toThrow(/layer "fancy" \(Activation\): the activation "mish" is not supported/);
    expect(attempt(tfl.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'gelu', name: 'gelu_conv' }))).toThrow(/layer "gelu_conv" \(Conv2D\): the activation "gelu"/);

    const dense4d = tfl.model({ inputs: input, outputs: apply(tfl.layers.flatten(), apply(tfl.layers.dense({ units: 2, name: 'dense_map' }), input)) });
    expect(() => exportModel(dense4d)).toThrow(/layer "dense_map" \(Dense\): a dense layer on a \[8, 8, 3\] map is not supported/);

    const vector = tfl.input({ shape: [10] });
    expect(() => exportModel(tfl.model({ inputs: vector, outputs: apply(tfl.layers.dense({ units: 2 }), vector) }))).toThrow(/input is \[\?, 10\].*\[N, H, W, C\]/);
    const second = tfl.input({ shape: [8, 8, 3] });
    const twoInputs = tfl.model({ inputs: [input, second], outputs: head(apply(tfl.layers.add({}), [input, second])) });
    expect(() => exportModel(twoInputs)).toThrow(/2 inputs/);
  });

  it('accepts opsets 13-17 only and the two layouts', () => {
    const model = windowModel(8, (x) => x);
    for (const opset of [13, 14, 15, 16, 17]) expect(inspectModelBytes(exportModelToOnnx(model, { opset }), 'm.onnx').opset).toBe(opset);
    expect(() => exportModelToOnnx(model, { opset: 12 })).toThrow(/opset 12 is outside 13-17/);
    expect(() => exportModelToOnnx(model, { opset: 18 })).toThrow(/opset 18 is outside 13-17/);
    expect(() => exportModelToOnnx(model, { layout: 'NWHC' as 'NHWC' })).toThrow(/layout must be NHWC or NCHW/);
    const nchw = inspectModelBytes(exportModelToOnnx(model, { layout: 'NCHW', inputName: 'x', outputName: 'scores' }), 'm.onnx');
    expect(nchw.inputs[0]).toMatchObject({ name: 'x', dims: ['N', 3, 8, 8] });
    expect(nchw.outputs[0]).toMatchObject({ name: 'scores', dims: ['N', 5] });
  });
});
