import { describe, expect, it } from 'vitest';
import { EnsembleFusion, finishFusion } from '../../src/main/mapping/fusion';
import { modeFilter } from '../../src/main/mapping/mode-filter';

describe('ensemble fusion (sum rule) and confidence', () => {
  it('averages members over the 17 LCZ values whatever their class order, and measures confidence', () => {
    const fusion = new EnsembleFusion(3, 2);
    // Member 0 outputs LCZ [2, 17, 5]; member 1 outputs [5, 2, 17]: the same classes in another order.
    fusion.add(0, [0, 1], Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]), [2, 17, 5], 1);
    fusion.add(1, [0, 1], Float32Array.from([0.1, 0.5, 0.4, 0.9, 0.05, 0.05]), [5, 2, 17], 1);
    const fused = finishFusion(fusion);
    const p = (cell: number, lcz: number) => fused.probabilities[cell * 17 + lcz - 1]!;
    expect(p(0, 2)).toBeCloseTo(0.6, 6);
    expect(p(0, 17)).toBeCloseTo(0.3, 6);
    expect(p(0, 5)).toBeCloseTo(0.1, 6);
    expect(fused.classes[0]).toBe(2);
    expect(fused.maxProbability[0]).toBeCloseTo(0.6, 6);
    expect(fused.margin[0]).toBeCloseTo(0.3, 6);
    const h = -(0.6 * Math.log(0.6) + 0.3 * Math.log(0.3) + 0.1 * Math.log(0.1)) / Math.log(17);
    expect(fused.entropy[0]).toBeCloseTo(h, 6);
    // Cell 1: member 0 says 5 (0.8), member 1 says 5 (0.9) -> both agree.
    expect(fused.classes[1]).toBe(5);
    expect(fused.disagreement?.[1]).toBe(0);
    expect(fused.disagreement?.[0]).toBe(0); // both voted 2
    // Cell 2: nobody predicted it.
    expect(fused.classes[2]).toBe(0);
    expect(fused.probabilities.subarray(34, 51).every((v) => v === 0)).toBe(true);
  });

  it('counts members that disagree with the fused class, and averages test-time views first', () => {
    const fusion = new EnsembleFusion(1, 3);
    const two = [1, 2];
    fusion.add(0, [0], Float32Array.from([0.9, 0.1]), two, 1);
    fusion.add(1, [0], Float32Array.from([0.8, 0.2]), two, 1);
    // Two views: 0.2/0.8 and 0.4/0.6 average to 0.3/0.7 -> votes class 2.
    fusion.add(2, [0], Float32Array.from([0.2, 0.8, 0.4, 0.6]), two, 2);
    const fused = finishFusion(fusion);
    expect(fused.classes[0]).toBe(1);
    expect(fused.probabilities[0]).toBeCloseTo((0.9 + 0.8 + 0.3) / 3, 6);
    expect(fused.disagreement?.[0]).toBeCloseTo(1 / 3, 6);
  });
});

describe('logit averaging', () => {
  it('fuses by the softmax of the mean log-probabilities (the mean of the logits)', () => {
    const fusion = new EnsembleFusion(1, 2, 'logit-average');
    const two = [1, 2];
    fusion.add(0, [0], Float32Array.from([0.9, 0.1]), two, 1);
    fusion.add(1, [0], Float32Array.from([0.2, 0.8]), two, 1);
    const fused = finishFusion(fusion);
    // Geometric means: sqrt(0.9 * 0.2) = 0.424, sqrt(0.1 * 0.8) = 0.283, normalised.
    const a = Math.sqrt(0.18);
    const b = Math.sqrt(0.08);
    expect(fused.probabilities[0]).toBeCloseTo(a / (a + b), 5);
    expect(fused.probabilities[1]).toBeCloseTo(b / (a + b), 5);
    expect(fused.classes[0]).toBe(1);
  });
});

describe('mode filter', () => {
  it('removes an isolated cell, keeps ties and edges, and leaves no data alone', () => {
    // prettier-ignore
    const grid = Uint8Array.from([
      1, 1, 1, 2,
      1, 3, 1, 2,
      1, 1, 0, 2,
      4, 4, 2, 2,
    ]);
    const out = modeFilter(grid, 4, 4);
    expect(out[5]).toBe(1); // the lone 3 joins its neighbours
    expect(out[10]).toBe(0); // no data stays
    expect(out[3]).toBe(2); // corner: 2,2 / 1,1 tie -> keeps its own class
    expect(out[12]).toBe(4); // corner: 4,4 / 1,1 tie -> keeps its own
    expect(Array.from(out)).toEqual([1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 0, 2, 4, 4, 2, 2]);
  });
});
