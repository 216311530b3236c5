import { mulberry32 } from '../synthetic/noise';

/** A linear classifier on standardised features: logits = ((x - mean) / std) W + b, W stored [features, classes]. */
export interface LinearHead {
  features: number;
  classes: number;
  mean: Float32Array;
  std: Float32Array;
  weights: Float32Array;
  bias: Float32Array;
}

export interface SoftmaxRegressionOptions {
  epochs: number;
  batch: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Weight of class c in the loss; balances rare classes. */
  classWeights?: Float32Array;
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Multinomial logistic regression by mini-batch Adam, in plain TypeScript: small enough (features x classes weights)
 * that no tensor engine is needed. x is n x features row-major, y holds class indices 0..classes-1.
 */
export function fitSoftmaxRegression(x: Float32Array, y: Uint8Array, classes: number, o: SoftmaxRegressionOptions): LinearHead {
  const n = y.length;
  const d = x.length / n;
  const mean = new Float32Array(d);
  const std = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j]! += (x[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const z = new Float32Array(x.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = (x[i * d + j]! - mean[j]!) / std[j]!;

  const w = new Float32Array(d * classes);
  const b = new Float32Array(classes);
  const params = [w, b];
  const m1 = params.map((p) => new Float32Array(p.length));
  const m2 = params.map((p) => new Float32Array(p.length));
  const grads = params.map((p) => new Float32Array(p.length));
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(o.seed);
  const logits = new Float64Array(classes);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let lossSum = 0;
    for (let start = 0; start < n; start += o.batch) {
      const end = Math.min(n, start + o.batch);
      grads.forEach((g) => g.fill(0));
      let weightSum = 0;
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        const row = i * d;
        for (let c = 0; c < classes; c++) logits[c] = b[c]!;
        for (let j = 0; j < d; j++) {
          const v = z[row + j]!;
          if (v === 0) continue;
          const wr = j * classes;
          for (let c = 0; c < classes; c++) logits[c]! += v * w[wr + c]!;
        }
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]!);
        let total = 0;
        for (let c = 0; c < classes; c++) total += (logits[c] = Math.exp(logits[c]! - max));
        const label = y[i]!;
        const cw = o.classWeights?.[label] ?? 1;
        weightSum += cw;
        lossSum += -Math.log(Math.max(logits[label]! / total, 1e-12)) * cw;
        for (let c = 0; c < classes; c++) {
          const g = (logits[c]! / total - (c === label ? 1 : 0)) * cw;
          grads[1]![c]! += g;
          for (let j = 0; j < d; j++) grads[0]![j * classes + c]! += g * z[row + j]!;
        }
      }
      step++;
      params.forEach((p, k) => {
        const g = grads[k]!;
        for (let q = 0; q < p.length; q++) {
          const grad = g[q]! / weightSum + (k === 0 ? o.l2 * p[q]! : 0);
          m1[k]![q] = beta1 * m1[k]![q]! + (1 - beta1) * grad;
          m2[k]![q] = beta2 * m2[k]![q]! + (1 - beta2) * grad * grad;
          const mh = m1[k]![q]! / (1 - beta1 ** step);
          const vh = m2[k]![q]! / (1 - beta2 ** step);
          p[q]! -= (o.learningRate * mh) / (Math.sqrt(vh) + eps);
        }
      });
    }
    o.onEpoch?.(epoch, lossSum / n);
  }
  return { features: d, classes, mean, std, weights: w, bias: b };
}

/** The head with its standardisation folded in: logits = x W' + b' on raw features ([in, out] weights). */
export function foldStandardisation(head: LinearHead): { weights: Float32Array; bias: Float32Array } {
  const { features: d, classes: k } = head;
  const weights = new Float32Array(d * k);
  const bias = Float32Array.from(head.bias);
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < k; c++) {
      const wjc = head.weights[j * k + c]! / head.std[j]!;
      weights[j * k + c] = wjc;
      bias[c]! -= wjc * head.mean[j]!;
    }
  }
  return { weights, bias };
}
