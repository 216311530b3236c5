/**
 * Histograms of a tensor's values for Percentile and Entropy calibration, as onnxruntime.quantization's
 * HistogramCollector bins them:
 *
 * - AbsHistogram (Percentile): |x| in 2048 bins over [0, max |x|];
 * - SymmetricHistogram (Entropy): x in 2048 bins over [-t, t], t = max |x|, so 0 is the edge between the two
 *   middle bins.
 *
 * ORT keeps every calibration batch's activations in memory and bins them all at once, over their full range.
 * Streaming, the same histogram takes two passes: the first finds each tensor's range (min and max), the second
 * bins each batch as it comes over that range, and keeps nothing else. (ORT also merges histograms across separate
 * collect calls by widening the range a bin at a time; with the range known first there is nothing to widen, and
 * the number of bins, hence the cost of the entropy search, stays fixed.)
 */
export const HISTOGRAM_BINS = 2048;

abstract class Histogram {
  readonly counts = new Float64Array(HISTOGRAM_BINS);
  /** Bins start at `low` and are `width` wide; width 0 when every value is 0 (all counted in one bin). */
  constructor(
    readonly low: number,
    readonly width: number,
  ) {}

  /** The left edge of bin k (k = HISTOGRAM_BINS: the right end). */
  edge(k: number): number {
    return this.low + k * this.width;
  }

  protected bin(v: number): number {
    if (this.width === 0) return HISTOGRAM_BINS / 2;
    // Values at the right end (and any rounding past it) go in the last bin, as numpy.histogram puts them.
    return Math.max(0, Math.min(HISTOGRAM_BINS - 1, Math.floor((v - this.low) / this.width)));
  }
}

export class AbsHistogram extends Histogram {
  constructor(absMax: number) {
    super(0, absMax / HISTOGRAM_BINS);
  }

  add(values: Float32Array): void {
    for (let i = 0; i < values.length; i++) this.counts[this.bin(Math.abs(values[i]!))]!++;
  }

  /** The left edge of the bin where the cumulative share first reaches `share` (numpy's searchsorted, as ORT). */
  threshold(share: number): number {
    const total = this.counts.reduce((a, b) => a + b, 0);
    if (total === 0 || this.width === 0) return 0;
    let cumulative = 0;
    for (let k = 0; k < HISTOGRAM_BINS; k++) {
      cumulative += this.counts[k]!;
      if (cumulative / total >= share) return this.edge(k);
    }
    return this.edge(HISTOGRAM_BINS);
  }
}

export class SymmetricHistogram extends Histogram {
  constructor(absMax: number) {
    super(-absMax, (2 * absMax) / HISTOGRAM_BINS);
  }

  add(values: Float32Array): void {
    for (let i = 0; i < values.length; i++) this.counts[this.bin(values[i]!)]!++;
  }
}
