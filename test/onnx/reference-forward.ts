/**
 * A deliberately naive forward pass of a classifier layer list, in float64 with plain loops, written from the layer
 * definitions (TensorFlow-style 'same' padding, ONNX floor pooling) and sharing no code with the ONNX writer: the
 * independent reference onnxruntime's outputs are compared with.
 */
import type { ClassifierLayer } from '../../src/main/onnx/classifier-layers';

interface Map3 {
  c: number;
  h: number;
  w: number;
  v: Float64Array; // c x h x w
}

const at = (m: Map3, c: number, y: number, x: number) => m.v[(c * m.h + y) * m.w + x]!;

function conv(m: Map3, l: Extract<ClassifierLayer, { kind: 'conv2d' }>): Map3 {
  const k = l.kernel;
  const s = l.stride ?? 1;
  const outC = l.weights.length / (m.c * k * k);
  let outH: number, outW: number, top: number, left: number;
  if (l.padding === 'same') {
    outH = Math.ceil(m.h / s);
    outW = Math.ceil(m.w / s);
    top = Math.floor(Math.max((outH - 1) * s + k - m.h, 0) / 2); // TF puts the odd pixel of padding at the end
    left = Math.floor(Math.max((outW - 1) * s + k - m.w, 0) / 2);
  } else {
    outH = Math.floor((m.h - k) / s) + 1;
    outW = Math.floor((m.w - k) / s) + 1;
    top = left = 0;
  }
  const v = new Float64Array(outC * outH * outW);
  for (let o = 0; o < outC; o++)
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++) {
        let sum = l.bias ? l.bias[o]! : 0;
        for (let c = 0; c < m.c; c++)
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = y * s + ky - top;
              const ix = x * s + kx - left;
              if (iy < 0 || ix < 0 || iy >= m.h || ix >= m.w) continue; // zero padding
              sum += at(m, c, iy, ix) * l.weights[((o * m.c + c) * k + ky) * k + kx]!;
            }
        v[(o * outH + y) * outW + x] = sum;
      }
  return { c: outC, h: outH, w: outW, v };
}

function pool(m: Map3, k: number, s: number, max: boolean): Map3 {
  const outH = Math.floor((m.h - k) / s) + 1;
  const outW = Math.floor((m.w - k) / s) + 1;
  const v = new Float64Array(m.c * outH * outW);
  for (let c = 0; c < m.c; c++)
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++) {
        let acc = max ? -Infinity : 0;
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const value = at(m, c, y * s + ky, x * s + kx);
            acc = max ? Math.max(acc, value) : acc + value;
          }
        v[(c * outH + y) * outW + x] = max ? acc : acc / (k * k);
      }
  return { c: m.c, h: outH, w: outW, v };
}

/** Class scores for one NCHW patch. */
function forwardOne(layers: readonly ClassifierLayer[], patch: Float64Array, channels: number, size: number, appendInputMeans: boolean): Float64Array {
  let map: Map3 | null = { c: channels, h: size, w: size, v: patch };
  let vec: Float64Array | null = null;
  const means = Float64Array.from({ length: channels }, (_, c) => {
    let sum = 0;
    for (let i = 0; i < size * size; i++) sum += patch[c * size * size + i]!;
    return sum / (size * size);
  });
  let meansUsed = false;
  for (const l of layers) {
    switch (l.kind) {
      case 'conv2d':
        map = conv(map!, l);
        break;
      case 'batchnorm':
        map = { ...map!, v: map!.v.map((x, i) => {
          const c = Math.floor(i / (map!.h * map!.w));
          return ((x - l.mean[c]!) / Math.sqrt(l.var[c]! + (l.epsilon ?? 1e-5))) * l.scale[c]! + l.bias[c]!;
        }) };
        break;
      case 'relu':
        if (vec) vec = vec.map((x) => Math.max(0, x));
        else map = { ...map!, v: map!.v.map((x) => Math.max(0, x)) };
        break;
      case 'maxpool':
      case 'avgpool':
        map = pool(map!, l.k, l.stride ?? l.k, l.kind === 'maxpool');
        break;
      case 'globalAvgPool':
        map = pool(map!, map!.h, 1, false);
        break;
      case 'dense': {
        let x: Float64Array = vec ?? map!.v; // C, H, W order
        if (appendInputMeans && !meansUsed) {
          x = Float64Array.from([...x, ...means]);
          meansUsed = true;
        }
        const n = x.length;
        vec = Float64Array.from({ length: l.units }, (_, j) => {
          let sum = l.bias ? l.bias[j]! : 0;
          for (let i = 0; i < n; i++) sum += x[i]! * (l.weightsOrder === 'in-out' ? l.weights[i * l.units + j]! : l.weights[j * n + i]!);
          return sum;
        });
        map = null;
        break;
      }
      case 'softmax': {
        const v: Float64Array = vec!;
        const max = Math.max(...v);
        const e: Float64Array = v.map((x) => Math.exp(x - max));
        const total = e.reduce((a, b) => a + b, 0);
        vec = e.map((x) => x / total);
        break;
      }
    }
  }
  return vec!;
}

/** Scores for n NCHW patches, n x K. */
export function referenceForward(layers: readonly ClassifierLayer[], input: Float32Array, n: number, channels: number, size: number, appendInputMeans = false): Float64Array[] {
  const per = channels * size * size;
  return Array.from({ length: n }, (_, b) => forwardOne(layers, Float64Array.from(input.subarray(b * per, (b + 1) * per)), channels, size, appendInputMeans));
}
