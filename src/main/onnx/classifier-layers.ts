/**
 * The layer vocabulary of LCZ Studio's CNN classifiers, with explicit weights, and the shape walk that checks a layer
 * list against an input before any graph is written. Weight orders are ONNX's (conv OIHW); a dense layer says which
 * order its matrix is in, because PyTorch stores [out, in] and TensorFlow [in, out].
 */

export type ClassifierLayer =
  | {
      kind: 'conv2d';
      /** [out, in, kernel, kernel]; out is implied by the length. */
      weights: Float32Array;
      bias?: Float32Array;
      kernel: number;
      stride?: number;
      /** 'same' pads like TensorFlow (output ceil(size / stride), any odd padding at the end); 'valid' does not pad. */
      padding: 'same' | 'valid';
    }
  | { kind: 'batchnorm'; scale: Float32Array; bias: Float32Array; mean: Float32Array; var: Float32Array; epsilon?: number }
  | { kind: 'relu' }
  | { kind: 'maxpool'; k: number; stride?: number }
  | { kind: 'avgpool'; k: number; stride?: number }
  | { kind: 'globalAvgPool' }
  | {
      kind: 'dense';
      weights: Float32Array;
      /** 'in-out': [in, out] (TensorFlow, y = x W); 'out-in': [out, in] (PyTorch, y = x W^T). */
      weightsOrder: 'in-out' | 'out-in';
      bias?: Float32Array;
      /** Output size; in is implied by the weights. */
      units: number;
    }
  | { kind: 'softmax' };

/** A feature map (channels x size x size) or, after flattening/dense, a feature vector. */
export type LayerShape = { rank: 4; channels: number; height: number; width: number } | { rank: 2; features: number };

export const DEFAULT_BN_EPSILON = 1e-5;

/** The spatial output size and ONNX pads [begin, end] of a conv or pool along one axis. */
export function windowGeometry(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): { out: number; begin: number; end: number } {
  if (padding === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, begin: 0, end: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const begin = Math.floor(total / 2);
  return { out, begin, end: total - begin };
}

/** Number of features a rank-4 shape flattens to. */
export function flatSize(shape: LayerShape): number {
  return shape.rank === 2 ? shape.features : shape.channels * shape.height * shape.width;
}

/**
 * The shape after a layer, or an Error naming the layer index and what does not fit. `extraDenseInputs` is added to
 * the input size of the first dense layer (the appended per-band means).
 */
export function nextShape(layer: ClassifierLayer, shape: LayerShape, index: number, extraDenseInputs: number): LayerShape {
  const where = `layer ${index} (${layer.kind})`;
  const need4 = (): Extract<LayerShape, { rank: 4 }> => {
    if (shape.rank !== 4) throw new Error(`${where} needs a feature map, but the previous layer gives a vector`);
    return shape;
  };
  const expectLength = (name: string, array: Float32Array, length: number) => {
    if (array.length !== length) throw new Error(`${where}: ${name} has ${array.length} values, expected ${length}`);
  };
  switch (layer.kind) {
    case 'conv2d': {
      const s = need4();
      const perOut = s.channels * layer.kernel * layer.kernel;
      const out = layer.weights.length / perOut;
      if (!Number.isInteger(out) || out < 1) throw new Error(`${where}: ${layer.weights.length} weights is not out x ${s.channels} x ${layer.kernel} x ${layer.kernel}`);
      if (layer.bias) expectLength('bias', layer.bias, out);
      const stride = layer.stride ?? 1;
      const h = windowGeometry(s.height, layer.kernel, stride, layer.padding).out;
      const w = windowGeometry(s.width, layer.kernel, stride, layer.padding).out;
      if (h < 1 || w < 1) throw new Error(`${where}: a ${layer.kernel}x${layer.kernel} kernel does not fit a ${s.height}x${s.width} map`);
      return { rank: 4, channels: out, height: h, width: w };
    }
    case 'batchnorm': {
      const s = need4();
      for (const name of ['scale', 'bias', 'mean', 'var'] as const) expectLength(name, layer[name], s.channels);
      return s;
    }
    case 'relu':
      return shape;
    case 'maxpool':
    case 'avgpool': {
      const s = need4();
      const h = windowGeometry(s.height, layer.k, layer.stride ?? layer.k, 'valid').out;
      const w = windowGeometry(s.width, layer.k, layer.stride ?? layer.k, 'valid').out;
      if (h < 1 || w < 1) throw new Error(`${where}: a ${layer.k}x${layer.k} window does not fit a ${s.height}x${s.width} map`);
      return { ...s, height: h, width: w };
    }
    case 'globalAvgPool':
      return { rank: 4, channels: need4().channels, height: 1, width: 1 };
    case 'dense': {
      const inputs = flatSize(shape) + extraDenseInputs;
      expectLength('weights', layer.weights, inputs * layer.units);
      if (layer.bias) expectLength('bias', layer.bias, layer.units);
      return { rank: 2, features: layer.units };
    }
    case 'softmax':
      if (shape.rank !== 2) throw new Error(`${where} needs a vector of class scores`);
      return shape;
  }
}
