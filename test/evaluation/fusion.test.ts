// The training side's ensemble fusion (scores.ts), checked against a hand computation.
import { describe, expect, it } from 'vitest';
import { fuse } from '../../src/main/evaluation/scores';

// Member A: 0.5 on LCZ 1, the rest shared by the 16 others. Member B: 0.125 on LCZ 1, 0.375 on LCZ 2, the rest
// shared by the 15 others.
const A = [0.5, ...new Array<number>(16).fill(0.5 / 16)];
const B = [0.125, 0.375, ...new Array<number>(15).fill(0.5 / 15)];
// A second row where both members agree: any fusion gives it back.
const C = [0.05, 0.05, 0.7, ...new Array<number>(14).fill(0.2 / 14)];

describe('fusion of members', () => {
  it('logit-average: the normalised geometric mean of the probabilities', () => {
    // By hand: sqrt(0.5 x 0.125) = 0.25; sqrt(0.03125 x 0.375) = 0.1082532; sqrt(0.03125 / 30) = 0.0322749 (x 15);
    // sum 0.8423761; so 0.25 / 0.8423761 = 0.2967796, 0.1082532 / 0.8423761 = 0.1285093, 0.0322749 / 0.8423761 = 0.0383141.
    const fused = fuse([Float32Array.from([...A, ...C]), Float32Array.from([...B, ...C])], 'logit-average');
    expect(fused[0]).toBeCloseTo(0.2967796, 6);
    expect(fused[1]).toBeCloseTo(0.1285093, 6);
    for (let c = 2; c < 17; c++) expect(fused[c]).toBeCloseTo(0.0383141, 6);
    for (let c = 0; c < 17; c++) expect(fused[17 + c]).toBeCloseTo(C[c]!, 6);
  });

  it('sum rule: the mean of the probabilities', () => {
    const fused = fuse([Float32Array.from(A), Float32Array.from(B)], 'sum-rule');
    // (0.5 + 0.125) / 2; (0.03125 + 0.375) / 2; (0.03125 + 0.0333333) / 2.
    expect(fused[0]).toBeCloseTo(0.3125, 6);
    expect(fused[1]).toBeCloseTo(0.203125, 6);
    expect(fused[2]).toBeCloseTo(0.0322917, 6);
  });
});
