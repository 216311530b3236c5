/**
 * The WUDAPT generator's post-classification filter: each class's indicator map (1 where the class was drawn) is
 * smoothed with a Gaussian kernel of its own size, and each cell takes the class with the highest smoothed share.
 * Compact high-rise keeps small patches, large low-rise and industry need larger ones, water keeps its narrow rivers.
 * Kernels are normalised over the cells with data, so a class is not weakened along the map's edge or a no-data hole.
 */
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';

/** Kernel radius and sigma in metres per LCZ value (Demuzere et al. 2021, as the generator's code sets them). */
export const GAUSSIAN_KERNELS_M: Readonly<Record<number, { radius: number; sigma: number }>> = {
  1: { radius: 200, sigma: 100 },
  2: { radius: 300, sigma: 150 },
  3: { radius: 300, sigma: 150 },
  4: { radius: 300, sigma: 150 },
  5: { radius: 300, sigma: 150 },
  6: { radius: 300, sigma: 150 },
  7: { radius: 300, sigma: 150 },
  8: { radius: 500, sigma: 250 },
  9: { radius: 300, sigma: 150 },
  10: { radius: 500, sigma: 250 },
  11: { radius: 200, sigma: 75 },
  12: { radius: 200, sigma: 75 },
  13: { radius: 200, sigma: 75 },
  14: { radius: 200, sigma: 75 },
  15: { radius: 300, sigma: 150 },
  16: { radius: 200, sigma: 75 },
  17: { radius: 50, sigma: 25 },
};

/** 1-D Gaussian weights for offsets -h..h cells (h = radius / cell size, rounded down). */
export function kernel1d(radiusM: number, sigmaM: number, cellM: number): Float64Array {
  const h = Math.floor(radiusM / cellM + 1e-9);
  const sigma = sigmaM / cellM;
  return Float64Array.from({ length: 2 * h + 1 }, (_, i) => Math.exp(-((i - h) ** 2) / (2 * sigma * sigma)));
}

/** Separable convolution of `values` (width x height) with `k`, rows then columns; outside the map counts as 0. */
function convolve(values: Float64Array, width: number, height: number, k: Float64Array): Float64Array {
  const h = (k.length - 1) / 2;
  const across = new Float64Array(values.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      for (let d = -h; d <= h; d++) {
        const cc = c + d;
        if (cc >= 0 && cc < width) s += k[d + h]! * values[r * width + cc]!;
      }
      across[r * width + c] = s;
    }
  }
  const out = new Float64Array(values.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      for (let d = -h; d <= h; d++) {
        const rr = r + d;
        if (rr >= 0 && rr < height) s += k[d + h]! * across[rr * width + c]!;
      }
      out[r * width + c] = s;
    }
  }
  return out;
}

/** The filtered class map (0 stays no data); ties keep the class drawn. */
export function gaussianFilter(classes: Uint8Array, width: number, height: number, cellM: number): Uint8Array {
  const n = width * height;
  const out = new Uint8Array(classes);
  const best = new Float64Array(n).fill(-1);
  const validity = Float64Array.from(classes, (v) => (v ? 1 : 0));
  const present = new Set(classes);
  present.delete(0);
  // The drawn class first, so that a tie keeps it.
  const order = [...present].sort((a, b) => a - b);
  const indicator = new Float64Array(n);
  for (const lcz of order) {
    if (lcz < 1 || lcz > LCZ_CLASS_COUNT) continue;
    const { radius, sigma } = GAUSSIAN_KERNELS_M[lcz]!;
    const k = kernel1d(radius, sigma, cellM);
    for (let i = 0; i < n; i++) indicator[i] = classes[i] === lcz ? 1 : 0;
    const share = convolve(indicator, width, height, k);
    const weight = convolve(validity, width, height, k);
    for (let i = 0; i < n; i++) {
      if (!classes[i]) continue;
      const s = share[i]! / weight[i]!;
      if (s > best[i]! + 1e-12 || (Math.abs(s - best[i]!) <= 1e-12 && lcz === classes[i])) {
        best[i] = s;
        out[i] = lcz;
      }
    }
  }
  return out;
}
