/**
 * Writes a CNN patch classifier as ONNX from explicit weights (trained elsewhere, or the seeded random ones of the
 * tests' fixtures). The graph works in NCHW inside; an NHWC model is the same graph behind one Transpose, so both
 * layouts give the same outputs for the same weights. Output: [batch, classes] logits, or probabilities when the last
 * layer is a softmax.
 */
import { OnnxGraphBuilder, type Dim } from './graph-builder';
import { DEFAULT_BN_EPSILON, nextShape, windowGeometry, type ClassifierLayer, type LayerShape } from './classifier-layers';
import * as op from './op-helpers';

export type InputLayout = 'NCHW' | 'NHWC';

export interface ConvClassifierOptions {
  channels: number;
  patchSize: number;
  layout: InputLayout;
  layers: readonly ClassifierLayer[];
  /** A fixed batch size, or a symbolic name; default "N" (any batch). */
  batch?: Dim;
  /**
   * Concatenate the per-channel spatial mean of the raw input to the features entering the first dense layer (which
   * then takes `channels` more inputs, appended after the features): lets a small head see the band means directly.
   */
  appendInputMeans?: boolean;
  inputName?: string;
  /** Default "probabilities" when the last layer is a softmax, else "logits". */
  outputName?: string;
  opset?: number;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface BuiltClassifier {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  classes: number;
  outputKind: 'logits' | 'probabilities';
}

export function buildConvClassifier(o: ConvClassifierOptions): BuiltClassifier {
  const batch = o.batch ?? 'N';
  const last = o.layers.at(-1);
  const outputKind = last?.kind === 'softmax' ? 'probabilities' : 'logits';
  const inputName = o.inputName ?? 'patches';
  const outputName = o.outputName ?? outputKind;
  o.layers.forEach((l, i) => {
    if (l.kind === 'softmax' && i !== o.layers.length - 1) throw new Error(`layer ${i} (softmax) must be the last layer`);
  });
  if (o.appendInputMeans && !o.layers.some((l) => l.kind === 'dense')) throw new Error('appendInputMeans needs a dense layer to feed');

  const g = new OnnxGraphBuilder({ opset: o.opset, docString: o.docString, graphName: 'lcz_classifier' });
  for (const [key, value] of Object.entries(o.metadata ?? {})) g.metadata(key, value);
  const size = o.patchSize;
  const input = g.input(inputName, 'float32', o.layout === 'NCHW' ? [batch, o.channels, size, size] : [batch, size, size, o.channels]);
  const nchw = o.layout === 'NCHW' ? input : op.transpose(g, input, [0, 3, 1, 2]);
  const inputMeans = o.appendInputMeans ? op.reduceMean(g, nchw, [2, 3], false) : null;

  let x = nchw;
  let shape: LayerShape = { rank: 4, channels: o.channels, height: size, width: size };
  let meansPending = inputMeans !== null;
  for (const [i, layer] of o.layers.entries()) {
    const output = i === o.layers.length - 1 ? outputName : undefined;
    const extra = layer.kind === 'dense' && meansPending ? o.channels : 0;
    const after = nextShape(layer, shape, i, extra);
    x = addLayer(g, layer, x, shape, i, output, extra > 0 ? inputMeans : null);
    if (extra > 0) meansPending = false;
    shape = after;
  }
  const final: LayerShape = shape;
  if (final.rank !== 2) throw new Error('the classifier must end with a dense layer (class scores), not a feature map');
  g.output(outputName, 'float32', [batch, final.features]);
  return { bytes: g.toBytes(), inputName, outputName, classes: final.features, outputKind };
}

function addLayer(g: OnnxGraphBuilder, layer: ClassifierLayer, x: string, shape: LayerShape, i: number, output: string | undefined, means: string | null): string {
  const name = (part: string) => `l${i}_${layer.kind}_${part}`;
  switch (layer.kind) {
    case 'conv2d': {
      if (shape.rank !== 4) throw new Error('unreachable: nextShape checked the rank');
      const out = layer.weights.length / (shape.channels * layer.kernel * layer.kernel);
      const stride = layer.stride ?? 1;
      const rows = windowGeometry(shape.height, layer.kernel, stride, layer.padding);
      const cols = windowGeometry(shape.width, layer.kernel, stride, layer.padding);
      const w = g.initializer(name('w'), layer.weights, [out, shape.channels, layer.kernel, layer.kernel]);
      const b = layer.bias ? g.initializer(name('b'), layer.bias, [out]) : null;
      return op.conv(g, x, w, b, { kernel: [layer.kernel, layer.kernel], strides: [stride, stride], pads: [rows.begin, cols.begin, rows.end, cols.end] });
    }
    case 'batchnorm': {
      const c = layer.scale.length;
      const [scale, bias, mean, variance] = (['scale', 'bias', 'mean', 'var'] as const).map((k) => g.initializer(name(k), layer[k], [c])) as [string, string, string, string];
      return op.batchNorm(g, x, { scale, bias, mean, variance, epsilon: layer.epsilon ?? DEFAULT_BN_EPSILON });
    }
    case 'relu':
      return op.relu(g, x, output);
    case 'maxpool':
      return op.pool(g, 'MaxPool', x, layer.k, layer.stride ?? layer.k);
    case 'avgpool':
      return op.pool(g, 'AveragePool', x, layer.k, layer.stride ?? layer.k);
    case 'globalAvgPool':
      return op.globalAveragePool(g, x);
    case 'dense': {
      const flat = shape.rank === 4 ? op.flatten(g, x) : x;
      const features = means ? op.concat(g, [flat, means], 1) : flat;
      const inputs = layer.weights.length / layer.units;
      const dims = layer.weightsOrder === 'in-out' ? [inputs, layer.units] : [layer.units, inputs];
      const w = g.initializer(name('w'), layer.weights, dims);
      const b = layer.bias ? g.initializer(name('b'), layer.bias, [layer.units]) : null;
      return op.gemm(g, features, w, b, layer.weightsOrder === 'out-in', output);
    }
    case 'softmax':
      return op.softmax(g, x, -1, output);
  }
}
