/**
 * The numbers of the QDQ scheme ONNX Runtime runs fast on x86:
 * - activations: uint8, asymmetric: the calibrated range [min, max] is widened to hold 0 (so zero, the padding and
 *   ReLU value, is exact), scale = (max - min) / 255, zero point = round(-min / scale);
 * - weights: int8, symmetric, one scale per output channel, zero point 0: scale = max |w| / 64 and values in
 *   [-64, 64] (the 7-bit "reduce_range" of onnxruntime.quantization), or max |w| / 127 and [-127, 127] (full range).
 *   On x86 without VNNI (AVX2 only: the AMD EPYC machines this is developed on) ORT's uint8 x int8 kernels add
 *   pairs of products in 16 bits (pmaddubsw), which saturates when 255 x 127 x 2 > 32767: measured on a Gemm with
 *   full-range weights, the fused model was 22 % of the output spread off where the unfused QDQ graph was 0.4 %.
 *   255 x 64 x 2 fits, so 7 bits are the default; full range is for machines with VNNI (or Arm) only;
 * - biases: int32 with scale = input scale x weight scale of the channel and zero point 0, so the integer
 *   accumulator of the convolution and the bias add directly.
 * Rounding is half to even, as QuantizeLinear and numpy round. Scales are float32 (what the model stores), and the
 * values are quantized with those float32 scales.
 */
import type { FloatTensor } from './tensor-data';

/** A calibrated range of a tensor's values. */
export interface Range {
  min: number;
  max: number;
}

export interface ActivationParams {
  /** float32 */
  scale: number;
  /** 0-255 */
  zeroPoint: number;
}

/** Round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** uint8 asymmetric parameters for a calibrated range. */
export function activationParams(min: number, max: number): ActivationParams {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = Math.fround((hi - lo) / 255);
  // An all-zero tensor (a dead channel group): any scale represents it; 1 keeps the model valid.
  if (!(scale > 0) || !Number.isFinite(scale)) return { scale: 1, zeroPoint: 0 };
  return { scale, zeroPoint: clamp(roundHalfEven(-lo / scale), 0, 255) };
}

/** uint8 values of a float tensor under given parameters (constant inputs of Add and Mul). */
export function quantizeUint8(values: Float32Array, p: ActivationParams): Uint8Array {
  return Uint8Array.from(values, (v) => clamp(roundHalfEven(v / p.scale) + p.zeroPoint, 0, 255));
}

export interface QuantizedWeights {
  values: Int8Array;
  /** One per channel along `axis`. */
  scales: Float32Array;
  axis: number;
}

/** The largest weight magnitude stored: 7 bits (the default, safe on every x86) or 8. */
export const WEIGHT_LEVELS = { reduced: 64, full: 127 } as const;

/**
 * int8 symmetric per-channel weights along `axis` (0: Conv's output channels; 1: the columns of a [K, N] matrix),
 * in [-levels, levels].
 */
export function quantizeWeights(w: FloatTensor, axis: number, levels: number): QuantizedWeights {
  const channels = w.dims[axis]!;
  const inner = w.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => Math.floor(i / inner) % channels;
  const absMax = new Float64Array(channels);
  w.data.forEach((v, i) => {
    const c = channelOf(i);
    absMax[c] = Math.max(absMax[c]!, Math.abs(v));
  });
  // A channel of zeros gets scale 1: its values quantize to 0 either way, and a zero scale would divide the bias by 0.
  const scales = Float32Array.from(absMax, (m) => (m > 0 ? m / levels : 1));
  const values = Int8Array.from(w.data, (v, i) => clamp(roundHalfEven(v / scales[channelOf(i)]!), -levels, levels));
  return { values, scales, axis };
}

const INT32_MAX = 2 ** 31 - 1;

/** int32 bias per channel, scale = inputScale x weight scale (computed in float32, as the runtime computes it). */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  const scales = Float32Array.from(weightScales, (s) => Math.fround(inputScale * s));
  const values = Int32Array.from(bias, (b, c) => clamp(roundHalfEven(b / scales[c]!), -INT32_MAX, INT32_MAX));
  return { values, scales };
}
