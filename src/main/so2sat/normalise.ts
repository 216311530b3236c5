import { SO2SAT_S2_MEAN, SO2SAT_S2_STD } from '../../shared/bands';
import type { RowValues } from './row-source';

/** Per-channel statistics: normalised = (raw - mean) / std. */
export interface Normalisation {
  mean: readonly number[];
  std: readonly number[];
}

/** The published So2Sat LCZ42 `sen2` statistics (v2): the default normalisation of Sentinel-2 patches. */
export const PUBLISHED_SEN2: Normalisation = { mean: SO2SAT_S2_MEAN, std: SO2SAT_S2_STD };

/** raw x gain + bias per channel; identity for null. */
export function channelCoefficients(norm: Normalisation | null, channels: number): { gain: Float64Array; bias: Float64Array } {
  const gain = new Float64Array(channels).fill(1);
  const bias = new Float64Array(channels);
  if (!norm) return { gain, bias };
  if (norm.mean.length !== channels || norm.std.length !== channels) {
    throw new RangeError(`a normalisation for ${channels} channels needs ${channels} means and stds (got ${norm.mean.length} and ${norm.std.length})`);
  }
  for (let c = 0; c < channels; c++) {
    const std = norm.std[c]!;
    if (!(std > 0)) throw new RangeError(`channel ${c} has std ${std}; stds must be positive`);
    gain[c] = 1 / std;
    bias[c] = -norm.mean[c]! / std;
  }
  return { gain, bias };
}

/**
 * Writes the rows rowOf[0], rowOf[1], ... of `src` (channels last) as rows 0, 1, ... of `out`, normalised. A
 * non-finite value (NaN, infinite) becomes 0, the channel's mean once normalised. Returns how many there were and
 * the first output row holding one (-1 when none); `onBadRow` hears of each row holding some, with their count.
 *
 * The hot loop of every batch. The finiteness check is folded into one sum per row (v x 0 is 0 for finite v,
 * NaN otherwise), so clean rows, nearly all of them, take no branch per value; So2Sat's 10 and 8 channels get
 * kernels with the coefficients in locals (measured twice as fast as a loop over channels).
 */
export function normaliseRows(
  src: RowValues,
  rowOf: ArrayLike<number>,
  out: Float32Array,
  rowValues: number,
  gain: Float64Array,
  bias: Float64Array,
  onBadRow?: (row: number, count: number) => void,
): { bad: number; firstRow: number } {
  const kernel = gain.length === 10 ? kernel10 : gain.length === 8 ? kernel8 : kernelAny;
  let bad = 0;
  let firstRow = -1;
  for (let i = 0; i < rowOf.length; i++) {
    const o0 = i * rowValues;
    if (kernel(src, rowOf[i]! * rowValues, out, o0, rowValues, gain, bias) === 0) continue;
    let inRow = 0;
    for (let k = o0; k < o0 + rowValues; k++) {
      const v = out[k]!;
      if (v - v !== 0) {
        out[k] = 0;
        inRow++;
      }
    }
    bad += inRow;
    onBadRow?.(i, inRow);
    if (firstRow < 0) firstRow = i;
  }
  return { bad, firstRow };
}

/** One row: out = src x gain + bias per channel; returns 0 when every value is finite (NaN otherwise). */
type Kernel = (src: RowValues, s: number, out: Float32Array, o: number, n: number, gain: Float64Array, bias: Float64Array) => number;

const kernel10: Kernel = (src, s, out, o, n, gain, bias) => {
  const [g0, g1, g2, g3, g4, g5, g6, g7, g8, g9] = gain as unknown as number[];
  const [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9] = bias as unknown as number[];
  let check = 0;
  for (const end = o + n; o < end; o += 10, s += 10) {
    const v0 = src[s]! * g0! + b0!;
    const v1 = src[s + 1]! * g1! + b1!;
    const v2 = src[s + 2]! * g2! + b2!;
    const v3 = src[s + 3]! * g3! + b3!;
    const v4 = src[s + 4]! * g4! + b4!;
    const v5 = src[s + 5]! * g5! + b5!;
    const v6 = src[s + 6]! * g6! + b6!;
    const v7 = src[s + 7]! * g7! + b7!;
    const v8 = src[s + 8]! * g8! + b8!;
    const v9 = src[s + 9]! * g9! + b9!;
    out[o] = v0;
    out[o + 1] = v1;
    out[o + 2] = v2;
    out[o + 3] = v3;
    out[o + 4] = v4;
    out[o + 5] = v5;
    out[o + 6] = v6;
    out[o + 7] = v7;
    out[o + 8] = v8;
    out[o + 9] = v9;
    check += (v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9) * 0;
  }
  return check;
};

const kernel8: Kernel = (src, s, out, o, n, gain, bias) => {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = gain as unknown as number[];
  const [b0, b1, b2, b3, b4, b5, b6, b7] = bias as unknown as number[];
  let check = 0;
  for (const end = o + n; o < end; o += 8, s += 8) {
    const v0 = src[s]! * g0! + b0!;
    const v1 = src[s + 1]! * g1! + b1!;
    const v2 = src[s + 2]! * g2! + b2!;
    const v3 = src[s + 3]! * g3! + b3!;
    const v4 = src[s + 4]! * g4! + b4!;
    const v5 = src[s + 5]! * g5! + b5!;
    const v6 = src[s + 6]! * g6! + b6!;
    const v7 = src[s + 7]! * g7! + b7!;
    out[o] = v0;
    out[o + 1] = v1;
    out[o + 2] = v2;
    out[o + 3] = v3;
    out[o + 4] = v4;
    out[o + 5] = v5;
    out[o + 6] = v6;
    out[o + 7] = v7;
    check += (v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7) * 0;
  }
  return check;
};

const kernelAny: Kernel = (src, s, out, o, n, gain, bias) => {
  const channels = gain.length;
  let check = 0;
  for (let c = 0; c < channels; c++) {
    const g = gain[c]!;
    const b = bias[c]!;
    for (let k = c; k < n; k += channels) {
      const v = src[s + k]! * g + b;
      out[o + k] = v;
      check += v * 0;
    }
  }
  return check;
};
