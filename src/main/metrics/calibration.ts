/**
 * Calibration of class probabilities: does a model that says 80 % get 80 % right? Reliability bins, the expected and
 * maximum calibration errors (ECE: count-weighted mean |accuracy - confidence| over equal-width confidence bins; MCE:
 * the largest gap), and temperature scaling (one scalar T dividing the logits, fitted on validation data by
 * minimising the negative log-likelihood: Guo et al. 2017).
 */

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean top probability of the samples in the bin (0 when empty). */
  confidence: number;
  /** Share of them classified right (0 when empty). */
  accuracy: number;
}

export interface Calibration {
  bins: ReliabilityBin[];
  ece: number;
  mce: number;
  /** Mean negative log-likelihood of the true class. */
  nll: number;
}

/** Softmax of logits / T, row by row (n x k). */
export function softmaxRows(logits: Float32Array, k: number, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  for (let row = 0; row < logits.length; row += k) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[row + c]! / temperature);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[row + c] = Math.exp(logits[row + c]! / temperature - max);
    for (let c = 0; c < k; c++) out[row + c]! /= sum;
  }
  return out;
}

/** Reliability of probabilities (n x k) against true class indices, over `binCount` equal-width confidence bins. */
export function calibration(probabilities: Float32Array, labels: ArrayLike<number>, k: number, binCount = 15): Calibration {
  const n = labels.length;
  const count = new Float64Array(binCount);
  const conf = new Float64Array(binCount);
  const right = new Float64Array(binCount);
  let nll = 0;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[row + c]! > probabilities[row + best]!) best = c;
    const p = probabilities[row + best]!;
    // Bins are (lower, upper]; a confidence of exactly 0 goes to the first.
    const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(p * binCount) - 1));
    count[bin]!++;
    conf[bin]! += p;
    if (best === labels[i]) right[bin]!++;
    nll -= Math.log(Math.max(probabilities[row + labels[i]!]!, 1e-12));
  }
  let ece = 0;
  let mce = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const c = count[b]!;
    const confidence = c ? conf[b]! / c : 0;
    const accuracy = c ? right[b]! / c : 0;
    if (c) {
      const gap = Math.abs(accuracy - confidence);
      ece += (c / n) * gap;
      mce = Math.max(mce, gap);
    }
    bins.push({ lower: b / binCount, upper: (b + 1) / binCount, count: c, confidence, accuracy });
  }
  return { bins, ece, mce, nll: n ? nll / n : 0 };
}

/** Mean negative log-likelihood of the true classes under softmax(logits / T). */
export function temperatureNll(logits: Float32Array, labels: ArrayLike<number>, k: number, temperature: number): number {
  let nll = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[row + c]! / temperature);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[row + c]! / temperature - max);
    nll += Math.log(sum) + max - logits[row + labels[i]!]! / temperature;
  }
  return nll / Math.max(1, labels.length);
}

/**
 * The temperature minimising the NLL, by golden-section search on log T over [0.05, 20]. The NLL is convex in 1/T,
 * hence unimodal in log T, so the search cannot stop in a wrong local minimum.
 */
export function fitTemperature(logits: Float32Array, labels: ArrayLike<number>, k: number): number {
  const f = (logT: number) => temperatureNll(logits, labels, k, Math.exp(logT));
  let [a, b] = [Math.log(0.05), Math.log(20)];
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-5) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - g * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}
