import { describe, expect, it } from 'vitest';
import type { ClassifierLayer } from '../../src/main/onnx/classifier-layers';
import { buildConvClassifier } from '../../src/main/onnx/conv-classifier';
import { gaussian, heNormal } from '../fixtures/random-classifier';
import { mulberry32 } from '../../src/main/synthetic/noise';
import { cnnLayers, makeCnnOnnx, nchwToNhwc, randomPatches } from '../fixtures/onnx-models';
import { maxAbsDiff, runOnnx } from './ort';
import { referenceForward } from './reference-forward';

/**
 * A layer list touching every layer kind and the awkward geometry: strided 'same' conv with padding only at the end
 * (16 -> 8), an even kernel with 'same' padding (1 before, 2 after), a 'valid' conv, overlapping average pooling, max
 * pooling with a remainder, a dense layer on a flattened map (C, H, W order) plus the input means, both dense orders.
 */
function oddLayers(channels: number, classes: number, seed: number): ClassifierLayer[] {
  const n = gaussian(mulberry32(seed));
  const small = (count: number) => Float32Array.from({ length: count }, () => 0.1 * n());
  const conv = (inC: number, out: number, k: number) => heNormal(out * inC * k * k, inC * k * k, n);
  const hidden = 12;
  return [
    { kind: 'conv2d', weights: conv(channels, 8, 3), bias: small(8), kernel: 3, stride: 2, padding: 'same' },
    { kind: 'batchnorm', scale: small(8).map((v) => 1 + v), bias: small(8), mean: small(8), var: small(8).map((v) => 0.6 + Math.abs(v)), epsilon: 1e-3 },
    { kind: 'relu' },
    { kind: 'conv2d', weights: conv(8, 6, 4), bias: small(6), kernel: 4, padding: 'same' },
    { kind: 'relu' },
    { kind: 'conv2d', weights: conv(6, 5, 2), kernel: 2, padding: 'valid' },
    { kind: 'avgpool', k: 2, stride: 1 },
    { kind: 'maxpool', k: 3, stride: 2 },
    { kind: 'dense', weights: heNormal((5 * 2 * 2 + channels) * hidden, 5 * 2 * 2 + channels, n), weightsOrder: 'in-out', bias: small(hidden), units: hidden },
    { kind: 'relu' },
    { kind: 'dense', weights: heNormal(hidden * classes, hidden, n), weightsOrder: 'out-in', bias: small(classes), units: classes },
    { kind: 'softmax' },
  ];
}

describe('buildConvClassifier', () => {
  it('gives the same scores as a naive reference implementation (So2Sat-sized CNN, logits)', async () => {
    const n = 3;
    const input = randomPatches(n, 10, 32, 11);
    const bytes = makeCnnOnnx({ channels: 10, patchSize: 32, classes: 17, seed: 5 });
    const { data, dims } = await runOnnx(bytes, input, [n, 10, 32, 32]);
    expect(dims).toEqual([n, 17]);
    const expected = referenceForward(cnnLayers({ channels: 10, patchSize: 32, classes: 17, seed: 5 }), input, n, 10, 32);
    expect(maxAbsDiff(data, expected.flatMap((row) => [...row]))).toBeLessThan(1e-4);
  });

  for (const layout of ['NCHW', 'NHWC'] as const) {
    it(`matches the reference on odd geometry, both dense orders, input means and softmax (${layout})`, async () => {
      const n = 4;
      const channels = 6;
      const layers = oddLayers(channels, 9, 3);
      const { bytes, classes, outputKind } = buildConvClassifier({ channels, patchSize: 16, layout, layers, appendInputMeans: true });
      expect([classes, outputKind]).toEqual([9, 'probabilities']);
      const input = randomPatches(n, channels, 16, 21);
      const fed = layout === 'NCHW' ? input : nchwToNhwc(input, n, channels, 16, 16);
      const { data } = await runOnnx(bytes, fed, layout === 'NCHW' ? [n, channels, 16, 16] : [n, 16, 16, channels]);
      const expected = referenceForward(layers, input, n, channels, 16, true).flatMap((row) => [...row]);
      expect(maxAbsDiff(data, expected)).toBeLessThan(1e-4);
      // Probabilities that are not near-uniform, so a wrong weight would show.
      expect(Math.max(...expected)).toBeGreaterThan(2 / 9);
    });
  }

  it('lets the input means change the scores (they reach the head)', async () => {
    const layers = oddLayers(6, 9, 3);
    const input = randomPatches(1, 6, 16, 2);
    const shifted = input.map((v, i) => (i < 256 ? v + 0.5 : v)); // brighter band 0
    const bytes = buildConvClassifier({ channels: 6, patchSize: 16, layout: 'NCHW', layers, appendInputMeans: true }).bytes;
    const a = await runOnnx(bytes, input, [1, 6, 16, 16]);
    const b = await runOnnx(bytes, shifted, [1, 6, 16, 16]);
    expect(maxAbsDiff(a.data, b.data)).toBeGreaterThan(1e-3);
  });

  it('refuses layer lists that do not fit, naming the layer', () => {
    const layers = cnnLayers({ channels: 10, classes: 17 });
    expect(() => buildConvClassifier({ channels: 6, patchSize: 32, layout: 'NCHW', layers })).toThrow(/layer 0 \(conv2d\)/);
    expect(() => buildConvClassifier({ channels: 10, patchSize: 32, layout: 'NCHW', layers: layers.slice(0, -1) })).toThrow(/must end with a dense layer/);
    expect(() => buildConvClassifier({ channels: 10, patchSize: 32, layout: 'NCHW', layers: [{ kind: 'softmax' }, ...layers] })).toThrow(/must be the last/);
    expect(() => buildConvClassifier({ channels: 10, patchSize: 1, layout: 'NCHW', layers: [{ kind: 'maxpool', k: 2 }, ...layers] })).toThrow(/does not fit/);
  });
});
