// The statistics behind calibration and the numbers of the int8 scheme: histograms, the KL divergence (against
// scipy's), the entropy search, percentile thresholds, and scale / zero-point / weight / bias quantization.
import { describe, expect, it } from 'vitest';
import { entropyRange, klDivergence, smooth } from '../../../src/main/onnx/quantize/entropy';
import { AbsHistogram, HISTOGRAM_BINS, SymmetricHistogram } from '../../../src/main/onnx/quantize/histogram';
import { activationParams, quantizeBias, quantizeWeights, roundHalfEven } from '../../../src/main/onnx/quantize/quant-params';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { pythonJson, pythonMissing } from '../../helpers/python';

const random = (seed: number) => mulberry32(seed);
const uniform = (n: number, lo: number, hi: number, seed: number) => {
  const r = random(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
};
/** Laplace(0, 1) samples: a heavy tail, as activations before a ReLU often have. */
const laplace = (n: number, seed: number) => {
  const r = random(seed);
  return Float32Array.from({ length: n }, () => {
    const u = r() - 0.5;
    return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u) + 1e-12);
  });
};
const absMax = (v: Float32Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('histograms', () => {
  it('bins |x| in 2048 bins over [0, max |x|], the maximum in the last bin, the same in one batch or many', () => {
    const values = uniform(50_000, -3, 3, 1);
    const whole = new AbsHistogram(absMax(values));
    whole.add(values);
    const parts = new AbsHistogram(absMax(values));
    for (let i = 0; i < values.length; i += 4096) parts.add(values.subarray(i, i + 4096));
    expect(whole.counts.length).toBe(HISTOGRAM_BINS);
    expect(whole.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    expect([...parts.counts]).toEqual([...whole.counts]);
    const top = new AbsHistogram(2);
    top.add(Float32Array.of(2, -2, 0));
    expect(top.counts[HISTOGRAM_BINS - 1]).toBe(2);
    expect(top.counts[0]).toBe(1);
  });

  it('gives the percentile threshold below rare outliers, and the whole range at 100 %', () => {
    const values = Float32Array.from([...uniform(100_000, 0, 1, 2), 100, 100, 100, 100, 100]);
    const h = new AbsHistogram(absMax(values));
    h.add(values);
    const t = h.threshold(0.9999);
    // 99.99 % of 100,005 values lie in [0, 1): the threshold is the left edge of the bin where that share is reached.
    expect(t).toBeGreaterThan(0.95);
    expect(t).toBeLessThan(1.05);
    expect(h.threshold(1)).toBeCloseTo(100 - 100 / HISTOGRAM_BINS, 5); // the left edge of the last bin
  });

  it('puts 0 on the edge between the two middle bins of the symmetric histogram', () => {
    const h = new SymmetricHistogram(5);
    expect(h.edge(0)).toBe(-5);
    expect(h.edge(HISTOGRAM_BINS / 2)).toBe(0);
    expect(h.edge(HISTOGRAM_BINS)).toBe(5);
    h.add(Float32Array.of(-5, 0, 4.999, 5));
    expect(h.counts[0]).toBe(1);
    expect(h.counts[HISTOGRAM_BINS / 2]).toBe(1);
    expect(h.counts[HISTOGRAM_BINS - 1]).toBe(2);
  });
});

describe('entropy calibration', () => {
  it.skipIf(pythonMissing('scipy'))('computes the KL divergence as scipy.stats.entropy(p, q) does', () => {
    const r = random(3);
    const pairs = Array.from({ length: 5 }, (_, k) => [Array.from({ length: 50 + k * 37 }, () => r() * 10 + 0.01), Array.from({ length: 50 + k * 37 }, () => r() * 10 + 0.01)]);
    const reference = pythonJson<number[]>('import sys, json\nfrom scipy.stats import entropy\nprint(json.dumps([float(entropy(p, q)) for p, q in json.load(sys.stdin)]))', JSON.stringify(pairs));
    pairs.forEach(([p, q], k) => expect(klDivergence(Float64Array.from(p!), Float64Array.from(q!))).toBeCloseTo(reference[k]!, 10));
  });

  it('smooths zeros to 1e-4, taken evenly from the other bins, and gives up on an all-zero distribution', () => {
    const s = smooth(Float64Array.of(0, 4, 0, 6))!;
    expect([...s]).toEqual([1e-4, 4 - 1e-4, 1e-4, 6 - 1e-4]);
    expect(smooth(new Float64Array(4))).toBeNull();
  });

  it('clips the heavy tail of a Laplace distribution and keeps the whole range of a uniform one', () => {
    const tailed = laplace(200_000, 4);
    const h = new SymmetricHistogram(absMax(tailed));
    h.add(tailed);
    const min = tailed.reduce((a, b) => Math.min(a, b));
    const max = tailed.reduce((a, b) => Math.max(a, b));
    const clipped = entropyRange(h, min, max);
    // Laplace(0, 1) over 200,000 samples reaches about |x| = 12; the KL optimum for 128 levels clips inside it.
    expect(clipped.max).toBeLessThan(0.9 * max);
    expect(clipped.max).toBeGreaterThan(3);
    expect(clipped.min).toBeLessThan(-3);

    const flat = uniform(200_000, -1, 1, 5);
    const u = new SymmetricHistogram(absMax(flat));
    u.add(flat);
    const whole = entropyRange(u, -1, 1);
    expect(whole.max).toBeGreaterThan(0.95);
    expect(whole.min).toBeLessThan(-0.95);
  });

  it('never widens the range past the values met (a ReLU output keeps its minimum of 0)', () => {
    const relu = laplace(50_000, 6).map((v) => Math.max(0, v));
    const h = new SymmetricHistogram(absMax(relu));
    h.add(relu);
    expect(entropyRange(h, 0, absMax(relu)).min).toBe(0);
  });
});

describe('quantization parameters', () => {
  it('rounds half to even, as QuantizeLinear does', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, -3]);
  });

  it('makes uint8 activations asymmetric around a range widened to hold 0', () => {
    expect(activationParams(0, 2.55)).toEqual({ scale: Math.fround(0.01), zeroPoint: 0 });
    expect(activationParams(-0.5, 2.05)).toEqual({ scale: Math.fround(0.01), zeroPoint: 50 });
    expect(activationParams(0.5, 2)).toEqual({ scale: Math.fround(2 / 255), zeroPoint: 0 });
    expect(activationParams(-3, -1)).toEqual({ scale: Math.fround(3 / 255), zeroPoint: 255 });
    expect(activationParams(0, 0)).toEqual({ scale: 1, zeroPoint: 0 });
  });

  it('quantizes weights per channel, symmetric, along the axis asked', () => {
    // [2, 3]: channels on axis 0 are the rows, on axis 1 the columns.
    const w = { data: Float32Array.of(1, -2, 0.5, 0, 0, 0), dims: [2, 3] };
    const rows = quantizeWeights(w, 0, 64);
    expect([...rows.scales]).toEqual([Math.fround(2 / 64), 1]); // an all-zero channel keeps scale 1
    expect([...rows.values]).toEqual([32, -64, 16, 0, 0, 0]);
    const columns = quantizeWeights(w, 1, 127);
    expect([...columns.scales]).toEqual([Math.fround(1 / 127), Math.fround(2 / 127), Math.fround(0.5 / 127)]);
    expect([...columns.values]).toEqual([127, -127, 127, 0, 0, 0]);
  });

  it('quantizes biases to int32 with scale input scale x weight scale and zero point 0', () => {
    const b = quantizeBias(Float32Array.of(0.5, -0.25), 0.01, Float32Array.of(0.5, 0.25));
    expect([...b.scales]).toEqual([Math.fround(0.005), Math.fround(0.0025)]);
    expect([...b.values]).toEqual([100, -100]);
  });
});
