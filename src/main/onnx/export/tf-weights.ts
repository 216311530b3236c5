/**
 * A layer's weights by their Keras names ("kernel", "bias", "gamma", "moving_variance"...), and the reorderings from
 * TensorFlow's layouts to ONNX's. Looking weights up by name rather than by position matters: a batch norm built with
 * scale: false has no gamma, so its moving mean would sit where gamma usually is.
 */
import { layerError, type Layer } from './tf-graph';

export interface Weight {
  data: Float32Array;
  shape: number[];
}

export function layerWeights(layer: Layer): Map<string, Weight> {
  const values = layer.getWeights();
  const weights = new Map<string, Weight>();
  layer.weights.forEach((variable, i) => {
    const value = values[i]!;
    if (value.dtype !== 'float32') throw layerError(layer, `weight ${variable.originalName} is ${value.dtype}, not float32`);
    // originalName is "layer/kernel" (scoped, without the "_1" that makes tfjs's global names unique).
    const short = variable.originalName.split('/').pop()!;
    weights.set(short, { data: value.dataSync() as Float32Array, shape: [...value.shape] });
  });
  return weights;
}

export function requireWeight(layer: Layer, weights: Map<string, Weight>, name: string): Weight {
  const w = weights.get(name);
  if (!w) throw layerError(layer, `it has no weight "${name}" (it has ${[...weights.keys()].join(', ') || 'none'})`);
  return w;
}

/** A conv kernel from TensorFlow's [kh, kw, in, out] to ONNX's [out, in, kh, kw]. */
export function hwioToOihw(w: Weight): Weight {
  const [kh, kw, cin, cout] = w.shape as [number, number, number, number];
  const out = new Float32Array(w.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = w.data[((y * kw + x) * cin + i) * cout + o]!;
  return { data: out, shape: [cout, cin, kh, kw] };
}

/**
 * A depthwise kernel from TensorFlow's [kh, kw, in, multiplier] to the weights of an ONNX grouped Conv (group = in):
 * [in * multiplier, 1, kh, kw]. TensorFlow orders the outputs channel-major (output c * multiplier + m comes from
 * input c), which is exactly how ONNX assigns output channels to groups.
 */
export function depthwiseToGroupedOihw(w: Weight): Weight {
  const [kh, kw, cin, mult] = w.shape as [number, number, number, number];
  return hwioToOihw({ data: w.data, shape: [kh, kw, 1, cin * mult] });
}
