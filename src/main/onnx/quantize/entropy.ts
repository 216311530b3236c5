/**
 * Entropy (KL-divergence) calibration, as NVIDIA described it for TensorRT ("8-bit Inference with TensorRT",
 * Migacz, GTC 2017) and onnxruntime.quantization applies it to a histogram symmetric about 0:
 *
 *   for each candidate window of the histogram around 0, i bins to the left of 0 and i + 1 to the right (as ORT
 *   slices it; i = 64 ... all):
 *     P = the window's counts, with the counts outside it added to its first and last bins (clipping);
 *     Q = the window (without the outliers) merged into 128 quantized levels, each level's count spread evenly over
 *         the bins of P it covers that are not empty (empty bins stay empty);
 *     both smoothed (a zero becomes 1e-4, taken evenly from the non-zero bins), then KL(P || Q) on their
 *     normalised forms;
 *   the window with the smallest divergence gives the range [its left edge, its right edge], clipped to the
 *   values actually met.
 *
 * Where this follows TensorRT rather than ORT's code: the histogram has 2048 bins, not ORT's default of 128 (with
 * 128 bins and 128 quantized levels ORT tries a single window, the whole range, so its "entropy" is min-max); Q is
 * kept in floating point (ORT stores the spread counts in an integer array, truncating them) and only over the
 * non-empty bins of P; the last level also covers the bins left over when the window does not divide by 128.
 */
import type { SymmetricHistogram } from './histogram';
import type { Range } from './quant-params';

export const QUANTIZED_LEVELS = 128;
const SMOOTHING = 1e-4;

/** The range minimising the KL divergence of quantization, clipped to [min, max]. */
export function entropyRange(h: SymmetricHistogram, min: number, max: number): Range {
  const counts = h.counts;
  const n = counts.length;
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + counts[k]!;
  const zero = Math.floor(n / 2);
  const half = QUANTIZED_LEVELS / 2;
  let best = { divergence: Infinity, start: 0, end: n };
  for (let i = half; i <= zero; i++) {
    const start = zero - i;
    const end = Math.min(zero + i + 1, n);
    const divergence = windowDivergence(counts, start, end, prefix);
    if (divergence < best.divergence) best = { divergence, start, end };
  }
  return { min: Math.max(h.edge(best.start), min), max: Math.min(h.edge(best.end), max) };
}

/** KL(P || Q) for the window counts[start, end). */
export function windowDivergence(counts: Float64Array, start: number, end: number, prefix: Float64Array): number {
  const size = end - start;
  const p = counts.slice(start, end);
  p[0]! += prefix[start]!;
  p[size - 1]! += prefix[counts.length]! - prefix[end]!;
  const q = new Float64Array(size);
  const merged = Math.floor(size / QUANTIZED_LEVELS);
  for (let level = 0; level < QUANTIZED_LEVELS; level++) {
    const from = level * merged;
    const to = level === QUANTIZED_LEVELS - 1 ? size : from + merged;
    let sum = 0;
    let nonEmpty = 0;
    for (let k = from; k < to; k++) {
      sum += counts[start + k]!;
      if (p[k] !== 0) nonEmpty++;
    }
    if (nonEmpty === 0) continue;
    for (let k = from; k < to; k++) if (p[k] !== 0) q[k] = sum / nonEmpty;
  }
  const ps = smooth(p);
  const qs = smooth(q);
  return ps && qs ? klDivergence(ps, qs) : Infinity;
}

/** Zeros become SMOOTHING, paid for evenly by the non-zero bins; null when every bin is zero (or would go negative). */
export function smooth(values: Float64Array): Float64Array | null {
  let zeros = 0;
  for (const v of values) if (v === 0) zeros++;
  const nonZeros = values.length - zeros;
  if (nonZeros === 0) return null;
  const take = (SMOOTHING * zeros) / nonZeros;
  const out = values.map((v) => (v === 0 ? SMOOTHING : v - take));
  return out.every((v) => v > 0) ? out : null;
}

/** sum p log(p / q) of the normalised distributions (scipy.stats.entropy(p, q)), in nats. */
export function klDivergence(p: Float64Array, q: Float64Array): number {
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  let kl = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k]! / sp;
    if (pk > 0) kl += pk * Math.log(pk / (q[k]! / sq));
  }
  return kl;
}
