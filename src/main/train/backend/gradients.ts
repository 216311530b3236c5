/**
 * Leaner gradients for three ops every batch-normalised network runs in training, with the same values as
 * tfjs-core's. Gradients are engine-wide (not per backend), and these help the cpu backend too.
 *
 * - FusedBatchNorm (per-channel statistics): tfjs-core tiles 1/sqrt(variance) to the full activation shape and
 *   makes about a dozen full-size tensors; here the input gradient is one broadcast multiply, and the other
 *   four gradients come from two per-channel sums (of dy and of dy * (x - mean)).
 * - Mean and Sum: tfjs-core multiplies dy by a tensor of ones the size of x (and divides, for Mean); here dy
 *   (divided by the count first, the same float operation) is tiled once.
 */
import { add, div, FusedBatchNorm, getGradient, Mean, mul, neg, registerGradient, reshape, rsqrt, scalar, sub, sum, Sum, tile, util, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';

function expanded(x: Tensor, axis: number | number[]): { shape: number[]; reps: number[]; count: number } {
  const axes = util.parseAxisParam(axis, x.shape);
  const shape = x.shape.slice();
  const reps = x.shape.map(() => 1);
  let count = 1;
  for (const a of axes) {
    shape[a] = 1;
    reps[a] = x.shape[a]!;
    count *= x.shape[a]!;
  }
  return { shape, reps, count };
}

const meanGrad: GradConfig = {
  kernelName: Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as Tensor[];
    const { shape, reps, count } = expanded(x!, (attrs as NamedAttrMap).axis as number | number[]);
    return { x: () => tile(reshape(div(dy as Tensor, scalar(count)), shape), reps) };
  },
};

const sumGrad: GradConfig = {
  kernelName: Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as Tensor[];
    const { shape, reps } = expanded(x!, (attrs as NamedAttrMap).axis as number | number[]);
    return { x: () => tile(reshape(dy as Tensor, shape), reps) };
  },
};

function batchNormGrad(original: GradConfig): GradConfig {
  return {
    kernelName: FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dyIn, saved, attrs) => {
      const [x, mean, variance, scale] = saved as (Tensor | null)[];
      // Statistics of another shape than one value per channel: tfjs-core's own gradient.
      if (!x || !mean || !variance || mean.rank !== 1 || x.shape[x.rank - 1] !== mean.shape[0]) return original.gradFunc(dyIn, saved, attrs);
      const dy = dyIn as Tensor;
      const { varianceEpsilon } = attrs as { varianceEpsilon: number };
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const rstd = rsqrt(add(variance, scalar(varianceEpsilon)));
      const scaled = scale ? mul(rstd, scale) : rstd;
      // Computed here, not in the closures: each closure runs in its own tidy, which would dispose a shared
      // tensor made in another one.
      const sumDy = sum(dy, axes);
      const sumDyXm = sum(mul(dy, sub(x, mean)), axes);
      return {
        x: () => mul(dy, scaled),
        mean: () => neg(mul(scaled, sumDy)),
        variance: () => mul(mul(mul(mul(rstd, rstd), scaled), scalar(-0.5)), sumDyXm),
        scale: () => mul(rstd, sumDyXm),
        offset: () => reshape(sumDy, mean.shape),
      };
    },
  };
}

let originals: GradConfig[] | null = null;

export function registerLeanGradients(): string[] {
  if (!originals) {
    originals = [FusedBatchNorm, Mean, Sum].map((name) => getGradient(name)).filter((g): g is GradConfig => Boolean(g));
    const batchNorm = originals.find((g) => g.kernelName === FusedBatchNorm);
    if (batchNorm) registerGradient(batchNormGrad(batchNorm));
    registerGradient(meanGrad);
    registerGradient(sumGrad);
  }
  return [FusedBatchNorm, Mean, Sum];
}

/** Runs f with tfjs-core's own gradients (for tests that compare them with ours). */
export function withOriginalGradients<T>(f: () => T): T {
  const lean = [FusedBatchNorm, Mean, Sum].map((name) => getGradient(name));
  for (const g of originals ?? []) registerGradient(g);
  try {
    return f();
  } finally {
    for (const g of lean) if (g) registerGradient(g);
  }
}
