/**
 * The 8 symmetries of a square patch (rot90 and flips), for channels-last patches (n x size x size x channels).
 * Transform t = k + 4 f is numpy.rot90(numpy.fliplr(x) if f else x, k): flip left-right when f is 1, then k
 * quarter turns counter-clockwise (as seen with row 0 at the top). All pure: the input is never changed.
 */
import { mulberry32 } from '../synthetic/noise';

export const TRANSFORMS = 8;

/** Writes transform t of one patch (src at srcOffset) at dst[dstOffset]. */
export function transformPatch(src: Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, size: number, channels: number, t: number): void {
  const k = t & 3;
  const flip = (t & 4) !== 0;
  const last = size - 1;
  let o = dstOffset;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      // The pixel of the (flipped) patch that quarter turn k brings to (i, j).
      let a: number;
      let b: number;
      if (k === 0) [a, b] = [i, j];
      else if (k === 1) [a, b] = [j, last - i];
      else if (k === 2) [a, b] = [last - i, last - j];
      else [a, b] = [last - j, i];
      if (flip) b = last - b;
      const s = srcOffset + (a * size + b) * channels;
      for (let c = 0; c < channels; c++) dst[o++] = src[s + c]!;
    }
  }
}

/**
 * A random symmetry per patch, drawn from `seed`: the same seed gives the same transforms. Several arrays of the
 * same patches (sen2 and sen1) get the same transform per patch. Returns the new arrays and the transform of each patch.
 */
export function augmentBatch(arrays: readonly { patches: Float32Array; channels: number }[], n: number, size: number, seed: number): { arrays: Float32Array[]; transforms: Uint8Array } {
  const random = mulberry32(seed);
  const transforms = Uint8Array.from({ length: n }, () => Math.floor(random() * TRANSFORMS));
  const out = arrays.map(({ patches, channels }) => {
    const length = size * size * channels;
    if (patches.length !== n * length) throw new RangeError(`augmentBatch: expected ${n} patches of ${size} x ${size} x ${channels}`);
    const result = new Float32Array(patches.length);
    for (let p = 0; p < n; p++) transformPatch(patches, p * length, result, p * length, size, channels, transforms[p]!);
    return result;
  });
  return { arrays: out, transforms };
}
